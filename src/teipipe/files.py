"""File-system rules every writer in teipipe follows: one atomic writer, one temp-file name.

A reader (a web server, a second build, an editor) sees the old file or the new one, never a
part: data goes to a temporary file in the same folder, is synced, then renamed over the target.
Temporary files carry one recognisable name (`.NAME.RANDOM.tmp`), so those left by a killed run
can be told apart from the user's files and cleaned on the next run.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

#: `.NAME.RANDOM.tmp`: the names `write_atomically` gives its temporary files.
TEMPORARY = re.compile(r"^\..+\.[A-Za-z0-9_]{6,}\.tmp$")


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never a part.

    On any failure (a full disk among them) the temporary file is removed and the error raised;
    the target keeps its previous content.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def clean_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the temporary files a killed teipipe run left directly in `folder`."""
    removed = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for entry in entries:
        if TEMPORARY.match(entry.name) and entry.is_file() and not entry.is_symlink():
            entry.unlink(missing_ok=True)
            removed.append(entry)
    return removed
