"""Inline content of a paragraph: footnote markers, editorial brackets, document references.

Footnote markers `(n)` follow a word or punctuation. Numbered things in parentheses also occur
in prose (`Article 52(1)`), so which `(n)` are markers is decided for the whole document before
its lines are parsed (`teipipe.encode.layout.footnote_markers`): `Markers.plan` names them by
line and by their place among the marker-shaped tokens of that line. Without a plan, a `(n)` is
taken when it fits the sequence: the next footnote number when the footnotes are unknown
(truncated text), or a footnote that exists and comes after the last marker placed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from teipipe.encode.model import DocRef, Editorial, Inline, NoteRef

_TOKEN = re.compile(
    # Every token starts with one of these: the engine passes any other position at once,
    # instead of trying each alternative there (three times faster on running text).
    r"(?=[ \t(\[D])"
    r"(?:(?P<marker>[ \t]?\((?P<n>\d{1,3})\))"
    r"|(?P<bracket>\[[^\[\]\n]*\])"
    r"|(?P<docref>\bDocument (?P<number>\d{1,4})\b)"
    r"|(?P<docrefs>\bDocuments (?P<numbers>\d{1,4}(?:(?:, (?:and )?| and )\d{1,4}\b)+)))"
)
_NUMBER = re.compile(r"\d{1,4}")


@dataclass
class Markers:
    """The footnote sequence of one document, as markers are met in reading order."""

    known: set[int]  # numbers of the footnotes found at the end of the document
    expect_notes: bool = True  # the footnotes may have been cut off with the end of the text
    placed: list[int] = field(default_factory=list)
    spaces_removed: int = 0
    line: int | None = None  # the input line being read
    lines: dict[int, int | None] = field(default_factory=dict)  # marker -> its line
    plan: frozenset[tuple[int, int]] | None = None  # (line, index of the token in the line)
    seen: dict[int, int] = field(default_factory=dict)  # marker-shaped tokens met, by line

    def accept(self, n: int, attached: bool) -> bool:
        """`attached`: the marker follows a word or punctuation directly, as markers do."""
        last = self.placed[-1] if self.placed else 0
        if self.plan is not None:
            line = self.line or 0
            index = self.seen.get(line, 0)
            self.seen[line] = index + 1
            return (line, index) in self.plan and n > last
        if n <= last:  # markers run upwards: anything at or below the last one is text
            return False
        if n in self.known:
            return True
        if not self.expect_notes or (self.known and n < max(self.known)):
            return False
        # footnotes unknown (text cut off): the next number, or a small gap for a marker
        # standing where markers stand (a marker on a line that was lost, or in a heading)
        return n == last + 1 or (attached and n <= last + 3)


def parse_inline(
    text: str, markers: Markers | None, doc_refs: bool, sites: list[NoteRef]
) -> list[Inline]:
    """Split `text` into strings and inline nodes; the notes of markers also go to `sites`."""
    if "(" not in text and "[" not in text and "Document" not in text:
        return [text] if text else []
    out: list[Inline] = []
    pos = 0
    for match in _TOKEN.finditer(text):
        if match["marker"]:
            n = int(match["n"])
            if markers is None or not markers.accept(n, match["marker"][0] not in " \t"):
                continue
            # "Sorensen (1)": the space before a marker goes with it
            if match["marker"][0] in " \t":
                markers.spaces_removed += 1
            _text(out, text[pos : match.start()])
            markers.placed.append(n)
            markers.lines[n] = markers.line
            note = NoteRef(n)
            out.append(note)
            sites.append(note)
        elif match["bracket"]:
            _text(out, text[pos : match.start()])
            inner: list[Inline] = ["["]
            for part in parse_inline(match["bracket"][1:-1], markers, doc_refs, sites):
                _text(inner, part) if isinstance(part, str) else inner.append(part)
            _text(inner, "]")
            out.append(Editorial(inner))
        elif match["docref"]:
            if not doc_refs:
                continue
            _text(out, text[pos : match.start()])
            out.append(DocRef(match["number"], match["docref"]))
        elif match["docrefs"]:  # "Documents 204 and 205": each number points at its document
            if not doc_refs:
                continue
            _text(out, text[pos : match.start("numbers")])
            at = match.start("numbers")
            for number in _NUMBER.finditer(match["numbers"]):
                _text(out, text[at : match.start("numbers") + number.start()])
                out.append(DocRef(number[0], number[0]))
                at = match.start("numbers") + number.end()
        pos = match.end()
    _text(out, text[pos:])
    return out


@dataclass(frozen=True)
class MarkerShape:
    """A marker-shaped `(n)` in a line, in the order `parse_inline` meets them."""

    n: int
    attached: bool  # directly after a word or punctuation
    lead: str  # the text before it (up to 40 characters)
    after: str  # the character after it ("" at the end)
    text: str  # a few characters around it, for messages


def marker_shapes(text: str) -> Iterator[MarkerShape]:
    """Every `(n)` that `parse_inline` would consider, in its order (brackets included)."""
    if "(" not in text:
        return
    for match in _TOKEN.finditer(text):
        if match["marker"]:
            at = match.start("n") - 1
            yield MarkerShape(
                int(match["n"]),
                match["marker"][0] not in " \t",
                text[max(0, at - 40) : at],
                text[match.end() : match.end() + 1],
                text[max(0, at - 12) : match.end() + 1].strip(),
            )
        elif match["bracket"]:
            yield from marker_shapes(match["bracket"][1:-1])


def _text(out: list[Inline], text: str) -> None:
    if not text:
        return
    if out and isinstance(out[-1], str):
        out[-1] += text
    else:
        out.append(text)
