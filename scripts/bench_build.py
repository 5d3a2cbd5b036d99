"""Benchmark `teipipe build` at the scale of a real series: wall time per phase, time per output
kind, peak memory, for -j 1 and -j 2, and the rebuild after one raw file changed.

Generates N variations of raw/*.txt (dates, numbers, paragraph order and a closing line
varied) in a temporary project, then builds it with the same code path as
`teipipe build`. Phases are timed from the build's progress callback (encode, validate, and
the outputs: transform); `BuildReport.seconds` says how the outputs' time splits by kind
(summed over the workers). Peak memory: the largest resident size of this process and of any
worker it waited for.

Run: python scripts/bench_build.py [N] [--jobs 1,2] [--formats html,pdf,...]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from teipipe.build import BuildReport, Progress, build
from variations import write_variations

REPO = Path(__file__).resolve().parents[1]
class PhaseClock:
    """Wall time of each phase, from its first progress event to its last."""

    def __init__(self) -> None:
        self.start: dict[str, float] = {}
        self.end: dict[str, float] = {}

    def __call__(self, progress: Progress) -> None:
        now = time.perf_counter()
        self.start.setdefault(progress.phase, now)
        self.end[progress.phase] = now

    def seconds(self) -> dict[str, float]:
        return {phase: self.end[phase] - self.start[phase] for phase in self.start}


def peak_mb() -> tuple[float, float]:
    """Peak resident MB of this process and of its largest finished child."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def timed_build(project: Path, jobs: int, formats: frozenset[str] | None
                ) -> tuple[float, dict[str, float], BuildReport]:
    clock = PhaseClock()
    started = time.perf_counter()
    report = build(tei_dir=project / "tei", out_dir=project / "build", raw_dir=project / "raw",
                   jobs=jobs, on_progress=clock, formats=formats)
    wall = time.perf_counter() - started
    if not report.ok:
        failed = [f"{output.key}: {error}" for output, error in report.failed[:5]]
        raise SystemExit(f"the build failed: {report.fatal or failed or report.errors[:5]}")
    return wall, clock.seconds(), report


def show(label: str, wall: float, phases: dict[str, float], report: BuildReport,
         out: Callable[[str], None]) -> None:
    own, children = peak_mb()
    out(f"{label}: {wall:.1f} s wall; " + ", ".join(f"{phase} {seconds:.1f} s"
                                                     for phase, seconds in phases.items())
        + f"; {len(report.built)} outputs made; peak {own:.0f} MB (build), "
          f"{children:.0f} MB (largest worker)")
    kinds = sorted(report.seconds.items(), key=lambda item: -item[1])
    out("    by kind (s, summed over workers): "
        + ", ".join(f"{kind} {seconds:.1f}" for kind, seconds in kinds if seconds >= 0.05))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=10_000)
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--formats", default=None,
                        help="comma-separated formats to build (default: all)")
    args = parser.parse_args()
    formats = frozenset(args.formats.split(",")) if args.formats else None
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw-corpus"
        raw.mkdir()
        size = write_variations(raw, args.count)
        print(f"{args.count} raw documents, {size / 1e6:.1f} MB; formats: "
              f"{args.formats or 'all'}")
        for jobs in (int(value) for value in args.jobs.split(",")):
            project = Path(tmp) / f"project-j{jobs}"
            (project / "tei").mkdir(parents=True)
            shutil.copytree(raw, project / "raw")
            shutil.copy(REPO / "tei" / "persons.xml", project / "tei")
            show(f"-j {jobs} full build", *timed_build(project, jobs, formats), print)
            changed = project / "raw" / "doc00007.txt"
            changed.write_text(changed.read_text(encoding="utf-8") + "\nOne more line.\n",
                               encoding="utf-8")
            show(f"-j {jobs} one raw file changed", *timed_build(project, jobs, formats), print)
            show(f"-j {jobs} nothing changed", *timed_build(project, jobs, formats), print)
            shutil.rmtree(project)


if __name__ == "__main__":
    main()
