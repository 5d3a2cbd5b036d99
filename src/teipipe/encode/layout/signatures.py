"""Signatures: the name (and title lines) that end a letter or memorandum.

A signature is a name (resolved, or shaped like one) among the last few lines, with title
lines after it and perhaps a complimentary close before it. After a close ("Sincerely,") the
next line is the signature whatever the name looks like.
"""

from __future__ import annotations

import re

from teipipe.encode.layout.context import Line, ReadContext, SectionPart
from teipipe.encode.layout.salutations import CLOSE
from teipipe.encode.layout.shapes import without_markers
from teipipe.encode.people import strip_honorific

_LAST_LINES = 4  # a signature and its title lines stand in the last few lines


def signature_block(ctx: ReadContext, part: SectionPart) -> None:
    """Set the closing lines (close and signature) apart from the body."""
    at = _closer_start(ctx, part.lines)
    part.lines, part.closing = part.lines[:at], part.lines[at:]


def _closer_start(ctx: ReadContext, lines: list[Line]) -> int:
    """Where the complimentary close and signature begin (len(lines): there are none)."""
    end = len(lines)
    i = end
    while i > 0 and end - i < _LAST_LINES and _signature_like(ctx, lines[i - 1].text):
        i -= 1
    if 0 < i < end and CLOSE.match(lines[i - 1].text):
        return i - 1
    name = next((j for j in range(i, end) if name_like(ctx, without_markers(lines[j].text))), None)
    if name is None or name == 0:
        return end
    if CLOSE.match(lines[name - 1].text):
        return name - 1
    return name


def _signature_like(ctx: ReadContext, text: str) -> bool:
    """A name, or a title line under one (`Chairman of the Council of Ministers`)."""
    bare = without_markers(text)
    if len(bare) > 80 or bare.endswith((":", "?", "!", ";", ",")):
        return False
    if name_like(ctx, bare):
        return True
    return not bare.endswith(".") and bool(re.match(r"^[A-Z]", bare)) and len(bare.split()) <= 12


def name_like(ctx: ReadContext, text: str) -> bool:
    """A person's name: known to the document or the personography, or shaped like a name
    with an initial (`E.S. Glenn`), or initials alone (`McG. B.`)."""
    words = text.split()
    if not 1 <= len(words) <= 5 or len(text) > 50:
        return False
    if " " in text and re.fullmatch(r"(?:[A-Z][a-z]{0,2}\.\s?){2,4}", text):
        return True  # initials: "McG. B." (but not an abbreviation like "U.S.")
    if not all(re.match(r"^(?:[A-Z][\w'’.-]*|de|van|von|da|di)$", w) for w in words):
        return False
    if ctx.resolver.find_named(text) is not None:
        return True
    if ctx.authority is not None and ctx.authority.by_name(strip_honorific(text), None):
        return True
    return len(words) >= 2 and any(re.fullmatch(r"[A-Z]\.", w) for w in words)
