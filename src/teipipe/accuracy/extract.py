"""Read the scored fields back out of a TEI document written to docs/tei-profile.md.

Only the profile's own elements are looked at (XPath over the TEI namespace), so the score says
whether the encoder put each thing where the profile says it goes; a right answer in the wrong
element counts as missing.
"""

from __future__ import annotations

import re

from lxml import etree

from teipipe.accuracy.fields import (
    Record,
    Value,
    clean,
    finish,
    footnote_item,
    list_item,
    speaker_item,
)

TEI = "http://www.tei-c.org/ns/1.0"
NS = {"tei": TEI}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

# Elements that end a run of words: text on either side never joins into one word.
_BLOCKS = frozenset(
    f"{{{TEI}}}{name}"
    for name in (
        "div", "head", "p", "opener", "closer", "dateline", "salute", "signed", "list",
        "item", "label", "sp", "speaker", "note", "lb", "ab", "quote", "q", "stage", "byline",
    )
)  # fmt: skip
_REF = re.compile(r"(d[0-9]+)$")


def _parser() -> etree.XMLParser:
    """No network, no DTD, no entity expansion: the TEI under test is untrusted input."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def record_from_tei(data: bytes) -> Record:
    """The scored fields of one TEI document, in the normal form of `fields`."""
    root = etree.fromstring(data, _parser())
    text = _first(root, "tei:text")
    body = _first(text, "tei:body/tei:div[@type='document']")
    unresolved = _unresolved_ids(root)
    values: dict[str, Value] = {
        "title": _string(_first(root, ".//tei:titleStmt/tei:title[@type='main']")),
        "date": _date(root, body),
        "place": _string(_first(body, "tei:opener/tei:dateline/tei:placeName")),
        "source": _string(_first(root, "tei:text//tei:note[@type='source']")),
        "classification": [
            clean(_text(t))
            for t in _all(root, ".//tei:keywords[@scheme='#classification']/tei:term")
        ],
        "footnotes": _footnotes(text),
        "refs": [_ref(r.get("target", "")) for r in _all(root, "tei:text//tei:ref[@target]")],
        "turns": [clean(_text(s)) for s in _all(root, "tei:text//tei:sp/tei:speaker")],
        "speakers": _speakers(root, unresolved),
        "participants": [
            speaker_item(_text(item), _person(item, unresolved))
            for item in _all(root, "tei:text//tei:list[@type='participants']/tei:item")
        ],
        "salutes": [clean(_text(s)) for s in _all(root, "tei:text//tei:salute")],
        "signatures": [
            clean(_text(s, lb=" / ")) for s in _all(root, "tei:text//tei:closer/tei:signed")
        ],
        "lists": [
            list_item(
                li.get("type", ""), li.get("rend"), [i.get("n", "") for i in _all(li, "tei:item")]
            )
            for li in _all(root, "tei:text//tei:list")
        ],
        "attachments": [
            _string(_first(div, "tei:head[not(@type)]")) or ""
            for div in _all(text, "tei:body//tei:div[@type='attachment']")
        ],
    }
    return finish(values)


def _all(node: etree._Element | None, path: str) -> list[etree._Element]:
    if node is None:
        return []
    found = node.xpath(path, namespaces=NS)
    return [e for e in found if isinstance(e, etree._Element)] if isinstance(found, list) else []


def _first(node: etree._Element | None, path: str) -> etree._Element | None:
    found = _all(node, path)
    return found[0] if found else None


def _skipped(element: etree._Element) -> bool:
    """Footnotes and the source note are not part of the running text around them."""
    return element.tag == f"{{{TEI}}}note" and (
        element.get("place") == "foot" or element.get("type") == "source"
    )


def _text(element: etree._Element, lb: str = " ") -> str:
    """The text of `element` without footnotes or the source note; `lb` for each line break."""
    parts: list[str] = [element.text or ""]
    for child in element:
        if not isinstance(child.tag, str):
            parts.append(child.tail or "")
            continue
        if child.tag == f"{{{TEI}}}lb":
            parts.append(lb)
        elif not _skipped(child):
            parts.append(_text(child, lb))
        parts.append(child.tail or "")
    return "".join(parts)


def _string(element: etree._Element | None) -> str | None:
    return clean(_text(element)) or None if element is not None else None


def _date(root: etree._Element, body: etree._Element | None) -> str | None:
    """The dateline's date (else the header's creation date) as @when or @from/@to."""
    date = _first(body, "tei:opener/tei:dateline/tei:date")
    if date is None:
        date = _first(root, "tei:teiHeader/tei:profileDesc/tei:creation/tei:date")
    if date is None:
        return None
    if date.get("when"):
        return date.get("when")
    if date.get("from") or date.get("to"):
        return f"{date.get('from', '')}/{date.get('to', '')}"
    return None


def _footnotes(text: etree._Element | None) -> list[str]:
    """Each footnote with the words that precede its place in the running text.

    The whole `text` is walked, not only the document `div`, so a footnote is found wherever
    the encoder put it; whether it is in the right place is what its preceding words say.
    """
    if text is None:
        return []
    running: list[str] = []
    found: list[str] = []

    def walk(element: etree._Element) -> None:
        block = element.tag in _BLOCKS
        if block:
            running.append(" ")
        running.append(element.text or "")
        for child in element:
            if isinstance(child.tag, str):
                if child.tag == f"{{{TEI}}}note" and child.get("place") == "foot":
                    found.append(footnote_item(child.get("n", "?"), "".join(running)))
                elif not _skipped(child):
                    walk(child)
            running.append(child.tail or "")
        if block:
            running.append(" ")

    walk(text)
    return found


def _ref(target: str) -> str:
    """`frus:d204`, `#d204` and a full URL ending in d204 all name Document 204."""
    match = _REF.search(target)
    return match.group(1) if match else target


def _unresolved_ids(root: etree._Element) -> frozenset[str]:
    people = _all(root, ".//tei:particDesc//tei:person[tei:note[@type='unresolved']]")
    return frozenset(p.get(XML_ID, "") for p in people)


def _person(item: etree._Element, unresolved: frozenset[str]) -> str | None:
    name = _first(item, ".//tei:persName[@ref]")
    return _resolved(name.get("ref") if name is not None else None, unresolved)


def _resolved(pointer: str | None, unresolved: frozenset[str]) -> str | None:
    if not pointer:
        return None
    person = pointer.split()[0].removeprefix("#")
    return None if person in unresolved else person


def _speakers(root: etree._Element, unresolved: frozenset[str]) -> list[str]:
    """Each distinct (label, person) pair of the turns: one label read two ways counts twice."""
    pairs: dict[str, None] = {}
    for sp in _all(root, "tei:text//tei:sp"):
        speaker = _first(sp, "tei:speaker")
        if speaker is not None:
            pairs[speaker_item(_text(speaker), _resolved(sp.get("who"), unresolved))] = None
    return list(pairs)
