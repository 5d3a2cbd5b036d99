"""The main job: raw text → TEI (encode) → validation → the published edition, incrementally.

    raw/*.txt ──encode──▶ tei/*.xml ──validate──▶ build/ (see `teipipe.build.outputs`)

What the build guarantees (the README says the same to users):

- **It never publishes what it has not checked.** Every document is validated against
  teipipe's own schemas (whatever else its `xml-model` names) and, when its raw text is known,
  for text fidelity. A verdict is reused only under a key covering the document, its raw text,
  the personography, every schema used and teipipe's validation code. A document that is not
  well-formed is an error with its line and column, never silently left out.
- **Errors stop it before anything is published**, and the previous edition stays as it was;
  with `keep_going` the failing documents are left out (their earlier outputs are kept) and
  the build still reports failure.
- **It never deletes what it did not write**: only outputs named in its own record, at paths
  it could have written, whose bytes are still the bytes it wrote.
- **It never trusts what it cannot check**: outputs are verified by hash, a record that does not
  check out is discarded (full rebuild), and progress is journalled as outputs complete, so an
  interrupted build loses no finished work and the next one reaches a clean build's result.

The core reports through callbacks and returns a `BuildReport`; it never prints or exits.
"""

from __future__ import annotations

import hashlib
import shutil
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

from teipipe import __version__
from teipipe.build import record as records
from teipipe.build.outputs import (
    FIRST,
    LINKED,
    ROOTS,
    Output,
    Result,
    kinds_of,
    listing_content,
    make_batch,
    plan,
)
from teipipe.build.outputs import run as run_outputs
from teipipe.build.record import Made, Record, Verdict
from teipipe.edition import Edition
from teipipe.files import clean_stale_temporaries, collect
from teipipe.project import find_personography
from teipipe.resources import PACKAGE_DIR, data, stylesheet
from teipipe.validate.problems import Problem

if TYPE_CHECKING:
    from teipipe.encode import EncodeReport, FileResult
    from teipipe.encode.model import Message

MANIFEST = records.RECORD  # the record's file name, as earlier versions called it

Phase = Literal["encode", "validate", "transform"]

__all__ = ["MANIFEST", "BuildReport", "Output", "Progress", "build"]


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


@dataclass
class BuildReport:
    """What a build did, or (`dry_run`) would do.

    `problems` are the ones found in this run (printed as they are new); `current` every
    problem of the edition as it now stands, found now or in an earlier run.
    """

    documents: int = 0
    encode: EncodeReport | None = None
    validated: int = 0
    problems: list[Problem] = field(default_factory=list)
    current: list[Problem] = field(default_factory=list)
    built: list[Output] = field(default_factory=list)
    unchanged: int = 0
    failed: list[tuple[Output, str]] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    kept: list[tuple[Path, str]] = field(default_factory=list)
    left_out: list[Path] = field(default_factory=list)
    orphans: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    personography: str = ""  # which personography the build used, or that none was found
    stopped: bool = False
    fatal: str = ""
    dry_run: bool = False
    to_encode: list[Path] = field(default_factory=list)
    to_validate: list[Path] = field(default_factory=list)
    #: Seconds spent making the outputs of each kind (summed over the workers, so more than
    #: the wall time with -j 2): where a build's time goes.
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.current if problem.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.current if problem.severity == "warning"]

    @property
    def did_nothing(self) -> bool:
        """True when everything was already up to date."""
        encoded = self.encode.encoded if self.encode is not None else 0
        return not (encoded or self.validated or self.built or self.failed or self.removed)

    @property
    def ok(self) -> bool:
        encode_failed = self.encode.failed if self.encode is not None else 0
        return not (
            self.stopped or self.fatal or self.failed or encode_failed or self.left_out
            or self.errors
        )


# --- fingerprints -----------------------------------------------------------------------------


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _digest(parts: Iterable[str | bytes]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()


def toolchain() -> str:
    """A fingerprint of everything besides the TEI that shapes an output."""
    files = sorted(p for p in stylesheet("teipipe.css").parent.iterdir()
                   if p.suffix in {".xsl", ".css", ".js"})
    return _digest([f"teipipe {__version__}", *(f"{p.name}:{sha256(p)}" for p in files)])


def validation_sources() -> list[Path]:
    """What a verdict depends on besides the document, its raw text and the schemas it names:
    teipipe's validation code, its shipped schemas, the Schematron compiler and Saxon's
    configuration, and the fidelity check's decoder of raw text and reading-text stylesheet
    (each stylesheet with what it imports)."""
    from teipipe.fidelity import READING_STYLESHEET
    from teipipe.transform.xslt import stylesheet_files
    from teipipe.validate.saxon import CONFIG
    from teipipe.validate.schematron import COMPILER

    files = [*sorted((PACKAGE_DIR / "validate").glob("*.py")), PACKAGE_DIR / "fidelity.py",
             PACKAGE_DIR / "decode.py", data(CONFIG)]
    files += sorted((PACKAGE_DIR / "schemas").iterdir())
    files += stylesheet_files(stylesheet(COMPILER))
    return files + stylesheet_files(stylesheet(READING_STYLESHEET))


def validation_tools() -> str:
    """A fingerprint of teipipe's validation (see `validation_sources`) and its version."""
    return _digest([f"teipipe {__version__}",
                    *(f"{p.name}:{sha256(p)}" for p in validation_sources() if p.is_file())])


OWN_SCHEMAS = ("teipipe.rng", "teipipe.sch")


def _own_schemas() -> list[Path]:
    from teipipe.resources import schema

    return [schema(name) for name in OWN_SCHEMAS]


def _named_schemas(document: Path) -> list[Path]:
    """The local schema files a document's `xml-model` PIs name (read from its prolog only)."""
    from teipipe.validate.catalog import resolve_href
    from teipipe.validate.parsing import prolog_models

    found = (resolve_href(model.href, document) for model in prolog_models(document))
    return [local for local in found if local is not None]


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
    on_problem: Callable[[Problem], None] | None = None,
    keep_going: bool = False,
    force: bool = False,
    dry_run: bool = False,
    follow_symlinks: bool = False,
    edition: Edition | None = None,
    formats: frozenset[str] | None = None,
) -> BuildReport:
    """Encode `raw_dir` into `tei_dir` (when given), validate, and publish into `out_dir`.

    `formats` (see `teipipe.build.outputs.FORMAT_KINDS`; None: all) limits what is made: the
    outputs of other formats are neither made nor removed, but kept as they are. Raises
    ValueError for a format there is not, before doing anything.
    """
    kinds_of(formats)  # an unknown format is an error before anything is done
    report = BuildReport(dry_run=dry_run)
    job = _Build(tei_dir, out_dir, raw_dir, persons, jobs, validator, report,
                 on_progress or (lambda _progress: None), on_problem or (lambda _problem: None),
                 keep_going, force, dry_run, follow_symlinks, edition or Edition(), formats)
    try:
        job.run()
    except OSError as error:  # the output folder, its record or journal cannot be written
        where = error.filename or out_dir
        report.fatal = f"cannot write {where}: {error.strerror or error}"
    finally:
        job.journal.close()
    return report


class _Build:
    """One run of the build: its settings, the record it works from, and the report it fills."""

    def __init__(
        self, tei_dir: Path, out_dir: Path, raw_dir: Path | None, persons: Path | None,
        jobs: int, validator: Validator | None, report: BuildReport,
        notify: Callable[[Progress], None], tell: Callable[[Problem], None],
        keep_going: bool, force: bool, dry_run: bool, follow_symlinks: bool, edition: Edition,
        formats: frozenset[str] | None = None,
    ) -> None:
        self.tei_dir, self.out_dir, self.raw_dir = tei_dir, out_dir, raw_dir
        choice = find_personography(tei_dir, [raw_dir] if raw_dir is not None else [], persons)
        self.persons = choice.path
        report.personography = choice.describe()
        self.jobs, self.report, self.notify, self.tell = jobs, report, notify, tell
        self.keep_going, self.force, self.dry_run = keep_going, force, dry_run
        self.follow_symlinks, self.edition = follow_symlinks, edition
        self.formats = formats
        #: Bag the edition: asked for, and the repository outputs are being made.
        self.bagging = edition.bag and (formats is None or "repository" in formats)
        self.validator: Validator = validator or partial(
            _default_validator, required=tuple(_own_schemas())
        )
        self.record = Record()
        self.journal = records.Journal(out_dir)
        self.hashes: dict[Path, str] = {}

    # -- steps, in order --

    def run(self) -> None:
        report = self.report
        if not self._personography_is_usable():
            return
        if not self.dry_run:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            for folder in (self.out_dir, *(self.out_dir / root for root in ROOTS)):
                clean_stale_temporaries(folder)
        self.record = records.load(self.out_dir, ROOTS)
        if self.record.note:
            report.notes.append(self.record.note)
        if self.force:  # forget outputs and verdicts; the encoder keeps its own up-to-date check
            self.record = Record(encoding=self.record.encoding)
        if self.raw_dir is not None and not self._encode(self.raw_dir):
            self._finish()
            return
        candidates = self._candidates()
        verdicts = self._validate(candidates)
        documents = [doc for doc in candidates if verdicts[doc].document]
        report.documents = len(documents)
        failing = [doc for doc in documents if verdicts[doc].failed]
        if failing and not self.keep_going:
            report.stopped = True
            self._finish()
            return
        report.left_out = failing
        published = [doc for doc in documents if doc not in failing]
        self._publish(published, keep=failing)
        self._finish()

    def _personography_is_usable(self) -> bool:
        """A personography that is not well-formed stops the build, with its line and column."""
        if self.persons is None:
            return True
        from teipipe.validate.parsing import parse_document

        parsed = parse_document(self.persons)
        if parsed.tree is not None and parsed.tree.getroot().tag.endswith("TEI"):
            return True
        problems = list(parsed.problems) or [
            Problem(str(self.persons), 1, 0, "error", "personography", "wellformed",
                    "the personography is not a TEI document")
        ]
        self.report.problems += problems
        self.report.current += problems
        for problem in problems:
            self.tell(problem)
        self.report.stopped = True
        return False

    def _encode(self, raw_dir: Path) -> bool:
        """Encode the raw inputs; False when the build must stop here."""
        from teipipe.encode import PersonographyError, encode_paths
        from teipipe.encode.batch import OutputError, collect_inputs, stale_inputs

        report = self.report
        inputs = collect_inputs([raw_dir], follow_symlinks=self.follow_symlinks)
        if self.dry_run:
            report.to_encode = stale_inputs(inputs, self.tei_dir, self.persons)
            return True
        done = 0
        self.notify(Progress("encode", 0, len(inputs)))

        def step(result: FileResult) -> None:
            nonlocal done
            done += 1
            self.notify(Progress("encode", done, len(inputs), result.source.name))
            if result.status in {"encoded", "failed", "skipped"}:
                found = tuple(_from_message(message) for message in result.messages)
                self.record.encoding[str(result.source)] = found
                self.journal.encoded(str(result.source), found)
                for problem in found:
                    report.problems.append(problem)
                    self.tell(problem)

        try:
            report.encode = encode_paths([raw_dir], self.tei_dir, persons=self.persons,
                                         jobs=self.jobs, on_result=step,
                                         follow_symlinks=self.follow_symlinks)
        except (OutputError, PersonographyError) as error:
            report.fatal = str(error)
            return False
        known = {str(path) for path in inputs}
        for source in [s for s in self.record.encoding if s not in known]:
            del self.record.encoding[source]  # inputs that are gone
        for problems in self.record.encoding.values():
            report.current += problems
        if report.encode.failed and not self.keep_going:
            report.stopped = True
            return False
        return True

    def _candidates(self) -> list[Path]:
        """Every TEI file of the edition (all `*.xml` but the personography), malformed or not;
        with `keep_going`, minus those whose raw input failed to encode."""
        if not self.tei_dir.is_dir():
            return []
        persons = self.persons.resolve() if self.persons is not None else None
        collected = collect([self.tei_dir], "*.xml", recursive=False,
                            follow_symlinks=self.follow_symlinks)
        for refused in collected.refused:
            problem = Problem(str(refused.path), refused.line, refused.column, "error",
                              "input-refused", "wellformed", refused.reason)
            self.report.problems.append(problem)
            self.report.current.append(problem)
            self.tell(problem)
        found = [path for path in collected.found if path.resolve() != persons]
        encode = self.report.encode
        if encode is not None:
            failed = {result.source.stem for result in encode.results if result.status == "failed"}
            self.report.left_out += [path for path in found if path.stem in failed]
            found = [path for path in found if path.stem not in failed]
        if self.raw_dir is not None:
            self.report.orphans = [path for path in found
                                   if not (self.raw_dir / f"{path.stem}.txt").is_file()]
        return found

    def _hash(self, path: Path) -> str:
        if path not in self.hashes:
            self.hashes[path] = sha256(path)
        return self.hashes[path]

    def _verdict_key(self, document: Path, tools: str, persons: str) -> str:
        raw = self.raw_dir / f"{document.stem}.txt" if self.raw_dir is not None else None
        schemas = [*_own_schemas(), *_named_schemas(document)]
        return _digest([
            tools, persons, self._hash(document),
            self._hash(raw) if raw is not None and raw.is_file() else "no raw text",
            *(f"{schema}:{self._hash(schema)}" for schema in schemas),
        ])

    def _validate(self, candidates: list[Path]) -> dict[Path, Verdict]:
        """The verdict on every candidate: from the record when its key still matches and it
        found no errors (a failing document is checked again until it passes)."""
        report = self.report
        tools = validation_tools()
        persons = self._hash(self.persons) if self.persons is not None else "no personography"
        keys = {doc: self._verdict_key(doc, tools, persons) for doc in candidates}
        verdicts: dict[Path, Verdict] = {}
        stale = []
        for doc in candidates:
            known = self.record.verdicts.get(str(doc.resolve()))
            if known is not None and known.key == keys[doc] and not known.failed:
                verdicts[doc] = known
            else:
                stale.append(doc)
        report.to_validate = stale
        if self.dry_run:
            verdicts.update((doc, Verdict(keys[doc], _is_document(doc), ())) for doc in stale)
        elif stale:
            documents = [doc for doc in stale if _is_document(doc)]
            self.notify(Progress("validate", 0, len(documents)))
            found = self.validator(documents, raw_dir=self.raw_dir, jobs=self.jobs)
            self.notify(Progress("validate", len(documents), len(documents)))
            by_file: dict[str, list[Problem]] = {}
            for problem in found:
                by_file.setdefault(problem.file, []).append(problem)
                report.problems.append(problem)
                self.tell(problem)
            report.validated = len(documents)
            for doc in stale:
                verdict = Verdict(keys[doc], doc in documents, tuple(by_file.get(str(doc), ())))
                verdicts[doc] = verdict
                self.record.verdicts[str(doc.resolve())] = verdict
                self.journal.validated(str(doc.resolve()), verdict)
        current = {str(doc.resolve()) for doc in candidates}
        for name in [name for name in self.record.verdicts if name not in current]:
            del self.record.verdicts[name]
        for doc in candidates:
            report.current += verdicts[doc].problems
        return verdicts

    def _publish(self, documents: list[Path], keep: list[Path]) -> None:
        """Make what is missing, stale or damaged; remove what the build made for documents
        that are gone; keep the outputs of documents left out."""
        report = self.report
        outputs = plan(documents, self.persons, self.edition.settings(), self.formats,
                       self._linked_formats())
        tools = toolchain()
        sources = {output.key: self._source_key(output, tools) for output in outputs}
        # a dry run has not re-encoded what it would: count what depends on that as stale
        changing = {self.tei_dir / f"{raw.stem}.xml" for raw in report.to_encode}
        todo = []
        for output in outputs:
            made = self.record.outputs.get(output.key)
            target = self.out_dir / output.key
            if (made is not None and made.source_key == sources[output.key]
                    and _holds(target, made.sha256) and not changing.intersection(output.sources)):
                report.unchanged += 1
            else:
                todo.append(output)
        kept_keys = {output.key for output in plan(keep, None) if output.kind != "persons"}
        bagged = {"bag"} if documents and self.edition.bag else set()
        # outputs of the formats not chosen are kept as they are: not made, not removed
        unchosen = set() if self.formats is None else {
            output.key for output in plan(documents, self.persons, self.edition.settings())}
        self._prune(set(sources) | kept_keys | bagged | unchosen)
        if self.dry_run:
            report.built = todo
            return
        first = [output for output in todo if output.kind in FIRST]
        rest = [output for output in todo if output.kind not in FIRST]
        progress = Progress("transform", 0, len(todo))
        self.notify(progress)
        datestamps = self._repository_history(documents)
        # cheap, and read by the others: made here, before them; the copies in one batch,
        # then the listing (which names the personography's copy only once it is there)
        copies = [output for output in first if output.kind != "listing"]
        results = make_batch(copies, self.out_dir)
        for output in [output for output in first if output.kind == "listing"]:
            results += make_batch([output], self.out_dir, [
                listing_content(documents, self.persons, self.out_dir, datestamps)])
        for result in chain(results, run_outputs(rest, self.out_dir, self.jobs)):
            self._record(result, sources)
            progress = Progress("transform", progress.done + 1, len(todo), result.output.key)
            self.notify(progress)
        if documents and self.bagging:
            started = time.perf_counter()
            self._bag(bool(todo or report.removed))
            report.seconds["bag"] = time.perf_counter() - started

    def _linked_formats(self) -> frozenset[str]:
        """The formats the index links to: those this build makes, and those an earlier build
        made and this one keeps (`--formats` leaves the others as they are)."""
        return frozenset(
            name for name, key in LINKED.items()
            if self.formats is None or name in self.formats or key in self.record.outputs
        )

    def _repository_history(self, documents: list[Path]) -> dict[str, str]:
        """Update the OAI record history (`oai/records.json`: datestamps, deleted documents)
        with the documents now published; their datestamps, by stem, as days."""
        from datetime import UTC, datetime

        from teipipe.repository.records import (
            RECORDS_FILE,
            read_records,
            update_records,
            write_records,
        )

        path = self.out_dir / RECORDS_FILE
        try:
            previous = read_records(path)
        except ValueError as error:  # RecordsError: start the history again, and say so
            self.report.notes.append(f"{error}; the OAI record history starts again")
            previous = {}
        current = {doc.stem: self._hash(doc) for doc in documents}
        history = update_records(previous, current, datetime.now(UTC))
        path.parent.mkdir(parents=True, exist_ok=True)
        write_records(path, history)
        return {stem: record["datestamp"][:10] for stem, record in history["records"].items()
                if not record["deleted"]}

    def _bag(self, changed: bool) -> None:
        """Bag the edition when it changed, or when the bag is missing or was altered."""
        from teipipe.repository.bag import write_bag

        bag, zipped = self.out_dir / "bag", self.out_dir / "bag.zip"
        source_key = _digest([*(f"{key}:{made.sha256}" for key, made in
                                sorted(self.record.outputs.items()) if key != "bag"),
                              str(self.edition.bag_zip)])
        manifest = bag / "tagmanifest-sha256.txt"
        made = self.record.outputs.get("bag")
        if (not changed and made is not None and made.source_key == source_key
                and _holds(manifest, made.sha256)
                and (zipped.is_file() or not self.edition.bag_zip)):
            self.report.unchanged += 1
            return
        info = _bag_info(self.out_dir / "corpus.xml", self.report.documents)
        try:
            write_bag(self.out_dir, bag, zip_to=zipped if self.edition.bag_zip else None,
                      info=info)
        except OSError as error:
            self.report.failed.append((Output("bag", "bag", ()), f"cannot write {bag}: "
                                       f"{error.strerror or error}"))
            return
        self.record.outputs["bag"] = Made(source_key, sha256(manifest))
        self.journal.made("bag", self.record.outputs["bag"])
        self.report.built.append(Output("bag", "bag", ()))

    def _source_key(self, output: Output, tools: str) -> str:
        """What `output` is made from: the tools, its kind and place, and its sources' hashes."""
        return _digest([tools, output.kind, output.key,
                        *(f"{source.name}:{self._hash(source)}" for source in output.sources)])

    def _record(self, result: Result, sources: dict[str, str]) -> None:
        output = result.output
        self.report.seconds[output.kind] = self.report.seconds.get(output.kind, 0.0) + (
            result.seconds)
        if result.sha256 is None:
            # the old file (written atomically) and its entry stay: it is made again next time
            self.report.failed.append((output, result.error or "failed"))
        else:
            made = Made(sources[output.key], result.sha256)
            self.record.outputs[output.key] = made
            self.journal.made(output.key, made)
            self.report.built.append(output)

    def _prune(self, planned: set[str]) -> None:
        """Delete outputs the record names that are no longer planned, if they are still
        exactly what the build wrote there; anything else is kept and reported."""
        root = self.out_dir.resolve()
        for key in sorted(set(self.record.outputs) - planned):
            made = self.record.outputs[key]
            target = self.out_dir / key
            if key == "bag":  # a folder, known by its tag manifest
                self._unbag(made)
                continue
            if not self.dry_run:
                del self.record.outputs[key]
                self.journal.removed(key)
            if not target.exists() and not target.is_symlink():
                continue
            inside = target.resolve().is_relative_to(root) and not _through_link(target, root)
            if not inside:
                self.report.kept.append((target, "leads outside the output folder"))
            elif not _holds(target, made.sha256):
                self.report.kept.append((target, "changed since teipipe wrote it"))
            else:
                if not self.dry_run:
                    target.unlink()
                self.report.removed.append(target)

    def _unbag(self, made: Made) -> None:
        """Remove the bag (and its zip) of an edition that is no longer bagged, if the bag is
        still the one the build wrote."""
        bag = self.out_dir / "bag"
        if not _holds(bag / "tagmanifest-sha256.txt", made.sha256) or bag.is_symlink():
            if bag.exists():
                self.report.kept.append((bag, "changed since teipipe wrote it"))
            return
        if not self.dry_run:
            shutil.rmtree(bag)
            (self.out_dir / "bag.zip").unlink(missing_ok=True)
        self.report.removed.append(bag)

    def _finish(self) -> None:
        if not self.dry_run:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            records.save(self.out_dir, self.record)


def _bag_info(corpus: Path, documents: int) -> dict[str, str]:
    """bag-info.txt fields from the corpus header: who publishes the edition, and what it is."""
    from lxml import etree

    from teipipe.transform.xslt import parse

    publisher, title = "", ""
    try:
        header = parse(corpus).getroot()
        namespace = {"t": "http://www.tei-c.org/ns/1.0"}
        publisher = header.findtext("t:teiHeader//t:publicationStmt/t:publisher",
                                    namespaces=namespace) or ""
        title = header.findtext("t:teiHeader//t:titleStmt/t:title", namespaces=namespace) or ""
    except (etree.XMLSyntaxError, OSError):
        pass  # the bag is still worth making; the fields then say less
    return {
        "Source-Organization": " ".join(publisher.split()) or "unknown publisher",
        "External-Description": f"{' '.join(title.split()) or 'A TEI edition'}: {documents} "
                                f"documents in TEI P5 with their reading, print and "
                                f"repository outputs, made by teipipe",
    }


def _default_validator(
    paths: Sequence[Path], *, raw_dir: Path | None = None, jobs: int = 1,
    required: Sequence[Path] = (),
) -> list[Problem]:
    from teipipe.validate import validate_paths

    return validate_paths(paths, raw_dir=raw_dir, jobs=jobs, required=required)


def _is_document(path: Path) -> bool:
    """Whether `path` is to be validated and published: a TEI document with a body — or a file
    that does not even parse, which validation then reports instead of the build leaving it
    out."""
    from lxml import etree

    from teipipe.transform.corpus import is_document_tree
    from teipipe.transform.xslt import parse

    try:
        return is_document_tree(parse(path))
    except (etree.XMLSyntaxError, OSError):
        return True


def _holds(target: Path, digest: str) -> bool:
    """Whether `target` is a regular file (not a link) with exactly the bytes hashing to
    `digest`."""
    try:
        return not target.is_symlink() and target.is_file() and sha256(target) == digest
    except OSError:
        return False


def _through_link(target: Path, root: Path) -> bool:
    """Whether any folder between `root` and `target` is a symbolic link."""
    path = target.parent
    while path.resolve() != root and path != path.parent:
        if path.is_symlink():
            return True
        path = path.parent
    return False


def _from_message(message: Message) -> Problem:
    """An encoder message as a problem, so the build lists encoding and validation alike."""
    severity: Literal["error", "warning"] = "error" if message.severity == "error" else "warning"
    return Problem(message.file, message.line or 0, 0, severity, "encode", "encoding",
                   message.text)

