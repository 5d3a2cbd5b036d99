"""The header lines: the collection line and the document's title line, and the persons a
title names (`the Under Secretary of State (Ball)`)."""

from __future__ import annotations

from dataclasses import dataclass

from teipipe.encode.layout.context import Line, RawBlock, ReadContext
from teipipe.encode.layout.dateline import starts_with_dateline
from teipipe.encode.layout.shapes import heading_like
from teipipe.encode.model import Inline, Name
from teipipe.encode.people import title_persons


@dataclass
class Header:
    collection: str | None
    title: Line | None


def header_lines(ctx: ReadContext, blocks: list[RawBlock]) -> tuple[Header, list[RawBlock]]:
    """Collection line and title line: the first two lines when they look like them (a title
    alone when a dateline follows it)."""
    found = _header(blocks)
    if found is None:
        ctx.warn(1, "no collection and title lines found: encoded as untitled paragraphs")
        return Header(None, None), blocks
    return found


def _header(blocks: list[RawBlock]) -> tuple[Header, list[RawBlock]] | None:
    if not blocks:
        return None
    first = blocks[0]
    lines = first.lines
    if len(lines) >= 2 and heading_like(lines[0].text, 120) and heading_like(lines[1].text, 400):
        rest = [RawBlock(lines[2:], 0)] if len(lines) > 2 else []
        return Header(lines[0].text, lines[1]), rest + blocks[1:]
    if first.single and heading_like(first.first.text, 400) and len(blocks) > 1:
        second = blocks[1]
        if starts_with_dateline(blocks[1:]):
            return Header(None, first.first), blocks[1:]
        if (
            second.single
            and heading_like(first.first.text, 120)
            and heading_like(second.first.text, 400)
            and len(blocks) > 2
            and starts_with_dateline(blocks[2:])
        ):
            return Header(first.first.text, second.first), blocks[2:]
    return None


def title_content(ctx: ReadContext, line: Line) -> list[Inline]:
    """A title's inline content, with the persons it names pointing at persons."""
    title = line.text
    ctx.markers.line = line.number
    content: list[Inline] = []
    pos = 0
    for person in title_persons(title):
        resolved = ctx.resolver.named(person.name, person.role)
        content.append(title[pos : person.start])
        content.append(Name(person.name, resolved.id))
        pos = person.end
    content.append(title[pos:])
    return ctx.inline_in([c for c in content if c != ""])
