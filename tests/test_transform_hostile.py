"""Hostile text comes back exactly from every reading format: PDF, HTML, plain text and DC.

The PDF is the sharp case: its Typst markup is written by XSLT, and every character Typst reads
as syntax goes through the one escape template of tei-to-typst.xsl. A title, a paragraph per
line-start marker, a footnote and a 5,000-letter word, all of them hostile, must come back from
pdftotext as they were written, but for where print breaks the lines (a URL breaks at its
slashes), so the PDF's text is compared without its spaces and line ends.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree, html

from teipipe import TEI_NS
from teipipe.transform import render
from transform_support import NS, TELEGRAM

SPECIALS = ('\\ # $ * _ ` < > @ [ ] = - + / ~ " \' . ( ) ; : { } & % ^ | ! ? -- --- ... -? '
            '// /* */ \\u{41} \\#x #emph[x] *bold* _it_ $x^2$ <lab> @lab ~ https://example.org '
            '#import "@preview/cetz:0.3.0" #read("/etc/passwd") #{1+1} 1.5 a.b() x;y')
LINE_STARTS = ("= Heading?", "- item?", "+ item?", "/ term: desc", "1. first?", "12) twelfth",
               "#set page(width: 1cm)", "// not a comment", "`raw` text", "$ math $")
RTL = "שלום עולם مرحبا بالعالم"
TITLE = 'Telegram #1: <b> & "quotes" \\ [brackets] $5 *not bold* _not emph_ @ref = - + /'
WORD = "Ab" * 2500
NOTE = "A footnote with #strong[code] and $math$ and <label> and \\ and // too"
#: What pdftotext adds around right-to-left runs (the PDF holds none of it).
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e]")


def hostile_tei(folder: Path) -> Path:
    """The telegram fixture with a hostile title, paragraphs and footnote."""
    tree = etree.parse(str(TELEGRAM))
    tei = f"{{{TEI_NS}}}"
    title = tree.find(".//tei:titleStmt/tei:title[@type='main']", NS)
    assert title is not None
    title.text = TITLE
    first = tree.find(".//tei:body//tei:p", NS)
    assert first is not None
    for text in (SPECIALS, *LINE_STARTS, RTL, WORD):
        paragraph = etree.Element(f"{tei}p")
        paragraph.text = text
        first.addprevious(paragraph)
    paragraph = etree.Element(f"{tei}p")
    paragraph.text = "Called here"
    note = etree.SubElement(paragraph, f"{tei}note", place="foot", n="7")
    note.text = NOTE
    first.addprevious(paragraph)
    source = folder / "hostile.xml"
    tree.write(str(source), encoding="UTF-8", xml_declaration=True)
    return source


def spaced(text: str) -> str:
    return " ".join(text.split())


def squeezed(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile_tei(tmp_path_factory.mktemp("hostile"))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
def test_hostile_text_comes_back_from_the_pdf(source: Path, tmp_path: Path) -> None:
    pdf_file = tmp_path / "hostile.pdf"
    pdf_file.write_bytes(render(source, "pdf"))
    raw = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf_file), "-"],
                         check=True, capture_output=True, text=True).stdout
    text = squeezed(BIDI_MARKS.sub("", raw))
    for line in (TITLE, SPECIALS, *LINE_STARTS, RTL, NOTE):
        assert squeezed(line) in text
    # the long word: its lines, without the running heads and page numbers between its pages
    pieces = re.findall(r"(?m)^[Ab]+$", raw)
    assert len(pieces) > 1 and "".join(pieces) == WORD
    assert squeezed("7. " + NOTE) in text  # the footnote, numbered as the source numbers it
    assert spaced("\n".join(LINE_STARTS)) in spaced(raw)  # each its own paragraph, as written
    assert "\u200b" not in raw  # the long word's break opportunities are not characters


def test_hostile_text_comes_back_from_html_text_and_dc(source: Path) -> None:
    page = spaced(html.fromstring(render(source, "html")).text_content())
    plain = spaced(render(source, "text").decode("utf-8"))
    for line in (SPECIALS, *LINE_STARTS, RTL, WORD, NOTE):
        assert spaced(line) in page
        assert spaced(line) in plain
    assert TITLE in page  # the plain text starts at the body: the title is its heading
    dc = etree.fromstring(render(source, "dc"))
    titles = dc.xpath("//dc:title/text()", namespaces={"dc": "http://purl.org/dc/elements/1.1/"})
    assert titles == [TITLE]
