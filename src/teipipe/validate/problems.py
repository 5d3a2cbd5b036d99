"""The one thing every validation layer returns: a located, classified problem."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]
Layer = Literal[
    "input", "wellformed", "relaxng", "xsd", "schematron", "fidelity", "schema-loading", "encoding"
]

SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True, order=True)
class Problem:
    """A problem in `file` at `line`:`column` (1-based; 0 when the engine does not know).

    `rule` names what was broken (a Schematron rule id, `relaxng`, `xsd`, ...) so reports can be
    filtered and CI annotations grouped; `layer` says which kind of check found it.
    """

    file: str
    line: int
    column: int
    severity: Severity
    rule: str
    layer: Layer
    message: str

    def __str__(self) -> str:
        return (
            f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message} [{self.rule}]"
        )


def normalize_severity(role: str | None) -> Severity:
    """Map a Schematron `@role` (or `@flag`) onto our three severities; errors by default."""
    value = (role or "").strip().lower()
    if value in {"warning", "warn", "nonfatal"}:  # nonfatal: TEI ODDs' word for a warning
        return "warning"
    if value in {"info", "information", "informational", "note"}:
        return "info"
    return "error"
