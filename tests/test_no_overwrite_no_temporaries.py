"""What teipipe agrees to write: never over an input or a TEI file it did not write, always
whole (atomically), and without leaving the temporaries of a killed run behind."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from encode_helpers import REPO
from teipipe.cli import main
from teipipe.encode import encode_paths
from teipipe.encode.batch import OutputError
from teipipe.files import clean_stale_temporaries, write_atomically
from teipipe.transform import transform_paths
from transform_support import PERSONS, TELEGRAM, TRANSCRIPT

SEEDS = sorted((REPO / "raw").glob("0*.txt"))


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _dead_pid() -> int:
    """A process id no process can have: one above the kernel's limit."""
    return int(Path("/proc/sys/kernel/pid_max").read_text()) + 1


# --- no output over an input or a TEI file ----------------------------------------------------


def test_transform_into_its_own_input_folder_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tei = tmp_path / "tei"
    tei.mkdir()
    for source in (TELEGRAM, TRANSCRIPT, PERSONS):
        shutil.copy(source, tei)
    before = _snapshot(tei)
    monkeypatch.chdir(tei)
    code, out = run("transform", ".", "--to", "dc", "-o", ".")
    assert code == 1
    assert "is one of the inputs" in out and "nothing written" in out
    assert _snapshot(tei) == before


def test_transform_never_replaces_an_existing_tei_file(tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    shutil.copy(TRANSCRIPT, out_dir / f"{TELEGRAM.stem}.xml")  # somebody's TEI, not an input
    before = _snapshot(out_dir)
    code, out = run("transform", str(TELEGRAM), "--to", "dc", "-o", str(out_dir))
    assert code == 1
    assert f"{out_dir / TELEGRAM.stem}.xml is an existing TEI file" in out
    assert _snapshot(out_dir) == before


def test_transform_replaces_its_own_earlier_outputs(tmp_path: Path) -> None:
    out_dir = tmp_path / "dc"
    assert run("transform", str(TELEGRAM), "--to", "dc", "-o", str(out_dir))[0] == 0
    code, out = run("transform", str(TELEGRAM), "--to", "dc", "-o", str(out_dir))
    assert code == 0, out


def test_transform_refuses_two_inputs_for_one_output(tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(TELEGRAM, other)
    code, out = run("transform", str(TELEGRAM), str(other / TELEGRAM.name), "--to", "text",
                    "-o", str(tmp_path / "out"))
    assert code == 1 and "would be written twice" in out
    assert not (tmp_path / "out").exists()


def test_encode_refuses_to_write_over_its_input(tmp_path: Path) -> None:
    folder = tmp_path / "tei"
    folder.mkdir()
    source = folder / "letter.xml"  # a text file that happens to be named .xml
    source.write_bytes(SEEDS[0].read_bytes())
    code, out = run("encode", str(source), "-o", str(folder), "-j", "1", "--force")
    assert code == 1 and "is one of the inputs" in out
    assert source.read_bytes() == SEEDS[0].read_bytes()


def test_encode_refuses_to_write_over_the_personography(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEEDS[0], raw / "persons.txt")
    tei = tmp_path / "tei"
    tei.mkdir()
    shutil.copy(PERSONS, tei / "persons.xml")
    with pytest.raises(OutputError, match=r"persons\.xml is one of the inputs"):
        encode_paths([raw], tei, persons=tei / "persons.xml", force=True)
    assert (tei / "persons.xml").read_bytes() == PERSONS.read_bytes()


# --- the atomic writer and its temporaries ----------------------------------------------------


def test_write_atomically_writes_whole_readable_files(tmp_path: Path) -> None:
    target = tmp_path / "a.xml"
    target.write_bytes(b"old")
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert os.listdir(tmp_path) == ["a.xml"]


def test_write_atomically_removes_its_temporary_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.mkdir()  # os.replace cannot put a file over a folder
    (target / "inside").write_text("x")
    with pytest.raises(OSError):
        write_atomically(target, b"data")
    assert os.listdir(tmp_path) == ["taken"]


def test_only_stale_temporaries_of_teipipe_are_removed(tmp_path: Path) -> None:
    dead, live = _dead_pid(), os.getpid()
    stale = [f".a.xml.{dead}.k2j4h1x9.tmp", f".b.html.{dead}.tmp", ".c.xml.k2j4h1x9.tmp"]
    kept = [
        f".a.xml.{live}.k2j4h1x9.tmp",  # being written by a live process
        f".b.html.{live}.tmp",
        ".d.xml.m3n5b7v9.tmp",  # no process named, but newer than the run
        "notes.tmp", f"a.xml.{dead}.k2j4h1x9.tmp", ".a.xml.tmp", ".hidden", "e.xml",
        ".notes.draft123.tmp",  # the shape of an old encoder's temporary, but not of a TEI file
    ]
    for name in stale + kept:
        (tmp_path / name).write_text("x")
    os.utime(tmp_path / ".c.xml.k2j4h1x9.tmp", (1_000_000, 1_000_000))
    os.utime(tmp_path / ".d.xml.m3n5b7v9.tmp", (3_000_000, 3_000_000))
    os.utime(tmp_path / ".notes.draft123.tmp", (1_000_000, 1_000_000))
    (tmp_path / f".dir.{dead}.tmp").mkdir()
    removed = clean_stale_temporaries(tmp_path, started=2_000_000)
    assert removed == sorted(tmp_path / name for name in stale)
    assert sorted(os.listdir(tmp_path)) == sorted([*kept, f".dir.{dead}.tmp"])


def test_encode_cleans_temporaries_a_killed_run_left(tmp_path: Path) -> None:
    tei = tmp_path / "tei"
    tei.mkdir()
    leftover = tei / f".{SEEDS[0].stem}.xml.{_dead_pid()}.q1w2e3r4.tmp"
    leftover.write_text("<TEI")
    live = tei / f".{SEEDS[0].stem}.xml.{os.getpid()}.q1w2e3r4.tmp"
    live.write_text("<TEI")
    code, out = run("encode", str(SEEDS[0]), "-o", str(tei), "-j", "1")
    assert code == 0, out
    assert not leftover.exists() and live.exists()
    assert "1 stale temporary file(s) removed" in out


def test_transform_cleans_temporaries_a_killed_run_left(tmp_path: Path) -> None:
    out_dir = tmp_path / "text"
    out_dir.mkdir()
    leftover = out_dir / f".{TELEGRAM.stem}.txt.{_dead_pid()}.q1w2e3r4.tmp"
    leftover.write_text("half")
    report = transform_paths([TELEGRAM], "text", out_dir)
    assert report.cleaned == [leftover] and not leftover.exists()
    assert os.listdir(out_dir) == [f"{TELEGRAM.stem}.txt"]
