"""Helpers for the EPUB, HTML checker and accessibility tests: a small edition of the
repository's TEI with a hostile document added, and the checkers' jars."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from lxml import etree

from teipipe import TEI_NS
from teipipe.transform.corpus import document_paths, listing
from transform_support import TELEGRAM

REPO = Path(__file__).resolve().parents[1]
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
JAVA = shutil.which("java")
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
