"""The command line: parses options, calls the core, prints and sets the exit code.

Only this module prints or exits; everything it calls returns values and raises exceptions.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, cast

import click

from teipipe import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="teipipe")
def main() -> None:
    """Encode plain-text archival documents as TEI P5, validate and publish them."""


# --- encode -----------------------------------------------------------------------------------


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the TEI files (default: the project's tei/, else here).")
@click.option("--persons", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Personography (TEI listPerson) to resolve names with (default: persons.xml "
                   "in the output folder, else the project's tei/persons.xml).")
@click.option("--force", is_flag=True, help="Replace TEI files even if they were edited by hand.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Documents encoded in parallel.")
def encode(paths: tuple[Path, ...], out_dir: Path | None, persons: Path | None, force: bool,
           jobs: int) -> None:
    """Encode plain-text documents (files, or folders of *.txt) as TEI P5.

    With no PATH, inside a project checkout, encodes raw/ into tei/. Exit status: 0 when every
    input was encoded (warnings allowed), 1 when any failed, 2 for usage errors.
    """
    from teipipe.encode import FileResult, encode_paths
    from teipipe.encode.batch import OutputError, collect_inputs
    from teipipe.project import default_persons, find_project

    project = find_project()
    if not paths:
        if project is None:
            raise click.UsageError("no PATH given and no project (raw/ beside tei/) found here")
        paths = (_relative(project / "raw"),)
    if out_dir is None:
        out_dir = _relative(project / "tei") if project is not None else Path(".")
    if persons is None:
        persons = default_persons(out_dir, paths)
    total = len(collect_inputs(list(paths)))
    bar = click.progressbar(length=total, label="encoding", file=sys.stderr)
    shown = sys.stderr.isatty()
    held: list[str] = []  # on a terminal, messages wait until the bar is done

    def report(result: FileResult) -> None:
        lines = [str(message) for message in result.messages]
        if shown:
            bar.update(1)
            held.extend(lines)
        else:
            for line in lines:
                click.echo(line, err=True)

    try:
        summary = encode_paths(list(paths), out_dir, persons=persons, force=force, jobs=jobs,
                               on_result=report)
    except OutputError as exc:
        raise click.ClickException(str(exc)) from None
    if shown:
        bar.render_finish()
        for line in held:
            click.echo(line, err=True)
    parts = [f"{summary.encoded} encoded"]
    if summary.unchanged:
        parts.append(f"{summary.unchanged} unchanged")
    if summary.skipped:
        parts.append(f"{summary.skipped} kept (edited by hand)")
    parts += [f"{summary.warnings} warning(s)", f"{summary.failed} failed"]
    click.echo(", ".join(parts) + f" -> {out_dir}", err=True)
    sys.exit(1 if summary.failed else 0)


def _relative(path: Path) -> Path:
    """Paths in messages read best relative to where the user is."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


# --- validate ---------------------------------------------------------------------------------


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--schema", "schemas", multiple=True, metavar="FILE",
              help="Check against this .rng, .xsd or .sch instead of the schemas the documents "
                   "name (repeatable; `teipipe.xsd` etc. name the shipped ones).")
@click.option("--format", "report_format", default="text", show_default=True,
              type=click.Choice(("text", "json", "junit", "github")), help="Report format.")
@click.option("--raw", "raw_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of the raw inputs (<stem>.txt) for the text-fidelity check "
                   "[default: raw/ beside the TEI folder, when present].")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Documents checked in parallel.")
def validate(paths: tuple[Path, ...], schemas: tuple[str, ...], report_format: str,
             raw_dir: Path | None, strict: bool, jobs: int) -> None:
    """Check TEI files (or folders of *.xml): well-formedness, RELAX NG, XML Schema,
    Schematron and, when the raw input is known, text fidelity.

    With no PATH, inside a project checkout, checks tei/. Exit status: 0 without errors
    (warnings allowed unless --strict), 1 with errors, 2 for usage errors.
    """
    from teipipe.validate import expand, validate_paths
    from teipipe.validate.reports import REPORTERS
    from teipipe.validate.runner import shipped_schema

    if not paths:
        from teipipe.project import find_project

        project = find_project()
        if project is None:
            raise click.UsageError("no PATH given and no project (tei/ folder) found here")
        paths = (_relative(project / "tei"),)
    schema_paths = [shipped_schema(name) for name in schemas]
    for schema in schema_paths:
        if not schema.is_file():
            raise click.BadParameter(f"{schema}: no such file", param_hint="--schema")
        if schema.suffix.lower() not in {".rng", ".xsd", ".sch"}:
            raise click.BadParameter(f"{schema}: use a .rng, .xsd or .sch file",
                                     param_hint="--schema")
    files = [str(file) for file in expand(paths)]
    problems = validate_paths(list(paths), schemas=schema_paths, raw_dir=raw_dir, jobs=jobs)
    click.echo(REPORTERS[report_format](problems, files), nl=False)
    failing = {"error", "warning"} if strict else {"error"}
    sys.exit(1 if any(problem.severity in failing for problem in problems) else 0)



# --- transform and build ----------------------------------------------------------------------

TRANSFORM_FORMATS = ("html", "pdf", "text", "dc")


@main.command()
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path)
)
@click.option(
    "--to", "to", required=True, type=click.Choice(TRANSFORM_FORMATS),
    help="Output format.",
)
@click.option(
    "-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
    help="Output directory [default: build/FORMAT].",
)
def transform(paths: tuple[Path, ...], to: str, out_dir: Path | None) -> None:
    """Transform TEI documents (files or directories of them) to HTML, PDF, text or Dublin Core."""
    from teipipe.transform import Format, transform_paths
    from teipipe.transform.xslt import TransformError

    fmt = cast(Format, to)
    target = out_dir if out_dir is not None else Path("build") / to
    try:
        written = transform_paths(list(paths), fmt, target)
    except TransformError as err:
        raise click.ClickException(str(err)) from err
    for item in written:
        click.echo(f"{item.source} -> {item.output}")
    click.echo(f"{len(written)} {to} file(s) written to {target}")


BUILD_PHASES = {"encode": "Encoding ", "validate": "Validating", "transform": "Publishing"}


class _ProgressBars:
    """One click progress bar per build phase, on stderr, only when it is a terminal."""

    def __init__(self) -> None:
        self.stream = sys.stderr
        self.enabled = self.stream.isatty()
        self.phase: str | None = None
        self.bar: Any = None
        self.shown = 0

    def __call__(self, progress: Any) -> None:
        if not self.enabled:
            return
        if progress.phase != self.phase:
            self.close()
            self.phase = progress.phase
            self.bar = click.progressbar(
                length=max(progress.total, 1), label=BUILD_PHASES[progress.phase],
                file=self.stream, show_pos=True,
                item_show_func=lambda item: item,
            ).__enter__()
            self.shown = 0
        self.bar.update(progress.done - self.shown, progress.item or None)
        self.shown = progress.done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@main.command()
@click.option("--raw", "raw_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Plain-text inputs to encode first [default: the project's raw/].")
@click.option("--tei", "tei_dir", type=click.Path(file_okay=False, path_type=Path),
              help="TEI documents [default: the project's tei/].")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where the edition goes [default: the project's build/].")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Parallel processes.")
def build(raw_dir: Path | None, tei_dir: Path | None, out_dir: Path | None, jobs: int) -> None:
    """Encode, validate and publish the edition: HTML, PDF, text, Dublin Core and an index.

    In a project checkout with no options: raw/ -> tei/ -> build/. Only what changed is done
    again; validation errors stop the build before anything is published.
    """
    import time
    from collections import Counter

    from teipipe.build import build as run_build
    from teipipe.project import find_project

    project = find_project()
    if tei_dir is None:
        if project is None:
            raise click.UsageError("no --tei given and no project (raw/ beside tei/) found here")
        tei_dir = _relative(project / "tei")
        if raw_dir is None:
            raw_dir = _relative(project / "raw")
    if out_dir is None:
        out_dir = _relative(project / "build") if project is not None else Path("build")

    bars = _ProgressBars()
    started = time.monotonic()
    try:
        report = run_build(tei_dir=tei_dir, out_dir=out_dir, raw_dir=raw_dir, jobs=jobs,
                           on_progress=bars)
    finally:
        bars.close()
    elapsed = time.monotonic() - started

    encoded = report.encode
    if encoded is not None:
        for result in encoded.results:
            for message in result.messages:
                if message.severity == "error":
                    click.echo(f"{message.file}: error: {message.text}", err=True)
    if report.stopped:
        for problem in report.errors:
            click.echo(str(problem), err=True)
        if encoded is not None and encoded.failed:
            click.echo(f"Stopped: {encoded.failed} file(s) failed to encode; nothing published.",
                       err=True)
        else:
            files = len({problem.file for problem in report.errors})
            click.echo(f"Stopped: {len(report.errors)} validation error(s) in {files} "
                       f"document(s); nothing published.", err=True)
        sys.exit(1)
    for output, error in report.failed:
        click.echo(f"{output.target}: error: {error}", err=True)

    if report.did_nothing:
        click.echo(f"Nothing to do: {report.documents} documents, all {report.unchanged} "
                   f"outputs in {out_dir} up to date ({elapsed:.1f} s).")
    else:
        kinds = Counter(output.kind for output in report.built)
        made = ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items()))
        steps = []
        if encoded is not None:
            steps.append(f"encoded {encoded.encoded}")
        steps.append(f"validated {report.validated}")
        warnings = sum(1 for problem in report.problems if problem.severity == "warning")
        click.echo(f"Built {len(report.built)} outputs ({made or 'none'}) from "
                   f"{report.documents} documents; {', '.join(steps)}, {warnings} warning(s), "
                   f"{report.unchanged} up to date, {len(report.failed)} failed "
                   f"({elapsed:.1f} s) -> {out_dir}")
    sys.exit(0 if report.ok else 1)


# --- serve ------------------------------------------------------------------------------------


@main.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="The edition to serve [default: the project's build/].")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on.")
@click.option("--admin-email", default=None, metavar="ADDRESS",
              help="Contact address OAI-PMH Identify gives harvesters.")
@click.option("--repository-id", default=None, metavar="NAME",
              help="Makes the OAI identifiers, oai:NAME:<stem> [default: teipipe]; keep it "
                   "once harvested.")
def serve(out_dir: Path | None, host: str, port: int, admin_email: str | None,
          repository_id: str | None) -> None:
    """Serve the built edition over HTTP: its files, and OAI-PMH 2.0 at /oai.

    Read-only; stop with Ctrl-C. Run `teipipe build` first.
    """
    import dataclasses

    import uvicorn

    from teipipe.project import find_project
    from teipipe.serve import oai
    from teipipe.serve.app import create_app

    if out_dir is None:
        project = find_project()
        out_dir = _relative(project / "build") if project is not None else Path("build")
    if not out_dir.is_dir() or not ((out_dir / "index.html").is_file()
                                    or (out_dir / "tei").is_dir()):
        raise click.ClickException(f"{out_dir}: no edition here (no index.html or tei/); "
                                   f"run `teipipe build` first or name one with --out")
    settings = oai.OaiSettings()
    if admin_email is not None:
        settings = dataclasses.replace(settings, admin_email=admin_email)
    if repository_id is not None:
        settings = dataclasses.replace(settings, repository_id=repository_id)
    click.echo(f"Serving {out_dir} at http://{host}:{port}/ (OAI-PMH: /oai); Ctrl-C stops.",
               err=True)
    uvicorn.run(create_app(out_dir.resolve(), settings), host=host, port=port,
                log_level="warning")
