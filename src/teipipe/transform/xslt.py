"""Run teipipe's XSLT stylesheets with lxml (libxslt), locked down.

Each stylesheet is compiled once per process. Stylesheets may read files (the TEI documents
a corpus listing names, through `document()`), but never write files or touch the network;
input documents are parsed without network access or entity expansion.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

from teipipe.resources import stylesheet

# (lxml-stubs 0.5 predates these keyword arguments and XSLT.error_log; lxml has had them for years.)
ACCESS = etree.XSLTAccessControl(  # type: ignore[call-arg]
    read_file=True, write_file=False, create_dir=False, read_network=False, write_network=False
)

Params = dict[str, str]
XSL = "http://www.w3.org/1999/XSL/Transform"


class TransformError(Exception):
    """A stylesheet failed on a document; the message carries libxslt's error log."""


def parser() -> etree.XMLParser:
    """The parser for inputs: no network, no entity expansion, no DTD loading."""
    return etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)


def parse(path: Path) -> etree._ElementTree:
    """Parse an XML file for transformation, keeping its URL as the base for `document()`."""
    return etree.parse(str(path), parser())


def stylesheet_files(first: Path) -> list[Path]:
    """A stylesheet and every stylesheet it imports or includes, each once: what its result
    depends on."""
    found: list[Path] = []
    pending = [first]
    while pending:
        current = pending.pop()
        if current in found or not current.is_file():
            continue
        found.append(current)
        references = etree.parse(str(current)).getroot().iterchildren(
            f"{{{XSL}}}import", f"{{{XSL}}}include"
        )
        pending += [current.parent / ref.get("href", "") for ref in references]
    return found


@cache
def compiled(name: str) -> etree.XSLT:
    """The compiled stylesheet `name` from the package's xslt/ directory."""
    xsl = etree.parse(str(stylesheet(name)), parser())
    return etree.XSLT(xsl, access_control=ACCESS)


def apply(
    name: str, doc: etree._ElementTree, params: Params | None = None
) -> etree._XSLTResultTree:
    """Apply stylesheet `name` to `doc`, with string parameters quoted for XPath."""
    transform = compiled(name)
    quoted: dict[str, Any] = {
        key: etree.XSLT.strparam(value) for key, value in (params or {}).items()
    }
    try:
        result = transform(doc, **quoted)
    except etree.XSLTApplyError as err:
        raise TransformError(f"{name}: {err}") from err
    log = transform.error_log  # type: ignore[attr-defined]
    errors = [entry for entry in log if entry.level_name == "ERROR"]
    if errors:
        raise TransformError(f"{name}: " + "; ".join(entry.message for entry in errors))
    return result


def to_bytes(result: etree._XSLTResultTree) -> bytes:
    """The serialised result, as the stylesheet's xsl:output asks (HTML, XML or text)."""
    return bytes(result)
