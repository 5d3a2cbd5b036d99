"""tei-to-text.xsl: the plain reading text, which the encoder's fidelity check also reads."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from conftest import SEEDS
from teipipe.transform import render
from transform_support import MEETING, TELEGRAM, TRANSCRIPT, raw_reading_words, words


def text(path: Path) -> str:
    return render(path, "text").decode("utf-8")


@pytest.mark.parametrize("tei", [TELEGRAM, TRANSCRIPT], ids=lambda p: p.stem)
def test_text_gives_back_the_raw_words(tei: Path) -> None:
    raw = SEEDS / (tei.stem + ".txt")
    if not raw.exists():
        pytest.skip(f"seed {raw} not found")
    out = text(tei)
    # What the stylesheet adds: "[n]" at each call and the "Notes" heading.
    added = Counter({"Notes": 1}) + Counter(re.findall(r"\[(\d+)\]", out))
    assert words(out) - added == raw_reading_words(raw)


def test_speaker_labels_open_their_turns() -> None:
    out = text(TRANSCRIPT)
    assert "\n\nAES: I wonder if you would care" in out
    assert "\n\nGWB: I think the meeting has been called off." in out


def test_footnotes_are_called_in_place_and_read_at_the_end() -> None:
    out = text(TRANSCRIPT)
    body, notes = out.split("\nNotes\n\n")
    assert "at the meeting[1] a suggestion" in body
    assert "(Memo written up separately)[3]" in body
    assert "Adlai E. Stevenson[5]" in body
    assert notes.startswith("1 The Executive Committee meeting.\n\n2 See Document 166.\n\n")
    assert "5 Printed from a copy that bears this typed signature.\n" in notes


def test_source_note_follows_the_title() -> None:
    lines = text(TELEGRAM).split("\n\n")
    assert lines[0] == "Telegram From the Department of State to the Mission to the United Nations"
    assert lines[1].startswith("Source: Department of State, Central Files, 737.56361/11-2362.")
    assert lines[2] == "Washington, November 23, 1962, 9:43 p.m."


def test_list_labels_are_written_as_the_list_renders_them() -> None:
    meeting, transcript = text(MEETING), text(TRANSCRIPT)
    assert "\n(a) Continue the quarantine unchanged.\n" in meeting
    assert "\n(b) Relax the quarantine for ships carrying food.\n\ni) Only if inspected" in meeting
    assert "\nii) Only with consent of the flag state.[2]\n" in meeting
    assert "\n1. If the Soviets will remove the IL-28 bombers" in transcript


def test_closer_keeps_line_breaks_and_gaps_print_as_ellipsis() -> None:
    meeting = text(MEETING)
    assert (
        "Respectfully,\n\nN. Khrushchev\nChairman of the Council of Ministers of the USSR"
        in meeting
    )
    assert "\n2 […]\n" in meeting
