"""Gold files: what a careful reader says the TEI of one input must contain.

A gold file is JSON (data, written by hand from the raw text and the encoding conventions):

    {"title": str, "date": str|null, "place": str|null, "source": str|null,
     "classification": [str], "footnotes": [{"n": int, "after": "three words"}],
     "refs": ["d204"], "turns": [label], "speakers": {label: person-id|null},
     "participants": [{"name": str, "person": person-id|null}], "salutes": [str],
     "signatures": [str],
     "lists": [{"type": str, "rend": str|null, "labels": [str]}], "attachments": [head],
     "comment": str (optional: why the hard calls were made)}

Every field must be present, so that an empty list always means "checked: there is none" and
never "forgot to say". `null` as a person means the label must stay unresolved.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from teipipe.accuracy.fields import (
    CONTEXT_WORDS,
    FIELDS,
    Value,
    clean,
    finish,
    footnote_item,
    list_item,
    speaker_item,
    words,
)

DERIVED = frozenset({"footnote_count", "turn_count", "list_count", "attachment_count"})
REQUIRED = frozenset(f.name for f in FIELDS) - DERIVED
OPTIONAL = frozenset({"comment"})


class GoldError(Exception):
    """A gold file is not in the gold format; the message names the file and the field."""


def load_gold(path: Path) -> dict[str, Any]:
    """Read and check one gold file; raises GoldError naming what is wrong."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldError(f"{path}: cannot read: {exc}") from None
    if not isinstance(data, dict):
        raise GoldError(f"{path}: not a JSON object")
    unknown = sorted(set(data) - REQUIRED - OPTIONAL)
    missing = sorted(REQUIRED - set(data))
    if unknown:
        raise GoldError(f"{path}: unknown field(s): {', '.join(unknown)}")
    if missing:
        raise GoldError(f"{path}: missing field(s): {', '.join(missing)}")
    for name, check in _CHECKS.items():
        problem = check(data[name])
        if problem:
            raise GoldError(f"{path}: {name}: {problem}")
    return data


def record_from_gold(data: dict[str, Any]) -> dict[str, Value]:
    """The gold in the normal form of `fields`, ready to compare with an extracted Record."""
    values: dict[str, Value] = {
        "title": _scalar(data["title"]),
        "date": _scalar(data["date"]),
        "place": _scalar(data["place"]),
        "source": _scalar(data["source"]),
        "classification": [clean(t) for t in data["classification"]],
        "footnotes": [footnote_item(str(f["n"]), f["after"]) for f in data["footnotes"]],
        "refs": list(data["refs"]),
        "turns": [clean(t) for t in data["turns"]],
        "speakers": [speaker_item(k, v) for k, v in data["speakers"].items()],
        "participants": [speaker_item(p["name"], p["person"]) for p in data["participants"]],
        "salutes": [clean(s) for s in data["salutes"]],
        "signatures": [clean(s) for s in data["signatures"]],
        "lists": [list_item(li["type"], li["rend"], li["labels"]) for li in data["lists"]],
        "attachments": [clean(h) for h in data["attachments"]],
    }
    return finish(values)


def _scalar(value: str | None) -> str | None:
    return None if value is None else clean(value) or None


def _optional_text(value: object) -> str:
    if value is None or (isinstance(value, str) and value.strip()):
        return ""
    return "must be a non-empty string or null"


def _text(value: object) -> str:
    return "" if isinstance(value, str) and value.strip() else "must be a non-empty string"


def _strings(value: object) -> str:
    if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
        return ""
    return "must be a list of non-empty strings"


def _footnotes(value: object) -> str:
    if not isinstance(value, list):
        return "must be a list"
    for note in value:
        if not isinstance(note, dict) or set(note) != {"n", "after"}:
            return 'each footnote is {"n": int, "after": str}'
        if not isinstance(note["n"], int) or not isinstance(note["after"], str):
            return 'each footnote is {"n": int, "after": str}'
        if len(words(note["after"])) != CONTEXT_WORDS:
            return f"footnote {note['n']}: 'after' must hold exactly {CONTEXT_WORDS} words"
    return ""


def _refs(value: object) -> str:
    if isinstance(value, list) and all(
        isinstance(r, str) and re.fullmatch(r"d[0-9]+", r) for r in value
    ):
        return ""
    return "must be a list of document ids such as d204"


def _speakers(value: object) -> str:
    if isinstance(value, dict) and all(
        isinstance(k, str) and k and (v is None or isinstance(v, str)) for k, v in value.items()
    ):
        return ""
    return "must map labels to person ids (or null)"


def _participants(value: object) -> str:
    if isinstance(value, list) and all(
        isinstance(p, dict)
        and set(p) == {"name", "person"}
        and isinstance(p["name"], str)
        and (p["person"] is None or isinstance(p["person"], str))
        for p in value
    ):
        return ""
    return 'must be a list of {"name": str, "person": id|null}'


def _lists(value: object) -> str:
    if isinstance(value, list) and all(
        isinstance(li, dict)
        and set(li) == {"type", "rend", "labels"}
        and isinstance(li["type"], str)
        and (li["rend"] is None or isinstance(li["rend"], str))
        and isinstance(li["labels"], list)
        and li["labels"]
        and all(isinstance(label, str) for label in li["labels"])
        for li in value
    ):
        return ""
    return 'must be a list of {"type": str, "rend": str|null, "labels": [str, ...]}'


_CHECKS: dict[str, Callable[[object], str]] = {
    "title": _text,
    "date": _optional_text,
    "place": _optional_text,
    "source": _optional_text,
    "classification": _strings,
    "footnotes": _footnotes,
    "refs": _refs,
    "turns": _strings,
    "speakers": _speakers,
    "participants": _participants,
    "salutes": _strings,
    "signatures": _strings,
    "lists": _lists,
    "attachments": _strings,
}
