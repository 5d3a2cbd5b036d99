"""The OAI record history of an edition: when each document last changed, and which are gone.

OAI-PMH harvesters ask "what changed since my last visit?" (`from`), so every record needs a
datestamp that moves exactly when the record does, and a repository that declares
`deletedRecord=persistent` must keep answering for documents it no longer publishes. File
times cannot give either (a rebuild rewrites every file; a deleted file leaves nothing), so
the build keeps this history in `build/oai/records.json`:

    {"version": 1,
     "records": {"msc_cuba004": {"sha256": "<of the TEI>", "datestamp": "2026-12-02T12:00:00Z",
                                 "deleted": false}, ...}}

`update_records` is pure: the build passes the previous history, the current TEI hashes and
the time, and stores what comes back.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

VERSION = 1
#: Where the build keeps the history, relative to the edition folder.
RECORDS_FILE = Path("oai") / "records.json"
#: OAI-PMH's seconds granularity.
DATESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


class RecordsError(ValueError):
    """A records.json that is not a record history this version understands."""


def datestamp(moment: datetime) -> str:
    """`moment` as an OAI-PMH datestamp (UTC, whole seconds); naive times count as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime(DATESTAMP_FORMAT)


def update_records(previous: dict[str, Any], current: dict[str, str],
                   now: datetime) -> dict[str, Any]:
    """The history after a build that publishes `current` (stem -> SHA-256 of its TEI) at `now`.

    A record new, changed (another hash) or back after deletion gets `now` as its datestamp;
    an unchanged one keeps its own. A record of the previous history that is not in `current`
    becomes (or stays) deleted, with the time of its deletion as datestamp, forever.
    `previous` may be `{}` (no history yet); it is not modified.
    """
    stamp = datestamp(now)
    old: dict[str, Any] = previous.get("records", {}) if previous else {}
    records: dict[str, dict[str, Any]] = {}
    for stem in sorted(set(old) | set(current)):
        before = old.get(stem)
        if stem in current:
            digest = current[stem]
            unchanged = (before is not None and not before.get("deleted", False)
                         and before.get("sha256") == digest)
            kept = before["datestamp"] if before is not None and unchanged else stamp
            records[stem] = {"sha256": digest, "datestamp": kept, "deleted": False}
        elif before is not None and before.get("deleted", False):
            records[stem] = dict(before)
        elif before is not None:
            records[stem] = {"sha256": before.get("sha256", ""), "datestamp": stamp,
                             "deleted": True}
    return {"version": VERSION, "records": records}


def read_records(path: Path) -> dict[str, Any]:
    """The history stored at `path`, `{}` when there is none yet."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as err:
        raise RecordsError(f"{path}: not a record history: {err}") from err
    if not isinstance(data, dict) or data.get("version") != VERSION \
            or not isinstance(data.get("records"), dict):
        raise RecordsError(f"{path}: not a version {VERSION} record history")
    for stem, record in data["records"].items():
        if not isinstance(record, dict) or not isinstance(record.get("datestamp"), str):
            raise RecordsError(f"{path}: record {stem!r} has no datestamp")
        try:
            datetime.strptime(record["datestamp"], DATESTAMP_FORMAT)
        except ValueError as err:
            raise RecordsError(f"{path}: record {stem!r}: {err}") from err
    return data


def write_records(path: Path, records: dict[str, Any]) -> None:
    """Store the history at `path` atomically (a reader never sees half a file).

    An unchanged history is not rewritten: servers take a new file for a changed edition,
    which ends the harvests under way (their resumption tokens expire).
    """
    try:
        if read_records(path) == records:
            return
    except RecordsError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(records, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(temporary, path)
