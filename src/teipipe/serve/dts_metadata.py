"""Dublin Core metadata of a document for DTS, taken from the same stylesheet as build/dc/.

The edition already publishes one oai_dc record per document (xslt/tei-to-dc.xsl); DTS gives
the same facts, so they come from that stylesheet rather than from a second reading of the
teiHeader that could drift from it. DTS restricts a MetadataObject's values to literals,
URIs, or language-tagged strings: dates, identifiers, languages and links stay plain strings,
free text becomes `{"lang": ..., "value": ...}`.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

from teipipe.serve.dts_citations import TEI_NS
from teipipe.transform.xslt import apply

_DC_NS = "http://purl.org/dc/elements/1.1/"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Dublin Core elements whose values are codes or links, not prose in a language.
_PLAIN = frozenset({"date", "identifier", "language", "type"})

JsonValue = str | dict[str, str]


@dataclass(frozen=True)
class Metadata:
    """What the Collection endpoint says about one document."""

    title: str
    lang: str | None
    description: str | None
    collection: str | None
    dublin_core: dict[str, list[JsonValue]]


def _value(term: str, text: str, lang: str | None) -> JsonValue:
    if term in _PLAIN or lang is None or text.startswith(("http://", "https://")):
        return text
    return {"lang": lang, "value": text}


def read(doc: etree._ElementTree, stem: str) -> Metadata:
    """The document's title, description, collection name and Dublin Core terms."""
    root = doc.getroot()
    lang = root.get(_XML_LANG)
    # libxslt applies xsl:strip-space to the tree it is given, in place: the stylesheet gets
    # a copy, so the passages the Document endpoint serves keep their whitespace.
    record = apply("tei-to-dc.xsl", copy.deepcopy(doc), {"stem": stem}).getroot()
    terms: dict[str, list[JsonValue]] = {}
    firsts: dict[str, str] = {}
    for element in record:
        if not isinstance(element.tag, str) or not element.tag.startswith(f"{{{_DC_NS}}}"):
            continue
        term = element.tag.split("}", 1)[1]
        text = " ".join((element.text or "").split())
        if text:
            terms.setdefault(term, []).append(_value(term, text, lang))
            firsts.setdefault(term, text)
    collection = root.findtext(
        f"{{{TEI_NS}}}teiHeader/{{{TEI_NS}}}fileDesc/{{{TEI_NS}}}titleStmt/"
        f"{{{TEI_NS}}}title[@type='collection']"
    )
    return Metadata(
        title=firsts.get("title", stem),
        lang=lang,
        description=firsts.get("description"),
        collection=" ".join(collection.split()) if collection else None,
        dublin_core=terms,
    )


def most_given(values: Iterable[str | None]) -> str | None:
    """The value most documents give (the first met wins a tie), if any gives one.

    The edition's name and language are what its documents say, and a few documents may say
    it differently (a misspelt collection title): the majority speaks for the edition.
    """
    counts = Counter(value for value in values if value)
    return counts.most_common(1)[0][0] if counts else None
