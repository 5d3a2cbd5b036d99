"""Transcripts: turns introduced by a speaker label (`AES:`, `Ball--`, `Mr. Rusk:`).

A body is a transcript when labels recur, or when two speakers make up half its paragraphs.
A label is taken when it recurs, once a transcript has begun, or when it names a known person;
a line without a label continues the current turn.
"""

from __future__ import annotations

import re
from collections import Counter

from teipipe.encode.layout.context import ReadContext, SectionPart
from teipipe.encode.layout.lists import paragraphs
from teipipe.encode.layout.shapes import LABEL
from teipipe.encode.model import EditorialBlock, Para, Turn
from teipipe.encode.vocabulary import vocabulary

_NOT_LABELS = frozenset(vocabulary("not-speakers.txt"))
_ASIDE = re.compile(r"^[(\[][^()\[\]]*[)\]](?:\(\d+\))*$")
_LABEL_LENGTH = 30


def turns(ctx: ReadContext, part: SectionPart) -> None:
    matches = [speaker_label(line.text) for line in part.lines]
    labels = Counter(m["label"] for m in matches if m)
    if not _is_transcript(labels, len(part.lines)):
        return
    turn: Turn | None = None
    for line, match in zip(part.lines, matches, strict=True):
        if match and (
            labels[match["label"]] >= 2 or turn is not None or ctx.resolver.knows(match["label"])
        ):
            person, resolved = ctx.resolver.label(match["label"])
            if not resolved:
                ctx.warn(
                    line.number, f"speaker label '{match['label']}' not resolved to a known person"
                )
            sep = match["sep"].strip()
            ctx.separators.append(sep)
            turn = Turn(match["label"], sep, person.id, [], line.number)
            turn.blocks.append(_turn_block(ctx, match["rest"], line.number))
            part.section.blocks.append(turn)
        elif turn is not None:
            turn.blocks.append(_turn_block(ctx, line.text, line.number))
        else:
            part.section.blocks.extend(paragraphs(ctx, [line]))
    part.lines = []


def speaker_label(text: str) -> re.Match[str] | None:
    match = LABEL.match(text)
    if not match or len(match["label"]) > _LABEL_LENGTH:
        return None
    if match["label"].split()[0].rstrip(".").capitalize() in _NOT_LABELS:
        return None
    return match


def _turn_block(ctx: ReadContext, text: str, number: int) -> Para | EditorialBlock:
    ctx.markers.line = number
    if _ASIDE.match(text):
        return EditorialBlock(ctx.inline(text), number)
    return Para(ctx.inline(text), number)


def _is_transcript(labels: Counter[str], paragraphs: int) -> bool:
    """Speaker labels that recur, or two speakers making up half the paragraphs."""
    count = sum(labels.values())
    return (count >= 3 and any(c >= 2 for c in labels.values())) or (
        count >= 2 and len(labels) >= 2 and count * 2 >= paragraphs
    )
