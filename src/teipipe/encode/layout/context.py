"""What the recognisers of one document share: its lines, its persons, its footnote markers,
and what they found on the way (messages, removed web-page residue, dropped separators).

Everything is created before reading starts, so no recogniser depends on another having set
something up; the resolver learns the document's date once the dateline is read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from teipipe.encode.inline import Markers, parse_inline
from teipipe.encode.model import Inline, LinkPrefix, Message, NoteRef, Section
from teipipe.encode.people import Personography, Resolver
from teipipe.encode.vocabulary import vocabulary

_RESIDUE = frozenset(vocabulary("web-residue.txt"))


@dataclass
class Line:
    number: int
    text: str


@dataclass
class RawBlock:
    """Lines between blank lines, and how many blank lines stood before them."""

    lines: list[Line]
    blank_before: int

    @property
    def first(self) -> Line:
        return self.lines[0]

    @property
    def single(self) -> bool:
        return len(self.lines) == 1


@dataclass
class ReadContext:
    """The state of reading one document."""

    name: str
    authority: Personography | None
    resolver: Resolver
    prefix: LinkPrefix | None
    markers: Markers = field(default_factory=lambda: Markers(set()))
    messages: list[Message] = field(default_factory=list)
    removed: list[tuple[int, str]] = field(default_factory=list)  # (line, residue)
    back_labels: int = 0
    separators: list[str] = field(default_factory=list)
    sites: list[NoteRef] = field(default_factory=list)  # notes of markers, in reading order
    attachment_heads: list[tuple[int, Section]] = field(default_factory=list)  # (site, section)
    meeting: bool = False  # a transcript, conversation or meeting record
    telegram: bool = False

    @classmethod
    def start(cls, name: str, authority: Personography | None) -> ReadContext:
        prefix = None
        if authority is not None and authority.prefixes:
            prefix = LinkPrefix(*authority.prefixes[0])
        return cls(name, authority, Resolver(authority, None), prefix)

    def warn(self, line: int | None, text: str) -> None:
        self.messages.append(Message("warning", self.name, line, text))

    def inline(self, text: str, line: int | None = None) -> list[Inline]:
        """Markers, editorial brackets and document references in a line's text."""
        if line is not None:
            self.markers.line = line
        return parse_inline(text, self.markers, self.prefix is not None, self.sites)

    def inline_in(self, content: list[Inline]) -> list[Inline]:
        """The same, in the string parts of already structured inline content."""
        out: list[Inline] = []
        for node in content:
            if isinstance(node, str):
                out.extend(self.inline(node))
            else:
                out.append(node)
        return out

    def blocks(self, text: str) -> list[RawBlock]:
        """The text as blocks of lines; residue lines of the web page (`Logo`) are removed
        and recorded."""
        blocks: list[RawBlock] = []
        current: list[Line] = []
        blanks = 0
        for number, raw in enumerate(text.split("\n"), start=1):
            line = " ".join(raw.replace("\t", " ").split()) if "\t" in raw else raw.strip()
            if line in _RESIDUE:
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


@dataclass
class SectionPart:
    """One section being read: the lines of its body not yet taken by a recogniser, the
    lines of its closing (complimentary close and signature), and the section built so far."""

    section: Section
    lines: list[Line]
    starts: dict[int, int]  # blank lines before the first line of each block, by line number
    is_main: bool
    closing: list[Line] = field(default_factory=list)
