"""What teipipe agrees to read: links out of an input folder, broken personographies, inputs
of `transform` that are not TEI, and how many processes work by default."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from encode_helpers import REPO
from teipipe.cli import main
from teipipe.encode import FileResult, PersonographyError, encode_paths, load_personography
from teipipe.encode.batch import collect_inputs
from teipipe.files import collect
from teipipe.transform.corpus import document_paths
from transform_support import PERSONS, TELEGRAM, TRANSCRIPT

SEEDS = sorted((REPO / "raw").glob("0*.txt"))


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def _raw_with_link(tmp_path: Path) -> tuple[Path, Path]:
    """raw/ holding one seed, and `passwd.txt` linking to a file outside raw/."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEEDS[0], raw)
    secret = tmp_path / "private" / "secret.txt"
    secret.parent.mkdir()
    shutil.copy(SEEDS[1], secret)
    (raw / "passwd.txt").symlink_to(secret)
    return raw, secret


# --- links out of input folders ---------------------------------------------------------------


def test_link_out_of_the_raw_folder_is_refused_and_named(tmp_path: Path) -> None:
    raw, secret = _raw_with_link(tmp_path)
    code, out = run("encode", str(raw), "-o", str(tmp_path / "tei"), "-j", "1")
    assert code == 1
    refusals = [line for line in out.splitlines() if "passwd.txt" in line]
    assert len(refusals) == 1
    assert refusals[0].startswith(f"{raw / 'passwd.txt'}: error: ")
    assert str(secret) in refusals[0] and "--follow-symlinks" in refusals[0]
    assert not (tmp_path / "tei" / "passwd.xml").exists()
    assert (tmp_path / "tei" / f"{SEEDS[0].stem}.xml").exists()  # the rest is still encoded
    assert "1 encoded" in out and "1 failed" in out


def test_follow_symlinks_encodes_the_linked_file(tmp_path: Path) -> None:
    raw, _secret = _raw_with_link(tmp_path)
    code, out = run("encode", str(raw), "-o", str(tmp_path / "tei"), "-j", "1",
                    "--follow-symlinks")
    assert code == 0, out
    assert (tmp_path / "tei" / "passwd.xml").exists()


def test_link_inside_the_folder_is_fine(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    (raw / "sub").mkdir(parents=True)
    shutil.copy(SEEDS[0], raw / "sub")
    (raw / "alias.txt").symlink_to(Path("sub") / SEEDS[0].name)
    (raw / "again").symlink_to("sub")  # a linked folder inside is not walked twice
    (raw / "loop").symlink_to(".")
    found, refused = collect([raw], "*.txt")
    assert found == [raw / "alias.txt", raw / "sub" / SEEDS[0].name]
    assert refused == []


def test_link_to_a_folder_outside_is_refused_unless_followed(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.copy(SEEDS[0], outside)
    (outside / "back").symlink_to(outside)  # a loop must not hang the walk
    (raw / "linked").symlink_to(outside)
    found, refused = collect([raw], "*.txt")
    assert found == []
    assert [entry.path for entry in refused] == [raw / "linked"]
    assert str(outside) in str(refused[0])
    found, refused = collect([raw], "*.txt", follow_symlinks=True)
    assert found == [raw / "linked" / SEEDS[0].name] and refused == []


def test_file_named_by_the_user_is_read_even_through_a_link(tmp_path: Path) -> None:
    raw, _secret = _raw_with_link(tmp_path)
    found, refused = collect([raw / "passwd.txt"], "*.txt")
    assert found == [raw / "passwd.txt"] and refused == []


def test_progress_total_counts_refused_inputs(tmp_path: Path) -> None:
    raw, _secret = _raw_with_link(tmp_path)
    seen: list[FileResult] = []
    encode_paths([raw], tmp_path / "tei", on_result=seen.append)
    assert len(collect_inputs([raw])) == len(seen) == 2
    assert sorted(r.status for r in seen) == ["encoded", "failed"]


def test_transform_refuses_a_tei_link_out_of_the_folder(tmp_path: Path) -> None:
    tei = tmp_path / "tei"
    tei.mkdir()
    shutil.copy(TELEGRAM, tei)
    (tei / "stolen.xml").symlink_to(TRANSCRIPT)
    assert document_paths([tei]) == [tei / TELEGRAM.name]
    code, out = run("transform", str(tei), "--to", "text", "-o", str(tmp_path / "out"))
    assert code == 1
    assert f"{tei / 'stolen.xml'}: error: is a link to the file {TRANSCRIPT}" in out
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [f"{TELEGRAM.stem}.txt"]


# --- the personography ------------------------------------------------------------------------

BROKEN = (
    '<TEI xmlns="http://www.tei-c.org/ns/1.0">\n'
    "  <standOff><listPerson>\n"
    '    <person xml:id="a"><persName>A</persName></person>\n'
    "    <person><persName>B</persNme></person>\n"
    "  </listPerson></standOff>\n"
    "</TEI>\n"
)


def test_malformed_personography_is_an_error_at_its_line(tmp_path: Path) -> None:
    persons = tmp_path / "persons.xml"
    persons.write_text(BROKEN)
    code, out = run("encode", str(SEEDS[0]), "-o", str(tmp_path / "tei"), "--persons",
                    str(persons))
    assert code == 1
    # the first line says which personography is used; the error is the only other line
    used, error = out.splitlines(keepends=True)
    assert used.startswith(f"personography: {persons}")
    assert re.fullmatch(rf"{re.escape(str(persons))}:4:\d+: error: .*persName.*\n", error), out
    assert not (tmp_path / "tei" / f"{SEEDS[0].stem}.xml").exists()


def test_malformed_default_personography_is_named(tmp_path: Path) -> None:
    tei = tmp_path / "tei"
    tei.mkdir()
    (tei / "persons.xml").write_text(BROKEN)
    code, out = run("encode", str(SEEDS[0]), "-o", str(tei))
    assert code == 1 and "Traceback" not in out
    assert out.splitlines()[1].startswith(f"{tei / 'persons.xml'}:4:"), out


def test_empty_personography_is_an_error(tmp_path: Path) -> None:
    persons = tmp_path / "empty.xml"
    persons.write_bytes(b"")
    code, out = run("encode", str(SEEDS[0]), "-o", str(tmp_path / "tei"), "--persons",
                    str(persons))
    assert code == 1
    assert out.splitlines()[1:] == [f"{persons}:1:1: error: Document is empty"], out


def test_personography_error_is_typed_for_callers(tmp_path: Path) -> None:
    persons = tmp_path / "persons.xml"
    persons.write_text(BROKEN)
    with pytest.raises(PersonographyError, match=r"persons\.xml:4:\d+: error: "):
        load_personography(persons)
    with pytest.raises(PersonographyError, match="cannot read the personography"):
        load_personography(tmp_path / "missing.xml")


# --- transform inputs that are not TEI --------------------------------------------------------


def test_transform_reports_a_file_that_is_not_xml_and_goes_on(tmp_path: Path) -> None:
    notes = tmp_path / "notes.xml"
    notes.write_text("Meeting notes, not XML at all\n")
    code, out = run("transform", str(notes), str(TELEGRAM), "--to", "html",
                    "-o", str(tmp_path / "out"))
    assert code == 1
    assert f"{notes}:1:1: error: " in out
    assert (tmp_path / "out" / f"{TELEGRAM.stem}.html").exists()
    assert "1 html file(s) written" in out


def test_transform_refuses_xml_that_is_not_tei(tmp_path: Path) -> None:
    other = tmp_path / "other.xml"
    other.write_text("<catalog><item/></catalog>\n")
    code, out = run("transform", str(other), "--to", "text", "-o", str(tmp_path / "out"))
    assert code == 1
    assert f"{other}: error: not a TEI document (its root element is catalog)" in out


def test_transform_of_a_folder_reports_malformed_xml_and_passes_over_the_personography(
    tmp_path: Path,
) -> None:
    tei = tmp_path / "tei"
    tei.mkdir()
    shutil.copy(TELEGRAM, tei)
    shutil.copy(PERSONS, tei)
    (tei / "broken.xml").write_text("<TEI>\n  <text>\n</TEI>\n")
    code, out = run("transform", str(tei), "--to", "text", "-o", str(tmp_path / "out"))
    assert code == 1
    assert re.search(rf"^{re.escape(str(tei / 'broken.xml'))}:3:\d+: error: ", out, re.M)
    assert "persons.xml" not in out
    code, out = run("transform", str(tei / TELEGRAM.name), str(tei / "persons.xml"),
                    "--to", "text", "-o", str(tmp_path / "again"))
    assert code == 0, out


# --- parallel by default ----------------------------------------------------------------------


@pytest.mark.parametrize("command", ["encode", "validate"])
def test_jobs_default_to_the_available_cores(command: str) -> None:
    cores = len(os.sched_getaffinity(0))
    code, out = run(command, "--help")
    assert code == 0
    help_text = " ".join(out.split())
    assert re.search(rf"-j, --jobs INTEGER RANGE .*\[default: {cores};", help_text)
