"""The RELAX NG layer, on libxml2 (lxml).

libxml2's RELAX NG engine is fast but has known gaps with large TEI grammars; the test suite
cross-checks its verdicts against Jing on every fixture and encoded file.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from teipipe.validate.parsing import parse_trusted
from teipipe.validate.problems import Problem

# libxml2 follows a specific error with a summary of every enclosing element
# ("Element div failed to validate content"); keep only the specific one.
_SUMMARIES = (
    "failed to validate content",
    "Expecting an element",
    "Invalid sequence in interleave",
)


class RelaxNGValidator:
    """A compiled RELAX NG grammar; compile once, validate many documents."""

    layer = "relaxng"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.rule = path.name
        self._schema = etree.RelaxNG(parse_trusted(path))

    def validate(self, tree: etree._ElementTree, file: str) -> list[Problem]:
        if self._schema.validate(tree):
            return []
        entries = list(self._schema.error_log)
        specific = [e for e in entries if not any(s in e.message for s in _SUMMARIES)]
        return [
            Problem(file, e.line, e.column, "error", self.rule, "relaxng", e.message)
            for e in (specific or entries)
        ]
