"""Telegram openers: `1359. For Stevenson and McCloy. Subject: Next Steps ....`

The first paragraph of a telegram starts with its number; the opening segment runs to the end
of the subject when there is one, else over the short routing sentences after the number.
"""

from __future__ import annotations

import re

from teipipe.encode.layout.context import Line, ReadContext, SectionPart
from teipipe.encode.model import Inline, Subject, TelegramNumber, TelegramOpener

_ROUTING_WORDS = 6  # "Eyes only for the Secretary." is routing; a longer sentence is the text
_NUMBERED = re.compile(r"^(\d+)(\.\s.*)$")
_SUBJECT = re.compile(r"\bSubject:\s.*?(?:\.(?=\(\d+\)|\s+[A-Z]|$)|$)")
_SENTENCE = re.compile(r"\s*[^.]*?\.(?:\(\d+\))?(?=\s+[A-Z\[(\"]|$)")


def opener(ctx: ReadContext, part: SectionPart) -> None:
    if part.is_main and ctx.telegram and part.lines and _NUMBERED.match(part.lines[0].text):
        part.section.blocks.append(_opener(ctx, part.lines[0]))
        part.lines = part.lines[1:]


def _opener(ctx: ReadContext, line: Line) -> TelegramOpener:
    ctx.markers.line = line.number
    match = _NUMBERED.match(line.text)
    assert match
    opening: list[Inline] = [TelegramNumber(match[1])]
    rest = match[2]
    subject = _SUBJECT.search(rest)
    if subject:
        opening.extend(ctx.inline(rest[: subject.start()]))
        opening.append(Subject(ctx.inline(subject[0])))
        return TelegramOpener(opening, ctx.inline(rest[subject.end() :]), line.number)
    end = 1  # the "." after the number
    for sentence in _SENTENCE.finditer(rest[1:]):
        if len(sentence[0].split()) > _ROUTING_WORDS:
            break
        end = 1 + sentence.end()
    opening.extend(ctx.inline(rest[:end]))
    return TelegramOpener(opening, ctx.inline(rest[end:]), line.number)
