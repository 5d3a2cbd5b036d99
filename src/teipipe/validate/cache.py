"""What teipipe remembers between runs about schemas: converted compact syntax and which
schemas libxml2 cannot compile in time.

Lives in `$XDG_CACHE_HOME/teipipe` (else `~/.cache/teipipe`); keys are sha256 hashes of the
schema files' bytes, so an edited schema is a new entry and nothing ever goes stale.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

RNG = "http://relaxng.org/ns/structure/1.0"
# `include "x.rnc"` and `external "x.rnc"` in compact syntax
_RNC_REFERENCE = re.compile(r"""\b(?:include|external)\s+["']([^"']+)["']""")


def cache_dir() -> Path:
    """The teipipe cache folder (created on first use by the writers)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "teipipe"


def schema_files(path: Path) -> list[Path]:
    """`path` and every schema file it includes (RELAX NG `include`/`externalRef`, compact
    `include`/`external`), each once: what a schema's meaning depends on."""
    seen: list[Path] = []
    pending = [path.resolve()]
    while pending:
        current = pending.pop()
        if current in seen or not current.is_file():
            continue
        seen.append(current)
        pending.extend(current.parent / href for href in _references(current))
    return seen


def _references(path: Path) -> Iterable[str]:
    if path.suffix.lower() == ".rnc":
        return _RNC_REFERENCE.findall(path.read_text(encoding="utf-8", errors="replace"))
    try:
        from teipipe.validate.parsing import parse_trusted

        root = parse_trusted(path).getroot()
    except etree.XMLSyntaxError:
        return []
    return [
        element.get("href", "")
        for element in root.iter(f"{{{RNG}}}include", f"{{{RNG}}}externalRef")
        if element.get("href")
    ]


def schema_hash(path: Path, salt: str = "") -> str:
    """sha256 over the bytes of a schema and the files it includes (and `salt`)."""
    digest = hashlib.sha256(salt.encode())
    for file in schema_files(path):
        digest.update(file.name.encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def read_mark(kind: str, key: str) -> str | None:
    """A remembered fact (`slow`, `fast`) about the schema with hash `key`, if any."""
    mark = cache_dir() / kind / key
    try:
        return mark.read_text(encoding="utf-8").strip()
    except OSError:
        return None


def write_mark(kind: str, key: str, value: str) -> None:
    """Remember a fact; a cache that cannot be written only costs time, so errors pass."""
    folder = cache_dir() / kind
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f".{key}.{os.getpid()}"
        temporary.write_text(value + "\n", encoding="utf-8")
        temporary.replace(folder / key)
    except OSError:
        pass
