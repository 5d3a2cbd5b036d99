"""The edition as an EPUB 3: EPUBCheck passes it without errors or warnings, the documents are
in the volume's order, footnotes are EPUB footnotes, hostile text survives, and the same edition
always gives the same bytes."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from epub_support import HOSTILE, HOSTILE_ID, JAVA, QUICK_JVM, XML_ID, edition, jar
from teipipe import TEI_NS
from teipipe.resources import stylesheet
from teipipe.transform import xslt
from teipipe.transform.corpus import listing as corpus_listing
from teipipe.transform.epub import edition_epub
from transform_support import TELEGRAM

EPUBCHECK = jar("epubcheck", "epubcheck.jar")
NS = {
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "tei": TEI_NS,
}


@pytest.fixture(scope="module")
def listing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return edition(tmp_path_factory.mktemp("edition"))


@pytest.fixture(scope="module")
def epub(listing: Path) -> bytes:
    return edition_epub(listing, "https://example.org/edition/")


def entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def parsed(data: bytes) -> etree._Element:
    return etree.fromstring(data, xslt.parser())


def tei_documents(listing: Path) -> dict[str, etree._Element]:
    """The listed TEI documents by xml:id."""
    tree = etree.parse(str(listing))
    roots = [etree.parse(str(listing.parent / "tei" / f"{doc.get('stem')}.xml")).getroot()
             for doc in tree.getroot().iter("doc")]
    return {str(root.get(XML_ID)): root for root in roots}


@pytest.mark.skipif(JAVA is None or EPUBCHECK is None, reason="java or epubcheck is missing")
def test_epubcheck_finds_no_errors_and_no_warnings(
    listing: Path, epub: bytes, tmp_path: Path
) -> None:
    book = tmp_path / "edition.epub"
    book.write_bytes(epub)
    report = tmp_path / "report.json"
    subprocess.run(
        [str(JAVA), *QUICK_JVM, "-jar", str(EPUBCHECK), str(book), "--json", str(report)],
        capture_output=True, timeout=300, check=False,
    )
    result = json.loads(report.read_text(encoding="utf-8"))
    problems = [(message["severity"], message["ID"], message["message"],
                 [location.get("path") for location in message["locations"]])
                for message in result["messages"]
                if message["severity"] in {"FATAL", "ERROR", "WARNING"}]
    assert problems == []
    assert result["publication"]["nSpines"] == len(tei_documents(listing)) + 1  # and contents


def test_zip_is_an_ocf_container_and_deterministic(listing: Path, epub: bytes) -> None:
    assert edition_epub(listing, "https://example.org/edition/") == epub
    with zipfile.ZipFile(io.BytesIO(epub)) as archive:
        infos = archive.infolist()
    assert epub[30:38] == b"mimetype" and epub[38:58] == b"application/epub+zip"
    assert infos[0].compress_type == zipfile.ZIP_STORED and infos[0].extra == b""
    names = [info.filename for info in infos[1:]]
    assert names == sorted(names)
    assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in infos[1:])
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}


def test_metadata_comes_from_the_corpus_not_the_clock(listing: Path, epub: bytes) -> None:
    package = parsed(entries(epub)["EPUB/package.opf"])
    stamps = [str(doc.get("datestamp")) for doc in etree.parse(str(listing)).getroot()]
    modified = package.findtext("opf:metadata/opf:meta[@property='dcterms:modified']",
                                namespaces=NS)
    assert modified == f"{max(stamps)}T00:00:00Z"
    identifier = package.findtext("opf:metadata/dc:identifier", namespaces=NS)
    assert identifier is not None and identifier.startswith("urn:uuid:")
    other = parsed(entries(edition_epub(listing, "https://example.org/other/"))["EPUB/package.opf"])
    assert other.findtext("opf:metadata/dc:identifier", namespaces=NS) != identifier
    collections = {root.findtext(".//tei:title[@type='collection']", namespaces=NS)
                   for root in tei_documents(listing).values()}
    assert package.findtext("opf:metadata/dc:title", namespaces=NS) in collections


def test_spine_and_contents_follow_the_documents_dates(listing: Path, epub: bytes) -> None:
    files = entries(epub)
    package = parsed(files["EPUB/package.opf"])
    hrefs = {item.get("id"): item.get("href") for item in package.iterfind(".//opf:item", NS)}
    spine = [hrefs[ref.get("idref")] for ref in package.iterfind(".//opf:itemref", NS)]
    assert spine[0] == "nav.xhtml"
    documents = tei_documents(listing)
    assert sorted(spine[1:]) == sorted(f"text/{key}.xhtml" for key in documents)
    assert {*spine, "css/epub.css", "package.opf"} == {name.removeprefix("EPUB/") for name in files
                                             if name.startswith("EPUB/")}

    def date(href: str) -> str:
        root = documents[href.removeprefix("text/").removesuffix(".xhtml")]
        when = root.find(".//tei:creation/tei:date", NS)
        return "" if when is None else str(when.get("when") or when.get("from") or "")

    dates = [date(href) for href in spine[1:]]
    dated = [d for d in dates if d]
    assert dated == sorted(dated) and dates[: len(dated)] == dated  # undated ones last
    toc = parsed(files["EPUB/nav.xhtml"]).xpath("//x:nav[@epub:type='toc']//x:a/@href",
                                                namespaces=NS)
    assert toc == spine[1:]


def test_footnotes_are_epub_footnotes_linked_both_ways(listing: Path, epub: bytes) -> None:
    files = entries(epub)
    for key, tei in tei_documents(listing).items():
        page = parsed(files[f"EPUB/text/{key}.xhtml"])
        assert page.tag == "{http://www.w3.org/1999/xhtml}html"
        assert page.get("{http://www.w3.org/XML/1998/namespace}lang") == page.get("lang")
        refs = page.xpath("//x:a[@epub:type='noteref']", namespaces=NS)
        notes = page.xpath("//x:aside[@epub:type='footnote']", namespaces=NS)
        assert len(refs) == len(notes) == len(tei.findall(".//tei:note[@place='foot']", NS))
        for ref, note in zip(refs, notes, strict=True):
            assert ref.get("role") == "doc-noteref" and note.get("role") == "doc-footnote"
            assert ref.get("href") == f"#{note.get('id')}"
            (back,) = note.xpath("x:a[@role='doc-backlink']", namespaces=NS)
            assert back.get("href") == f"#{ref.get('id')}"
        assert page.xpath("count(//*[namespace-uri() != 'http://www.w3.org/1999/xhtml'])") == 0


def test_hostile_text_survives(epub: bytes) -> None:
    files = entries(epub)
    page = parsed(files[f"EPUB/text/{HOSTILE_ID}.xhtml"])
    assert HOSTILE in "".join(page.xpath("//x:main//text()", namespaces=NS))
    assert page.findtext("x:head/x:title", namespaces=NS) == HOSTILE
    contents = parsed(files["EPUB/nav.xhtml"])
    (entry,) = contents.xpath(f"//x:a[@href='text/{HOSTILE_ID}.xhtml']", namespaces=NS)
    assert HOSTILE in "".join(entry.itertext())


@pytest.mark.parametrize("name", ["tei-to-xhtml.xsl", "epub-nav.xsl", "epub-package.xsl"])
def test_saxon_gives_what_lxml_gives(listing: Path, name: str) -> None:
    """The stylesheets are portable XSLT 1.0 (exsl:node-set aside, which Saxon has too)."""
    saxonche = pytest.importorskip("saxonche", reason="saxonche (Saxon/C) is not installed")
    if name == "tei-to-xhtml.xsl":
        source = next(listing.parent.joinpath("tei").glob("Memo*.xml"))  # the hostile one
    else:
        source = listing
    params = {"identifier": "urn:uuid:00000000-0000-0000-0000-000000000000"}

    def canonical(data: bytes) -> bytes:
        return etree.tostring(etree.fromstring(data, etree.XMLParser(remove_blank_text=True)),
                              method="c14n")

    with saxonche.PySaxonProcessor(license=False) as saxon:
        executable = saxon.new_xslt30_processor().compile_stylesheet(
            stylesheet_file=str(stylesheet(name)))
        for key, value in params.items():
            executable.set_parameter(key, saxon.make_string_value(value))
        result: str = executable.transform_to_string(source_file=str(source.resolve()))
    expected = xslt.to_bytes(xslt.apply(name, xslt.parse(source), params))
    assert canonical(result.encode("utf-8")) == canonical(expected)


def test_a_document_without_an_id_is_an_error_not_a_broken_book(tmp_path: Path) -> None:
    (tmp_path / "tei").mkdir()
    tree = etree.parse(str(TELEGRAM))
    del tree.getroot().attrib[XML_ID]
    tree.write(str(tmp_path / "tei" / "no-id.xml"))
    listing = tmp_path / "listing.xml"
    listing.write_bytes(corpus_listing([tmp_path / "tei" / "no-id.xml"], tmp_path))
    with pytest.raises(ValueError, match=r"no-id\.xml: the TEI element has no xml:id"):
        edition_epub(listing)


def test_transform_to_epub_makes_one_book_of_the_documents_given(tmp_path: Path) -> None:
    """`teipipe transform --to epub` outside a build: the documents of a folder (the
    personography passed over) as one book, which EPUBCheck passes when it is there."""
    from click.testing import CliRunner

    from teipipe.cli import main

    folder = edition(tmp_path / "edition").parent / "tei"
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["transform", "--to", "epub", "-o", str(out), str(folder)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == f"1 epub file(s) written to {out}"
    book = entries((out / "edition.epub").read_bytes())
    texts = sorted(name for name in book if name.startswith("EPUB/text/"))
    ids = sorted(tei_documents(folder.parent / "listing.xml"))
    assert texts == [f"EPUB/text/{name}.xhtml" for name in ids]
    if JAVA is not None and EPUBCHECK is not None:
        report = tmp_path / "report.json"
        subprocess.run(
            [str(JAVA), *QUICK_JVM, "-jar", str(EPUBCHECK), str(out / "edition.epub"),
             "--json", str(report)],
            capture_output=True, timeout=300, check=False,
        )
        messages = json.loads(report.read_text(encoding="utf-8"))["messages"]
        assert [m for m in messages if m["severity"] in {"FATAL", "ERROR", "WARNING"}] == []
