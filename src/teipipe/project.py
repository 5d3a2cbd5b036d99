"""A teipipe project checkout: `raw/` (plain-text inputs) beside `tei/` (their encodings)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from teipipe.resources import PACKAGE_DIR


def find_project(start: Path | None = None) -> Path | None:
    """The nearest folder at or above `start` that holds both `raw/` and `tei/`."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "raw").is_dir() and (folder / "tei").is_dir():
            return folder
    return None


def default_persons(out_dir: Path, inputs: Iterable[Path] = ()) -> Path | None:
    """The personography to use when none is named.

    `persons.xml` beside the output, else the `tei/persons.xml` of the project we are in, of
    the project the inputs live in, or of the checkout teipipe itself runs from.
    """
    candidates = [out_dir / "persons.xml"]
    for start in (Path.cwd(), *(p if p.is_dir() else p.parent for p in inputs), PACKAGE_DIR):
        project = find_project(start)
        if project is not None:
            candidates.append(project / "tei" / "persons.xml")
    return next((c for c in candidates if c.is_file()), None)
