"""TEI served by the DTS Document endpoint: the whole file, or cited parts in a dts:wrapper.

DTS 1.0 asks for a `<TEI>` root in the TEI namespace, with a part of a document inside
`<dts:wrapper>`, and allows context beside the wrapper: the document's `teiHeader` comes first,
so a passage's `persName/@ref="#id"` still resolves to its person and the passage keeps its
title, date and licence. A single reference gives the cited element itself. A range gives every unit
it covers whole; the divisions and speeches those units sit in but that the range does not
cover whole are kept as empty shells with their attributes (a speech keeps `@who`), so a range
of paragraphs still says who spoke them, without pulling in text outside the range.
"""

from __future__ import annotations

import copy

from lxml import etree

from teipipe.serve.dts_citations import TEI_NS, CitableUnit, CitationTree

DTS_NS = "https://w3id.org/api/dts#"


def _envelope(tree: CitationTree) -> tuple[etree._Element, etree._Element]:
    # (lxml-stubs types nsmap keys as str; lxml takes None for the default namespace.)
    root = etree.Element(f"{{{TEI_NS}}}TEI", nsmap={None: TEI_NS})  # type: ignore[dict-item]
    if tree.elements:
        header = tree.elements[0].getroottree().find(f"{{{TEI_NS}}}teiHeader")
        if header is not None:
            root.append(_copy(header))
    wrapper = etree.SubElement(root, f"{{{DTS_NS}}}wrapper", nsmap={"dts": DTS_NS})
    return root, wrapper


def _copy(element: etree._Element) -> etree._Element:
    duplicate = copy.deepcopy(element)
    duplicate.tail = None
    return duplicate


def _serialise(root: etree._Element) -> bytes:
    etree.cleanup_namespaces(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def whole_units(tree: CitationTree, start: CitableUnit, end: CitableUnit) -> list[CitableUnit]:
    """The largest units lying wholly between `start` and the end of `end`, in order."""
    chosen: list[CitableUnit] = []
    position = start.position
    while position <= end.last:
        unit = tree.units[position]
        if unit.last <= end.last:
            chosen.append(unit)
            position = unit.last + 1
        else:  # it reaches past the range: descend into it
            position += 1
    return chosen


def _ancestors(tree: CitationTree, unit: CitableUnit) -> list[CitableUnit]:
    chain: list[CitableUnit] = []
    parent = unit.parent
    while parent is not None:
        ancestor = tree.by_id[parent]
        chain.append(ancestor)
        parent = ancestor.parent
    return chain[::-1]


def passage(tree: CitationTree, unit: CitableUnit) -> bytes:
    """The cited element alone in a wrapper."""
    root, wrapper = _envelope(tree)
    wrapper.append(_copy(tree.elements[unit.position]))
    return _serialise(root)


def passage_range(tree: CitationTree, start: CitableUnit, end: CitableUnit) -> bytes:
    """Every unit from `start` to `end` inclusive, inside shells of their partial ancestors."""
    root, wrapper = _envelope(tree)
    shells: dict[int, etree._Element] = {}  # ancestor position -> its shell
    for unit in whole_units(tree, start, end):
        holder = wrapper
        for ancestor in _ancestors(tree, unit):
            shell = shells.get(ancestor.position)
            if shell is None:
                original = tree.elements[ancestor.position]
                shell = etree.SubElement(holder, original.tag)
                for name, value in original.attrib.items():
                    shell.set(name, value)
                shells[ancestor.position] = shell
            holder = shell
        holder.append(_copy(tree.elements[unit.position]))
    return _serialise(root)
