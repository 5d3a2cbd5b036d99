"""Paragraphs and lists: `1.`, `a.`, `(a)`, `a)` labels, nested lists, items of several
paragraphs; a paragraph wholly in square brackets is an editorial insertion.

One line is one paragraph. A labelled line starts or continues a list when its label is a
first one (`1`, `a`, `A`) or follows the last item of an open list; a paragraph between items
of one list belongs to the item before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from teipipe.encode.layout.context import Line, ReadContext, SectionPart
from teipipe.encode.model import (
    Block,
    Editorial,
    EditorialBlock,
    Item,
    LabelStyle,
    ListBlock,
    Para,
)

LIST_LABEL = re.compile(
    r"^(?:(?P<num>\d{1,2})\.|(?P<lower>[a-z])\.|(?P<upper>[A-Z])\.|\((?P<pnum>\d{1,2})\)"
    r"|\((?P<plower>[a-z])\)|\((?P<pupper>[A-Z])\)|(?P<rnum>\d{1,2})\)|(?P<rlower>[a-z])\))\s+(?=\S)"
)
_EDITORIAL = re.compile(r"^\[[^\[\]]*\](?:\(\d+\))*$")


@dataclass(frozen=True)
class Label:
    """A list label: how it counts (`1`, `a`, `A`), how it is written, its value, the text."""

    counting: str
    style: LabelStyle
    n: str
    rest: str


@dataclass
class _Open:
    """An open list and how its labels count (the model needs only the style)."""

    block: ListBlock
    counting: str

    def continued_by(self, label: Label) -> bool:
        return (
            self.counting == label.counting
            and self.block.style == label.style
            and _follows(self.block.items[-1].label, label.n)
        )


def paragraphs_and_lists(ctx: ReadContext, part: SectionPart) -> None:
    """Whatever body lines are left: paragraphs, lists, editorial insertions."""
    part.section.blocks.extend(paragraphs(ctx, part.lines))
    part.lines = []


def paragraphs(ctx: ReadContext, lines: list[Line]) -> list[Block]:
    out: list[Block] = []
    stack: list[_Open] = []  # open lists, outermost first
    labels = [list_label(line.text) for line in lines]
    # the next labelled line after each line: one pass, so long texts stay linear
    following: list[Label | None] = [None] * len(lines)
    for i in range(len(lines) - 2, -1, -1):
        following[i] = labels[i + 1] if labels[i + 1] is not None else following[i + 1]
    for i, line in enumerate(lines):
        label = labels[i]
        if label is not None and (
            label.counting == "1" or _is_first(label.n) or any(o.continued_by(label) for o in stack)
        ):
            _item(ctx, out, stack, label, line.number)
            continue
        depth = _continued_depth(stack, following[i]) if stack else 0
        if depth:  # a paragraph inside an item: a later item continues its list
            del stack[depth:]
            stack[-1].block.items[-1].blocks.append(paragraph(ctx, line))
            continue
        stack.clear()
        out.append(paragraph(ctx, line))
    return out


def paragraph(ctx: ReadContext, line: Line) -> Para | EditorialBlock:
    if _EDITORIAL.match(line.text):
        content = ctx.inline(line.text, line.number)
        if isinstance(content[0], Editorial):  # the whole paragraph is the insertion
            content = content[0].content + content[1:]
        return EditorialBlock(content, line.number)
    return Para(ctx.inline(line.text, line.number), line.number)


def list_label(text: str) -> Label | None:
    """The label of `1. text`, `a. text`, `(a) text`, `a) text`."""
    match = LIST_LABEL.match(text)
    if not match:
        return None
    group = match.lastgroup
    assert group is not None
    n = match[group]
    counting = "1" if n.isdigit() else ("a" if n.islower() else "A")
    style = (
        LabelStyle.PARENS
        if group.startswith("p")
        else (LabelStyle.PAREN if group.startswith("r") else LabelStyle.PERIOD)
    )
    return Label(counting, style, n, text[match.end() :])


def _item(
    ctx: ReadContext, out: list[Block], stack: list[_Open], label: Label, number: int
) -> None:
    item = Item(label.n, [Para(ctx.inline(label.rest, number), number)], number)
    for depth in range(len(stack) - 1, -1, -1):
        if stack[depth].continued_by(label):
            del stack[depth + 1 :]
            stack[depth].block.items.append(item)
            return
    new = _Open(ListBlock(label.style, [item]), label.counting)
    if stack and not _is_first(label.n) and stack[-1].counting == label.counting:
        stack.clear()
    if stack and _is_first(label.n) and stack[-1].counting != label.counting:
        stack[-1].block.items[-1].blocks.append(new.block)  # a sub-list: a., b. under 1.
    else:
        stack.clear()
        out.append(new.block)
    stack.append(new)


def _continued_depth(stack: list[_Open], label: Label | None) -> int:
    """Depth+1 of the open list that the next labelled line continues (0: none)."""
    if label is None:
        return 0
    for depth in range(len(stack) - 1, -1, -1):
        if stack[depth].continued_by(label):
            return depth + 1
    return 0


def _follows(previous: str, n: str) -> bool:
    if previous.isdigit() and n.isdigit():
        return int(n) == int(previous) + 1
    return len(previous) == 1 and len(n) == 1 and ord(n) == ord(previous) + 1


def _is_first(n: str) -> bool:
    return n in ("1", "a", "A")
