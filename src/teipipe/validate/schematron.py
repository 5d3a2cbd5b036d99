"""A small ISO Schematron engine on elementpath (XPath 3.1).

Why not the XSLT skeleton: it needs an XSLT 2 processor and an extra compile step per schema,
and reports lines only through extensions. Here a schema is compiled once into parsed XPath
expressions and run directly on the lxml tree, so every problem carries the line of its
context node.

Supported: `ns`, `let` (schema, pattern and rule level; in order, later ones may use earlier
ones), `pattern` (`@id`), `rule` (`@context`, `@id`, `@role`, abstract rules and `extends`),
`assert` / `report` (`@test`, `@id`, `@role` as severity: error by default, `warning`, `info`;
`@flag` when there is no `@role`; `@diagnostics`), message content with `value-of`, `name`,
`emph`, `dir` and `span`. `queryBinding` may be xslt2, xslt3, xpath2, xpath3, xpath31 (or
absent). Not supported: `include`, abstract patterns, phases and XSLT-only functions such as
`current()` and `key()`: bind a `let` instead of `current()`.

ISO semantics kept: within a pattern a node is handled by the first rule whose context
matches it. `rule/@context` is a match pattern; each of its `|` alternatives is evaluated as
`//alternative` (or as is when it starts with `/`), which selects the nodes the pattern
matches for the forms Schematron rules use (paths with predicates, attributes, unions).
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import elementpath
import elementpath.regex
import elementpath.xpath2._xpath2_functions
import elementpath.xpath30._xpath30_functions
import elementpath.xpath30.xpath30_helpers
from elementpath import XPathContext
from elementpath.xpath30 import XPath30Parser
from elementpath.xpath_nodes import AttributeNode, ElementNode, XPathNode
from elementpath.xpath_tokens import XPathToken
from lxml import etree

from teipipe.validate.parsing import parse_trusted
from teipipe.validate.problems import Problem, Severity, normalize_severity

SCH = "http://purl.oclc.org/dsdl/schematron"
CODEPOINT_COLLATION = "http://www.w3.org/2005/xpath-functions/collation/codepoint"
QUERY_BINDINGS = {"", "xslt", "xslt2", "xslt3", "xpath", "xpath2", "xpath3", "xpath31"}


def _memoize_regex_translation() -> None:
    """Translate each XPath regex to Python once, not on every matches()/replace() call.

    elementpath translates the pattern anew on each call; with Unicode classes (`\\p{L}`) that
    is milliseconds each, and the rules call them on every text node. The translation is a
    pure function of its arguments, so caching it changes nothing but the time.
    """
    translate = getattr(elementpath.regex.translate_pattern, "__wrapped__", None)
    if translate is not None:  # already memoized
        return
    cached = functools.lru_cache(maxsize=4096)(elementpath.regex.translate_pattern)
    for module in (
        elementpath.regex,
        elementpath.xpath2._xpath2_functions,
        elementpath.xpath30._xpath30_functions,
        elementpath.xpath30.xpath30_helpers,
    ):
        if hasattr(module, "translate_pattern"):
            module.translate_pattern = cached  # type: ignore[attr-defined]


_memoize_regex_translation()


class SchematronError(ValueError):
    """The schema itself is broken: bad XPath, unknown rule, unsupported construct."""


@dataclass(frozen=True)
class Let:
    name: str
    value: XPathToken


# A message is text interleaved with expressions whose values are spliced in.
MessagePart = str | XPathToken


@dataclass(frozen=True)
class Check:
    """An `assert` (fails when its test is false) or a `report` (fails when true)."""

    is_assert: bool
    test: XPathToken
    id: str
    severity: Severity
    message: tuple[MessagePart, ...]


@dataclass(frozen=True)
class Rule:
    context: XPathToken
    id: str
    lets: tuple[Let, ...]
    checks: tuple[Check, ...]
    # The same context in libxml2's XPath 1.0 when it can say it (no variables, no XPath 2):
    # finding context nodes is most of the work, and C does it far faster than elementpath.
    fast: etree.XPath | None = None


@dataclass(frozen=True)
class Pattern:
    id: str
    lets: tuple[Let, ...]
    rules: tuple[Rule, ...]


@dataclass
class _Compiler:
    """Turns a Schematron document into patterns of parsed XPath expressions."""

    source: Path
    parser: XPath30Parser
    namespaces: dict[str, str]
    diagnostics: dict[str, etree._Element] = field(default_factory=dict)
    abstract: dict[str, etree._Element] = field(default_factory=dict)

    def xpath(self, expression: str, where: etree._Element) -> XPathToken:
        try:
            return self.parser.parse(expression)
        except (elementpath.ElementPathError, SyntaxError, TypeError, ValueError) as error:
            raise SchematronError(
                f"{self.source}:{where.sourceline}: invalid XPath {expression!r}: {error}"
            ) from error

    def xpath1(self, expression: str) -> etree.XPath | None:
        """`expression` compiled by libxml2, or None where XPath 1.0 cannot say it."""
        if "$" in expression:
            return None
        try:
            return etree.XPath(expression, namespaces=self.namespaces)
        except etree.XPathError:
            return None

    def lets(self, parent: etree._Element) -> tuple[Let, ...]:
        return tuple(
            Let(let.get("name", ""), self.xpath(let.get("value", "."), let))
            for let in parent.iterchildren(f"{{{SCH}}}let")
        )

    def message(self, element: etree._Element) -> tuple[MessagePart, ...]:
        parts: list[MessagePart] = [element.text or ""]
        for child in element:
            if not isinstance(child.tag, str):
                parts.append(child.tail or "")
                continue
            local = etree.QName(child).localname
            if local == "value-of":
                parts.append(self.xpath(child.get("select", "."), child))
            elif local == "name":
                parts.append(self.xpath(f"name({child.get('path', '.')})", child))
            else:  # emph, dir, span: their text
                parts.extend(self.message(child))
            parts.append(child.tail or "")
        return tuple(part for part in parts if part != "")

    def check(self, element: etree._Element, rule_role: str | None) -> Check:
        message = list(self.message(element))
        for ref in element.get("diagnostics", "").split():
            if ref not in self.diagnostics:
                raise SchematronError(f"{self.source}:{element.sourceline}: no diagnostic {ref}")
            message.extend((" ", *self.message(self.diagnostics[ref])))
        role = element.get("role") or element.get("flag") or rule_role
        return Check(
            is_assert=etree.QName(element).localname == "assert",
            test=self.xpath(element.get("test", "true()"), element),
            id=element.get("id", ""),
            severity=normalize_severity(role),
            message=tuple(message),
        )

    def rule_body(
        self, rule: etree._Element, role: str | None, seen: frozenset[str] = frozenset()
    ) -> tuple[list[Let], list[Check]]:
        lets: list[Let] = []
        checks: list[Check] = []
        for child in rule:
            if not isinstance(child.tag, str):
                continue
            local = etree.QName(child).localname
            if local == "let":
                lets.append(Let(child.get("name", ""), self.xpath(child.get("value", "."), child)))
            elif local in {"assert", "report"}:
                checks.append(self.check(child, role))
            elif local == "extends":
                name = child.get("rule", "")
                if name not in self.abstract or name in seen:
                    raise SchematronError(
                        f"{self.source}:{child.sourceline}: unknown or recursive rule {name!r}"
                    )
                more_lets, more_checks = self.rule_body(self.abstract[name], role, seen | {name})
                lets.extend(more_lets)
                checks.extend(more_checks)
        return lets, checks

    def pattern(self, pattern: etree._Element) -> Pattern:
        rules = []
        for rule in pattern.iterchildren(f"{{{SCH}}}rule"):
            if rule.get("abstract") == "true":
                continue
            context = rule.get("context", "")
            if not context:
                raise SchematronError(f"{self.source}:{rule.sourceline}: rule without context")
            selector = " | ".join(
                part if part.startswith("/") else f"//{part}" for part in _alternatives(context)
            )
            lets, checks = self.rule_body(rule, rule.get("role"))
            rules.append(
                Rule(
                    self.xpath(selector, rule),
                    rule.get("id", ""),
                    tuple(lets),
                    tuple(checks),
                    self.xpath1(selector),
                )
            )
        return Pattern(pattern.get("id", ""), self.lets(pattern), tuple(rules))


class SchematronValidator:
    """A compiled ISO Schematron schema; compile once, validate many documents."""

    layer = "schematron"

    def __init__(self, path: Path) -> None:
        self.path = path
        root = parse_trusted(path).getroot()
        if root.tag != f"{{{SCH}}}schema":
            raise SchematronError(f"{path}: not an ISO Schematron schema (root {root.tag})")
        binding = root.get("queryBinding", "").lower()
        if binding not in QUERY_BINDINGS:
            raise SchematronError(f"{path}: unsupported queryBinding {binding!r}")
        for unsupported in ("include", "phase"):
            found = root.find(f".//{{{SCH}}}{unsupported}")
            if found is not None and unsupported == "include":
                raise SchematronError(f"{path}:{found.sourceline}: sch:include is not supported")
        namespaces = {ns.get("prefix", ""): ns.get("uri", "") for ns in root.iter(f"{{{SCH}}}ns")}
        # Unicode codepoint collation: elementpath's default goes through the C library's
        # locale, which may be missing (C.UTF-8 has no en_US collation) and then deadlocks
        # its collation lock on the next call.
        parser = XPath30Parser(namespaces=namespaces, default_collation=CODEPOINT_COLLATION)
        compiler = _Compiler(path, parser, namespaces)
        compiler.diagnostics = {d.get("id", ""): d for d in root.iter(f"{{{SCH}}}diagnostic")}
        compiler.abstract = {
            r.get("id", ""): r for r in root.iter(f"{{{SCH}}}rule") if r.get("abstract") == "true"
        }
        self.lets = compiler.lets(root)
        self.patterns = tuple(
            compiler.pattern(p)
            for p in root.iter(f"{{{SCH}}}pattern")
            if p.get("abstract") != "true"
        )

    def validate(self, tree: etree._ElementTree, file: str) -> list[Problem]:
        document = elementpath.get_node_tree(tree)
        base = XPathContext(document)
        variables = _bind(self.lets, base, None, {})
        problems: list[Problem] = []
        for pattern in self.patterns:
            scope = _bind(pattern.lets, base, None, variables)
            fired: set[int] = set()
            for rule in pattern.rules:
                for node in _contexts(rule, tree, document, base, scope):
                    if id(node) not in fired:
                        fired.add(id(node))
                        problems.extend(_fire(rule, node, base, scope, file))
        return problems


def _contexts(
    rule: Rule, tree: etree._ElementTree, document: Any, base: XPathContext, scope: dict[str, Any]
) -> Iterable[Any]:
    """The rule's context nodes, in document order, as elementpath nodes."""
    if rule.fast is not None:
        found = rule.fast(tree)
        if isinstance(found, list) and all(isinstance(e, etree._Element) for e in found):
            nodes = [document.get_element_node(e) for e in found]
            if all(node is not None for node in nodes):
                return nodes
    return list(rule.context.select(_focus(base, None, scope)))


def _focus(base: XPathContext, node: Any, variables: dict[str, Any]) -> XPathContext:
    """A context on `node` (the document when None) with `variables` in scope.

    Copying one context per document is far cheaper than building one per evaluation.
    """
    context = copy.copy(base)
    if node is not None:
        context.item = node
    context.variables = variables
    return context


def _fire(
    rule: Rule, node: Any, base: XPathContext, variables: dict[str, Any], file: str
) -> Iterator[Problem]:
    """Run the checks of `rule` on one context node."""
    line = _line(node)
    try:
        scope = _bind(rule.lets, base, node, variables)
    except elementpath.ElementPathError as error:
        yield _evaluation_problem(file, line, rule.id, error)
        return
    for check in rule.checks:
        try:
            test = check.test
            passed = test.boolean_value(test.evaluate(_focus(base, node, scope)))
            if passed == check.is_assert:
                continue
            message = _render(check.message, base, node, scope)
        except elementpath.ElementPathError as error:
            yield _evaluation_problem(file, line, check.id or rule.id, error)
            continue
        rule_id = check.id or rule.id or "schematron"
        yield Problem(file, line, 0, check.severity, rule_id, "schematron", message)


def _alternatives(pattern: str) -> list[str]:
    """Split a match pattern at its top-level `|`: `//a | //b` walks the tree far faster than
    `//(a | b)`, which evaluates the union at every node."""
    parts, depth, quote, start = [], 0, "", 0
    for index, char in enumerate(pattern):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:index].strip())
            start = index + 1
    parts.append(pattern[start:].strip())
    return parts


def _bind(
    lets: Iterable[Let], base: XPathContext, node: Any, outer: dict[str, Any]
) -> dict[str, Any]:
    """Evaluate `let`s in order; each sees the variables bound before it."""
    scope = dict(outer)
    for let in lets:
        scope[let.name] = let.value.evaluate(_focus(base, node, dict(scope)))
    return scope


def _render(
    parts: tuple[MessagePart, ...], base: XPathContext, node: Any, scope: dict[str, Any]
) -> str:
    text = []
    for part in parts:
        if isinstance(part, str):
            text.append(part)
        else:
            text.append(_string(part.evaluate(_focus(base, node, scope))))
    return " ".join("".join(text).split())


def _string(value: Any) -> str:
    """The string value of an XPath result, sequences joined by spaces."""
    if isinstance(value, list):
        return " ".join(_string(item) for item in value)
    if isinstance(value, XPathNode):
        return str(value.string_value)
    if isinstance(value, etree._Element):
        return "".join(str(text) for text in value.itertext())
    return "" if value is None else str(value)


def _line(node: Any) -> int:
    """The line of a context node: its own for elements, its element's for the rest."""
    while node is not None:
        if isinstance(node, ElementNode):
            return int(getattr(node.value, "sourceline", 0) or 0)
        node = node.parent if isinstance(node, AttributeNode | XPathNode) else None
    return 0


def _evaluation_problem(file: str, line: int, rule: str, error: Exception) -> Problem:
    message = f"Schematron test could not be evaluated: {error}"
    return Problem(file, line, 0, "error", rule or "schematron", "schematron", message)
