"""The edition over HTTP (`teipipe serve`): files with the right media types and caching
headers, nothing outside the edition, read-only, clean answers to malformed requests.

A real uvicorn on 127.0.0.1; raw paths go through http.client and a socket, which send them
as written (httpx would normalise `..` away before the server could be tested on it).
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from serve_support import REPO, make_edition, serving
from teipipe.cli import main
from teipipe.serve.app import create_app
from teipipe.transform import render
from teipipe.transform.corpus import is_document

SECRET = b"outside the edition: never served"


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    (root / "secret.txt").write_bytes(SECRET)
    folder = make_edition(root / "edition")
    document = next(p for p in sorted((folder / "tei").glob("*.xml")) if is_document(p))
    outputs = {"text": ".txt", "dc": ".xml", "html": ".html", "pdf": ".pdf"}
    for kind, suffix in outputs.items():
        (folder / kind).mkdir()
        (folder / kind / f"{document.stem}{suffix}").write_bytes(
            render(document, kind))  # type: ignore[arg-type]
    (folder / "index.html").write_text("<!DOCTYPE html><title>Edition</title>", "utf-8")
    (folder / ".teipipe-build.json").write_text("{}", "utf-8")
    (folder / "html" / "leak.txt").symlink_to(root / "secret.txt")
    (folder / "html" / "up").symlink_to(root, target_is_directory=True)
    (folder / "text" / "absolute.txt").symlink_to(os.path.relpath(root / "secret.txt",
                                                                  folder / "text"))
    return folder


@pytest.fixture(scope="module")
def base(edition: Path) -> Iterator[str]:
    with serving(create_app(edition)) as url:
        yield url


def _stem(edition: Path) -> str:
    return next((edition / "text").glob("*.txt")).stem


def raw_get(base: str, target: str) -> tuple[int, bytes]:
    """GET `target` exactly as written."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port))
    try:
        connection.putrequest("GET", target, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.mark.parametrize(("folder", "suffix", "media_type"), [
    ("tei", ".xml", "application/tei+xml"),
    ("text", ".txt", "text/plain; charset=utf-8"),
    ("dc", ".xml", "application/xml"),
    ("html", ".html", "text/html; charset=utf-8"),
    ("pdf", ".pdf", "application/pdf"),
])
def test_files_with_media_types(base: str, edition: Path, folder: str, suffix: str,
                                media_type: str) -> None:
    path = edition / folder / f"{_stem(edition)}{suffix}"
    response = httpx.get(f"{base}/{folder}/{path.name}")
    assert response.status_code == 200
    assert response.headers["content-type"] == media_type
    assert response.content == path.read_bytes()


def test_index_at_the_root(base: str, edition: Path) -> None:
    response = httpx.get(base + "/")
    assert response.status_code == 200
    assert response.content == (edition / "index.html").read_bytes()
    assert response.headers["content-type"] == "text/html; charset=utf-8"


def test_the_ebook_is_served_as_an_epub(base: str, edition: Path) -> None:
    from teipipe.transform.epub import pack

    (edition / "epub").mkdir(exist_ok=True)
    (edition / "epub" / "edition.epub").write_bytes(pack({"EPUB/nav.xhtml": b"<html/>"}))
    response = httpx.get(f"{base}/epub/edition.epub")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/epub+zip"
    assert response.content == (edition / "epub" / "edition.epub").read_bytes()


def test_caching_headers_and_conditional_requests(base: str, edition: Path) -> None:
    url = f"{base}/text/{_stem(edition)}.txt"
    first = httpx.get(url)
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert first.headers["cache-control"] == "public, no-cache"
    assert httpx.get(url, headers={"if-none-match": etag}).status_code == 304
    assert httpx.get(url, headers={"if-modified-since": modified}).status_code == 304
    assert httpx.get(url, headers={"if-none-match": '"other"'}).status_code == 200
    head = httpx.head(url)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == str(len(first.content))


@pytest.mark.parametrize("target", [
    "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/tei/../../secret.txt",
    "/html/..%2f..%2fsecret.txt", "/html%2f..%2f..%2fsecret.txt", "/html/%2e%2e/%2e%2e/secret.txt",
    "/..\\secret.txt", "/%5c..%5csecret.txt", "/%c0%ae%c0%ae/secret.txt", "/..%00/secret.txt",
    "/html/leak.txt", "/html/up/secret.txt",
    "/text/absolute.txt", "/.teipipe-build.json", "/tei/.hidden", "/%00", "/%zz", "*",
    "/" + "a" * 5000,
])
def test_nothing_outside_the_edition(base: str, edition: Path, target: str) -> None:
    status, body = raw_get(base, target)
    assert status == 404
    assert SECRET not in body and b"Traceback" not in body


def test_absolute_paths_stay_inside(base: str, edition: Path) -> None:
    secret = edition.parent / "secret.txt"
    for target in (str(secret), "/" + str(secret), f"http://elsewhere{secret}"):
        status, body = raw_get(base, target)
        assert status == 404 and SECRET not in body


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_read_only(base: str, edition: Path, method: str) -> None:
    response = httpx.request(method, f"{base}/text/{_stem(edition)}.txt", content=b"x")
    assert response.status_code == 405
    if method != "POST":
        assert httpx.request(method, f"{base}/oai", content=b"x").status_code == 405
    assert (edition / "text" / f"{_stem(edition)}.txt").read_bytes() != b"x"


@pytest.mark.parametrize("request_bytes", [
    b"GARBAGE\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: many\r\n\r\n",
    b"GET /\x00 HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n",
])
def test_malformed_requests_answered_cleanly(base: str, request_bytes: bytes) -> None:
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port))) as sock:
        sock.sendall(request_bytes)
        answer = b""
        while chunk := sock.recv(4096):
            answer += chunk
    assert answer.startswith((b"HTTP/1.1 400", b"HTTP/1.1 404"))
    assert b"Traceback" not in answer


def test_malformed_oai_query_is_an_oai_error(base: str) -> None:
    status, body = raw_get(base, "/oai?verb=Identify&%ff%fe=%c3")
    assert status == 200 and b'code="badArgument"' in body


def test_cli_refuses_a_folder_without_edition(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "no edition here" in result.output


def test_cli_serves(tmp_path: Path) -> None:
    edition = make_edition(tmp_path / "edition")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "teipipe", "serve", "--out", str(edition), "--port",
               str(port), "--admin-email", "archive@example.net", "--repository-id", "cuba.test"]
    process = subprocess.Popen(command, cwd=REPO, stderr=subprocess.PIPE)
    try:
        assert process.stderr is not None
        banner = process.stderr.readline().decode()  # printed before uvicorn starts
        assert f"127.0.0.1:{port}" in banner
        body = _when_up(f"http://127.0.0.1:{port}/oai?verb=Identify")
        assert b"<adminEmail>archive@example.net</adminEmail>" in body
        listing = httpx.get(f"http://127.0.0.1:{port}/oai?verb=ListIdentifiers"
                            "&metadataPrefix=oai_dc").content
        assert b"<identifier>oai:cuba.test:" in listing
    finally:
        process.terminate()
        process.wait(timeout=30)


def _when_up(url: str) -> bytes:
    """The body at `url`, once the freshly started server listens (refusals are retried)."""
    for _ in range(600):
        try:
            return httpx.get(url).content
        except httpx.ConnectError:
            time.sleep(0.05)
    raise AssertionError("the server did not start")
