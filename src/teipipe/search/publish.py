"""Everything search needs in a built edition, in one call for the build.

    <out>/search.sqlite      the FTS5 index /api/search reads        (index.py)
    <out>/search-index.js    the static index beside index.html      (static.py)
    <out>/html/search.js     the script index.html runs, beside teipipe.css

All three depend on every document (and the personography), like index.html; the records are
read once for both indexes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from teipipe.files import write_atomically
from teipipe.resources import stylesheet
from teipipe.search.index import write_index
from teipipe.search.records import read_records
from teipipe.search.static import static_index_script

SEARCH_DB = "search.sqlite"
STATIC_INDEX = "search-index.js"
#: Shipped in xslt/ beside teipipe.css and copied where the HTML edition's CSS goes.
SEARCH_SCRIPT = "search.js"


def write_search_script(html_dir: Path) -> Path:
    """Copy search.js into `html_dir` (index.html loads it from its css-base, html/)."""
    target = html_dir / SEARCH_SCRIPT
    write_atomically(target, stylesheet(SEARCH_SCRIPT).read_bytes())
    return target


def publish_search(
    documents: Sequence[Path], out_dir: Path, *, persons: Path | None = None
) -> list[Path]:
    """Write both search indexes and search.js into the edition `out_dir`; the files written."""
    records = read_records(documents, persons)
    database, script = out_dir / SEARCH_DB, out_dir / STATIC_INDEX
    write_index(records, database)
    write_atomically(script, static_index_script(records))
    return [database, script, write_search_script(out_dir / "html")]
