"""One personography rule for `encode` and `build`: the same file found the same way, said
aloud, and never depending on where teipipe itself is installed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from encode_helpers import REPO
from teipipe.build import build
from teipipe.cli import main
from teipipe.project import find_personography

SEED = REPO / "raw" / "004_616e472c30f512b7.txt"


def _project(root: Path, persons: bool) -> Path:
    (root / "raw").mkdir(parents=True)
    (root / "tei").mkdir()
    shutil.copy(SEED, root / "raw")
    if persons:
        shutil.copy(REPO / "tei" / "persons.xml", root / "tei")
    return root


def test_the_tei_folder_then_the_inputs_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    project = _project(tmp_path / "p", persons=True)
    out = tmp_path / "elsewhere"
    out.mkdir()
    found = find_personography(out, [project / "raw"])
    assert found.path == project / "tei" / "persons.xml"
    assert "of the project" in found.describe()
    (out / "persons.xml").write_bytes((REPO / "tei" / "persons.xml").read_bytes())
    assert find_personography(out, [project / "raw"]).path == out / "persons.xml"
    named = tmp_path / "mine.xml"
    assert find_personography(out, [project / "raw"], named).path == named


def test_none_found_outside_any_project_even_when_teipipe_runs_from_a_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """teipipe here runs from a checkout with tei/persons.xml: that must not be used."""
    monkeypatch.chdir(tmp_path)
    inputs = tmp_path / "letters"
    inputs.mkdir()
    shutil.copy(SEED, inputs)
    found = find_personography(tmp_path / "out", [inputs])
    assert found.path is None
    assert "no personography found" in found.describe()
    assert "local to their document" in found.describe()
    result = CliRunner().invoke(main, ["encode", str(inputs), "-o", str(tmp_path / "out")])
    assert "no personography found" in result.output
    assert 'who="#p-aes"' in (tmp_path / "out" / f"{SEED.stem}.xml").read_text()


def test_encode_and_build_use_and_name_the_same_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project(tmp_path / "p", persons=True)
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["encode"])
    assert result.exit_code == 0, result.output
    expected = find_personography(Path("tei"), [Path("raw")])
    assert expected.describe() in result.output
    report = build(tei_dir=Path("tei"), out_dir=tmp_path / "site", raw_dir=Path("raw"),
                   dry_run=True)  # fmt: skip
    assert report.personography == expected.describe()
