"""Benchmark the PDF of a document with one very long word, at two lengths, and their ratio.

A long run without break opportunities overflows the page in Typst (and took time growing with
the square of its length in WeasyPrint, which teipipe used before: 529 s for 100,000 letters);
tei-to-typst.xsl's typst-text gives it invisible ones, and the time stays linear (100,000
letters: 0.5 s). A ratio near the ratio of the lengths is linear, near its square quadratic.
Run: python scripts/bench_long_words.py [LENGTH LENGTH]   (default 20000 40000)
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from teipipe.encode import encode_document
from teipipe.transform.pdf import document_pdf

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "raw" / "000_03d16a86b0456ebe.txt"


def seconds_for(length: int, folder: Path) -> float:
    """Seconds to print the seed document with a paragraph of one `length`-letter word."""
    word = ("abcdefghij" * (length // 10 + 1))[:length]
    text = SEED.read_text(encoding="utf-8") + f"\n\n{word}\n"
    tei = folder / f"long{length}.xml"
    tei.write_bytes(encode_document(text.encode("utf-8"), tei.with_suffix(".txt").name).data)
    start = time.perf_counter()
    document_pdf(tei)
    return time.perf_counter() - start


def main(lengths: list[int]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        times = [seconds_for(length, Path(folder)) for length in lengths]
    for length, seconds in zip(lengths, times, strict=True):
        print(f"{length:>8} letters: {seconds:6.1f} s")
    print(f"time ratio {times[1] / times[0]:.2f} for length ratio {lengths[1] / lengths[0]:.1f}")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:3]] or [20000, 40000])
