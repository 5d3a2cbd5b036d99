"""The fields that are scored, and the normal form both gold and TEI are brought into.

A `Record` maps each field name to a value of the field's kind: a scalar (one string, or None
when the document has none), a bag (a multiset of strings, order ignored) or a sequence (a list
of strings whose order matters). Gold and extraction both build Records through the helpers
here, so a difference in spacing, case of the footnote context or punctuation around a word can
never count as an error on one side only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    SCALAR = "scalar"
    BAG = "bag"
    SEQUENCE = "sequence"


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    meaning: str


FIELDS: tuple[Field, ...] = (
    Field("title", Kind.SCALAR, "the title line (titleStmt/title[@type='main'])"),
    Field("date", Kind.SCALAR, "dateline date: @when, or @from/@to, ISO 8601 with offset"),
    Field("place", Kind.SCALAR, "dateline placeName"),
    Field("source", Kind.SCALAR, "the Source: note (note[@type='source'])"),
    Field("classification", Kind.BAG, "classification terms (keywords[@scheme])"),
    Field("footnote_count", Kind.SCALAR, "number of footnotes (note[@place='foot'])"),
    Field("footnotes", Kind.BAG, "footnote number + the 3 words before its place"),
    Field("refs", Kind.BAG, "cross-reference targets (ref/@target, as dNNN)"),
    Field("turn_count", Kind.SCALAR, "number of speaker turns (sp)"),
    Field("turns", Kind.SEQUENCE, "speaker labels in order (sp/speaker)"),
    Field("speakers", Kind.BAG, "label -> personography id (sp/@who; unresolved marked)"),
    Field("participants", Kind.BAG, "participant item -> person id"),
    Field("salutes", Kind.BAG, "salutations and complimentary closes (salute)"),
    Field("signatures", Kind.BAG, "closer/signed text (lines joined by ' / ')"),
    Field("list_count", Kind.SCALAR, "number of lists"),
    Field("lists", Kind.BAG, "each list: type/rend/item labels"),
    Field("attachment_count", Kind.SCALAR, "attachments nested in the document div"),
    Field("attachments", Kind.BAG, "attachment headings"),
)

FIELD_NAMES: frozenset[str] = frozenset(f.name for f in FIELDS)

Value = str | list[str] | None
Record = dict[str, Value]

UNRESOLVED = "(unresolved)"
CONTEXT_WORDS = 3

_EDGE = re.compile(r"^\W+|\W+$")


def clean(text: str) -> str:
    """Whitespace collapsed: layout in the TEI (pretty-printing) is not content."""
    return " ".join(text.split())


def words(text: str) -> list[str]:
    """The words of `text`, lower-cased, punctuation at their edges removed (`care(?)` -> care).

    Footnote places are compared on words, not characters, so that `message),` and `message`
    are the same place: what matters is after which word the marker stood.
    """
    out = []
    for token in text.split():
        word = _EDGE.sub("", token).lower()
        if word:
            out.append(word)
    return out


def footnote_item(n: str, before: str) -> str:
    """A footnote as a comparable item: its number and the last words before its place."""
    return f"{n}: {' '.join(words(before)[-CONTEXT_WORDS:])}"


def speaker_item(label: str, person: str | None) -> str:
    return f"{clean(label)} -> {person or UNRESOLVED}"


def list_item(kind: str, rend: str | None, labels: list[str]) -> str:
    """A list as one comparable item: its type, label style and item labels (`*` = none)."""
    return f"{kind}/{rend or '-'}/{','.join(label or '*' for label in labels)}"


def count(n: int) -> str | None:
    """A count as a scalar; zero is 'nothing there', like an absent title."""
    return str(n) if n else None


def finish(values: dict[str, Value]) -> Record:
    """Add the count fields derived from their item fields, in the order of FIELDS."""
    values["footnote_count"] = count(len(_items(values["footnotes"])))
    values["turn_count"] = count(len(_items(values["turns"])))
    values["list_count"] = count(len(_items(values["lists"])))
    values["attachment_count"] = count(len(_items(values["attachments"])))
    return {f.name: values[f.name] for f in FIELDS}


def _items(value: Value) -> list[str]:
    return value if isinstance(value, list) else []
