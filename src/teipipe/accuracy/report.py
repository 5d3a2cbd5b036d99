"""The benchmark's results as text: an aligned table, a Markdown table, or JSON."""

from __future__ import annotations

import json

from teipipe.accuracy.fields import FIELDS
from teipipe.accuracy.run import Result
from teipipe.accuracy.score import FieldScore, Mismatch

_HEADER = ("field", "precision", "recall", "F1", "support")


def table(result: Result) -> str:
    """A plain table for a terminal."""
    rows = [_HEADER, *(_row(s) for s in result.scores)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(_HEADER))]
    lines = [
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(r, widths, strict=True))
        )
        for r in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append(_footer(result))
    return "\n".join(lines)


def markdown(result: Result) -> str:
    """A Markdown table, as pasted into the README."""
    lines = ["| " + " | ".join(_HEADER) + " |", "|:--|--:|--:|--:|--:|"]
    lines += ["| " + " | ".join(_row(s)) + " |" for s in result.scores]
    return "\n".join([*lines, "", _footer(result)])


def as_json(result: Result) -> str:
    data = {
        "documents": result.documents,
        "failures": result.failures,
        "fields": [
            {
                "field": s.name,
                "precision": s.precision,
                "recall": s.recall,
                "f1": s.f1,
                "support": s.support,
                "correct": s.counts.correct,
                "predicted": s.counts.predicted,
                "meaning": next(f.meaning for f in FIELDS if f.name == s.name),
            }
            for s in result.scores
        ],
        "mismatches": [
            {"document": m.document, "field": m.field, "missing": m.missing, "extra": m.extra}
            for m in result.mismatches
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def mismatches(items: list[Mismatch]) -> str:
    """Per document, each field it got wrong: `-` a gold item missed, `+` an item not in gold."""
    lines: list[str] = []
    document = None
    for m in items:
        if m.document != document:
            document = m.document
            lines.append(f"{document}:")
        lines.append(f"  {m.field}:")
        lines += [f"    - {x}" for x in m.missing]
        lines += [f"    + {x}" for x in m.extra]
    return "\n".join(lines)


def _row(score: FieldScore) -> tuple[str, str, str, str, str]:
    return (
        score.name,
        _num(score.precision),
        _num(score.recall),
        _num(score.f1),
        str(score.support),
    )


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _footer(result: Result) -> str:
    failed = f", {len(result.failures)} not encoded" if result.failures else ""
    return f"{result.documents} documents{failed}."
