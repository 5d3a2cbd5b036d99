"""Odd layouts: mutated corpus documents never crash the encoder and never lose a word.

Lines of real documents are deleted, duplicated, garbled and interleaved with stray layout
lines (footnote lines, source notes, labels, list items, salutations). Every result must be
TEI valid against our profile that passed the encoder's own fidelity check (which raises when a
word is lost or added), or a clean EncodeError for input that is not text.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from lxml import etree

from encode_helpers import REPO, persons
from teipipe.encode import EncodeError, encode_document
from teipipe.resources import schema

PROFILE = etree.RelaxNG(etree.parse(str(schema("teipipe.rng"))))
SAMPLES = [p.read_text(encoding="utf-8") for p in sorted((REPO / "raw").glob("*.txt"))]
STRAY = [
    "",
    "Logo",
    "1 A note. Back",
    "Source: Files. Secret.",
    "AES: Yes.",
    "(a) item",
    "Participants:",
    "Dear Sir,",
    "Sincerely,",
    "John Doe",
    "Back",
    "2. Second.",
]
NOISE = "abc XYZ().,;:[]-(1)(2) 1 Back 2. a. Source: <&>\"'"


def mutate(rng: random.Random) -> str:
    lines = rng.choice(SAMPLES).split("\n")
    for _ in range(rng.randint(1, 6)):
        k = rng.randrange(len(lines) + 1)
        op = rng.random()
        if op < 0.3 and k < len(lines):
            del lines[k]
        elif op < 0.5 and lines:
            lines.insert(k, rng.choice(lines))
        elif op < 0.8 and k < len(lines):
            at = rng.randint(0, len(lines[k]))
            noise = "".join(rng.choice(NOISE) for _ in range(rng.randint(1, 8)))
            lines[k] = lines[k][:at] + noise + lines[k][at:]
        else:
            lines.insert(k, rng.choice(STRAY))
    return "\n".join(lines)


@pytest.mark.parametrize("seed", range(4))
def test_mutated_documents_encode_without_loss(seed: int) -> None:
    rng = random.Random(seed)
    for i in range(100):
        text = mutate(rng)
        try:
            encoded = encode_document(text.encode("utf-8"), f"mutant{i}.txt", persons())
        except EncodeError as error:
            assert not str(error).startswith("text "), f"seed {seed}, mutant {i}: {error}\n{text}"
            continue
        document = etree.fromstring(encoded.data)
        assert PROFILE.validate(document), f"seed {seed}, mutant {i}: {PROFILE.error_log}\n{text}"


def test_mutated_documents_are_valid_tei_all(tei_all_path: Path) -> None:
    tei_all = etree.RelaxNG(etree.parse(str(tei_all_path)))
    rng = random.Random(1962)
    for i in range(100):
        text = mutate(rng)
        try:
            encoded = encode_document(text.encode("utf-8"), f"mutant{i}.txt", persons())
        except EncodeError:
            continue
        document = etree.fromstring(encoded.data)
        assert tei_all.validate(document), f"mutant {i}: {tei_all.error_log}\n{text}"
