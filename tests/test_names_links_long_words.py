"""The edition never lies: any file name publishes, no link runs code, no word stalls the PDF.

- File names the file system allows (spaces, dashes, `%`, `#`, `&`, `"`, `:`, `?`, accents) go
  through encode -> build: index.html links reach the real files, corpus.pdf holds every
  document, ids are unique NCNames, and the TEI is valid against teipipe.rng and tei_all.
- Only http, https, mailto, relative and fragment references become links; `javascript:` and
  the like, however spelled, stay text, and the Schematron says so (`safe-link-scheme`).
- A long run without spaces gets break opportunities in the print HTML and in the Typst
  markup, and comes back whole from the PDF.
"""

# ruff: noqa: E501  (XML literals are quoted exactly as they stand in the fixtures)

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from lxml import etree, html

from conftest import SEEDS
from teipipe import TEI_NS, resources
from teipipe.build import build
from teipipe.encode.writer import document_id
from teipipe.resources import stylesheet
from teipipe.transform import corpus, pdf, xslt
from teipipe.validate.parsing import parse_document
from teipipe.validate.relaxng import RelaxNGValidator
from teipipe.validate.schematron import SchematronValidator
from transform_support import PERSONS, TELEGRAM
from validate_helpers import line_of, mutate

NS = {"tei": TEI_NS}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
NCNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")
ZWSP = "\u200b"
HAS_PDFTOTEXT = shutil.which("pdftotext") is not None

# Awkward names a file system allows, each a copy of a seed; the last two fold alike.
NAMES = (
    'Memo – Ball & "Rusk" 50% #2 é',
    "a:b?c",
    "Memo #2",
    "Memo &2",
)


def strings(node: Any, path: str) -> list[str]:
    """The string values an XPath selects (lxml's own types vary with the expression)."""
    return [str(value) for value in node.xpath(path, namespaces=NS)]


def string(node: Any, path: str) -> str:
    return str(node.xpath(f"string({path})", namespaces=NS))


def element(tree: etree._ElementTree, path: str) -> etree._Element:
    found = tree.find(path, NS)
    assert found is not None, path
    return found


def pdf_text(pdf_file: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf_file), "-"],
                          check=True, capture_output=True, text=True).stdout


def squeezed(text: str) -> str:
    """Text without whitespace and break opportunities: what is left of a word broken over lines."""
    return re.sub(r"[\s\u200b]+", "", text)


# --- file names -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project whose raw files have awkward names, built once (encode, validate, publish)."""
    seeds = sorted(SEEDS.glob("*.txt"))
    if not seeds:
        pytest.skip(f"no seeds in {SEEDS}")
    project = tmp_path_factory.mktemp("names") / "my edition #1 (50%)"
    (project / "raw").mkdir(parents=True)
    (project / "tei").mkdir()
    for number, name in enumerate(NAMES):
        shutil.copy(seeds[number % len(seeds)], project / "raw" / f"{name}.txt")
    shutil.copy(PERSONS, project / "tei" / "persons.xml")
    report = build(raw_dir=project / "raw", tei_dir=project / "tei", out_dir=project / "build")
    assert report.ok, (report.failed, report.errors)
    assert report.documents == len(NAMES)
    assert not [p for p in report.problems if p.rule == "docid-from-filename"], report.problems
    return project


def test_every_output_of_every_name_is_published(edition: Path) -> None:
    out = edition / "build"
    for name in NAMES:
        for folder, suffix in (("html", ".html"), ("pdf", ".pdf"), ("text", ".txt"), ("dc", ".xml")):
            assert (out / folder / f"{name}{suffix}").is_file(), (folder, name)
    assert (out / "index.html").is_file()
    assert (out / "pdf" / "corpus.pdf").is_file()


def test_index_links_resolve_to_the_published_files(edition: Path) -> None:
    out = edition / "build"
    page = html.parse(str(out / "index.html")).getroot()
    targets = set()
    for href in strings(page, "//a/@href | //link/@href"):
        parts = urlsplit(href)
        assert not parts.scheme and not parts.netloc, href
        if parts.path:
            target = out / unquote(parts.path)
            assert target.is_file(), href
            targets.add(target.relative_to(out).as_posix())
    assert {f"html/{name}.html" for name in NAMES} <= targets
    assert {f"pdf/{name}.pdf" for name in NAMES} <= targets
    assert "pdf/corpus.pdf" in targets


def test_listing_hrefs_are_escaped_relative_uris(edition: Path) -> None:
    listing = etree.parse(str(edition / "build" / "listing.xml"))
    for doc in listing.iterfind("doc"):
        href = doc.get("href", "")
        assert re.fullmatch(r"[A-Za-z0-9._~%/-]+", href), href  # nothing left unescaped
        assert (edition / "build" / unquote(href)).resolve().is_file()
        assert unquote(doc.get("stem-uri", "")) == doc.get("stem")


def test_document_ids_are_unique_ncnames(edition: Path) -> None:
    ids = [etree.parse(str(edition / "tei" / f"{name}.xml")).getroot().get(XML_ID) for name in NAMES]
    assert all(ident and NCNAME.fullmatch(ident) for ident in ids), ids
    assert len(set(ids)) == len(ids), ids


def test_encoded_files_are_valid_tei_all(edition: Path, tei_all_path: Path) -> None:
    schema = RelaxNGValidator(tei_all_path)
    for name in NAMES:
        path = edition / "tei" / f"{name}.xml"
        parsed = parse_document(path)
        assert parsed.tree is not None, parsed.problems
        assert schema.validate(parsed.tree, str(path)) == []


@pytest.mark.skipif(not HAS_PDFTOTEXT, reason="pdftotext (poppler-utils) is not installed")
def test_volume_holds_every_document(edition: Path) -> None:
    text = squeezed(pdf_text(edition / "build" / "pdf" / "corpus.pdf"))
    assert f"{len(NAMES)}documents" in text
    titles = [
        string(etree.parse(str(edition / "tei" / f"{name}.xml")), "//tei:titleStmt/tei:title[@type = 'main']")
        for name in NAMES
    ]
    for title in set(titles):  # once in the contents, once as a heading, per document
        assert text.count(squeezed(title)) >= 2 * titles.count(title)


def test_volume_contents_point_at_unique_anchors(edition: Path) -> None:
    """Every document of the volume is a named destination of its own, and the contents link
    to them (Typst makes a link to a label that is not there an error)."""
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(edition / "build" / "pdf" / "corpus.pdf")
    ids = {string(etree.parse(str(edition / "tei" / f"{name}.xml")), "/tei:TEI/@xml:id")
           for name in NAMES}
    assert len(ids) == len(NAMES)
    assert ids <= set(reader.named_destinations)


def saxon_html(source: Path, name: str, params: dict[str, str] | None = None) -> str:
    """`name` applied to `source` by Saxon (saxonche); skips without it."""
    saxonche = pytest.importorskip("saxonche", reason="saxonche (Saxon/C) is not installed")
    with saxonche.PySaxonProcessor(license=False) as saxon:
        executable = saxon.new_xslt30_processor().compile_stylesheet(
            stylesheet_file=str(stylesheet(name)))
        for key, value in (params or {}).items():
            executable.set_parameter(key, saxon.make_string_value(value))
        result: str = executable.transform_to_string(source_file=str(source.resolve()))
    return result


def canonical(page: str | bytes) -> bytes:
    return etree.tostring(html.document_fromstring(page), method="html", encoding="UTF-8")


@pytest.mark.parametrize(("name", "params"), [("corpus-index.xsl", {}),
                                              ("corpus-volume.xsl", {"print": "yes"})])
def test_saxon_reads_the_escaped_listing_as_lxml_does(
    edition: Path, name: str, params: dict[str, str]
) -> None:
    listing = edition / "build" / "listing.xml"
    expected = xslt.to_bytes(xslt.apply(name, xslt.parse(listing), params))
    assert canonical(saxon_html(listing, name, params)) == canonical(expected)


@pytest.mark.parametrize(
    "stems",
    [
        ("Memo #2", "Memo &2", "Memo_2", "Memo 2"),
        ("004_x", "d004_x", "dd004_x"),
        ("café", "cafe", "café-0123abcd"),
        ("–", "—", "", "日本", "1", "d1"),
    ],
)
def test_document_ids_from_stems_are_ncnames_and_never_collide(stems: tuple[str, ...]) -> None:
    ids = [document_id(stem) for stem in stems]
    assert all(NCNAME.fullmatch(ident) for ident in ids), ids
    assert len(set(ids)) == len(ids), ids


# --- links ------------------------------------------------------------------------------------

UNSAFE = [
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "java\tscript://%0aalert(1)",
    "\njavascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
]
SAFE = ["https://example.org/a", "http://example.org/", "mailto:editor@example.org",
        "#d000_03d16a86b0456ebe-fn1", "other.html#x", "../index.html"]


def telegram_with(licence: str, pattern: str | None = None) -> etree._ElementTree:
    """The telegram fixture with its licence target (and prefixDef replacement) replaced."""
    tree = etree.parse(str(TELEGRAM))
    element(tree, ".//tei:licence").set("target", licence)
    if pattern is not None:
        element(tree, ".//tei:prefixDef").set("replacementPattern", pattern)
    return tree


def hrefs(page: bytes) -> list[str]:
    return strings(html.fromstring(page), "//a/@href")


def followable(href: str) -> bool:
    """What a browser would do: drop tabs and newlines, strip spaces, read the scheme."""
    read = re.sub(r"[\t\n\r]", "", href).strip(" ")
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", read)
    return scheme is None or scheme.group(1).lower() in {"http", "https", "mailto"}


@pytest.mark.parametrize("target", UNSAFE)
@pytest.mark.parametrize("params", [{}, {"print": "yes"}], ids=["screen", "print"])
def test_unsafe_targets_are_text_not_links(target: str, params: dict[str, str]) -> None:
    page = xslt.to_bytes(xslt.apply("tei-to-html.xsl", telegram_with(target, target + "$1"), params))
    links = hrefs(page)
    assert all(followable(href) for href in links), links
    assert not [href for href in links if "alert" in href or "passwd" in href or "msgbox" in href]
    root = html.fromstring(page)
    assert "Public domain" in string(root, "/")  # the licence is still there, as text
    assert root.xpath("//span[@class = 'ref'][contains(., 'Document 204')]")


@pytest.mark.parametrize("target", SAFE)
def test_safe_targets_stay_links(target: str) -> None:
    page = xslt.to_bytes(xslt.apply("tei-to-html.xsl", telegram_with(target)))
    licence = strings(html.fromstring(page), "//a[@rel = 'license']/@href")
    assert licence == [target]
    refs = strings(html.fromstring(page), "//a[@class = 'ref']/@href")
    assert refs and all(href.startswith("https://history.state.gov/") for href in refs)


def test_unsafe_index_link_parameter_is_text() -> None:
    page = xslt.to_bytes(xslt.apply("tei-to-html.xsl", etree.parse(str(TELEGRAM)),
                                    {"index-href": "JAVASCRIPT:alert(1)"}))
    assert all(followable(href) for href in hrefs(page))
    assert html.fromstring(page).xpath("//nav[@class = 'site'][normalize-space()]")


def test_saxon_renders_unsafe_targets_as_lxml_does(tmp_path: Path) -> None:
    source = tmp_path / "unsafe.xml"
    telegram_with(" JaVaScRiPt:alert(1)", "java\tscript:$1").write(str(source))
    expected = xslt.to_bytes(xslt.apply("tei-to-html.xsl", xslt.parse(source)))
    assert canonical(saxon_html(source, "tei-to-html.xsl")) == canonical(expected)


@pytest.fixture(scope="module")
def teipipe_sch() -> SchematronValidator:
    return SchematronValidator(resources.schema("teipipe.sch"))


def schematron_rules(validator: SchematronValidator, path: Path) -> list[tuple[str, int]]:
    parsed = parse_document(path)
    assert parsed.tree is not None, parsed.problems
    return [(p.rule, p.line) for p in validator.validate(parsed.tree, str(path))]


LICENCE = 'licence target="https://creativecommons.org/publicdomain/mark/1.0/"'
PREFIX = 'replacementPattern="https://history.state.gov/historicaldocuments/frus1961-63v11/d$1"'
REF = '<ref target="frus:d204">'


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (LICENCE, 'licence target=" JaVaScRiPt:alert(1)"'),
        (LICENCE, 'licence target="java&#9;script:alert(1)"'),
        (LICENCE, 'licence target="data:text/html,x"'),
        (PREFIX, 'replacementPattern="javascript:go($1)"'),
        (PREFIX, 'replacementPattern="&#10;VBScript:go($1)"'),
        (REF, '<ref target="javascript:alert(1)">'),
        (REF, '<ref target="frus:d204 vbscript:x">'),
        (REF, '<ptr target="javascript:alert(1)"/><ref target="frus:d204">'),
    ],
)
def test_schematron_flags_unsafe_link_schemes(
    teipipe_sch: SchematronValidator, tmp_path: Path, old: str, new: str
) -> None:
    path, text = mutate(tmp_path, "telegram.xml", old, new)
    found = schematron_rules(teipipe_sch, path)
    assert ("safe-link-scheme", line_of(text, new)) in found, found


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (LICENCE, 'licence target="mailto:editor@example.org"'),
        (LICENCE, 'licence target="HTTPS://example.org/licence"'),
        (LICENCE, 'licence target="licence.html#text"'),
        (REF, '<ref target="frus:d204 #d000_03d16a86b0456ebe-fn1">'),
    ],
)
def test_schematron_lets_safe_links_be(
    teipipe_sch: SchematronValidator, tmp_path: Path, old: str, new: str
) -> None:
    path, _ = mutate(tmp_path, "telegram.xml", old, new)
    assert "safe-link-scheme" not in {rule for rule, _ in schematron_rules(teipipe_sch, path)}


# --- long words -------------------------------------------------------------------------------

LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def long_word(length: int) -> str:
    """A word of `length` letters in no repeating pattern, so a lost stretch cannot hide."""
    state, letters = 1, []
    for _ in range(length):
        state = (state * 1103515245 + 12345) % 2**31
        letters.append(LETTERS[(state >> 16) % len(LETTERS)])
    return "".join(letters)


def telegram_saying(*words: str) -> etree._ElementTree:
    """The telegram fixture with a first paragraph of `words`."""
    tree = etree.parse(str(TELEGRAM))
    paragraph = element(tree, ".//tei:body//tei:p")
    added = etree.Element(f"{{{TEI_NS}}}p")
    added.text = " ".join(words)
    paragraph.addprevious(added)
    return tree


def print_html(tree: etree._ElementTree) -> bytes:
    return xslt.to_bytes(xslt.apply("tei-to-html.xsl", tree, {"print": "yes"}))


def test_print_html_breaks_long_runs_and_only_them() -> None:
    word, short = long_word(5000), long_word(59)
    root = html.fromstring(print_html(telegram_saying(word, short)))
    page = string(root, f"//p[starts-with(., '{word[:30]}')]")
    pieces = [piece for run in page.split() for piece in run.split(ZWSP)]
    assert max(len(piece) for piece in pieces) < 60
    assert word in page.replace(ZWSP, "")
    assert f"{word[:30]}{ZWSP}" in page
    assert f" {short}" in page  # shorter than 60: untouched
    screen = xslt.to_bytes(xslt.apply("tei-to-html.xsl", telegram_saying(word)))
    text = xslt.to_bytes(xslt.apply("tei-to-text.xsl", telegram_saying(word)))
    assert ZWSP.encode() not in screen and ZWSP.encode() not in text


@pytest.mark.skipif(not HAS_PDFTOTEXT, reason="pdftotext (poppler-utils) is not installed")
def test_a_long_word_comes_back_whole_from_the_pdf(tmp_path: Path) -> None:
    word = long_word(5000)
    pdf_file = tmp_path / "long.pdf"
    pdf_file.write_bytes(pdf.render(pdf.typst_markup(telegram_saying(word))))
    # the word's lines, without the running heads, footnotes and page numbers between pages
    lines = re.findall(r"(?m)^[A-Za-z\u200b]+$", pdf_text(pdf_file))
    assert len(lines) > 1  # broken over lines...
    assert squeezed("".join(lines)) == word  # ...and nothing lost


@pytest.mark.skipif(not HAS_PDFTOTEXT, reason="pdftotext (poppler-utils) is not installed")
def test_a_long_title_comes_back_whole_from_the_volume(tmp_path: Path) -> None:
    word = long_word(1500)  # the contents fit one page: no page number in between
    tree = telegram_saying()
    element(tree, ".//tei:titleStmt/tei:title[@type = 'main']").text = word
    source = tmp_path / "long title.xml"
    tree.write(str(source))
    listing = tmp_path / "corpus.xml"
    listing.write_bytes(corpus.listing([source], tmp_path))
    pdf_file = tmp_path / "volume.pdf"
    pdf_file.write_bytes(pdf.volume_pdf(listing))
    assert word in squeezed(pdf_text(pdf_file))  # in the contents
