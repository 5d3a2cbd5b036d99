"""Accuracy against hand-made gold: how often the encoder marks what a reader would mark.

GROBID publishes per-field precision and recall for its extraction; this package does the same
for `teipipe encode`. A gold file (`tests/gold/<stem>.json`) says, for one input, what its TEI
should contain field by field; `extract` reads the same fields back out of the encoder's TEI
(XPath over the profile of docs/tei-profile.md) and `score` compares the two.
"""

from teipipe.accuracy.extract import record_from_tei
from teipipe.accuracy.fields import FIELDS, Field, Kind, Record
from teipipe.accuracy.gold import GoldError, load_gold, record_from_gold
from teipipe.accuracy.score import Counts, FieldScore, Mismatch, compare, summarise

__all__ = [
    "FIELDS",
    "Counts",
    "Field",
    "FieldScore",
    "GoldError",
    "Kind",
    "Mismatch",
    "Record",
    "compare",
    "load_gold",
    "record_from_gold",
    "record_from_tei",
    "summarise",
]
