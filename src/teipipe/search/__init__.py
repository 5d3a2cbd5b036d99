"""Search over the edition: an SQLite FTS5 index for the server, a static one for index.html.

Both are made at build time from the same records (`records.read_record`): the document's
title, date, kind, people and reading text.

    build/search.sqlite      full text, ranked, with snippets: `teipipe serve` answers /api/search
    build/search-index.js    words, people and dates per document: search.js filters index.html
                             with it from file:// or any static host, no server needed
    build/html/search.js     the script itself, beside teipipe.css
"""

from __future__ import annotations

from teipipe.search.index import build_search_index
from teipipe.search.publish import (
    SEARCH_DB,
    SEARCH_SCRIPT,
    STATIC_INDEX,
    publish_search,
    write_search_script,
)
from teipipe.search.static import write_static_search_index

__all__ = [
    "SEARCH_DB",
    "SEARCH_SCRIPT",
    "STATIC_INDEX",
    "build_search_index",
    "publish_search",
    "write_search_script",
    "write_static_search_index",
]
