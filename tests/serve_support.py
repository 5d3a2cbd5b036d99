"""Helpers for the server tests: a real uvicorn on 127.0.0.1, and a cheap edition folder.

`serve_app(app)` runs any ASGI app on a free loopback port in a background thread for the
length of a `with` block and gives its base URL; the `serve` fixture does the same for the
length of a test. `make_edition(folder)` copies the repository's TEI files into
`folder/tei/`, which is all the OAI-PMH repository needs (no full build, no PDFs).
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
import uvicorn
from starlette.types import ASGIApp

REPO = Path(__file__).resolve().parents[1]
STARTUP_LIMIT = 30.0  # seconds; only a broken server takes this long


@contextmanager
def serve_app(app: ASGIApp) -> Iterator[str]:
    """Serve `app` with uvicorn on 127.0.0.1 (a free port) while the block runs; yields the URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_LIMIT
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join()
        sock.close()


@pytest.fixture
def serve() -> Iterator[Callable[[ASGIApp], str]]:
    """A function that serves an ASGI app until the test ends and returns its base URL."""
    with ExitStack() as stack:
        yield lambda app: stack.enter_context(serve_app(app))


def make_edition(folder: Path) -> Path:
    """An edition folder holding copies of the repository's TEI files (and personography)."""
    tei = folder / "tei"
    tei.mkdir(parents=True)
    for source in sorted((REPO / "tei").glob("*.xml")):
        shutil.copyfile(source, tei / source.name)
    return folder
