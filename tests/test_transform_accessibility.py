"""Accessibility of the edition's pages (the index, the documents' pages, the EPUB's XHTML).

axe-core (Deque's rules engine, the JavaScript file axe-playwright-python ships) runs in
headless Chromium on the index, the EPUB's contents page, the hostile document's pages and the
largest pages of each kind (the most structure: notes, transcripts, attachments, lists); half
a second a page, so not on all of them. On every page, the structure a screen reader navigates
by is checked directly: a language, one h1, no skipped heading level, one main landmark, the
colophon and navigation where they belong, text for every link and image."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from lxml import etree, html

from epub_support import HOSTILE_ID, edition_pages
from teipipe.transform import xslt

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
XHTML = "http://www.w3.org/1999/xhtml"


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The edition's pages for the repository's documents and a hostile one."""
    return edition_pages(tmp_path_factory.mktemp("edition"))


def parsed(page: Path) -> etree._Element:
    """The page as a tree of plain HTML names (the XHTML namespace dropped)."""
    if page.suffix == ".xhtml":
        root = etree.parse(str(page), xslt.parser()).getroot()
        for element in root.iter():
            if isinstance(element.tag, str) and element.tag.startswith(f"{{{XHTML}}}"):
                element.tag = element.tag.removeprefix(f"{{{XHTML}}}")
        return root
    return html.parse(str(page)).getroot()


def structure_problems(page: Path) -> list[str]:
    root = parsed(page)
    problems = []
    if not root.get("lang"):
        problems.append("no lang on html")
    levels = [int(str(h.tag)[1]) for h in root.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    if levels.count(1) != 1:
        problems.append(f"{levels.count(1)} h1 elements")
    problems += [f"h{a} followed by h{b}" for a, b in pairwise(levels) if b > a + 1]
    if len(root.findall(".//main")) != 1:
        problems.append("not one main landmark")
    for link in root.iter("a"):
        if not ("".join(link.itertext()).strip() or link.get("aria-label")):
            problems.append(f"link without text: {link.get('href')}")
    problems += [f"img without alt: {img.get('src')}" for img in root.iter("img")
                 if img.get("alt") is None]
    return problems


def test_pages_have_the_structure_assistive_technology_navigates(pages: list[Path]) -> None:
    problems = {page.name: found for page in pages if (found := structure_problems(page))}
    assert problems == {}
    documents = [page for page in pages if page.parent.name in {"html", "epub"}
                 and page.name != "nav.xhtml"]
    for page in documents:  # a document page has its article and its colophon
        root = parsed(page)
        assert root.find(".//main/article") is not None and root.find(".//footer") is not None
        assert (page.parent.name == "epub") == (root.find(".//nav") is None)  # back to index
    contents = parsed(next(page for page in pages if page.name == "nav.xhtml"))
    assert contents.find(".//header/h1") is not None and contents.find(".//main/nav") is not None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield launched
        launched.close()


def axe_sample(pages: list[Path]) -> list[Path]:
    """The pages axe checks: the corpus pages, the hostile document's, the largest others."""
    chosen = [page for page in pages if page.parent.name not in {"html", "epub"}
              or page.name == "nav.xhtml" or page.stem in {HOSTILE_ID, "Memo #2 & co"}]
    for folder in ("html", "epub"):
        rest = [page for page in pages if page.parent.name == folder and page not in chosen]
        chosen += sorted(rest, key=lambda page: page.stat().st_size, reverse=True)[:5]
    return chosen


def test_axe_core_finds_no_violations(pages: list[Path], browser: Any) -> None:
    axe = pytest.importorskip("axe_playwright_python.sync_playwright",
                              reason="axe-playwright-python is not installed").Axe()
    tab = browser.new_page()
    violations = {}
    sample = axe_sample(pages)
    assert len(sample) == 14
    for page in sample:
        tab.goto(page.as_uri())
        found = axe.run(tab).response["violations"]
        if found:
            violations[page.name] = [(rule["id"], rule["impact"],
                                      [node["target"] for node in rule["nodes"]][:3])
                                     for rule in found]
    assert violations == {}
    # the rules really ran on the pages: axe reports what it checked
    tab.goto(pages[0].as_uri())
    passes = axe.run(tab, options={"resultTypes": ["passes"]}).response["passes"]
    assert {"html-has-lang", "link-name", "landmark-one-main"} <= {rule["id"] for rule in passes}
