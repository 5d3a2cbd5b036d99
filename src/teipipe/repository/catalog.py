"""The edition folder seen as an OAI-PMH repository: its items, their datestamps and sets.

An item is a published TEI document (`tei/<stem>.xml`; the personography is not one), or a
document the record history (`oai/records.json`, see `records`) says was deleted. Datestamps
come from that history; without one, from the TEI files' modification times (and nothing is
known to be deleted). Sets come from `xslt/tei-to-oai-sets.xsl`.

A server asks for the catalog on every request: `EditionCatalog.current()` looks at the files'
sizes and times, re-reads only the TEI files that changed, and rebuilds the catalog only when
something did, so a rebuild of the edition shows up without restarting the server.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lxml import etree

from teipipe.repository.records import RECORDS_FILE, datestamp, read_records
from teipipe.transform import xslt
from teipipe.transform.corpus import is_document

SETS_STYLESHEET = "tei-to-oai-sets.xsl"
#: The repository's name when the documents name no collection.
DEFAULT_NAME = "teipipe edition"


@dataclass(frozen=True)
class Item:
    """One record of the repository; `path` is None for a deleted one."""

    stem: str
    datestamp: str
    deleted: bool
    sets: tuple[str, ...]
    path: Path | None

    def in_set(self, spec: str) -> bool:
        """Whether the item is in set `spec` (or in a set below it: A:B is part of A)."""
        return any(own == spec or own.startswith(spec + ":") for own in self.sets)


@dataclass(frozen=True)
class Catalog:
    """The repository at one moment: items sorted by stem, sets by spec."""

    items: tuple[Item, ...]
    sets: tuple[tuple[str, str], ...]
    name: str
    version: str
    by_stem: Mapping[str, Item]

    def item(self, stem: str) -> Item | None:
        """The item with this stem, if any."""
        return self.by_stem.get(stem)

    @property
    def earliest_datestamp(self) -> str:
        """The oldest datestamp (Identify); the epoch of the UNIX clock for an empty edition."""
        stamps = [item.datestamp for item in self.items]
        return min(stamps) if stamps else datestamp(datetime.fromtimestamp(0, UTC))


@dataclass(frozen=True)
class _Document:
    """What one TEI file contributes, remembered until the file changes."""

    key: tuple[int, int, int]
    is_document: bool
    collection: str
    sets: tuple[tuple[str, str], ...]


class EditionCatalog:
    """Keeps the catalog of the edition in `out_dir` current; safe to share between threads."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self._lock = threading.Lock()
        self._documents: dict[str, _Document] = {}
        self._state: tuple[Any, ...] | None = None
        self._catalog: Catalog | None = None

    def current(self) -> Catalog:
        """The catalog as the files are now (raises `RecordsError` for a broken history)."""
        files = self._tei_files()
        records_path = self.out_dir / RECORDS_FILE
        state = (tuple(sorted(files.items())), _stat_key(records_path))
        with self._lock:
            if self._catalog is None or state != self._state:
                self._catalog = self._build(files, records_path, state)
                self._state = state
            return self._catalog

    def _tei_files(self) -> dict[str, tuple[int, int, int]]:
        folder = self.out_dir / "tei"
        found: dict[str, tuple[int, int, int]] = {}
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return found
        for entry in entries:
            if entry.name.endswith(".xml") and not entry.name.startswith("."):
                try:
                    info = entry.stat()
                except OSError:
                    continue
                found[entry.name[:-4]] = (info.st_mtime_ns, info.st_size, info.st_ino)
        return found

    def _build(self, files: dict[str, tuple[int, int, int]], records_path: Path,
               state: tuple[Any, ...]) -> Catalog:
        history: dict[str, Any] = read_records(records_path).get("records", {})
        items: list[Item] = []
        sets: dict[str, str] = {}
        collections: Counter[str] = Counter()
        for stem, key in files.items():
            document = self._document(stem, key)
            if not document.is_document:
                continue
            record = history.get(stem)
            if record is not None and not record.get("deleted", False):
                stamp = str(record["datestamp"])
            else:
                stamp = datestamp(datetime.fromtimestamp(key[0] / 1e9, UTC))
            sets.update(document.sets)
            if document.collection:
                collections[document.collection] += 1
            items.append(Item(stem, stamp, False, tuple(spec for spec, _ in document.sets),
                              self.out_dir / "tei" / f"{stem}.xml"))
        for stem, record in history.items():
            if record.get("deleted", False) and stem not in files:
                items.append(Item(stem, str(record["datestamp"]), True, (), None))
        items.sort(key=lambda item: item.stem)
        self._documents = {stem: self._documents[stem] for stem in files
                           if stem in self._documents}
        name = collections.most_common(1)[0][0] if collections else DEFAULT_NAME
        version = hashlib.sha256(repr(state).encode()).hexdigest()[:16]
        return Catalog(tuple(items), tuple(sorted(sets.items())), name, version,
                       {item.stem: item for item in items})

    def _document(self, stem: str, key: tuple[int, int, int]) -> _Document:
        known = self._documents.get(stem)
        if known is not None and known.key == key:
            return known
        path = self.out_dir / "tei" / f"{stem}.xml"
        document = _Document(key, False, "", ())
        if is_document(path):
            try:
                result = xslt.apply(SETS_STYLESHEET, xslt.parse(path)).getroot()
            except (etree.XMLSyntaxError, OSError, xslt.TransformError):
                result = None
            if result is not None:
                sets = tuple((str(s.get("spec")), (s.text or "").strip()) for s in result)
                document = _Document(key, True, str(result.get("collection", "")), sets)
        self._documents[stem] = document
        return document


def _stat_key(path: Path) -> tuple[int, int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size, info.st_ino)
