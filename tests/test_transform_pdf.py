"""Print: PDF through Typst, read back with poppler's pdftotext and pdffonts, and pypdf."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest
from lxml import etree

from conftest import SEEDS
from teipipe.transform import corpus, pdf, render
from transform_support import (
    DOCUMENTS,
    MEETING,
    NS,
    PERSONS,
    TRANSCRIPT,
    footnotes,
    note_text,
    raw_reading_words,
    text_before,
    tokens,
    words,
)

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdffonts") is None,
    reason="poppler-utils (pdftotext, pdffonts) is not installed",
)


def pages(pdf_file: Path) -> list[list[str]]:
    """The words of each page, in reading order (-layout: lines as set, so a word broken at
    its hyphen at the end of a line stays two words, as in the source)."""
    out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf_file), "-"],
                         check=True, capture_output=True, text=True).stdout
    return [tokens(page) for page in out.split("\f")[:-1]]


def contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, Path]:
    """Two documents rendered once for the module (rendering is the slow part)."""
    out = tmp_path_factory.mktemp("pdf")
    files = {}
    for tei in (TRANSCRIPT, MEETING):
        files[tei] = out / (tei.stem + ".pdf")
        files[tei].write_bytes(render(tei, "pdf"))
    return files


def test_pdf_holds_every_word(rendered: dict[Path, Path]) -> None:
    raw = SEEDS / (TRANSCRIPT.stem + ".txt")
    if not raw.exists():
        pytest.skip(f"seed {raw} not found")
    in_pdf = words(" ".join(word for page in pages(rendered[TRANSCRIPT]) for word in page))
    assert raw_reading_words(raw) - in_pdf == {}


@pytest.mark.parametrize("tei", [TRANSCRIPT, MEETING], ids=lambda p: p.stem)
def test_each_footnote_sits_on_the_page_of_its_call(rendered: dict[Path, Path], tei: Path) -> None:
    page_words = pages(rendered[tei])
    assert len(page_words) >= 2 or tei is MEETING
    for note in footnotes(tei):
        n = note.get("n")
        # the note at the foot: "n." then its first words ("[…]" when missing in the source)
        start = [n, *tokens(note_text(note))[:5]]
        at_foot = [i for i, words_ in enumerate(page_words) if contains(words_, start)]
        assert len(at_foot) == 1, f"footnote {n} {start} found on pages {at_foot}"
        # the call: the words before it, then its number
        call = [*text_before(note), n]
        assert contains(page_words[at_foot[0]], call), f"call {call} not on page {at_foot[0] + 1}"


def test_footnotes_of_the_transcript_fall_on_more_than_one_page(
    rendered: dict[Path, Path],
) -> None:
    """The check above means something only if notes are spread over the pages."""
    page_words = pages(rendered[TRANSCRIPT])
    first = tokens("The Executive Committee meeting")
    last = tokens("Printed from a copy that bears this typed signature")
    assert contains(page_words[0], first)
    assert not contains(page_words[0], last)


def test_running_head_and_page_numbers(rendered: dict[Path, Path]) -> None:
    out = subprocess.run(["pdftotext", "-layout", str(rendered[TRANSCRIPT]), "-"],
                         check=True, capture_output=True, text=True).stdout
    sheets = out.split("\f")[:-1]
    assert len(sheets) >= 3
    for number, sheet in enumerate(sheets, start=1):
        lines = [line.strip() for line in sheet.splitlines() if line.strip()]
        assert lines[-1] == str(number)
        if number > 1:  # no running head over the title on the first page
            assert lines[0].startswith("Memorandum of Telephone Conversation Between")


def test_fonts_are_embedded(rendered: dict[Path, Path]) -> None:
    out = subprocess.run(["pdffonts", str(rendered[MEETING])],
                         check=True, capture_output=True, text=True).stdout
    fonts = out.splitlines()[2:]
    assert fonts
    for line in fonts:
        # columns: name type encoding emb sub uni object-id
        assert re.search(r"\s(yes)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$", line), line


def test_volume_has_contents_with_page_numbers(tmp_path: Path) -> None:
    listing = tmp_path / "corpus.xml"
    listing.write_bytes(corpus.listing(list(DOCUMENTS), tmp_path, PERSONS))
    volume = tmp_path / "corpus.pdf"
    volume.write_bytes(pdf.volume_pdf(listing))
    out = subprocess.run(["pdftotext", "-layout", str(volume), "-"],
                         check=True, capture_output=True, text=True).stdout
    sheets = out.split("\f")[:-1]
    contents = re.sub(r"\s+", " ", sheets[1])
    entries = re.findall(r"(\d+)\. (.+?)\.{3,} ?(\d+)", contents)
    assert [title.split(",")[0][:20] for _, title, _ in entries] == [
        "Summary Record of th", "Memorandum of Teleph", "Telegram From the De"
    ]
    for _, title, page in entries:
        first_words = re.sub(r"\s+", " ", sheets[int(page) - 1])
        assert title[:40] in first_words, f"{title[:40]} not on page {page}"


def test_volume_has_bookmarks_and_named_destinations(tmp_path: Path) -> None:
    """Each document is a bookmark and its id a named destination on the page of its title, so
    a citation reaches it: corpus.pdf#<id>."""
    listing = tmp_path / "corpus.xml"
    listing.write_bytes(corpus.listing(list(DOCUMENTS), tmp_path, PERSONS))
    volume = tmp_path / "corpus.pdf"
    volume.write_bytes(pdf.volume_pdf(listing))
    reader = pypdf.PdfReader(volume)
    bookmarks = [entry["/Title"] for entry in reader.outline if not isinstance(entry, list)]
    ids = {}
    for tei in DOCUMENTS:
        root = etree.parse(str(tei)).getroot()
        title = root.findtext(".//tei:titleStmt/tei:title[@type='main']", namespaces=NS)
        ids[root.get(XML_ID)] = " ".join(title.split())
    for title in ids.values():
        assert title in bookmarks
    assert "Contents" in bookmarks and "Colophon" in bookmarks
    destinations = reader.named_destinations
    assert set(ids) <= set(destinations)
    for ident, title in ids.items():
        page = reader.get_destination_page_number(destinations[ident])
        text = " ".join(reader.pages[page].extract_text().split())
        assert title[:40] in text, f"{ident} points at page {page + 1}, not at {title[:40]}"
    colophon = " ".join(reader.pages[-1].extract_text().split())
    assert colophon.startswith("Colophon") and f"{len(DOCUMENTS)} documents" in colophon


def test_pdf_is_pdf_a_and_tagged(rendered: dict[Path, Path]) -> None:
    reader = pypdf.PdfReader(rendered[MEETING])
    metadata = reader.xmp_metadata
    assert metadata is not None
    xml = metadata.stream.get_data().decode("utf-8")
    assert re.search(r"pdfaid:part(>|=\")2", xml) and re.search(r"pdfaid:conformance(>|=\")B", xml)
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]  # tagged PDF


def test_the_same_document_gives_the_same_bytes(rendered: dict[Path, Path]) -> None:
    assert render(MEETING, "pdf") == rendered[MEETING].read_bytes()


def test_printing_without_dejavu_says_what_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEIPIPE_FONT_DIR", str(tmp_path))
    with pytest.raises(pdf.PrintError, match=r"DejaVuSerif\.ttf.*fonts-dejavu-core"):
        pdf.font_dir()


def test_typesetting_apart_reports_what_typst_refused() -> None:
    """The volume is typeset in a process of its own; Typst's complaint comes back from it."""
    assert pdf.render_apart(b"#set page(width: 3in)\nHello").startswith(b"%PDF-")
    with pytest.raises(pdf.PrintError, match="unknown variable: nothing"):
        pdf.render_apart(b"#nothing")
