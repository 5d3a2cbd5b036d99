"""Load benchmark of `teipipe serve`: many concurrent clients against the running server.

Starts `teipipe serve` on 127.0.0.1 (its own process, so clients and server do not share an
interpreter) over an edition folder, then runs C concurrent clients (asyncio + httpx, one
connection each, keep-alive) for S seconds. Each client cycles through the URLs:

  GetRecord     /oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=<each item in turn>
  ListRecords   /oai?verb=ListRecords&metadataPrefix=oai_dc   (a full first page)
  + any --url given (paths on the server, e.g. /api/dts/collection or /api/search?q=cuba)

and prints, per URL and overall, requests/s, p50 and p99 latency and errors (any status but
200, any failed connection). Exit status 1 when there were errors.

    .venv/bin/python scripts/bench_serve.py EDITION [-c 50] [-s 10] [--url PATH ...]

Without EDITION, a temporary edition of the repository's tei/*.xml is used.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from itertools import cycle
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]


@dataclass
class Tally:
    """Latencies (seconds) and errors of one URL."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(edition: Path, port: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "teipipe", "serve", "--out", str(edition), "--port",
               str(port)]
    process = subprocess.Popen(command, cwd=REPO, stderr=subprocess.DEVNULL)
    for _ in range(600):
        try:
            httpx.get(f"http://127.0.0.1:{port}/oai?verb=Identify").raise_for_status()
            return process
        except httpx.ConnectError:
            time.sleep(0.05)
    process.terminate()
    raise SystemExit("the server did not start")


def targets(base: str, extra: list[str]) -> list[tuple[str, list[str]]]:
    """(label, URLs to cycle through) for every kind of request."""
    listing = httpx.get(f"{base}/oai?verb=ListIdentifiers&metadataPrefix=oai_dc").text
    ids = re.findall(r"<identifier>([^<]+)</identifier>", listing)
    if not ids:
        raise SystemExit("the edition has no records")
    get_record = [f"{base}/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier={i}"
                  for i in ids]
    groups = [("GetRecord", get_record),
              ("ListRecords", [f"{base}/oai?verb=ListRecords&metadataPrefix=oai_dc"])]
    groups += [(path, [base + path]) for path in extra]
    return groups


async def client(groups: list[tuple[str, list[str]]], until: float,
                 tallies: dict[str, Tally], offset: int) -> None:
    order = cycle(_interleave(groups, offset))
    async with httpx.AsyncClient(timeout=30) as session:
        while time.monotonic() < until:
            label, url = next(order)
            started = time.perf_counter()
            try:
                response = await session.get(url)
                failed = response.status_code != 200 or b"<error" in response.content
            except httpx.HTTPError:
                failed = True
            tally = tallies[label]
            tally.latencies.append(time.perf_counter() - started)
            tally.errors += failed


def _interleave(groups: list[tuple[str, list[str]]], offset: int) -> list[tuple[str, str]]:
    """One request of each kind in turn; each client starts at another item."""
    width = max(len(urls) for _, urls in groups)
    return [(label, urls[(offset + step) % len(urls)])
            for step in range(width) for label, urls in groups]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


async def run(groups: list[tuple[str, list[str]]], clients: int,
              seconds: float) -> dict[str, Tally]:
    tallies = {label: Tally() for label, _ in groups}
    until = time.monotonic() + seconds
    await asyncio.gather(*(client(groups, until, tallies, n) for n in range(clients)))
    return tallies


def report(tallies: dict[str, Tally], seconds: float) -> int:
    print(f"{'request':<40} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    everything = Tally()
    for label, tally in [*tallies.items(), ("all", everything)]:
        if label != "all":
            everything.latencies += tally.latencies
            everything.errors += tally.errors
        print(f"{label[:40]:<40} {len(tally.latencies) / seconds:>8.1f} "
              f"{percentile(tally.latencies, 0.5) * 1000:>8.1f} "
              f"{percentile(tally.latencies, 0.99) * 1000:>8.1f} {tally.errors:>7}")
    return everything.errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("edition", nargs="?", type=Path, help="the edition folder to serve")
    parser.add_argument("-c", "--clients", type=int, default=50)
    parser.add_argument("-s", "--seconds", type=float, default=10.0)
    parser.add_argument("--url", action="append", default=[],
                        help="another path to load, e.g. /api/search?q=cuba (repeatable)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        edition = args.edition
        if edition is None:
            edition = Path(scratch)
            shutil.copytree(REPO / "tei", edition / "tei")
        port = free_port()
        server = start_server(edition, port)
        try:
            base = f"http://127.0.0.1:{port}"
            groups = targets(base, args.url)
            print(f"{args.clients} clients, {args.seconds:g} s, {edition}")
            tallies = asyncio.run(run(groups, args.clients, args.seconds))
        finally:
            server.terminate()
            server.wait()
    sys.exit(1 if report(tallies, args.seconds) else 0)


if __name__ == "__main__":
    main()
