"""`teipipe serve`: the published edition over HTTP, with the services that read it.

    /oai        OAI-PMH 2.0 (teipipe.serve.oai)
    /...        the services of ROUTE_PROVIDERS, in order (DTS, search)
    /           the static edition: index.html, html/, pdf/, text/, dc/, tei/, the bag...

Starlette + uvicorn: a small, well-kept ASGI toolkit whose static files come with ETag,
Last-Modified and conditional requests, on the reference ASGI server. The server is read-only:
files are answered to GET and HEAD only (405 otherwise), and only files inside the edition
folder: paths are normalised, symbolic links resolved and checked to stay inside, dot files
(the build's own records) are never served. Errors are short plain answers, never a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from teipipe.serve import dts, oai, search

RouteProvider = Callable[[Path], list[BaseRoute]]

#: Services mounted after /oai and before the static files, each
#: `routes(out_dir) -> list[BaseRoute]` (DTS and search go here).
ROUTE_PROVIDERS: list[RouteProvider] = [dts.routes, search.routes]

#: Media types by file suffix (tei/ overrides .xml); anything else is application/octet-stream.
MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml",
    ".pdf": "application/pdf",
    ".epub": "application/epub+zip",  # reading systems open the book by its type
    ".zip": "application/zip",
    ".sqlite": "application/vnd.sqlite3",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/vnd.microsoft.icon",
}
TEI_MEDIA_TYPE = "application/tei+xml"
#: Clients may keep files but must ask again (cheaply, by ETag) before reuse: a rebuild
#: changes the edition under the same names.
CACHE_CONTROL = "public, no-cache"


class EditionFiles(StaticFiles):
    """StaticFiles with the edition's media types and caching, and stricter refusals."""

    def lookup_path(self, path: str) -> tuple[str, os.stat_result | None]:
        """Nothing outside the folder, no dot files; unreadable paths are simply not found."""
        if any(part.startswith(".") for part in Path(path).parts):
            return "", None
        try:
            return super().lookup_path(path)
        except (OSError, ValueError):
            return "", None

    def file_response(self, full_path: str | os.PathLike[str], stat_result: os.stat_result,
                      scope: Scope, status_code: int = 200) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        path = Path(full_path)
        media_type = MEDIA_TYPES.get(path.suffix.lower(), "application/octet-stream")
        if path.suffix.lower() == ".xml" and path.parent.name == "tei":
            media_type = TEI_MEDIA_TYPE
        if response.status_code != 304:
            response.headers["content-type"] = media_type
        response.headers["cache-control"] = CACHE_CONTROL
        response.headers["x-content-type-options"] = "nosniff"
        return response


def create_app(out_dir: Path, oai_settings: oai.OaiSettings | None = None) -> Starlette:
    """The application serving the edition in `out_dir`: /oai, ROUTE_PROVIDERS, the files."""
    routes = oai.routes(out_dir, oai_settings)
    for provider in ROUTE_PROVIDERS:
        routes.extend(provider(out_dir))
    routes.append(Mount("/", app=EditionFiles(directory=out_dir, html=True), name="edition"))
    return Starlette(routes=routes, exception_handlers={
        HTTPException: _http_error, Exception: _server_error})


async def _http_error(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, HTTPException):
        return await _server_error(request, exc)
    headers = dict(exc.headers or {})
    return PlainTextResponse(f"{exc.status_code} {exc.detail}\n", status_code=exc.status_code,
                             headers=headers)


async def _server_error(request: Request, exc: Exception) -> Response:
    return PlainTextResponse("500 Internal Server Error\n", status_code=500)
