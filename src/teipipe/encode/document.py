"""One document: bytes in, TEI bytes and messages out. Pure: no file system, no printing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import PurePath

from teipipe.decode import NotText, decode
from teipipe.encode.model import Message
from teipipe.encode.people import Personography
from teipipe.encode.reader import read
from teipipe.encode.serialize import serialize
from teipipe.encode.verify import lost_text
from teipipe.encode.writer import Writer


class EncodeError(Exception):
    """The input cannot be encoded; the message says why in one line."""


@dataclass
class Encoded:
    data: bytes
    messages: list[Message]


def encode_document(raw: bytes, name: str, persons: Personography | None = None) -> Encoded:
    """Encode one document. Raises EncodeError for input that is not text or loses text."""
    try:
        decoded = decode(raw)
    except NotText as exc:
        raise EncodeError(str(exc)) from None
    sha256 = hashlib.sha256(raw).hexdigest()
    document, messages = read(decoded.text, name, persons, sha256, decoded.repairs)
    for line, what in decoded.repairs:
        messages.append(Message("warning", name, line, what))
    tree = Writer(document, PurePath(name).stem).write()
    lost = lost_text(decoded.text, tree, document)
    if lost:
        raise EncodeError("; ".join(lost))
    data = serialize(tree, sha256, persons.sha256 if persons else "")
    return Encoded(data, messages)
