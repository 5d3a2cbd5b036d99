"""Searching the FTS5 index with whatever a visitor types, safely.

A query is never handed to FTS5 as syntax: it is cut into whitespace-separated terms, each
becomes a quoted FTS5 string with a prefix star ("gromy"* finds Gromyko; "1962-10"* is the
phrase 1962 10* and so finds October 1962 in the date), and the terms are ANDed. Quotes,
parentheses, NEAR(, column filters and control characters are thus only text; overlong
queries are cut. The connection is read-only.
"""

from __future__ import annotations

import html
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from teipipe.search.index import COLUMNS, MARK_CLOSE, MARK_OPEN, TABLE

#: Longest query considered, in characters, and most terms; the rest is ignored.
MAX_QUERY = 200
MAX_TERMS = 12
#: Ranking weight of a match in each column: the title counts most, the running text least.
WEIGHTS = {"stem": 0.0, "title": 10.0, "date": 5.0, "dateline": 5.0, "kind": 2.0,
           "people": 5.0, "text": 1.0}
_BM25 = f"bm25({TABLE}, {', '.join(str(WEIGHTS[column]) for column in COLUMNS)})"
#: Words of context around the matches in a snippet.
SNIPPET_WORDS = 16


@dataclass(frozen=True)
class Hit:
    """One matching document; `snippet` is HTML: escaped text with <mark> around matches."""

    stem: str
    title: str
    date: str
    dateline: str
    kind: str
    url: str
    snippet: str


@dataclass(frozen=True)
class Page:
    """One page of results: `total` matches in all, `results` from `offset` on."""

    query: str
    total: int
    results: list[Hit] = field(default_factory=list)


def fts_query(query: str) -> str:
    """The FTS5 MATCH expression for what a visitor typed; empty when nothing is searchable."""
    cleaned = "".join(ch if ch.isprintable() else " " for ch in query[:MAX_QUERY])
    terms = [term for term in cleaned.split() if any(ch.isalnum() for ch in term)]
    return " ".join('"' + term.replace('"', '""') + '"*' for term in terms[:MAX_TERMS])


def connect_read_only(db: Path) -> sqlite3.Connection:
    """A connection that cannot change the index (the build replaces it, the server reads)."""
    return sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)


def search(
    db: Path, query: str, *, limit: int = 20, offset: int = 0, html_dir: str = "html/"
) -> Page:
    """The documents of index `db` matching `query`, best first, `limit` from `offset` on."""
    match = fts_query(query)
    if not match:
        return Page(query, 0)
    with closing(connect_read_only(db)) as conn:
        (total,) = conn.execute(
            f"SELECT count(*) FROM {TABLE} WHERE {TABLE} MATCH ?", (match,)
        ).fetchone()
        rows = conn.execute(
            f"SELECT stem, title, date, dateline, kind, "
            f"snippet({TABLE}, -1, ?, ?, '…', ?) FROM {TABLE} WHERE {TABLE} MATCH ? "
            f"ORDER BY {_BM25}, stem LIMIT ? OFFSET ?",
            (MARK_OPEN, MARK_CLOSE, SNIPPET_WORDS, match, limit, offset),
        ).fetchall()
    hits = [
        Hit(stem, title, date, dateline, kind, f"{html_dir}{stem}.html", marked(snippet))
        for stem, title, date, dateline, kind, snippet in rows
    ]
    return Page(query, total, hits)


def marked(snippet: str) -> str:
    """The snippet as HTML: its text escaped, the match marks turned into <mark> elements."""
    escaped = html.escape(snippet, quote=False)
    return escaped.replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>")

