"""index.html's search box in a real headless Chromium: from file:// with the static index, and
from `teipipe serve`-like HTTP with /api/search snippets.

The page honours ?q= on load, so `chromium --dump-dom` shows the results the script rendered.
"""

from __future__ import annotations

import shutil
import subprocess
import urllib.parse
from collections import Counter
from pathlib import Path

import pytest
from lxml import html
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from search_support import Edition, iso_date, make_edition, registered_names
from serve_support import serving
from teipipe.resources import stylesheet
from teipipe.search import build_search_index, write_static_search_index
from teipipe.search.records import SearchRecord, fold, read_records, words
from teipipe.serve.search import routes
from teipipe.transform import xslt
from teipipe.transform.corpus import listing

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Edition:
    """index.html, search.js, teipipe.css and both indexes, as the build lays them out."""
    edition = make_edition(tmp_path_factory.mktemp("edition"))
    out = edition.out_dir
    (out / "listing.xml").write_bytes(listing(edition.documents, out, edition.persons))
    page = xslt.apply("corpus-index.xsl", xslt.parse(out / "listing.xml"))
    (out / "index.html").write_bytes(xslt.to_bytes(page))
    (out / "html").mkdir()
    for name in ("teipipe.css", "search.js"):
        shutil.copyfile(stylesheet(name), out / "html" / name)
    write_static_search_index(edition.documents, out / "search-index.js", persons=edition.persons)
    build_search_index(edition.documents, out / "search.sqlite", persons=edition.persons)
    return edition


@pytest.fixture(scope="module")
def records(edition: Edition) -> list[SearchRecord]:
    return read_records(edition.documents, edition.persons)


def rendered(url: str, profile: Path) -> html.HtmlElement:
    """The DOM of `url` after its scripts ran, as headless Chromium dumps it."""
    assert CHROMIUM is not None
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", f"--user-data-dir={profile}", "--virtual-time-budget=5000",
         "--dump-dom", url],
        check=True, capture_output=True, timeout=120,
    )
    return html.fromstring(done.stdout)


def results(page: html.HtmlElement) -> list[tuple[str, str]]:
    """(stem, matched-field text) of each result the script listed."""
    found = []
    for item in page.xpath("//ol[@id = 'search-results']/li"):
        stem = item.xpath("string(a/@href)").removeprefix("html/").removesuffix(".html")
        found.append((stem, item.xpath("string(span[@class = 'search-field'])")))
    return found


def search_file(edition: Edition, query: str, profile: Path) -> list[tuple[str, str]]:
    url = (edition.out_dir / "index.html").as_uri() + "?q=" + urllib.parse.quote(query)
    page = rendered(url, profile)
    assert page.xpath("string(//form[@id = 'search']/@data-source)") == "static"
    return results(page)


def test_from_a_disk_a_word_a_person_and_a_date_are_found(
    edition: Edition, records: list[SearchRecord], tmp_path: Path
) -> None:
    counts = Counter(word for r in records for word in set(words(r.text)))
    word, holder = next(
        (w, r) for r in records for w in sorted(set(words(r.text)))
        if counts[w] == 1 and len(w) >= 8 and w.isalpha()
        and not any(c.startswith(w) and c != w for c in counts)
    )
    assert search_file(edition, word.capitalize(), tmp_path) == [(holder.stem, "Text")]

    document = next(doc for doc in edition.documents if registered_names(doc, edition.persons))
    name = registered_names(document, edition.persons)[0]
    hits = dict(search_file(edition, name, tmp_path))
    assert hits[document.stem].startswith("Person: ")

    day = iso_date(document)[:10]
    hits = dict(search_file(edition, day, tmp_path))
    assert set(hits) == {r.stem for r in records if r.date.startswith(day)}
    assert all(field.startswith("Date: ") for field in hits.values())


def test_served_the_search_shows_full_text_snippets(
    edition: Edition, records: list[SearchRecord], tmp_path: Path
) -> None:
    record = records[0]
    word = max(words(record.text), key=len)
    app = Starlette(routes=[
        *routes(edition.out_dir),
        Mount("/", StaticFiles(directory=edition.out_dir, html=True)),
    ])
    with serving(app) as base:
        page = rendered(f"{base}/index.html?q={urllib.parse.quote(word)}", tmp_path)
    assert page.xpath("string(//form[@id = 'search']/@data-source)") == "server"
    stems = [stem for stem, _ in results(page)]
    assert record.stem in stems
    marks = page.xpath("//ol[@id = 'search-results']/li/span[@class = 'search-snippet']/mark")
    assert marks and all(fold(mark.text).startswith(word) for mark in marks)


def test_a_hostile_query_stays_text(edition: Edition, tmp_path: Path) -> None:
    query = '<img src=x id=injected> "cuba ( NEAR( constructor __proto__'
    url = (edition.out_dir / "index.html").as_uri() + "?q=" + urllib.parse.quote(query)
    page = rendered(url, tmp_path)
    assert not page.xpath("//*[@id = 'injected']")
    status = page.xpath("string(//p[@id = 'search-status'])")
    assert query in status and results(page) == []
