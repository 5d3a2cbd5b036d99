"""Compare an extracted Record with its gold, field by field, and add up over documents.

Counting, per field kind (micro-averaged: counts are summed over all documents first):

- scalar (title, date, place, source, the counts): a document contributes one *predicted* item
  when the TEI has a value, one *gold* item when the gold has one, and one *correct* item when
  both exist and are equal. A wrong value is thus both a false positive and a false negative;
  zero counts and absent values are "nothing there" on either side.
- bag (classification, footnotes, refs, speakers, participants, signatures, lists,
  attachments): items are compared as multisets; correct = size of the multiset intersection.
- sequence (turns): correct = length of the longest common subsequence of the two label
  sequences, so one missed turn costs one item, not every turn after it.

precision = correct / predicted, recall = correct / gold, F1 their harmonic mean; support is
the number of gold items. A ratio with a zero denominator is None (shown as a dash), not 1.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from teipipe.accuracy.fields import FIELDS, Kind, Record, Value


@dataclass
class Counts:
    correct: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, other: Counts) -> None:
        self.correct += other.correct
        self.predicted += other.predicted
        self.gold += other.gold


@dataclass(frozen=True)
class Mismatch:
    """What one document got wrong in one field: gold items missed, items that should not be."""

    document: str
    field: str
    missing: tuple[str, ...]
    extra: tuple[str, ...]


@dataclass
class FieldScore:
    name: str
    counts: Counts = field(default_factory=Counts)

    @property
    def precision(self) -> float | None:
        return _ratio(self.counts.correct, self.counts.predicted)

    @property
    def recall(self) -> float | None:
        return _ratio(self.counts.correct, self.counts.gold)

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    @property
    def support(self) -> int:
        return self.counts.gold


def compare(
    document: str, gold: Record, predicted: Record
) -> tuple[dict[str, Counts], list[Mismatch]]:
    """Counts for each field of one document, and its mismatches."""
    counts: dict[str, Counts] = {}
    mismatches: list[Mismatch] = []
    for spec in FIELDS:
        g, p = gold[spec.name], predicted[spec.name]
        if spec.kind is Kind.SCALAR:
            result, missing, extra = _scalar(_one(g), _one(p))
        elif spec.kind is Kind.BAG:
            result, missing, extra = _bag(_many(g), _many(p))
        else:
            result, missing, extra = _sequence(_many(g), _many(p))
        counts[spec.name] = result
        if missing or extra:
            mismatches.append(Mismatch(document, spec.name, tuple(missing), tuple(extra)))
    return counts, mismatches


def summarise(per_document: list[dict[str, Counts]]) -> list[FieldScore]:
    """One FieldScore per field, in the order of FIELDS, counts summed over documents."""
    scores = [FieldScore(spec.name) for spec in FIELDS]
    for counts in per_document:
        for score in scores:
            score.counts.add(counts[score.name])
    return scores


def _scalar(gold: str | None, predicted: str | None) -> tuple[Counts, list[str], list[str]]:
    right = gold is not None and gold == predicted
    counts = Counts(int(right), int(predicted is not None), int(gold is not None))
    missing = [gold] if gold is not None and not right else []
    extra = [predicted] if predicted is not None and not right else []
    return counts, missing, extra


def _bag(gold: list[str], predicted: list[str]) -> tuple[Counts, list[str], list[str]]:
    g, p = Counter(gold), Counter(predicted)
    common = g & p
    counts = Counts(sum(common.values()), len(predicted), len(gold))
    return counts, sorted((g - common).elements()), sorted((p - common).elements())


def _sequence(gold: list[str], predicted: list[str]) -> tuple[Counts, list[str], list[str]]:
    kept_gold, kept_predicted = _lcs(gold, predicted)
    missing = [f"#{i + 1} {x}" for i, x in enumerate(gold) if i not in kept_gold]
    extra = [f"#{i + 1} {x}" for i, x in enumerate(predicted) if i not in kept_predicted]
    return Counts(len(kept_gold), len(predicted), len(gold)), missing, extra


def _lcs(a: list[str], b: list[str]) -> tuple[set[int], set[int]]:
    """Indexes of a and of b that belong to one longest common subsequence."""
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        for j in range(len(b) - 1, -1, -1):
            table[i][j] = (
                table[i + 1][j + 1] + 1 if a[i] == b[j] else max(table[i + 1][j], table[i][j + 1])
            )
    i = j = 0
    kept_a: set[int] = set()
    kept_b: set[int] = set()
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            kept_a.add(i)
            kept_b.add(j)
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return kept_a, kept_b


def _one(value: Value) -> str | None:
    return value if isinstance(value, str) else None


def _many(value: Value) -> list[str]:
    return value if isinstance(value, list) else []


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None
