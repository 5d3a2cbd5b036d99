"""TEI to reading formats: HTML, PDF, plain text and Dublin Core for each document, and one
EPUB of them all, all through XSLT.

The stylesheets in `xslt/` do the work; this package picks the stylesheet and its parameters,
writes files and leaves printing to the CLI.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from teipipe.files import Refused, clean_stale_temporaries, guard_outputs, write_atomically
from teipipe.formats import (
    DOCUMENT_FORMATS,
    EPUB_NAME,
    FORMATS,
    SUFFIX,
    DocumentFormat,
    Format,
)
from teipipe.resources import stylesheet
from teipipe.transform import xslt
from teipipe.transform.corpus import find_documents, listing, segment

#: The stylesheet of each format that is one transform (PDF is Typst's, after its own).
STYLESHEET: dict[DocumentFormat, str] = {
    "html": "tei-to-html.xsl",
    "text": "tei-to-text.xsl",
    "dc": "tei-to-dc.xsl",
}
#: CSS the HTML edition links to, copied beside the HTML files.
CSS_FILES = ("teipipe.css",)

__all__ = [
    "DOCUMENT_FORMATS",
    "FORMATS",
    "SUFFIX",
    "DocumentFormat",
    "Format",
    "TransformReport",
    "Transformed",
    "render",
    "transform_paths",
    "write_css",
]


@dataclass(frozen=True)
class Transformed:
    """An output file written from a TEI document (an EPUB: one entry per document in it)."""

    source: Path
    output: Path
    format: Format


@dataclass
class TransformReport:
    """The files written, the inputs refused (not XML, not TEI, or failing to transform), and
    the temporaries a killed run had left in the output folder, now removed."""

    written: list[Transformed] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    cleaned: list[Path] = field(default_factory=list)


def render(source: Path, to: DocumentFormat, *, index_href: str = "") -> bytes:
    """The bytes of `source` (a TEI document) in format `to`."""
    if to == "pdf":
        from teipipe.transform.pdf import document_pdf

        return document_pdf(source)
    doc = xslt.parse(source)
    params: xslt.Params = {}
    if to == "html":
        params["index-href"] = index_href
    elif to == "dc":
        params["stem"] = segment(source.stem)  # a URI path segment
    return xslt.to_bytes(xslt.apply(STYLESHEET[to], doc, params))


def write_css(out_dir: Path) -> None:
    """Put the edition's CSS beside HTML written to `out_dir`."""
    for name in CSS_FILES:
        shutil.copyfile(stylesheet(name), out_dir / name)


def transform_paths(
    paths: Sequence[Path], to: Format, out_dir: Path, *, follow_symlinks: bool = False
) -> TransformReport:
    """Transform the TEI documents among `paths` (files or directories) into `out_dir`: a
    file per document, or for `epub` one book of them all (`edition.epub`).

    Files that are not documents (the personography) are passed over; inputs that are not XML
    or not TEI are refused and the others still transformed. Raises `OverwriteError`, before
    writing anything, when an output would replace an input or an existing TEI file.
    """
    documents, refused = find_documents(paths, follow_symlinks=follow_symlinks)
    report = TransformReport(refused=refused)
    if to == "epub":
        targets = [out_dir / EPUB_NAME]
    else:
        targets = [out_dir / (source.stem + SUFFIX[to]) for source in documents]
    support = [out_dir / name for name in CSS_FILES] if to == "html" else []
    guard_outputs([*targets, *support], [*documents, *(entry.path for entry in refused)])
    out_dir.mkdir(parents=True, exist_ok=True)
    report.cleaned = clean_stale_temporaries(out_dir)
    if to == "epub":
        if documents:
            _write_epub(documents, targets[0], report)
        return report
    if to == "html":
        write_css(out_dir)
    for source, target in zip(documents, targets, strict=True):
        try:
            data = render(source, to)
        except xslt.TransformError as err:
            report.refused.append(Refused(source, str(err)))
            continue
        write_atomically(target, data)
        report.written.append(Transformed(source, target, to))
    return report


def _write_epub(documents: Sequence[Path], target: Path, report: TransformReport) -> None:
    """The book of `documents`, read through a corpus listing as the build's is."""
    from teipipe.transform.epub import edition_epub

    with tempfile.TemporaryDirectory(prefix="teipipe-epub-") as folder:
        corpus = Path(folder) / "listing.xml"
        corpus.write_bytes(listing(documents, Path(folder)))
        try:
            data = edition_epub(corpus)
        except (xslt.TransformError, ValueError) as err:
            report.refused.append(Refused(target, f"no EPUB: {err}"))
            return
    write_atomically(target, data)
    report.written.extend(Transformed(source, target, "epub") for source in documents)
