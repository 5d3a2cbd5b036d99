"""Print: the TEI as Typst markup (XSLT), typeset by the Typst compiler into PDF/A-2b.

`tei-to-typst.xsl` writes the markup of one document, `corpus-volume-typst.xsl` that of the
volume; both call the layout functions of `print.typ`. Typst runs in this process (the `typst`
package ships the compiler), reads only the stylesheet folder (its root) and the DejaVu fonts,
and writes tagged PDF/A-2b with the headings as bookmarks and each document's id as a named
destination. One compiler per process keeps the fonts loaded between documents.

Typst was chosen over WeasyPrint for speed (scripts/bench_print.py): 14 ms against 166 ms for
a document, and 4.7 s against 70 s for a volume of 320 documents (1,000: 8.5 s).
"""

from __future__ import annotations

import os
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Final

import typst
from lxml import etree

from teipipe.resources import stylesheet
from teipipe.transform import xslt
from teipipe.transform.corpus import gathered

XSLT_DIR = stylesheet("print.typ").parent.resolve()
#: Where Debian's fonts-dejavu-core puts the faces print.typ asks for.
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf",
              "DejaVuSans.ttf")
PDF_STANDARD: Final = "a-2b"


class PrintError(Exception):
    """The PDF cannot be made: fonts missing, or Typst refused the markup."""


def font_dir() -> Path:
    """The DejaVu font folder (TEIPIPE_FONT_DIR overrides the Debian location); a clear error
    when a face is missing, rather than a PDF quietly set in a fallback font."""
    folder = Path(os.environ.get("TEIPIPE_FONT_DIR") or FONT_DIR)
    missing = [name for name in FONT_FILES if not (folder / name).is_file()]
    if missing:
        raise PrintError(f"the DejaVu fonts are missing from {folder} ({', '.join(missing)}): "
                         f"install them (Debian: apt-get install fonts-dejavu-core) or set "
                         f"TEIPIPE_FONT_DIR to a folder holding them")
    return folder


@cache
def compiler() -> typst.Compiler:
    """This process's Typst compiler: the stylesheet folder as its root, DejaVu as its fonts
    (no system fonts, so the PDF does not depend on the machine)."""
    return typst.Compiler(root=str(XSLT_DIR), font_paths=[str(font_dir())],
                          ignore_system_fonts=True)


def timestamp() -> int:
    """The PDF's creation date (PDF/A needs one): SOURCE_DATE_EPOCH when set, else the epoch,
    so the same TEI gives the same bytes."""
    try:
        return int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    except ValueError:
        return 0


def typst_markup(doc: etree._ElementTree, stylesheet_name: str = "tei-to-typst.xsl") -> bytes:
    """The Typst markup for `doc` (a parsed TEI document, or a corpus listing for the volume
    stylesheet)."""
    return xslt.to_bytes(xslt.apply(stylesheet_name, doc))


def render(markup: bytes) -> bytes:
    """PDF bytes for Typst markup written by the stylesheets."""
    try:
        pdf = compiler().compile(input=markup, format="pdf", pdf_standards=[PDF_STANDARD],
                                 timestamp=timestamp())
    except typst.TypstError as error:
        raise PrintError(f"Typst: {error}") from error
    if not isinstance(pdf, bytes):  # pages as images come as a list; a PDF is one file
        raise PrintError("Typst did not return one PDF")
    return pdf


def document_pdf(source: Path) -> bytes:
    """The PDF of one TEI document."""
    return render(typst_markup(xslt.parse(source)))


def volume_pdf(listing: Path) -> bytes:
    """The PDF volume of the corpus a listing names: cover, contents, every document, colophon;
    typeset in a process of its own (see `render_apart`)."""
    return render_apart(typst_markup(gathered(listing), "corpus-volume-typst.xsl"))


def render_apart(markup: bytes) -> bytes:
    """`render` in a fresh process that ends with it (`teipipe.transform.typeset`). Typst keeps
    what it laid out in caches for the life of the process (about 1.2 MB a document for a
    volume), so a volume typeset in the build's own process or a worker would hold that memory
    for the rest of the build; a process of its own gives it all back."""
    done = subprocess.run([sys.executable, "-m", "teipipe.transform.typeset"], input=markup,
                          capture_output=True, check=False)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise PrintError(message[-1] if message else f"Typst exited with {done.returncode}")
    return done.stdout
