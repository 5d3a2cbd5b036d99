"""/api/search through a real uvicorn server on 127.0.0.1, over the repository's documents."""

from __future__ import annotations

import re
import unicodedata
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette

from search_support import Edition, iso_date, make_edition, registered_names
from serve_support import get_json, serving
from teipipe.search import build_search_index
from teipipe.search.index import write_index
from teipipe.search.records import SearchRecord, fold, read_records, words
from teipipe.serve.search import routes

HOSTILE = [
    "", " ", '"', '""', "'", "*", "^", "-", ":", "(", ")", "NEAR(", "NEAR(cuba missile, 2)",
    "cuba AND", "OR", "NOT cuba", "title:cuba", "{title text}: cuba", '"cuba', 'cu"ba*',
    "a\x00b", "\x00", "cuba" * 2500, "x " * 5000, "\u0301", "₂", "ǅ", "🚀", "\ufffd",
    "<script>alert(1)</script>", "%", "\\", "\u2028", "cuba\ue000missile\ue001",
]


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Edition:
    edition = make_edition(tmp_path_factory.mktemp("edition"))
    build_search_index(edition.documents, edition.out_dir / "search.sqlite",
                       persons=edition.persons)
    return edition


@pytest.fixture(scope="module")
def records(edition: Edition) -> list[SearchRecord]:
    return read_records(edition.documents, edition.persons)


@pytest.fixture(scope="module")
def base(edition: Edition) -> Iterator[str]:
    with serving(Starlette(routes=routes(edition.out_dir))) as url:
        yield url


def ask(base: str, **params: str) -> tuple[int, Any]:
    return get_json(f"{base}/api/search?{urllib.parse.urlencode(params)}")


def found(base: str, query: str) -> list[str]:
    """Stems of every document matching `query`, through all pages."""
    stems: list[str] = []
    while True:
        status, body = ask(base, q=query, limit="7", offset=str(len(stems)))
        assert status == 200
        stems += [hit["stem"] for hit in body["results"]]
        if not body["results"]:
            assert len(stems) == body["total"]
            return stems


def test_a_word_of_one_document_finds_that_document(
    base: str, records: list[SearchRecord]
) -> None:
    counts = Counter(word for r in records for word in set(words(r.text)))
    word, record = next(
        (w, r) for r in records for w in sorted(set(words(r.text)))
        if counts[w] == 1 and len(w) >= 8 and w.isalpha()
        and not any(c[:len(w)] == w and c != w for c in counts)  # no longer word starts with it
    )
    status, body = ask(base, q=word.upper())
    assert status == 200
    assert body["query"] == word.upper()
    assert body["total"] == 1
    (hit,) = body["results"]
    assert hit["stem"] == record.stem
    assert hit["url"] == f"html/{record.stem}.html"
    assert hit["title"] == record.title and hit["date"] == record.date
    assert "<mark>" in hit["snippet"] and "</mark>" in hit["snippet"]


def test_a_person_is_found_under_the_personography_name(edition: Edition, base: str) -> None:
    document = next(doc for doc in edition.documents if registered_names(doc, edition.persons))
    for name in registered_names(document, edition.persons):
        assert document.stem in found(base, name), name


def test_an_iso_date_finds_the_documents_of_that_day(edition: Edition, base: str) -> None:
    dated = [doc for doc in edition.documents if iso_date(doc)]
    day = iso_date(dated[len(dated) // 2])[:10]
    expected = {doc.stem for doc in dated if iso_date(doc).startswith(day)}
    assert expected <= set(found(base, day))
    month = day[:7]
    assert {doc.stem for doc in dated if iso_date(doc).startswith(month)} <= set(
        found(base, month)
    )


def test_diacritics_do_not_matter(base: str, records: list[SearchRecord]) -> None:
    word, record = next((w, r) for r in records for w in sorted(set(words(r.text)))
                        if len(w) >= 5 and w.isascii() and w.isalpha())
    accented = unicodedata.normalize("NFC", word[:-1] + word[-1] + "\u0301")
    assert record.stem in found(base, accented)
    accented_in_corpus = sorted(
        (token, r.stem) for r in records for token in set(re.findall(r"[^\W\d_]+", r.text))
        if not token.isascii() and fold(token).isascii()
    )
    for token, stem in accented_in_corpus[:3]:  # 'Hervé' is found as 'herve'
        assert stem in found(base, fold(token)), token


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_are_only_text(base: str, query: str) -> None:
    status, body = ask(base, q=query)
    assert status == 200
    assert body["query"] == query
    assert isinstance(body["total"], int) and body["total"] == len(found(base, query))


def test_pages_cover_every_match_once(base: str, records: list[SearchRecord]) -> None:
    year = next(r.date[:4] for r in records if r.date)
    stems = found(base, year)
    assert len(stems) == len(set(stems))
    assert {r.stem for r in records if r.date.startswith(year)} <= set(stems)


def test_bad_requests_are_json_errors(base: str) -> None:
    for params in ({}, {"q": "cuba", "limit": "ten"}, {"q": "cuba", "offset": "-1"}):
        status, body = ask(base, **params)
        assert status == 400, params
        assert isinstance(body["error"], str)


def test_snippets_escape_the_text_and_mark_the_match(tmp_path: Path) -> None:
    text = "The <b>quarantine</b> & the \"line\"; no <mark>fake</mark> marks."
    record = SearchRecord("d1", "Note", "1962-10-24", "October 24, 1962", "Memorandum", (), text)
    write_index([record], tmp_path / "search.sqlite")
    with serving(Starlette(routes=routes(tmp_path))) as url:
        status, body = ask(url, q="quarantine")
    assert status == 200
    snippet = body["results"][0]["snippet"]
    assert "&lt;b&gt;<mark>quarantine</mark>&lt;/b&gt; &amp; the" in snippet
    assert "&lt;mark&gt;fake&lt;/mark&gt;" in snippet


def test_an_edition_without_an_index_says_so(tmp_path: Path) -> None:
    with serving(Starlette(routes=routes(tmp_path))) as url:
        status, body = ask(url, q="cuba")
    assert status == 503 and "search" in body["error"]
