"""Writing an index file so that no reader (a browser, the server) ever sees half of it."""

from __future__ import annotations

import os
from pathlib import Path


def temporary_beside(target: Path) -> Path:
    """A temporary name in `target`'s folder (same file system, so os.replace is atomic).

    Named per process rather than by mkstemp, whose 0600 mode would leave the published file
    unreadable to the web server.
    """
    return target.with_name(f".{target.name}.{os.getpid()}.tmp")


def write_atomically(target: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `target`, then move it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_beside(target)
    try:
        tmp.write_bytes(data)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
