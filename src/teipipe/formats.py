"""The formats `teipipe transform` writes and the build makes for each document: one list,
read by the transforms, the build and the CLI alike (kept free of heavy imports, so the CLI
can offer its choices without loading the transforms).

Document formats give one file per TEI document; `epub` gives one file for all of them.
"""

from __future__ import annotations

from typing import Literal, get_args

DocumentFormat = Literal["html", "pdf", "text", "dc"]
Format = DocumentFormat | Literal["epub"]

DOCUMENT_FORMATS: tuple[DocumentFormat, ...] = get_args(DocumentFormat)
FORMATS: tuple[Format, ...] = (*DOCUMENT_FORMATS, "epub")
SUFFIX: dict[DocumentFormat, str] = {"html": ".html", "pdf": ".pdf", "text": ".txt", "dc": ".xml"}
#: The file `teipipe transform --to epub` writes, and the build's (in `epub/`).
EPUB_NAME = "edition.epub"

__all__ = ["DOCUMENT_FORMATS", "EPUB_NAME", "FORMATS", "SUFFIX", "DocumentFormat", "Format"]
