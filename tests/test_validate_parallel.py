"""`validate -j`: the Schematron layer runs in the worker processes, with its rules compiled
once before they fork (an embedded Schematron included), and finds what one process finds."""

from __future__ import annotations

import shutil
from pathlib import Path

from teipipe.validate import runner

HERE = Path(__file__).resolve().parent / "fixtures" / "schematron"
DOCUMENT = HERE / "document.xml"
EMBEDDED = HERE / "embedded.rng"


def _copies(folder: Path, count: int) -> list[Path]:
    paths = []
    for index in range(count):
        path = folder / f"document-{index}.xml"
        shutil.copyfile(DOCUMENT, path)
        paths.append(path)
    return paths


def test_parallel_run_finds_what_one_process_finds(tmp_path: Path) -> None:
    _copies(tmp_path, 4)
    one = runner.validate_paths([tmp_path], schemas=[EMBEDDED], jobs=1)
    two = runner.validate_paths([tmp_path], schemas=[EMBEDDED], jobs=2)
    assert any(p.layer == "schematron" for p in one)
    assert sorted(one) == sorted(two)


def test_embedded_rules_are_compiled_before_the_workers_fork(tmp_path: Path) -> None:
    _copies(tmp_path, 2)
    runner._compiled.clear()
    runner.validate_paths([tmp_path], schemas=[EMBEDDED], jobs=2)
    kinds = {key[1] for key in runner._compiled if key[0] == EMBEDDED.resolve()}
    assert runner.EMBEDDED in kinds
