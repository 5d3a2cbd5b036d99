"""What the build guarantees: it never publishes unchecked text, never deletes what it did not
write, never trusts a record or output it cannot check, and survives being killed.

Each test reproduces a defect found by using the build as a demanding editor (or an attacker)
would, through the real command line and the real validator.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import bagit
import pytest

from build_support import RECORD, make_project, mtimes, published, teipipe

MEMO = "msc_cuba004"
CALL = "000_03d16a86b0456ebe"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project of one short memo, built once."""
    root = make_project(tmp_path / "project", (MEMO,))
    first = teipipe("build", "-j", "1", cwd=root)
    assert first.returncode == 0, first.stderr + first.stdout
    return root


def _last_line(result: subprocess.CompletedProcess[str]) -> str:
    return (result.stdout or result.stderr).strip().splitlines()[-1]


def test_malformed_hand_edit_is_an_error_and_the_edition_stays(project: Path) -> None:
    tei = project / "tei" / f"{MEMO}.xml"
    text = tei.read_text(encoding="utf-8").splitlines()
    line = next(n for n, content in enumerate(text, start=1) if "<p>" in content and n > 30)
    text[line - 1] = text[line - 1].replace("</p>", "</q>", 1)
    tei.write_text("\n".join(text) + "\n", encoding="utf-8")
    before = mtimes(project / "build")

    result = teipipe("build", cwd=project)

    assert result.returncode == 1
    assert f"tei/{MEMO}.xml:{line}:" in result.stderr  # file:line:column
    assert "error" in result.stderr
    assert "nothing published" in result.stdout
    after = mtimes(project / "build")
    assert {k: v for k, v in after.items() if k != RECORD} == {
        k: v for k, v in before.items() if k != RECORD
    }
    assert f"html/{MEMO}.html" in (project / "build" / "index.html").read_text("utf-8")


def test_raw_text_changed_under_a_hand_edited_tei_is_validated_again(project: Path) -> None:
    tei = project / "tei" / f"{MEMO}.xml"
    tei.write_text(tei.read_text("utf-8").replace("</body>", "<!-- checked --></body>"), "utf-8")
    assert teipipe("build", cwd=project).returncode == 0  # a harmless hand edit is published
    raw = project / "raw" / f"{MEMO}.txt"
    raw.write_text(raw.read_text("utf-8") + "\nA sentence the TEI does not have.\n", "utf-8")

    result = teipipe("build", cwd=project)

    assert result.returncode == 1, result.stdout
    assert "Nothing to do" not in result.stdout
    assert "text-fidelity" in result.stderr and "kept" in result.stderr


def test_own_schemas_apply_whatever_the_xml_model_names(project: Path) -> None:
    tei = project / "tei" / f"{MEMO}.xml"
    text = tei.read_text("utf-8")
    text = text.replace("https://teipipe.org/schemas/1/teipipe.rng", "https://example.org/x.rng")
    text = text.replace("https://teipipe.org/schemas/1/teipipe.sch", "https://example.org/x.sch")
    text = text.replace("<body>", '<body><ab type="not-in-the-profile">x</ab>', 1)
    tei.write_text(text, encoding="utf-8")

    result = teipipe("build", cwd=project)

    assert result.returncode == 1
    assert "[teipipe.rng]" in result.stderr  # our profile found the element it does not allow
    assert "xml-model-unresolved" in result.stderr  # and the unknown URL is still said


def test_a_changed_schema_validates_again(project: Path) -> None:
    tei = project / "tei" / f"{MEMO}.xml"
    schema = project / "tei" / "local.rng"
    schema.write_text(
        '<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><element>'
        "<anyName/><ref name='any'/></element></start><define name='any'><zeroOrMore>"
        "<choice><attribute><anyName/></attribute><text/><element><anyName/><ref name='any'/>"
        "</element></choice></zeroOrMore></define></grammar>",
        encoding="utf-8",
    )
    text = tei.read_text("utf-8").replace(
        "<TEI ", '<?xml-model href="local.rng" schematypens="http://relaxng.org/ns/structure/1.0"?>'
        "\n<TEI ", 1)
    tei.write_text(text, encoding="utf-8")
    assert teipipe("build", cwd=project).returncode == 0
    again = teipipe("build", cwd=project)
    assert _last_line(again).startswith("Nothing to do")

    schema.write_text(schema.read_text("utf-8").replace("<anyName/><ref", "<name ns="
                                                        "'http://www.tei-c.org/ns/1.0'>TEI</name>"
                                                        "<ref", 1), encoding="utf-8")
    result = teipipe("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "validated 1" in _last_line(result)


@pytest.mark.parametrize(
    "record",
    [
        {"version": 2, "outputs": {"../victim.txt": {"from": "0" * 64, "sha256": "0" * 64}}},
        {"version": 2, "outputs": {"/VICTIM": {"from": "0" * 64, "sha256": "0" * 64}}},
        {"version": 2, "outputs": None},
        {"outputs": {"html/x.html": "abc"}},
        "not even an object",
    ],
    ids=["parent", "absolute", "null", "old-shape", "garbage"],
)
def test_an_untrusted_record_is_discarded_and_nothing_outside_is_deleted(
    project: Path, record: object
) -> None:
    victim = project / "victim.txt"
    victim.write_text("the editor's notes", encoding="utf-8")
    text = json.dumps(record).replace("/VICTIM", str(victim))
    (project / "build" / RECORD).write_text(text, encoding="utf-8")

    result = teipipe("build", cwd=project)

    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "not trusted" in result.stderr and "building afresh" in result.stderr
    assert victim.read_text(encoding="utf-8") == "the editor's notes"
    assert teipipe("build", cwd=project).stdout.startswith("Nothing to do")


def test_outputs_changed_on_disk_are_made_again(project: Path) -> None:
    out = project / "build"
    good = published(out)
    (out / "html" / f"{MEMO}.html").write_bytes(b"")
    (out / "pdf" / f"{MEMO}.pdf").write_bytes(b"%PDF-garbage")
    (out / "html" / "teipipe.css").unlink()

    result = teipipe("build", "-v", cwd=project)

    assert result.returncode == 0, result.stderr
    assert _last_line(result).startswith("Built 4 outputs (bag 1, css 1, html 1, pdf 1)")
    assert published(out) == good


def test_a_file_the_user_changed_is_not_removed(project: Path) -> None:
    out = project / "build"
    mine = out / "text" / f"{MEMO}.txt"
    mine.write_text("my own notes, kept in the output folder", encoding="utf-8")
    (project / "raw" / f"{MEMO}.txt").unlink()
    (project / "tei" / f"{MEMO}.xml").unlink()

    result = teipipe("build", cwd=project)

    assert mine.read_text(encoding="utf-8") == "my own notes, kept in the output folder"
    assert "not removed: changed since teipipe wrote it" in result.stderr
    assert not (out / "html" / f"{MEMO}.html").exists()  # what it wrote itself is removed


def test_a_document_whose_raw_file_is_gone_is_kept_and_reported(project: Path) -> None:
    (project / "raw" / f"{MEMO}.txt").unlink()
    result = teipipe("build", cwd=project)
    assert result.returncode == 0
    assert (project / "tei" / f"{MEMO}.xml").exists()
    assert "raw file is gone" in result.stderr


def test_keep_going_publishes_the_rest_and_fails(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", (MEMO,))
    (root / "raw" / "binary.txt").write_bytes(bytes(range(256)) * 8)
    stopped = teipipe("build", cwd=root)
    assert stopped.returncode == 1 and not (root / "build" / "index.html").exists()

    result = teipipe("build", "--keep-going", cwd=root)

    assert result.returncode == 1
    assert (root / "build" / "html" / f"{MEMO}.html").exists()
    assert "binary.txt" in result.stderr
    assert "binary" not in (root / "build" / "index.html").read_text("utf-8")


def test_dry_run_changes_nothing_and_says_what_it_would_do(project: Path) -> None:
    raw = project / "raw" / f"{MEMO}.txt"
    raw.write_text(raw.read_text("utf-8") + "\nOne more line.\n", "utf-8")
    before = published(project, with_record=True)

    result = teipipe("build", "--dry-run", cwd=project)

    assert result.returncode == 0, result.stderr
    assert published(project, with_record=True) == before
    assert result.stdout.startswith("Dry run: would encode 1, validate 1, make 13 outputs")


def test_quiet_prints_only_errors_and_the_summary(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", (MEMO,))
    result = teipipe("build", "-q", cwd=root)
    assert result.returncode == 0
    assert result.stderr == ""
    assert len(result.stdout.splitlines()) == 1


def _has_room_check() -> None:
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system for a full disk needs root")


def test_a_full_disk_is_a_clean_error_and_the_next_build_completes(tmp_path: Path) -> None:
    _has_room_check()
    root = make_project(tmp_path / "p", (MEMO,))
    out = tmp_path / "disk"
    out.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=96k", "tmpfs", str(out)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.strip()}")
    try:
        full = teipipe("build", "--out", str(out), cwd=root)
        assert full.returncode == 1
        assert "Traceback" not in full.stderr
        assert "No space left on device" in full.stderr
        assert not [p for p in out.rglob("*.tmp")], "half-written files left behind"
        subprocess.run(["mount", "-o", "remount,size=64m", str(out)], check=True)
        done = teipipe("build", "--out", str(out), cwd=root)
        assert done.returncode == 0, done.stderr
        clean = teipipe("build", "--out", str(tmp_path / "clean"), cwd=root)
        assert clean.returncode == 0
        assert published(out) == published(tmp_path / "clean")
    finally:
        subprocess.run(["umount", "-l", str(out)], check=False)


def test_killed_builds_lose_no_work_and_leave_no_workers(tmp_path: Path) -> None:
    """Kill `build -j 2` at random points, several times; the next build reaches exactly what
    a clean build makes, and no worker outlives its parent."""
    root = make_project(tmp_path / "p", (MEMO, CALL))
    clean_root = make_project(tmp_path / "clean", (MEMO, CALL))
    assert teipipe("build", cwd=clean_root).returncode == 0
    chance = random.Random(20261202)
    for _ in range(3):
        process = subprocess.Popen(
            [sys.executable, "-m", "teipipe", "build", "-j", "2"], cwd=root,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        time.sleep(chance.uniform(0.5, 3.0))
        process.send_signal(signal.SIGKILL)
        process.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and _group_alive(process.pid):
            time.sleep(0.1)
        assert not _group_alive(process.pid), "workers outlived the killed build"
    final = teipipe("build", "-j", "2", cwd=root)
    assert final.returncode == 0, final.stderr
    assert published(root / "build") == published(clean_root / "build")
    assert published(root / "tei") == published(clean_root / "tei")
    assert not list(root.rglob("*.tmp"))
    bagit.Bag(str(root / "build" / "bag")).validate()  # the dated files, checked their own way
    history = json.loads((root / "build" / "oai" / "records.json").read_text("utf-8"))
    assert sorted(history["records"]) == sorted((MEMO, CALL))
    assert teipipe("build", cwd=root).stdout.startswith("Nothing to do")


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def test_links_out_of_the_input_folder_are_refused_unless_followed(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", (MEMO,))
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (root / "raw" / "passwd.txt").symlink_to(secret)

    refused = teipipe("build", cwd=root)
    assert refused.returncode == 1
    assert "passwd.txt" in refused.stderr and "outside" in refused.stderr
    assert not (root / "build" / "html" / "passwd.html").exists()

    followed = teipipe("build", "--follow-symlinks", "--keep-going", cwd=root)
    assert (root / "tei" / "passwd.xml").exists(), followed.stderr


def test_a_typo_in_the_personography_is_located(project: Path) -> None:
    persons = project / "tei" / "persons.xml"
    lines = persons.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, start=1) if "<person " in text)
    lines[line - 1] = lines[line - 1].replace("<person ", "<person <", 1)
    persons.write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = teipipe("build", cwd=project)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "<string>" not in result.stderr
    assert f"tei/persons.xml:{line}:" in result.stderr


def test_force_makes_everything_again_but_keeps_hand_edits(project: Path) -> None:
    tei = project / "tei" / f"{MEMO}.xml"
    tei.write_text(tei.read_text("utf-8").replace("</body>", "<!-- mine --></body>"), "utf-8")
    result = teipipe("build", "--force", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "<!-- mine -->" in tei.read_text("utf-8")
    assert "validated 1" in _last_line(result) and "0 up to date" in _last_line(result)


def test_a_changed_shipped_schema_changes_every_verdict_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    import teipipe.build as build_module

    package = tmp_path / "teipipe"
    shutil.copytree(build_module.PACKAGE_DIR / "schemas", package / "schemas")
    shutil.copytree(build_module.PACKAGE_DIR / "validate", package / "validate")
    shutil.copy(build_module.PACKAGE_DIR / "fidelity.py", package)
    monkeypatch.setattr(build_module, "PACKAGE_DIR", package)
    before = build_module.validation_tools()
    rules = package / "schemas" / "teipipe.sch"
    rules.write_text(rules.read_text("utf-8").replace("</schema>", "<!-- --></schema>"), "utf-8")
    assert build_module.validation_tools() != before


def test_verdict_keys_cover_the_files_validation_reads() -> None:
    """The decoder of raw text, the reading-text stylesheet with what it imports, and the
    Schematron compiler: a change to any of them must make the build check every document
    again."""
    import teipipe.build as build_module
    from teipipe.fidelity import READING_STYLESHEET
    from teipipe.resources import stylesheet

    sources = build_module.validation_sources()
    assert build_module.PACKAGE_DIR / "decode.py" in sources
    assert stylesheet(READING_STYLESHEET) in sources
    assert stylesheet("common.xsl") in sources  # imported by the reading-text stylesheet
    assert stylesheet("schematron-compile.xsl") in sources  # Schematron's verdicts too
