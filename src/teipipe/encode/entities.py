"""Names, places and dates in running text, marked only where recognised with confidence.

Persons: full names of the personography, and surnames that name exactly one person (of the
document first, else of the personography). Places: the places table. Dates: `October 27`,
`Oct 25`, `November 20, 1962`, `October 1962`; a date without a year takes the document's
year when that puts it within half a year of the document's date, and is left alone otherwise.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache, lru_cache
from itertools import accumulate

from teipipe.encode.dates import MONTHS, place_names
from teipipe.encode.model import DateMention, Editorial, Inline, Name, Organization, Place
from teipipe.encode.people import Personography, Resolver
from teipipe.encode.vocabulary import vocabulary

_ABBREVIATED = {name[:3]: number for name, number in MONTHS.items()} | {"Sept": 9}
_POSSESSIVES = ("'s", "’s", "'", "’")
_MONTH = "|".join([*MONTHS, *(rf"{a}\.?" for a in _ABBREVIATED)])
_DATE = (
    rf"\b(?P<month>{_MONTH}) (?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)"
    rf"(?:, (?P<year>1[89]\d\d))?|(?P<myear>1[89]\d\d))\b"
)


# A run of capitalised words (with the particles of names and places), where names may stand.
# A word may hold single hyphens (Smith-Jones) but ends at "--", the typed dash of the
# transcripts ("them--Stevenson and McCloy"), which also ends the word before it.
_WORD = rf"(?!(?:{_MONTH}) \d)[A-Z](?:[\w'’]|-(?!-))*\.?"  # a month before a day: a date
_RUN = rf"(?<![\w.])(?<!(?<!-)-)(?P<run>{_WORD}(?: (?:{_WORD}|de|da|von|van|la|of|the))*)"
# Both start with a capital: the lookahead lets the engine skip every other position fast.
_MENTION = re.compile(rf"(?=[A-Z])(?:{_DATE}|{_RUN})")


class EntityMarker:
    """Marks one document's running text; built once the document's persons are known."""

    def __init__(self, resolver: Resolver, document_date: str | None) -> None:
        self.resolver = resolver
        self.names = resolver.mentionable()
        self.places, self.organizations = _places(), _organizations()
        self.today = _as_date(document_date)
        self._runs: dict[str, list[tuple[int, int, Inline]]] = {}
        authority = resolver.authority
        known = _authority_first_words(authority) if authority is not None else frozenset()
        own = self.names.keys() - (authority.mentionable.keys() if authority else set())
        self.first_words = known | _static_first_words() | _first_words(tuple(own))

    def mark(self, content: list[Inline]) -> list[Inline]:
        out: list[Inline] = []
        for node in content:
            if isinstance(node, str):
                out.extend(self._split(node))
            elif isinstance(node, Editorial):
                out.append(Editorial(self.mark(node.content)))
            else:
                out.append(node)
        return out

    def _split(self, text: str) -> list[Inline]:
        out: list[Inline] = []
        pos = 0
        for match in _MENTION.finditer(text):
            if match["run"]:
                found = self._names_in(match["run"], match.start())
            else:
                when = self._when(match)
                found = [(match.start(), match.end(), DateMention(match[0], when))] if when else []
            for start, end, node in found:
                if start > pos:
                    out.append(text[pos:start])
                out.append(node)
                pos = end
        if pos < len(text):
            out.append(text[pos:])
        return out

    def _names_in(self, run: str, offset: int) -> list[tuple[int, int, Inline]]:
        """The longest known names and places in a run of capitalised words, left to right."""
        if " " not in run and _bare(run) not in self.first_words:
            return []  # the common case: one capitalised word that starts no name
        found = self._runs.get(run)
        if found is None:  # runs recur within a document ("the Secretary", "Ambassador Dobrynin")
            found = self._runs[run] = self._names_in_run(run)
        return [(offset + start, offset + end, node) for start, end, node in found]

    def _names_in_run(self, run: str) -> list[tuple[int, int, Inline]]:
        words = run.split(" ")  # the words of a run are parted by single spaces (`_RUN`)
        starts = list(accumulate((len(word) + 1 for word in words), initial=0))
        found: list[tuple[int, int, Inline]] = []
        i = 0
        while i < len(words):
            if _bare(words[i]) not in self.first_words:
                i += 1
                continue
            start = starts[i]
            for j in range(len(words), i, -1):  # the longest name first
                node = self._known(run[start : starts[j] - 1])
                if node is not None:
                    found.append((start, start + len(node.text), node))
                    i = j
                    break
            else:
                i += 1
        return found

    def _known(self, candidate: str) -> Name | Place | Organization | None:
        """What the first of the candidate's `_forms` that is known names."""
        for form in _forms(candidate):
            node = self._lookup(form)
            if node is not None:
                return node
        return None

    def _lookup(self, candidate: str) -> Name | Place | Organization | None:
        target = self.names.get(candidate)
        if target is not None:
            return Name(candidate, self.resolver.mentioned(target).id)
        if candidate in self.places:
            return Place(candidate)
        if candidate in self.organizations:
            return Organization(candidate)
        return None

    def _when(self, match: re.Match[str]) -> str | None:
        month = _month_number(match["month"])
        if match["myear"]:
            return f"{match['myear']}-{month:02d}"
        year = int(match["year"]) if match["year"] else None
        if year is None:
            if self.today is None:
                return None
            year = self.today.year
        try:
            moment = date(year, month, int(match["day"]))
        except ValueError:
            return None
        if (
            match["year"] is None
            and self.today is not None
            and abs((moment - self.today).days) > 183
        ):
            return None  # the year is not the document's: not guessed
        return moment.isoformat()


def _forms(candidate: str) -> list[str]:
    """The candidate as written, without a sentence's final stop, without a possessive."""
    forms = [candidate, candidate.rstrip(".")]
    for possessive in _POSSESSIVES:
        if candidate.endswith(possessive):
            forms.append(candidate[: -len(possessive)])
    return forms


@cache
def _places() -> frozenset[str]:
    return frozenset(place_names())


@cache
def _organizations() -> frozenset[str]:
    return frozenset(vocabulary("organizations.txt"))


@cache
def _static_first_words() -> frozenset[str]:
    return _first_words(place_names()) | _first_words(vocabulary("organizations.txt"))


_BY_PERSONOGRAPHY: dict[str, frozenset[str]] = {}


def _authority_first_words(authority: Personography) -> frozenset[str]:
    """First words of the personography's names, once per personography (by its digest)."""
    if not authority.sha256:  # made in memory: no digest to know it by
        return _first_words(tuple(authority.mentionable))
    found = _BY_PERSONOGRAPHY.get(authority.sha256)
    if found is None:
        found = _BY_PERSONOGRAPHY[authority.sha256] = _first_words(tuple(authority.mentionable))
    return found


@lru_cache(maxsize=64)
def _first_words(forms: tuple[str, ...]) -> frozenset[str]:
    """First words of names: a run of capitalised words starting otherwise names nobody."""
    return frozenset(_bare(form.split()[0]) for form in forms)


def _bare(word: str) -> str:
    """A word without a final stop or possessive, for the quick first-word test (the shortest
    of its `_forms`)."""
    if word.endswith(_POSSESSIVES):  # rare: one test for all of them first
        for possessive in _POSSESSIVES:
            if word.endswith(possessive):
                return word[: -len(possessive)]
    return word.rstrip(".")


def _month_number(text: str) -> int:
    text = text.rstrip(".")
    return MONTHS.get(text) or _ABBREVIATED[text[:4] if text == "Sept" else text[:3]]


def _as_date(value: str | None) -> date | None:
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
