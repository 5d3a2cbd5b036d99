"""Stamps that do not churn: no hash of the encoder's code in the TEI, an output-format
version instead, and a guard that the version is bumped whenever the committed output changes."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

from encode_helpers import REPO
from teipipe.encode import encode_paths
from teipipe.encode.batch import stale_inputs
from teipipe.encode.serialize import OUTPUT_FORMAT, read_stamp

RECORD = REPO / "tests" / "fixtures" / "encode" / "output-format.txt"
_STAMP = re.compile(rb"<\?teipipe [^?]*\?>\n")
SEED = REPO / "raw" / "004_616e472c30f512b7.txt"
PERSONS = REPO / "tei" / "persons.xml"


def _output_digest() -> str:
    """A digest of the committed TEI without stamps: what the encoder's output is."""
    digest = hashlib.sha256()
    for path in sorted((REPO / "tei").glob("*.xml")):
        if path.name == "persons.xml":
            continue
        digest.update(path.name.encode() + b"\0" + _STAMP.sub(b"", path.read_bytes()))
    return digest.hexdigest()


def test_committed_output_is_recorded_for_the_current_output_format() -> None:
    """tei/ is the encoder's output on raw/ (test_tei_corpus); when it changes, the format
    must change with it, or TEI written by the previous encoder would count as up to date."""
    recorded = dict(line.split() for line in RECORD.read_text().splitlines() if line.strip())
    digest = _output_digest()
    assert recorded.get(OUTPUT_FORMAT) == digest, (
        f"the encoder's output changed: bump OUTPUT_FORMAT in teipipe/encode/serialize.py and "
        f"add the line '<new format> {digest}' to {RECORD.relative_to(REPO)}"
    )
    assert list(recorded).count(OUTPUT_FORMAT) == 1


def test_stamp_names_the_output_format_and_no_code_hash(tmp_path: Path) -> None:
    encode_paths([SEED], tmp_path, persons=PERSONS)
    data = (tmp_path / f"{SEED.stem}.xml").read_bytes()
    stamp = read_stamp(data)
    assert stamp is not None and stamp.intact and stamp.format == OUTPUT_FORMAT
    assert b"encoder=" not in _STAMP.search(data)[0]  # type: ignore[index]


def test_output_of_another_format_is_stale_and_re_encoded(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw)
    out = tmp_path / "tei"
    encode_paths([raw], out, persons=PERSONS)
    target = out / f"{SEED.stem}.xml"
    assert stale_inputs([raw / SEED.name], out, PERSONS) == []
    assert encode_paths([raw], out, persons=PERSONS).unchanged == 1
    older = target.read_bytes().replace(
        f'format="{OUTPUT_FORMAT}"'.encode(), b'format="0"', 1
    )
    target.write_bytes(older)
    stamp = read_stamp(older)
    assert stamp is not None and stamp.intact  # still teipipe's own, unedited file
    assert stale_inputs([raw / SEED.name], out, PERSONS) == [raw / SEED.name]
    assert encode_paths([raw], out, persons=PERSONS).encoded == 1
    assert f'format="{OUTPUT_FORMAT}"'.encode() in target.read_bytes()
