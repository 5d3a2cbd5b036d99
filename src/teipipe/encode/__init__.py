"""Encoding: plain-text archival documents to TEI P5.

`encode_document` turns one input's bytes into TEI bytes (pure); `encode_paths` runs a batch
with the file-system rules (atomic writes, no clobbering of hand-edited files, parallel jobs).
"""

from teipipe.encode.batch import EncodeReport, FileResult, encode_paths
from teipipe.encode.document import Encoded, EncodeError, encode_document
from teipipe.encode.model import Message
from teipipe.encode.people import Personography, PersonographyError, load_personography

__all__ = [
    "EncodeError",
    "EncodeReport",
    "Encoded",
    "FileResult",
    "Message",
    "Personography",
    "PersonographyError",
    "encode_document",
    "encode_paths",
    "load_personography",
]
