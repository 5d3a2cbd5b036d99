"""Reader: the layout conventions of a plain-text archival document, turned into the model.

The layout (see docs/tei-profile.md): collection line, title line, dateline, body, footnotes
`N text Back`, a `Source:` note, and the web page's footer. Blank lines separate blocks; a
line is a paragraph. Everything here works from that layout and from the personography;
nothing is specific to one collection.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from teipipe.encode.dates import Dateline, parse_dateline
from teipipe.encode.entities import EntityMarker
from teipipe.encode.inline import Markers, parse_inline
from teipipe.encode.model import (
    Block,
    Closer,
    Document,
    Editorial,
    EditorialBlock,
    Footnote,
    Inline,
    Item,
    ListBlock,
    Message,
    Name,
    NoteRef,
    Para,
    Participants,
    Section,
    Source,
    Subject,
    SubjectHead,
    TelegramNumber,
    Turn,
)
from teipipe.encode.people import Personography, Resolver, strip_honorific, title_persons
from teipipe.encode.vocabulary import vocabulary

_FOOTNOTE = re.compile(r"^(?P<n>\d{1,3}) (?P<text>\S.*)$")
_BACK = re.compile(r"\s*\bBack$")
_FOOTER = re.compile(
    r"^\d+ [A-Z][\w .]*\b(?:Street|Avenue|Road|Boulevard|St\.|Ave\.)\b.*\d{5}(?:-\d{4})?\.?$"
)
_FOOTER_LINES = 6  # a web page footer: an address, a library name, not text
_DEBRIS = frozenset(vocabulary("web-residue.txt"))
_ATTACHMENT_TITLE = re.compile(
    r"^(?:Attachment|Enclosure|Annex|Appendix|Tab [A-Z]|Memorandum|Telegram|Letter|Message|"
    r"Paper|Draft|Note|Notes|Record|Summary|Minutes|Report|Statement|Cable|Airgram|Despatch|"
    r"Dispatch|Circular|Instruction|Transcript|Editorial Note|Proclamation|Position Paper|"
    r"Talking Paper|Intelligence|National Intelligence Estimate|Special National Intelligence)\b"
)
_TITLE_CONNECTOR = re.compile(r"\b(?:From|To|to|Between|Among|With|for|of|by|on)\b")
_LABEL = re.compile(
    r"^(?P<label>(?:[A-Z][\w.'’]*|[A-Z]\.)(?: (?:[A-Z][\w.'’]*|[A-Z]\.|of|the|de|von)){0,4}?)"
    r"(?P<sep>\s?--\s?|:\s+)(?P<rest>\S.*)$"
)
_NOT_LABELS = frozenset(vocabulary("not-speakers.txt"))
_LIST_LABEL = re.compile(
    r"^(?:(?P<num>\d{1,2})\.|(?P<lower>[a-z])\.|(?P<upper>[A-Z])\.|\((?P<pnum>\d{1,2})\)"
    r"|\((?P<plower>[a-z])\)|\((?P<pupper>[A-Z])\)|(?P<rnum>\d{1,2})\)|(?P<rlower>[a-z])\))\s+(?=\S)"
)
_PARTICIPANTS_HEAD = re.compile(
    r"^(?:Participants|Present|Persons Present|Others Present|Also Present)\s*:?$", re.IGNORECASE
)
_SALUTE_OPEN = re.compile(
    r"^(?:Dear|My dear|Sir|Madam|Gentlemen|Excellency|Your Excellency|Mr\. President)\b.{0,60}[,:]$"
)
_SALUTE_CLOSE = re.compile(
    r"^(?:Sincerely|Respectfully|Faithfully|Cordially|Yours|Very truly|Very respectfully|"
    r"With (?:best|warm|kind)|Best|Warm|Kind|Regards|With respect)[\w ,.'’]{0,40},$",
    re.IGNORECASE,
)
_MEETING_TITLE = re.compile(
    r"\b(?:Conversation|Meeting|Record|Minutes|Discussion|Summary Record|Notes|Transcript)\b"
)
_CLASSIFICATION = frozenset(c.lower() for c in vocabulary("classification.txt"))
_ROUTING_WORDS = 6  # "Eyes only for the Secretary." is routing; a longer sentence is the text
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\]])\.(?:\(\d+\))?\s+(?=[A-Z])")


@dataclass
class Line:
    number: int
    text: str


@dataclass
class RawBlock:
    lines: list[Line]
    blank_before: int

    @property
    def first(self) -> Line:
        return self.lines[0]

    @property
    def single(self) -> bool:
        return len(self.lines) == 1


class Reader:
    """Reads one document. `read()` returns the model; messages collect along the way."""

    def __init__(self, text: str, name: str, authority: Personography | None) -> None:
        self.name = name
        self.authority = authority
        self.messages: list[Message] = []
        self.removed: list[tuple[int, str]] = []
        self.back_labels = 0
        self.separators: list[str] = []
        self.sites: list[NoteRef] = []  # the notes of markers, in reading order
        self.attachment_heads: list[tuple[int, Section]] = []  # (site index, attachment)
        self.blocks = self._blocks(text)
        self.prefix = authority.prefixes[0] if authority and authority.prefixes else None

    def warn(self, line: int | None, text: str) -> None:
        self.messages.append(Message("warning", self.name, line, text))

    # -- layout ------------------------------------------------------------------------------

    def _blocks(self, text: str) -> list[RawBlock]:
        blocks: list[RawBlock] = []
        current: list[Line] = []
        blanks = 0
        for number, raw in enumerate(text.split("\n"), start=1):
            line = " ".join(raw.replace("\t", " ").split()) if "\t" in raw else raw.strip()
            if line in _DEBRIS:
                self.removed.append((number, line))
                continue
            if not line:
                if current:
                    blocks.append(RawBlock(current, blanks))
                    current, blanks = [], 0
                blanks += 1
                continue
            current.append(Line(number, line))
        if current:
            blocks.append(RawBlock(current, blanks))
        return blocks

    def read(self, sha256: str, repairs: list[tuple[int, str]]) -> Document:
        blocks = self.blocks
        footer, blocks = self._footer(blocks)
        source, blocks = self._source(blocks)
        footnotes, blocks = self._footnotes(blocks)
        collection, title, title_line, blocks = self._header(blocks)
        if title is None:
            self.warn(1, "no collection and title lines found: encoded as untitled paragraphs")
        dateline, dateline_line, blocks = self._dateline(blocks)
        date = dateline.when or dateline.start if dateline else None
        self.resolver = Resolver(self.authority, date)
        known = set(footnotes)
        # without footnotes, markers are taken only where the text was cut off before its notes
        truncated = bool(footnotes) and not footnotes[max(footnotes)].complete
        self.markers = Markers(
            known, expect_notes=truncated or (not footnotes and source is None and footer is None)
        )
        kind = (
            "editorial-note"
            if title and title.strip().lower() == "editorial note"
            else "historical-document"
        )
        self.meeting = bool(title and _MEETING_TITLE.search(title))
        self.telegram = bool(title and "Telegram" in title)
        main = Section(self._title(title) if title else None, title_line, dateline, dateline_line)
        if dateline is None and kind == "historical-document":
            self.warn(title_line + 1 if title else 1, "no dateline found")
        self._section_body(main, blocks, is_main=True)
        placement = self._place_unreferenced(footnotes, main)
        marker = EntityMarker(self.resolver, date)
        _mark_section(main, marker)
        for note in footnotes.values():
            note.content = marker.mark(note.content)
        for n in sorted(set(self.markers.placed) - known):
            self.warn(
                self.markers.lines.get(n),
                f"footnote marker ({n}) has no footnote text (kept as an empty note)",
            )
        if source is None:
            self.warn(None, "no Source: note found")
        return Document(
            name=self.name,
            sha256=sha256,
            collection=collection,
            main=main,
            kind=kind,
            footnotes={n: footnotes[n] for n in sorted(footnotes)},
            placement=placement,
            source=source,
            footer=footer,
            removed=sorted(self.removed),
            back_labels=self.back_labels,
            markers=len(self.markers.placed),
            spaces_removed=self.markers.spaces_removed,
            separators=self.separators,
            repairs=repairs,
            persons=self.resolver.persons,
            meeting=self.meeting,
            prefix=self.prefix,
        )

    def _footer(self, blocks: list[RawBlock]) -> tuple[str | None, list[RawBlock]]:
        """The web page footer: whatever follows the `Source:` note, or a trailing address."""
        for i in range(len(blocks) - 1, -1, -1):
            if blocks[i].first.text.startswith("Source:"):
                rest = [line.text for b in blocks[i + 1 :] for line in b.lines]
                if 0 < len(rest) <= _FOOTER_LINES and all(_footer_like(line) for line in rest):
                    return "\n".join(rest), blocks[: i + 1]
                return None, blocks
        if blocks and blocks[-1].single and _FOOTER.match(blocks[-1].first.text):
            return blocks[-1].first.text, blocks[:-1]
        return None, blocks

    def _source(self, blocks: list[RawBlock]) -> tuple[Source | None, list[RawBlock]]:
        if not blocks or not blocks[-1].first.text.startswith("Source:"):
            return None, blocks
        block = blocks[-1]
        text = " ".join(line.text for line in block.lines)
        body = text[len("Source:") :].strip()
        sentences = _SENTENCE_END.split(body)
        citation, classification = body, []
        for i, sentence in enumerate(sentences):
            terms = [t.strip(" .") for t in sentence.split(";")]
            if terms and _is_classification(terms[0]):
                citation = ". ".join(sentences[:i]).rstrip(".")
                classification = terms
                break
        if not classification:
            self.warn(block.first.number, "no classification marking recognised in the Source note")
        return Source(text, block.first.number, citation, classification), blocks[:-1]

    def _footnotes(self, blocks: list[RawBlock]) -> tuple[dict[int, Footnote], list[RawBlock]]:
        """The run of `N text Back` lines that ends the document, numbered from 1.

        The last `1 ...` line that starts a valid run wins: a body paragraph that happens to
        begin with "1 " comes before the real footnotes.
        """
        for start in range(len(blocks) - 1, 1, -1):
            block = blocks[start]
            first = _FOOTNOTE.match(block.first.text)
            if not first or first["n"] != "1":
                continue
            notes = self._footnote_run(blocks[start:])
            if notes is not None:
                return notes, blocks[:start]
        return {}, blocks

    def _footnote_run(self, blocks: list[RawBlock]) -> dict[int, Footnote] | None:
        notes: dict[int, Footnote] = {}
        texts: dict[int, list[str]] = {}
        expected = 1
        for block in blocks:
            for line in block.lines:
                match = _FOOTNOTE.match(line.text)
                if match and int(match["n"]) == expected:
                    texts[expected] = [match["text"]]
                    notes[expected] = Footnote(expected, [], line.number, False, line.number)
                    expected += 1
                elif line.text == "Back" and notes:
                    texts[expected - 1].append("Back")
                    notes[expected - 1].last_line = line.number
                elif notes and not _BACK.search(texts[expected - 1][-1]):
                    texts[expected - 1].append(line.text)  # a footnote of several paragraphs
                    notes[expected - 1].last_line = line.number
                else:
                    return None
        for n, parts in texts.items():
            joined = " ".join(parts)
            note = notes[n]
            if _BACK.search(joined):
                joined = _BACK.sub("", joined)
                self.back_labels += 1
                self.removed.append((note.last_line, "Back"))
                note.complete = True
            else:
                self.warn(
                    note.line, f"footnote {n} breaks off (no 'Back' label): text seems truncated"
                )
            note.content = parse_inline(joined, None, self.prefix is not None, [])
        return notes

    def _header(self, blocks: list[RawBlock]) -> tuple[str | None, str | None, int, list[RawBlock]]:
        """Collection line and title line: the first two lines when they look like them."""
        if not blocks:
            return None, None, 0, blocks
        first = blocks[0]
        lines = first.lines
        if (
            len(lines) >= 2
            and _heading_like(lines[0].text, 120)
            and _heading_like(lines[1].text, 400)
        ):
            rest = [RawBlock(lines[2:], 0)] if len(lines) > 2 else []
            return lines[0].text, lines[1].text, lines[1].number, rest + blocks[1:]
        if first.single and _heading_like(first.first.text, 400) and len(blocks) > 1:
            second = blocks[1]
            if parse_dateline(second.first.text):
                return None, first.first.text, first.first.number, blocks[1:]
            if (
                second.single
                and _heading_like(first.first.text, 120)
                and _heading_like(second.first.text, 400)
                and len(blocks) > 2
                and parse_dateline(blocks[2].first.text)
            ):
                return first.first.text, second.first.text, second.first.number, blocks[2:]
        return None, None, 0, blocks

    def _dateline(self, blocks: list[RawBlock]) -> tuple[Dateline | None, int, list[RawBlock]]:
        if blocks and blocks[0].single:
            parsed = parse_dateline(blocks[0].first.text)
            if parsed:
                return parsed, blocks[0].first.number, blocks[1:]
        return None, 0, blocks

    # -- titles and persons ------------------------------------------------------------------

    def _title(self, title: str) -> list[Inline]:
        """Title inlines, with the persons it names pointing at persons."""
        content: list[Inline] = []
        pos = 0
        for person in title_persons(title):
            resolved = self.resolver.named(person.name, person.role)
            content.append(title[pos : person.start])
            content.append(Name(person.name, resolved.id))
            pos = person.end
        content.append(title[pos:])
        content = [c for c in content if c != ""]
        return self._inline_in(content)

    def _inline_in(self, content: list[Inline]) -> list[Inline]:
        """Parse markers etc. in the string parts of already structured inline content."""
        out: list[Inline] = []
        for node in content:
            if isinstance(node, str):
                out.extend(parse_inline(node, self.markers, self.prefix is not None, self.sites))
            else:
                out.append(node)
        return out

    def inline(self, text: str, line: int | None = None) -> list[Inline]:
        if line is not None:
            self.markers.line = line
        return parse_inline(text, self.markers, self.prefix is not None, self.sites)

    # -- sections ----------------------------------------------------------------------------

    def _section_body(self, section: Section, blocks: list[RawBlock], is_main: bool) -> None:
        """Split off attachments (later blocks that are document titles), then read the rest."""
        cut = next(
            (
                i
                for i, b in enumerate(blocks)
                if i > 0 and b.single and _is_document_title(b.first.text)
            ),
            None,
        )
        own, rest = (blocks, []) if cut is None else (blocks[:cut], blocks[cut:])
        self._read_section(section, own, is_main)
        while rest:
            head = rest[0]
            nxt = next(
                (
                    i
                    for i, b in enumerate(rest)
                    if i > 0 and b.single and _is_document_title(b.first.text)
                ),
                len(rest),
            )
            attachment = Section(None, head.first.number)
            self.attachment_heads.append((len(self.sites), attachment))
            attachment.title = self._title(head.first.text)
            body = rest[1:nxt]
            if body and body[0].single:
                parsed = parse_dateline(body[0].first.text)
                if parsed:
                    attachment.dateline, attachment.dateline_line = parsed, body[0].first.number
                    body = body[1:]
            self._read_section(attachment, body, is_main=False)
            section.attachments.append(attachment)
            rest = rest[nxt:]

    def _read_section(self, section: Section, blocks: list[RawBlock], is_main: bool) -> None:
        paragraphs = [line for b in blocks for line in b.lines]
        starts = {b.first.number: b.blank_before for b in blocks}
        # salutation on its own line
        if paragraphs and _SALUTE_OPEN.match(paragraphs[0].text):
            section.salute = paragraphs[0].text
            paragraphs = paragraphs[1:]
        closer_at = self._closer_start(paragraphs)
        body, closing = paragraphs[:closer_at], paragraphs[closer_at:]
        index = 0
        # subject heading(s) and participants at the start
        heads = []
        while index + 1 < len(body) and (
            _PARTICIPANTS_HEAD.match(body[index].text)
            or (
                _heading_like(_without_markers(body[index].text), 200)
                and not _LIST_LABEL.match(body[index].text)
            )
        ):
            heads.append(body[index])
            index += 1
        label = next((k for k, h in enumerate(heads) if _PARTICIPANTS_HEAD.match(h.text)), None)
        if label is not None and label + 1 < len(heads):  # "Participants:" and the names under it
            subjects, people, title = heads[:label], heads[label + 1 :], heads[label]
        elif label is not None:  # "Participants:" over a paragraph: read it as one
            subjects, people, title = heads[:label], [], None
            index = len(subjects)
        elif len(heads) >= 3 or (len(heads) == 2 and starts.get(heads[1].number, 0) >= 2):
            subjects, people, title = heads[:1], heads[1:], None
        else:
            subjects, people, title = heads, [], None
        for head in subjects:
            section.blocks.append(SubjectHead(self.inline(head.text, head.number), head.number))
        if people or title:
            self._participants(section, people, starts, title)
        body = body[index:]
        if is_main and self.telegram and body and re.match(r"^\d+\.\s", body[0].text):
            section.blocks.append(self._telegram_opener(body[0]))
            body = body[1:]
        matches = [self._label(line.text) for line in body]
        labels = Counter(m["label"] for m in matches if m)
        if _is_transcript(labels, len(body)):
            self._turns(section, body, matches, labels)
        else:
            section.blocks.extend(self._paragraphs(body))
        if closing and any(not isinstance(b, SubjectHead) for b in section.blocks):
            section.closer = self._closer(closing)
        elif closing:  # a closer needs text before it (TEI): alone, the lines are paragraphs
            section.blocks.extend(self._paragraphs(closing))

    def _participants(
        self, section: Section, lines: list[Line], starts: dict[int, int], title: Line | None
    ) -> None:
        """Participant lists: one per group (groups are set apart by extra blank lines)."""
        group = Participants([], title.text if title else None)
        for line in lines:
            if group.entries and starts.get(line.number, 0) >= 2:
                section.blocks.append(group)
                group = Participants([], None)
            name, _, role = line.text.partition(", ")
            role = re.sub(r"\s*\(.*\)$", "", role)
            person = self.resolver.known_named(name, role or None)
            if person is None and (self._name_like(name) or strip_honorific(name) != name):
                person = self.resolver.named(name, role or None)
            if person is None:  # a group label ("U.S."), not a person
                group.entries.append((self.inline(line.text, line.number), line.number))
                continue
            rest = self.inline(line.text[len(name) :], line.number)
            group.entries.append(([Name(name, person.id), *rest], line.number))
        if group.entries or group.head:
            section.blocks.append(group)

    def _telegram_opener(self, line: Line) -> Para:
        self.markers.line = line.number
        match = re.match(r"^(\d+)(\..*)$", line.text)
        assert match
        content: list[Inline] = [TelegramNumber(match[1])]
        rest = match[2]
        subject = re.search(r"\bSubject:\s.*?(?:\.(?=\(\d+\)|\s+[A-Z]|$)|$)", rest)
        if subject:
            content.extend(self.inline(rest[: subject.start()]))
            content.append(Subject(self.inline(subject[0])))
            split = len(content)
            content.extend(self.inline(rest[subject.end() :]))
            return Para(content, line.number, "telegram-opener", split)
        # no subject: the opener is the number and the short routing sentences after it
        # ("Dept pass White House. Eyes only for Secretary. Cuba."), up to the first real one
        end = 1  # the "." after the number
        for sentence in re.finditer(r"\s*[^.]*?\.(?:\(\d+\))?(?=\s+[A-Z\[(\"]|$)", rest[1:]):
            if len(sentence[0].split()) > _ROUTING_WORDS:
                break
            end = 1 + sentence.end()
        content.extend(self.inline(rest[:end]))
        split = len(content)
        content.extend(self.inline(rest[end:]))
        return Para(content, line.number, "telegram-opener", split)

    # -- transcripts -------------------------------------------------------------------------

    def _label(self, text: str) -> re.Match[str] | None:
        match = _LABEL.match(text)
        if not match or len(match["label"]) > 30:
            return None
        if match["label"].split()[0].rstrip(".").capitalize() in _NOT_LABELS:
            return None
        return match

    def _turns(
        self,
        section: Section,
        lines: list[Line],
        matches: list[re.Match[str] | None],
        labels: Counter[str],
    ) -> None:
        turn: Turn | None = None
        for line, match in zip(lines, matches, strict=True):
            if match and (
                labels[match["label"]] >= 2
                or turn is not None
                or self.resolver.knows(match["label"])
            ):
                person, resolved = self.resolver.label(match["label"])
                if not resolved:
                    self.warn(
                        line.number,
                        f"speaker label '{match['label']}' not resolved to a known person",
                    )
                sep = match["sep"].strip()
                self.separators.append(sep)
                turn = Turn(match["label"], sep, person.id, [], line.number)
                turn.blocks.append(self._turn_block(match["rest"], line.number))
                section.blocks.append(turn)
            elif turn is not None:
                turn.blocks.append(self._turn_block(line.text, line.number))
            else:
                section.blocks.extend(self._paragraphs([line]))

    def _turn_block(self, text: str, number: int) -> Para | EditorialBlock:
        self.markers.line = number
        if re.match(r"^[(\[][^()\[\]]*[)\]](?:\(\d+\))*$", text):
            return EditorialBlock(self.inline(text), number)
        return Para(self.inline(text), number)

    # -- paragraphs and lists ----------------------------------------------------------------

    def _paragraphs(self, lines: list[Line]) -> list[Block]:
        out: list[Block] = []
        stack: list[ListBlock] = []  # open lists, outermost first
        labels = [_list_label(line.text) for line in lines]
        # the next labelled line after each line: one pass, so long texts stay linear
        following: list[tuple[str, str, str, str] | None] = [None] * len(lines)
        for i in range(len(lines) - 2, -1, -1):
            following[i] = labels[i + 1] if labels[i + 1] is not None else following[i + 1]
        for i, line in enumerate(lines):
            label = labels[i]
            if label is not None and (
                label[0] == "1" or _is_first(label[2]) or self._continues(stack, label)
            ):
                style, rend, n, rest = label
                self._list_item(out, stack, style, rend, n, rest, line.number)
                continue
            depth = self._list_continues(stack, following[i]) if stack else 0
            if depth:  # a paragraph inside an item: a later item continues its list
                del stack[depth:]
                stack[-1].items[-1].blocks.append(self._block(line))
                continue
            stack.clear()
            out.append(self._block(line))
        return out

    def _block(self, line: Line) -> Para | EditorialBlock:
        if re.match(r"^\[[^\[\]]*\](?:\(\d+\))*$", line.text):
            content = self.inline(line.text, line.number)
            if isinstance(content[0], Editorial):  # the whole paragraph is the insertion
                content = content[0].content + content[1:]
            return EditorialBlock(content, line.number)
        return Para(self.inline(line.text, line.number), line.number)

    def _list_item(
        self,
        out: list[Block],
        stack: list[ListBlock],
        style: str,
        rend: str,
        n: str,
        rest: str,
        number: int,
    ) -> None:
        item = Item(n, [Para(self.inline(rest, number), number)], number)
        for depth in range(len(stack) - 1, -1, -1):
            lst = stack[depth]
            if lst.style == style and lst.rend == rend and _follows(lst.items[-1].n, n):
                del stack[depth + 1 :]
                lst.items.append(item)
                return
        new = ListBlock(rend, [item], style)
        if stack and not _is_first(n) and stack[-1].style == style:
            stack.clear()
        if stack and _is_first(n) and stack[-1].style != style:
            stack[-1].items[-1].blocks.append(new)  # a sub-list: a., b. under 1.
        else:
            stack.clear()
            out.append(new)
        stack.append(new)

    @staticmethod
    def _continues(stack: list[ListBlock], label: tuple[str, str, str, str]) -> bool:
        style, rend, n, _ = label
        return any(
            lst.style == style and lst.rend == rend and _follows(lst.items[-1].n, n)
            for lst in stack
        )

    def _list_continues(
        self, stack: list[ListBlock], label: tuple[str, str, str, str] | None
    ) -> int:
        """Depth+1 of the open list that the next labelled line continues (0: none)."""
        if label is None:
            return 0
        style, rend, n, _ = label
        for depth in range(len(stack) - 1, -1, -1):
            lst = stack[depth]
            if lst.style == style and lst.rend == rend and _follows(lst.items[-1].n, n):
                return depth + 1
        return 0

    # -- closers -----------------------------------------------------------------------------

    def _closer_start(self, lines: list[Line]) -> int:
        """Where the complimentary close and signature begin (len(lines): there are none).

        A signature is a name (resolved, or shaped like one) among the last few lines, with
        title lines after it and perhaps a complimentary close before it. After a close
        ("Sincerely,") the next line is the signature whatever the name looks like.
        """
        end = len(lines)
        i = end
        while i > 0 and end - i < 4 and self._signature_like(lines[i - 1].text):
            i -= 1
        if 0 < i < end and _SALUTE_CLOSE.match(lines[i - 1].text):
            return i - 1
        name = next(
            (j for j in range(i, end) if self._name_like(_without_markers(lines[j].text))), None
        )
        if name is None or name == 0:
            return end
        if _SALUTE_CLOSE.match(lines[name - 1].text):
            return name - 1
        return name

    def _signature_like(self, text: str) -> bool:
        """A name, or a title line under one (`Chairman of the Council of Ministers`)."""
        bare = _without_markers(text)
        if len(bare) > 80 or bare.endswith((":", "?", "!", ";", ",")):
            return False
        if self._name_like(bare):
            return True
        return (
            not bare.endswith(".") and bool(re.match(r"^[A-Z]", bare)) and len(bare.split()) <= 12
        )

    def _name_like(self, text: str) -> bool:
        words = text.split()
        if not 1 <= len(words) <= 5 or len(text) > 50:
            return False
        if " " in text and re.fullmatch(r"(?:[A-Z][a-z]{0,2}\.\s?){2,4}", text):
            return True  # initials: "McG. B." (but not an abbreviation like "U.S.")
        if not all(re.match(r"^(?:[A-Z][\w'’.-]*|de|van|von|da|di)$", w) for w in words):
            return False
        if self.resolver.find_named(text) is not None:
            return True
        if self.authority is not None and self.authority.by_name(strip_honorific(text), None):
            return True
        return len(words) >= 2 and any(re.fullmatch(r"[A-Z]\.", w) for w in words)

    def _closer(self, lines: list[Line]) -> Closer:
        salute = None
        if _SALUTE_CLOSE.match(lines[0].text):
            salute, lines = lines[0].text, lines[1:]
        signed: list[list[Inline]] = []
        for k, line in enumerate(lines):
            if k == 0:
                bare = _without_markers(line.text)
                name_end = (
                    line.text.index(bare) + len(bare) if bare in line.text else len(line.text)
                )
                person = self.resolver.named(bare)
                signed.append(
                    [Name(line.text[:name_end], person.id), *self.inline(line.text[name_end:])]
                )
            else:
                signed.append(self.inline(line.text, line.number))
        return Closer(salute, signed, lines[0].number if lines else 0)

    # -- footnotes without markers -----------------------------------------------------------

    def _place_unreferenced(self, footnotes: dict[int, Footnote], main: Section) -> dict[int, str]:
        """Footnotes without a marker go where they most plausibly belong.

        That is the heading of an attached document standing between the neighbouring markers
        (FRUS puts an attachment's source note there), else right after the previous marker,
        else the end of the title. A number whose marker and text are both missing (a gap in
        the markers of a truncated text) is placed the same way, as an empty note, so the
        footnotes still run 1..n.
        """
        placement: dict[int, str] = {}
        placed = set(self.markers.placed)
        last = max([*footnotes, *placed], default=0)
        for n in range(1, last + 1):
            if n in placed:
                continue
            where = self._place(n, main)
            placement[n] = where
            if n in footnotes:
                self.warn(
                    footnotes[n].line, f"footnote {n} has no marker in the text; placed {where}"
                )
            else:
                self.warn(
                    None,
                    f"footnote {n}: neither its marker nor its text is in the source; "
                    f"an empty note was placed {where}",
                )
        return placement

    def _place(self, n: int, main: Section) -> str:
        below = [i for i, note in enumerate(self.sites) if note.n < n]
        above = [i for i, note in enumerate(self.sites) if note.n > n]
        low = max(below) if below else -1
        high = min(above) if above else len(self.sites)
        heads = [a.title for pos, a in self.attachment_heads if low < pos <= high and a.title]
        if heads:
            heads[0].append(NoteRef(n))
            return "at the end of the heading of the attached document it precedes"
        if low >= 0:
            previous = self.sites[low]
            content = _container(main, previous)
            content.insert(next(i for i, x in enumerate(content) if x is previous) + 1, NoteRef(n))
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
        if isinstance(block, Para | EditorialBlock | SubjectHead):
            lists.append(block.content)
        elif isinstance(block, Turn):
            blocks.extend(block.blocks)
        elif isinstance(block, ListBlock):
            blocks.extend(sub for item in block.items for sub in item.blocks)
        elif isinstance(block, Participants):
            lists.extend(entry for entry, _line in block.entries)
    if section.closer is not None:
        lists.extend(section.closer.signed)
    for content in lists:
        yield from _nested(content)
    for attachment in section.attachments:
        yield from _inline_lists(attachment)


def _nested(content: list[Inline]) -> Iterator[list[Inline]]:
    yield content
    for node in content:
        if isinstance(node, Editorial | Subject):
            yield from _nested(node.content)


def _mark_section(section: Section, marker: EntityMarker) -> None:
    """Mark names, places and dates in the running text of a section and its attachments."""
    for block in section.blocks:
        _mark_block(block, marker)
    for attachment in section.attachments:
        _mark_section(attachment, marker)


def _mark_block(block: Block, marker: EntityMarker) -> None:
    if isinstance(block, Para) and not block.kind:
        block.content = marker.mark(block.content)
    elif isinstance(block, Para):  # the telegram opener: only after its opening segment
        block.content = block.content[: block.split] + marker.mark(block.content[block.split :])
    elif isinstance(block, EditorialBlock):
        block.content = marker.mark(block.content)
    elif isinstance(block, Turn):
        for sub in block.blocks:
            _mark_block(sub, marker)
    elif isinstance(block, ListBlock):
        for item in block.items:
            for sub in item.blocks:
                _mark_block(sub, marker)


# --- helpers -----------------------------------------------------------------------------------


def _is_transcript(labels: Counter[str], paragraphs: int) -> bool:
    """Speaker labels that recur, or two speakers making up half the paragraphs."""
    turns = sum(labels.values())
    return (turns >= 3 and any(c >= 2 for c in labels.values())) or (
        turns >= 2 and len(labels) >= 2 and turns * 2 >= paragraphs
    )


def _footer_like(line: str) -> bool:
    """A line of a web page footer: short, and no footnote marker or sentence in it."""
    return len(line) <= 120 and len(line.split()) <= 15 and not re.search(r"\(\d{1,3}\)", line)


def _is_classification(term: str) -> bool:
    return term.lower() in _CLASSIFICATION


def _without_markers(text: str) -> str:
    return re.sub(r"\s?\(\d{1,3}\)", "", text).strip()


def _heading_like(text: str, limit: int) -> bool:
    """A title or heading line: not too long, starts with a capital, no sentence-final stop."""
    bare = _without_markers(text)
    return (
        0 < len(bare) <= limit
        and bool(re.match(r"^[\"'“A-Z0-9]", bare))
        and not bare.endswith((".", ":", ";", ",", "?", "!"))
    ) or (bool(re.search(r"\b(?:Jr|Sr|Inc|Ltd|[A-Z])\.$", bare)) and len(bare) <= limit)


def _is_document_title(text: str) -> bool:
    bare = _without_markers(text)
    return (
        bool(_ATTACHMENT_TITLE.match(bare))
        and _heading_like(bare, 300)
        and len(bare.split()) >= 2
        and bool(_TITLE_CONNECTOR.search(bare))
        and not _LABEL.match(bare)
    )


def _list_label(text: str) -> tuple[str, str, str, str] | None:
    """(style, rend, n, rest) for `1. text`, `a. text`, `(a) text`, `a) text`."""
    match = _LIST_LABEL.match(text)
    if not match:
        return None
    group = match.lastgroup
    assert group is not None
    n = match[group]
    style = "1" if n.isdigit() else ("a" if n.islower() else "A")
    rend = "parens" if group.startswith("p") else ("paren" if group.startswith("r") else "period")
    return style, rend, n, text[match.end() :]


def _follows(previous: str, n: str) -> bool:
    if previous.isdigit() and n.isdigit():
        return int(n) == int(previous) + 1
    return len(previous) == 1 and len(n) == 1 and ord(n) == ord(previous) + 1


def _is_first(n: str) -> bool:
    return n in ("1", "a", "A")


__all__ = ["Reader"]
