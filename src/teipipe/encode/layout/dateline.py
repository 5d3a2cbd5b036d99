"""The dateline under a title (`Washington, November 23, 1962, 9:43 p.m.`)."""

from __future__ import annotations

from teipipe.encode.dates import parse_dateline
from teipipe.encode.layout.context import Line, RawBlock
from teipipe.encode.model import Dateline


def dateline(blocks: list[RawBlock]) -> tuple[tuple[Dateline, Line] | None, list[RawBlock]]:
    """The dateline when the first block is one, with its line."""
    if blocks and blocks[0].single:
        parsed = parse_dateline(blocks[0].first.text)
        if parsed:
            return (parsed, blocks[0].first), blocks[1:]
    return None, blocks
