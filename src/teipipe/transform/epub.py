"""The edition as one EPUB 3 ebook, made by XSLT and packed here.

    META-INF/container.xml     names the package (a data file, `xslt/epub-container.xml`)
    EPUB/package.opf           metadata, manifest, spine          epub-package.xsl
    EPUB/nav.xhtml             contents, in the volume's order    epub-nav.xsl
    EPUB/css/epub.css
    EPUB/text/<xml:id>.xhtml   one per document                   tei-to-xhtml.xsl

The stylesheets read the corpus listing (see `teipipe.transform.corpus`) as the volume does;
this module only runs them and zips their output. The same edition always gives the same
bytes, so the build can tell a changed EPUB from an unchanged one: `mimetype` comes first and
stored (as OCF requires, so a reader can sniff the type at a fixed offset), the rest deflated
in name order, every entry with one fixed timestamp and mode; the identifier comes from the
edition's address or its documents, and the modified date from the listing, never the clock.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from teipipe.resources import stylesheet
from teipipe.transform import xslt
from teipipe.transform.corpus import gathered, is_document_tree, listed

MEDIA_TYPE = b"application/epub+zip"
CONTAINER = "epub-container.xml"
CSS = "epub.css"
PACKAGE = "EPUB"
#: Every entry's timestamp: the earliest a zip can hold, so no clock leaks into the file.
TIMESTAMP = (1980, 1, 1, 0, 0, 0)
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def edition_epub(listing: Path, base_url: str | None = None) -> bytes:
    """The EPUB of the documents `listing` names; its identifier is a UUID derived from
    `base_url` (where the edition is published), else from the documents' ids."""
    documents = list(_documents(listing))
    if base_url is None:
        base_url = "teipipe:" + " ".join(sorted(tei.getroot().get(XML_ID, "") for tei in documents))
    identifier = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, base_url)}"
    corpus = gathered(listing)
    files = {
        "META-INF/container.xml": stylesheet(CONTAINER).read_bytes(),
        f"{PACKAGE}/package.opf": _run("epub-package.xsl", corpus, {"identifier": identifier}),
        f"{PACKAGE}/nav.xhtml": _run("epub-nav.xsl", corpus),
        f"{PACKAGE}/css/{CSS}": stylesheet(CSS).read_bytes(),
    }
    for tei in documents:
        # named as epub-common.xsl's epub-href names it: by the document's xml:id
        name = tei.getroot().get(XML_ID)
        if not name:  # the schema requires one; a document without it has no place in the book
            raise ValueError(f"{tei.docinfo.URL}: the TEI element has no xml:id")
        files[f"{PACKAGE}/text/{name}.xhtml"] = _run("tei-to-xhtml.xsl", tei)
    return pack(files)


def pack(files: dict[str, bytes]) -> bytes:
    """An OCF zip of `files` (name → bytes): `mimetype` first and stored, then the files
    deflated in name order, with fixed timestamps and modes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        _write(archive, "mimetype", MEDIA_TYPE, zipfile.ZIP_STORED)
        for name in sorted(files):
            _write(archive, name, files[name], zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _write(archive: zipfile.ZipFile, name: str, data: bytes, compression: int) -> None:
    info = zipfile.ZipInfo(name, date_time=TIMESTAMP)
    info.compress_type = compression
    info.create_system = 3  # Unix, wherever the EPUB is made
    info.external_attr = 0o644 << 16
    archive.writestr(info, data, compresslevel=9 if compression == zipfile.ZIP_DEFLATED else None)


def _documents(listing: Path) -> Iterator[etree._ElementTree]:
    """The TEI documents the listing names, parsed (its hrefs are relative, escaped URIs)."""
    for _, path in listed(xslt.parse(listing), listing):
        tei = xslt.parse(path)
        if is_document_tree(tei):
            yield tei


def _run(name: str, doc: etree._ElementTree, params: xslt.Params | None = None) -> bytes:
    return xslt.to_bytes(xslt.apply(name, doc, params))
