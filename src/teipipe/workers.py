"""Worker processes that never outlive the process that started them.

A build or an encoding batch killed with SIGKILL cannot tell its workers to stop; without help
they would run on, orphaned, writing files nobody waits for. On Linux each worker asks the
kernel for SIGKILL when its parent dies (`PR_SET_PDEATHSIG`), and checks that the parent did not
die before it asked.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Make this process receive SIGKILL when `parent` exits (Linux; elsewhere nothing)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _initialize(
    parent: int, initializer: Callable[..., None] | None, args: tuple[Any, ...]
) -> None:
    die_with_parent(parent)
    if initializer is not None:
        initializer(*args)


def pool(
    jobs: int, initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = (),
    *, start_method: str | None = None,
) -> ProcessPoolExecutor:
    """A process pool of `jobs` workers that die with this process. `start_method` "spawn"
    starts them afresh: a forked child of a process whose native libraries run threads (the
    Typst compiler's thread pool) may wait forever on a lock held by a thread it lacks."""
    context = multiprocessing.get_context(start_method) if start_method else None
    return ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_initialize,
        initargs=(os.getpid(), initializer, initargs),
    )


def available_cores() -> int:
    """The cores this process may run on (the default for `-j`)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not on Linux
        return max(1, os.cpu_count() or 1)
