"""How a validation run behaves beyond which files and schemas: one value handed to every
worker, so options added later do not widen every signature on the way."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from teipipe.validate.parsing import DEFAULT_MAX_BYTES
from teipipe.validate.relaxng import DEFAULT_SCHEMA_TIMEOUT


@dataclass(frozen=True)
class Options:
    """`catalogs`: the user's OASIS catalogs, consulted before teipipe's own.
    `allow_unvalidated`: a document no schema could be applied to is a warning, not an error.
    `schema_timeout`: seconds libxml2 may take to compile a RELAX NG schema before Jing takes
    over (0: no bound). `max_bytes`: larger files are refused unread. `phase`: the Schematron
    phase to run (an id, `#ALL`, or None for each schema's default). `follow_symlinks`: check
    files that links inside a folder lead to outside it (refused otherwise)."""

    catalogs: tuple[Path, ...] = ()
    allow_unvalidated: bool = False
    schema_timeout: float = DEFAULT_SCHEMA_TIMEOUT
    max_bytes: int = DEFAULT_MAX_BYTES
    phase: str | None = None
    follow_symlinks: bool = False
