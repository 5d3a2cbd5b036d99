"""Reading a Schematron schema into one self-contained `sch:schema` element.

The compiler stylesheet (`xslt/schematron-compile.xsl`) works on one document; this module
gathers it: a `.sch` file with its `include`s (and `extends/@href`) spliced in and its abstract
patterns instantiated (`is-a` with `param`s), or the rules embedded in a RELAX NG grammar, as
every ODD-generated schema (tei_all.rng included) carries them and Jing ignores them. Files are
read with the safe parser (no DTD, entities or network), which is why this is not done in XSLT.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

from lxml import etree

from teipipe.validate.parsing import parse_trusted

SCH = "http://purl.oclc.org/dsdl/schematron"
RUN = "urn:teipipe:schematron"
QUERY_BINDINGS = {"", "xslt", "xslt2", "xslt3", "xpath", "xpath2", "xpath3", "xpath31"}
# ODD processors write the embedded rules for XSLT 2 (TEI's own extraction does too).
EMBEDDED_BINDING = "xslt2"
_MAX_INCLUDE_DEPTH = 20


class SchematronError(ValueError):
    """The schema itself is broken: bad XPath, unknown rule, missing include, unsupported."""


def _sch(local: str) -> str:
    return f"{{{SCH}}}{local}"


def load_schema(path: Path) -> etree._Element:
    """The `sch:schema` of a `.sch` file, self-contained (see the module docstring)."""
    root = _parse(path)
    if root.tag != _sch("schema"):
        raise SchematronError(f"{path}: not an ISO Schematron schema (root {root.tag})")
    binding = root.get("queryBinding", "").lower()
    if binding not in QUERY_BINDINGS:
        raise SchematronError(f"{path}: unsupported queryBinding {binding!r}")
    return _finish(root, path)


def embedded_schema(rng_path: Path) -> etree._Element | None:
    """The Schematron rules embedded in a RELAX NG grammar as one schema, or None if it has none.

    Keeps the grammar's `sch:ns` declarations; rules standing outside a pattern (older ODD
    output) get a pattern of their own.
    """
    grammar = _parse(rng_path)
    schema = etree.Element(_sch("schema"), nsmap={"sch": SCH})
    schema.set("queryBinding", EMBEDDED_BINDING)
    prefixes: set[str] = set()
    for ns in grammar.iter(_sch("ns")):
        if ns.get("prefix", "") not in prefixes:
            prefixes.add(ns.get("prefix", ""))
            schema.append(_clean_copy(ns))
    for element in grammar.iter(_sch("let"), _sch("pattern"), _sch("rule"), _sch("diagnostics")):
        if _inside_schematron(element):
            continue
        if element.tag == _sch("rule"):
            pattern = etree.SubElement(schema, _sch("pattern"))
            pattern.set("id", element.get("id") or f"rule-line-{element.sourceline}")
            pattern.append(_clean_copy(element))
        else:
            schema.append(_clean_copy(element))
    if schema.find(_sch("pattern")) is None:
        return None
    return _finish(schema, rng_path)


def _inside_schematron(element: etree._Element) -> bool:
    """Whether `element` is part of a larger Schematron construct (a rule in a pattern)."""
    parent = element.getparent()
    return parent is not None and etree.QName(parent).namespace == SCH


def _clean_copy(element: etree._Element) -> etree._Element:
    """A copy without the tail text of its place in the grammar."""
    result = copy.deepcopy(element)
    result.tail = None
    return result


def _parse(path: Path) -> etree._Element:
    try:
        return parse_trusted(path).getroot()
    except (OSError, etree.XMLSyntaxError) as error:
        raise SchematronError(f"cannot read schema {path}: {error}") from error


def _finish(schema: etree._Element, path: Path) -> etree._Element:
    _include(schema, path, 0)
    _instantiate_abstract_patterns(schema, path)
    for pattern in schema.iter(_sch("pattern")):
        if pattern.get("documents") is not None:  # would silently check the wrong document
            raise SchematronError(
                f"{path}:{pattern.sourceline}: pattern/@documents is not supported"
            )
    for element in schema.iter(_sch("rule"), _sch("extends"), _sch("pattern")):
        element.set(f"{{{RUN}}}line", str(element.sourceline or 0))
    return schema


def _include(element: etree._Element, base: Path, depth: int) -> None:
    """Replace `include` (and `extends/@href`) by what they point at, recursively."""
    if depth > _MAX_INCLUDE_DEPTH:
        raise SchematronError(f"{base}: includes nested more than {_MAX_INCLUDE_DEPTH} deep")
    for child in list(element):
        if not isinstance(child.tag, str):
            continue
        href = child.get("href")
        if child.tag == _sch("include") or (child.tag == _sch("extends") and href):
            if not href:
                raise SchematronError(f"{base}:{child.sourceline}: include without href")
            target = (base.parent / href.split("#", 1)[0]).resolve()
            included = _parse(target)
            fragment = href.split("#", 1)[1] if "#" in href else ""
            if fragment:
                found = [e for e in included.iter() if e.get("id") == fragment]
                if not found:
                    raise SchematronError(f"{base}:{child.sourceline}: no {href}")
                included = found[0]
            _include(included, target, depth + 1)
            replacement = list(included) if included.tag == _sch("schema") else [included]
            if child.tag == _sch("extends"):  # an external abstract rule: its body
                replacement = [c for c in included if isinstance(c.tag, str)]
            parent = child.getparent()
            assert parent is not None
            index = parent.index(child)
            parent.remove(child)
            for offset, new in enumerate(replacement):
                parent.insert(index + offset, _clean_copy(new))
        else:
            _include(child, base, depth)


def _instantiate_abstract_patterns(schema: etree._Element, path: Path) -> None:
    """`<pattern is-a="x">` becomes a copy of abstract pattern x with its params substituted
    (ISO: a textual substitution in every query); abstract patterns themselves are dropped."""
    abstract = {
        p.get("id", ""): p for p in schema.iter(_sch("pattern")) if p.get("abstract") == "true"
    }
    for instance in list(schema.iter(_sch("pattern"))):
        name = instance.get("is-a")
        if name is None:
            continue
        if name not in abstract:
            raise SchematronError(f"{path}:{instance.sourceline}: no abstract pattern {name!r}")
        params = {p.get("name", ""): p.get("value", "") for p in instance.iter(_sch("param"))}
        pattern = copy.deepcopy(abstract[name])
        del pattern.attrib["abstract"]
        for key in ("id", "documents"):
            if instance.get(key) is not None:
                pattern.set(key, instance.get(key, ""))
            elif key == "id" and "id" in pattern.attrib:
                del pattern.attrib["id"]
        pattern.tail = instance.tail
        _substitute(pattern, params)
        parent = instance.getparent()
        assert parent is not None
        parent.replace(instance, pattern)
    for pattern in abstract.values():
        parent = pattern.getparent()
        if parent is not None:
            parent.remove(pattern)


def _substitute(pattern: etree._Element, params: dict[str, str]) -> None:
    if not params:
        return
    names = "|".join(re.escape(name) for name in sorted(params, key=len, reverse=True))
    reference = re.compile(rf"\$({names})(?![\w.\-])")
    for element in pattern.iter():
        for key in list(element.attrib):
            value = element.get(key, "")
            if "$" in value:
                element.set(key, reference.sub(lambda m: params[m.group(1)], value))
