"""The corpus as the corpus stylesheets see it: a small XML listing of its TEI files.

The corpus stylesheets (`corpus-index.xsl`, the volumes, the EPUB's package and navigation,
the teiCorpus, the OAI Static Repository) need no Python beyond writing this listing; they are
given it `gathered`, with each listed TEI inside its entry, and open an href with `document()`
only for an entry without one:

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
from urllib.parse import quote, unquote, urljoin, urlsplit

from lxml import etree

from teipipe import TEI_NS
from teipipe.files import Collected, Refused, collect
from teipipe.transform import xslt

BODY = f"{{{TEI_NS}}}text/{{{TEI_NS}}}body"


def is_document(path: Path) -> bool:
    """Whether `path` is an encoded document (a TEI with text/body), not e.g. the personography."""
    return _examine(path, named=False) is True


def is_document_tree(tree: etree._ElementTree) -> bool:
    """Whether a parsed file is an encoded document (a TEI with text/body)."""
    root = tree.getroot()
    return root.tag == f"{{{TEI_NS}}}TEI" and root.find(BODY) is not None


def find_documents(paths: Iterable[Path], *, follow_symlinks: bool = False) -> Collected:
    """The TEI documents among `paths` (a directory stands for its `*.xml` files, sorted), and
    the inputs refused.

    Refused: what is not well-formed XML (at the line and column where parsing failed), a file
    named explicitly that is not TEI, and links leading out of a directory. Well-formed files
    in a directory that are not documents (the personography) are passed over, as is a TEI
    file without a text named explicitly, so that `tei/*.xml` works.
    """
    documents: list[Path] = []
    refused: list[Refused] = []
    for path in paths:
        found, outside = collect([path], "*.xml", recursive=False, follow_symlinks=follow_symlinks)
        refused.extend(outside)
        for candidate in found:
            verdict = _examine(candidate, named=not path.is_dir())
            if verdict is True:
                documents.append(candidate)
            elif isinstance(verdict, Refused):
                refused.append(verdict)
    return Collected(documents, refused)


def document_paths(paths: Iterable[Path]) -> list[Path]:
    """The TEI documents among `paths`; a directory stands for its `*.xml` files, sorted.

    What `find_documents` refuses is left out; callers that must say why use that instead.
    """
    return find_documents(paths).found


def _examine(path: Path, *, named: bool) -> bool | Refused:
    """True for a document; a refusal for what must not pass silently; False to pass over."""
    try:
        tree = xslt.parse(path)
    except etree.XMLSyntaxError as err:
        return Refused.syntax(path, err)
    except OSError as err:
        return Refused(path, f"cannot read: {err}")
    if is_document_tree(tree):
        return True
    root = tree.getroot()
    if named and root.tag not in (f"{{{TEI_NS}}}TEI", f"{{{TEI_NS}}}teiCorpus"):
        return Refused(path, f"not a TEI document (its root element is {root.tag})")
    return False


def listing(
    documents: Sequence[Path], base: Path, personography: Path | None = None,
    datestamps: dict[str, str] | None = None,
) -> bytes:
    """The corpus listing for `documents`, with hrefs relative to directory `base`, and the
    documents' repository datestamps (by stem) where known."""
    root = etree.Element("corpus")
    if personography is not None and personography.exists():
        root.set("personography", _relative(personography, base))
    for document in documents:
        attributes = {
            "href": _relative(document, base),
            "stem": document.stem,
            "stem-uri": segment(document.stem),
        }
        if datestamps and document.stem in datestamps:
            attributes["datestamp"] = datestamps[document.stem]
        etree.SubElement(root, "doc", attributes)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def gathered(listing_file: Path) -> etree._ElementTree:
    """The corpus listing with each listed TEI document inside its entry: what the corpus
    stylesheets that read every document are given.

    Why one tree: libxslt finds a document already read by `document()` by walking the list of
    every document read so far, and finds a document's key() tables the same way, so reading a
    corpus of n documents that way took time in n squared (at 10,000 documents, most of the
    volume's markup time). The stylesheets take the TEI inside an entry, and read its href
    with `document()` only when there is none: in a listing written by hand, or for a file
    that cannot be parsed here, which `document()` then reports as it always did.
    """
    tree = xslt.parse(listing_file)
    for entry, path in listed(tree, listing_file):
        try:
            entry.append(xslt.parse(path).getroot())
        except (etree.XMLSyntaxError, OSError):
            continue
    return tree


def listed(tree: etree._ElementTree, listing_file: Path) -> list[tuple[etree._Element, Path]]:
    """The entries of a parsed listing with the local file each names (its href resolved
    against `listing_file`, percent-escapes undone); entries naming no local file are left
    out."""
    base = listing_file.resolve().as_uri()
    found = []
    for entry in tree.getroot().iterchildren("doc"):
        href = entry.get("href")
        location = urlsplit(urljoin(base, href)) if href else None
        if location is not None and location.scheme == "file":
            found.append((entry, Path(unquote(location.path))))
    return found


def segment(name: str) -> str:
    """`name` as one URI path segment: everything but unreserved ASCII percent-escaped (UTF-8)."""
    return quote(name, safe="")


def _relative(path: Path, base: Path) -> str:
    """A relative URI reference from directory `base` to `path`, each segment escaped."""
    relative = Path(os.path.relpath(path.resolve(), base.resolve()))
    return "/".join(segment(part) for part in relative.parts)
