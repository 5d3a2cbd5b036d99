"""Resolve schema URIs through an OASIS XML catalog, without ever fetching anything.

`xml-model` PIs name stable URIs (`https://teipipe.org/schemas/1/teipipe.rng`), not network
locations. `schemas/catalog.xml` maps them onto the files shipped with teipipe (oXygen and
libxml2 read the same file). A URI the catalog does not map stays unresolved: the caller
reports it; nothing is downloaded.

Supported entries: `uri`, `system`, `rewriteURI`, `rewriteSystem`, `uriSuffix`,
`systemSuffix` and `nextCatalog`; `group` is read through, `@xml:base` honoured.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree

from teipipe import resources
from teipipe.files import real_folder
from teipipe.validate.parsing import parse_trusted

CATALOG_NS = "urn:oasis:names:tc:entity:xmlns:xml:catalog"


@dataclass(frozen=True)
class Catalog:
    """Exact mappings, prefix rewrites (longest prefix wins) and suffix mappings."""

    exact: dict[str, str]
    rewrites: tuple[tuple[str, str], ...]
    suffixes: tuple[tuple[str, str], ...]

    def resolve(self, uri: str) -> str | None:
        """The URI `uri` maps to, or None when the catalog does not know it."""
        if uri in self.exact:
            return self.exact[uri]
        for prefix, replacement in self.rewrites:
            if uri.startswith(prefix):
                return replacement + uri[len(prefix) :]
        for suffix, target in self.suffixes:
            if uri.endswith(suffix):
                return target
        return None


def load_catalog(path: Path) -> Catalog:
    """Read an OASIS catalog file (and the catalogs it chains to with nextCatalog)."""
    exact: dict[str, str] = {}
    rewrites: list[tuple[str, str]] = []
    suffixes: list[tuple[str, str]] = []
    _read(path, exact, rewrites, suffixes, seen=set())
    rewrites.sort(key=lambda pair: len(pair[0]), reverse=True)
    suffixes.sort(key=lambda pair: len(pair[0]), reverse=True)
    return Catalog(exact, tuple(rewrites), tuple(suffixes))


def _read(
    path: Path,
    exact: dict[str, str],
    rewrites: list[tuple[str, str]],
    suffixes: list[tuple[str, str]],
    seen: set[Path],
) -> None:
    path = path.resolve()
    if path in seen or not path.is_file():
        return
    seen.add(path)
    for element in parse_trusted(path).getroot().iter():
        if not isinstance(element.tag, str):
            continue
        tag = etree.QName(element).localname
        base = _base(element, path)
        if tag in {"uri", "system"}:
            key = element.get("name") if tag == "uri" else element.get("systemId")
            if key and element.get("uri"):
                exact.setdefault(key, urljoin(base, element.get("uri", "")))
        elif tag in {"rewriteURI", "rewriteSystem"}:
            start = element.get("uriStartString") or element.get("systemIdStartString")
            if start and element.get("rewritePrefix") is not None:
                rewrites.append((start, urljoin(base, element.get("rewritePrefix", ""))))
        elif tag in {"uriSuffix", "systemSuffix"}:
            suffix = element.get("uriSuffix") or element.get("systemIdSuffix")
            if suffix and element.get("uri"):
                suffixes.append((suffix, urljoin(base, element.get("uri", ""))))
        elif tag == "nextCatalog" and element.get("catalog"):
            target = urljoin(base, element.get("catalog", ""))
            if target.startswith("file:"):
                _read(Path(unquote(urlsplit(target).path)), exact, rewrites, suffixes, seen)


def _base(element: etree._Element, path: Path) -> str:
    """The base URI in effect at `element`: the catalog file, overridden by `@xml:base`."""
    base = path.as_uri()
    chain = [element, *element.iterancestors()]
    for ancestor in reversed(chain):
        declared = ancestor.get("{http://www.w3.org/XML/1998/namespace}base")
        if declared:
            base = urljoin(base, declared)
    return base


@cache
def default_catalog() -> Catalog:
    """The catalog shipped with teipipe (`schemas/catalog.xml`)."""
    return load_catalog(resources.schema("catalog.xml"))


@cache
def user_catalogs(paths: tuple[Path, ...]) -> tuple[Catalog, ...]:
    """The user's catalogs (`--catalog`, `XML_CATALOG_FILES`) in order, then teipipe's own:
    the first catalog that maps a URI decides."""
    return (*(load_catalog(path) for path in paths), default_catalog())


def catalog_files(value: str | None) -> list[Path]:
    """The catalog files an `XML_CATALOG_FILES` value names (space-separated paths or file:
    URIs, as libxml2 reads it); others (http:) are ignored: nothing is downloaded."""
    files = []
    for entry in (value or "").split():
        parts = urlsplit(entry)
        if parts.scheme == "file":
            files.append(Path(unquote(parts.path)))
        elif not parts.scheme or len(parts.scheme) == 1:
            files.append(Path(entry))
    return files


def resolve_href(
    href: str, document: Path, catalog: Catalog | Sequence[Catalog] | None = None
) -> Path | None:
    """The local file a schema href names, or None when it is not available locally.

    Absolute URIs go through the catalog(s), first match wins; relative hrefs resolve against
    the document's folder. Only `file:` results count: a catalog entry pointing at the network
    is not followed.
    """
    scheme = urlsplit(href).scheme
    if scheme and len(scheme) > 1 and scheme != "file":
        chain = (catalog,) if isinstance(catalog, Catalog) else (catalog or (default_catalog(),))
        target = next((t for c in chain if (t := c.resolve(href)) is not None), None)
        if target is None or urlsplit(target).scheme != "file":
            return None
        local = Path(unquote(urlsplit(target).path))
    elif scheme == "file":
        local = Path(unquote(urlsplit(href).path))
    else:
        local = real_folder(document) / unquote(href)
    return local if local.is_file() else None
