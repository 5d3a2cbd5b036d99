"""`validate -j`: the Schematron layer runs in the worker processes, with its rules compiled
once before they fork (an embedded Schematron included), and finds what one process finds."""

from __future__ import annotations

import shutil
from pathlib import Path

from teipipe.validate import parsing, runner

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


def test_schemas_the_documents_name_are_compiled_before_the_workers_fork(
    tmp_path: Path,
) -> None:
    """No --schema: the xml-model PIs are read (from the first bytes of each file) and their
    schemas compiled in the parent, embedded rules included."""
    shutil.copyfile(EMBEDDED, tmp_path / "rules.rng")
    body = DOCUMENT.read_text(encoding="utf-8").split("?>", 1)[1]  # after the declaration
    prolog = (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        "<?xml-model href='rules.rng' schematypens='http://relaxng.org/ns/structure/1.0'?>\n"
        '<?xml-model href="rules.rng" type="application/xml"\n'
        '  schematypens="http://purl.oclc.org/dsdl/schematron"?>\n'
    )
    for index in range(2):
        (tmp_path / f"d{index}.xml").write_text(prolog + body, encoding="utf-8")
    runner._compiled.clear()
    runner.validate_paths([tmp_path], jobs=2)
    kinds = {key[1] for key in runner._compiled if key[0] == (tmp_path / "rules.rng").resolve()}
    assert kinds == {".rng", runner.EMBEDDED}


def test_model_hints_read_what_the_parser_reads_from_a_prolog(tmp_path: Path) -> None:
    path = tmp_path / "d.xml"
    path.write_text(
        "<?xml version='1.0'?>\n<!-- a comment -->\n"
        "<?xml-model href='a&amp;b.rng' schematypens='http://relaxng.org/ns/structure/1.0'?>\n"
        '<?xml-model type="application/xml"\n href="s.sch"?>\n'
        "<?xml-model schematypens='x'?>\n<TEI/>\n",
        encoding="utf-8",
    )
    assert parsing.model_hints(path) == parsing.prolog_models(path)
    assert [m.href for m in parsing.model_hints(path)] == ["a&amp;b.rng", "s.sch"]
    assert parsing.model_hints(tmp_path / "missing.xml") == []
