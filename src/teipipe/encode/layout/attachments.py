"""Attachments: a later block that is a document's title line starts an attached document,
which runs to the next such block; its own dateline may follow its title."""

from __future__ import annotations

from dataclasses import dataclass

from teipipe.encode.layout.context import Line, RawBlock
from teipipe.encode.layout.shapes import is_document_title


@dataclass
class Attached:
    title: Line
    blocks: list[RawBlock]


def attachments(blocks: list[RawBlock]) -> tuple[list[RawBlock], list[Attached]]:
    """The document's own blocks, and the attached documents after them."""
    starts = [
        i for i, b in enumerate(blocks) if i > 0 and b.single and is_document_title(b.first.text)
    ]
    if not starts:
        return blocks, []
    ends = [*starts[1:], len(blocks)]
    attached = [
        Attached(blocks[s].first, blocks[s + 1 : e]) for s, e in zip(starts, ends, strict=True)
    ]
    return blocks[: starts[0]], attached
