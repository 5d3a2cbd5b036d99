"""Reader: a plain-text archival document, read layout feature by layout feature into the model.

The layout (docs/tei-profile.md): collection line, title line, dateline, body, footnotes
`N text Back`, a `Source:` note, and the web page's footer. The lists below are the table of
contents of that layout, in reading order; each entry is a module of `teipipe.encode.layout`.
Nothing here is specific to one collection: people come from the personography, words from
`teipipe/data/`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from teipipe.encode.entities import EntityMarker
from teipipe.encode.inline import Markers
from teipipe.encode.layout import (
    attachments,
    back_matter,
    dateline,
    footnote_markers,
    header,
    lists,
    participants,
    salutations,
    signatures,
    telegram,
    transcript,
)
from teipipe.encode.layout.context import RawBlock, ReadContext, SectionPart
from teipipe.encode.layout.markup import mark_section
from teipipe.encode.layout.placement import place_unreferenced
from teipipe.encode.model import Document, DocumentKind, Message, Section
from teipipe.encode.people import Personography
from teipipe.encode.vocabulary import alternatives

SectionRecogniser = Callable[[ReadContext, SectionPart], None]

# A document, in the order `read` takes it apart:
#   back matter, from the end   back_matter.footer, back_matter.source_note, back_matter.footnotes
#   front matter                header.header_lines, dateline.dateline (and the document number)
#   inline markers              footnote_markers.plan_markers, for the whole text at once
#   body                        attachments.attachments, then SECTION for each part
#   afterwards                  placement.place_unreferenced, markup.mark_section

# The body of a document or attachment, in reading order: each takes the lines it recognises.
SECTION: tuple[SectionRecogniser, ...] = (
    salutations.salutation,  # Dear Mr. President,
    signatures.signature_block,  # (set apart) Sincerely, / Adlai E. Stevenson / titles
    participants.headings,  # subject lines; Participants: and the names under them
    telegram.opener,  # 1359. For Stevenson and McCloy. Subject: ...
    transcript.turns,  # AES: ... / Ball-- ...
    lists.paragraphs_and_lists,  # paragraphs, 1. / (a) / a) items, [editorial insertions]
    salutations.closer,  # the closing set apart above
)

_MEETING_TITLE = re.compile(rf"\b(?:{alternatives('meeting-title-words.txt')})\b")


def read(
    text: str,
    name: str,
    authority: Personography | None,
    sha256: str,
    repairs: list[tuple[int, str]],
) -> tuple[Document, list[Message]]:
    """The model of one document, and the warnings met reading it."""
    ctx = ReadContext.start(name, authority)
    blocks = ctx.blocks(text)
    # back matter, from the end
    footer, blocks = back_matter.footer(ctx, blocks)
    source, blocks = back_matter.source_note(ctx, blocks)
    footnotes, blocks = back_matter.footnotes(ctx, blocks)
    # front matter
    head, blocks = header.header_lines(ctx, blocks)
    found, blocks = dateline.dateline(blocks)
    date_of = found.dateline if found else None
    ctx.resolver.date = (date_of.when or date_of.start) if date_of else None
    # without footnotes, markers are taken only where the text was cut off before its notes
    truncated = bool(footnotes) and not footnotes[max(footnotes)].complete
    expect_notes = truncated or (not footnotes and source is None and footer is None)
    lines = [*([head.title] if head.title else []), *(line for b in blocks for line in b.lines)]
    plan = footnote_markers.plan_markers(ctx, lines, set(footnotes), expect_notes)
    ctx.markers = Markers(set(footnotes), expect_notes, plan=plan)
    title = head.title.text if head.title else None
    kind = (
        DocumentKind.EDITORIAL_NOTE
        if title and title.strip().lower() == "editorial note"
        else DocumentKind.HISTORICAL
    )
    ctx.meeting = bool(title and _MEETING_TITLE.search(title))
    ctx.telegram = bool(title and "Telegram" in title)
    main = Section(
        header.title_content(ctx, head.title) if head.title else None,
        head.title.number if head.title else 0,
        date_of,
        found.line.number if found else 0,
        found.number if found else None,
    )
    if found is None and kind is DocumentKind.HISTORICAL:
        ctx.warn(head.title.number + 1 if head.title else 1, "no dateline found")
    _document_body(ctx, main, blocks)
    placement = place_unreferenced(ctx, footnotes, main)
    marker = EntityMarker(ctx.resolver, ctx.resolver.date)
    mark_section(main, marker)
    for note in footnotes.values():
        note.content = marker.mark(note.content)
    for n in sorted(set(ctx.markers.placed) - set(footnotes)):
        ctx.warn(
            ctx.markers.lines.get(n),
            f"footnote marker ({n}) has no footnote text (kept as an empty note)",
        )
    if source is None:
        ctx.warn(None, "no Source: note found")
    if source is None and footer is None and head.title is not None:  # cut before its end
        if truncated:
            footnotes[max(footnotes)].breaks_off = True
        elif not footnotes:
            (main.attachments[-1] if main.attachments else main).breaks_off = True
    document = Document(
        name=name,
        sha256=sha256,
        collection=head.collection,
        main=main,
        kind=kind,
        footnotes={n: footnotes[n] for n in sorted(footnotes)},
        placement=placement,
        source=source,
        footer=footer,
        removed=sorted(ctx.removed),
        back_labels=ctx.back_labels,
        markers=len(ctx.markers.placed),
        spaces_removed=ctx.markers.spaces_removed,
        separators=ctx.separators,
        repairs=repairs,
        persons=ctx.resolver.persons,
        meeting=ctx.meeting,
        prefix=ctx.prefix,
    )
    return document, ctx.messages


def _document_body(ctx: ReadContext, main: Section, blocks: list[RawBlock]) -> None:
    """The document's own body, then each attached document with its title and dateline."""
    own, attached = attachments.attachments(blocks)
    _section(ctx, main, own, is_main=True)
    for part in attached:
        section = Section(None, part.title.number)
        ctx.attachment_heads.append((len(ctx.sites), section))
        section.title = header.title_content(ctx, part.title)
        found, body = dateline.dateline(part.blocks)
        if found is not None:
            section.dateline, section.dateline_line = found.dateline, found.line.number
            section.number = found.number
        _section(ctx, section, body, is_main=False)
        main.attachments.append(section)


def _section(ctx: ReadContext, section: Section, blocks: list[RawBlock], is_main: bool) -> None:
    lines = [line for b in blocks for line in b.lines]
    starts = {b.first.number: b.blank_before for b in blocks}
    part = SectionPart(section, lines, starts, is_main)
    for recognise in SECTION:
        recognise(ctx, part)
