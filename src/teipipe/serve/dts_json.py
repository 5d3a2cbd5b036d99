"""The JSON-LD objects of DTS 1.0: EntryPoint, Collection, Resource, CitableUnit, Pagination.

Kept apart from the HTTP handling so each object has one definition, whichever endpoint
embeds it (a Resource appears in the Collection endpoint and inside every Navigation answer).
URI templates (RFC 6570) are path-absolute, built on the path the API is mounted at, so they
work behind any host name or proxy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from teipipe.serve.dts_citations import CitableUnit, CitationTree, CiteStructure
from teipipe.serve.dts_store import Document

CONTEXT = "https://dtsapi.org/context/v1.0.json"
DTS_VERSION = "1.0"
# The identifier of the root collection, the edition itself.
ROOT_ID = "edition"
TEI_MEDIA_TYPE = "application/tei+xml"

Json = dict[str, Any]


@dataclass(frozen=True)
class Links:
    """Where the endpoints live: `api` is the path of the entry point (e.g. `/api/dts`)."""

    api: str

    def collection(self, ident: str | None = None) -> str:
        if ident is None:
            return f"{self.api}/collection{{?id,page,nav}}"
        return f"{self.api}/collection?id={quote(ident, safe='')}{{&page,nav}}"

    def navigation(self, ident: str | None = None) -> str:
        if ident is None:
            return f"{self.api}/navigation{{?resource,ref,start,end,down,tree}}"
        return f"{self.api}/navigation?resource={quote(ident, safe='')}{{&ref,start,end,down,tree}}"

    def document(self, ident: str | None = None) -> str:
        if ident is None:
            return f"{self.api}/document{{?resource,ref,start,end,tree,mediaType}}"
        filled = quote(ident, safe="")
        return f"{self.api}/document?resource={filled}{{&ref,start,end,tree,mediaType}}"

    def collection_url(self, ident: str) -> str:
        return f"{self.api}/collection?id={quote(ident, safe='')}"


def entry_point(links: Links) -> Json:
    return {
        "@context": CONTEXT,
        "@id": links.api,
        "@type": "EntryPoint",
        "dtsVersion": DTS_VERSION,
        "collection": links.collection(),
        "navigation": links.navigation(),
        "document": links.document(),
    }


def _structure(nodes: tuple[CiteStructure, ...]) -> list[Json]:
    shaped: list[Json] = []
    for node in nodes:
        item: Json = {"@type": "CiteStructure", "citeType": node.cite_type}
        if node.children:
            item["citeStructure"] = _structure(node.children)
        shaped.append(item)
    return shaped


def citation_trees(tree: CitationTree) -> list[Json]:
    """The one (default, so unnamed) citation tree, or none for a document with no units."""
    if not tree.units:
        return []
    return [{"@type": "CitationTree", "citeStructure": _structure(tree.structure)}]


def root_collection(title: str, lang: str | None, total: int, links: Links) -> Json:
    """The edition as a Collection, without its members."""
    name: str | dict[str, str] = {"lang": lang, "value": title} if lang else title
    return {
        "@id": ROOT_ID,
        "@type": "Collection",
        "title": title,
        "totalParents": 0,
        "totalChildren": total,
        "dublinCore": {"title": [name], "type": ["Collection"]},
        "collection": links.collection(ROOT_ID),
    }


def resource(doc: Document, links: Links, download: str) -> Json:
    """A document as a Resource, with its metadata and filled-in endpoint templates."""
    meta = doc.metadata
    shaped: Json = {
        "@id": doc.stem,
        "@type": "Resource",
        "title": meta.title,
        "totalParents": 1,
        "totalChildren": 0,
    }
    if meta.description:
        shaped["description"] = meta.description
    shaped["dublinCore"] = meta.dublin_core
    shaped["collection"] = f"{links.api}/collection?id={quote(doc.stem, safe='')}{{&nav}}"
    shaped["navigation"] = links.navigation(doc.stem)
    shaped["document"] = links.document(doc.stem)
    shaped["download"] = download
    shaped["mediaTypes"] = [TEI_MEDIA_TYPE]
    shaped["citationTrees"] = citation_trees(doc.citations)
    return shaped


def citable_unit(unit: CitableUnit, lang: str | None) -> Json:
    """A CitableUnit; a division's heading is its title, a speech's speaker its creator."""
    shaped: Json = {
        "identifier": unit.identifier,
        "@type": "CitableUnit",
        "level": unit.level,
        "parent": unit.parent,
        "citeType": unit.cite_type,
    }
    if unit.label:
        term = "creator" if unit.cite_type == "speech" else "title"
        value = {"lang": lang, "value": unit.label} if lang else unit.label
        shaped["dublinCore"] = {term: [value]}
    return shaped


def pagination(url: str, page: int, last: int, page_url: Callable[[int], str]) -> Json:
    """A Pagination object; `page_url(n)` gives the URL of page n."""
    return {
        "@id": url,
        "@type": "Pagination",
        "first": page_url(1),
        "previous": page_url(max(page - 1, 1)),
        "next": page_url(min(page + 1, last)),
        "last": page_url(last),
    }
