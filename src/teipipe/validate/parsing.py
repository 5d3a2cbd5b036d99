"""Parsing documents without trusting them.

TEI files come from anywhere (contributors, crawls, other projects), so the parser never loads
a DTD, never substitutes entities and never touches the network: XXE and "billion laughs"
documents become a clear error instead of a leak or an exhausted machine. Only the dangerous part
of a document type declaration is refused: entity declarations and external subsets (SYSTEM or
PUBLIC identifiers). A bare `<!DOCTYPE TEI>` is harmless and accepted.

Large well-formed documents are not "not well-formed": when libxml2's default limits (nesting
deeper than 256 levels, a text node over 10 MB) stop a document that declares no entities, it is
parsed again in libxml2's huge mode under bounds we state ourselves: the file size (`max_bytes`)
and libxml2's own nesting bound in huge mode (2048 levels). Hitting one is reported as that limit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from teipipe.validate.problems import Problem

_DUPLICATE_ID = re.compile(r"ID \S+ already defined")
# model_hints: an xml-model PI and its pseudo-attributes, in the bytes of a prolog
_MODEL_PI = re.compile(rb"<\?xml-model\s(.*?)\?>", re.S)
_PSEUDO = re.compile(rb"""([A-Za-z_][-\w.:]*)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# libxml2's default limits ask for XML_PARSE_HUGE ("Excessive depth in document: 256, use
# XML_PARSE_HUGE option", "Text node too long, try XML_PARSE_HUGE").
_HUGE_HINT = "XML_PARSE_HUGE"
_DEPTH = re.compile(r"Excessive depth in document: (\d+)")
# Entity declarations, in the encodings a prolog can be in; huge mode lifts libxml2's
# entity-amplification guard, so a document declaring entities never gets it.
_ENTITY_MARKS = tuple("<!ENTITY".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be"))

DEFAULT_MAX_BYTES = 256 * 1024 * 1024
HUGE_MAX_DEPTH = 2048  # libxml2's nesting bound in huge mode: the one we can promise


def safe_parser(*, huge: bool = False) -> etree.XMLParser:
    """A parser that keeps line numbers and refuses everything that reaches outside the file.

    `huge` lifts libxml2's size limits (only for documents without entity declarations).
    """
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=huge,
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
    type: str | None = None


@dataclass(frozen=True)
class Parsed:
    """A parsed document, or the problems that stopped parsing (then `tree` is None)."""

    tree: etree._ElementTree | None
    problems: tuple[Problem, ...] = ()


def _problem(file: str, line: int, column: int, message: str, rule: str) -> Problem:
    return Problem(file, line, column, "error", rule, "wellformed", message)


def parse_document(
    path: Path, file: str | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Parsed:
    """Parse `path` safely; report syntax errors, limits hit and dangerous DOCTYPEs as problems."""
    name = file if file is not None else str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            message = (
                f"file is {size:,} bytes, over the size limit of {max_bytes:,} bytes "
                "(raise it with --max-size)"
            )
            return Parsed(None, (_problem(name, 0, 0, message, "size-limit"),))
        data = path.read_bytes()
    except OSError as error:
        return Parsed(None, (_problem(name, 0, 0, f"cannot read file: {error.strerror}", "io"),))
    try:
        tree = _parse(data, path)
    except etree.XMLSyntaxError as error:
        return Parsed(None, (_syntax_problem(name, error),))
    refusal = _dangerous_doctype(tree)
    if refusal:
        return Parsed(None, (_problem(name, 1, 1, refusal, "doctype-refused"),))
    return Parsed(tree)


def _parse(data: bytes, path: Path) -> etree._ElementTree:
    """Parse with libxml2's default limits; again in huge mode when only those stood in the way
    and the document declares no entities."""
    try:
        return etree.fromstring(data, safe_parser(), base_url=str(path)).getroottree()
    except etree.XMLSyntaxError as error:
        if _HUGE_HINT not in (error.msg or "") or any(m in data for m in _ENTITY_MARKS):
            raise
    return etree.fromstring(data, safe_parser(huge=True), base_url=str(path)).getroottree()


def _syntax_problem(name: str, error: etree.XMLSyntaxError) -> Problem:
    line, column = error.position if error.position else (0, 0)
    message = error.msg or str(error)
    depth = _DEPTH.search(message)
    if depth:
        message = (
            f"elements nest deeper than {depth[1]} levels, the nesting limit of teipipe validate "
            f"(libxml2 allows at most {HUGE_MAX_DEPTH})"
        )
        return _problem(name, line, column, message, "depth-limit")
    if _HUGE_HINT in message:
        message = (
            f"{message.split(',')[0]}: a limit of libxml2 that is only lifted for documents "
            "without entity declarations"
        )
        return _problem(name, line, column, message, "size-limit")
    # libxml2 enforces xml:id uniqueness while parsing; name it as the Schematron does
    rule = "id-unique" if _DUPLICATE_ID.match(message) else "not-well-formed"
    return _problem(name, line, column, message, rule)


def _dangerous_doctype(tree: etree._ElementTree) -> str | None:
    """Why the document type declaration is refused, or None when there is none or it is
    harmless (no external subset, no entity declarations)."""
    info = tree.docinfo
    if info.public_id or info.system_url:  # type: ignore[attr-defined]  # lxml-stubs lag
        return (
            "document type declarations with an external subset (SYSTEM or PUBLIC identifier) "
            "are refused: no DTD is loaded (XXE protection); remove the identifier"
        )
    dtd = info.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):  # type: ignore[attr-defined]
        return (
            "entity declarations are refused (nothing is expanded: XXE and entity-expansion "
            "protection); remove them from the <!DOCTYPE ...>"
        )
    return None


def xml_models(tree: etree._ElementTree) -> list[XmlModel]:
    """The `xml-model` processing instructions before the root element, in document order."""
    root = tree.getroot()
    return _models(reversed(list(root.itersiblings(preceding=True))))


def prolog_models(path: Path) -> list[XmlModel]:
    """The `xml-model` PIs of the file `path`, read from its prolog only (parsing stops at the
    root element): cheap enough to ask of every file before any is validated. A file that
    cannot be read or parsed that far names none; validating it says why."""
    found: list[etree._Element] = []
    # fed in small chunks: a prolog is a few hundred bytes, and a pull parser costs half what
    # iterparse does to set up (this runs once for every file before validation starts)
    parser = etree.XMLPullParser(
        events=("pi", "start"), resolve_entities=False, no_network=True, load_dtd=False
    )
    try:
        with path.open("rb") as file:
            while chunk := file.read(4096):
                parser.feed(chunk)
                for event, node in parser.read_events():
                    if event == "start":
                        return _models(found)
                    if isinstance(node, etree._Element):  # a PI (the stubs say less)
                        found.append(node)
    except (etree.XMLSyntaxError, OSError):
        pass
    return _models(found)


def model_hints(path: Path, size: int = 2048) -> list[XmlModel]:
    """The `xml-model` PIs the first `size` bytes of `path` appear to hold: a hint, not a parse.

    Before workers fork, the runner compiles the schemas documents name, so that each is
    compiled once; reading every prolog with a parser cost a third of a millisecond a file,
    in the parent, before any document was checked. A byte search costs a fifth of that and
    is good enough for a hint: a PI it misses (past `size`, in UTF-16) is compiled by the
    worker that meets it, one it finds in a comment compiles a schema nobody uses. Anything
    that must be right reads `prolog_models` or the parsed tree.
    """
    try:
        with path.open("rb") as file:
            head = file.read(size)
    except OSError:
        return []
    models = []
    for match in _MODEL_PI.finditer(head):
        pseudo = {  # values as the parser gives them (lxml does not expand references)
            name.decode("ascii"): (double or single).decode("utf-8", "replace")
            for name, double, single in _PSEUDO.findall(match[1])
        }
        if pseudo.get("href"):
            line = head.count(b"\n", 0, match.end()) + 1  # where lxml puts a PI: its end
            models.append(
                XmlModel(pseudo["href"], pseudo.get("schematypens"), line, pseudo.get("type"))
            )
    return models


def _models(nodes: Iterable[object]) -> list[XmlModel]:
    models = []
    for node in nodes:
        if isinstance(node, etree._ProcessingInstruction) and node.target == "xml-model":
            href = node.get("href")
            if href:
                line = int(getattr(node, "sourceline", 0) or 1)
                models.append(XmlModel(href, node.get("schematypens"), line, node.get("type")))
    return models
