"""People: the personography (data) and resolving what a document calls someone to a person.

A document names people in its title (`the Under Secretary of State (Ball)`, `President
Kennedy`), in participant lists, signatures and speaker labels (`AES`, `GB`, `Pres.`,
`Secretary`). We resolve with what the document itself says first (its title's persons, their
offices, initials of their full names), then with the personography: name forms, variants and
offices held on the document's date. Nothing is guessed: what stays ambiguous or unknown gets a
person of its own, marked as not from the authority list.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from lxml import etree

from teipipe import TEI_NS, XML_NS
from teipipe.encode.model import Person
from teipipe.encode.vocabulary import alternatives, vocabulary
from teipipe.files import Refused

_T = f"{{{TEI_NS}}}"

HONORIFICS = vocabulary("honorifics.txt")
ABBREVIATIONS = dict(row.split("\t") for row in vocabulary("abbreviations.tsv"))
# Words that head an office in a title ("the Permanent Representative to the United Nations").
OFFICE_HEADS = frozenset(vocabulary("office-heads.txt"))
_INITIAL = re.compile(r"^[A-Z][a-z]?\.$")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Compare names without case, accents, dots or extra spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.replace(".", ". ").replace("’", "'").lower().replace(".", "").split())


def slug(text: str) -> str:
    folded = fold(text)
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "person"


@dataclass(frozen=True)
class Occupation:
    text: str
    start: str | None
    end: str | None

    def active(self, date: str | None) -> bool:
        if not date:
            return True
        day = date[:10]
        return (self.start is None or self.start[: len(day)] <= day) and (
            self.end is None or day <= self.end + "~"
        )


@dataclass
class Record:
    """One person of the personography."""

    id: str
    full: str
    forenames: list[str]
    surname: str
    variants: list[str]
    occupations: list[Occupation]

    def initials(self) -> set[str]:
        """`AES` and `AS` for Adlai E. Stevenson; `GWB`, `GB` for George W. Ball."""
        parts = [p for p in [*self.forenames, *self.surname.split()] if p[:1].isalpha()]
        if len(parts) < 2:
            return set()
        every = "".join(p[0] for p in parts).upper()
        return {every, (parts[0][0] + parts[-1][0]).upper()}

    @cached_property
    def name_keys(self) -> frozenset[str]:
        """Every name form of the person, folded for comparison."""
        return frozenset(self.names())

    def names(self) -> set[str]:
        forms = {self.full, self.surname, " ".join([*self.forenames, self.surname]), *self.variants}
        if self.forenames:
            forms.add(f"{self.forenames[0]} {self.surname}")
        return {fold(f) for f in forms if f}

    def occupation_on(self, date: str | None) -> str | None:
        active = [o for o in self.occupations if o.active(date)]
        return (active or self.occupations or [Occupation("", None, None)])[0].text or None


@dataclass
class Personography:
    records: list[Record]
    prefixes: list[tuple[str, str, str, str]] = field(default_factory=list)
    sha256: str = ""

    @cached_property
    def _index(self) -> dict[str, list[Record]]:
        index: dict[str, list[Record]] = {}
        for record in self.records:
            for key in record.name_keys:
                index.setdefault(key, []).append(record)
        return index

    @cached_property
    def mentionable(self) -> dict[str, Record]:
        """Full names, and surnames that only one person bears (see Resolver.mentionable)."""
        forms: dict[str, Record] = {}
        ambiguous: set[str] = set()
        surnames: dict[str, list[Record]] = {}
        for record in self.records:
            surnames.setdefault(record.surname, []).append(record)
            candidates = [record.full]
            if record.forenames:
                candidates.append(f"{record.forenames[0]} {record.surname}")
            for form in candidates:
                if form in forms and forms[form].id != record.id:
                    ambiguous.add(form)
                forms.setdefault(form, record)
        for surname, records in surnames.items():
            if len(records) == 1 and surname not in forms:
                forms[surname] = records[0]
            elif len(records) > 1:
                ambiguous.add(surname)
        return {form: r for form, r in forms.items() if form not in ambiguous and len(form) >= 3}

    @cached_property
    def _initials(self) -> dict[str, list[Record]]:
        index: dict[str, list[Record]] = {}
        for record in self.records:
            for initials in record.initials():
                index.setdefault(initials, []).append(record)
        return index

    def by_initials(self, initials: str) -> list[Record]:
        return list(self._initials.get(initials, ()))

    def by_name(self, name: str, date: str | None) -> list[Record]:
        return _prefer_active(list(self._index.get(fold(name), ())), date)

    def by_office(self, office: str, date: str | None) -> list[Record]:
        found = [
            r
            for r in self.records
            if any(office_matches(office, o.text) and o.active(date) for o in r.occupations)
        ]
        exact = [r for r in found if any(fold(o.text) == fold(office) for o in r.occupations)]
        return exact or found


def _prefer_active(records: list[Record], date: str | None) -> list[Record]:
    if len(records) > 1 and date:
        active = [r for r in records if any(o.active(date) for o in r.occupations)]
        return active or records
    return records


def _text(element: etree._Element) -> str:
    """An element's text with white space normalised."""
    return " ".join("".join(str(t) for t in element.itertext()).split())


class PersonographyError(Exception):
    """The personography cannot be read; the message names its file, line and column, so
    that a typo in tei/persons.xml is found without a traceback."""


def load_personography(path: Path) -> Personography:
    """Read a TEI personography: `listPerson/person` with persName, occupation; prefixDefs.

    Raises `PersonographyError` when the file cannot be read or is not well-formed XML.
    """
    import hashlib

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PersonographyError(
            str(Refused(path, f"cannot read the personography: {exc.strerror or exc}"))
        ) from None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        raise PersonographyError(str(Refused.syntax(path, exc))) from None
    records = []
    for person in root.iter(f"{_T}person"):
        pid = person.get(f"{{{XML_NS}}}id")
        full_el = person.find(f"{_T}persName[@type='full']")
        if full_el is None:
            full_el = person.find(f"{_T}persName")
        if pid is None or full_el is None:
            continue
        full = _text(full_el)
        forenames = [_text(f) for f in full_el.iter(f"{_T}forename")]
        surname_el = full_el.find(f".//{_T}surname")
        surname = _text(surname_el) if surname_el is not None else full.split()[-1]
        variants = [_text(v) for v in person.findall(f"{_T}persName") if v is not full_el]
        occupations = [
            Occupation(_text(o), o.get("from"), o.get("to"))
            for o in person.findall(f"{_T}occupation")
        ]
        records.append(Record(pid, full, forenames, surname, variants, occupations))
    prefixes = []
    for prefix in root.iter(f"{_T}prefixDef"):
        doc = _text(prefix)
        prefixes.append(
            (
                prefix.get("ident", ""),
                prefix.get("matchPattern", ""),
                prefix.get("replacementPattern", ""),
                doc,
            )
        )
    return Personography(records, prefixes, hashlib.sha256(raw).hexdigest())


@lru_cache(maxsize=65536)
def expand(label: str) -> str:
    """`Pres.` to `President`, `Sec.` to `Secretary`; other words unchanged."""
    words = []
    for word in label.split():
        key = word.rstrip(".").lower()
        words.append(
            ABBREVIATIONS.get(key, word) if word.endswith(".") or key in ("vp", "ag") else word
        )
    return " ".join(words)


@lru_cache(maxsize=65536)
def office_matches(label: str, office: str) -> bool:
    """`Secretary` names `Secretary of State` but not `Under Secretary of State`."""
    label, office = fold(expand(label)), fold(office)
    office = re.sub(r"^(the|acting) ", "", office)
    if not label:
        return False
    return office == label or any(office.startswith(f"{label} {w} ") for w in ("of", "to", "for"))


_COURTESY = frozenset(fold(t) for t in vocabulary("courtesy-titles.txt"))
_TITLES = "|".join(re.escape(t) for t in sorted(HONORIFICS, key=len, reverse=True))
_HONORIFIC = re.compile(rf"(?:{_TITLES})\.?\s+(?=[A-Z])")


@lru_cache(maxsize=65536)
def office_of(name: str) -> str | None:
    """The office a name is written with (`Attorney General` in `Attorney General Kennedy`).

    Courtesy titles and ranks (`Mr.`, `General`, `Ambassador`, `Governor`) say nothing about
    who holds which office today, so they give None.
    """
    text = re.sub(r"^the\s+", "", expand(name).strip(), flags=re.IGNORECASE)
    match = _HONORIFIC.match(text)
    if not match:
        return None
    title = text[: match.end()].strip().rstrip(".")
    return None if fold(title) in _COURTESY else title


@lru_cache(maxsize=65536)
def strip_honorific(name: str) -> str:
    """`Mr. Rusk` to `Rusk`, `Ambassador Llewellyn Thompson` to `Llewellyn Thompson`."""
    text = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
    match = _HONORIFIC.match(text)
    return text[match.end() :] if match else text


class Resolver:
    """The persons of one document, built up as the reader meets them."""

    def __init__(self, authority: Personography | None, date: str | None) -> None:
        self.authority = authority
        self.date = date
        self.persons: list[Person] = []
        self._records: dict[str, Record] = {}
        self._name_keys: dict[str, frozenset[str]] = {}  # person id -> `_names_of`

    # -- adding ----------------------------------------------------------------------------

    def _add(self, record: Record | None, written: str, occupation: str | None) -> Person:
        if record is not None:
            for person in self.persons:
                if person.id == record.id:
                    if occupation and not person.occupation:
                        person.occupation = occupation
                    return person
            person = Person(
                record.id, record.full, occupation or record.occupation_on(self.date), True
            )
            self._records[record.id] = record
        else:
            base = "p-" + slug(written)
            ids = {p.id for p in self.persons}
            pid, n = base, 2
            while pid in ids:
                pid, n = f"{base}-{n}", n + 1
            person = Person(pid, written, occupation, False)
        self.persons.append(person)
        return person

    def named(self, written: str, occupation: str | None = None) -> Person:
        """A person the document names (title, participants, signature): always a person."""
        found = self.known_named(written, occupation)
        return found if found is not None else self._add(None, written, occupation)

    def known_named(self, written: str, occupation: str | None = None) -> Person | None:
        """The person `written` names when the document or the personography knows them."""
        found = self.find_named(written, occupation)
        if found is not None:
            return found
        records = self._authority_by_name(written, occupation)
        return self._add(records[0], written, occupation) if len(records) == 1 else None

    def find_named(self, written: str, occupation: str | None = None) -> Person | None:
        """A person of the document by a name form, or by the surname of a fuller name when
        exactly one person of the document has it ("Nikita Khrushchev" signs for the
        "Chairman Khrushchev" of the title)."""
        key = fold(strip_honorific(written))
        office = occupation or office_of(written)
        persons = [p for p in self.persons if self._may_hold(p, office)]
        for person in persons:
            if key in self._names_of(person):
                return person
        words = key.split()
        if len(words) > 1:
            same = [p for p in persons if fold(self._surname(p)) == words[-1]]
            if len(same) == 1:
                return same[0]
        return None

    def _may_hold(self, person: Person, office: str | None) -> bool:
        """False only when the person is known to hold other offices than `office` (a
        President Kennedy is not the Attorney General Kennedy)."""
        if office is None:
            return True
        held = [o.text for o in self._record_occupations(person) if o.active(self.date)]
        held += [person.occupation] if person.occupation else []
        return not held or any(_holds(office, h) for h in held)

    def _authority_by_name(self, written: str, occupation: str | None) -> list[Record]:
        if self.authority is None:
            return []
        bare = strip_honorific(written)
        records = self.authority.by_name(bare, self.date)
        if not records:
            records = self._by_surname(bare)
        if len(records) > 1 and occupation:
            fitting = [
                r
                for r in records
                if any(_similar_office(occupation, o.text) for o in r.occupations)
            ]
            records = fitting or records
        if not records:  # "The President": an office, not a name
            office = occupation or bare
            records = self.authority.by_office(expand(office), self.date)
        if not records and len(bare.split()) > 1:  # "Foreign Minister Gromyko"
            records = self.authority.by_name(bare.split()[-1], self.date)
        return records

    def _by_surname(self, written: str) -> list[Record]:
        """`E.S. Glenn` or `Llewellyn Thompson`: surname plus initials that fit the forenames."""
        assert self.authority is not None
        words = written.replace(".", ". ").split()
        if len(words) < 2:
            return []
        surname = fold(words[-1])
        given = [fold(w)[:1] for w in words[:-1]]
        found = []
        for record in self.authority.records:
            if surname != fold(record.surname) and surname not in {
                fold(v) for v in record.variants
            }:
                continue
            initials = [fold(f)[:1] for f in record.forenames]
            if initials[: len(given)] == given or (given and initials[:1] == given[:1]):
                found.append(record)
        return _prefer_active(found, self.date)

    def mentionable(self) -> dict[str, Record | Person]:
        """Name forms safe to mark in running text, to the person or record they name.

        Full names always; a surname only when it names one person of the document, or,
        failing that, one person of the personography. Variants and initials are left out:
        `K` or `Bob` in running text are not names with confidence.
        """
        forms: dict[str, Record | Person] = (
            dict(self.authority.mentionable) if self.authority else {}
        )
        for person in self.persons:  # the document's own persons win their surnames
            surname = self._surname(person)
            if " " not in surname and surname[:1].isupper():
                same = [p for p in self.persons if self._surname(p) == surname]
                if len(same) == 1:
                    forms[surname] = person
        return forms

    def _surname(self, person: Person) -> str:
        record = self._records.get(person.id)
        return record.surname if record is not None else strip_honorific(person.name)

    def mentioned(self, target: Record | Person) -> Person:
        """The document's person for a mention, adding the personography's entry if needed."""
        if isinstance(target, Person):
            return target
        return self._add(target, target.full, None)

    # -- speaker labels --------------------------------------------------------------------

    def label(self, label: str) -> tuple[Person, bool]:
        """The person a speaker label stands for, and whether it was resolved."""
        person = self._label_in_document(label)
        if person is None and self.authority is not None:
            records = self._authority_by_label(label)
            if len(records) == 1:
                person = self._add(records[0], label, None)
        resolved = person is not None
        if person is None:
            person = next((p for p in self.persons if label in p.labels and not p.authority), None)
            if person is None:
                person = self._add(None, label, None)
        if label not in person.labels:
            person.labels.append(label)
        return person, resolved

    def knows(self, label: str) -> bool:
        """Whether `label` resolves to a person, without adding anyone."""
        if self._label_in_document(label) is not None:
            return True
        if self.authority is None:
            return False
        return len(self._authority_by_label(label)) == 1

    def knows_in_document(self, label: str) -> bool:
        """Whether `label` names one of the persons the document has named so far."""
        return self._label_in_document(label) is not None

    def _authority_by_label(self, label: str) -> list[Record]:
        """Personography entries a label may name: name forms, then initials, then offices."""
        assert self.authority is not None
        bare = strip_honorific(expand(label))
        records = self.authority.by_name(bare, self.date) or self._by_surname(bare)
        office = office_of(label)
        if len(records) > 1 and office is not None:
            records = [
                r
                for r in records
                if any(_holds(office, o.text) for o in r.occupations if o.active(self.date))
            ]
        compact = label.replace(".", "").replace(" ", "")
        if not records and len(compact) >= 3 and compact.isupper():  # RFK, LBJ
            records = _prefer_active(self.authority.by_initials(compact), self.date)
        return records or self.authority.by_office(expand(label), self.date)

    def _label_in_document(self, label: str) -> Person | None:
        key = fold(strip_honorific(expand(label)))
        compact = label.replace(".", "").replace(" ", "").upper()
        office = office_of(label)
        by_name = [
            p
            for p in self.persons
            if (key in self._names_of(p) and self._may_hold(p, office)) or label in p.labels
        ]
        if len(by_name) == 1:
            return by_name[0]
        by_initials = [p for p in self.persons if compact in self._initials_of(p)]
        if len(by_initials) == 1:
            return by_initials[0]
        by_office = [
            p
            for p in self.persons
            if (p.occupation and office_matches(label, p.occupation))
            or any(
                office_matches(label, o.text) and o.active(self.date)
                for o in self._record_occupations(p)
            )
        ]
        if len(by_office) == 1:
            return by_office[0]
        return None

    def _names_of(self, person: Person) -> frozenset[str]:
        """The person's name forms, folded (once per person: every speaker label of a
        transcript is compared with every person of the document)."""
        names = self._name_keys.get(person.id)
        if names is None:
            names = self._name_keys[person.id] = frozenset(self._name_forms(person))
        return names

    def _name_forms(self, person: Person) -> set[str]:
        record = self._records.get(person.id)
        names = {fold(person.name), fold(person.name.split()[-1]) if person.name.split() else ""}
        names |= {fold(strip_honorific(person.name))}
        if record is not None:
            names |= record.name_keys
        return names - {""}

    def _initials_of(self, person: Person) -> set[str]:
        """`AES`, `AS` for Adlai E. Stevenson; and the surname's initial alone (`R` for Rusk):
        a one-letter label names a person only when one person of the document has it."""
        record = self._records.get(person.id)
        initials = record.initials() if record is not None else set()
        surname = fold(self._surname(person))
        return initials | ({surname[0].upper()} if surname[:1].isalpha() else set())

    def _record_occupations(self, person: Person) -> list[Occupation]:
        record = self._records.get(person.id)
        return record.occupations if record is not None else []


def _holds(office: str, occupation: str) -> bool:
    """Whether an occupation is the office a title names: `Secretary` is the Secretary of
    State, `President` the President, `Under Secretary` the Under Secretary of State."""
    return office_matches(office, occupation) or _similar_office(office, occupation)


def _similar_office(a: str, b: str) -> bool:
    a, b = fold(a), fold(b)
    a = re.sub(r"^(the|acting) ", "", a)
    b = re.sub(r"^(the|acting) ", "", b)
    return a == b or a in b or b in a


# --- persons named in a title ------------------------------------------------------------------

_PAREN_NAME = re.compile(r"\((?P<name>[A-Z][\w.'’ -]{0,40}?)\)")
_BOUNDARY = re.compile(
    r"\b(?:From|Between|Among|With|By|and|of Conversation|of Discussion)\s+|,\s*"
)
_OFFICE_NAME = re.compile(
    rf"\b(?P<office>(?:Vice |Acting )?(?:{alternatives('title-offices.txt')})) "
    r"(?P<name>(?:[A-Z]\. )*[A-Z][a-z]*[A-Z]?[a-z]+(?:[-'][A-Z]?[a-z]+)?)\b"
)


_OFFICE_WORDS = frozenset(vocabulary("office-words.txt"))


@dataclass(frozen=True)
class TitlePerson:
    start: int
    end: int
    name: str
    role: str | None


def title_persons(title: str) -> list[TitlePerson]:
    """Persons a title names: `the Under Secretary of State (Ball)`, `President Kennedy`."""
    found: list[TitlePerson] = []
    for match in _PAREN_NAME.finditer(title):
        role = _role_before(title[: match.start()])
        found.append(TitlePerson(match.start("name"), match.end("name"), match["name"], role))
    for match in _OFFICE_NAME.finditer(title):
        name = match["name"]
        if name in OFFICE_HEADS or name in _OFFICE_WORDS:
            continue
        if any(p.start <= match.start("name") < p.end for p in found):
            continue
        found.append(TitlePerson(match.start("name"), match.end("name"), name, match["office"]))
    return sorted(found, key=lambda p: p.start)


def _role_before(text: str) -> str | None:
    """The office just before `(Name)`: back to the nearest connector, `to` only when needed."""
    cut = 0
    for match in _BOUNDARY.finditer(text):
        cut = match.end()
    role = text[cut:].strip()
    parts = role.split(" to ")
    for i in range(len(parts) - 1, -1, -1):
        candidate = " to ".join(parts[i:])
        head = re.sub(r"^the\s+", "", candidate).split(" ")[0]
        if head in OFFICE_HEADS:
            role = candidate
            break
    role = re.sub(r"^the\s+", "", role).strip(" ,")
    return role or None
