"""The part of a RELAX NG grammar that documents with given element names can use.

Why: libxml2 compiles every element's content model into an automaton and checks it for
determinism, pairwise over its transitions. TEI content models are choices among hundreds of
elements, so `tei_all.rng` takes libxml2 seconds to compile (about 9 s here, where Jing
validates a whole corpus in one) and ODD schemas such as DraCor's do not finish at all. A
document uses a few dozen of those elements: compiling only the element patterns it can use
takes milliseconds.

Why the verdict does not change: `grammar_subset` replaces each element pattern whose name
class can only match names outside `names` by `notAllowed`. That only removes documents from
the grammar's language, so nothing invalid becomes valid. And a document all of whose element
names are in `names` never matches a removed pattern (a pattern is only matched by an element
of a name it allows), so no valid document becomes invalid: a choice loses branches the
document does not take, and a required element the document lacks was already missing. Name
classes are compared by local name only (a superset: the namespace is left to the validator),
and `anyName`/`nsName` patterns are always kept.
"""

from __future__ import annotations

import copy
from collections.abc import Set

from lxml import etree

__all__ = ["element_names", "grammar_subset"]

RNG = "http://relaxng.org/ns/structure/1.0"
_ELEMENT = f"{{{RNG}}}element"
_NAME = f"{{{RNG}}}name"
_CHOICE = f"{{{RNG}}}choice"
_NOT_ALLOWED = f"{{{RNG}}}notAllowed"
_EMPTY = f"{{{RNG}}}empty"
_DEFINE = f"{{{RNG}}}define"


def _tags(*names: str) -> frozenset[str]:
    return frozenset(f"{{{RNG}}}{name}" for name in names)


# patterns that match nothing when one of their parts cannot match / that then match empty
_ABSORBING = _tags("group", "interleave", "oneOrMore", "list", "attribute", "mixed", "element")
_VANISHING = _tags("optional", "zeroOrMore")
_REPEATED = _VANISHING | _tags("oneOrMore")


def element_names(tree: etree._ElementTree) -> frozenset[str]:
    """The local names of the elements of a document."""
    tags = {element.tag for element in tree.iter(etree.Element)}
    return frozenset(tag.rpartition("}")[2] for tag in tags)


def grammar_subset(grammar: etree._ElementTree, names: Set[str]) -> etree._ElementTree:
    """A copy of `grammar` (RELAX NG, XML syntax) that accepts exactly the documents the
    grammar accepts among those whose element local names are all in `names`. Included or
    external grammars are left to the compiler as they are (they are only not pruned)."""
    subset = copy.deepcopy(grammar)
    unusable = [
        element
        for element in subset.iter(_ELEMENT)
        if (allowed := _local_names(element)) is not None and not allowed & names
    ]
    for element in unusable:
        if element.getparent() is not None:  # a grammar that is one element pattern stays
            _replace(element, _NOT_ALLOWED)
    _propagate(list(subset.iter(_NOT_ALLOWED)))
    return subset


def _propagate(pending: list[etree._Element]) -> None:
    """Carry each `notAllowed` up as RELAX NG's simplification does (section 4.19): a pattern
    that contains it where it must match becomes `notAllowed`; a choice loses that branch; an
    optional or repeated one matches only empty. libxml2 needs this: it checks content types
    before simplifying, and rejects `notAllowed` in a group.

    It stops at definitions: a reference to one that became `notAllowed` is kept. libxml2 then
    leaves the content models around it uncompiled, as it does for the empty model classes of
    every ODD schema (defined as `notAllowed`); simplifying those away would have it build
    automata it never builds for the whole grammar, and some take minutes."""
    while pending:
        unmatchable = pending.pop()
        parent = unmatchable.getparent()
        if parent is None:
            continue
        if parent.tag in _ABSORBING and parent.getparent() is not None:
            pending.append(_replace(parent, _NOT_ALLOWED))
        elif parent.tag in _VANISHING:
            _vanish(parent)
        elif parent.tag == _DEFINE and len([c for c in parent if _in_rng(c)]) > 1:
            for part in [c for c in parent if _in_rng(c) and c is not unmatchable]:
                parent.remove(part)  # a definition's parts are a group
        elif parent.tag == _CHOICE:
            parent.remove(unmatchable)
            if not any(_in_rng(child) for child in parent) and parent.getparent() is not None:
                pending.append(_replace(parent, _NOT_ALLOWED))


def _vanish(pattern: etree._Element) -> None:
    """A pattern that now matches only the empty sequence: dropped from the group it is part
    of (group(p, empty) is p), else `empty`. libxml2 mishandles `empty` inside a group."""
    parent = pattern.getparent()
    assert parent is not None
    parts = [child for child in parent if _in_rng(child)]
    if parent.tag == _ELEMENT and parent.get("name") is None:
        parts = parts[1:]  # the first is the name class
    if parent.tag in _REPEATED and len(parts) == 1 and parent.getparent() is not None:
        _vanish(parent)  # oneOrMore(empty) is empty
    elif parent.tag != _CHOICE and len(parts) > 1:
        parent.remove(pattern)
    else:
        _replace(pattern, _EMPTY)


def _replace(pattern: etree._Element, tag: str) -> etree._Element:
    replacement = etree.Element(tag)
    replacement.tail = pattern.tail
    parent = pattern.getparent()
    assert parent is not None
    parent.replace(pattern, replacement)
    return replacement


def _local_names(element: etree._Element) -> frozenset[str] | None:
    """The local names an element pattern can match; None when it can match any name."""
    name = element.get("name")
    if name is not None:
        return frozenset({name.strip().rpartition(":")[2]})
    name_class = next((child for child in element if _in_rng(child)), None)
    return None if name_class is None else _name_class(name_class)


def _name_class(name_class: etree._Element) -> frozenset[str] | None:
    if name_class.tag == _NAME:
        return frozenset({(name_class.text or "").strip().rpartition(":")[2]})
    if name_class.tag == _CHOICE:
        found: set[str] = set()
        for child in name_class:
            if not _in_rng(child):
                continue
            names = _name_class(child)
            if names is None:
                return None
            found |= names
        return frozenset(found)
    return None  # anyName, nsName


def _in_rng(element: etree._Element) -> bool:
    return isinstance(element.tag, str) and element.tag.startswith(f"{{{RNG}}}")
