"""The accuracy benchmark's scoring, extraction and gold files (not the encoder's scores)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from teipipe.accuracy import (
    FIELDS,
    GoldError,
    Kind,
    compare,
    load_gold,
    record_from_gold,
    record_from_tei,
    summarise,
)
from teipipe.accuracy.fields import Value, finish
from teipipe.accuracy.run import find_cases

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "tests" / "gold"
PERSON_IDS = frozenset(
    re.findall(r'<person xml:id="([^"]+)"', (REPO / "tei" / "persons.xml").read_text())
)


def gold_data(**fields: Any) -> dict[str, Any]:
    """A complete gold document: nothing there unless given."""
    data: dict[str, Any] = {
        "title": "A Title",
        "date": None,
        "place": None,
        "source": None,
        "classification": [],
        "footnotes": [],
        "refs": [],
        "turns": [],
        "speakers": {},
        "participants": [],
        "salutes": [],
        "signatures": [],
        "lists": [],
        "attachments": [],
    }
    data.update(fields)
    return data


def record(**fields: Value) -> dict[str, Value]:
    values: dict[str, Value] = {f.name: None if f.kind is Kind.SCALAR else [] for f in FIELDS}
    values.update(fields)
    return finish(values)


def score_of(
    gold: dict[str, Value], predicted: dict[str, Value], name: str
) -> tuple[int, int, int]:
    counts, _ = compare("doc", gold, predicted)
    c = counts[name]
    return c.correct, c.predicted, c.gold


# Scoring --------------------------------------------------------------------------------------


def test_exact_scalar_bag_and_sequence_are_all_correct() -> None:
    both = record(title="T", refs=["d1", "d2"], turns=["A", "B", "A"])
    counts, mismatches = compare("doc", both, both)
    assert (counts["title"].correct, counts["refs"].correct, counts["turns"].correct) == (1, 2, 3)
    assert counts["turn_count"].correct == 1
    assert mismatches == []
    scores = {s.name: s for s in summarise([counts])}
    assert scores["refs"].precision == scores["refs"].recall == scores["refs"].f1 == 1.0


def test_missing_item_costs_recall_not_precision() -> None:
    gold, predicted = record(refs=["d1", "d2"]), record(refs=["d1"])
    assert score_of(gold, predicted, "refs") == (1, 1, 2)
    scores = {s.name: s for s in summarise([compare("doc", gold, predicted)[0]])}
    assert scores["refs"].precision == 1.0
    assert scores["refs"].recall == 0.5
    assert scores["refs"].support == 2


def test_extra_item_costs_precision_not_recall() -> None:
    gold, predicted = record(place=None), record(place="Moscow")
    assert score_of(gold, predicted, "place") == (0, 1, 0)
    scores = {s.name: s for s in summarise([compare("doc", gold, predicted)[0]])}
    assert scores["place"].precision == 0.0
    assert scores["place"].recall is None  # nothing to recall: undefined, not perfect


def test_wrong_scalar_is_both_a_miss_and_a_false_alarm() -> None:
    gold, predicted = record(date="1962-10-27"), record(date="1962-10-28")
    assert score_of(gold, predicted, "date") == (0, 1, 1)
    _, mismatches = compare("doc", gold, predicted)
    assert [(m.field, m.missing, m.extra) for m in mismatches] == [
        ("date", ("1962-10-27",), ("1962-10-28",))
    ]


def test_bags_count_repeated_items() -> None:
    gold, predicted = record(refs=["d5", "d5"]), record(refs=["d5", "d6"])
    assert score_of(gold, predicted, "refs") == (1, 2, 2)


def test_sequence_scores_by_longest_common_subsequence() -> None:
    gold = record(turns=["A", "B", "A", "B"])
    predicted = record(turns=["A", "A", "B"])  # one turn (B) merged away
    assert score_of(gold, predicted, "turns") == (3, 3, 4)
    assert score_of(gold, predicted, "turn_count") == (0, 1, 1)


def test_zero_counts_are_nothing_on_both_sides() -> None:
    assert score_of(record(), record(), "footnote_count") == (0, 0, 0)
    scores = summarise([compare("doc", record(), record())[0]])
    assert all(s.precision is None and s.recall is None and s.f1 is None for s in scores[1:])


def test_counts_add_up_over_documents() -> None:
    one = compare("a", record(refs=["d1"]), record(refs=["d1"]))[0]
    two = compare("b", record(refs=["d2", "d3"]), record(refs=[]))[0]
    (refs,) = [s for s in summarise([one, two]) if s.name == "refs"]
    assert (refs.counts.correct, refs.counts.predicted, refs.counts.gold) == (1, 1, 3)


# Gold format ----------------------------------------------------------------------------------


def test_gold_footnote_places_compare_on_words(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    path.write_text(json.dumps(gold_data(footnotes=[{"n": 2, "after": "Lebanese and care(?)"}])))
    assert record_from_gold(load_gold(path))["footnotes"] == ["2: lebanese and care"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"colour": "red"}, "unknown field"),
        ({"footnotes": [{"n": 1, "after": "two words"}]}, "exactly 3 words"),
        ({"refs": ["Document 204"]}, "document ids"),
        ({"speakers": {"AES": 3}}, "person ids"),
        ({"title": ""}, "non-empty"),
    ],
)
def test_bad_gold_is_refused_naming_the_field(
    tmp_path: Path, change: dict[str, Any], message: str
) -> None:
    path = tmp_path / "g.json"
    path.write_text(json.dumps(gold_data(**change)))
    with pytest.raises(GoldError, match=message):
        load_gold(path)


def test_gold_without_a_field_is_refused(tmp_path: Path) -> None:
    data = gold_data()
    del data["turns"]
    path = tmp_path / "g.json"
    path.write_text(json.dumps(data))
    with pytest.raises(GoldError, match="missing field"):
        load_gold(path)


GOLD_FILES = sorted(GOLD.rglob("*.json"))


def test_there_is_gold_for_every_sample_and_some_written_documents() -> None:
    assert {p.stem for p in GOLD.glob("*.json")} == {p.stem for p in (REPO / "raw").glob("*.txt")}
    assert len(list((GOLD / "extra").glob("*.json"))) >= 6


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.relative_to(GOLD).as_posix())
def test_every_gold_file_parses_and_names_known_people(path: Path) -> None:
    data = load_gold(path)  # raises on unknown or missing fields
    named = [v for v in data["speakers"].values() if v] + [
        p["person"] for p in data["participants"] if p["person"]
    ]
    assert set(named) <= PERSON_IDS
    assert set(record_from_gold(data)) == {f.name for f in FIELDS}


def test_every_gold_file_has_its_input() -> None:
    cases = find_cases(GOLD, REPO / "raw")
    assert len(cases) == len(GOLD_FILES)
    assert all(case.source.is_file() for case in cases)


# Extraction from TEI --------------------------------------------------------------------------

TEI = (REPO / "tests" / "fixtures" / "accuracy" / "extract.xml").read_text(encoding="utf-8")


def test_fields_are_read_where_the_profile_puts_them() -> None:
    got = record_from_tei(TEI.encode())
    assert got["title"] == "Memo of Conversation"
    assert got["date"] == "1962-11-05T15:30:00-05:00/1962-11-05T17:10:00-05:00"
    assert got["place"] == "New York"
    assert got["source"] == "Source: File 1. Secret."
    assert got["classification"] == ["Secret"]
    assert got["refs"] == ["d204"]  # footnote text is searched too: no ref element there
    assert got["turns"] == ["GB", "Operator"]
    assert got["speakers"] == ["GB -> ball-george", "Operator -> (unresolved)"]
    assert got["lists"] == ["ordered/parens/a,*"]
    assert got["salutes"] == ["Sincerely,"]
    assert got["signatures"] == ["John F. Kennedy / President"]
    # an attachment after the document div counts too: the profile puts it there when the
    # document ends with its own closer
    assert got["attachments"] == ["Paper", "Outside the document"]
    assert got["attachment_count"] == "2"


def test_footnote_places_skip_other_notes_and_join_inline_markup() -> None:
    got = record_from_tei(TEI.encode())
    assert got["footnotes"] == [
        "1: memo of ball",  # the source note after it is not running text
        "2: boarded the lebanese",  # <hi> joins words, the block boundary separates them
        "3: kennedy president paper",  # <lb/> and the heading's start end words
    ]
    assert got["footnote_count"] == "3"


def test_tei_parsing_refuses_entities() -> None:
    body = TEI.split("-->", 1)[1].replace("Memo  of", "&x; Memo of")
    evil = b'<!DOCTYPE TEI [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + body.encode()
    assert record_from_tei(evil)["title"] == "Memo of Conversation"  # the entity is not expanded


# The script -----------------------------------------------------------------------------------


def test_script_scores_a_gold_folder_and_prints_json(tmp_path: Path) -> None:
    """A deliberately wrong gold title is scored wrong, whatever the encoder does."""
    (tmp_path / "doc.txt").write_text(
        (GOLD / "extra" / "letter_closer.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "doc.json").write_text(json.dumps(gold_data(title="Not the Title")))
    out = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "bench_accuracy.py"), "--gold", str(tmp_path),
         "--format", "json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    report = json.loads(out.stdout)
    assert report["documents"] == 1 and report["failures"] == []
    assert [f["field"] for f in report["fields"]] == [f.name for f in FIELDS]
    title = report["fields"][0]
    assert (title["correct"], title["support"]) == (0, 1)
    assert any(
        m["field"] == "title" and m["missing"] == ["Not the Title"] for m in report["mismatches"]
    )


def test_script_markdown_is_a_table_with_a_row_per_field() -> None:
    out = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "bench_accuracy.py"), "--format", "markdown"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    rows = [line for line in out.stdout.splitlines() if line.startswith("|")]
    assert rows[0] == "| field | precision | recall | F1 | support |"
    assert [r.split("|")[1].strip() for r in rows[2:]] == [f.name for f in FIELDS]
