"""Benchmark `teipipe encode`: documents/s and MB/s, one process and -j 2, memory vs corpus size.

For one process it also reports documents per second of CPU time ("per core"): on a shared
machine the wall clock measures the neighbours too.

Generates a corpus of variations of raw/*.txt (seeds and dev documents, with their dates,
numbers and paragraph order varied so no two files are equal) in a temporary folder, then
encodes it with the same code path as `teipipe encode`. Run: python scripts/bench_encode.py [N]
"""

from __future__ import annotations

import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from teipipe.encode import encode_document, encode_paths
from variations import write_variations

REPO = Path(__file__).resolve().parents[1]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(
    count: int, jobs: int, persons: Path, pattern: str = "*.txt"
) -> tuple[float, float, float]:
    """Documents/s, MB/s and documents per CPU second (this process) for encoding `count`
    generated documents with `jobs` processes."""
    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp) / "raw", Path(tmp) / "tei"
        folder.mkdir()
        size = write_variations(folder, count, pattern)
        start, cpu = time.perf_counter(), time.process_time()
        report = encode_paths([folder], out, persons=persons, jobs=jobs)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        failures = [m for r in report.results if r.status == "failed" for m in r.messages]
        assert not failures, failures[:3]
        shutil.rmtree(out)
    return count / seconds, size / seconds / 1e6, count / cpu


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    persons = REPO / "tei" / "persons.xml"
    small = max(count // 5, 100)

    def show(label: str, docs: float, mb: float, extra: str = "") -> None:
        print(f"{label:<38} {docs:8.1f} documents/s {mb:6.2f} MB/s  {extra}")

    docs, mb, core = run(small, 1, persons)
    rss_small = peak_rss_mb()
    show(f"corpus, 1 process, {small} docs", docs, mb, f"{core:.0f}/s per core, "
         f"peak RSS {rss_small:.0f} MB")  # fmt: skip
    docs1, mb1, core1 = run(count, 1, persons)
    rss_large = peak_rss_mb()
    show(f"corpus, 1 process, {count} docs", docs1, mb1, f"{core1:.0f}/s per core, "
         f"peak RSS {rss_large:.0f} MB")  # fmt: skip
    docs2, mb2, _ = run(count, 2, persons)
    show(f"corpus, -j 2, {count} docs", docs2, mb2, f"speed-up {docs2 / docs1:.2f}x")
    seeds, seeds_mb, seeds_core = run(small, 1, persons, "0*.txt")
    show(f"seed-sized only, 1 process, {small} docs", seeds, seeds_mb,
         f"{seeds_core:.0f}/s per core")  # fmt: skip
    print(f"memory: peak RSS {rss_large - rss_small:+.0f} MB from {small} to {count} documents")
    for paragraphs in (5_000, 20_000):  # one long document: time must grow linearly
        text = (
            "A Collection\nMemorandum for the Files\n\nWashington, October 2, 1962.\n\n"
            "1. First.\n\n"
            + "A paragraph inside the first item.\n\n" * paragraphs
            + "2. Second.\n"
        )
        start = time.perf_counter()
        encode_document(text.encode("utf-8"), "long.txt")
        seconds = time.perf_counter() - start
        print(f"one document of {paragraphs} paragraphs in a list item: {seconds:.2f} s")


if __name__ == "__main__":
    main()
