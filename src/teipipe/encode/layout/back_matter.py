"""Back matter, read from the end of the document: the web page's footer, the `Source:` note,
and the footnotes (`N text Back`).

Each recogniser takes the blocks still unread and returns what it found and the blocks before
it, so the body is what remains once the back matter is taken off.
"""

from __future__ import annotations

import re

from teipipe.encode.inline import parse_inline
from teipipe.encode.layout.context import RawBlock, ReadContext
from teipipe.encode.model import FileNumber, FileNumberKind, Footnote, Source
from teipipe.encode.vocabulary import alternatives, vocabulary

_FOOTNOTE = re.compile(r"^(?P<n>\d{1,3}) (?P<text>\S.*)$")
_BACK = re.compile(r"\s*\bBack$")
_FOOTER = re.compile(
    rf"^\d+ [A-Z][\w .]*\b(?:{alternatives('footer-streets.txt')})\b.*\d{{5}}(?:-\d{{4}})?\.?$"
)
_FOOTER_LINES = 6  # a web page footer: an address, a library name, not text
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\]])\.(?:\(\d+\))?\s+(?=[A-Z])")
_CLASSIFICATION = frozenset(c.lower() for c in vocabulary("classification.txt"))
_PRECEDENCE = frozenset(c.lower() for c in vocabulary("precedence.txt"))
_FILE_NUMBER = re.compile(r"\b\d{3}\.\d{2,}(?:/\d{1,2}-\d{2,6})?|\bLot \d+ ?[A-Z] ?\d+\b")


def footer(ctx: ReadContext, blocks: list[RawBlock]) -> tuple[str | None, list[RawBlock]]:
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


def source_note(ctx: ReadContext, blocks: list[RawBlock]) -> tuple[Source | None, list[RawBlock]]:
    """The `Source:` note: the archival citation (file numbers marked), then classification.
    The classification sentence may also give a telegram's precedence (`Secret; Niact`),
    which is not a classification term."""
    if not blocks or not blocks[-1].first.text.startswith("Source:"):
        return None, blocks
    block = blocks[-1]
    text = " ".join(line.text for line in block.lines)
    body = text[len("Source:") :].strip()
    sentences = _SENTENCE_END.split(body)
    citation, classification = body, []
    for i, sentence in enumerate(sentences):
        terms = [t.strip(" .") for t in sentence.split(";")]
        if terms and terms[0].lower() in _CLASSIFICATION | _PRECEDENCE:
            citation = ". ".join(sentences[:i]).rstrip(".")
            classification = [term for term in terms if term.lower() not in _PRECEDENCE]
            break
    if not classification:
        ctx.warn(block.first.number, "no classification marking recognised in the Source note")
    return Source(text, block.first.number, _file_numbers(citation), classification), blocks[:-1]


def footnotes(
    ctx: ReadContext, blocks: list[RawBlock]
) -> tuple[dict[int, Footnote], list[RawBlock]]:
    """The run of `N text Back` lines that ends the document, numbered from 1.

    The last `1 ...` line that starts a valid run wins: a body paragraph that happens to
    begin with "1 " comes before the real footnotes.
    """
    for start in range(len(blocks) - 1, 1, -1):
        first = _FOOTNOTE.match(blocks[start].first.text)
        if not first or first["n"] != "1":
            continue
        notes = _footnote_run(ctx, blocks[start:])
        if notes is not None:
            return notes, blocks[:start]
    return {}, blocks


def _footnote_run(ctx: ReadContext, blocks: list[RawBlock]) -> dict[int, Footnote] | None:
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
            ctx.back_labels += 1
            ctx.removed.append((note.last_line, "Back"))
            note.complete = True
        else:
            ctx.warn(note.line, f"footnote {n} breaks off (no 'Back' label): text seems truncated")
        note.content = parse_inline(joined, None, ctx.prefix is not None, [])
    return notes


def _footer_like(line: str) -> bool:
    """A line of a web page footer: short, and no footnote marker or sentence in it."""
    return len(line) <= 120 and len(line.split()) <= 15 and not re.search(r"\(\d{1,3}\)", line)


def _file_numbers(citation: str) -> list[str | FileNumber]:
    """The citation with its file numbers (`737.56361/11-2362`, `Lot 74 D 272`) picked out."""
    parts: list[str | FileNumber] = []
    pos = 0
    for match in _FILE_NUMBER.finditer(citation):
        parts.append(citation[pos : match.start()])
        kind = FileNumberKind.LOT if match[0].startswith("Lot") else FileNumberKind.FILE
        parts.append(FileNumber(match[0], kind))
        pos = match.end()
    parts.append(citation[pos:])
    return [part for part in parts if part != ""]
