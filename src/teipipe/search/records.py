"""One document as the search indexes see it, read through the edition's own stylesheets.

Metadata comes from tei-to-search.xsl and the text from tei-to-text.xsl, so search finds a
document under the same title, date and words the reader sees in the HTML and text editions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from teipipe.transform import STYLESHEET, xslt


@dataclass(frozen=True)
class SearchRecord:
    """What is searched in one document. `date` is ISO (may be empty), `dateline` as written."""

    stem: str
    title: str
    date: str
    dateline: str
    kind: str
    people: tuple[str, ...]
    text: str


def read_record(document: Path, persons: Path | None = None) -> SearchRecord:
    """The search record of TEI `document`, its people named as in `persons` too (if given)."""
    doc = xslt.parse(document)
    registry = persons.resolve().as_uri() if persons is not None and persons.exists() else ""
    params = {"stem": document.stem, "personography": registry}
    root = xslt.apply("tei-to-search.xsl", doc, params).getroot()
    text = xslt.to_bytes(xslt.apply(STYLESHEET["text"], doc)).decode("utf-8")
    people = dict.fromkeys(person.text for person in root.iterfind("person") if person.text)
    return SearchRecord(
        stem=root.get("stem", ""),
        title=root.findtext("title", ""),
        date=root.get("date", ""),
        dateline=root.findtext("dateline", ""),
        kind=root.get("kind", ""),
        people=tuple(people),
        text=text,
    )


def read_records(documents: Sequence[Path], persons: Path | None = None) -> list[SearchRecord]:
    """Records of `documents`, in stem order so that every index made from them is reproducible."""
    return sorted((read_record(doc, persons) for doc in documents), key=lambda r: r.stem)


_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lowercase without diacritics ('Dorticós' -> 'dorticos'), as search.js folds queries."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.category(ch).startswith("M")).lower()


def words(text: str) -> list[str]:
    """The folded words of `text`: runs of letters and digits."""
    return _WORD.findall(fold(text))
