"""Shapes of lines that several recognisers ask about: headings, titles, speaker labels."""

from __future__ import annotations

import re

from teipipe.encode.vocabulary import alternatives

_MARKER = re.compile(r"\s?\(\d{1,3}\)")
TITLE_START = re.compile(rf"^(?:{alternatives('document-title-words.txt')})\b")
_TITLE_CONNECTOR = re.compile(rf"\b(?:{alternatives('title-connectors.txt')})\b")
LABEL = re.compile(
    r"^(?P<label>(?:[A-Z][\w.'’]*|[A-Z]\.)(?: (?:[A-Z][\w.'’]*|[A-Z]\.|of|the|de|von)){0,4}?)"
    r"(?P<sep>\s?--\s?|:\s+)(?P<rest>\S.*)$"
)


def without_markers(text: str) -> str:
    """The text without anything shaped like a footnote marker."""
    return _MARKER.sub("", text).strip() if "(" in text else text.strip()


def heading_like(text: str, limit: int) -> bool:
    """A title or heading line: not too long, starts with a capital, no sentence-final stop."""
    bare = without_markers(text)
    return (
        0 < len(bare) <= limit
        and bool(re.match(r"^[\"'“A-Z0-9]", bare))
        and not bare.endswith((".", ":", ";", ",", "?", "!"))
    ) or (bool(re.search(r"\b(?:Jr|Sr|Inc|Ltd|[A-Z])\.$", bare)) and len(bare) <= limit)


def is_document_title(text: str) -> bool:
    """The title line of a document (`Memorandum From ... to ...`): an attachment starts here."""
    bare = without_markers(text)
    return (
        bool(TITLE_START.match(bare))
        and heading_like(bare, 300)
        and len(bare.split()) >= 2
        and bool(_TITLE_CONNECTOR.search(bare))
        and not LABEL.match(bare)
    )
