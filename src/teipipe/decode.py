"""Bytes to text: detect the encoding, repair what XML cannot carry, refuse what is not text.

Archival text arrives as UTF-8, UTF-8 with a BOM, or legacy cp1252/latin-1, with CRLF or CR line
ends and the odd control character. Every repair is reported with the line it touched, so the
header can record it and the editor can check it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
_BINARY_SAMPLE = 8192


class NotText(ValueError):
    """The input cannot be encoded: it is empty, blank or binary."""


@dataclass
class Decoded:
    """Decoded, normalised text plus what was done to get it."""

    text: str
    encoding: str
    repairs: list[tuple[int, str]] = field(default_factory=list)  # (line, description)


def decode(raw: bytes) -> Decoded:
    """Decode `raw` to text with LF line ends and no XML-illegal characters."""
    if not raw:
        raise NotText("empty file")
    sample = raw[:_BINARY_SAMPLE]
    if b"\x00" in sample or _control_ratio(sample) > 0.1:
        raise NotText("binary file, not text")
    repairs: list[tuple[int, str]] = []
    if raw.startswith(b"\xef\xbb\xbf"):
        text, encoding = raw[3:].decode("utf-8", errors="strict"), "utf-8-sig"
        repairs.append((1, "removed the UTF-8 byte order mark"))
    else:
        try:
            text, encoding = raw.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            text, encoding = _decode_legacy(raw)
            repairs.append((line, f"not UTF-8; decoded as {encoding}"))
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        repairs.append((1, "converted CR/CRLF line ends to LF"))
    if not text.strip():
        raise NotText("no text (only white space)")
    text, removed = _strip_illegal(text)
    repairs.extend(removed)
    return Decoded(text, encoding, repairs)


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 13))


def _control_ratio(sample: bytes) -> float:
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls / max(len(sample), 1)


def _decode_legacy(raw: bytes) -> tuple[str, str]:
    """cp1252 where it decodes (it is what Windows editors wrote), else latin-1 (never fails)."""
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "latin-1"


def _strip_illegal(text: str) -> tuple[str, list[tuple[int, str]]]:
    """Drop characters XML 1.0 forbids; tabs become spaces elsewhere, so keep them."""
    if not _XML_ILLEGAL.search(text):
        return text, []
    repairs = []
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        found = _XML_ILLEGAL.findall(line)
        if found:
            codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in found}))
            repairs.append(
                (number, f"removed {len(found)} character(s) not allowed in XML ({codes})")
            )
            lines[number - 1] = _XML_ILLEGAL.sub("", line)
    return "\n".join(lines), repairs
