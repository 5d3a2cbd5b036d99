"""Run the layers over many files: compile each schema once per process, fan out with -j.

For each document: well-formedness (safe parser), then every schema that applies (the ones
given with `--schema`, else those its `xml-model` PIs name, else teipipe's own), then text
fidelity against the raw input when it can be found. Documents that need Jing (libxml2 rejected
them, or libxml2 cannot compile their schema in time) are collected and checked afterwards in
one Jing run per schema. A document no schema could be applied to is an error.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from lxml import etree

from teipipe import resources
from teipipe.decode import decode
from teipipe.fidelity import check_fidelity
from teipipe.files import Refused, collect, real_folder
from teipipe.validate.catalog import resolve_href, user_catalogs
from teipipe.validate.compact import COMPACT_TYPE, converted
from teipipe.validate.jing import JingFailed, jing_batch
from teipipe.validate.options import Options
from teipipe.validate.parsing import XmlModel, model_hints, parse_document, xml_models
from teipipe.validate.problems import Problem, Severity
from teipipe.validate.relaxng import RelaxNGValidator, compile_relaxng
from teipipe.validate.schematron import SchematronValidator, embedded_schematron
from teipipe.workers import die_with_parent

DEFAULT_SCHEMAS = ("teipipe.rng", "teipipe.sch")
DEFAULTS = Options()
RNG_NS = "http://relaxng.org/ns/structure/1.0"
# The kind of "the Schematron embedded in this RELAX NG schema" (ODD-generated schemas)
EMBEDDED = ".rng#schematron"

# xml-model/@schematypens values, and file extensions when a PI gives no schematypens.
_BY_NAMESPACE = {
    "http://relaxng.org/ns/structure/1.0": ".rng",
    "http://www.w3.org/2001/XMLSchema": ".xsd",
    "http://purl.oclc.org/dsdl/schematron": ".sch",
    "http://www.ascc.net/xml/schematron": ".sch",
}


class Validator(Protocol):
    layer: str

    def validate(self, tree: etree._ElementTree, file: str) -> list[Problem]: ...


class SchemaLoadError(Exception):
    """A schema that cannot be read or compiled."""


def _compile(path: Path, kind: str, timeout: float, phase: str | None) -> Validator | None:
    """The validator for a schema of `kind`; None for an embedded Schematron that is absent.
    `phase` is the Schematron phase of a `.sch` (None: its default phase)."""
    try:
        if kind == ".rnc":
            return compile_relaxng(converted(path), timeout, rule=path.name)
        if kind == ".rng":
            return compile_relaxng(path, timeout)
        if kind == ".xsd":
            # imported here: xmlschema takes a fifth of a second to import, which every
            # run paid before it could check a file, XSD or not
            from teipipe.validate.xsd import XsdValidator

            return XsdValidator(path)
        if kind == ".sch":
            return SchematronValidator(path, phase=phase)
        if kind == EMBEDDED:
            return embedded_schematron(path)
    except Exception as error:  # every engine has its own exception types
        raise SchemaLoadError(f"cannot load schema {path}: {error}") from error
    raise SchemaLoadError(f"{path}: unknown schema language (use .rng, .rnc, .xsd or .sch)")


_compiled: dict[tuple[Path, str, float, str | None], Validator | SchemaLoadError | None] = {}


def validator(
    path: Path, kind: str | None = None, timeout: float | None = None, phase: str | None = None
) -> Validator | None:
    """The compiled validator for a schema file; compiled on first use, then reused. None for
    an embedded Schematron the schema does not have. `phase` matters for `.sch` only."""
    bound = DEFAULTS.schema_timeout if timeout is None else timeout
    kind = kind or _kind_of_file(path)
    key = (_schema_path(path), kind, bound, phase if kind == ".sch" else None)
    if key not in _compiled:
        try:
            _compiled[key] = _compile(*key)
        except SchemaLoadError as error:
            _compiled[key] = error
    found = _compiled[key]
    if isinstance(found, SchemaLoadError):
        raise found
    return found


@lru_cache(maxsize=256)
def _schema_path(path: Path) -> Path:
    """A schema's real path, which names it in the caches: resolved once per run, not several
    times for every document that names it (a few schema files serve thousands of documents)."""
    return path.resolve()


def _kind_of_file(path: Path) -> str:
    """The schema language of a file by its extension."""
    return path.suffix.lower()


def shipped_schema(name: str) -> Path:
    """`--schema teipipe.xsd` names a schema shipped with teipipe when no such file exists."""
    path = Path(name)
    if not path.exists() and resources.schema(path.name).is_file():
        return resources.schema(path.name)
    return path


def documents(
    paths: Iterable[Path], options: Options = DEFAULTS
) -> tuple[list[Path], list[Problem]]:
    """The files to check: files as given, folders as the `*.xml` files inside them (sorted,
    recursively; teipipe's one file collector), and an error for each entry refused there (a
    link leading out of the folder, unless `options.follow_symlinks`)."""
    found, refused = collect(paths, "*.xml", follow_symlinks=options.follow_symlinks)
    return found, [_refused(entry) for entry in refused]


def _refused(entry: Refused) -> Problem:
    return Problem(
        str(entry.path), entry.line, entry.column, "error", "input-refused", "input", entry.reason
    )


def _model_kind(model: XmlModel, local: Path) -> str:
    """The schema language an xml-model PI asks for. A RELAX NG schema named with the
    Schematron schematypens (the TEI convention: the same ODD-generated .rng twice) means the
    Schematron embedded in it; compact syntax is known by its extension or media type."""
    namespace = model.schematypens or ""
    suffix = local.suffix.lower()
    compact = suffix == ".rnc" or (model.type or "").strip() == COMPACT_TYPE
    if namespace in _BY_NAMESPACE:
        kind = _BY_NAMESPACE[namespace]
        if kind == ".sch" and suffix in {".rng", ".rnc"}:
            return EMBEDDED
        if kind == ".rng" and compact:
            return ".rnc"
        return kind
    return ".rnc" if compact else suffix


def _schemas_for(
    path: Path, tree: etree._ElementTree, file: str, options: Options = DEFAULTS
) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """The schemas a document asks for through its xml-model PIs (or ours), with problems
    for the ones that cannot be found locally."""
    models = xml_models(tree)
    if not models:
        return [(resources.schema(name), Path(name).suffix) for name in DEFAULT_SCHEMAS], []
    found: list[tuple[Path, str]] = []
    problems: list[Problem] = []
    for model in models:
        local = _local_schema(model.href, path, options.catalogs)
        if local is None:
            message = (
                f"xml-model names {model.href}, which is not available locally (no catalog "
                "entry or file; nothing is downloaded): pass it with --schema, or map it with "
                "--catalog, to check against it"
            )
            problems.append(
                Problem(
                    file,
                    model.line,
                    0,
                    "warning",
                    "xml-model-unresolved",
                    "schema-loading",
                    message,
                )
            )
        else:
            found.append((local, _model_kind(model, local)))
    return found, problems


_located: dict[tuple[str, Path | None, tuple[Path, ...]], Path | None] = {}


def _local_schema(href: str, document: Path, catalogs: tuple[Path, ...]) -> Path | None:
    """`resolve_href` for a document, remembered per href (and per folder for a relative
    one): thousands of documents name the same schema, and each lookup cost a catalog search
    and a stat. Within a run a schema is there or not, as its compiled validator is cached."""
    scheme = urlsplit(href).scheme
    relative = len(scheme) < 2  # as resolve_href reads it (a drive letter is no scheme)
    key = (href, real_folder(document) if relative else None, catalogs)
    if key not in _located:
        _located[key] = resolve_href(href, document, user_catalogs(catalogs))
    return _located[key]


@dataclass(frozen=True)
class JingRequest:
    """A document whose RELAX NG verdict Jing gives: `rule` names the schema in problems."""

    schema: Path
    rule: str
    file: str


@dataclass
class Checked:
    """One document's problems, and what is left for the batched Jing runs."""

    problems: list[Problem]
    jing: list[JingRequest] = field(default_factory=list)


def check_document(
    path: Path,
    schemas: Sequence[Path] = (),
    raw_dir: Path | None = None,
    required: Sequence[Path] = (),
    options: Options = DEFAULTS,
) -> Checked:
    """Every problem of one document, all layers, except the Jing diagnoses it still needs.

    `schemas` replace the ones the document names; `required` apply in any case, besides them.
    """
    file = str(path)
    parsed = parse_document(path, file, max_bytes=options.max_bytes)
    if parsed.tree is None:
        return Checked(list(parsed.problems))
    tree = parsed.tree
    problems: list[Problem] = []
    if schemas:
        wanted = [(schema, _kind_of_file(schema)) for schema in schemas]
    else:
        wanted, problems = _schemas_for(path, tree, file, options)
    named = {_schema_path(schema) for schema, _ in wanted}
    wanted += [(schema, _kind_of_file(schema)) for schema in required
               if _schema_path(schema) not in named]
    wanted = _with_embedded_rules(wanted)
    applied = 0
    requests: list[JingRequest] = []
    for schema, kind in wanted:
        try:
            engine = validator(schema, kind, options.schema_timeout, options.phase)
        except SchemaLoadError as error:
            problems.append(
                Problem(file, 0, 0, "error", "schema-unusable", "schema-loading", str(error))
            )
            continue
        if engine is None:
            continue
        applied += 1
        found = engine.validate(tree, file)
        problems.extend(found)
        request = _jing_request(engine, found, file)
        if request is not None:
            requests.append(request)
    if not applied:
        problems.append(_unvalidated(file, options))
    problems.extend(_fidelity(path, tree, file, raw_dir))
    return Checked(sorted(problems, key=lambda p: (p.line, p.column)), requests)


def _with_embedded_rules(wanted: list[tuple[Path, str]]) -> list[tuple[Path, str]]:
    """`wanted` with the Schematron embedded in each RELAX NG schema right after it (ODD
    output carries its constraints so; Jing ignores them), once per schema however often a
    document names it."""
    result: list[tuple[Path, str]] = []
    seen: set[tuple[Path, str]] = set()
    for schema, kind in wanted:
        for item in [(schema, kind)] + ([(schema, EMBEDDED)] if kind == ".rng" else []):
            key = (_schema_path(item[0]), item[1])
            if key not in seen:
                seen.add(key)
                result.append(item)
    return result


def _jing_request(engine: Validator, found: list[Problem], file: str) -> JingRequest | None:
    """Jing checks the document when libxml2 rejected it or could not compile the schema."""
    if isinstance(engine, RelaxNGValidator) and engine.needs_jing(found):
        return JingRequest(engine.schema, engine.rule, file)
    return None


def _unvalidated(file: str, options: Options) -> Problem:
    message = (
        "no schema could be applied to this document, so it was not validated at all "
        "(see the problems above; --allow-unvalidated makes this a warning)"
    )
    severity: Severity = "warning" if options.allow_unvalidated else "error"
    return Problem(file, 0, 0, severity, "not-validated", "schema-loading", message)


def apply_jing(results: Sequence[Checked]) -> list[Problem]:
    """Every problem of the checked documents, with libxml2's RELAX NG problems replaced by
    Jing's where Jing could run: one Jing run per schema for all documents that need it."""
    groups: dict[tuple[Path, str], list[str]] = {}
    for checked in results:
        for request in checked.jing:
            groups.setdefault((request.schema, request.rule), []).append(request.file)
    verdicts: dict[tuple[str, str], list[Problem] | None] = {}
    failures: dict[str, str] = {}
    for (schema, rule), files in groups.items():
        try:
            found = jing_batch(schema, files, rule)
        except JingFailed as error:
            found, failures[rule] = None, str(error)
        for file in files:
            verdicts[(file, rule)] = None if found is None else found[file]
    problems: list[Problem] = []
    for checked in results:
        problems.extend(_merge(checked, verdicts, failures))
    return problems


def _merge(
    checked: Checked,
    verdicts: dict[tuple[str, str], list[Problem] | None],
    failures: dict[str, str],
) -> list[Problem]:
    replaced = {r.rule for r in checked.jing if verdicts.get((r.file, r.rule)) is not None}
    kept = [p for p in checked.problems if not (p.layer == "relaxng" and p.rule in replaced)]
    for request in checked.jing:
        verdict = verdicts.get((request.file, request.rule))
        if verdict is not None:
            kept.extend(verdict)
        elif not any(p.layer == "relaxng" and p.rule == request.rule for p in kept):
            why = failures.get(request.rule, "Jing is not available")
            message = f"no RELAX NG verdict against {request.schema}: {why}"
            kept.append(Problem(request.file, 0, 0, "error", "schema-unusable",
                                "schema-loading", message))
    return sorted(kept, key=lambda p: (p.line, p.column))


def _precompile_named(files: Sequence[Path], options: Options) -> None:
    """Compile the schemas documents name before workers fork, so each is compiled once, not
    once per worker (the Schematron in tei_all takes Saxon seconds). Reads only the first bytes
    of each file (`model_hints`): a schema missed here is compiled by the worker needing it."""
    seen: set[tuple[str, str | None, str | None, Path]] = set()
    catalogs = user_catalogs(options.catalogs)
    for path in files:
        for model in model_hints(path):
            key = (model.href, model.schematypens, model.type, path.parent)
            if key in seen:
                continue
            seen.add(key)
            local = resolve_href(model.href, path, catalogs)
            if local is not None:
                _precompile(local, _model_kind(model, local), options)


def _precompile(schema: Path, kind: str | None, options: Options) -> None:
    """Compile a schema, and the Schematron a RELAX NG schema carries, before workers fork:
    otherwise every worker compiled the embedded rules itself (tei_all's take Saxon seconds)
    before it could check its first document. A failure is reported per document later."""
    kind = kind or _kind_of_file(schema)
    for each in [kind] + ([EMBEDDED] if kind == ".rng" else []):
        try:
            validator(schema, each, options.schema_timeout, options.phase)
        except SchemaLoadError:
            continue


def check_file(
    path: Path,
    schemas: Sequence[Path] = (),
    raw_dir: Path | None = None,
    required: Sequence[Path] = (),
    options: Options = DEFAULTS,
) -> list[Problem]:
    """Every problem of one document, all layers (Jing run for this document alone)."""
    return apply_jing([check_document(path, schemas, raw_dir, required, options)])


def _fidelity(
    path: Path, tree: etree._ElementTree, file: str, raw_dir: Path | None
) -> list[Problem]:
    """Lost or added words against the raw input, when it is known: `--raw DIR/<stem>.txt`,
    else `raw/<stem>.txt` next to the document's folder."""
    raw = (raw_dir or real_folder(path).parent / "raw") / f"{path.stem}.txt"
    if not raw.is_file() or tree.getroot().find("{http://www.tei-c.org/ns/1.0}text") is None:
        return []
    text = decode(raw.read_bytes()).text
    line = int(getattr(tree.getroot(), "sourceline", 0) or 1)
    return [
        Problem(
            file, line, 0, "error", "text-fidelity", "fidelity", f"{message} (compared with {raw})"
        )
        for message in check_fidelity(text, tree)
    ]


def validate_paths(
    paths: Sequence[Path],
    *,
    schemas: Sequence[Path] = (),
    raw_dir: Path | None = None,
    jobs: int = 1,
    required: Sequence[Path] = (),
    options: Options = DEFAULTS,
) -> list[Problem]:
    """Validate files and folders (all `*.xml` inside); problems in file order, then by line.

    Schemas given here replace the ones documents name; `required` ones (a build's own
    profile) apply to every document besides whatever it names. They (and teipipe's own) are
    compiled before worker processes fork, so with `jobs > 1` each is compiled once, not once per
    worker or per file. A schema that cannot be loaded is one problem, reported on the schema.
    Documents libxml2 rejects are re-checked by Jing afterwards, one JVM per schema.
    """
    problems: list[Problem] = []
    usable: list[Path] = []
    timeout = options.schema_timeout
    for schema in (shipped_schema(str(s)) for s in schemas):
        try:
            validator(schema, None, timeout, options.phase)
            usable.append(schema)
        except SchemaLoadError as error:
            problems.append(
                Problem(str(schema), 0, 0, "error", "schema-unusable", "schema-loading", str(error))
            )
    if schemas and not usable:
        return problems
    if not schemas:
        for name in DEFAULT_SCHEMAS:
            validator(resources.schema(name), None, timeout, options.phase)
    files, refused = documents(paths, options)
    problems.extend(refused)
    for schema in required:
        validator(schema, None, timeout, options.phase)
    if jobs > 1:
        defaults = [] if schemas else [resources.schema(name) for name in DEFAULT_SCHEMAS]
        for schema in [*usable, *required, *defaults]:
            _precompile(schema, None, options)
        if not schemas:
            _precompile_named(files, options)
    check = partial(
        check_document,
        schemas=tuple(usable),
        raw_dir=raw_dir,
        required=tuple(required),
        options=options,
    )
    if jobs > 1 and len(files) > 1:
        context = multiprocessing.get_context("fork")
        with context.Pool(jobs, die_with_parent, (os.getpid(),)) as pool:
            results = pool.map(check, files, chunksize=max(1, len(files) // (jobs * 8)))
    else:
        results = [check(file) for file in files]
    problems.extend(apply_jing(results))
    return problems
