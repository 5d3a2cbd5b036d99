"""The W3C XML Schema layer, on xmlschema (XSD 1.1: teipipe.xsd uses type alternatives)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import xmlschema
from lxml import etree

from teipipe.validate.problems import Problem

_STEP = re.compile(r"^(?:[^:\[\]]+:)?([^\[\]]+)(\[\d+\])?$")


class XsdValidator:
    """A compiled XML Schema; compile once, validate many documents.

    Schemas load with `allow="local"` and `defuse="always"`: imports and includes are read
    from disk only, never from the network, and never with entity expansion.

    Documents are handed to xmlschema re-serialised, not as lxml trees: xmlschema 4.3 does not
    see `xml:` attributes in type-alternative tests on lxml elements (so `TEI[@xml:id='persons']`
    would get the wrong type). Lines come back by following each error's path in the lxml tree.
    """

    layer = "xsd"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.rule = path.name
        self._schema = xmlschema.XMLSchema11(str(path), allow="local", defuse="always")

    def validate(self, tree: etree._ElementTree, file: str) -> list[Problem]:
        source = xmlschema.XMLResource(io.BytesIO(etree.tostring(tree)), defuse="always")
        problems = []
        for error in self._schema.iter_errors(source):
            line = _line(tree, error.path)
            where = f" (at {error.path})" if error.path else ""
            message = f"{error.reason or error.message}{where}"
            problems.append(Problem(file, line, 0, "error", self.rule, "xsd", message))
        return problems


def _line(tree: etree._ElementTree, path: str | None) -> int:
    """The line of the element an xmlschema error path (`/TEI/text/body/div[2]`) names."""
    element: etree._Element | None = tree.getroot()
    for step in (path or "").strip("/").split("/")[1:]:
        match = _STEP.match(step)
        if element is None or match is None or step.startswith("@"):
            break
        name, index = match.group(1), int((match.group(2) or "[1]")[1:-1])
        children = [c for c in element.iterchildren("{*}" + name)]
        element = children[index - 1] if len(children) >= index else None
    return int(getattr(element, "sourceline", 0) or 0) if element is not None else 0
