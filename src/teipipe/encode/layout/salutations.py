"""Salutations (`Dear Mr. President,` on its own line) and closers: the complimentary close
(`Sincerely,`) and the signed name with its title lines."""

from __future__ import annotations

import re

from teipipe.encode.layout.context import Line, ReadContext, SectionPart
from teipipe.encode.layout.lists import paragraphs
from teipipe.encode.layout.shapes import without_markers
from teipipe.encode.model import Closer, Inline, Name, SubjectLine
from teipipe.encode.vocabulary import alternatives

OPEN = re.compile(rf"^(?:{alternatives('salutations.txt')})\b.{{0,60}}[,:]$")
CLOSE = re.compile(rf"^(?:{alternatives('closings.txt')})[\w ,.'’]{{0,40}},$", re.IGNORECASE)


def salutation(ctx: ReadContext, part: SectionPart) -> None:
    """A salutation standing on the first line of the body."""
    if part.lines and OPEN.match(part.lines[0].text):
        part.section.salutation = part.lines[0].text
        part.lines = part.lines[1:]


def closer(ctx: ReadContext, part: SectionPart) -> None:
    """The closing lines as the section's closer; a closer needs text before it (TEI), so
    alone the lines are paragraphs."""
    closing, part.closing = part.closing, []
    if not closing:
        return
    if any(not isinstance(b, SubjectLine) for b in part.section.blocks):
        part.section.closer = _closer(ctx, closing)
    else:
        part.section.blocks.extend(paragraphs(ctx, closing))


def _closer(ctx: ReadContext, lines: list[Line]) -> Closer:
    close = None
    if CLOSE.match(lines[0].text):
        close, lines = lines[0].text, lines[1:]
    signature: list[list[Inline]] = []
    for k, line in enumerate(lines):
        if k == 0:
            bare = without_markers(line.text)
            name_end = line.text.index(bare) + len(bare) if bare in line.text else len(line.text)
            person = ctx.resolver.named(bare)
            signature.append(
                [
                    Name(line.text[:name_end], person.id),
                    *ctx.inline(line.text[name_end:], line.number),
                ]
            )
        else:
            signature.append(ctx.inline(line.text, line.number))
    return Closer(close, signature, lines[0].number if lines else 0)
