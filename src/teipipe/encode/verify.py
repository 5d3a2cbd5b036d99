"""Nothing lost: the TEI's text, read in the input's order, must be the input's text.

The check walks the TEI tree the writer made (no stylesheet run): header collection line,
then the text in document order with a `(n)` where each footnote's marker stood, then the
footnotes (`n text`) and the source note, where the input has them. The input loses only what
the header records as removed: web page residue lines, `Back` labels and the footer. Words and
markers are compared in order, so a word lost, added, altered or moved is an error.
"""

from __future__ import annotations

import re
import unicodedata

from lxml import etree

from teipipe import TEI_NS
from teipipe.encode.model import Document

# Words and numbers (a marker `(n)` reads as its number): punctuation, symbols and spaces of
# the scripts the collections use part them (str.translate: a regex is four times slower).
_PARTING = {
    code: " "
    for code in range(0x3000)
    if unicodedata.category(chr(code))[0] in "PSZC" and chr(code) != "_"
}
_NOTE = f"{{{TEI_NS}}}note"
_ITEM = f"{{{TEI_NS}}}item"
_TEXT = f"{{{TEI_NS}}}text"
# Elements that stand for lines of the input (or parts of a line, like a label): words do not
# run on across their edges, as they do across inline elements (`<persName>Ball</persName>'s`).
_BLOCKS = frozenset(
    f"{{{TEI_NS}}}{name}"
    for name in (
        "div", "head", "opener", "idno", "dateline", "salute", "p", "list", "item", "sp",
        "speaker", "closer", "signed", "lb", "seg", "note", "gap",
    )
)  # fmt: skip
_BACK = re.compile(r"\s*\bBack\s*$")
_GAP = f"{{{TEI_NS}}}gap"
_CONTEXT = 6  # tokens shown around a difference


def lost_text(text: str, tree: etree._ElementTree, document: Document) -> list[str]:
    """Messages for text of the input that the TEI does not give back as it was."""
    expected = _tokens(_kept_text(text, document))
    footer = _tokens(document.footer or "")
    if footer and expected[-len(footer) :] == footer:
        del expected[-len(footer) :]
    found = _tei_tokens(tree.getroot(), document)
    if expected == found:
        return []
    at = next(
        (i for i, (a, b) in enumerate(zip(expected, found, strict=False)) if a != b),
        min(len(expected), len(found)),
    )
    wanted = " ".join(expected[at : at + _CONTEXT])
    got = " ".join(found[at : at + _CONTEXT])
    if len(found) < len(expected) and found[at:] == expected[at + 1 :]:
        what = "lost"
    elif len(found) > len(expected) and found[at + 1 :] == expected[at:]:
        what = "added"
    else:
        what = "altered or moved"
    line = _line_of_token(text, document, at)
    return [f"text {what} in the TEI at input line {line}: input '{wanted}', TEI '{got}'"]


def _tokens(text: str) -> list[str]:
    return text.translate(_PARTING).split()


def _kept_lines(text: str, document: Document) -> list[tuple[int, str]]:
    """The input's lines without what the header records as removed (residue, `Back`)."""
    residue = dict(document.removed)
    if not residue:
        return list(enumerate(text.split("\n"), start=1))
    kept = []
    for number, line in enumerate(text.split("\n"), start=1):
        what = residue.get(number)
        if what == "Back":
            line = _BACK.sub("", line)
        elif what is not None:
            continue  # a residue line (`Logo`) removed whole
        kept.append((number, line))
    return kept


def _kept_text(text: str, document: Document) -> str:
    if not document.removed:
        return text
    return "\n".join(line for _number, line in _kept_lines(text, document))


def _line_of_token(text: str, document: Document, at: int) -> int:
    """The input line of the `at`-th token (for messages only)."""
    seen = 0
    number = 0
    for number, line in _kept_lines(text, document):
        seen += len(_tokens(line))
        if seen > at:
            return number
    return number


def _tei_tokens(root: etree._Element, document: Document) -> list[str]:
    """The TEI's tokens in the input's order: the text with a `(n)` at each marker, then the
    footnotes (`n text`), then the source note."""
    parts = [document.collection or ""]
    footnotes: dict[int, etree._Element] = {}
    source: etree._Element | None = None
    placed = set(document.placement)
    body = root.find(_TEXT)
    if body is not None:
        walk = etree.iterwalk(body, events=("start", "end"))
        for event, element in walk:
            tag = element.tag
            if event == "end":
                if tag in _BLOCKS:
                    parts.append(" ")
                if element.tail and element is not body:
                    parts.append(element.tail)
                continue
            if tag in _BLOCKS:
                parts.append(" ")
            if tag == _NOTE:
                if element.get("place") == "foot":
                    n = int(element.get("n", "0"))
                    footnotes[n] = element
                    if n not in placed:
                        parts.append(f" ({n}) ")
                    walk.skip_subtree()
                    continue
                if element.get("type") == "source":
                    source = element
                    walk.skip_subtree()
                    continue
            elif tag == _ITEM and element.get("n"):  # the label, kept as @n
                parts.append(f" {element.get('n')} ")
            if element.text:
                parts.append(element.text)
    for n in sorted(footnotes):
        note = footnotes[n]
        if any(gap.get("reason") == "missing-in-source" for gap in note.iter(_GAP)):
            continue  # no text in the source: only its marker was
        parts += [f" {n} ", *(str(t) for t in note.itertext()), " "]
    if source is not None:
        parts += [" ", *(str(t) for t in source.itertext())]
    return _tokens("".join(parts))
