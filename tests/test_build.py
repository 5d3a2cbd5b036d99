"""teipipe build: raw → TEI → validation → the edition, and only what changed is done again."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REPO, SEEDS
from teipipe.build import MANIFEST, BuildReport, build
from teipipe.cli import main
from teipipe.validate.problems import Problem

STEMS = ("000_03d16a86b0456ebe", "004_616e472c30f512b7")
PERSONOGRAPHY = REPO / "tei" / "persons.xml"


class RecordingValidator:
    """Stands in for validate_paths: records what it was asked to check, reports `errors`."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []
        self.errors: dict[str, str] = {}

    def __call__(
        self, paths: Sequence[Path], *, raw_dir: Path | None = None, jobs: int = 1
    ) -> list[Problem]:
        self.calls.append(sorted(path.stem for path in paths))
        return [
            Problem(str(path), 1, 0, "error", "test-rule", "schematron", self.errors[path.stem])
            for path in paths
            if path.stem in self.errors
        ]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project checkout with the two seed documents and the corpus personography."""
    for needed in (SEEDS, PERSONOGRAPHY):
        if not needed.exists():
            pytest.skip(f"{needed} not found")
    (tmp_path / "raw").mkdir()
    (tmp_path / "tei").mkdir()
    for stem in STEMS:
        shutil.copy(SEEDS / f"{stem}.txt", tmp_path / "raw")
    shutil.copy(PERSONOGRAPHY, tmp_path / "tei")
    return tmp_path


def run(project: Path, validator: RecordingValidator) -> BuildReport:
    return build(raw_dir=project / "raw", tei_dir=project / "tei", out_dir=project / "build",
                 validator=validator)


def outputs(project: Path) -> dict[str, float]:
    """Every published file with its modification time (the bag's copies are left out: the bag
    is remade whole when anything changes, and has tests of its own)."""
    out = project / "build"
    return {
        path.relative_to(out).as_posix(): path.stat().st_mtime_ns
        for path in out.rglob("*")
        if path.is_file() and path.relative_to(out).parts[0] != "bag"
    }


def test_first_build_publishes_everything(project: Path) -> None:
    validator = RecordingValidator()
    report = run(project, validator)
    assert report.ok and not report.stopped
    assert report.encode is not None and report.encode.encoded == 2
    assert validator.calls == [list(STEMS)]  # the personography is not a document
    expected = {
        f"{folder}/{stem}{suffix}"
        for stem in STEMS
        for folder, suffix in (("html", ".html"), ("pdf", ".pdf"), ("text", ".txt"),
                               ("dc", ".xml"))
    } | {"index.html", "pdf/corpus.pdf", "epub/edition.epub", "html/teipipe.css",
         "html/search.js", "listing.xml", "corpus.xml", "oai/static-repository.xml",
         "oai/records.json", "search.sqlite", "search-index.js", MANIFEST, "tei/persons.xml",
         *(f"tei/{stem}.xml" for stem in STEMS)}
    assert set(outputs(project)) == expected
    assert len(report.built) == 22  # 21 files and the bag
    for stem in STEMS:  # the published TEI is the checked TEI
        published = project / "build" / "tei" / f"{stem}.xml"
        assert published.read_bytes() == (project / "tei" / f"{stem}.xml").read_bytes()
    index = (project / "build" / "index.html").read_text(encoding="utf-8")
    assert 'href="html/004_616e472c30f512b7.html"' in index
    page = (project / "build" / "html" / "004_616e472c30f512b7.html").read_text(encoding="utf-8")
    assert 'href="../index.html"' in page and 'href="teipipe.css"' in page


def test_second_build_does_nothing(project: Path) -> None:
    validator = RecordingValidator()
    run(project, validator)
    before = outputs(project)
    report = run(project, validator)
    assert report.did_nothing
    assert report.encode is not None and report.encode.unchanged == 2
    assert report.built == [] and report.unchanged == 22
    assert validator.calls == [list(STEMS)]  # not called again
    assert outputs(project) == before


def test_changing_one_raw_file_redoes_only_what_depends_on_it(project: Path) -> None:
    validator = RecordingValidator()
    run(project, validator)
    before = outputs(project)
    raw = project / "raw" / "000_03d16a86b0456ebe.txt"
    raw.write_text(raw.read_text(encoding="utf-8").replace("promptly", "quickly", 1),
                   encoding="utf-8")
    report = run(project, validator)
    assert report.encode is not None
    assert (report.encode.encoded, report.encode.unchanged) == (1, 1)
    assert validator.calls[-1] == ["000_03d16a86b0456ebe"]
    redone = {path for path, mtime in outputs(project).items() if before.get(path) != mtime}
    assert redone == {
        "tei/000_03d16a86b0456ebe.xml", "listing.xml", "html/000_03d16a86b0456ebe.html",
        "pdf/000_03d16a86b0456ebe.pdf",
        "text/000_03d16a86b0456ebe.txt", "dc/000_03d16a86b0456ebe.xml",
        "index.html", "pdf/corpus.pdf", "epub/edition.epub", MANIFEST, "corpus.xml",
        "oai/static-repository.xml", "oai/records.json", "search.sqlite", "search-index.js",
    }
    text = (project / "build" / "text" / "000_03d16a86b0456ebe.txt").read_text(encoding="utf-8")
    assert "to discuss next steps" in text and "see Kuznetsov quickly" in text


def test_validation_errors_stop_before_publishing(project: Path) -> None:
    validator = RecordingValidator()
    validator.errors["004_616e472c30f512b7"] = "speaker label without a person"
    report = run(project, validator)
    assert report.stopped and not report.ok
    assert [problem.message for problem in report.errors] == ["speaker label without a person"]
    assert not (project / "build" / "html").exists()
    # fixed: only the document that failed is validated again, then everything is published
    del validator.errors["004_616e472c30f512b7"]
    report = run(project, validator)
    assert validator.calls[-1] == ["004_616e472c30f512b7"]
    assert report.ok and len(report.built) == 22


def test_outputs_of_removed_documents_are_removed(project: Path) -> None:
    validator = RecordingValidator()
    run(project, validator)
    (project / "raw" / "004_616e472c30f512b7.txt").unlink()
    (project / "tei" / "004_616e472c30f512b7.xml").unlink()
    report = run(project, validator)
    assert {path.name for path in report.removed} == {
        "004_616e472c30f512b7.html", "004_616e472c30f512b7.pdf", "004_616e472c30f512b7.txt",
        "004_616e472c30f512b7.xml",
    }
    assert not (project / "build" / "html" / "004_616e472c30f512b7.html").exists()
    assert "004_616e472c30f512b7" not in (project / "build" / "index.html").read_text("utf-8")


def test_cli_build_in_a_project_checkout(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's main job, with the real validator."""
    pytest.importorskip("teipipe.validate", reason="validation is not available")
    monkeypatch.chdir(project)
    first = CliRunner().invoke(main, ["build", "-j", "2"])
    assert first.exit_code == 0, first.output
    assert first.output.splitlines()[-1].startswith("Built 22 outputs")
    assert "warning: footnote 4 has no marker" in first.output  # warnings listed, not counted
    assert (project / "build" / "pdf" / "corpus.pdf").exists()
    second = CliRunner().invoke(main, ["build"])
    assert second.exit_code == 0, second.output
    assert second.output.splitlines()[-1].startswith("Nothing to do: 2 documents, all 22 outputs")
    listed = CliRunner().invoke(main, ["build", "--warnings"])
    assert "warning: footnote 4 has no marker" in listed.output  # kept from the first run
