"""Print: the HTML edition in paged media, rendered by WeasyPrint.

The XSLT writes the HTML (with `print=yes`: footnotes stay at their calls for CSS `float:
footnote`, and `print.css` is linked); WeasyPrint lays it out. It may load the edition's CSS
files and nothing else: no network, no other files.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import weasyprint  # type: ignore[import-untyped]

from teipipe.resources import stylesheet
from teipipe.transform import xslt

XSLT_DIR = stylesheet("teipipe.css").parent.resolve()
CSS_BASE = XSLT_DIR.as_uri() + "/"

# WeasyPrint reports every CSS property it skips; the edition's CSS is known to it.
logging.getLogger("weasyprint").setLevel(logging.ERROR)


class LocalFetcher(weasyprint.URLFetcher):  # type: ignore[misc]
    """A URL fetcher that serves files from the stylesheet directory and refuses the rest."""

    def fetch(self, url: str, headers: Any = None) -> Any:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if parts.scheme == "file":
            path = Path(unquote(parts.path)).resolve()
            if path.is_relative_to(XSLT_DIR):
                return super().fetch(url, headers)
        raise ValueError(f"teipipe does not load {url} when printing")


def print_html(doc: Any, stylesheet_name: str = "tei-to-html.xsl") -> bytes:
    """The print HTML for `doc` (a parsed TEI document or corpus listing)."""
    params = {"print": "yes", "css-base": CSS_BASE}
    return xslt.to_bytes(xslt.apply(stylesheet_name, doc, params))


def render(html: bytes) -> bytes:
    """PDF bytes for print HTML; fonts are embedded (subset) by WeasyPrint."""
    document = weasyprint.HTML(string=html.decode("utf-8"), base_url=CSS_BASE,
                               url_fetcher=LocalFetcher())
    pdf: bytes = document.write_pdf()
    return pdf


def document_pdf(source: Path) -> bytes:
    """The PDF of one TEI document."""
    return render(print_html(xslt.parse(source)))


def volume_pdf(listing: Path) -> bytes:
    """The PDF volume of the corpus a listing names: cover, contents, every document."""
    return render(print_html(xslt.parse(listing), "corpus-volume.xsl"))
