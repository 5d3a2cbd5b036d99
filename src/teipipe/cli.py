"""The command line: parses options, calls the core, prints and sets the exit code.

Only this module prints or exits; everything it calls returns values and raises exceptions.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

import click

from teipipe import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="teipipe")
def main() -> None:
    """Encode plain-text archival documents as TEI P5, validate and publish them."""


# --- encode -----------------------------------------------------------------------------------


# --- validate ---------------------------------------------------------------------------------


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
