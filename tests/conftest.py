"""Shared test fixtures: where the repository, the shared corpus and the reference schema are."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
DEV = SHARED / "corpus" / "dev"
TEI_ALL = SHARED / "reference" / "tei_all.rng"


@pytest.fixture(scope="session")
def tei_all_path() -> Path:
    """The official TEI P5 tei_all RELAX NG schema; tests needing it are skipped without it."""
    if not TEI_ALL.exists():
        pytest.skip(f"official tei_all schema not found at {TEI_ALL}")
    return TEI_ALL
