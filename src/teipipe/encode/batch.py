"""A batch of inputs to a folder of TEI files: the file-system rules around `encode_document`.

- Output is written atomically, in batches synced to disk together (`teipipe.files.AtomicBatch`):
  a crash never leaves a truncated or half-renamed TEI file, and the temporaries a killed run
  left are removed by the next run. A result is reported once its file is in place.
- Inputs found in a folder must stay inside it (`teipipe.files.collect`): a link to a file
  elsewhere is refused unless `follow_symlinks`. No output may replace an input or the
  personography: such a batch is refused before anything is written.
- A TEI file that was changed after teipipe wrote it (its stamp's checksum no longer matches),
  or that teipipe did not write, is kept unless `force` is given, and the skip is reported.
- A TEI file teipipe wrote from the same input bytes, personography, version and output format
  (`serialize.OUTPUT_FORMAT`) is up to date:
  nothing is done (`unchanged`), which makes rebuilds incremental.
- One bad input never stops the batch.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from teipipe import files, workers
from teipipe.encode.document import EncodeError, encode_document
from teipipe.encode.model import Message
from teipipe.encode.people import Personography, load_personography
from teipipe.encode.serialize import read_stamp


class OutputError(Exception):
    """The output folder cannot be created or written."""


@dataclass
class FileResult:
    source: Path
    output: Path | None
    status: str  # "encoded" | "unchanged" | "skipped" | "failed"
    messages: list[Message] = field(default_factory=list)


@dataclass
class EncodeReport:
    """What a batch did: counts of every outcome, and the files that failed or were kept.

    Files that were encoded or already up to date are counted, not kept, so a batch of a
    million documents needs no more memory than a batch of ten.
    """

    encoded: int = 0
    unchanged: int = 0
    skipped: int = 0  # kept: edited by hand, or not teipipe's
    failed: int = 0
    warnings: int = 0
    results: list[FileResult] = field(default_factory=list)  # failed and kept files only
    cleaned: list[Path] = field(default_factory=list)  # stale temporaries removed

    def add(self, result: FileResult) -> None:
        if result.status == "encoded":
            self.encoded += 1
        elif result.status == "unchanged":
            self.unchanged += 1
        else:  # failed and kept files are listed too
            self.failed += result.status == "failed"
            self.skipped += result.status == "skipped"
            self.results.append(result)
        self.warnings += sum(1 for m in result.messages if m.severity == "warning")


def collect_inputs(paths: Sequence[Path], *, follow_symlinks: bool = False) -> list[Path]:
    """The inputs a batch reports on, one `FileResult` each: files as given, folders as their
    `*.txt` files (sorted), then the folder entries refused (links leading outside)."""
    found, refused = _collect(paths, follow_symlinks)
    return [*found, *(entry.path for entry in refused)]


def _collect(paths: Sequence[Path], follow_symlinks: bool) -> files.Collected:
    return files.collect(paths, "*.txt", recursive=True, follow_symlinks=follow_symlinks)


def encode_paths(
    inputs: Sequence[Path],
    out_dir: Path,
    *,
    persons: Path | None = None,
    force: bool = False,
    jobs: int = 1,
    follow_symlinks: bool = False,
    on_result: Callable[[FileResult], None] | None = None,
) -> EncodeReport:
    """Encode `inputs` (files or folders) into `out_dir/<stem>.xml`.

    Raises `OutputError` (nothing written) when the output folder is unusable or an output
    would replace an input or the personography, and `PersonographyError` when `persons`
    cannot be read.
    """
    found, outside = _collect(inputs, follow_symlinks)
    authority = load_personography(persons) if persons is not None else None
    tasks, refused = _plan(found, out_dir)
    try:
        files.guard_outputs(
            [output for _source, output in tasks],
            [*found, *([persons] if persons is not None else [])],
            spare_tei=False,  # TEI files teipipe did not write are kept by `encode_one`
        )
    except files.OverwriteError as exc:
        raise OutputError(str(exc)) from None
    _prepare(out_dir)
    report = EncodeReport(cleaned=files.clean_stale_temporaries(out_dir))
    hint = "use --follow-symlinks to encode it"
    refused = [_failed(entry.path, f"{entry.reason} ({hint})") for entry in outside] + refused
    for result in chain(refused, _run(tasks, authority, force, jobs)):
        report.add(result)
        if on_result is not None:
            on_result(result)
    return report


def _prepare(out_dir: Path) -> None:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create output folder {out_dir}: {exc.strerror}") from None
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise OutputError(f"output folder {out_dir} is not writable")


def _plan(files: list[Path], out_dir: Path) -> tuple[list[tuple[Path, Path]], list[FileResult]]:
    """Pair inputs with outputs; two inputs with the same stem cannot share one output."""
    tasks, failed = [], []
    claimed: dict[Path, Path] = {}
    for source in files:
        output = out_dir / f"{source.stem}.xml"
        if output in claimed:
            failed.append(
                FileResult(
                    source,
                    None,
                    "failed",
                    [
                        Message(
                            "error",
                            str(source),
                            None,
                            f"same output file {output} as {claimed[output]}",
                        )
                    ],
                )
            )
            continue
        claimed[output] = source
        tasks.append((source, output))
    return tasks, failed


_BATCH = 64  # files synced to disk together (and the most results held back at once)


def _run(
    tasks: list[tuple[Path, Path]], authority: Personography | None, force: bool, jobs: int
) -> Iterator[FileResult]:
    """Results in input order; each is reported once its file is on disk."""
    if jobs <= 1 or len(tasks) < 2:
        for start in range(0, len(tasks), _BATCH):
            yield from encode_batch(tasks[start : start + _BATCH], authority, force)
        return
    size = max(1, min(_BATCH, len(tasks) // (jobs * 4) or 1))
    chunks = [tasks[start : start + size] for start in range(0, len(tasks), size)]
    with workers.pool(jobs, _init_worker, (authority,)) as pool:
        for results in pool.map(_encode_in_worker, chunks, [force] * len(chunks)):
            yield from results


_WORKER_AUTHORITY: Personography | None = None


def _init_worker(authority: Personography | None) -> None:
    global _WORKER_AUTHORITY
    _WORKER_AUTHORITY = authority


def _encode_in_worker(tasks: list[tuple[Path, Path]], force: bool) -> list[FileResult]:
    return encode_batch(tasks, _WORKER_AUTHORITY, force)


def encode_batch(
    tasks: Sequence[tuple[Path, Path]], authority: Personography | None, force: bool
) -> list[FileResult]:
    """Encode each source to its output, following the batch rules; never raises for bad
    input. The outputs are synced to disk together, each renamed into place only once its
    data is on disk (`files.AtomicBatch`): a crash leaves no truncated or half-written TEI."""
    batch = files.AtomicBatch()
    results: list[FileResult] = []
    written: dict[Path, int] = {}  # output -> its result
    try:
        for source, output in tasks:
            result, data = _encode_one(source, output, authority, force)
            if data is not None and result.output is not None:
                try:
                    batch.write(output, data)
                except OSError as exc:
                    result = _failed(source, f"cannot write {output}: {exc.strerror or exc}")
                else:
                    written[output] = len(results)
            results.append(result)
    except BaseException:
        batch.abort()
        raise
    for output, error in batch.commit().items():
        at = written[output]
        results[at] = _failed(
            results[at].source, f"cannot write {output}: {error.strerror or error}"
        )
    return results


def _encode_one(
    source: Path, output: Path, authority: Personography | None, force: bool
) -> tuple[FileResult, bytes | None]:
    """The result for one input, and the bytes to write (None: nothing to write)."""
    name = str(source)
    try:
        raw = source.read_bytes()
    except OSError as exc:
        return _failed(source, f"cannot read: {exc.strerror or exc}"), None
    existing = _existing(output)
    if existing is not None and output.exists():
        stamp = read_stamp(existing)
        persons_sha = authority.sha256 if authority else ""
        if stamp is None or not stamp.intact:
            if not force:
                why = (
                    "was not written by teipipe"
                    if stamp is None
                    else "was edited after teipipe wrote it"
                )
                message = Message(
                    "warning", str(output), None, f"{why}; kept (use --force to replace it)"
                )
                return FileResult(source, output, "skipped", [message]), None
        elif not force and stamp.up_to_date(hashlib.sha256(raw).hexdigest(), persons_sha):
            return FileResult(source, output, "unchanged"), None
    try:
        encoded = encode_document(raw, source.name, authority)
    except EncodeError as exc:
        return _failed(source, str(exc)), None
    except RecursionError:
        return _failed(source, "structure too deeply nested to encode"), None
    for message in encoded.messages:
        message.file = name
    return FileResult(source, output, "encoded", encoded.messages), encoded.data


def _existing(output: Path) -> bytes | None:
    try:
        return output.read_bytes()
    except FileNotFoundError:
        return None
    except OSError:
        return b""


def _failed(source: Path, text: str) -> FileResult:
    return FileResult(source, None, "failed", [Message("error", str(source), None, text)])


def stale_inputs(inputs: Sequence[Path], out_dir: Path, persons: Path | None) -> list[Path]:
    """The inputs a batch would encode now (for a dry run): those without a TEI file, or whose
    TEI teipipe wrote from other input bytes, another personography, another teipipe version
    or another output format."""
    persons_sha = hashlib.sha256(persons.read_bytes()).hexdigest() if persons else ""
    stale = []
    for source in inputs:
        existing = _existing(out_dir / f"{source.stem}.xml")
        if existing is None:
            stale.append(source)
            continue
        stamp = read_stamp(existing)
        if stamp is None or not stamp.intact:
            continue  # kept: edited by hand or not teipipe's
        try:
            raw = source.read_bytes()
        except OSError:
            stale.append(source)
            continue
        if not stamp.up_to_date(hashlib.sha256(raw).hexdigest(), persons_sha):
            stale.append(source)
    return stale
