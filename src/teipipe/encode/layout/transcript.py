"""Transcripts: turns introduced by a speaker label (`AES:`, `Ball--`, `Mr. Rusk:`, an office
`President:`, an initial `R:`).

A body is a transcript when labels recur, when two speakers make up half its paragraphs, or,
in a record of a conversation or meeting, when one label names a known person (an excerpt
with a single turn). A label is taken when it recurs, once a transcript has begun, or when it
names a known person. A line without a label continues the current turn, unless it is the
editors' narrative about a speaker (`The Secretary then read a draft reply.`): that is an
editorial note between the turns.
"""

from __future__ import annotations

import re
from collections import Counter

from teipipe.encode.layout.context import ReadContext, SectionPart
from teipipe.encode.layout.lists import paragraphs
from teipipe.encode.layout.shapes import LABEL
from teipipe.encode.model import EditorialBlock, Narrative, Para, Turn
from teipipe.encode.vocabulary import vocabulary

_NOT_LABELS = frozenset(vocabulary("not-speakers.txt"))
_NARRATIVE = re.compile(
    r"^(?P<who>(?:The |Mr\. |Mrs\. )?[A-Z][\w.'’]*(?: [A-Z][\w.'’]*){0,2}) "
    rf"(?:{'|'.join(vocabulary('narrative-verbs.txt'))})\b"
)
_ASIDE = re.compile(r"^[(\[][^()\[\]]*[)\]](?:\(\d+\))*$")
_LABEL_LENGTH = 30


def turns(ctx: ReadContext, part: SectionPart) -> None:
    matches = [speaker_label(line.text) for line in part.lines]
    labels = Counter(m["label"] for m in matches if m)
    if not _is_transcript(labels, len(part.lines)) and not (
        part.is_main
        and ctx.meeting
        and len(labels) == 1
        and ctx.resolver.knows_in_document(next(iter(labels)))
    ):
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
        elif turn is not None and _narrative(ctx, line.text):
            turn = None
            part.section.blocks.append(Narrative(ctx.inline(line.text, line.number), line.number))
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


def _narrative(ctx: ReadContext, text: str) -> bool:
    """The editors' words about a speaker: a speaker's name or office, then a narrative verb."""
    match = _NARRATIVE.match(text)
    if match is None:
        return False
    who = match["who"].removeprefix("The ")
    return any(who in person.labels for person in ctx.resolver.persons) or ctx.resolver.knows(who)


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
