"""The build record, `build/.teipipe-build.json`: what the build made, from what, and its verdicts.

The record is how a build knows what it may skip and what it may delete, so it is never
trusted blindly:

- Every output is recorded with the fingerprint of what it was made from *and* the SHA-256 of
  the bytes written. An output is up to date only when both still match; a truncated or
  replaced file is made again.
- Only paths the build itself could have written (relative, inside the output folder, in one of
  its own places) are accepted. A record with anything else, or that is not the expected shape,
  is discarded whole: the build starts afresh, says so in one line, and deletes nothing.
- Progress is appended to a journal (`build/.teipipe-build.journal`, one JSON object a line,
  flushed as each output completes) and folded into the record, written atomically, at the end.
  A build killed half-way keeps everything it finished; a torn last line is ignored.
- Validation verdicts are kept per document under a key that covers the document, the raw text
  it is checked against, the personography, every schema used and teipipe's validation code.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any, get_args

from teipipe.files import write_atomically
from teipipe.validate.problems import SEVERITIES, Layer, Problem

RECORD = ".teipipe-build.json"
JOURNAL = ".teipipe-build.journal"
VERSION = 2
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_LAYERS = frozenset(get_args(Layer))


class UntrustedRecord(Exception):
    """The record is not one this build wrote: the reason, in a few words."""


@dataclass(frozen=True)
class Made:
    """An output as the record knows it: made from `source_key`, with bytes hashing to `sha256`."""

    source_key: str
    sha256: str


@dataclass(frozen=True)
class Verdict:
    """The validation of one document under `key`: whether it is a document, and its problems."""

    key: str
    document: bool
    problems: tuple[Problem, ...]

    @property
    def failed(self) -> bool:
        return any(problem.severity == "error" for problem in self.problems)


@dataclass
class Record:
    """The parsed, checked record; `note` says why an earlier record was discarded, if it was."""

    outputs: dict[str, Made] = field(default_factory=dict)
    verdicts: dict[str, Verdict] = field(default_factory=dict)
    encoding: dict[str, tuple[Problem, ...]] = field(default_factory=dict)
    note: str = ""


def safe_output_key(key: str, roots: Iterable[str]) -> bool:
    """Whether `key` names a file the build could have written: relative, normalised, no `..`,
    no backslash or NUL, and under one of `roots` (a folder like `html/`, or a file name)."""
    if not key or "\\" in key or "\0" in key:
        return False
    path = PurePosixPath(key)
    if path.is_absolute() or any(part in {"", ".", ".."} for part in key.split("/")):
        return False
    return any(key == root or key.startswith(root + "/") for root in roots)


# --- reading ----------------------------------------------------------------------------------


def load(out_dir: Path, roots: Iterable[str]) -> Record:
    """The record of the last build in `out_dir`, with its journal folded in.

    No record is a fresh start; a record that fails any check is discarded (with a note).
    """
    path = out_dir / RECORD
    journal = out_dir / JOURNAL
    allowed = tuple(roots)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = None
    except (OSError, UnicodeDecodeError) as error:
        return Record(note=f"build record {path} cannot be read ({error}); building afresh")
    try:
        record = _parse(json.loads(text), allowed) if text is not None else Record()
        _replay(journal, record, allowed)
    except (ValueError, UntrustedRecord) as error:
        return Record(note=f"build record {path} is not trusted ({error}); building afresh")
    return record


def _parse(data: Any, roots: tuple[str, ...]) -> Record:
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise UntrustedRecord("not a teipipe build record of this version")
    record = Record()
    outputs = _mapping(data, "outputs")
    for key, made in outputs.items():
        record.outputs[key] = _made(key, made, roots)
    for key, verdict in _mapping(data, "validated").items():
        record.verdicts[key] = _verdict(verdict)
    for key, problems in _mapping(data, "encoding").items():
        record.encoding[key] = _problems(problems)
    return record


def _mapping(data: dict[str, Any], name: str) -> dict[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise UntrustedRecord(f'"{name}" is not a mapping')
    return value


def _made(key: str, made: Any, roots: tuple[str, ...]) -> Made:
    if not safe_output_key(key, roots):
        raise UntrustedRecord(f"{key!r} is not a path this build writes")
    if not (
        isinstance(made, dict)
        and isinstance(made.get("from"), str)
        and isinstance(made.get("sha256"), str)
        and _HEX64.match(made["from"])
        and _HEX64.match(made["sha256"])
    ):
        raise UntrustedRecord(f"the entry for {key!r} is malformed")
    return Made(made["from"], made["sha256"])


def _verdict(data: Any) -> Verdict:
    if not (
        isinstance(data, dict)
        and isinstance(data.get("key"), str)
        and isinstance(data.get("document"), bool)
    ):
        raise UntrustedRecord("a validation entry is malformed")
    return Verdict(data["key"], data["document"], _problems(data.get("problems", [])))


def _problems(data: Any) -> tuple[Problem, ...]:
    if not isinstance(data, list):
        raise UntrustedRecord("a problem list is malformed")
    problems = []
    for item in data:
        try:
            problem = Problem(**item)
        except TypeError:
            raise UntrustedRecord("a problem is malformed") from None
        types_ok = all(
            isinstance(getattr(problem, name), kind)
            for name, kind in (("file", str), ("line", int), ("column", int), ("rule", str),
                               ("message", str))
        )
        if not types_ok or problem.severity not in SEVERITIES or problem.layer not in _LAYERS:
            raise UntrustedRecord("a problem is malformed")
        problems.append(problem)
    return tuple(problems)


def _replay(journal: Path, record: Record, roots: tuple[str, ...]) -> None:
    """Fold the journal of an interrupted build into `record`; a torn last line is ignored."""
    try:
        lines = journal.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return
    except (OSError, UnicodeDecodeError) as error:
        raise UntrustedRecord(f"journal unreadable: {error}") from None
    for number, line in enumerate(lines, start=1):
        try:
            entry = json.loads(line)
        except ValueError:
            if number == len(lines):  # the line being written when the build was killed
                return
            raise UntrustedRecord(f"journal line {number} is malformed") from None
        if not isinstance(entry, dict):
            raise UntrustedRecord(f"journal line {number} is malformed")
        _apply(entry, record, roots)


def _apply(entry: dict[str, Any], record: Record, roots: tuple[str, ...]) -> None:
    if "made" in entry and isinstance(entry["made"], str):
        record.outputs[entry["made"]] = _made(entry["made"], entry, roots)
    elif "removed" in entry and isinstance(entry["removed"], str):
        record.outputs.pop(entry["removed"], None)
    elif "validated" in entry and isinstance(entry["validated"], str):
        record.verdicts[entry["validated"]] = _verdict(entry)
    elif "encoded" in entry and isinstance(entry["encoded"], str):
        record.encoding[entry["encoded"]] = _problems(entry.get("problems", []))
    else:
        raise UntrustedRecord("a journal entry is malformed")


# --- writing ----------------------------------------------------------------------------------


class Journal:
    """Appends the build's progress to the journal as it happens (one flushed line an event)."""

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / JOURNAL
        self._stream: IO[str] | None = None

    def _write(self, entry: dict[str, Any]) -> None:
        if self._stream is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._stream = self.path.open("a", encoding="utf-8")
            self._stream.write("\n")  # ends a line torn by an earlier kill
        self._stream.write(json.dumps(entry, sort_keys=True) + "\n")
        self._stream.flush()

    def made(self, key: str, made: Made) -> None:
        self._write({"made": key, "from": made.source_key, "sha256": made.sha256})

    def removed(self, key: str) -> None:
        self._write({"removed": key})

    def validated(self, path: str, verdict: Verdict) -> None:
        self._write({"validated": path, **_verdict_data(verdict)})

    def encoded(self, source: str, problems: Iterable[Problem]) -> None:
        self._write({"encoded": source, "problems": [asdict(p) for p in problems]})

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()
            self._stream = None


def _verdict_data(verdict: Verdict) -> dict[str, Any]:
    return {
        "key": verdict.key,
        "document": verdict.document,
        "problems": [asdict(problem) for problem in verdict.problems],
    }


def save(out_dir: Path, record: Record) -> None:
    """Write the record atomically and drop the journal it now contains."""
    data = {
        "version": VERSION,
        "outputs": {
            key: {"from": made.source_key, "sha256": made.sha256}
            for key, made in sorted(record.outputs.items())
        },
        "validated": {key: _verdict_data(v) for key, v in sorted(record.verdicts.items())},
        "encoding": {
            key: [asdict(problem) for problem in problems]
            for key, problems in sorted(record.encoding.items())
        },
    }
    encoded = json.dumps(data, indent=1, sort_keys=True).encode()
    try:
        unchanged = (out_dir / RECORD).read_bytes() == encoded
    except OSError:
        unchanged = False
    if not unchanged:  # a build that did nothing leaves the folder as it was
        write_atomically(out_dir / RECORD, encoded)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(out_dir / JOURNAL)
