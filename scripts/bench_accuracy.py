"""Accuracy of `teipipe encode` per field, against gold written by hand (as GROBID publishes).

Encodes every document that has a gold file under --gold (default tests/gold/: the collection's
samples in raw/, and documents written for the benchmark in tests/gold/extra/, whose input is
the .txt beside the gold) with the real encoder and the project's personography, reads the
fields back out of the TEI with XPath (docs/tei-profile.md), and prints precision, recall, F1
and support per field. Counts are summed over all documents before dividing (micro-average):

- scalar fields (title, date, place, source, *_count): precision = correct / documents whose
  TEI has a value; recall = correct / documents whose gold has one; a wrong value counts
  against both; a count of 0 is "no value".
- item fields (classification, footnotes, refs, speakers, participants, salutes, signatures,
  lists, attachments): items compared as multisets; precision = matched / predicted items,
  recall = matched / gold items. A footnote is its number plus the 3 words before its place.
- turns (speaker labels in order): matched = longest common subsequence of the two sequences.

support = gold items (or documents with a gold value); a ratio over 0 prints as a dash.
Details: teipipe.accuracy.score; the gold format: teipipe.accuracy.gold.

Run: python scripts/bench_accuracy.py [--format table|markdown|json] [--verbose]
         [--gold DIR] [--raw DIR] [--persons FILE]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from teipipe.accuracy.gold import GoldError
from teipipe.accuracy.report import as_json, markdown, mismatches, table
from teipipe.accuracy.run import evaluate, find_cases
from teipipe.encode import PersonographyError, load_personography

REPO = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--format", choices=("table", "markdown", "json"), default="table")
    parser.add_argument("--verbose", action="store_true", help="list each document's mismatches")
    parser.add_argument("--gold", type=Path, default=REPO / "tests" / "gold")
    parser.add_argument("--raw", type=Path, default=REPO / "raw")
    parser.add_argument("--persons", type=Path, default=REPO / "tei" / "persons.xml")
    args = parser.parse_args(argv)
    try:
        persons = load_personography(args.persons)
        result = evaluate(find_cases(args.gold, args.raw), persons)
    except (GoldError, PersonographyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.format == "json":
        print(as_json(result))
    else:
        print(markdown(result) if args.format == "markdown" else table(result))
        if args.verbose and result.mismatches:
            print()
            print(mismatches(result.mismatches))
    for failure in result.failures:
        print(f"not encoded: {failure}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
