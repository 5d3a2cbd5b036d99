"""The main job: raw text → TEI (encode) → validation → the published edition, incrementally.

    raw/*.txt ──encode──▶ tei/*.xml ──validate──▶ build/html/<stem>.html, build/pdf/<stem>.pdf,
                                                  build/text/<stem>.txt, build/dc/<stem>.xml,
                                                  build/index.html, build/pdf/corpus.pdf

Every output records the SHA-256 of what it was made from (its TEI files, the personography,
the stylesheets and CSS, the teipipe version) in a manifest, `build/.teipipe-build.json`. An
output whose inputs hash the same and whose file exists is not made again, so a second run
with nothing changed does no work, and changing one raw file redoes only its TEI, its four
outputs and the two corpus-wide ones. The encoder is incremental in the same way, and only
TEI files that changed since they last validated cleanly are validated again.

The core reports through a callback and returns a `BuildReport`; it never prints or exits.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from teipipe import __version__
from teipipe.resources import stylesheet
from teipipe.transform import SUFFIX, Format, render
from teipipe.transform.corpus import document_paths, listing

if TYPE_CHECKING:
    from teipipe.encode import EncodeReport, FileResult
    from teipipe.validate.problems import Problem

MANIFEST = ".teipipe-build.json"
DOCUMENT_FORMATS: tuple[Format, ...] = ("html", "pdf", "text", "dc")
OUTPUT_DIR: dict[Format, str] = {"html": "html", "pdf": "pdf", "text": "text", "dc": "dc"}

Phase = Literal["encode", "validate", "transform"]


class Validator(Protocol):
    """The signature of `teipipe.validate.validate_paths` that the build relies on."""

    def __call__(
        self, paths: Sequence[Path], *, raw_dir: Path | None = None, jobs: int = 1
    ) -> list[Problem]: ...


@dataclass(frozen=True)
class Progress:
    """One step of the build, for a progress display: `done` of `total` in `phase`."""

    phase: Phase
    done: int
    total: int
    item: str = ""


@dataclass(frozen=True)
class Output:
    """An output file and what it is made from."""

    kind: str  # a document Format, or "index" / "volume"
    target: Path
    sources: tuple[Path, ...]


@dataclass
class BuildReport:
    """What a build did. `stopped` is set when encoding or validation errors ended it early."""

    documents: int = 0
    encode: EncodeReport | None = None
    validated: int = 0
    problems: list[Problem] = field(default_factory=list)
    built: list[Output] = field(default_factory=list)
    unchanged: int = 0
    failed: list[tuple[Output, str]] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    stopped: bool = False

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == "error"]

    @property
    def did_nothing(self) -> bool:
        """True when everything was already up to date."""
        encoded = self.encode.encoded if self.encode is not None else 0
        return not (encoded or self.validated or self.built or self.failed or self.removed)

    @property
    def ok(self) -> bool:
        encode_failed = self.encode.failed if self.encode is not None else 0
        return not (self.stopped or self.failed or encode_failed)


# --- manifest ---------------------------------------------------------------------------------


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def toolchain() -> str:
    """A fingerprint of everything besides the TEI that shapes an output."""
    digest = hashlib.sha256(f"teipipe {__version__}".encode())
    for path in sorted(stylesheet("teipipe.css").parent.iterdir()):
        if path.suffix in {".xsl", ".css"}:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def fingerprint(sources: Iterable[Path], tools: str) -> str:
    digest = hashlib.sha256(tools.encode())
    for source in sources:
        digest.update(source.name.encode() + b"\0" + sha256(source).encode())
    return digest.hexdigest()


def load_manifest(out_dir: Path) -> dict[str, Any]:
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_manifest(out_dir: Path, manifest: dict[str, Any]) -> None:
    _write_if_changed(out_dir / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())


def write_atomically(target: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder, so no reader sees half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # named per process (not mkstemp: its 0600 mode would make the edition unreadable to others)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# --- planning ---------------------------------------------------------------------------------


def plan(documents: Sequence[Path], out_dir: Path, persons: Path | None) -> list[Output]:
    """Every output of the edition, with the files it is made from."""
    outputs = [
        Output(fmt, out_dir / OUTPUT_DIR[fmt] / (doc.stem + SUFFIX[fmt]), (doc,))
        for doc in documents
        for fmt in DOCUMENT_FORMATS
    ]
    corpus_sources = (*documents, *([persons] if persons is not None else []))
    if documents:
        outputs.append(Output("index", out_dir / "index.html", corpus_sources))
        outputs.append(Output("volume", out_dir / "pdf" / "corpus.pdf", corpus_sources))
    return outputs


def key(output: Output, out_dir: Path) -> str:
    return output.target.relative_to(out_dir).as_posix()


# --- making outputs ---------------------------------------------------------------------------


def make(output: Output, listing_file: Path) -> str | None:
    """Write one output; the error message on failure (run in worker processes too)."""
    try:
        if output.kind == "index":
            from teipipe.transform import xslt

            result = xslt.apply("corpus-index.xsl", xslt.parse(listing_file))
            data = xslt.to_bytes(result)
        elif output.kind == "volume":
            from teipipe.transform.pdf import volume_pdf

            data = volume_pdf(listing_file)
        else:
            fmt: Format = output.kind  # type: ignore[assignment]
            data = render(output.sources[0], fmt, index_href="../index.html")
        write_atomically(output.target, data)
    except Exception as err:  # one bad document must not stop the others
        return f"{type(err).__name__}: {err}"
    return None


def _make_task(task: tuple[Output, Path]) -> tuple[Output, str | None]:
    return task[0], make(*task)


def run(
    tasks: Sequence[Output], listing_file: Path, jobs: int
) -> Iterator[tuple[Output, str | None]]:
    """Make `tasks`, in `jobs` processes when more than one; slow PDFs first."""
    ordered = sorted(tasks, key=lambda o: o.kind not in {"volume", "pdf"})
    if jobs <= 1 or len(ordered) < 2:
        for output in ordered:
            yield output, make(output, listing_file)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_make_task, [(output, listing_file) for output in ordered])


# --- the build --------------------------------------------------------------------------------


def build(
    *,
    tei_dir: Path,
    out_dir: Path,
    raw_dir: Path | None = None,
    persons: Path | None = None,
    jobs: int = 1,
    validator: Validator | None = None,
    on_progress: Callable[[Progress], None] | None = None,
) -> BuildReport:
    """Encode `raw_dir` into `tei_dir` (when given), validate, and publish into `out_dir`."""
    report = BuildReport()
    notify = on_progress or (lambda _progress: None)
    if persons is None and (tei_dir / "persons.xml").is_file():
        persons = tei_dir / "persons.xml"

    if raw_dir is not None:
        report.encode = _encode(raw_dir, tei_dir, persons, jobs, notify)
        if report.encode.failed:
            report.stopped = True
            return report

    documents = document_paths([tei_dir]) if tei_dir.is_dir() else []
    report.documents = len(documents)
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = load_manifest(out_dir)
    tools = toolchain()

    report.problems, report.validated = _validate(
        documents, raw_dir, persons, manifest, validator, jobs, notify
    )
    if report.errors:
        report.stopped = True
        save_manifest(out_dir, manifest)
        return report

    outputs = plan(documents, out_dir, persons)
    recorded: dict[str, str] = manifest.setdefault("outputs", {})
    todo = []
    for output in outputs:
        current = fingerprint(output.sources, tools)
        if recorded.get(key(output, out_dir)) == current and output.target.exists():
            report.unchanged += 1
        else:
            todo.append(output)
    report.removed = _prune(recorded, {key(o, out_dir) for o in outputs}, out_dir)

    if todo:
        _write_support_files(out_dir, documents, persons)
        listing_file = out_dir / "corpus.xml"
        notify(Progress("transform", 0, len(todo)))
        for done, (output, error) in enumerate(run(todo, listing_file, jobs), start=1):
            if error is None:
                report.built.append(output)
                recorded[key(output, out_dir)] = fingerprint(output.sources, tools)
            else:
                report.failed.append((output, error))
                recorded.pop(key(output, out_dir), None)
            notify(Progress("transform", done, len(todo), key(output, out_dir)))
    save_manifest(out_dir, manifest)
    return report


def _encode(
    raw_dir: Path, tei_dir: Path, persons: Path | None, jobs: int,
    notify: Callable[[Progress], None],
) -> EncodeReport:
    from teipipe.encode import encode_paths
    from teipipe.encode.batch import collect_inputs

    total = len(collect_inputs([raw_dir]))
    done = 0
    notify(Progress("encode", 0, total))

    def step(result: FileResult) -> None:
        nonlocal done
        done += 1
        notify(Progress("encode", done, total, result.source.name))

    return encode_paths([raw_dir], tei_dir, persons=persons, jobs=jobs, on_result=step)


def _validate(
    documents: Sequence[Path], raw_dir: Path | None, persons: Path | None,
    manifest: dict[str, Any], validator: Validator | None, jobs: int,
    notify: Callable[[Progress], None],
) -> tuple[list[Problem], int]:
    """Validate the documents that changed since they last validated without errors."""
    if validator is None:
        from teipipe.validate import validate_paths as validator
    assert validator is not None
    clean: dict[str, str] = manifest.setdefault("validated", {})
    persons_hash = sha256(persons) if persons is not None else ""
    current = {doc: f"{sha256(doc)}:{persons_hash}" for doc in documents}
    changed = [doc for doc in documents if clean.get(str(doc.resolve())) != current[doc]]
    if not changed:
        return [], 0
    notify(Progress("validate", 0, len(changed)))
    problems = validator(changed, raw_dir=raw_dir, jobs=jobs)
    notify(Progress("validate", len(changed), len(changed)))
    with_errors = {
        Path(problem.file).resolve() for problem in problems if problem.severity == "error"
    }
    for doc in changed:
        if doc.resolve() in with_errors:
            clean.pop(str(doc.resolve()), None)
        else:
            clean[str(doc.resolve())] = current[doc]
    return problems, len(changed)


def _write_support_files(out_dir: Path, documents: Sequence[Path], persons: Path | None) -> None:
    """The corpus listing the corpus stylesheets read, and the CSS beside the HTML."""
    _write_if_changed(out_dir / "corpus.xml", listing(documents, out_dir, persons))
    css = stylesheet("teipipe.css")
    _write_if_changed(out_dir / "html" / css.name, css.read_bytes())


def _write_if_changed(target: Path, data: bytes) -> None:
    if not target.exists() or target.read_bytes() != data:
        write_atomically(target, data)


def _prune(recorded: dict[str, str], planned: set[str], out_dir: Path) -> list[Path]:
    """Remove outputs of documents that are gone (only files this build made)."""
    removed = []
    for name in sorted(set(recorded) - planned):
        target = out_dir / name
        target.unlink(missing_ok=True)
        removed.append(target)
        del recorded[name]
    return removed
