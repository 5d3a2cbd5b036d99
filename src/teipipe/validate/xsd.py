"""The W3C XML Schema layer, on xmlschema (XSD 1.1: teipipe.xsd uses type alternatives)."""

from __future__ import annotations

from pathlib import Path

import xmlschema
from lxml import etree

from teipipe.validate.problems import Problem


class XsdValidator:
    """A compiled XML Schema; compile once, validate many documents.

    Schemas load with `allow="local"` and `defuse="always"`: imports and includes are read
    from disk only, never from the network, and never with entity expansion.
    """

    layer = "xsd"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.rule = path.name
        self._schema = xmlschema.XMLSchema11(str(path), allow="local", defuse="always")

    def validate(self, tree: etree._ElementTree, file: str) -> list[Problem]:
        problems = []
        for error in self._schema.iter_errors(tree):
            line = getattr(error, "sourceline", None) or 0
            where = f" (at {error.path})" if error.path else ""
            message = f"{error.reason or error.message}{where}"
            problems.append(Problem(file, line, 0, "error", self.rule, "xsd", message))
        return problems
