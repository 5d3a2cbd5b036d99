"""The committed corpus: tei/ is in sync with raw/, and every file is valid TEI P5 (tei_all)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from encode_helpers import REPO, persons
from teipipe.encode import encode_document

RAW = sorted((REPO / "raw").glob("*.txt"))


@pytest.mark.parametrize("raw", RAW, ids=lambda p: p.name)
def test_tei_is_in_sync_with_raw(raw: Path) -> None:
    committed = REPO / "tei" / f"{raw.stem}.xml"
    assert committed.exists(), f"{committed} missing: run `teipipe encode`"
    fresh = encode_document(raw.read_bytes(), raw.name, persons()).data
    assert fresh == committed.read_bytes(), f"{committed} is stale: run `teipipe encode`"


@pytest.fixture(scope="module")
def tei_all(tei_all_path: Path) -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(tei_all_path)))


@pytest.mark.parametrize("path", sorted((REPO / "tei").glob("*.xml")), ids=lambda p: p.name)
def test_every_tei_file_is_valid_against_tei_all(path: Path, tei_all: etree.RelaxNG) -> None:
    document = etree.parse(str(path))
    assert tei_all.validate(document), str(tei_all.error_log)
