"""Which citable units a Navigation request returns, by the DTS 1.0 `down` table.

`down` absent: only the queried unit(s), no `member`; `0`: the siblings of `ref`; `n > 0`:
the subtree of `ref` (or the top of the tree, or the range) to `n` levels below it; `-1`:
to the bottom. A range runs from `start` to the last descendant of `end`, in document order,
and its depth counts from the deeper of the two.
"""

from __future__ import annotations

from teipipe.serve.dts_citations import CitableUnit, CitationTree
from teipipe.serve.dts_params import DtsError, Selection


def _within(units: tuple[CitableUnit, ...], deepest: int | None) -> list[CitableUnit]:
    return [unit for unit in units if deepest is None or unit.level <= deepest]


def members(tree: CitationTree, chosen: Selection, down: int | None) -> list[CitableUnit] | None:
    """The `member` list for a request, or None when the response has no `member`."""
    if chosen.ref is not None:
        ref = chosen.ref
        if down is None:
            return None
        if down == 0:
            return [unit for unit in tree.units if unit.parent == ref.parent]
        return _within(tree.subtree(ref), None if down < 0 else ref.level + down)
    if chosen.start is not None and chosen.end is not None:
        start, end = chosen.start, chosen.end
        if down is None:
            return None
        if down == 0:
            raise DtsError(400, "'down=0' asks for siblings, which a range does not have")
        base = max(start.level, end.level)
        span = tree.units[start.position : end.last + 1]
        return _within(span, None if down < 0 else base + down)
    if down is None or down == 0:
        raise DtsError(400, "give 'ref', 'start' and 'end', or a 'down' other than 0")
    return _within(tree.units, None if down < 0 else down)
