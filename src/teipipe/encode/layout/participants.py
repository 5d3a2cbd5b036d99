"""Headings at the start of a body: subject lines (`Soviet Challenge to the Quarantine`) and
participant lists (`Participants:` and the names under it, or names alone), one list per
group; groups are set apart by extra blank lines or headed by a line of their own (`Others:`,
`Soviet Side:`)."""

from __future__ import annotations

import re

from teipipe.encode.layout.context import Line, ReadContext, SectionPart
from teipipe.encode.layout.lists import LIST_LABEL
from teipipe.encode.layout.shapes import heading_like, without_markers
from teipipe.encode.layout.signatures import name_like
from teipipe.encode.model import Name, Participants, Section, SubjectLine
from teipipe.encode.people import strip_honorific
from teipipe.encode.vocabulary import alternatives

HEAD = re.compile(rf"^(?:{alternatives('participant-heads.txt')})\s*:?$", re.IGNORECASE)
GROUP = re.compile(r"^[A-Z][\w.'’ ]{0,30}:$")


def headings(ctx: ReadContext, part: SectionPart) -> None:
    """Subject headings, then participants, from the lines before the text proper."""
    body = part.lines
    index = 0
    heads: list[Line] = []
    listing = False  # participants have begun: a group heading (`Others:`) may follow
    while index + 1 < len(body) and (
        HEAD.match(body[index].text)
        or (listing and GROUP.match(body[index].text) is not None)
        or (
            heading_like(without_markers(body[index].text), 200)
            and not LIST_LABEL.match(body[index].text)
        )
    ):
        heads.append(body[index])
        listing = listing or bool(HEAD.match(body[index].text)) or _person_like(ctx, body[index])
        index += 1
    label = next((k for k, h in enumerate(heads) if HEAD.match(h.text)), None)
    named = next((k for k, h in enumerate(heads) if _person_like(ctx, h)), len(heads))
    if label is not None and label + 1 < len(heads):  # "Participants:" and the names under it
        subjects, people, title = heads[:label], heads[label + 1 :], heads[label]
    elif label is not None:  # "Participants:" over a paragraph: read it as one
        subjects, people, title = heads[:label], [], None
        index = len(subjects)
    elif len(heads) - named >= 2:  # names without a heading, after any subject lines
        subjects, people, title = heads[:named], heads[named:], None
    elif len(heads) >= 3 or (len(heads) == 2 and part.starts.get(heads[1].number, 0) >= 2):
        subjects, people, title = heads[:1], heads[1:], None
    else:
        subjects, people, title = heads, [], None
    for head in subjects:
        part.section.blocks.append(SubjectLine(ctx.inline(head.text, head.number), head.number))
    if people or title:
        _participants(ctx, part.section, people, part.starts, title)
    part.lines = body[index:]


def _person_like(ctx: ReadContext, line: Line) -> bool:
    """A participant's line: a name (with an office or rank), perhaps a role after a comma."""
    name = line.text.partition(", ")[0]
    if "--" in name or GROUP.match(line.text):
        return False
    return name_like(ctx, name) or strip_honorific(name) != name


def _participants(
    ctx: ReadContext,
    section: Section,
    lines: list[Line],
    starts: dict[int, int],
    title: Line | None,
) -> None:
    group = Participants([], title.text if title else None)
    for line in lines:
        if GROUP.match(line.text) and not HEAD.match(line.text):  # `Others:` heads a group
            if group.entries or group.heading:
                section.blocks.append(group)
            group = Participants([], line.text)
            continue
        if group.entries and starts.get(line.number, 0) >= 2:
            section.blocks.append(group)
            group = Participants([], None)
        name, _, role = line.text.partition(", ")
        role = re.sub(r"\s*\(.*\)$", "", role)
        person = ctx.resolver.known_named(name, role or None)
        if person is None and (name_like(ctx, name) or strip_honorific(name) != name):
            person = ctx.resolver.named(name, role or None)
        if person is None:  # a group label ("U.S."), not a person
            group.entries.append((ctx.inline(line.text, line.number), line.number))
            continue
        rest = ctx.inline(line.text[len(name) :], line.number)
        group.entries.append(([Name(name, person.id), *rest], line.number))
    if group.entries or group.heading:
        section.blocks.append(group)
