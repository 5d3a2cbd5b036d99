"""TEI to reading formats: HTML, PDF, plain text and Dublin Core, all through XSLT.

The stylesheets in `xslt/` do the work; this package picks the stylesheet and its parameters,
writes files and leaves printing to the CLI.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

from teipipe.resources import stylesheet
from teipipe.transform import xslt
from teipipe.transform.corpus import document_paths, segment

Format = Literal["html", "pdf", "text", "dc"]
FORMATS: tuple[Format, ...] = get_args(Format)
SUFFIX: dict[Format, str] = {"html": ".html", "pdf": ".pdf", "text": ".txt", "dc": ".xml"}
STYLESHEET: dict[Format, str] = {
    "html": "tei-to-html.xsl",
    "pdf": "tei-to-html.xsl",
    "text": "tei-to-text.xsl",
    "dc": "tei-to-dc.xsl",
}
#: CSS the HTML edition links to, copied beside the HTML files.
CSS_FILES = ("teipipe.css",)

__all__ = [
    "FORMATS",
    "SUFFIX",
    "Format",
    "Transformed",
    "render",
    "transform_paths",
    "write_css",
]


@dataclass(frozen=True)
class Transformed:
    """One output file written from one TEI document."""

    source: Path
    output: Path
    format: Format


def render(source: Path, to: Format, *, index_href: str = "") -> bytes:
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


def transform_paths(paths: Sequence[Path], to: Format, out_dir: Path) -> list[Transformed]:
    """Transform the TEI documents among `paths` (files or directories) into `out_dir`.

    Files that are not documents (the personography) are passed over.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    if to == "html":
        write_css(out_dir)
    written = []
    for source in document_paths(paths):
        target = out_dir / (source.stem + SUFFIX[to])
        target.write_bytes(render(source, to))
        written.append(Transformed(source, target, to))
    return written
