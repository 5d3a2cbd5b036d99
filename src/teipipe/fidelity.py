"""Text fidelity: does the TEI still hold every word of the plain-text input?

The reading text comes from `xslt/tei-to-text.xsl`, the same stylesheet users run, so the check
tests what readers get. Words are compared as multisets: footnotes move from the end of the
input to their markers and the source note moves up to the title, but no word may be lost or
added. What the encoder removes on purpose is recorded in the TEI header and discounted here:
the web page footer and residue (a stray `Logo` line, the `Back` link labels of footnotes).
Footnote markers are left out on both sides. The collection line lives in the header
(`title[@type='collection']`).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from typing import cast

from lxml import etree

from teipipe import TEI_NS
from teipipe.resources import stylesheet

_WORD = re.compile(r"\w+")
_NS = {"tei": TEI_NS}
# Text the encoder keeps in the header: the collection line, the footer, web page residue.
_RECORDED = [
    etree.XPath(path, namespaces=_NS)
    for path in (
        "//tei:titleStmt/tei:title[@type='collection']",
        "//tei:bibl[@type='transcription']/tei:note[@type='footer' or @type='residue']",
    )
]
_HAS_FOOTNOTES = etree.XPath("boolean(//tei:text//tei:note[@place='foot'])", namespaces=_NS)
_MISSING_NOTES = etree.XPath(
    "//tei:text//tei:note[@place='foot'][tei:gap[@reason='missing-in-source']]/@n", namespaces=_NS
)
#: The stylesheet that gives the reading text (the build's verdicts depend on it and its imports).
READING_STYLESHEET = "tei-to-text.xsl"
# Footnote markers: `(n)` in the input, `[n]` in the reading text; a literal `(n)` is in both.
_MARKER = re.compile(r"[(\[]\d{1,3}[)\]]")


@cache
def _text_transform() -> etree.XSLT:
    access = etree.XSLTAccessControl(  # type: ignore[call-arg]  # lxml-stubs lag behind lxml
        read_file=True, write_file=False, create_dir=False, read_network=False, write_network=False
    )
    return etree.XSLT(etree.parse(str(stylesheet(READING_STYLESHEET))), access_control=access)


def reading_text(tei: etree._ElementTree) -> str:
    """The plain reading text of a TEI document (tei-to-text.xsl)."""
    return str(_text_transform()(tei))


def words(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text))


def check_fidelity(raw_text: str, tei: etree._ElementTree) -> list[str]:
    """Messages for every word lost or added between the raw text and the TEI's reading text."""
    raw = _WORD.findall(_MARKER.sub(" ", raw_text))
    text = _WORD.findall(_MARKER.sub(" ", reading_text(tei)))
    for xpath in _RECORDED:
        for element in cast(list[etree._Element], xpath(tei)):
            text += _WORD.findall(_MARKER.sub(" ", "".join(str(t) for t in element.itertext())))
    # what the stylesheet adds goes on the raw side: "Notes", numbers of notes missing in source
    if _HAS_FOOTNOTES(tei):
        raw.append("Notes")
    raw += [str(n) for n in cast(list[str], _MISSING_NOTES(tei))]
    if sorted(raw) == sorted(text):
        return []
    messages = []
    lost, added = Counter(raw) - Counter(text), Counter(text) - Counter(raw)
    if lost:
        messages.append("text lost in the TEI: " + _summary(lost))
    if added:
        messages.append("text added in the TEI: " + _summary(added))
    return messages


def _summary(counter: Counter[str]) -> str:
    items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    shown = ", ".join(f"'{w}'" + (f" x{n}" if n > 1 else "") for w, n in items[:12])
    more = sum(counter.values()) - sum(n for _, n in items[:12])
    return shown + (f" and {more} more" if more else "")
