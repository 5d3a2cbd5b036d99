"""The corpus as the corpus stylesheets see it: a small XML listing of its TEI files.

`corpus-index.xsl` and `corpus-volume.xsl` read each listed TEI with `document()`, so the
corpus-wide pages need no Python beyond writing this listing:

    <corpus personography="../tei/persons.xml">
      <doc href="../tei/004_616e472c30f512b7.xml" stem="004_616e472c30f512b7"/>
    </corpus>

hrefs are relative to the listing's own URL.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from lxml import etree

from teipipe import TEI_NS
from teipipe.transform import xslt

BODY = f"{{{TEI_NS}}}text/{{{TEI_NS}}}body"


def is_document(path: Path) -> bool:
    """Whether `path` is an encoded document (a TEI with text/body), not e.g. the personography."""
    try:
        return is_document_tree(xslt.parse(path))
    except (etree.XMLSyntaxError, OSError):
        return False


def is_document_tree(tree: etree._ElementTree) -> bool:
    """Whether a parsed file is an encoded document (a TEI with text/body)."""
    root = tree.getroot()
    return root.tag == f"{{{TEI_NS}}}TEI" and root.find(BODY) is not None


def document_paths(paths: Iterable[Path]) -> list[Path]:
    """The TEI documents among `paths`; a directory stands for its `*.xml` files, sorted."""
    found: list[Path] = []
    for path in paths:
        candidates = sorted(path.glob("*.xml")) if path.is_dir() else [path]
        found.extend(candidate for candidate in candidates if is_document(candidate))
    return found


def listing(documents: Sequence[Path], base: Path, personography: Path | None = None) -> bytes:
    """The corpus listing for `documents`, with hrefs relative to directory `base`."""
    root = etree.Element("corpus")
    if personography is not None and personography.exists():
        root.set("personography", _relative(personography, base))
    for document in documents:
        etree.SubElement(root, "doc", href=_relative(document, base), stem=document.stem)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _relative(path: Path, base: Path) -> str:
    return Path(os.path.relpath(path.resolve(), base.resolve())).as_posix()
