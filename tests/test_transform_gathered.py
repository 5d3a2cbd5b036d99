"""The corpus stylesheets read a gathered listing (every TEI inside its entry) as they read a
plain one (each TEI opened with document()): the same bytes, and each document's people its
own, though many documents in one tree share person ids."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree

from teipipe import TEI_NS
from teipipe.transform import xslt
from teipipe.transform.corpus import gathered, listing
from transform_support import DOCUMENTS, PERSONS, TRANSCRIPT

#: Every stylesheet that reads the whole corpus, with the parameters the build gives it.
CORPUS_STYLESHEETS = {
    "corpus-index.xsl": {},
    "corpus-volume-typst.xsl": {},
    "corpus-volume.xsl": {},
    "epub-package.xsl": {"identifier": "urn:uuid:test"},
    "epub-nav.xsl": {},
    "tei-corpus.xsl": {},
    "oai-static-repository.xsl": {"repository-identifier": "example.org",
                                  "datestamp": "2026-01-01"},
}
T = f"{{{TEI_NS}}}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def _corpus(folder: Path, documents: list[Path]) -> Path:
    copies = []
    for document in documents:
        copy = folder / "tei" / document.name
        copy.parent.mkdir(exist_ok=True)
        shutil.copyfile(document, copy)
        copies.append(copy)
    shutil.copyfile(PERSONS, folder / "tei" / "persons.xml")
    path = folder / "listing.xml"
    path.write_bytes(listing(copies, folder, folder / "tei" / "persons.xml"))
    return path


@pytest.mark.parametrize("name", sorted(CORPUS_STYLESHEETS))
def test_gathered_listing_gives_what_the_plain_listing_gives(tmp_path: Path, name: str) -> None:
    path = _corpus(tmp_path, list(DOCUMENTS))
    tree = gathered(path)
    assert len(tree.getroot().findall(f"doc/{T}TEI")) == len(DOCUMENTS)
    params = CORPUS_STYLESHEETS[name]
    plain = xslt.to_bytes(xslt.apply(name, xslt.parse(path), params))
    assert xslt.to_bytes(xslt.apply(name, tree, params)) == plain


def test_each_document_finds_its_own_persons(tmp_path: Path) -> None:
    """Two transcripts with the same speaker ids, whose particDesc gives one speaker two
    different offices: in the volume each turn names the office of its own document."""
    second = tmp_path / "second.xml"
    doc = etree.parse(str(TRANSCRIPT))
    doc.getroot().set(XML_ID, "second")
    speakers = sorted({sp.get("who", "")[1:] for sp in doc.iter(f"{T}sp")})
    person = doc.find(f".//{T}particDesc//{T}person[@{XML_ID}='{speakers[0]}']")
    assert person is not None
    for occupation in person.iter(f"{T}occupation"):
        occupation.text = "Keeper of the Second Copy"
    doc.write(str(second), encoding="UTF-8", xml_declaration=True)
    path = _corpus(tmp_path, [TRANSCRIPT, second])
    markup = xslt.to_bytes(xslt.apply("corpus-volume-typst.xsl", gathered(path))).decode()
    # the second document's first turn of that speaker, and no other, names the new office
    assert markup.count("Keeper of the Second Copy") == 1
    # each document names each of its speakers once, at their first turn in it
    assert markup.count("#speaker-who[") == 2 * len(speakers)


def test_an_entry_that_cannot_be_parsed_is_left_to_document(tmp_path: Path) -> None:
    path = _corpus(tmp_path, list(DOCUMENTS))
    broken = tmp_path / "tei" / DOCUMENTS[0].name
    broken.write_text("<TEI", encoding="utf-8")
    entries = gathered(path).getroot().findall("doc")
    assert [entry.find(f"{T}TEI") is None for entry in entries] == [True, False, False]
