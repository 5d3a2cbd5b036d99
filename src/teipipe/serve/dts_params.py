"""Reading DTS query parameters, and the 400/404 answers the specification asks for.

DTS 1.0 fixes which parameter combinations are errors (a `ref` with `start`/`end`, a `start`
without `end`, a Navigation request naming no part of the tree, `down=0` with a range...).
Checking them here, before any document is touched, keeps the endpoints to the happy path
and makes every refusal a clear message instead of a surprise further down.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.datastructures import QueryParams

from teipipe.serve.dts_citations import CitableUnit, CitationTree


class DtsError(Exception):
    """A request the API refuses: the HTTP status and a message for the client."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def single(params: QueryParams, name: str) -> str | None:
    """A parameter given at most once (DTS has no batch requests)."""
    values = params.getlist(name)
    if len(values) > 1:
        raise DtsError(400, f"'{name}' may be given only once")
    return values[0] if values else None


def required(params: QueryParams, name: str) -> str:
    value = single(params, name)
    if not value:
        raise DtsError(400, f"'{name}' is required")
    return value


def integer(params: QueryParams, name: str, minimum: int) -> int | None:
    """An integer parameter of at least `minimum`, or None when absent."""
    value = single(params, name)
    if value is None:
        return None
    try:
        number = int(value)
    except ValueError:
        raise DtsError(400, f"'{name}' must be an integer, not {value!r}") from None
    if number < minimum:
        raise DtsError(400, f"'{name}' must be at least {minimum}")
    return number


@dataclass(frozen=True)
class Selection:
    """The part of a citation tree a request names: one `ref`, a range, or neither."""

    ref: CitableUnit | None = None
    start: CitableUnit | None = None
    end: CitableUnit | None = None


def selection(params: QueryParams, tree: CitationTree) -> Selection:
    """Check `ref`/`start`/`end` against each other and against the citation tree."""
    ref, start, end = (single(params, name) for name in ("ref", "start", "end"))
    if ref is not None and (start is not None or end is not None):
        raise DtsError(400, "'ref' cannot be combined with 'start' or 'end'")
    if (start is None) != (end is None):
        raise DtsError(400, "'start' and 'end' must be given together")
    if ref is not None:
        return Selection(ref=_unit(tree, ref))
    if start is None or end is None:
        return Selection()
    first, last = _unit(tree, start), _unit(tree, end)
    if first.position > last.position:
        raise DtsError(400, f"'start' ({start}) comes after 'end' ({end})")
    return Selection(start=first, end=last)


def default_tree(params: QueryParams) -> None:
    """Refuse a `tree` parameter: our resources have one citation tree, the default."""
    name = single(params, "tree")
    if name is not None:
        raise DtsError(404, f"no citation tree {name!r}: this resource has only its default tree")


def _unit(tree: CitationTree, identifier: str) -> CitableUnit:
    unit = tree.by_id.get(identifier)
    if unit is None:
        raise DtsError(404, f"no citable unit {identifier!r} in this resource")
    return unit
