"""The edition as a BagIt 1.0 bag (RFC 8493), for deposit in a digital archive.

The Library of Congress `bagit` package writes the manifests and tag files, so the bag is what
the archive's own tools (the same package, or any RFC 8493 validator) expect. Two things it
does not do are done here:

- it writes `BagIt-Version: 0.97`; the bag is declared 1.0 (the layout is the same) and its tag
  manifests are redone after the change;
- it bags a folder in place; the payload is copied into a temporary folder beside the target,
  bagged there and swapped in, so a crash leaves the old bag or none, never half a bag.

`bagit.make_bag` changes the process's working directory while it runs (its own design); call
`write_bag` from one thread at a time.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import bagit

from teipipe import __version__

# The build record is internal to teipipe, not part of the edition.
RECORD = ".teipipe-build.json"
CHECKSUMS = ("sha256", "sha512")
BAGIT_TXT = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
# A fixed timestamp for zip entries: the same bag zips to the same bytes.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def write_bag(
    edition: Path, target: Path, *, zip_to: Path | None = None, info: dict[str, str]
) -> Path:
    """Bag every published file of `edition` into the folder `target` and return `target`.

    The payload (`data/`) is the edition as published: TEI, personography and every output,
    without the build record, hidden files (temporaries), `target` and `zip_to` themselves.
    `info` gives bag-info.txt fields (Source-Organization, External-Description...); teipipe
    adds Bagging-Date (today, unless given), Bag-Software-Agent and Payload-Oxum. With
    `zip_to`, the bag is also written as a zip of the folder `<target name>/`, entries in
    sorted order with fixed timestamps.
    """
    edition = edition.resolve()
    target = target.resolve()
    excluded = {target, *([zip_to.resolve()] if zip_to is not None else [])}
    files = sorted(payload(edition, excluded))
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        work.chmod(0o755)
        for relative in files:
            copy = work / relative
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(edition / relative, copy)
        bag_info = {
            "Bagging-Date": date.today().isoformat(),
            "Bag-Software-Agent": f"teipipe {__version__} (bagit.py {bagit.VERSION})",
            **info,
        }
        bag = bagit.make_bag(str(work), bag_info, checksums=list(CHECKSUMS))
        (work / "bagit.txt").write_text(BAGIT_TXT, encoding="utf-8")
        bag.save()  # tag manifests again, now over the 1.0 bagit.txt
        _swap(work, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if zip_to is not None:
        write_zip(target, zip_to.resolve())
    return target


def payload(edition: Path, excluded: set[Path]) -> Iterator[Path]:
    """Paths (relative to `edition`) of the files to bag."""
    for folder, dirs, names in os.walk(edition):
        here = Path(folder)
        dirs[:] = [d for d in dirs if not d.startswith(".") and here / d not in excluded]
        for name in names:
            path = here / name
            if name.startswith(".") or name == RECORD or path in excluded:
                continue
            yield path.relative_to(edition)


def _swap(new: Path, target: Path) -> None:
    """Put the finished bag at `target`, replacing an older one."""
    if not target.exists():
        new.rename(target)
        return
    old = target.with_name(f".{target.name}.{os.getpid()}.old")
    target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def write_zip(bag: Path, zip_to: Path) -> None:
    """Zip the bag folder (entries under `<bag name>/`, sorted), written atomically."""
    zip_to.parent.mkdir(parents=True, exist_ok=True)
    tmp = zip_to.with_name(f".{zip_to.name}.{os.getpid()}.tmp")
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(p for p in bag.rglob("*") if p.is_file()):
                entry = zipfile.ZipInfo(f"{bag.name}/{path.relative_to(bag).as_posix()}", ZIP_TIME)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o644 << 16
                archive.writestr(entry, path.read_bytes())
        os.replace(tmp, zip_to)
    finally:
        tmp.unlink(missing_ok=True)
