"""The corpus as the corpus stylesheets see it: a small XML listing of its TEI files.

`corpus-index.xsl` and `corpus-volume.xsl` read each listed TEI with `document()`, so the
corpus-wide pages need no Python beyond writing this listing:

    <corpus personography="../tei/persons.xml">
      <doc href="../tei/004_616e472c30f512b7.xml" stem="004_616e472c30f512b7"
           stem-uri="004_616e472c30f512b7"/>
    </corpus>

hrefs are relative URI references to the listing's own URL, and `stem-uri` is the stem as one
URI path segment (the stylesheets link `html/{stem-uri}.html`). Both are percent-escaped here,
because XSLT 1.0 cannot escape: a file name with a space, `%`, `#`, `&`, `:` or any non-ASCII
letter would otherwise be a broken or wrong URI (`#2` a fragment, `a:b` a scheme).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from urllib.parse import quote

from lxml import etree

from teipipe import TEI_NS
from teipipe.transform import xslt

BODY = f"{{{TEI_NS}}}text/{{{TEI_NS}}}body"


def is_document(path: Path) -> bool:
    """Whether `path` is an encoded document (a TEI with text/body), not e.g. the personography."""
    try:
        root = xslt.parse(path).getroot()
    except (etree.XMLSyntaxError, OSError):
        return False
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
        attributes = {
            "href": _relative(document, base),
            "stem": document.stem,
            "stem-uri": segment(document.stem),
        }
        etree.SubElement(root, "doc", attributes)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def segment(name: str) -> str:
    """`name` as one URI path segment: everything but unreserved ASCII percent-escaped (UTF-8)."""
    return quote(name, safe="")


def _relative(path: Path, base: Path) -> str:
    """A relative URI reference from directory `base` to `path`, each segment escaped."""
    relative = Path(os.path.relpath(path.resolve(), base.resolve()))
    return "/".join(segment(part) for part in relative.parts)
