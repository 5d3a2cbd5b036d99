"""The file-system rules every command shares: which files an input folder holds, and how an
output is written without ever destroying an input.

- `collect` is the one place that walks input folders. An entry whose real path lies outside
  its folder (a symbolic link `raw/passwd.txt -> /etc/passwd`) is refused unless the caller
  asks to follow links: whoever can drop a link into raw/ must not be able to publish any file
  the build can read.
- `guard_outputs` refuses a run, before anything is written, whose outputs would replace one
  of its inputs or a TEI file it did not write.
- `write_atomically` writes through a temporary file in the same folder, so a reader (or a
  crash) sees the old file or the new one, never a part; `AtomicBatch` does so for many files
  with one sync; `clean_stale_temporaries` removes the temporaries a killed run left behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import platform
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import NamedTuple

from lxml import etree

#: Root elements of TEI files (in any namespace: a TEI file is precious even when it is wrong).
TEI_ROOTS = frozenset({"TEI", "teiCorpus"})


@dataclass(frozen=True)
class Refused:
    """An input that is not used, and why: one line naming the file (and place, when known)."""

    path: Path
    reason: str
    line: int = 0
    column: int = 0

    @classmethod
    def syntax(cls, path: Path, error: etree.XMLSyntaxError) -> Refused:
        """A file that is not well-formed XML, at the place the parser gave up."""
        line, column = error.position
        message = re.sub(r", line \d+, column \d+$", "", error.msg or "not well-formed XML")
        return cls(path, message, line, column)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}" if self.line else str(self.path)
        return f"{where}: error: {self.reason}"


class Collected(NamedTuple):
    """What `collect` found: the files to use, and the entries refused."""

    found: list[Path]
    refused: list[Refused]


def collect(
    paths: Iterable[Path], pattern: str, *, recursive: bool = True, follow_symlinks: bool = False
) -> Collected:
    """Files as given; folders as their files whose name matches `pattern`, sorted.

    A file named by the user is kept as given (a missing one too, so that it fails where it
    is read): naming it is consent. Inside a folder, a file or sub-folder whose real path lies
    outside the folder is refused unless `follow_symlinks`. Links that stay inside are fine;
    a linked sub-folder inside is not walked twice.
    """
    found: list[Path] = []
    refused: list[Refused] = []
    for path in paths:
        if path.is_dir():
            inside, outside = _walk(path, pattern, recursive, follow_symlinks)
            found.extend(sorted(inside))
            refused.extend(outside)
        else:
            found.append(path)
    return Collected(found, refused)


def _walk(
    root: Path, pattern: str, recursive: bool, follow_symlinks: bool
) -> tuple[list[Path], list[Refused]]:
    """Only links are resolved (and folders reached through one), so a folder of a million
    plain files costs no more than listing it."""
    home = root.resolve()
    seen = {home}
    found: list[Path] = []
    refused: list[Refused] = []
    pending = [(root, False)]  # a folder, and whether it lies outside `root`
    while pending:
        folder, away = pending.pop()
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as exc:
            refused.append(Refused(folder, f"cannot list folder: {exc.strerror or exc}"))
            continue
        for entry in entries:
            path = folder / entry.name
            link = entry.is_symlink()
            real = path.resolve() if link or away else path
            outside = (link or away) and not real.is_relative_to(home)
            if entry.is_dir():
                if not recursive or real in seen or (link and not outside):
                    continue  # a link inside the folder: walked under its real name
                if outside and not follow_symlinks:
                    refused.append(Refused(path, _outside("folder", real, root)))
                    continue
                seen.add(real)
                pending.append((path, outside))
            elif entry.is_file() and fnmatchcase(entry.name, pattern):
                if outside and not follow_symlinks:
                    refused.append(Refused(path, _outside("file", real, root)))
                else:
                    found.append(path)
    return found, refused


def _outside(kind: str, real: Path, root: Path) -> str:
    return f"is a link to the {kind} {real}, outside {root}; refused"


# --- writing ------------------------------------------------------------------------------


class OverwriteError(Exception):
    """A run would write over one of its inputs or over a TEI file it did not write."""


def guard_outputs(
    targets: Sequence[Path], inputs: Iterable[Path], *, spare_tei: bool = True
) -> None:
    """Raise `OverwriteError` unless writing every target is harmless.

    A target must not be an input (`transform . --to dc -o .` in tei/ would replace each TEI
    file by its Dublin Core), nor the target of another input, nor, with `spare_tei`, an
    existing TEI file (the command writes none, so any TEI there is somebody's work).
    """
    protected = {path.resolve() for path in inputs}
    claimed: dict[Path, Path] = {}
    for target in targets:
        real = target.resolve()
        if real in protected:
            raise OverwriteError(f"{target} is one of the inputs; refusing to write over it "
                                 "(choose another output folder); nothing written")
        if real in claimed:
            raise OverwriteError(f"{target} would be written twice (two inputs named "
                                 f"{target.stem}); nothing written")
        claimed[real] = target
        if spare_tei and is_tei_file(target):
            raise OverwriteError(f"{target} is an existing TEI file; refusing to write over "
                                 "it (choose another output folder); nothing written")


def real_folder(path: Path) -> Path:
    """The folder `path.resolve()` lies in, at one `lstat` per file: validating thousands of
    documents asked the same few folders for their real names a dozen times per document.
    A file that is a link is resolved as a whole (its target's folder counts); otherwise its
    folder's real path, resolved once per run, is the answer, `..` and linked folders included.
    """
    if os.path.islink(path):
        return path.resolve().parent
    return Path(_real_path(os.path.join(os.getcwd(), os.path.dirname(path))))


@functools.lru_cache(maxsize=1024)
def _real_path(folder: str) -> str:
    return os.path.realpath(folder)


def is_tei_file(path: Path) -> bool:
    """Whether `path` is a file whose root element is TEI (only its start is read)."""
    if not path.is_file():
        return False
    try:
        for _event, element in etree.iterparse(
            str(path), events=("start",), resolve_entities=False, no_network=True, load_dtd=False
        ):
            return etree.QName(element).localname in TEI_ROOTS
    except (etree.XMLSyntaxError, OSError):
        return False
    return False


#: `.NAME.PID.RANDOM.tmp` (written by `write_atomically`), `.NAME.PID.tmp` (an older build
#: writer) and `.NAME.xml.RANDOM.tmp` (an older encoder, which named no process).
_WITH_PID = re.compile(r"^\.(?P<name>.+?)\.(?P<pid>\d+)(?:\.[a-z0-9_]{8})?\.tmp$")
_WITHOUT_PID = re.compile(r"^\.(?P<name>.+\.xml)\.[a-z0-9_]{8}\.tmp$")


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never a part.

    The temporary file names the writing process, so that a later run can tell a temporary
    left by a killed run from one being written right now. Mode 0644: the edition is for
    everybody to read (mkstemp's 0600 would hide it from the web server). Missing folders on
    the way are made.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    batch = AtomicBatch()
    batch.write(path, data)
    failed = batch.commit()
    if failed:
        raise failed[path]


class AtomicBatch:
    """Many files written atomically, their data synced to disk in one go.

    `write` puts each file's data in a temporary beside it (as `write_atomically` does);
    `commit` syncs every temporary, then renames each into place and syncs the folders once.
    A file is renamed only after its data is on disk, so a crash leaves every target either
    as it was or complete, and at most temporaries (`clean_stale_temporaries` removes them).
    A batch of many files is synced with one `syncfs` of their file system where Linux has it
    (`_sync_together`), else file by file.
    """

    def __init__(self) -> None:
        self._pending: list[tuple[int, Path, Path]] = []  # (open descriptor, temporary, target)

    def __len__(self) -> int:
        return len(self._pending)

    def write(self, path: Path, data: bytes) -> None:
        handle, name = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp"
        )
        temporary = Path(name)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view) :]
            os.fchmod(handle, 0o644)
        except BaseException:
            os.close(handle)
            temporary.unlink(missing_ok=True)
            raise
        self._pending.append((handle, temporary, path))

    def commit(self) -> dict[Path, OSError]:
        """Sync and rename every file written since the last commit; the failures by target."""
        pending, self._pending = self._pending, []
        failed: dict[Path, OSError] = {}
        synced = []
        together = _sync_together([handle for handle, _temporary, _path in pending])
        for handle, temporary, path in pending:
            try:
                if handle not in together:
                    os.fsync(handle)
                synced.append((temporary, path))
            except OSError as error:
                failed[path] = error
                temporary.unlink(missing_ok=True)
            finally:
                os.close(handle)
        folders = set()
        for temporary, path in synced:
            try:
                os.replace(temporary, path)
                folders.add(path.parent)
            except OSError as error:
                failed[path] = error
                temporary.unlink(missing_ok=True)
        for folder in folders:  # the renames themselves survive a crash
            with contextlib.suppress(OSError):
                descriptor = os.open(folder, os.O_RDONLY)
                try:
                    os.fsync(descriptor)
                finally:
                    os.close(descriptor)
        return failed

    def abort(self) -> None:
        """Drop every file written since the last commit (targets stay as they were)."""
        pending, self._pending = self._pending, []
        for handle, temporary, _path in pending:
            os.close(handle)
            temporary.unlink(missing_ok=True)


#: Fewer files than this are synced one by one: `syncfs` writes out everything the file
#: system holds unwritten, other programs' data too, which pays only for many files at once.
_SYNC_TOGETHER_FROM = 8


def _load_syncfs() -> Callable[[int], int] | None:
    """Linux's syncfs(2), where it reports write-back errors (Linux 5.8 and later; before, it
    always returned 0, so an error would go unnoticed); None elsewhere."""
    if sys.platform != "linux":
        return None
    version = tuple(int(part) for part in re.findall(r"\d+", platform.release())[:2])
    if version < (5, 8):
        return None
    try:
        syncfs = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None
    syncfs.argtypes = [ctypes.c_int]
    syncfs.restype = ctypes.c_int
    return syncfs


_SYNCFS = _load_syncfs()


def _sync_together(handles: Sequence[int]) -> set[int]:
    """Sync the data of many open files with one `syncfs` per file system they are on, and
    return the handles whose data is now on disk (the caller fsyncs the others).

    Python has no os.syncfs. Measured on this project's ext4 (a batch of 64 files of 16 kB):
    one syncfs costs 0.2 ms of CPU and 0.5 ms a file, an fsync per file 0.9 ms of CPU and
    5 ms. syncfs is called on the first file of the batch on each file system: it reports
    any write-back error there since that file was opened, so those of the files written
    after it too. The error is the file system's, not one file's: after an error every file
    is left to its own fsync, which tells which one failed. (On FUSE, syncfs reaches the
    server's own disk only where the server implements it, as fsync does.)
    """
    if _SYNCFS is None or len(handles) < _SYNC_TOGETHER_FROM:
        return set()
    by_device: dict[int, list[int]] = {}
    for handle in handles:
        by_device.setdefault(os.fstat(handle).st_dev, []).append(handle)
    synced: set[int] = set()
    for on_device in by_device.values():
        if _SYNCFS(on_device[0]) == 0:
            synced.update(on_device)
    return synced


def clean_stale_temporaries(folder: Path, *, started: float | None = None) -> list[Path]:
    """Remove the temporaries of `write_atomically` that a killed run left in `folder`.

    Only files of teipipe's own naming are touched: those naming a process that no longer
    runs, and those of older teipipe versions (no process named) last changed before
    `started` (default: now). Returns what was removed.
    """
    before = time.time() if started is None else started
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not entry.is_file(follow_symlinks=False):
            continue
        with_pid = _WITH_PID.match(entry.name)
        if with_pid is not None:
            stale = not _alive(int(with_pid["pid"]))
        elif _WITHOUT_PID.match(entry.name):
            stale = entry.stat(follow_symlinks=False).st_mtime < before
        else:
            continue
        if stale:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return sorted(removed)


def _alive(pid: int) -> bool:
    """Whether process `pid` exists (on this machine); signal 0 only asks."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except PermissionError:
        return True  # somebody else's process
    except (OSError, OverflowError):
        return False
    return True
