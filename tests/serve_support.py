"""Helpers for the server tests: a real uvicorn on 127.0.0.1, and a cheap edition folder.

`serving(app)` runs any ASGI app with uvicorn on 127.0.0.1 in a background thread for the
length of a `with` block and gives its base URL; the `serve` fixture does the same for the
length of a test. `make_edition(folder)` copies the repository's TEI files into
`folder/tei/`, which is all the OAI-PMH repository and DTS need (no full build, no PDFs).

The socket is bound here (port 0, so the system picks a free port) and handed to uvicorn,
so there is no race between choosing a port and listening on it.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from starlette.types import ASGIApp

_STARTUP_SECONDS = 20.0
REPO = Path(__file__).resolve().parents[1]


@contextmanager
def serving(app: ASGIApp) -> Iterator[str]:
    """Serve `app` while the block runs; yields its base URL (`http://127.0.0.1:PORT`)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + _STARTUP_SECONDS
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        if not server.started:
            raise RuntimeError("uvicorn did not start")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(_STARTUP_SECONDS)
        sock.close()


def http_client(base_url: str) -> httpx.Client:
    """An httpx client for `serving`, one connection per request.

    On a kept-alive connection to uvicorn's h11 server each request here waited ~40 ms
    (Nagle's algorithm meeting delayed ACKs on loopback); closing the connection after each
    response makes a request take a few milliseconds, so tests can afford many.
    """
    return httpx.Client(base_url=base_url, headers={"Connection": "close"})


def get_json(url: str) -> tuple[int, Any]:
    """GET `url`; its status and decoded JSON body, for error statuses too."""
    with httpx.Client(headers={"Connection": "close"}) as client:
        response = client.get(url, timeout=30)
    return response.status_code, response.json()


@pytest.fixture
def serve() -> Iterator[Callable[[ASGIApp], str]]:
    """A function that serves an ASGI app until the test ends and returns its base URL."""
    with ExitStack() as stack:
        yield lambda app: stack.enter_context(serving(app))


def make_edition(folder: Path) -> Path:
    """An edition folder holding copies of the repository's TEI files (and personography)."""
    tei = folder / "tei"
    tei.mkdir(parents=True)
    for source in sorted((REPO / "tei").glob("*.xml")):
        shutil.copyfile(source, tei / source.name)
    return folder
