"""Helpers for encoder tests: encode a corpus document or a snippet and query the TEI."""

from __future__ import annotations

from copy import deepcopy
from functools import cache
from pathlib import Path

from lxml import etree

from teipipe.encode import Encoded, encode_document, load_personography
from teipipe.encode.people import Personography

REPO = Path(__file__).resolve().parents[1]
NS = {"tei": "http://www.tei-c.org/ns/1.0", "xml": "http://www.w3.org/XML/1998/namespace"}


@cache
def persons() -> Personography:
    return load_personography(REPO / "tei" / "persons.xml")


def encode_raw(name: str, authority: bool = True) -> tuple[etree._Element, Encoded]:
    """Encode raw/<name> (a copy of the seeds and dev documents)."""
    data = (REPO / "raw" / name).read_bytes()
    encoded = encode_document(data, name, persons() if authority else None)
    return etree.fromstring(encoded.data), encoded


def encode_text(
    text: str, name: str = "snippet.txt", authority: bool = True
) -> tuple[etree._Element, Encoded]:
    encoded = encode_document(text.encode("utf-8"), name, persons() if authority else None)
    return etree.fromstring(encoded.data), encoded


def xp(root: etree._Element, path: str) -> list:  # type: ignore[type-arg]
    return root.xpath(path, namespaces=NS)  # type: ignore[no-any-return]


def around(element: etree._Element) -> tuple[str, str]:
    """The text of the element's parent before and after it, markup ignored."""
    parent = element.getparent()
    assert parent is not None
    copy = deepcopy(parent)
    target = copy[parent.index(element)]
    split = etree.Element("split")
    split.text, split.tail = "\u2063", target.tail  # INVISIBLE SEPARATOR: not in the corpus
    copy.replace(target, split)
    before, after = "".join(copy.itertext()).split("\u2063")
    return before, after


def text_of(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())
