"""The dateline under a title (`Washington, November 23, 1962, 9:43 p.m.`), and the document's
number before it: on a line of its own (`17.`) or leading the dateline (`17. Washington, ...`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from teipipe.encode.dates import parse_dateline
from teipipe.encode.layout.context import Line, RawBlock
from teipipe.encode.model import Dateline, DocumentNumber

_NUMBER = re.compile(r"^(?P<n>\d{1,4})\.$")
_LEADING = re.compile(r"^(?P<n>\d{1,4})\.\s+(?=\S)")


@dataclass
class Found:
    number: DocumentNumber | None
    dateline: Dateline
    line: Line  # the dateline's line


def dateline(blocks: list[RawBlock]) -> tuple[Found | None, list[RawBlock]]:
    """The dateline (and document number) when the first blocks hold one."""
    if not blocks:
        return None, blocks
    first = blocks[0]
    own = _NUMBER.match(first.first.text)
    if own and len(first.lines) == 2:  # `17.` and the dateline in one block
        found = _dateline(first.lines[1], own)
        return (found, blocks[1:]) if found else (None, blocks)
    if own and first.single and len(blocks) > 1 and blocks[1].single:  # blocks of their own
        found = _dateline(blocks[1].first, own)
        return (found, blocks[2:]) if found else (None, blocks)
    if first.single:
        found = _dateline(first.first, None)
        if found:
            return found, blocks[1:]
    return None, blocks


def starts_with_dateline(blocks: list[RawBlock]) -> bool:
    """Whether a dateline (perhaps after a document number) opens these blocks."""
    if not blocks:
        return False
    return parse_dateline(blocks[0].first.text) is not None or dateline(blocks)[0] is not None


def _dateline(line: Line, own: re.Match[str] | None) -> Found | None:
    if own is not None:
        parsed = parse_dateline(line.text)
        number = DocumentNumber(own["n"], own[0])
        return Found(number, parsed, line) if parsed else None
    parsed = parse_dateline(line.text)
    if parsed:
        return Found(None, parsed, line)
    leading = _LEADING.match(line.text)
    if leading is None:
        return None
    rest = parse_dateline(line.text[leading.end() :])
    if rest is None:
        return None
    return Found(DocumentNumber(leading["n"], leading[0].rstrip()), rest, line)
