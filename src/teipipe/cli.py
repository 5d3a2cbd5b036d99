"""The command line: parses options, calls the core, prints and sets the exit code.

Only this module prints or exits; everything it calls returns values and raises exceptions.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any, cast

import click

from teipipe import __version__
from teipipe.edition import Edition
from teipipe.formats import FORMATS
from teipipe.workers import available_cores

#: The default for -j: the cores this process may run on (containers and `taskset` narrow it).
CORES = available_cores()


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
@click.option("--follow-symlinks", is_flag=True,
              help="Encode files in the input folders that are links to files outside them "
                   "(refused by default).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=CORES, show_default=True,
              help="Documents encoded in parallel (default: one per available core).")
def encode(paths: tuple[Path, ...], out_dir: Path | None, persons: Path | None, force: bool,
           follow_symlinks: bool, jobs: int) -> None:
    """Encode plain-text documents (files, or folders of *.txt) as TEI P5.

    With no PATH, inside a project checkout, encodes raw/ into tei/. Exit status: 0 when every
    input was encoded (warnings allowed), 1 when any failed, 2 for usage errors.
    """
    from teipipe.encode import FileResult, PersonographyError, encode_paths
    from teipipe.encode.batch import OutputError, collect_inputs
    from teipipe.project import find_personography, find_project

    project = find_project()
    if not paths:
        if project is None:
            raise click.UsageError("no PATH given and no project (raw/ beside tei/) found here")
        paths = (_relative(project / "raw"),)
    if out_dir is None:
        out_dir = _relative(project / "tei") if project is not None else Path(".")
    choice = find_personography(out_dir, paths, persons)
    persons = choice.path
    click.echo(choice.describe(), err=True)
    total = len(collect_inputs(list(paths), follow_symlinks=follow_symlinks))
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
                               follow_symlinks=follow_symlinks, on_result=report)
    except OutputError as exc:
        raise click.ClickException(str(exc)) from None
    except PersonographyError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
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
    if summary.cleaned:
        parts.append(f"{len(summary.cleaned)} stale temporary file(s) removed")
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
              help="Check against this .rng, .rnc, .xsd or .sch instead of the schemas the "
                   "documents name (repeatable; `teipipe.xsd` etc. name the shipped ones).")
@click.option("--catalog", "catalogs", multiple=True, metavar="FILE",
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="An OASIS XML catalog resolving xml-model URIs, before teipipe's own "
                   "(repeatable; XML_CATALOG_FILES is read too).")
@click.option("--allow-unvalidated", is_flag=True,
              help="A document no schema could be applied to is a warning, not an error.")
@click.option("--schema-timeout", type=click.FloatRange(min=0), default=20.0, show_default=True,
              metavar="SECONDS", help="Longest libxml2 may compile a RELAX NG schema before Jing "
                                      "validates with it instead (0: no bound).")
@click.option("--max-size", type=click.IntRange(min=1), default=256, show_default=True,
              metavar="MB", help="Larger files are refused unread.")
@click.option("--format", "report_format", default="text", show_default=True,
              type=click.Choice(("text", "json", "junit", "github", "sarif")),
              help="Report format.")
@click.option("--raw", "raw_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of the raw inputs (<stem>.txt) for the text-fidelity check "
                   "[default: raw/ beside the TEI folder, when present].")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--phase", metavar="PHASE",
              help="Schematron phase to run (a phase id, #ALL or #DEFAULT) "
                   "[default: each schema's defaultPhase, else all patterns].")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=CORES, show_default=True,
              help="Documents checked in parallel (default: one per available core).")
@click.option("--follow-symlinks", is_flag=True,
              help="Check files that links in a folder lead to outside it (refused otherwise).")
def validate(paths: tuple[Path, ...], schemas: tuple[str, ...], catalogs: tuple[Path, ...],
             allow_unvalidated: bool, schema_timeout: float, max_size: int, report_format: str,
             raw_dir: Path | None, strict: bool, phase: str | None, jobs: int,
             follow_symlinks: bool) -> None:
    """Check TEI files (or folders of *.xml): well-formedness, RELAX NG, XML Schema,
    Schematron and, when the raw input is known, text fidelity.

    With no PATH, inside a project checkout, checks tei/. Exit status: 0 without errors
    (warnings allowed unless --strict), 1 with errors, 2 for usage errors.
    """
    from teipipe.validate import documents, validate_paths
    from teipipe.validate.catalog import catalog_files
    from teipipe.validate.options import Options
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
        if schema.suffix.lower() not in {".rng", ".rnc", ".xsd", ".sch"}:
            raise click.BadParameter(f"{schema}: use a .rng, .rnc, .xsd or .sch file",
                                     param_hint="--schema")
    environment = catalog_files(os.environ.get("XML_CATALOG_FILES"))
    options = Options(
        catalogs=(*catalogs, *(path for path in environment if path.is_file())),
        allow_unvalidated=allow_unvalidated,
        schema_timeout=schema_timeout,
        max_bytes=max_size * 1024 * 1024,
        phase=phase,
        follow_symlinks=follow_symlinks,
    )
    files = [str(file) for file in documents(paths, options)[0]]
    problems = validate_paths(list(paths), schemas=schema_paths, raw_dir=raw_dir, jobs=jobs,
                              options=options)
    click.echo(REPORTERS[report_format](problems, files), nl=False)
    failing = {"error", "warning"} if strict else {"error"}
    sys.exit(1 if any(problem.severity in failing for problem in problems) else 0)



# --- transform and build ----------------------------------------------------------------------



@main.command()
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path)
)
@click.option(
    "--to", "to", required=True, type=click.Choice(FORMATS),
    help="Output format.",
)
@click.option(
    "-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
    help="Output directory [default: build/FORMAT].",
)
def transform(paths: tuple[Path, ...], to: str, out_dir: Path | None) -> None:
    """Transform TEI documents (files or directories of them) to HTML, PDF, text or Dublin Core,
    a file each, or to one EPUB 3 book of them all (edition.epub).

    Exit status: 0 when every input was transformed, 1 when any was refused (not XML, not
    TEI) or an output would replace an input or an existing TEI file (then nothing is written).
    """
    from teipipe.files import OverwriteError
    from teipipe.transform import Format, transform_paths

    fmt = cast(Format, to)
    target = out_dir if out_dir is not None else Path("build") / to
    try:
        report = transform_paths(list(paths), fmt, target)
    except OverwriteError as err:
        raise click.ClickException(str(err)) from None
    for item in report.written:
        click.echo(f"{item.source} -> {item.output}")
    for refused in report.refused:
        click.echo(str(refused), err=True)
    written = len({item.output for item in report.written})
    click.echo(f"{written} {to} file(s) written to {target}"
               + (f", {len(report.refused)} refused" if report.refused else ""))
    sys.exit(1 if report.refused else 0)


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
@click.option("--persons", type=click.Path(dir_okay=False, path_type=Path),
              help="Personography [default: persons.xml in the TEI folder].")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=CORES, show_default=True,
              help="Parallel processes (default: the available cores).")
@click.option("--follow-symlinks", is_flag=True,
              help="Read inputs that are links to files outside raw/ or tei/ (refused otherwise).")
@click.option("--keep-going", is_flag=True,
              help="Leave failing documents out and publish the rest (exit status 1).")
@click.option("--force", is_flag=True,
              help="Validate and make every output again (hand-edited TEI is still kept).")
@click.option("--dry-run", is_flag=True, help="Say what would be done; change nothing.")
@click.option("--warnings", "list_warnings", is_flag=True,
              help="List every current warning, including those found by earlier builds.")
@click.option("--base-url", default=Edition.base_url, show_default=True, metavar="URL",
              help="Where the edition is published (for the OAI-PMH Static Repository).")
@click.option("--admin-email", default=Edition.admin_email, show_default=True, metavar="ADDRESS",
              help="Contact address of the repository (OAI-PMH Identify).")
@click.option("--bag/--no-bag", default=True, show_default=True,
              help="Bag the edition for deposit (BagIt 1.0, build/bag/).")
@click.option("--bag-zip", is_flag=True, help="Also write the bag as build/bag.zip.")
@click.option("--formats", "formats_list", metavar="LIST",
              help="Make only these outputs, comma-separated, among html, pdf, text, dc, "
                   "repository, epub, tei [default: all]. The published TEI is always "
                   "made; outputs of other formats are kept as they are, not made or removed.")
@click.option("-q", "--quiet", is_flag=True, help="Print errors and the summary only.")
@click.option("-v", "--verbose", is_flag=True, help="Name every output made or removed.")
def build(raw_dir: Path | None, tei_dir: Path | None, out_dir: Path | None,
          persons: Path | None, jobs: int, follow_symlinks: bool, keep_going: bool, force: bool,
          dry_run: bool, base_url: str, admin_email: str, bag: bool, bag_zip: bool,
          formats_list: str | None, list_warnings: bool, quiet: bool, verbose: bool) -> None:
    """Encode, validate and publish the edition: HTML, PDF, text, Dublin Core and an index.

    In a project checkout with no options: raw/ -> tei/ -> build/. Only what changed is done
    again. Errors stop the build before anything is published (the previous edition stays),
    unless --keep-going. Exit status: 0 when the edition is complete and checked, 1 when
    anything failed or was left out, 2 for usage errors.
    """
    from teipipe.build import build as run_build
    from teipipe.build.outputs import FORMAT_KINDS
    from teipipe.project import find_project

    if not base_url.endswith("/"):
        base_url += "/"
    project = find_project()
    if tei_dir is None:
        if project is None:
            raise click.UsageError("no --tei given and no project (raw/ beside tei/) found here")
        tei_dir = _relative(project / "tei")
        if raw_dir is None:
            raw_dir = _relative(project / "raw")
    if out_dir is None:
        out_dir = _relative(project / "build") if project is not None else Path("build")
    if persons is not None and not persons.is_file():
        raise click.BadParameter(f"{persons}: no such file", param_hint="--persons")
    formats = None
    if formats_list is not None:
        formats = frozenset(name.strip() for name in formats_list.split(",") if name.strip())
        unknown = sorted(formats - FORMAT_KINDS.keys())
        if unknown or not formats:
            raise click.BadParameter(f"{', '.join(unknown) or 'none given'}: choose among "
                                     f"{', '.join(FORMAT_KINDS)}", param_hint="--formats")

    bars = _ProgressBars()
    printer = _ProblemPrinter(quiet, bars)
    started = time.monotonic()
    try:
        report = run_build(tei_dir=tei_dir, out_dir=out_dir, raw_dir=raw_dir, persons=persons,
                           jobs=jobs, on_progress=bars, on_problem=printer, keep_going=keep_going,
                           force=force, dry_run=dry_run, follow_symlinks=follow_symlinks,
                           edition=Edition(base_url, admin_email, bag or bag_zip, bag_zip),
                           formats=formats)
    finally:
        bars.close()
    printer.flush()
    _print_build(report, out_dir, time.monotonic() - started, list_warnings, quiet, verbose)
    sys.exit(0 if report.ok else 1)


class _ProblemPrinter:
    """Prints each problem a build finds, once, as it is found (after the bars on a terminal)."""

    def __init__(self, quiet: bool, bars: _ProgressBars) -> None:
        self.quiet, self.bars = quiet, bars
        self.held: list[str] = []

    def __call__(self, problem: Any) -> None:
        if self.quiet and problem.severity != "error":
            return
        if self.bars.enabled:
            self.held.append(str(problem))
        else:
            click.echo(str(problem), err=True)

    def flush(self) -> None:
        for line in self.held:
            click.echo(line, err=True)
        self.held.clear()


def _print_build(report: Any, out_dir: Path, elapsed: float, list_warnings: bool, quiet: bool,
                 verbose: bool) -> None:
    """The build's closing lines: what was left alone or kept, then the one-line summary."""
    from collections import Counter

    def say(line: str) -> None:
        click.echo(line, err=True)

    if report.personography and not quiet:
        say(report.personography)
    for note in report.notes:
        say(f"note: {note}")
    if list_warnings:
        for problem in report.current:
            say(str(problem))
    elif not quiet:  # errors found by earlier runs still hold: say them again
        fresh = set(report.problems)
        for problem in report.errors:
            if problem not in fresh:
                say(str(problem))
    if report.fatal:
        say(f"error: {report.fatal}")
    for output, error in report.failed[:20]:
        say(f"{out_dir / output.key}: error: {error}")
    if len(report.failed) > 20:
        say(f"... and {len(report.failed) - 20} more outputs failed")
    for path, why in report.kept:
        say(f"{path}: warning: not removed: {why}")
    for path in report.left_out:
        say(f"{path}: error: left out of the edition (see above)")
    if not quiet:
        for path in report.orphans:
            say(f"{path}: warning: its raw file is gone; the TEI is kept and still published "
                f"(delete it to unpublish the document)")
    if verbose:
        for output in report.built:
            say(f"{'would make' if report.dry_run else 'made'} {out_dir / output.key}")
        for path in report.removed:
            say(f"{'would remove' if report.dry_run else 'removed'} {path}")

    encoded = report.encode
    errors, warnings = len(report.errors), len(report.warnings)
    if report.dry_run:
        click.echo(f"Dry run: would encode {len(report.to_encode)}, validate "
                   f"{len(report.to_validate)}, make {len(report.built)} outputs and remove "
                   f"{len(report.removed)}; {report.unchanged} up to date -> {out_dir}")
        return
    if report.stopped or report.fatal:
        if encoded is not None and encoded.failed and not report.documents:
            what = f"{encoded.failed} file(s) failed to encode"
        else:
            files = len({problem.file for problem in report.errors})
            what = f"{errors} error(s) in {files} file(s)"
        click.echo(f"Stopped: {report.fatal or what}; nothing published, the previous edition "
                   f"in {out_dir} is unchanged ({elapsed:.1f} s).")
        return
    if report.did_nothing and report.ok:
        click.echo(f"Nothing to do: {report.documents} documents, all {report.unchanged} "
                   f"outputs in {out_dir} up to date, {warnings} warning(s) ({elapsed:.1f} s).")
        return
    kinds = Counter(output.kind for output in report.built)
    made = ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items()))
    steps = [f"encoded {encoded.encoded}"] if encoded is not None else []
    steps.append(f"validated {report.validated}")
    extra = f", removed {len(report.removed)}" if report.removed else ""
    left = f", {len(report.left_out)} left out" if report.left_out else ""
    click.echo(f"Built {len(report.built)} outputs ({made or 'none'}) from {report.documents} "
               f"documents; {', '.join(steps)}, {warnings} warning(s), {errors} error(s), "
               f"{report.unchanged} up to date, {len(report.failed)} failed{left}{extra} "
               f"({elapsed:.1f} s) -> {out_dir}")


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
    """Serve the built edition over HTTP: its files, OAI-PMH 2.0 at /oai, DTS 1.0 at
    /api/dts and search at /api/search.

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
    click.echo(f"Serving {out_dir} at http://{host}:{port}/ (OAI-PMH /oai, DTS /api/dts, "
               f"search /api/search); Ctrl-C stops.", err=True)
    uvicorn.run(create_app(out_dir.resolve(), settings), host=host, port=port,
                log_level="warning")
