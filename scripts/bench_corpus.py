"""Benchmark the corpus-wide stylesheets alone: seconds per stylesheet for N documents, to see
whether each grows linearly with the corpus (the build's outputs hide this among the others).

Copies the repository's tei/*.xml N times over under distinct names into a temporary folder,
writes the corpus listing as the build does, and runs each corpus stylesheet once on it, gathered
as the build gives it (the listing with every document inside; the time includes parsing them).

Run: python scripts/bench_corpus.py [N ...] [--only corpus-index.xsl,...]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from teipipe.transform import xslt
from teipipe.transform.corpus import document_paths, gathered, listing

REPO = Path(__file__).resolve().parents[1]
#: The stylesheets that read every listed document, with the parameters the build gives them.
STYLESHEETS: dict[str, dict[str, str]] = {
    "corpus-index.xsl": {},
    "corpus-volume-typst.xsl": {},
    "corpus-volume.xsl": {},
    "epub-package.xsl": {"identifier": "urn:uuid:bench"},
    "epub-nav.xsl": {},
    "tei-corpus.xsl": {},
    "oai-static-repository.xsl": {
        "repository-identifier": "example.org", "datestamp": "2026-01-01",
    },
}


def generate(folder: Path, count: int) -> Path:
    """`count` copies of the repository's documents named apart, and their listing; the
    listing's path."""
    samples = document_paths([REPO / "tei"])
    tei = folder / "tei"
    tei.mkdir()
    shutil.copy(REPO / "tei" / "persons.xml", tei / "persons.xml")
    copies = []
    for i in range(count):
        copy = tei / f"c{i:05d}_{samples[i % len(samples)].name}"
        shutil.copy(samples[i % len(samples)], copy)
        copies.append(copy)
    path = folder / "listing.xml"
    path.write_bytes(listing(copies, folder, tei / "persons.xml"))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sizes", nargs="*", type=int, default=[500, 1000, 2000])
    parser.add_argument("--only", default=",".join(STYLESHEETS))
    args = parser.parse_args()
    names = args.only.split(",")
    print("N".rjust(6) + "".join(name.rjust(28) for name in names))
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            path = generate(Path(tmp), size)
            row = str(size).rjust(6)
            for name in names:
                start = time.perf_counter()
                corpus = gathered(path)  # as the build gives it, parsing included
                xslt.to_bytes(xslt.apply(name, corpus, STYLESHEETS[name]))
                row += f"{time.perf_counter() - start:27.2f}s"
            print(row, flush=True)


if __name__ == "__main__":
    main()
