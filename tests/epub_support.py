"""Helpers for the EPUB, HTML checker and accessibility tests: a small edition of the
repository's TEI with a hostile document added, and the checkers' jars."""

from __future__ import annotations

import importlib.util
import io
import shutil
import zipfile
from pathlib import Path

from lxml import etree

from teipipe import TEI_NS
from teipipe.transform import render, xslt
from teipipe.transform.corpus import document_paths, listing
from teipipe.transform.epub import edition_epub
from transform_support import TELEGRAM

REPO = Path(__file__).resolve().parents[1]
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
EPUB_NS = "http://www.idpf.org/2007/ops"
JAVA = shutil.which("java")
#: Java flags for a short run of a checker: the quick compiler only and a simple collector
#: halve EPUBCheck's time on a 33-document book (the optimising compiler never pays off).
QUICK_JVM = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
#: Text that must survive every step: markup characters, a CDATA end, quotes, a line
#: separator, right-to-left marks around Hebrew, and a 5,000-letter word.
HOSTILE = ('<b>&amp; ]]> "double" \'single\' \u2028 \u200f\u05e9\u05dc\u05d5\u05dd\u200e '
           + "x" * 5000)
HOSTILE_ID = "hostile"


def jar(module: str, name: str) -> Path | None:
    """A jar shipped inside an installed Python package, when both are there."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / name
    return path if path.exists() else None


def hostile_document(target: Path) -> None:
    """A copy of the telegram fixture whose title and first paragraph are `HOSTILE`."""
    tree = etree.parse(str(TELEGRAM))
    root = tree.getroot()
    root.set(XML_ID, HOSTILE_ID)
    ns = {"tei": TEI_NS}
    title = root.find(".//tei:titleStmt/tei:title[@type='main']", ns)
    paragraph = root.find(".//tei:body//tei:p", ns)
    assert title is not None and paragraph is not None
    title.text = HOSTILE
    for child in list(paragraph):
        paragraph.remove(child)
    paragraph.text = HOSTILE
    tree.write(str(target), xml_declaration=True, encoding="UTF-8")


def edition(folder: Path, *, hostile: bool = True) -> Path:
    """An edition folder with the repository's TEI (and the hostile document) in tei/ and a
    listing with a datestamp for each document; returns the listing."""
    tei = folder / "tei"
    tei.mkdir(parents=True)
    for path in sorted((REPO / "tei").glob("*.xml")):
        shutil.copyfile(path, tei / path.name)
    if hostile:
        hostile_document(tei / "Memo #2 & co.xml")
    documents = document_paths([tei])
    stamps = {doc.stem: f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}"
              for i, doc in enumerate(documents)}
    listing_file = folder / "listing.xml"
    listing_file.write_bytes(listing(documents, folder, tei / "persons.xml", stamps))
    return listing_file


def edition_pages(folder: Path, *, epub_attributes: bool = True) -> list[Path]:
    """index.html, html/<stem>.html and the EPUB's XHTML (epub/<name>.xhtml) of `edition`,
    made as the build makes them; without `epub_attributes`, the XHTML loses its epub:type
    attributes (for checkers that know HTML but not EPUB)."""
    corpus = edition(folder)
    made = [folder / "index.html"]
    made[0].write_bytes(xslt.to_bytes(xslt.apply("corpus-index.xsl", xslt.parse(corpus))))
    (folder / "html").mkdir()
    for tei in document_paths([folder / "tei"]):
        page = folder / "html" / f"{tei.stem}.html"
        page.write_bytes(render(tei, "html", index_href="../index.html"))
        made.append(page)
    (folder / "epub").mkdir()
    with zipfile.ZipFile(io.BytesIO(edition_epub(corpus))) as book:
        for name in book.namelist():
            if name.endswith((".xhtml", ".css")):
                page = folder / "epub" / Path(name).name
                data = book.read(name)
                if name.endswith(".xhtml"):
                    page.write_bytes(data if epub_attributes else without_epub_attributes(data))
                    made.append(page)
                else:
                    page.write_bytes(data)
    return made


def without_epub_attributes(data: bytes) -> bytes:
    root = etree.fromstring(data, xslt.parser())
    for element in root.iter():
        for name in [name for name in element.attrib if name.startswith(f"{{{EPUB_NS}}}")]:
            del element.attrib[name]
    etree.cleanup_namespaces(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
