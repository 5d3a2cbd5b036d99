"""The metadata formats the repository disseminates, made from each item's TEI.

    oai_dc   unqualified Dublin Core, by xslt/tei-to-dc.xsl (the stylesheet that writes the
             edition's dc/<stem>.xml), with the HTML page's URL as a second identifier
    tei      the document's teiHeader, as it is in the TEI. Its xml:ids (persons, the
             classification taxonomy) recur in every document, and xml:id must be unique in an
             XML document, so a response holds one tei record only: ListRecords pages by one.

Records are made from the TEI itself rather than read from dc/, so what a harvester gets always
matches the document served beside it. Made records are kept until their TEI file changes.
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from teipipe import TEI_NS
from teipipe.transform import xslt


@dataclass(frozen=True)
class MetadataFormat:
    """A format as ListMetadataFormats describes it; `records_per_response` caps a page."""

    prefix: str
    schema: str
    namespace: str
    records_per_response: int | None = None


FORMATS: tuple[MetadataFormat, ...] = (
    MetadataFormat("oai_dc", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
                   "http://www.openarchives.org/OAI/2.0/oai_dc/"),
    MetadataFormat("tei", "https://teipipe.org/schemas/1/oai/teipipe-header.xsd", TEI_NS, 1),
)
PREFIXES = {fmt.prefix: fmt for fmt in FORMATS}

#: Records kept in memory (each a few kB): enough for a whole ListRecords page many times over.
CACHE_SIZE = 4096


class MetadataError(Exception):
    """An item's TEI could not be turned into the format asked for."""


class MetadataMaker:
    """Makes records, remembering recent ones; safe to share between threads."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._made: OrderedDict[tuple[str, int, int, str, str], etree._Element] = OrderedDict()

    def record(self, path: Path, prefix: str, html_base: str) -> etree._Element:
        """A fresh copy of the `prefix` record of the TEI at `path` (to insert in a response).

        `html_base` is the URL of the edition's html/ folder, for Dublin Core's identifier.
        """
        try:
            info = path.stat()
        except OSError as err:
            raise MetadataError(f"{path.name}: {err.strerror}") from err
        key = (str(path), info.st_mtime_ns, info.st_size, prefix, html_base)
        with self._lock:
            made = self._made.get(key)
            if made is not None:
                self._made.move_to_end(key)
        if made is None:
            made = _make(path, prefix, html_base)
            with self._lock:
                self._made[key] = made
                while len(self._made) > self._size:
                    self._made.popitem(last=False)
        return copy.deepcopy(made)


def _make(path: Path, prefix: str, html_base: str) -> etree._Element:
    try:
        document = xslt.parse(path)
    except (etree.XMLSyntaxError, OSError) as err:
        raise MetadataError(f"{path.name}: {err}") from err
    if prefix == "oai_dc":
        try:
            result = xslt.apply("tei-to-dc.xsl", document,
                                {"stem": path.stem, "base-url": html_base})
        except xslt.TransformError as err:
            raise MetadataError(str(err)) from err
        return result.getroot()
    if prefix == "tei":
        header = document.getroot().find(f"{{{TEI_NS}}}teiHeader")
        if header is None:
            raise MetadataError(f"{path.name}: no teiHeader")
        return header
    raise MetadataError(f"unknown metadata format {prefix!r}")
