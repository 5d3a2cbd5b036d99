"""The document model: what the reader finds in a plain-text document, and all the writer sees.

Like pandoc's AST, it is the only contract between reading (layout conventions of the input)
and writing (TEI). Inline content is a list of strings and inline nodes; blocks nest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class LabelStyle(Enum):
    """How the labels of a list are written: `1.`/`a.`, `(a)`, `a)`."""

    PERIOD = "period"
    PARENS = "parens"
    PAREN = "paren"


class DocumentKind(Enum):
    """What a document is: a record of the time, or a note the editors wrote about records."""

    HISTORICAL = "historical"
    EDITORIAL_NOTE = "editorial-note"


class FileNumberKind(Enum):
    """Archival file numbers in a citation: a decimal file (`737.56361/11-2362`) or a lot."""

    FILE = "file"
    LOT = "lot"


@dataclass(frozen=True)
class Dateline:
    """A dateline as the reader parsed it: its text, where place and date stand in it, and the
    ISO values they give (so the writer slices and copies, never parses)."""

    text: str
    place: str | None  # the place as written
    place_at: int  # offset of the place in `text` (0 when there is none)
    date_text: str  # the date as written (`undated` for undated documents)
    date_at: int  # offset of the date in `text`
    when: str | None = None
    start: str | None = None  # start of a time range
    end: str | None = None  # end of a time range
    zone_known: bool = False

    @property
    def is_dated(self) -> bool:
        return bool(self.when or self.start)


# --- inline ----------------------------------------------------------------------------------


@dataclass
class NoteRef:
    """Where a footnote marker `(n)` stood; the writer puts the footnote's text here."""

    n: int


@dataclass
class Editorial:
    """An editorial insertion, `[...]` (or a parenthesised transcript aside), delimiters kept."""

    content: list[Inline]


@dataclass
class DocRef:
    """A cross-reference to another document of the collection (`Document 204`)."""

    number: str
    text: str


@dataclass
class Name:
    """A person's name pointing at a person of the document (`None`: unresolved)."""

    text: str
    person: str | None


@dataclass
class Place:
    """A place name in running text (from the places table)."""

    text: str


@dataclass
class Organization:
    """An organisation in running text (from data/organizations.txt)."""

    text: str


@dataclass
class DateMention:
    """A date in running text with its ISO value (the year from the document when omitted)."""

    text: str
    when: str


@dataclass
class TelegramNumber:
    number: str


@dataclass
class FileNumber:
    """An archival file number in the source citation (`Lot 74 D 272`)."""

    text: str
    kind: FileNumberKind


@dataclass
class Subject:
    """`Subject: ...` in a telegram opener."""

    content: list[Inline]


Inline = (
    str
    | NoteRef
    | Editorial
    | DocRef
    | Name
    | Place
    | Organization
    | DateMention
    | TelegramNumber
    | Subject
)


# --- blocks ----------------------------------------------------------------------------------


@dataclass
class Para:
    content: list[Inline]
    line: int


@dataclass
class TelegramOpener:
    """A telegram's first paragraph: its opening (number, routing, subject), then its text."""

    opening: list[Inline]
    rest: list[Inline]
    line: int


@dataclass
class EditorialBlock:
    """A paragraph that is wholly an editorial insertion."""

    content: list[Inline]
    line: int


@dataclass
class Narrative:
    """The editors' narrative between the turns of a transcript (`The Secretary then spoke.`)."""

    content: list[Inline]
    line: int


@dataclass
class SubjectLine:
    content: list[Inline]
    line: int


@dataclass
class Item:
    label: str  # as written, without its punctuation (`1`, `a`)
    blocks: list[Block]
    line: int


@dataclass
class ListBlock:
    style: LabelStyle
    items: list[Item]


@dataclass
class Participants:
    entries: list[tuple[list[Inline], int]]  # one entry per line, with its line number
    heading: str | None = None  # "Participants:" or a group's own ("Others:")


@dataclass
class Turn:
    """A transcript turn: the speaker label as written, who it is, and what they said."""

    label: str
    separator: str
    person: str
    blocks: list[Block]
    line: int


@dataclass
class Closer:
    close: str | None  # the complimentary close (`Sincerely,`)
    signature: list[list[Inline]]  # the name line first, then title lines
    line: int


@dataclass(frozen=True)
class DocumentNumber:
    """The document's number in its collection (`17.` before or at the start of the dateline)."""

    value: str  # `17`
    text: str  # `17.` as written


@dataclass
class Section:
    """The document itself or an attached document: title, dateline, salutation, blocks, closer."""

    title: list[Inline] | None
    title_line: int
    dateline: Dateline | None = None
    dateline_line: int = 0
    number: DocumentNumber | None = None
    salutation: str | None = None
    blocks: list[Block] = field(default_factory=list)
    closer: Closer | None = None
    attachments: list[Section] = field(default_factory=list)
    breaks_off: bool = False  # the source's text ends inside this section (truncated)


Block = (
    Para
    | TelegramOpener
    | EditorialBlock
    | Narrative
    | SubjectLine
    | ListBlock
    | Participants
    | Turn
)


# --- the document ----------------------------------------------------------------------------


@dataclass
class Footnote:
    n: int
    content: list[Inline]
    line: int
    complete: bool  # False when the text breaks off (no `Back`: a truncated document)
    last_line: int = 0  # the input line the footnote ends on (where its `Back` label stands)
    breaks_off: bool = False  # the source's text ends inside this footnote (truncated)


@dataclass
class Person:
    """A person of this document: id (the personography's when known), names, office."""

    id: str
    name: str  # full name when known, else the name as written
    occupation: str | None
    authority: bool  # True when the id comes from the personography
    labels: list[str] = field(default_factory=list)  # speaker labels that point here


@dataclass
class Source:
    """The `Source:` note: its text as written, and what the header takes from it."""

    text: str
    line: int
    citation: list[str | FileNumber]
    classification: list[str]


@dataclass
class Message:
    """A warning or error about one input file, at a line when known."""

    severity: str  # "error" | "warning"
    file: str
    line: int | None
    text: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.severity}: {self.text}"


@dataclass(frozen=True)
class LinkPrefix:
    """A pointer prefix of the personography: `frus:d204` to a URL by pattern."""

    ident: str
    match: str
    replacement: str
    description: str


@dataclass
class Document:
    name: str  # input file name
    sha256: str
    collection: str | None
    main: Section
    kind: DocumentKind
    footnotes: dict[int, Footnote]
    placement: dict[int, str]  # where unreferenced footnotes were placed: n -> description
    source: Source | None
    footer: str | None
    removed: list[tuple[int, str]]  # (line, text) of web-page debris removed (e.g. `Logo`)
    back_labels: int
    markers: int
    spaces_removed: int  # spaces that stood before footnote markers ("Sorensen (1)")
    separators: list[str]  # speaker label separators dropped
    repairs: list[tuple[int, str]]
    persons: list[Person]
    meeting: bool  # transcript, conversation or meeting record
    prefix: LinkPrefix | None  # how `Document 204` becomes a link, from the personography
