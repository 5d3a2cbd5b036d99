"""Inline markers: which `(n)` of a document are footnote markers, decided for the whole text.

Numbers in parentheses are also text (`Article 52(1)`, `Section 2(4)`, `alert(5)`). A marker
stands after a word or punctuation, is followed by a space, punctuation or the end of the
line, and markers run 1, 2, 3... through the text, one per footnote. So, with the footnote
list known, the markers are the longest run of marker-shaped tokens whose numbers are
footnotes and rise through the text (ties go to tokens attached to their word); with the
footnotes cut off, the next number or a small jump, as met. A `(n)` that numbers a part of
a reference (`Article 52(1)`, words in data/numbered-parts.txt) or runs into the next word
(`(1)a`) is in doubt: it stays text, with a warning when it could have been the marker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from teipipe.encode.inline import MarkerShape, marker_shapes
from teipipe.encode.layout.context import Line, ReadContext
from teipipe.encode.vocabulary import vocabulary

_PART = re.compile(rf"\b(?:{'|'.join(vocabulary('numbered-parts.txt'))}) \d+[A-Za-z]?$")
_JUMP = 3  # footnotes unknown: a marker may skip this many numbers (lines lost with the end)


@dataclass(frozen=True)
class _Site:
    line: int
    index: int  # among the marker-shaped tokens of its line
    shape: MarkerShape


def plan_markers(
    ctx: ReadContext, lines: list[Line], known: set[int], expect_notes: bool
) -> frozenset[tuple[int, int]]:
    """The (line, index) of every token to take as a footnote marker."""
    sites: list[_Site] = []
    doubtful: list[_Site] = []
    for line in lines:
        for index, shape in enumerate(marker_shapes(line.text)):
            site = _Site(line.number, index, shape)
            (doubtful if _in_doubt(shape) else sites).append(site)
    chosen = _longest_rising(sites, known) if known else []
    if expect_notes:  # the footnotes were cut off: markers of the lost ones follow
        after = sites.index(chosen[-1]) + 1 if chosen else 0
        chosen += _as_met(sites[after:], max(known, default=0))
    numbers = {site.shape.n for site in chosen}
    for site in doubtful:
        if site.shape.n not in numbers and (site.shape.n in known or expect_notes):
            ctx.warn(
                site.line,
                f"'{site.shape.text}': a numbered part of a reference or of a word is kept as "
                f"text, not taken as the marker of footnote {site.shape.n}",
            )
    return frozenset((site.line, site.index) for site in chosen)


def _in_doubt(shape: MarkerShape) -> bool:
    """`Article 52(1)`: a numbered part of a reference; `(1)a`: part of a word."""
    return shape.after.isalnum() or bool(_PART.search(shape.lead))


def _longest_rising(sites: list[_Site], known: set[int]) -> list[_Site]:
    """The longest chain of sites with rising footnote numbers (then the most attached)."""
    candidates = [site for site in sites if site.shape.n in known]
    # best[n]: the best chain met so far whose last marker is footnote n
    best: dict[int, tuple[tuple[int, int], int]] = {}  # n -> (score, index of last site)
    previous: list[int] = []
    for i, site in enumerate(candidates):
        n = site.shape.n
        before = [(score, last) for m, (score, last) in best.items() if m < n]
        score, parent = max(before, default=((0, 0), -1))
        mine = (score[0] + 1, score[1] + site.shape.attached)
        previous.append(parent)
        if n not in best or mine > best[n][0]:
            best[n] = (mine, i)
    if not best:
        return []
    _score, last = max(best.values())
    chain: list[_Site] = []
    while last >= 0:
        chain.append(candidates[last])
        last = previous[last]
    return chain[::-1]


def _as_met(sites: list[_Site], last: int) -> list[_Site]:
    """Footnotes unknown: the next number, or a small jump for an attached marker."""
    chosen: list[_Site] = []
    for site in sites:
        n = site.shape.n
        if n == last + 1 or (site.shape.attached and last < n <= last + _JUMP):
            chosen.append(site)
            last = n
    return chosen
