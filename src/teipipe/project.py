"""A teipipe project checkout: `raw/` (plain-text inputs) beside `tei/` (their encodings)."""

from __future__ import annotations

from pathlib import Path


def find_project(start: Path | None = None) -> Path | None:
    """The nearest folder at or above `start` that holds both `raw/` and `tei/`."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "raw").is_dir() and (folder / "tei").is_dir():
            return folder
    return None


def default_persons(out_dir: Path, project: Path | None) -> Path | None:
    """The personography to use when none is named: beside the output, else the project's."""
    for candidate in (
        out_dir / "persons.xml",
        project / "tei" / "persons.xml" if project else None,
    ):
        if candidate is not None and candidate.is_file():
            return candidate
    return None
