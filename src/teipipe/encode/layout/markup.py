"""Names, places, organisations and dates in running text, once the document's persons are
known: paragraphs, list items, turns and footnotes (not headings, labels or openers)."""

from __future__ import annotations

from typing import assert_never

from teipipe.encode.entities import EntityMarker
from teipipe.encode.model import (
    Block,
    EditorialBlock,
    ListBlock,
    Narrative,
    Para,
    Participants,
    Section,
    SubjectLine,
    TelegramOpener,
    Turn,
)


def mark_section(section: Section, marker: EntityMarker) -> None:
    for block in section.blocks:
        _mark_block(block, marker)
    for attachment in section.attachments:
        mark_section(attachment, marker)


def _mark_block(block: Block, marker: EntityMarker) -> None:
    match block:
        case Para() | EditorialBlock() | Narrative():
            block.content = marker.mark(block.content)
        case TelegramOpener():  # only after its opening segment
            block.rest = marker.mark(block.rest)
        case Turn():
            for sub in block.blocks:
                _mark_block(sub, marker)
        case ListBlock():
            for item in block.items:
                for sub in item.blocks:
                    _mark_block(sub, marker)
        case SubjectLine() | Participants():
            pass
        case _:
            assert_never(block)
