"""/api/search: full-text search of the edition as JSON, from build/search.sqlite.

    GET /api/search?q=missile+cuba&limit=20&offset=0
    {"query": "missile cuba", "total": 12, "results": [{"stem", "title", "date", "dateline",
     "kind", "url": "html/<stem>.html", "snippet": "…the <mark>missiles</mark> in…"}, ...]}

Any text is a valid query (see teipipe.search.query); only a missing q or a limit or offset
that is not a number is the client's error (400). search.js on index.html calls this when the
edition is served by `teipipe serve`, for snippets from the full text.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from teipipe.search import SEARCH_DB
from teipipe.search.query import search

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_OFFSET = 10_000


def routes(out_dir: Path) -> list[BaseRoute]:
    """The search route over the edition in `out_dir` (which holds search.sqlite)."""
    db = out_dir / SEARCH_DB

    def search_endpoint(request: Request) -> JSONResponse:
        query = request.query_params.get("q")
        if query is None:
            return _error(400, "the query parameter q is missing")
        try:
            limit = _number(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
            offset = _number(request, "offset", 0, 0, MAX_OFFSET)
        except ValueError as err:
            return _error(400, str(err))
        if not db.is_file():
            return _error(503, "the edition has no search index (search.sqlite)")
        page = search(db, query, limit=limit, offset=offset)
        return JSONResponse(
            {"query": page.query, "total": page.total,
             "results": [asdict(hit) for hit in page.results]},
            headers={"Cache-Control": "no-cache"},
        )

    return [Route("/api/search", search_endpoint, methods=["GET"], name="search")]


def _number(request: Request, name: str, default: int, low: int, high: int) -> int:
    """Query parameter `name` as an int clamped to [low, high]; ValueError if not a number."""
    value = request.query_params.get(name)
    if value is None or value == "":
        return default
    if not value.isascii() or not value.isdigit() or len(value) > 9:
        raise ValueError(f"{name} must be a whole number, not {value[:20]!r}")
    return max(low, min(high, int(value)))


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)
