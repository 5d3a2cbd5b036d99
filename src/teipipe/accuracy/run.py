"""Run the encoder on every gold document and score it: the benchmark without its printing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from teipipe.accuracy.extract import record_from_tei
from teipipe.accuracy.fields import FIELDS, Kind, Record, Value, finish
from teipipe.accuracy.gold import load_gold, record_from_gold
from teipipe.accuracy.score import Counts, FieldScore, Mismatch, compare, summarise
from teipipe.encode import EncodeError, Personography, encode_document


@dataclass(frozen=True)
class Case:
    """One gold file and the plain-text input it describes."""

    name: str
    gold: Path
    source: Path


@dataclass
class Result:
    scores: list[FieldScore]
    mismatches: list[Mismatch] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    documents: int = 0


def find_cases(gold_dir: Path, raw_dir: Path) -> list[Case]:
    """Gold files under `gold_dir` (recursively), each with its input.

    The input of `<stem>.json` is `<stem>.txt` beside it (documents written for the benchmark)
    or else `raw_dir/<stem>.txt` (the collection's own documents). A gold file without an
    input is reported as a failure by `evaluate`, not skipped.
    """
    cases = []
    for gold in sorted(gold_dir.rglob("*.json")):
        beside = gold.with_suffix(".txt")
        source = beside if beside.is_file() else raw_dir / f"{gold.stem}.txt"
        cases.append(Case(gold.relative_to(gold_dir).with_suffix("").as_posix(), gold, source))
    return cases


def evaluate(cases: list[Case], persons: Personography | None) -> Result:
    """Encode each case's input with the real encoder and score it against its gold."""
    per_document: list[dict[str, Counts]] = []
    result = Result(scores=[])
    for case in cases:
        gold = record_from_gold(load_gold(case.gold))
        try:
            encoded = encode_document(case.source.read_bytes(), case.source.name, persons)
            predicted = record_from_tei(encoded.data)
        except (OSError, EncodeError) as exc:
            result.failures.append(f"{case.name}: {exc}")
            predicted = _nothing()
        counts, mismatches = compare(case.name, gold, predicted)
        per_document.append(counts)
        result.mismatches.extend(mismatches)
        result.documents += 1
    result.scores = summarise(per_document)
    return result


def _nothing() -> Record:
    """The record of a document the encoder could not encode: every gold item is missed."""
    empty: dict[str, Value] = {f.name: None if f.kind is Kind.SCALAR else [] for f in FIELDS}
    return finish(empty)
