"""OAI-PMH 2.0 at /oai: the edition as a repository that library systems harvest.

All six verbs, GET and POST; formats `oai_dc` and `tei` (see `repository.metadata`); sets by
kind of record and by year; datestamps to the second, from the record history the build keeps
(`repository.records`), which also makes deletions persistent; lists in pages with resumption
tokens (`oai_tokens`). Responses are lxml trees, so no argument a client sends can change
their structure.

Why not the `oaipmh` package (pyoai 4.x): its server takes requests as a dict, so repeated
arguments (badArgument) cannot even be seen; it accepts a verb the protocol does not have
(GetMetadata); its resumption tokens are unchecked query strings without cursor or
completeListSize; and it has no type information for `mypy --strict`. What it would save is the
small part below that builds elements.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qsl

from lxml import etree
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from teipipe.repository.catalog import Catalog, EditionCatalog, Item
from teipipe.repository.metadata import FORMATS, PREFIXES, MetadataError, MetadataMaker
from teipipe.repository.records import RecordsError, datestamp
from teipipe.serve.oai_request import OaiError, OaiRequest, Window, parse_request, window
from teipipe.serve.oai_tokens import ListState, TokenCodec

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{OAI_NS} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
MEDIA_TYPE = "text/xml; charset=utf-8"
#: A POST body larger than this is no OAI-PMH request.
MAX_BODY = 64 * 1024


@dataclass(frozen=True)
class OaiSettings:
    """What Identify says and how lists are paged.

    `repository_id` makes the identifiers, `oai:<repository_id>:<stem>`: choose it once (a
    domain name of the publisher is the custom) and keep it, harvesters store identifiers.
    """

    admin_email: str = "editor@teipipe.invalid"
    repository_id: str = "teipipe"
    repository_name: str | None = None
    page_size: int = 100


class OaiRepository:
    """Answers OAI-PMH requests about the edition in `out_dir`; one per server."""

    def __init__(self, out_dir: Path, settings: OaiSettings | None = None,
                 tokens: TokenCodec | None = None) -> None:
        self.settings = settings or OaiSettings()
        if self.settings.page_size < 1:
            raise ValueError("page_size must be at least 1")
        self.catalog = EditionCatalog(out_dir)
        self.tokens = tokens or TokenCodec()
        self.metadata = MetadataMaker()

    def respond(self, pairs: Sequence[tuple[str, str]] | None, base_url: str,
                html_base: str) -> bytes:
        """The serialized response to the request of (name, value) `pairs`.

        `pairs` is None for a request that could not be decoded (not UTF-8 form encoding).

        Raises `RecordsError` when the edition's record history is unreadable (a server fault,
        not the client's).
        """
        root = etree.Element(f"{{{OAI_NS}}}OAI-PMH",
                             nsmap={None: OAI_NS, "xsi": XSI_NS})  # type: ignore[dict-item]
        root.set(f"{{{XSI_NS}}}schemaLocation", SCHEMA_LOCATION)
        _sub(root, "responseDate", datestamp(datetime.now(UTC)))
        echo = _sub(root, "request", base_url)
        try:
            request = parse_request(pairs)
        except OaiError as err:
            _error(root, err)
        else:
            echo.set("verb", request.verb)
            for name, value in sorted(request.args.items()):
                echo.set(name, value)
            catalog = self.catalog.current()
            try:
                root.append(self._answer(request, catalog, base_url, html_base))
            except OaiError as err:
                _error(root, err)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8")

    def _answer(self, request: OaiRequest, catalog: Catalog, base_url: str,
                html_base: str) -> etree._Element:
        verb, args = request.verb, request.args
        if verb == "Identify":
            return self._identify(catalog, base_url)
        if verb == "ListMetadataFormats":
            return self._formats(catalog, args.get("identifier"))
        if verb == "GetRecord":
            element = _element("GetRecord")
            item = self._item(catalog, args["identifier"])
            _check_prefix(args["metadataPrefix"])
            element.append(self._record(item, args["metadataPrefix"], html_base))
            return element
        if verb == "ListSets":
            return self._list_sets(catalog, args)
        return self._list_items(request, catalog, html_base)

    # --- single answers ------------------------------------------------------------------

    def _identify(self, catalog: Catalog, base_url: str) -> etree._Element:
        element = _element("Identify")
        _sub(element, "repositoryName", self.settings.repository_name or catalog.name)
        _sub(element, "baseURL", base_url)
        _sub(element, "protocolVersion", "2.0")
        _sub(element, "adminEmail", self.settings.admin_email)
        _sub(element, "earliestDatestamp", catalog.earliest_datestamp)
        _sub(element, "deletedRecord", "persistent")
        _sub(element, "granularity", "YYYY-MM-DDThh:mm:ssZ")
        return element

    def _formats(self, catalog: Catalog, identifier: str | None) -> etree._Element:
        if identifier is not None and self._item(catalog, identifier).deleted:
            raise OaiError("noMetadataFormats", "The item is deleted: it has no metadata.")
        element = _element("ListMetadataFormats")
        for fmt in FORMATS:
            entry = _sub(element, "metadataFormat")
            _sub(entry, "metadataPrefix", fmt.prefix)
            _sub(entry, "schema", fmt.schema)
            _sub(entry, "metadataNamespace", fmt.namespace)
        return element

    # --- lists ---------------------------------------------------------------------------

    def _list_sets(self, catalog: Catalog, args: dict[str, str]) -> etree._Element:
        if not catalog.sets:
            raise OaiError("noSetHierarchy", "The repository has no sets: it has no documents.")
        state = self._state("ListSets", args, catalog)
        element = _element("ListSets")
        page = catalog.sets[state.cursor:state.cursor + self.settings.page_size]
        for spec, name in page:
            entry = _sub(element, "set")
            _sub(entry, "setSpec", spec)
            _sub(entry, "setName", name)
        self._resumption(element, state, len(catalog.sets), self.settings.page_size)
        return element

    def _list_items(self, request: OaiRequest, catalog: Catalog,
                    html_base: str) -> etree._Element:
        state = self._state(request.verb, request.args, catalog)
        args = state.args
        prefix = args["metadataPrefix"]
        _check_prefix(prefix)
        if "set" in args and not catalog.sets:
            raise OaiError("noSetHierarchy", "The repository has no sets: it has no documents.")
        selected = _select(catalog.items, window(args.get("from"), args.get("until")),
                           args.get("set"))
        if not selected:
            raise OaiError("noRecordsMatch", "No record matches the arguments.")
        if state.cursor >= len(selected):
            raise OaiError("badResumptionToken", "The resumptionToken is past the list's end.")
        size = self.settings.page_size
        if request.verb == "ListRecords":
            size = min(size, PREFIXES[prefix].records_per_response or size)
        element = _element(request.verb)
        for item in selected[state.cursor:state.cursor + size]:
            if request.verb == "ListRecords":
                element.append(self._record(item, prefix, html_base))
            else:
                element.append(self._header(item))
        self._resumption(element, state, len(selected), size)
        return element

    def _state(self, verb: str, args: dict[str, str], catalog: Catalog) -> ListState:
        """The list state of a first request, or the one its resumptionToken carries."""
        token = args.get("resumptionToken")
        if token is None:
            return ListState(verb, dict(args), 0, catalog.version)
        return self.tokens.decode(token, verb, catalog.version)

    def _resumption(self, element: etree._Element, state: ListState, size: int,
                    page: int) -> None:
        """The resumptionToken of a page: absent for a one-page list, empty on the last page."""
        after = state.cursor + page
        if state.cursor == 0 and after >= size:
            return
        token = _sub(element, "resumptionToken")
        token.set("completeListSize", str(size))
        token.set("cursor", str(state.cursor))
        if after < size:
            token.text = self.tokens.encode(
                ListState(state.verb, state.args, after, state.version))

    # --- records -------------------------------------------------------------------------

    def _item(self, catalog: Catalog, identifier: str) -> Item:
        prefix = f"oai:{self.settings.repository_id}:"
        item = catalog.item(identifier[len(prefix):]) if identifier.startswith(prefix) else None
        if item is None:
            raise OaiError("idDoesNotExist", "The repository has no item of this identifier.")
        return item

    def _header(self, item: Item) -> etree._Element:
        header = _element("header")
        if item.deleted:
            header.set("status", "deleted")
        _sub(header, "identifier", f"oai:{self.settings.repository_id}:{item.stem}")
        _sub(header, "datestamp", item.datestamp)
        for spec in item.sets:
            _sub(header, "setSpec", spec)
        return header

    def _record(self, item: Item, prefix: str, html_base: str) -> etree._Element:
        record = _element("record")
        record.append(self._header(item))
        if item.path is not None:
            try:
                made = self.metadata.record(item.path, prefix, html_base)
            except MetadataError as err:
                raise OaiError("cannotDisseminateFormat",
                               "The record cannot be made in this format.") from err
            _sub(record, "metadata").append(made)
        return record


def routes(out_dir: Path, settings: OaiSettings | None = None) -> list[BaseRoute]:
    """The /oai route over the edition in `out_dir` (GET and POST)."""
    repository = OaiRepository(out_dir, settings)

    async def endpoint(request: Request) -> Response:
        if request.method == "POST":
            pairs = await _form(request)
        else:
            pairs = _pairs(request.scope.get("query_string", b""))
        base_url = str(request.url.replace(query="", fragment=""))
        html_base = str(request.base_url) + "html/"
        try:
            body = await run_in_threadpool(repository.respond, pairs, base_url, html_base)
        except RecordsError:
            return PlainTextResponse("The edition's record history (oai/records.json) is "
                                     "unreadable.\n", status_code=500)
        return Response(body, media_type=MEDIA_TYPE, headers={"Cache-Control": "no-store"})

    return [Route("/oai", endpoint, methods=["GET", "POST"])]


async def _form(request: Request) -> list[tuple[str, str]] | None:
    """The pairs of a form-encoded POST body; None when it is not one."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        return None
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            return None
    return _pairs(body)


def _pairs(query: bytes) -> list[tuple[str, str]] | None:
    """Decoded (name, value) pairs of a query string; None when it does not decode."""
    try:
        return parse_qsl(query.decode("ascii"), keep_blank_values=True, strict_parsing=False,
                         encoding="utf-8", errors="strict")
    except (UnicodeDecodeError, ValueError):
        return None


def _select(items: Sequence[Item], dates: Window, spec: str | None) -> list[Item]:
    """The items of a list request; a deleted item carries no sets, so set lists omit it."""
    return [item for item in items
            if dates.holds(item.datestamp) and (spec is None or item.in_set(spec))]


def _check_prefix(prefix: str) -> None:
    if prefix not in PREFIXES:
        raise OaiError("cannotDisseminateFormat",
                       "The repository does not disseminate this metadata format.")


def _element(name: str) -> etree._Element:
    return etree.Element(f"{{{OAI_NS}}}{name}", nsmap={None: OAI_NS})  # type: ignore[dict-item]


def _sub(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    child = etree.SubElement(parent, f"{{{OAI_NS}}}{name}")
    if text is not None:
        child.text = text
    return child


def _error(root: etree._Element, err: OaiError) -> None:
    """Add the error; after badVerb or badArgument the request element has no attributes."""
    if err.code in ("badVerb", "badArgument"):
        echo = root.find(f"{{{OAI_NS}}}request")
        if echo is not None:
            for name in list(echo.attrib):
                del echo.attrib[name]
    _sub(root, "error", err.message).set("code", err.code)
