"""libxml2 compiles only the part of a grammar a document can use: same verdicts, every time.

`grammar_subset` drops the element patterns of names a document does not contain. These tests
check that claim where it matters: against the whole grammar, on real documents of four
projects and on documents broken in the ways editors break them (an element renamed to
another one the schema knows, moved, removed or doubled).
"""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from teipipe import resources
from teipipe.validate.grammar_subset import element_names, grammar_subset

ROOT = Path(__file__).resolve().parents[1]
FOREIGN = ROOT / "tests" / "fixtures" / "foreign"
RNG = "http://relaxng.org/ns/structure/1.0"


def grammar(text: str) -> etree._ElementTree:
    return etree.ElementTree(etree.fromstring(text))


def kept(subset: etree._ElementTree) -> list[str]:
    """The names of the element patterns left in a grammar, in order."""
    return [
        element.get("name") or etree.tostring(element[0], encoding="unicode")
        for element in subset.iter(f"{{{RNG}}}element")
    ]


def test_element_patterns_of_names_the_document_lacks_become_not_allowed() -> None:
    source = grammar(
        f"""<grammar xmlns="{RNG}" xmlns:a="urn:annotations">
          <start><element name="tei:TEI" xmlns:tei="urn:t"><ref name="body"/></element></start>
          <define name="body"><choice>
            <element name="p"><text/></element>
            <element name="ab"><text/></element>
            <element><a:documentation>a name class after an annotation</a:documentation>
              <choice><name>q</name><name>said</name></choice><text/></element>
            <element><choice><name>x</name><nsName ns="urn:any"/></choice><empty/></element>
            <element><anyName/><empty/></element>
          </choice></define>
        </grammar>"""
    )
    subset = grammar_subset(source, {"TEI", "said"})
    assert len(kept(subset)) == 4 and "p" not in kept(subset) and "ab" not in kept(subset)
    assert not list(subset.iter(f"{{{RNG}}}notAllowed")), "choices lose the branches"
    assert len(kept(source)) == 6, "the grammar itself is left as it was"


def test_what_cannot_match_is_carried_up_as_relax_ng_simplifies_it() -> None:
    """A group with an unmatchable part cannot match, nor can a definition with one; an
    optional one matches only empty, so it leaves its group; a choice drops it. References
    to such a definition stay (libxml2 leaves content models with them uncompiled)."""
    source = grammar(
        f"""<grammar xmlns="{RNG}">
          <start><element name="doc"><choice><ref name="both"/><ref name="one"/>
            <group><element name="b"><empty/></element><text/></group></choice>
            <optional><element name="b"><empty/></element></optional></element></start>
          <define name="both"><element name="a"><empty/></element>
            <element name="b"><empty/></element></define>
          <define name="one"><element name="a"><empty/></element></define>
        </grammar>"""
    )
    subset = grammar_subset(source, {"doc", "a"})
    start, both, _ = subset.getroot()
    text = etree.tostring(start, encoding="unicode")
    assert '<ref name="one"/>' in text and '<ref name="both"/>' in text
    assert "group" not in text and "optional" not in text and "notAllowed" not in text
    assert [child.tag for child in both] == [f"{{{RNG}}}notAllowed"]
    schema = etree.RelaxNG(subset)
    assert schema.validate(etree.fromstring("<doc><a/></doc>").getroottree())
    assert not schema.validate(etree.fromstring("<doc><a/><b/></doc>").getroottree())


def test_element_names_are_local_names_of_elements_only() -> None:
    tree = etree.ElementTree(
        etree.fromstring('<TEI xmlns="urn:t"><!-- c --><?pi x?><x:p xmlns:x="urn:x"/></TEI>')
    )
    assert element_names(tree) == {"TEI", "p"}


def documents() -> list[Path]:
    return sorted((ROOT / "tei").glob("*.xml"))[:12] + sorted(
        (ROOT / "tests" / "fixtures" / "validate").glob("*.xml")
    )


def broken(path: Path, seed: int) -> Iterator[etree._ElementTree]:
    """The document, then variants broken as editors break documents."""
    rng = random.Random(f"{path.name}:{seed}")
    yield etree.parse(str(path))
    names = sorted({e.tag for e in etree.parse(str(path)).iter(etree.Element)})
    for mutation in ("rename", "remove", "double", "move"):
        tree = etree.parse(str(path))
        elements = [e for e in tree.iter(etree.Element) if e.getparent() is not None]
        element = rng.choice(elements)
        parent = element.getparent()
        assert parent is not None
        if mutation == "rename":
            element.tag = rng.choice(names)
        elif mutation == "remove":
            parent.remove(element)
        elif mutation == "double":
            parent.insert(parent.index(element), copy.deepcopy(element))
        else:
            target = rng.choice(elements)
            if element not in target.iterancestors() and element is not target:
                target.append(element)
        yield tree


def verdicts(schema: Path, trees: list[etree._ElementTree]) -> tuple[list[bool], list[bool]]:
    """Verdicts of the whole grammar and of the part for each document's names."""
    source = etree.parse(str(schema))
    whole = etree.RelaxNG(source)
    parts: dict[frozenset[str], etree.RelaxNG] = {}
    by_part = []
    for tree in trees:
        names = element_names(tree)
        if names not in parts:
            parts[names] = etree.RelaxNG(grammar_subset(source, names))
        by_part.append(bool(parts[names].validate(tree)))
    return [bool(whole.validate(tree)) for tree in trees], by_part


def test_the_part_gives_the_whole_grammars_verdicts_on_our_documents() -> None:
    trees = [tree for path in documents() for seed in range(3) for tree in broken(path, seed)]
    whole, part = verdicts(resources.schema("teipipe.rng"), trees)
    assert whole == part
    assert any(whole) and not all(whole), "both verdicts occur"


def test_the_part_gives_the_whole_grammars_verdicts_on_another_projects_documents() -> None:
    """ELTeC's ODD-made grammar (DraCor's, whole, libxml2 never finishes compiling)."""
    files = sorted((FOREIGN / "eltec").rglob("*.xml"))
    trees = [tree for path in files for seed in range(3) for tree in broken(path, seed)]
    whole, part = verdicts(FOREIGN / "eltec" / "Schemas" / "eltec-1.rng", trees)
    assert whole == part
    assert any(whole) and not all(whole), "both verdicts occur"


@pytest.fixture(scope="module")
def tei_all_path() -> Path:
    shared = ROOT.parent / "shared" / "reference" / "tei_all.rng"
    return shared if shared.is_file() else resources.schema("tei_all.rng")


def test_the_part_of_tei_all_gives_the_verdicts_of_the_whole(tei_all_path: Path) -> None:
    """tei_all.rng whole takes libxml2 seconds to compile, once, for this comparison."""
    files = sorted((FOREIGN / "eltec").rglob("*.xml")) + sorted((FOREIGN / "dracor").glob("*.xml"))
    trees = [tree for path in files + documents()[:6] for tree in broken(path, 1)]
    whole, part = verdicts(tei_all_path, trees)
    assert whole == part
    assert any(whole) and not all(whole), "both verdicts occur"
