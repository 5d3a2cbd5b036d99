"""A teipipe project checkout: `raw/` (plain-text inputs) beside `tei/` (their encodings)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


def find_project(start: Path | None = None) -> Path | None:
    """The nearest folder at or above `start` that holds both `raw/` and `tei/`."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "raw").is_dir() and (folder / "tei").is_dir():
            return folder
    return None


@dataclass(frozen=True)
class PersonographyChoice:
    """The personography a run uses, and how it was found (for the run to say so)."""

    path: Path | None
    how: str

    def describe(self) -> str:
        if self.path is not None:
            return f"personography: {self.path} ({self.how})"
        return (
            f"no personography found ({self.how}): speaker labels and names resolve only "
            "through each document's own title, persons get ids local to their document "
            "(p-...), and no persons are linked across the edition"
        )


def find_personography(
    out_dir: Path, inputs: Iterable[Path] = (), named: Path | None = None
) -> PersonographyChoice:
    """The personography `encode` and `build` use: the one named, else `persons.xml` in the
    TEI folder, else `tei/persons.xml` of the project the inputs are in, else of the project
    the user is in.

    Where teipipe itself is installed plays no part, so an installed teipipe finds the same
    file inside a checkout and outside one.
    """
    if named is not None:
        return PersonographyChoice(named, "named")
    beside = out_dir / "persons.xml"
    if beside.is_file():
        return PersonographyChoice(beside, "in the TEI folder")
    starts = [*(p if p.is_dir() else p.parent for p in inputs), Path.cwd()]
    for start in starts:
        project = find_project(start)
        if project is not None and (project / "tei" / "persons.xml").is_file():
            return PersonographyChoice(project / "tei" / "persons.xml", "of the project")
    return PersonographyChoice(
        None, f"looked for {beside} and tei/persons.xml of the inputs' project and of this one"
    )
