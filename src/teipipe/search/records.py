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

from lxml import etree

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


#: Documents per run of tei-to-search.xsl: it reads the personography once a run, and a run's
#: documents are in memory together.
CHUNK = 256


def read_record(document: Path, persons: Path | None = None) -> SearchRecord:
    """The search record of TEI `document`, its people named as in `persons` too (if given)."""
    return read_records([document], persons)[0]


def read_records(documents: Sequence[Path], persons: Path | None = None) -> list[SearchRecord]:
    """Records of `documents`, in stem order so that every index made from them is reproducible.
    Their people are named as in `persons` too, when it is given."""
    registry = persons.resolve().as_uri() if persons is not None and persons.exists() else ""
    records: list[SearchRecord] = []
    for start in range(0, len(documents), CHUNK):
        records += _read_run(documents[start : start + CHUNK], registry)
    return sorted(records, key=lambda r: r.stem)


def _read_run(documents: Sequence[Path], registry: str) -> list[SearchRecord]:
    """The records of `documents` from one run of tei-to-search.xsl over a corpus holding them
    all (the personography read once), and each one's text from tei-to-text.xsl."""
    corpus = etree.Element("corpus")
    if registry:
        corpus.set("personography", registry)
    texts = []
    for document in documents:
        doc = xslt.parse(document)
        texts.append(xslt.to_bytes(xslt.apply(STYLESHEET["text"], doc)).decode("utf-8"))
        etree.SubElement(corpus, "doc", stem=document.stem).append(doc.getroot())
    found = xslt.apply("tei-to-search.xsl", corpus.getroottree()).getroot()
    records = [] if found is None else found.findall("record")
    if len(records) != len(documents):  # a file without a TEI root element has no record
        raise xslt.TransformError(
            f"tei-to-search.xsl: {len(records)} records for {len(documents)} documents; "
            "each must be a TEI document")
    return [_record(root, text) for root, text in zip(records, texts, strict=True)]


def _record(root: etree._Element, text: str) -> SearchRecord:
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


_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lowercase without diacritics ('Dorticós' -> 'dorticos'), as search.js folds queries.
    Only the non-ASCII runs are looked at character by character (no ASCII character is a
    mark), which is where a document's folding spent its time."""
    decomposed = unicodedata.normalize("NFKD", text)
    return _NON_ASCII.sub(_without_marks, decomposed).lower()


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _without_marks(run: re.Match[str]) -> str:
    return "".join(ch for ch in run[0] if not unicodedata.category(ch).startswith("M"))


def words(text: str) -> list[str]:
    """The folded words of `text`: runs of letters and digits."""
    return _WORD.findall(fold(text))
