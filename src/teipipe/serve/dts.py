"""The Distributed Text Services API (DTS 1.0, Level 1) over the edition's TEI documents.

DTS lets generic clients (readers, citation tools, text-reuse pipelines) list the edition,
walk each document's structure and fetch any passage by reference, without scraping our HTML.
Endpoints, mounted at `/api/dts`:

    /api/dts             EntryPoint: the URI templates of the three endpoints
    /api/dts/collection  the edition (root Collection) and each document (Resource)
    /api/dts/navigation  a document's citation tree (divisions, speeches, paragraphs)
    /api/dts/document    the TEI of a document, or of a passage or range in a dts:wrapper

JSON answers are `application/ld+json`; refusals are JSON `{"status", "error", "message"}`
with the 400/404 statuses the specification gives.
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from pathlib import Path

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from teipipe.serve import dts_fragments, dts_json
from teipipe.serve.dts_json import CONTEXT, DTS_VERSION, ROOT_ID, TEI_MEDIA_TYPE, Json, Links
from teipipe.serve.dts_metadata import most_given
from teipipe.serve.dts_navigation import members
from teipipe.serve.dts_params import (
    DtsError,
    default_tree,
    integer,
    required,
    selection,
    single,
)
from teipipe.serve.dts_store import Document, Edition

API_PATH = "/api/dts"
_REASONS = {400: "Bad Request", 404: "Not Found"}


class LdJsonResponse(JSONResponse):
    media_type = "application/ld+json"


def _error(error: DtsError) -> JSONResponse:
    body = {"status": error.status, "error": _REASONS[error.status], "message": error.message}
    return JSONResponse(body, status_code=error.status)


def _top(body: Json) -> Json:
    """A top-level answer: the JSON-LD context and the DTS version come first."""
    return {"@context": CONTEXT, "dtsVersion": DTS_VERSION, **body}


class DtsApi:
    """The four endpoints over one edition folder."""

    def __init__(self, out_dir: Path, page_size: int) -> None:
        self.edition = Edition(out_dir)
        self.page_size = page_size

    def links(self, request: Request) -> Links:
        return Links(str(request.scope.get("root_path", "")) + API_PATH)

    def _download(self, request: Request, doc: Document) -> str:
        """The published TEI file, where the static edition serves it (`/tei/<stem>.xml`)."""
        return str(request.scope.get("root_path", "")) + f"/tei/{doc.path.name}"

    def _resource(self, request: Request, doc: Document) -> Json:
        return dts_json.resource(doc, self.links(request), self._download(request, doc))

    def _lookup(self, ident: str) -> Document:
        doc = self.edition.documents().get(ident)
        if doc is None:
            raise DtsError(404, f"no resource {ident!r}")
        return doc

    async def entry(self, request: Request) -> Response:
        return LdJsonResponse(dts_json.entry_point(self.links(request)))

    async def collection(self, request: Request) -> Response:
        params = request.query_params
        ident = single(params, "id") or ROOT_ID
        nav = single(params, "nav") or "children"
        if nav not in ("children", "parents"):
            raise DtsError(400, "'nav' must be 'children' or 'parents'")
        page = integer(params, "page", 1)
        links = self.links(request)
        documents = self.edition.documents()
        title = most_given(doc.metadata.collection for doc in documents.values())
        lang = most_given(doc.metadata.lang for doc in documents.values())
        root = dts_json.root_collection(title or "Edition", lang, len(documents), links)
        if ident == ROOT_ID:
            body = root
            items = (
                []
                if nav == "parents"
                else [self._resource(request, doc) for doc in documents.values()]
            )
        else:
            body = self._resource(request, self._lookup(ident))
            items = [root] if nav == "parents" else []
        body = _top(body)
        if page is not None or len(items) > self.page_size:
            items = self._paginate(request, body, items, page or 1)
        if items or ident == ROOT_ID or nav == "parents":
            body["member"] = items
        return LdJsonResponse(body)

    def _paginate(self, request: Request, body: Json, items: list[Json], page: int) -> list[Json]:
        """The members on `page`, after adding the Pagination object (`view`) to `body`."""
        last = max(1, math.ceil(len(items) / self.page_size))
        if page > last:
            raise DtsError(404, f"no page {page}: the last page is {last}")
        body["view"] = dts_json.pagination(
            str(request.url.include_query_params(page=page)),
            page,
            last,
            lambda n: str(request.url.include_query_params(page=n)),
        )
        return items[(page - 1) * self.page_size : page * self.page_size]

    async def navigation(self, request: Request) -> Response:
        params = request.query_params
        doc = self._lookup(required(params, "resource"))
        default_tree(params)
        chosen = selection(params, doc.citations)
        units = members(doc.citations, chosen, integer(params, "down", -1))
        lang = doc.metadata.lang
        body = _top(
            {
                "@id": str(request.url),
                "@type": "Navigation",
                "resource": self._resource(request, doc),
            }
        )
        for name in ("ref", "start", "end"):
            unit = getattr(chosen, name)
            if unit is not None:
                body[name] = dts_json.citable_unit(unit, lang)
        if units is not None:
            body["member"] = [dts_json.citable_unit(unit, lang) for unit in units]
        return LdJsonResponse(body)

    async def document(self, request: Request) -> Response:
        params = request.query_params
        doc = self._lookup(required(params, "resource"))
        chosen = selection(params, doc.citations)
        media_type = single(params, "mediaType")
        if media_type not in (None, TEI_MEDIA_TYPE):
            raise DtsError(
                404, f"{media_type!r} is not available; this API serves {TEI_MEDIA_TYPE}"
            )
        if chosen.ref is not None:
            default_tree(params)
            content = dts_fragments.passage(doc.citations, chosen.ref)
        elif chosen.start is not None and chosen.end is not None:
            default_tree(params)
            content = dts_fragments.passage_range(doc.citations, chosen.start, chosen.end)
        else:
            content = doc.path.read_bytes()
        link = f'<{self.links(request).collection_url(doc.stem)}>; rel="collection"'
        return Response(content, media_type=TEI_MEDIA_TYPE, headers={"Link": link})


Endpoint = Callable[[Request], Awaitable[Response]]


def _refusing(endpoint: Endpoint) -> Endpoint:
    """Turn a DtsError raised anywhere in the endpoint into its JSON error answer."""

    async def handle(request: Request) -> Response:
        try:
            return await endpoint(request)
        except DtsError as error:
            return _error(error)

    return handle


def routes(out_dir: Path, *, page_size: int = 100) -> list[BaseRoute]:
    """The DTS routes over `out_dir/tei/*.xml`; `page_size` members per Collection page."""
    api = DtsApi(out_dir, page_size)
    return [
        Route(API_PATH, _refusing(api.entry), methods=["GET", "HEAD"]),
        Route(f"{API_PATH}/", _refusing(api.entry), methods=["GET", "HEAD"]),
        Route(f"{API_PATH}/collection", _refusing(api.collection), methods=["GET", "HEAD"]),
        Route(f"{API_PATH}/navigation", _refusing(api.navigation), methods=["GET", "HEAD"]),
        Route(f"{API_PATH}/document", _refusing(api.document), methods=["GET", "HEAD"]),
    ]
