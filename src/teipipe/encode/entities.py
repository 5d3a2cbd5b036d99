"""Names, places and dates in running text, marked only where recognised with confidence.

Persons: full names of the personography, and surnames that name exactly one person (of the
document first, else of the personography). Places: the places table. Dates: `October 27`,
`Oct 25`, `November 20, 1962`, `October 1962`; a date without a year takes the document's
year when that puts it within half a year of the document's date, and is left alone otherwise.
"""

from __future__ import annotations

import re
from datetime import date

from teipipe.encode.dates import MONTHS, place_names
from teipipe.encode.model import DateMention, Editorial, Inline, Name, Place
from teipipe.encode.people import Resolver

_ABBREVIATED = {name[:3]: number for name, number in MONTHS.items()} | {"Sept": 9}
_MONTH = "|".join([*MONTHS, *(rf"{a}\.?" for a in _ABBREVIATED)])
_DATE = (
    rf"\b(?P<month>{_MONTH}) (?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)"
    rf"(?:, (?P<year>1[89]\d\d))?|(?P<myear>1[89]\d\d))\b"
)


class EntityMarker:
    """Marks one document's running text; built once the document's persons are known."""

    def __init__(self, resolver: Resolver, document_date: str | None) -> None:
        self.resolver = resolver
        self.names = resolver.mentionable()
        self.today = _as_date(document_date)
        alternatives = sorted({*self.names, *place_names()}, key=len, reverse=True)
        names = "|".join(re.escape(a) for a in alternatives)
        pattern = rf"{_DATE}|(?<![\w.-])(?P<name>{names})(?![\w-])" if names else _DATE
        self.pattern = re.compile(pattern)

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
        for match in self.pattern.finditer(text):
            node = self._node(match)
            if node is None:
                continue
            if match.start() > pos:
                out.append(text[pos : match.start()])
            out.append(node)
            pos = match.end()
        if pos < len(text):
            out.append(text[pos:])
        return out

    def _node(self, match: re.Match[str]) -> Inline | None:
        if match["name"]:
            found = self.names.get(match["name"])
            if found is not None:
                return Name(match["name"], self.resolver.mentioned(found).id)
            return Place(match["name"])
        when = self._when(match)
        return DateMention(match[0], when) if when else None

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
