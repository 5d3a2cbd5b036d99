"""Helpers for the transform and build tests: fixture paths, words of raw inputs and outputs."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from lxml import etree

from teipipe import TEI_NS

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures" / "transform"
TRANSCRIPT = FIXTURES / "004_616e472c30f512b7.xml"  # seed 004: sp, attachment, list, closer
TELEGRAM = FIXTURES / "000_03d16a86b0456ebe.xml"  # seed 000: opener, refs, editorial notes
MEETING = FIXTURES / "900_meeting.xml"  # participants, nested lists, letter, gap
PERSONS = FIXTURES / "persons.xml"
DOCUMENTS = (TELEGRAM, TRANSCRIPT, MEETING)
NS = {"tei": TEI_NS}

# Letters and digits apart, so "meeting1" (a footnote call set tight) reads as "meeting", "1"
# on every side of a comparison.
_TOKEN = re.compile(r"[^\W\d_]+|\d+")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def words(text: str) -> Counter[str]:
    return Counter(tokens(text))


def raw_reading_words(raw: Path) -> Counter[str]:
    """Words of a raw input that a reader must find: all but the collection line, the web
    footer, `Back` labels and footnote markers."""
    lines = raw.read_text(encoding="utf-8").splitlines()[1:]
    kept = [line for line in lines if not line.startswith("127 Wall Street")]
    text = "\n".join(kept)
    text = re.sub(r"(?m)\s+Back[ \t]*$", "", text)
    text = re.sub(r"(?<=\S)\(\d{1,3}\)", " ", text)
    return words(text)


def footnotes(tei: Path) -> list[etree._Element]:
    return list(etree.parse(str(tei)).iterfind(".//tei:text//tei:note[@place='foot']", NS))


def note_text(note: etree._Element) -> str:
    return " ".join(note.itertext())


def text_before(note: etree._Element, count: int = 3) -> list[str]:
    """The last `count` words the reader sees before a footnote's call (footnotes and the
    source note, which print moves to the foot of the page, left out)."""
    texts = note.xpath(
        "preceding::text()[not(ancestor::tei:note[@place='foot' or @type='source'])]"
        "[ancestor::tei:text]",
        namespaces=NS,
    )
    return tokens(" ".join(texts))[-count:]
