"""TEI tree to bytes: pretty-printed for diffs, deterministic, and stamped for no-clobber.

Indentation goes only where it cannot change the text: between the children of structural
elements whose content is elements only. Mixed content (`p`, `head`, `note`...) is left as is.

The stamp is a `<?teipipe ...?>` processing instruction with teipipe's version, the encoder's
output format, the input's and the personography's SHA-256 and a checksum of the rest of the
file. It tells `teipipe encode` that a file on disk is its own, unedited output (safe to
replace, or already up to date), and it travels with the file.

The stamp holds no hash of the encoder's code: a refactoring that leaves the output as it was
must not rewrite every TEI file. `OUTPUT_FORMAT` is bumped instead whenever the same input
would give other TEI (tests/test_encode_stamp.py fails until it is).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from lxml import etree

from teipipe import TEI_NS, __version__

# The version of what the encoder writes: bump it with any change to the TEI it gives for the
# same input, personography and teipipe version (files of another format are re-encoded).
OUTPUT_FORMAT = "3"

_STRUCTURAL = frozenset(
    f"{{{TEI_NS}}}{name}"
    for name in [
        "TEI",
        "teiHeader",
        "fileDesc",
        "titleStmt",
        "respStmt",
        "publicationStmt",
        "availability",
        "sourceDesc",
        "bibl",
        "encodingDesc",
        "editorialDecl",
        "classDecl",
        "taxonomy",
        "listPrefixDef",
        "prefixDef",
        "profileDesc",
        "creation",
        "particDesc",
        "listPerson",
        "person",
        "textClass",
        "keywords",
        "text",
        "body",
        "div",
        "opener",
        "closer",
        "list",
        "item",
        "sp",
        "standOff",
    ]
)
SCHEMA_URIS = (
    ("https://teipipe.org/schemas/1/teipipe.rng", "http://relaxng.org/ns/structure/1.0"),
    ("https://teipipe.org/schemas/1/teipipe.sch", "http://purl.oclc.org/dsdl/schematron"),
)
_STAMP = re.compile(rb"<\?teipipe [^?]*\?>\n")
_STAMP_FIELDS = re.compile(rb'(\w[\w-]*)="([^"]*)"')


def _indent(element: etree._Element, level: int = 0) -> None:
    """Indent the element-only content of a structural element, then of its structural
    children, top down. Only elements met on the way are visited: walking the whole tree
    for its structural elements cost more than the indenting (lxml makes a Python object
    for every element it hands out)."""
    children = list(element)
    if not children or (element.text and element.text.strip()):
        return
    if any(child.tail and child.tail.strip() for child in children):
        return  # mixed content
    inner = "\n" + "  " * (level + 1)
    element.text = inner
    for child in children:
        child.tail = inner
        if child.tag in _STRUCTURAL:
            _indent(child, level + 1)
    children[-1].tail = "\n" + "  " * level


def serialize(tree: etree._ElementTree, source_sha256: str, persons_sha256: str) -> bytes:
    """The file's bytes: declaration, stamp, schema PIs, indented TEI, final newline."""
    root = tree.getroot()
    _indent(root)
    models = "".join(
        f'<?xml-model href="{href}" type="application/xml" schematypens="{typens}"?>\n'
        for href, typens in SCHEMA_URIS
    ).encode()
    body = models + etree.tostring(root, encoding="UTF-8", xml_declaration=False)
    declaration = b'<?xml version="1.0" encoding="UTF-8"?>\n'
    unstamped = declaration + body + b"\n"
    checksum = hashlib.sha256(unstamped).hexdigest()
    stamp = (
        f'<?teipipe version="{__version__}" format="{OUTPUT_FORMAT}" '
        f'source-sha256="{source_sha256}" '
        f'persons-sha256="{persons_sha256}" content-sha256="{checksum}"?>\n'
    ).encode()
    return declaration + stamp + body + b"\n"


@dataclass(frozen=True)
class Stamp:
    version: str
    format: str  # the encoder's output format (OUTPUT_FORMAT when it was written)
    source: str
    persons: str
    intact: bool  # the file is exactly as teipipe wrote it

    def up_to_date(self, source_sha256: str, persons_sha256: str) -> bool:
        """Written by this teipipe, in this output format, from these bytes and persons."""
        return (self.version, self.format, self.source, self.persons) == (
            __version__,
            OUTPUT_FORMAT,
            source_sha256,
            persons_sha256,
        )


def read_stamp(data: bytes) -> Stamp | None:
    """The stamp of a file teipipe wrote, or None for any other file."""
    match = _STAMP.search(data, 0, 4096)
    if not match:
        return None
    fields = {k.decode(): v.decode() for k, v in _STAMP_FIELDS.findall(match[0])}
    unstamped = data[: match.start()] + data[match.end() :]
    intact = hashlib.sha256(unstamped).hexdigest() == fields.get("content-sha256")
    return Stamp(
        fields.get("version", ""),
        fields.get("format", ""),
        fields.get("source-sha256", ""),
        fields.get("persons-sha256", ""),
        intact,
    )
