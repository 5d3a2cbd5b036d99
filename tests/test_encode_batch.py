"""`teipipe encode` on folders: exit codes, summaries, no clobbering, atomic writes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from encode_helpers import REPO
from teipipe.cli import main

SEEDS = sorted((REPO / "raw").glob("0*.txt"))


def _inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, folder)
    return folder


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["encode", *args])
    return result.exit_code, result.output


def test_folder_is_encoded_with_summary(tmp_path: Path) -> None:
    code, out = run(str(_inputs(tmp_path)), "-o", str(tmp_path / "tei"))
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "tei").iterdir()) == [s.stem + ".xml" for s in SEEDS]
    assert "2 encoded" in out and "0 failed" in out


def test_bad_file_fails_alone_and_sets_exit_code(tmp_path: Path) -> None:
    folder = _inputs(tmp_path)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(b"\x00\x01\x02" * 100)
    code, out = run(str(folder), "-o", str(tmp_path / "tei"))
    assert code == 1
    assert "empty.txt: error: empty file" in out
    assert "image.txt: error: binary file, not text" in out
    assert "2 encoded" in out and "2 failed" in out
    assert not (tmp_path / "tei" / "empty.xml").exists()
    assert not (tmp_path / "tei" / "image.xml").exists()


def test_second_run_does_no_work(tmp_path: Path) -> None:
    folder = _inputs(tmp_path)
    run(str(folder), "-o", str(tmp_path / "tei"))
    code, out = run(str(folder), "-o", str(tmp_path / "tei"))
    assert code == 0 and "0 encoded, 2 unchanged" in out


def test_hand_edited_tei_is_kept_unless_forced(tmp_path: Path) -> None:
    folder = _inputs(tmp_path)
    out_dir = tmp_path / "tei"
    run(str(folder), "-o", str(out_dir))
    target = out_dir / (SEEDS[0].stem + ".xml")
    edited = target.read_bytes().replace(b"wound up very promptly", b"wound up at once")
    target.write_bytes(edited)
    (folder / SEEDS[0].name).write_bytes(SEEDS[0].read_bytes() + b"\n")  # input changed too
    code, out = run(str(folder), "-o", str(out_dir))
    assert code == 0
    assert "was edited after teipipe wrote it; kept" in out
    assert target.read_bytes() == edited
    code, out = run(str(folder), "-o", str(out_dir), "--force")
    assert b"wound up very promptly" in target.read_bytes()


def test_foreign_file_in_the_way_is_never_overwritten(tmp_path: Path) -> None:
    out_dir = tmp_path / "tei"
    out_dir.mkdir()
    mine = out_dir / (SEEDS[0].stem + ".xml")
    mine.write_text("<notes>my own work</notes>")
    _code, out = run(str(SEEDS[0]), "-o", str(out_dir))
    assert "was not written by teipipe; kept" in out
    assert mine.read_text() == "<notes>my own work</notes>"


def test_no_temporary_files_are_left(tmp_path: Path) -> None:
    run(str(_inputs(tmp_path)), "-o", str(tmp_path / "tei"), "-j", "2")
    assert all(not p.name.startswith(".") for p in (tmp_path / "tei").iterdir())


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only folders")
def test_unwritable_output_folder_is_a_clean_error(tmp_path: Path) -> None:
    out_dir = tmp_path / "ro"
    out_dir.mkdir()
    out_dir.chmod(0o500)
    code, out = run(str(SEEDS[0]), "-o", str(out_dir))
    assert code == 1 and "not writable" in out and "Traceback" not in out


def test_output_folder_that_is_a_file_is_a_clean_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, out = run(str(SEEDS[0]), "-o", str(blocker / "tei"))
    assert code == 1 and "cannot create output folder" in out and "Traceback" not in out


def test_missing_input_is_reported(tmp_path: Path) -> None:
    code, out = run(str(tmp_path / "nope.txt"), "-o", str(tmp_path / "tei"))
    assert code == 1 and "nope.txt: error: cannot read" in out


def test_parallel_and_serial_give_the_same_bytes(tmp_path: Path) -> None:
    folder = _inputs(tmp_path)
    run(str(folder), "-o", str(tmp_path / "a"))
    run(str(folder), "-o", str(tmp_path / "b"), "-j", "2")
    for seed in SEEDS:
        name = seed.stem + ".xml"
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_version_and_module_entry_point() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and "teipipe, version" in result.output


def test_usage_error_exit_code() -> None:
    assert CliRunner().invoke(main, ["encode", "--jobs", "0"]).exit_code == 2


def test_personography_is_found_from_outside_the_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out = run(str(SEEDS[1]), "-o", "out")
    assert code == 0 and "not resolved" not in out
    assert 'who="#stevenson-adlai"' in (tmp_path / "out" / f"{SEEDS[1].stem}.xml").read_text()


def test_personography_beside_the_output_wins(tmp_path: Path) -> None:
    out_dir = tmp_path / "tei"
    out_dir.mkdir()
    (out_dir / "persons.xml").write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><standOff><listPerson>'
        '<person xml:id="aes"><persName type="full"><forename>Adlai</forename> '
        "<forename>E.</forename> <surname>Stevenson</surname></persName></person>"
        "</listPerson></standOff></TEI>"
    )
    code, _ = run(str(SEEDS[1]), "-o", str(out_dir))
    assert code == 0
    assert 'who="#aes"' in (out_dir / f"{SEEDS[1].stem}.xml").read_text()


def test_a_batch_is_all_or_old_files_and_leaves_no_temporaries(tmp_path: Path) -> None:
    from teipipe.files import AtomicBatch

    old = tmp_path / "a.xml"
    old.write_bytes(b"old")
    batch = AtomicBatch()
    batch.write(old, b"new a")
    batch.write(tmp_path / "b.xml", b"new b")
    assert old.read_bytes() == b"old"  # nothing is in place before the commit
    batch.abort()  # e.g. the run was interrupted
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xml"]
    assert old.read_bytes() == b"old"
    (tmp_path / "c.xml").mkdir()  # a target that cannot be replaced
    batch.write(old, b"new a")
    batch.write(tmp_path / "c.xml", b"new c")
    failed = batch.commit()
    assert list(failed) == [tmp_path / "c.xml"]
    assert old.read_bytes() == b"new a"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xml", "c.xml"]


def test_a_large_batch_is_synced_together_and_file_by_file_after_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from teipipe import files

    calls: list[str] = []
    fsync = os.fsync
    monkeypatch.setattr(files.os, "fsync", lambda fd: (calls.append("fsync"), fsync(fd))[1])
    for answer, fsyncs in ((0, 0), (-1, 12)):  # -1: syncfs failed, each file is synced alone
        monkeypatch.setattr(
            files, "_SYNCFS", lambda fd, answer=answer: calls.append("syncfs") or answer
        )
        calls.clear()
        batch = files.AtomicBatch()
        for i in range(12):
            batch.write(tmp_path / f"{answer}-{i}.xml", f"file {i}".encode())
        assert batch.commit() == {}
        assert calls.count("syncfs") == 1
        assert calls.count("fsync") == fsyncs + 1  # and the folder, for its renames
        assert [(tmp_path / f"{answer}-{i}.xml").read_text() for i in range(12)] == [
            f"file {i}" for i in range(12)
        ]
    calls.clear()
    batch = files.AtomicBatch()  # a few files: one fsync each, no syncfs
    batch.write(tmp_path / "few.xml", b"few")
    assert batch.commit() == {} and calls == ["fsync", "fsync"]


def test_results_of_a_batch_come_after_their_files_are_in_place(tmp_path: Path) -> None:
    seen: list[bool] = []
    folder = _inputs(tmp_path)
    from teipipe.encode import encode_paths

    encode_paths(
        [folder],
        tmp_path / "tei",
        on_result=lambda result: seen.append(result.output is not None and result.output.exists()),
    )
    assert seen == [True] * len(SEEDS)
