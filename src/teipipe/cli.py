"""The command line: parses options, calls the core, prints and sets the exit code.

Only this module prints or exits; everything it calls returns values and raises exceptions.
"""

from __future__ import annotations

import click

from teipipe import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="teipipe")
def main() -> None:
    """Encode plain-text archival documents as TEI P5, validate and publish them."""


# --- encode -----------------------------------------------------------------------------------


# --- validate ---------------------------------------------------------------------------------


# --- transform and build ----------------------------------------------------------------------
