"""Footnotes without a marker go where they most plausibly belong.

That is the heading of an attached document standing between the neighbouring markers (FRUS
puts an attachment's source note there), else right after the previous marker, else the end
of the title. A number whose marker and text are both missing (a gap in the markers of a
truncated text) is placed the same way, as an empty note, so the footnotes still run 1..n.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import assert_never

from teipipe.encode.layout.context import ReadContext
from teipipe.encode.model import (
    Block,
    Editorial,
    EditorialBlock,
    Footnote,
    Inline,
    ListBlock,
    Narrative,
    NoteRef,
    Para,
    Participants,
    Section,
    Subject,
    SubjectLine,
    TelegramOpener,
    Turn,
)


def place_unreferenced(
    ctx: ReadContext, footnotes: dict[int, Footnote], main: Section
) -> dict[int, str]:
    """Place every footnote number without a marker; say where, for the header."""
    placement: dict[int, str] = {}
    placed = set(ctx.markers.placed)
    last = max([*footnotes, *placed], default=0)
    for n in range(1, last + 1):
        if n in placed:
            continue
        where = _place(ctx, n, main)
        placement[n] = where
        if n in footnotes:
            ctx.warn(footnotes[n].line, f"footnote {n} has no marker in the text; placed {where}")
        else:
            ctx.warn(
                None,
                f"footnote {n}: neither its marker nor its text is in the source; "
                f"an empty note was placed {where}",
            )
    return placement


def _place(ctx: ReadContext, n: int, main: Section) -> str:
    below = [i for i, note in enumerate(ctx.sites) if note.n < n]
    above = [i for i, note in enumerate(ctx.sites) if note.n > n]
    low = max(below) if below else -1
    high = min(above) if above else len(ctx.sites)
    heads = [a.title for pos, a in ctx.attachment_heads if low < pos <= high and a.title]
    if heads:
        heads[0].append(NoteRef(n))
        return "at the end of the heading of the attached document it precedes"
    if low >= 0:
        previous = ctx.sites[low]
        content = _container(main, previous)
        at = next(i for i, x in enumerate(content) if x is previous) + 1
        while at < len(content) and isinstance(content[at], NoteRef):  # placed before this one
            at += 1
        content.insert(at, NoteRef(n))
        return f"after the marker of footnote {previous.n}"
    if main.title is not None:
        main.title.append(NoteRef(n))
        return "at the end of the document title"
    first = next((b for b in main.blocks if isinstance(b, Para)), None)
    if first is not None:
        first.content.insert(0, NoteRef(n))
        return "at the start of the first paragraph"
    main.blocks.append(Para([NoteRef(n)], 0))
    return "at the end of the text"


def _container(section: Section, node: NoteRef) -> list[Inline]:
    """The inline list of the model that holds `node` (looked up by identity)."""
    for content in _inline_lists(section):
        if any(x is node for x in content):
            return content
    raise LookupError(f"footnote {node.n} is not in the document")  # pragma: no cover


def _inline_lists(section: Section) -> Iterator[list[Inline]]:
    """Every list of inline content in a section, nested ones included."""
    lists: list[list[Inline]] = []
    if section.title is not None:
        lists.append(section.title)
    blocks: list[Block] = list(section.blocks)
    while blocks:
        block = blocks.pop()
        match block:
            case Para() | EditorialBlock() | Narrative() | SubjectLine():
                lists.append(block.content)
            case TelegramOpener():
                lists.extend((block.opening, block.rest))
            case Turn():
                blocks.extend(block.blocks)
            case ListBlock():
                blocks.extend(sub for item in block.items for sub in item.blocks)
            case Participants():
                lists.extend(entry for entry, _line in block.entries)
            case _:
                assert_never(block)
    if section.closer is not None:
        lists.extend(section.closer.signature)
    for content in lists:
        yield from _nested(content)
    for attachment in section.attachments:
        yield from _inline_lists(attachment)


def _nested(content: list[Inline]) -> Iterator[list[Inline]]:
    yield content
    for node in content:
        if isinstance(node, Editorial | Subject):
            yield from _nested(node.content)
