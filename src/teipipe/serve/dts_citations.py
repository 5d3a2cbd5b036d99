"""The DTS citation tree of a TEI document: which parts can be cited, and by what reference.

DTS clients navigate a document by references (`1`, `1.3`, `1.3.2`), so the server must fix
one citation scheme per document and keep it stable across requests. Ours follows the TEI
structure that teipipe writes: divisions (`div`) hold speeches (`sp`) and paragraphs (`p`),
and speeches hold paragraphs. A unit is cited by its position among the cited children of its
parent (all cited kinds counted together, in document order), joined with dots; an element
with an `xml:id` is cited by that id instead, since ids are what other documents point at.
Numbers start with a digit and XML ids cannot, so the two never collide.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TypeAlias

from lxml import etree

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_DIV = f"{{{TEI_NS}}}div"
_SP = f"{{{TEI_NS}}}sp"
_P = f"{{{TEI_NS}}}p"
_HEAD = f"{{{TEI_NS}}}head"
_SPEAKER = f"{{{TEI_NS}}}speaker"
_NOTE = f"{{{TEI_NS}}}note"
_CITED = (_DIV, _SP, _P)
# Which cited elements may hold cited children: a paragraph is a leaf.
_CONTAINERS = (_DIV, _SP)

# The citeTypes met so far under each citeType, in the order they were first met.
_Shape: TypeAlias = "dict[str, _Shape]"


@dataclass(frozen=True)
class CitableUnit:
    """One node of the citation tree, with what the Navigation endpoint reports about it.

    `position` and `last` are document-order indexes (the unit's own, and that of its last
    descendant), so ranges and subtrees are slices of `CitationTree.units`.
    """

    identifier: str
    level: int
    parent: str | None
    cite_type: str
    position: int
    last: int
    label: str | None


@dataclass(frozen=True)
class CiteStructure:
    """One citeType at one place in the hierarchy, and what may be cited inside it."""

    cite_type: str
    children: tuple[CiteStructure, ...]


@dataclass(frozen=True)
class CitationTree:
    """All citable units of a document in document order, and the elements they cite."""

    units: tuple[CitableUnit, ...]
    elements: tuple[etree._Element, ...]
    by_id: Mapping[str, CitableUnit]
    structure: tuple[CiteStructure, ...]

    def subtree(self, unit: CitableUnit) -> tuple[CitableUnit, ...]:
        """The unit and all its descendants, in document order."""
        return self.units[unit.position : unit.last + 1]

    def depth(self) -> int:
        """The deepest level in the tree (0 for a document with nothing to cite)."""
        return max((unit.level for unit in self.units), default=0)


def cite_type(element: etree._Element) -> str:
    """What kind of unit an element is: a division by its TEI type, speeches, paragraphs."""
    if element.tag == _DIV:
        return element.get("type") or "division"
    return "speech" if element.tag == _SP else "paragraph"


def plain_text(element: etree._Element) -> str:
    """The element's text without footnotes and editorial notes, whitespace collapsed."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag != _NOTE:
            parts.append(plain_text(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def _label(element: etree._Element) -> str | None:
    """A division's heading or a speech's speaker label: what a table of contents shows."""
    wanted = {_DIV: _HEAD, _SP: _SPEAKER}.get(str(element.tag))
    if wanted is None:
        return None
    for child in element.iterchildren(wanted):
        if child.get("type") is None:
            return plain_text(child) or None
    return None


class _Builder:
    """Walks the body once, numbering cited elements and recording the types' nesting."""

    def __init__(self) -> None:
        self.units: list[CitableUnit] = []
        self.elements: list[etree._Element] = []
        self.structure: _Shape = {}

    def walk(
        self,
        container: etree._Element,
        parent: CitableUnit | None,
        numbers: str,
        shape: _Shape,
    ) -> None:
        for count, child in enumerate(container.iterchildren(*_CITED), start=1):
            number = f"{numbers}.{count}" if numbers else str(count)
            kind = cite_type(child)
            position = len(self.units)
            self.units.append(
                CitableUnit(
                    identifier=child.get(XML_ID) or number,
                    level=parent.level + 1 if parent else 1,
                    parent=parent.identifier if parent else None,
                    cite_type=kind,
                    position=position,
                    last=position,
                    label=_label(child),
                )
            )
            self.elements.append(child)
            inner = shape.setdefault(kind, {})
            if child.tag in _CONTAINERS:
                self.walk(child, self.units[position], number, inner)
            self.units[position] = replace(self.units[position], last=len(self.units) - 1)


def _freeze(shape: _Shape) -> tuple[CiteStructure, ...]:
    return tuple(CiteStructure(kind, _freeze(inner)) for kind, inner in shape.items())


def build(root: etree._Element) -> CitationTree:
    """The citation tree of a TEI document: the cited elements of `text/body`, in order."""
    builder = _Builder()
    for body in root.iterfind(f"{{{TEI_NS}}}text/{{{TEI_NS}}}body"):
        builder.walk(body, None, "", builder.structure)
    units = tuple(builder.units)
    return CitationTree(
        units=units,
        elements=tuple(builder.elements),
        by_id={unit.identifier: unit for unit in units},
        structure=_freeze(builder.structure),
    )
