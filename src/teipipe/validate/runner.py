"""Run the layers over many files: compile each schema once per process, fan out with -j.

For each document: well-formedness (safe parser), then every schema that applies (the ones
given with `--schema`, else those its `xml-model` PIs name, else teipipe's own), then text
fidelity against the raw input when it can be found.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import Protocol

from lxml import etree

from teipipe import resources
from teipipe.validate.catalog import resolve_href
from teipipe.validate.parsing import parse_document, xml_models
from teipipe.validate.problems import Problem
from teipipe.validate.relaxng import RelaxNGValidator
from teipipe.validate.schematron import SchematronValidator, embedded_schematron
from teipipe.validate.xsd import XsdValidator
from teipipe.workers import die_with_parent

DEFAULT_SCHEMAS = ("teipipe.rng", "teipipe.sch")

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


def _compile(path: Path, kind: str, phase: str | None) -> Validator:
    try:
        if kind == ".rng":
            return RelaxNGValidator(path)
        if kind == ".xsd":
            return XsdValidator(path)
        if kind == ".sch":
            return SchematronValidator(path, phase=phase)
    except Exception as error:  # every engine has its own exception types
        raise SchemaLoadError(f"cannot load schema {path}: {error}") from error
    raise SchemaLoadError(f"{path}: unknown schema language (use .rng, .xsd or .sch)")


_compiled: dict[tuple[Path, str, str | None], Validator | SchemaLoadError] = {}


def validator(path: Path, kind: str | None = None, phase: str | None = None) -> Validator:
    """The compiled validator for a schema file; compiled on first use, then reused.

    `phase` selects the Schematron phase of a `.sch` (None: its default phase). For an `.rng`
    the Schematron rules it embeds are compiled now too, so worker processes inherit them.
    """
    kind = kind or path.suffix.lower()
    key = (path.resolve(), kind, phase if kind == ".sch" else None)
    if key not in _compiled:
        try:
            _compiled[key] = _compile(*key)
        except SchemaLoadError as error:
            _compiled[key] = error
        if kind == ".rng":
            with contextlib.suppress(SchemaLoadError):  # reported for each file that uses it
                _embedded(path)
    found = _compiled[key]
    if isinstance(found, SchemaLoadError):
        raise found
    return found


_embedded_rules: dict[Path, Validator | SchemaLoadError | None] = {}


def _embedded(path: Path) -> Validator | None:
    """The Schematron rules embedded in an `.rng` (ODD output; Jing ignores them), or None."""
    key = path.resolve()
    if key not in _embedded_rules:
        try:
            _embedded_rules[key] = embedded_schematron(key)
        except Exception as error:  # the embedded rules are a schema of their own
            _embedded_rules[key] = SchemaLoadError(
                f"cannot load the Schematron rules embedded in {path}: {error}"
            )
    found = _embedded_rules[key]
    if isinstance(found, SchemaLoadError):
        raise found
    return found


def shipped_schema(name: str) -> Path:
    """`--schema teipipe.xsd` names a schema shipped with teipipe when no such file exists."""
    path = Path(name)
    if not path.exists() and resources.schema(path.name).is_file():
        return resources.schema(path.name)
    return path


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files as given; folders replaced by the `*.xml` files inside them (recursively, sorted)."""
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.rglob("*.xml")) if path.is_dir() else [path])
    return files


def _schemas_for(
    path: Path, tree: etree._ElementTree, file: str
) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """The schemas a document asks for through its xml-model PIs (or ours), with problems
    for the ones that cannot be found locally."""
    models = xml_models(tree)
    if not models:
        return [(resources.schema(name), Path(name).suffix) for name in DEFAULT_SCHEMAS], []
    found: list[tuple[Path, str]] = []
    problems: list[Problem] = []
    for model in models:
        kind = _BY_NAMESPACE.get(model.schematypens or "", Path(model.href).suffix.lower())
        local = resolve_href(model.href, path)
        if local is None:
            message = (
                f"xml-model names {model.href}, which is not available locally (no catalog "
                "entry or file; nothing is downloaded): pass it with --schema to check against it"
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
            found.append((local, kind))
    return found, problems


def check_file(
    path: Path,
    schemas: Sequence[Path] = (),
    raw_dir: Path | None = None,
    required: Sequence[Path] = (),
    phase: str | None = None,
) -> list[Problem]:
    """Every problem of one document, all layers.

    `schemas` replace the ones the document names; `required` apply in any case, besides them.
    `phase` is the Schematron phase for `.sch` schemas (None: each schema's default).
    """
    file = str(path)
    parsed = parse_document(path, file)
    if parsed.tree is None:
        return list(parsed.problems)
    tree = parsed.tree
    problems: list[Problem] = []
    if schemas:
        wanted = [(schema, schema.suffix.lower()) for schema in schemas]
    else:
        wanted, problems = _schemas_for(path, tree, file)
    named = {schema.resolve() for schema, _ in wanted}
    wanted += [(schema, schema.suffix.lower()) for schema in required
               if schema.resolve() not in named]
    for schema, kind in wanted:
        try:
            problems.extend(validator(schema, kind, phase).validate(tree, file))
            embedded = _embedded(schema) if kind == ".rng" else None
            if embedded is not None:
                problems.extend(embedded.validate(tree, file))
        except SchemaLoadError as error:
            problems.append(
                Problem(file, 0, 0, "error", "schema-unusable", "schema-loading", str(error))
            )
    problems.extend(_fidelity(path, tree, file, raw_dir))
    return sorted(problems, key=lambda p: (p.line, p.column))


def _fidelity(
    path: Path, tree: etree._ElementTree, file: str, raw_dir: Path | None
) -> list[Problem]:
    """Lost or added words against the raw input, when it is known: `--raw DIR/<stem>.txt`,
    else `raw/<stem>.txt` next to the document's folder."""
    raw = (raw_dir or path.resolve().parent.parent / "raw") / f"{path.stem}.txt"
    if not raw.is_file() or tree.getroot().find("{http://www.tei-c.org/ns/1.0}text") is None:
        return []
    try:
        from teipipe.encode.decode import decode
        from teipipe.fidelity import check_fidelity
    except ImportError:  # a teipipe without the encoder: nothing to compare with
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
    phase: str | None = None,
) -> list[Problem]:
    """Validate files and folders (all `*.xml` inside); problems in file order, then by line.

    Schemas given here replace the ones documents name; `required` ones (a build's own
    profile) apply to every document besides whatever it names. They (and teipipe's own) are
    compiled before worker processes fork, so with `jobs > 1` each is compiled once, not once per
    worker or per file. A schema that cannot be loaded is one problem, reported on the schema.
    """
    problems: list[Problem] = []
    usable: list[Path] = []
    for schema in (shipped_schema(str(s)) for s in schemas):
        try:
            validator(schema, phase=phase)
            usable.append(schema)
        except SchemaLoadError as error:
            problems.append(
                Problem(str(schema), 0, 0, "error", "schema-unusable", "schema-loading", str(error))
            )
    if schemas and not usable:
        return problems
    if not schemas:
        for name in DEFAULT_SCHEMAS:
            validator(resources.schema(name), phase=phase)
    files = expand(paths)
    for schema in required:
        validator(schema, phase=phase)
    check = partial(
        check_file, schemas=tuple(usable), raw_dir=raw_dir, required=tuple(required), phase=phase
    )
    if jobs > 1 and len(files) > 1:
        context = multiprocessing.get_context("fork")
        with context.Pool(jobs, die_with_parent, (os.getpid(),)) as pool:
            results = pool.map(check, files, chunksize=max(1, len(files) // (jobs * 8)))
    else:
        results = [check(file) for file in files]
    for found in results:
        problems.extend(found)
    return problems
