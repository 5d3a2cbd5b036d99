"""Parsing documents without trusting them.

TEI files come from anywhere (contributors, crawls, other projects), so the parser never loads
a DTD, never substitutes entities and never touches the network: XXE and "billion laughs"
documents become a clear error instead of a leak or an exhausted machine. A document type
declaration is refused outright: TEI P5 does not use DTDs, and an entity declaration in a file
to be validated is either a mistake or an attack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from teipipe.validate.problems import Problem

_DUPLICATE_ID = re.compile(r"ID \S+ already defined")


def safe_parser() -> etree.XMLParser:
    """A parser that keeps line numbers and refuses everything that reaches outside the file."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )


def parse_trusted(path: Path) -> etree._ElementTree:
    """Parse one of our own files (a schema, a catalog) with the same safe parser."""
    return etree.parse(str(path), safe_parser())


@dataclass(frozen=True)
class XmlModel:
    """An `<?xml-model?>` processing instruction: which schema the document asks for."""

    href: str
    schematypens: str | None
    line: int


@dataclass(frozen=True)
class Parsed:
    """A parsed document, or the problems that stopped parsing (then `tree` is None)."""

    tree: etree._ElementTree | None
    problems: tuple[Problem, ...] = ()


def _problem(file: str, line: int, column: int, message: str, rule: str) -> Problem:
    return Problem(file, line, column, "error", rule, "wellformed", message)


def parse_document(path: Path, file: str | None = None) -> Parsed:
    """Parse `path` safely; report syntax errors and document type declarations as problems."""
    name = file if file is not None else str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        return Parsed(None, (_problem(name, 0, 0, f"cannot read file: {error.strerror}", "io"),))
    try:
        tree = etree.fromstring(data, safe_parser(), base_url=str(path)).getroottree()
    except etree.XMLSyntaxError as error:
        line, column = error.position if error.position else (0, 0)
        message = error.msg or str(error)
        # libxml2 enforces xml:id uniqueness while parsing; name it as the Schematron does
        rule = "id-unique" if _DUPLICATE_ID.match(message) else "not-well-formed"
        problems = [_problem(name, line, column, message, rule)]
        return Parsed(None, tuple(problems))
    if getattr(tree.docinfo, "doctype", "") or tree.docinfo.internalDTD is not None:
        message = (
            "document type declarations are refused (no DTDs or entities are loaded or expanded: "
            "XXE and entity-expansion protection); remove the <!DOCTYPE ...>"
        )
        return Parsed(None, (_problem(name, 1, 1, message, "doctype-refused"),))
    return Parsed(tree)


def xml_models(tree: etree._ElementTree) -> list[XmlModel]:
    """The `xml-model` processing instructions before the root element, in document order."""
    root = tree.getroot()
    models = []
    for node in reversed(list(root.itersiblings(preceding=True))):
        if isinstance(node, etree._ProcessingInstruction) and node.target == "xml-model":
            href = node.get("href")
            if href:
                line = int(getattr(node, "sourceline", 0) or 1)
                models.append(XmlModel(href, node.get("schematypens"), line))
    return models
