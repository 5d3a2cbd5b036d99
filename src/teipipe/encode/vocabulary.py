"""Word lists the reader and the resolver use, kept as data in `teipipe/data/*.txt`."""

from __future__ import annotations

from functools import cache

from teipipe.resources import data


@cache
def vocabulary(name: str) -> tuple[str, ...]:
    """The entries of a word list: one per line; blank lines and `#` comments are skipped."""
    lines = data(name).read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def alternatives(name: str) -> str:
    """A word list of regular expressions as one alternation, for a pattern around it."""
    return "|".join(vocabulary(name))
