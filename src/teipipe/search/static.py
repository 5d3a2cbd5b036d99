"""The static search index: a script that hands index.html's search.js the corpus as data.

A plain script (not JSON fetched by search.js) because browsers refuse fetch() from file://,
and the edition must search when opened from a disk or served by any static host:

    window.teipipeSearchIndex = {"documents": [{"stem", "title", "date", "dateline", "kind",
                                                "people": [...]}, ...],
                                 "words": {"cuba": [0, 3, 1, ...], ...}};

`words` is an inverted index of every folded word (lowercase, no diacritics) of each document's
title, dateline, kind, people and reading text (ISO dates are matched on `date` instead): each
word is stored once with the positions (in `documents`) of the documents that have it, as
gaps: the first position, then the difference to each next one ([3, 7, 8] is [3, 4, 1]). That
stays far smaller than a word list per document as the corpus grows: common words have gaps
of a digit or two. Everything is sorted, so the same documents give the same bytes. (Words
never hold "_", so no key of the literal is "__proto__", which would set its prototype.)
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from pathlib import Path

from teipipe.files import write_atomically
from teipipe.search.records import SearchRecord, read_records, words

#: The global the script assigns and search.js reads.
GLOBAL = "teipipeSearchIndex"
#: Characters JSON allows in strings that must not reach a script verbatim: "<" (so no
#: "</script>" or "<!--" can end or comment an inline copy) and the JavaScript line separators.
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def write_static_search_index(
    documents: Sequence[Path], target: Path, *, persons: Path | None = None
) -> None:
    """Write the static index of `documents` (TEI files) to `target` (search-index.js)."""
    write_atomically(target, static_index_script(read_records(documents, persons)))


def static_index(records: Sequence[SearchRecord]) -> dict[str, object]:
    """The index as data: the documents' metadata and the inverted word index."""
    ordered = sorted(records, key=lambda r: r.stem)
    postings: dict[str, list[int]] = {}
    for position, record in enumerate(ordered):
        fields = (record.title, record.dateline, record.kind, *record.people, record.text)
        for word in sorted({word for field in fields for word in words(field)}):
            postings.setdefault(word, []).append(position)
    return {
        "documents": [
            {"stem": r.stem, "title": r.title, "date": r.date, "dateline": r.dateline,
             "kind": r.kind, "people": list(r.people)}
            for r in ordered
        ],
        "words": {word: _gaps(positions) for word, positions in sorted(postings.items())},
    }


def _gaps(positions: list[int]) -> list[int]:
    """Ascending positions as the first and then the differences: [3, 7, 8] -> [3, 4, 1]."""
    return [position - previous for previous, position in itertools.pairwise([0, *positions])]


def static_index_script(records: Sequence[SearchRecord]) -> bytes:
    """The script that assigns the index to window.teipipeSearchIndex."""
    data = json.dumps(static_index(records), ensure_ascii=False, separators=(",", ":"))
    return f"window.{GLOBAL} = {data.translate(_SCRIPT_ESCAPES)};\n".encode()
