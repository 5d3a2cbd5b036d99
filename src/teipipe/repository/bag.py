"""The edition as a BagIt 1.0 bag (RFC 8493), for deposit in a digital archive.

The bag is written here, as RFC 8493 lays it out (`bagit.txt`, `bag-info.txt`, a SHA-256 and a
SHA-512 payload manifest, the tag manifests), and checked in the tests with the Library of
Congress `bagit` package, which is what archives' tools use. Each payload file is read once:
its two checksums come from the bytes that are copied, so the bag's manifests describe exactly
what it holds. (The `bagit` package re-read every file twice more and resolved every path
several times over: at 1,000 documents it took most of the bag's 4 s.)

The payload is copied into a temporary folder beside the target (files the bag being replaced
already holds byte for byte are linked from it instead), bagged there and swapped in, so a
crash leaves the old bag or none, never half a bag.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

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
        manifests: dict[str, list[str]] = {algorithm: [] for algorithm in CHECKSUMS}
        octets = 0
        for relative in files:
            data = (edition / relative).read_bytes()
            copy = work / "data" / relative
            copy.parent.mkdir(parents=True, exist_ok=True)
            _copy(data, copy, target / "data" / relative)
            octets += len(data)
            name = "data/" + _encode(relative.as_posix())
            for algorithm, lines in manifests.items():
                lines.append(f"{hashlib.new(algorithm, data).hexdigest()}  {name}\n")
        (work / "data").mkdir(exist_ok=True)
        bag_info = {
            "Bagging-Date": date.today().isoformat(),
            "Bag-Software-Agent": f"teipipe {__version__}",
            **info,
            "Payload-Oxum": f"{octets}.{len(files)}",
        }
        tags = {
            "bagit.txt": BAGIT_TXT,
            "bag-info.txt": "".join(f"{key}: {_one_line(value)}\n"
                                    for key, value in sorted(bag_info.items())),
            **{f"manifest-{algorithm}.txt": "".join(lines)
               for algorithm, lines in manifests.items()},
        }
        for name, text in tags.items():
            (work / name).write_text(text, encoding="utf-8", newline="\n")
        for algorithm in CHECKSUMS:
            (work / f"tagmanifest-{algorithm}.txt").write_text("".join(
                f"{hashlib.new(algorithm, text.encode()).hexdigest()}  {name}\n"
                for name, text in sorted(tags.items())), encoding="utf-8", newline="\n")
        _swap(work, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if zip_to is not None:
        write_zip(target, zip_to.resolve())
    return target


def _copy(data: bytes, copy: Path, earlier: Path) -> None:
    """Put `data` at `copy`: a second link to the file of the bag being replaced when that
    holds exactly these bytes (checked here, not taken from its manifest), else a new file.
    Rebagging after one document changed then writes a few files instead of the edition;
    the old bag is removed once the new one is in place, so no file of the edition itself is
    ever shared with the bag."""
    try:
        if not earlier.is_symlink() and earlier.stat().st_size == len(data) and (
                earlier.read_bytes() == data):
            os.link(earlier, copy)
            return
    except OSError:
        pass  # no earlier bag, or no file there, or links not possible here: copy
    copy.write_bytes(data)


def _encode(path: str) -> str:
    """A payload path as a manifest line names it: %, CR and LF percent-encoded (RFC 8493
    2.1.3), so no file name can break a line."""
    return path.replace("%", "%25").replace("\n", "%0A").replace("\r", "%0D")


def _one_line(value: str) -> str:
    """A bag-info value on one line (a line break would start a field of its own)."""
    return " ".join(value.split())


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
