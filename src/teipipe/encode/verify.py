"""Nothing lost: the TEI's text, read in the input's order, must be the input's text.

The check walks the TEI tree the writer made (no stylesheet run): header collection line,
then the text in document order with a `(n)` where each footnote's marker stood, then the
footnotes (`n text`) and the source note, where the input has them. The input loses only what
the header records as removed: web page residue lines, `Back` labels and the footer. Words and
markers are compared in order, so a word lost, added, altered or moved is an error, and so is a
footnote put at another `(n)` than the one it was read from.
"""

from __future__ import annotations

import re
from itertools import islice

from lxml import etree

from teipipe import TEI_NS
from teipipe.encode.model import Document

_TOKEN = re.compile(r"\(\d{1,3}\)|\w+")
_NOTE = f"{{{TEI_NS}}}note"
_ITEM = f"{{{TEI_NS}}}item"
_GAP = f"{{{TEI_NS}}}gap"
_CONTEXT = 6  # tokens shown around a difference


def lost_text(text: str, tree: etree._ElementTree, document: Document) -> list[str]:
    """Messages for text of the input that the TEI does not give back as it was."""
    expected = _input_tokens(text, document)
    found = _tei_tokens(tree.getroot(), document)
    if [t for t, _line in expected] == found:
        return []
    at = next(
        (i for i, (a, b) in enumerate(zip(expected, found, strict=False)) if a[0] != b),
        min(len(expected), len(found)),
    )
    line = expected[at][1] if at < len(expected) else (expected[-1][1] if expected else 0)
    wanted = " ".join(t for t, _ in islice(expected, at, at + _CONTEXT))
    got = " ".join(found[at : at + _CONTEXT])
    if len(found) < len(expected) and found[at:] == [t for t, _ in expected[at + 1 :]]:
        what = "lost"
    elif len(found) > len(expected) and found[at + 1 :] == [t for t, _ in expected[at:]]:
        what = "added"
    else:
        what = "altered or moved"
    return [f"text {what} in the TEI at input line {line}: input '{wanted}', TEI '{got}'"]


def _input_tokens(text: str, document: Document) -> list[tuple[str, int]]:
    residue = {line: what for line, what in document.removed}
    tokens: list[tuple[str, int]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        what = residue.get(number)
        if what is not None and what != "Back":
            continue  # a residue line (`Logo`) removed whole
        words = _TOKEN.findall(line)
        if what == "Back" and words and words[-1] == "Back":
            words.pop()
        tokens.extend((word, number) for word in words)
    if document.footer:
        footer = _TOKEN.findall(document.footer)
        if footer and [t for t, _ in tokens[-len(footer) :]] == footer:
            del tokens[-len(footer) :]
    return tokens


def _tei_tokens(root: etree._Element, document: Document) -> list[str]:
    walk = _Walk(set(document.placement))
    tokens = _TOKEN.findall(document.collection or "")
    body = root.find(f"{{{TEI_NS}}}text")
    if body is not None:
        walk.element(body)
    tokens += walk.tokens
    for n in sorted(walk.footnotes):
        note = walk.footnotes[n]
        if any(gap.get("reason") == "missing-in-source" for gap in note.iter(_GAP)):
            continue  # no text in the source: only its marker was
        inner = _Walk(set())
        inner.content(note)
        tokens += [str(n), *inner.tokens]
    if walk.source is not None:
        tokens += _TOKEN.findall("".join(str(t) for t in walk.source.itertext()))
    return tokens


class _Walk:
    """The tokens of a subtree in document order, footnotes at their markers."""

    def __init__(self, placed: set[int]) -> None:
        self.placed = placed  # footnotes without a marker in the input
        self.tokens: list[str] = []
        self.footnotes: dict[int, etree._Element] = {}
        self.source: etree._Element | None = None

    def element(self, element: etree._Element) -> None:
        if element.tag == _NOTE and element.get("place") == "foot":
            n = int(element.get("n", "0"))
            self.footnotes[n] = element
            if n not in self.placed:
                self.tokens.append(f"({n})")
        elif element.tag == _NOTE and element.get("type") == "source":
            self.source = element
        else:
            if element.tag == _ITEM and element.get("n"):  # the label, kept as @n
                self.tokens += _TOKEN.findall(element.get("n", ""))
            self.content(element)

    def content(self, element: etree._Element) -> None:
        if element.text:
            self.tokens += _TOKEN.findall(element.text)
        for child in element:
            if isinstance(child.tag, str):
                self.element(child)
            if child.tail:
                self.tokens += _TOKEN.findall(child.tail)
