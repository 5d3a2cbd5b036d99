"""The full-text index `teipipe serve` searches: one SQLite FTS5 table, written at build time.

The tokenizer is unicode61 with diacritics removed, so 'Dorticos' finds 'Dorticós'; prefix
indexes make 'Khrush*' cheap. The file is written to a temporary name and moved into place,
so a server reading the old index never sees half of the new one, and the same documents
always give the same bytes (records in stem order, then VACUUM).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

from teipipe.files import write_atomically
from teipipe.search.records import SearchRecord, read_records

TABLE = "documents"
#: The FTS5 columns, in order; `stem` is stored but not searched.
COLUMNS = ("stem", "title", "date", "dateline", "kind", "people", "text")
#: Private-use characters that stand for <mark> and </mark> in snippets until they are escaped.
MARK_OPEN = "\ue000"
MARK_CLOSE = "\ue001"
#: A person's names are one column; this separates them (not a word character).
NAME_SEPARATOR = "; "

_SCHEMA = (
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5("
    "stem UNINDEXED, title, date, dateline, kind, people, text, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')"
)
_INSERT = (
    f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
)


class SearchIndexError(Exception):
    """The index cannot be written here (e.g. this SQLite lacks FTS5)."""


def fts5_available() -> bool:
    """Whether the SQLite that Python links has the FTS5 extension."""
    with closing(sqlite3.connect(":memory:")) as db:
        try:
            db.execute("CREATE VIRTUAL TABLE probe USING fts5(x)")
        except sqlite3.OperationalError:
            return False
    return True


def build_search_index(
    documents: Sequence[Path], target: Path, *, persons: Path | None = None
) -> None:
    """Write the FTS5 index of `documents` (TEI files) to `target`, atomically."""
    if not fts5_available():
        raise SearchIndexError(f"SQLite {sqlite3.sqlite_version} has no FTS5")
    write_index(read_records(documents, persons), target)


def write_index(records: Sequence[SearchRecord], target: Path) -> None:
    """Write `records` as the FTS5 table to `target`, atomically."""
    write_atomically(target, index_database(records))


def index_database(records: Sequence[SearchRecord]) -> bytes:
    """The SQLite database file holding `records` as the FTS5 table (built in memory)."""
    with closing(sqlite3.connect(":memory:")) as db:
        db.execute(_SCHEMA)
        db.executemany(_INSERT, [_row(r) for r in sorted(records, key=lambda r: r.stem)])
        db.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('optimize')")
        db.commit()
        db.execute("VACUUM")
        return db.serialize()


def _row(record: SearchRecord) -> tuple[str, ...]:
    values = (
        record.stem, record.title, record.date, record.dateline, record.kind,
        NAME_SEPARATOR.join(record.people), record.text,
    )
    return tuple(_clean(value) for value in values)


def _clean(value: str) -> str:
    """Drop the snippet mark characters, should a document contain them, so marks stay ours."""
    return value.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")
