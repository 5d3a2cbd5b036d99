"""The edition's TEI documents as DTS sees them, parsed once per version of each file.

Every DTS request needs a document's citation tree or metadata; parsing and running the DC
stylesheet on each request would make the API slow, so each file's reading is kept until its
modification time or size changes. A file that cannot be read as a TEI document with a body
(the personography, a broken or DTD-carrying file) is simply not a DTS Resource.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from teipipe.serve import dts_metadata
from teipipe.serve.dts_citations import TEI_NS, CitationTree, build
from teipipe.serve.dts_metadata import Metadata
from teipipe.validate.parsing import safe_parser


@dataclass(frozen=True)
class Document:
    """One published TEI document: its identifier (the file stem), metadata and citations."""

    stem: str
    path: Path
    tree: etree._ElementTree
    metadata: Metadata
    citations: CitationTree


def _load(path: Path) -> Document | None:
    try:
        tree = etree.parse(str(path), safe_parser())
    except (etree.XMLSyntaxError, OSError):
        return None
    root = tree.getroot()
    if tree.docinfo.internalDTD is not None or root.tag != f"{{{TEI_NS}}}TEI":
        return None
    if root.find(f"{{{TEI_NS}}}text/{{{TEI_NS}}}body") is None:
        return None
    return Document(path.stem, path, tree, dts_metadata.read(tree, path.stem), build(root))


class Edition:
    """The documents of `out_dir/tei/`, re-read only when a file changes."""

    def __init__(self, out_dir: Path) -> None:
        self.tei_dir = out_dir / "tei"
        self._cache: dict[Path, tuple[tuple[int, int], Document | None]] = {}

    def documents(self) -> dict[str, Document]:
        """Every document by identifier, in file name order."""
        fresh: dict[Path, tuple[tuple[int, int], Document | None]] = {}
        paths = sorted(self.tei_dir.glob("*.xml")) if self.tei_dir.is_dir() else []
        for path in paths:
            try:
                stat = path.stat()
            except OSError:
                continue
            key = (stat.st_mtime_ns, stat.st_size)
            cached = self._cache.get(path)
            fresh[path] = cached if cached and cached[0] == key else (key, _load(path))
        self._cache = fresh
        return {doc.stem: doc for _, doc in fresh.values() if doc is not None}
