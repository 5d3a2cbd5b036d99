"""A small project checkout for build tests, and snapshots of what a build published."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO

PERSONOGRAPHY = REPO / "tei" / "persons.xml"
#: Two real documents of the collection: a transcript with footnotes, a short memo.
STEMS = ("000_03d16a86b0456ebe", "msc_cuba004")
RECORD = ".teipipe-build.json"
#: Files that say *when* things were published, so two builds of the same input differ in them:
#: the OAI record history (datestamps to the second) and the bag (bagging date, and manifests
#: of that history). Their own tests check them; comparisons of editions leave them out.
DATED = ("oai/records.json", "bag/")


def make_project(root: Path, stems: tuple[str, ...] = STEMS) -> Path:
    """`root` as a project checkout: raw/ with `stems` from the repository, tei/persons.xml."""
    (root / "raw").mkdir(parents=True)
    (root / "tei").mkdir()
    for stem in stems:
        shutil.copy(REPO / "raw" / f"{stem}.txt", root / "raw")
    shutil.copy(PERSONOGRAPHY, root / "tei")
    return root


def published(out: Path, *, with_record: bool = False) -> dict[str, bytes]:
    """Every file under `out` with its bytes; the build record and the DATED files are left
    out unless `with_record` is asked for."""
    return {
        name: path.read_bytes()
        for path in sorted(out.rglob("*"))
        if path.is_file()
        and (name := path.relative_to(out).as_posix())
        and (with_record or (path.name != RECORD and not name.startswith(DATED)))
    }


def mtimes(out: Path) -> dict[str, int]:
    return {
        path.relative_to(out).as_posix(): path.stat().st_mtime_ns
        for path in out.rglob("*")
        if path.is_file()
    }


def teipipe(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the real command line, as a user would, in `cwd`."""
    return subprocess.run(
        [sys.executable, "-m", "teipipe", *args], cwd=cwd, capture_output=True, text=True,
        timeout=600,
    )
