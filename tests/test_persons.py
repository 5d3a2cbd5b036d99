"""The corpus personography tei/persons.xml: valid TEI, well-formed entries, and the facts the
encoder relies on (who held which office when, which irregular name forms point to whom)."""

from __future__ import annotations

import calendar
import re
from datetime import date
from pathlib import Path

import pytest
from lxml import etree

from conftest import DEV, REPO, SEEDS

PERSONS = REPO / "tei" / "persons.xml"
TEI_NS = "http://www.tei-c.org/ns/1.0"
NS = {"tei": TEI_NS}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]*$")
ID_FORM = re.compile(r"^[a-z]+(?:-[a-z]+)+$")  # surname-forename, lowercase ASCII
MONTHS = {m: i for i, m in enumerate(calendar.month_name) if m}


@pytest.fixture(scope="module")
def tree() -> etree._ElementTree:
    return etree.parse(str(PERSONS))


@pytest.fixture(scope="module")
def persons(tree: etree._ElementTree) -> list[etree._Element]:
    return tree.findall(".//tei:standOff/tei:listPerson/tei:person", NS)


def _text(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())


def _bound(value: str, *, end: bool) -> date:
    """An ISO date of day, month or year precision as the first (or last) day it covers."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return date(*parts)
    year = parts[0]
    if len(parts) == 2:
        month = parts[1]
        return date(year, month, calendar.monthrange(year, month)[1] if end else 1)
    return date(year, 12, 31) if end else date(year, 1, 1)


def _holds(occ: etree._Element, on: date) -> bool:
    start, stop = occ.get("from"), occ.get("to")
    return (start is None or _bound(start, end=False) <= on) and (
        stop is None or on <= _bound(stop, end=True)
    )


def _holders(persons: list[etree._Element], office: str, on: date) -> list[str]:
    return sorted(
        {
            p.get(XML_ID)
            for p in persons
            for occ in p.findall("tei:occupation", NS)
            if _text(occ).lower() == office.lower() and _holds(occ, on)
        }
    )


def _surnames(person: etree._Element) -> list[str]:
    return [_text(s) for s in person.findall("tei:persName[@type='full']/tei:surname", NS)]


def _by_variant(persons: list[etree._Element]) -> dict[str, str]:
    return {
        _text(v): p.get(XML_ID)
        for p in persons
        for v in p.findall("tei:persName[@type='variant']", NS)
    }


# ------------------------------------------------------------------------------ validity


def test_valid_against_tei_all(tree: etree._ElementTree, tei_all_path: Path) -> None:
    schema = etree.RelaxNG(etree.parse(str(tei_all_path)))
    assert schema.validate(tree), str(schema.error_log)


def test_root_and_prefix_definition(tree: etree._ElementTree) -> None:
    root = tree.getroot()
    assert root.tag == f"{{{TEI_NS}}}TEI" and root.get(XML_ID) == "persons"
    prefix = root.find(".//tei:encodingDesc/tei:listPrefixDef/tei:prefixDef[@ident='frus']", NS)
    assert prefix is not None
    uri = re.sub(
        prefix.get("matchPattern"), prefix.get("replacementPattern").replace("$1", r"\1"), "d204"
    )
    assert uri == "https://history.state.gov/historicaldocuments/frus1961-63v11/d204"


# ------------------------------------------------------------------------------ entries


def test_broad_coverage(persons: list[etree._Element]) -> None:
    assert len(persons) >= 100


def test_ids_unique_ncnames_and_surname_forename(persons: list[etree._Element]) -> None:
    ids = [p.get(XML_ID) for p in persons]
    assert all(i and NCNAME.match(i) and ID_FORM.match(i) for i in ids), [
        i for i in ids if not (i and ID_FORM.match(i))
    ]
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert not duplicates


def test_every_person_has_full_name_with_surname(persons: list[etree._Element]) -> None:
    for p in persons:
        full = p.findall("tei:persName[@type='full']", NS)
        assert len(full) == 1, p.get(XML_ID)
        assert any(_surnames(p)) and all(_surnames(p)), p.get(XML_ID)
        assert all(n.get("type") in {"full", "variant"} for n in p.findall("tei:persName", NS))


def test_every_person_has_a_dated_occupation(persons: list[etree._Element]) -> None:
    for p in persons:
        occs = p.findall("tei:occupation", NS)
        assert any(o.get("from") or o.get("to") for o in occs), p.get(XML_ID)
        for o in occs:
            assert _text(o), p.get(XML_ID)
            if o.get("from") and o.get("to"):
                assert _bound(o.get("from"), end=False) <= _bound(o.get("to"), end=True), p.get(
                    XML_ID
                )


def test_no_two_persons_share_a_variant(persons: list[etree._Element]) -> None:
    seen: dict[str, str] = {}
    for p in persons:
        for v in p.findall("tei:persName[@type='variant']", NS):
            key = _text(v).lower()
            assert key not in seen or seen[key] == p.get(XML_ID), (
                key,
                seen.get(key),
                p.get(XML_ID),
            )
            seen[key] = p.get(XML_ID)


def test_variants_do_not_shadow_other_persons_names(persons: list[etree._Element]) -> None:
    """A variant must not be another person's surname or full name (the encoder derives those)."""
    owner: dict[str, set[str]] = {}
    for p in persons:
        names = [*_surnames(p), _text(p.find("tei:persName[@type='full']", NS))]
        for n in names:
            owner.setdefault(n.lower(), set()).add(p.get(XML_ID))
    for p in persons:
        for v in p.findall("tei:persName[@type='variant']", NS):
            others = owner.get(_text(v).lower(), set()) - {p.get(XML_ID)}
            assert not others, (_text(v), p.get(XML_ID), others)


# ------------------------------------------------------------------------------ facts


@pytest.mark.parametrize(
    ("office", "on", "expected"),
    [
        ("Under Secretary of State", date(1962, 11, 9), "ball-george"),
        ("Permanent Representative to the United Nations", date(1962, 11, 9), "stevenson-adlai"),
        ("Representative to the United Nations", date(1962, 10, 25), "stevenson-adlai"),
        ("President", date(1962, 10, 22), "kennedy-john"),
        ("President", date(1963, 12, 1), "johnson-lyndon"),
        ("Secretary of State", date(1962, 10, 16), "rusk-dean"),
        ("Secretary of Defense", date(1962, 10, 2), "mcnamara-robert"),
        ("Attorney General", date(1962, 10, 20), "kennedy-robert"),
        ("Director of Central Intelligence", date(1962, 10, 23), "mccone-john"),
        ("Chairman of the Joint Chiefs of Staff", date(1962, 9, 15), "lemnitzer-lyman"),
        ("Chairman of the Joint Chiefs of Staff", date(1962, 10, 2), "taylor-maxwell"),
        (
            "President's Special Assistant for National Security Affairs",
            date(1962, 11, 24),
            "bundy-mcgeorge",
        ),
        (
            "Deputy Under Secretary of State for Political Affairs",
            date(1962, 11, 8),
            "johnson-alexis",
        ),
        ("Acting Secretary-General of the United Nations", date(1962, 10, 28), "thant-u"),
        ("Secretary-General of the United Nations", date(1962, 12, 28), "thant-u"),
        (
            "Chairman of the Council of Ministers of the USSR",
            date(1962, 10, 26),
            "khrushchev-nikita",
        ),
        (
            "First Deputy Chairman of the Council of Ministers of the USSR",
            date(1962, 11, 29),
            "mikoyan-anastas",
        ),
        ("First Deputy Foreign Minister of the USSR", date(1962, 11, 23), "kuznetsov-vasily"),
        ("Soviet Ambassador to the United States", date(1962, 10, 27), "dobrynin-anatoly"),
        ("Prime Minister of Cuba", date(1962, 10, 27), "castro-fidel"),
        ("Ambassador at Large", date(1962, 11, 29), "thompson-llewellyn"),
    ],
)
def test_office_holder(persons: list[etree._Element], office: str, on: date, expected: str) -> None:
    assert _holders(persons, office, on) == [expected]


@pytest.mark.parametrize(
    "office",
    [
        "President",
        "Attorney General",
        "Secretary of State",
        "Under Secretary of State",
        "Secretary of Defense",
        "Director of Central Intelligence",
        "Chairman of the Joint Chiefs of Staff",
        "Permanent Representative to the United Nations",
        "Chairman of the Council of Ministers of the USSR",
    ],
)
def test_single_holder_throughout_the_crisis_and_aftermath(
    persons: list[etree._Element], office: str
) -> None:
    for year, month in [(1962, m) for m in range(10, 13)] + [(1963, m) for m in range(1, 13)]:
        for day in (1, 15):
            on = date(year, month, day)
            assert len(_holders(persons, office, on)) == 1, (office, on)


@pytest.mark.parametrize(
    ("variant", "expected"),
    [
        ("K", "khrushchev-nikita"),
        ("Mr. K", "khrushchev-nikita"),
        ("Krushchev", "khrushchev-nikita"),
        ("McG. B.", "bundy-mcgeorge"),
        ("Bobby", "kennedy-robert"),
        ("Kuznetzov", "kuznetsov-vasily"),
        ("Vino-Gradov", "vinogradov-yuriy"),
        ("Alexis Johnson", "johnson-alexis"),
        ("Jack McCloy", "mccloy-john"),
        ("Feklisov", "fomin-aleksandr"),
    ],
)
def test_irregular_name_forms(persons: list[etree._Element], variant: str, expected: str) -> None:
    assert _by_variant(persons).get(variant) == expected


# ------------------------------------------------------------------- titles of the samples

_WORD = r"(?:[A-Z][\w'-]*|of|the|for|to|and)"
# "the Under Secretary of State (Ball)": an office in title case, then the holder's surname.
TITLE_OFFICE = re.compile(rf"\bthe ({_WORD}(?: {_WORD})*) \(([A-Z][\w'-]+)\)")
DATE = re.compile(r"\b(" + "|".join(MONTHS) + r") (\d{1,2}), (\d{4})\b")


def _sample_titles() -> list[tuple[str, str, str, date]]:
    found = []
    for path in sorted([*SEEDS.glob("*.txt"), *DEV.glob("*.txt")]):
        lines = [
            ln.strip() for ln in path.read_text(encoding="utf-8", errors="replace").splitlines()
        ]
        lines = [ln for ln in lines if ln]
        if len(lines) < 3:
            continue
        title, dateline = lines[1], lines[2]
        m = DATE.search(dateline)
        if not m:
            continue
        on = date(int(m.group(3)), MONTHS[m.group(1)], int(m.group(2)))
        for office, surname in TITLE_OFFICE.findall(title):
            found.append((path.name, office, surname, on))
    return found


def test_sample_titles_resolve_to_office_holders(persons: list[etree._Element]) -> None:
    """'the Under Secretary of State (Ball)' in a title names the person who held that office."""
    cases = _sample_titles()
    if not cases:
        pytest.skip("no sample documents found")
    surnames = {p.get(XML_ID): _surnames(p) for p in persons}
    for name, office, surname, on in cases:
        holders = [h for h in _holders(persons, office, on) if surname in surnames[h]]
        assert len(holders) == 1, (name, office, surname, on.isoformat())
