"""Where the files that ship with teipipe live: schemas, stylesheets and encoder data.

`schemas/` and `xslt/` sit at the top of the repository (so editors and other toolchains find
them) and are linked into the package, so an installed teipipe carries them too.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def schema(name: str) -> Path:
    """A schema shipped with teipipe (`teipipe.rng`, `teipipe.sch`, `catalog.xml`...)."""
    return PACKAGE_DIR / "schemas" / name


def stylesheet(name: str) -> Path:
    """An XSLT stylesheet (or its CSS) shipped with teipipe."""
    return PACKAGE_DIR / "xslt" / name


def data(name: str) -> Path:
    """Encoder data: place names with their time zones and the like."""
    return PACKAGE_DIR / "data" / name
