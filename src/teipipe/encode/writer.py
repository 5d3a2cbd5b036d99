"""Writer: the document model to a TEI P5 tree (the teipipe profile, docs/tei-profile.md)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import assert_never

from lxml import etree

from teipipe import TEI_NS, XML_NS, __version__
from teipipe.encode.model import (
    Block,
    Closer,
    Dateline,
    DateMention,
    DocRef,
    Document,
    DocumentKind,
    Editorial,
    EditorialBlock,
    FileNumber,
    FileNumberKind,
    Inline,
    LabelStyle,
    ListBlock,
    Name,
    Narrative,
    NoteRef,
    Organization,
    Para,
    Participants,
    Place,
    Section,
    Subject,
    SubjectLine,
    TelegramNumber,
    TelegramOpener,
    Turn,
)

_T = f"{{{TEI_NS}}}"
_ID = f"{{{XML_NS}}}id"
_LANG = f"{{{XML_NS}}}lang"
UNRESOLVED = "Not in the personography: known only from this document."
_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_DIGIT_PREFIXED = re.compile(r"d[0-9]")
_HASHED = re.compile(r"-[0-9a-f]{8}$")
_NOT_NAME = re.compile(r"[^A-Za-z0-9_.-]+")
SUBTYPE = {
    DocumentKind.HISTORICAL: "historical-document",
    DocumentKind.EDITORIAL_NOTE: "editorial-note",
}
REND = {LabelStyle.PERIOD: "period", LabelStyle.PARENS: "parens", LabelStyle.PAREN: "paren"}
IDNO_TYPE = {FileNumberKind.FILE: "file", FileNumberKind.LOT: "lot"}


def document_id(stem: str) -> str:
    """The file stem as an NCName that every validator (libxml2, Jing, Saxon) and browser accepts,
    and a different one for every stem, so ids stay unique in a corpus (and in its volume).

    - a stem of ASCII letters, digits, `_`, `.` and `-` is kept (`msc_cuba066`);
    - one that starts with a digit gets a `d` in front (`004_x` -> `d004_x`);
    - any other stem is folded to ASCII (`é` -> `e`, other runs -> `_`) and gets `-` and 8 hex
      digits of its SHA-256, since folding loses information (`Memo #2` vs `Memo &2`).

    The three kinds cannot meet: only the second starts with `d` and a digit, only the third
    ends in `-` and 8 hex digits (kept stems of either shape go the third way).
    """
    if _PLAIN_NAME.fullmatch(stem) and not _HASHED.search(stem):
        if not _DIGIT_PREFIXED.match(stem):
            return stem
    elif _PLAIN_NAME.fullmatch("d" + stem) and stem[:1].isdigit() and not _HASHED.search(stem):
        return "d" + stem
    letters = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    folded = _NOT_NAME.sub("_", letters).strip("_")
    if not _PLAIN_NAME.match(folded):
        folded = "d" + folded
    digest = hashlib.sha256(stem.encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return f"{folded}-{digest}"


def _el(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, _T + tag, attrs)
    if text is not None:
        element.text = text
    return element


class Writer:
    def __init__(self, doc: Document, stem: str) -> None:
        self.doc = doc
        self.id = document_id(stem)

    def write(self) -> etree._ElementTree:
        root = etree.Element(_T + "TEI", nsmap={None: TEI_NS})  # type: ignore[dict-item]
        root.set(_LANG, "en")
        root.set(_ID, self.id)
        self._header(root)
        text = _el(root, "text")
        body = _el(text, "body")
        div = _el(body, "div", type="document", subtype=SUBTYPE[self.doc.kind])
        self._section(div, self.doc.main)
        return etree.ElementTree(root)

    # -- header ------------------------------------------------------------------------------

    def _header(self, root: etree._Element) -> None:
        doc = self.doc
        header = _el(root, "teiHeader")
        file_desc = _el(header, "fileDesc")
        title_stmt = _el(file_desc, "titleStmt")
        main_title = doc.main.title
        _el(
            title_stmt,
            "title",
            _plain(main_title) if main_title else f"Untitled document ({doc.name})",
            type="main",
        )
        if doc.collection:
            _el(title_stmt, "title", doc.collection, type="collection")
        resp_stmt = _el(title_stmt, "respStmt")
        _el(resp_stmt, "resp", "Encoded in TEI P5 by")
        _el(resp_stmt, "name", f"teipipe {__version__}", type="software")
        pub = _el(file_desc, "publicationStmt")
        _el(pub, "publisher", "teipipe")
        availability = _el(pub, "availability", status="free")
        _el(
            availability,
            "licence",
            "Public domain: a record of the United States Government, not subject to copyright.",
            target="https://creativecommons.org/publicdomain/mark/1.0/",
        )
        source_desc = _el(file_desc, "sourceDesc")
        transcription = _el(source_desc, "bibl", type="transcription")
        if doc.collection:
            _el(transcription, "title", doc.collection, level="m")
        _el(transcription, "idno", doc.name, type="filename")
        _el(transcription, "idno", doc.sha256, type="sha256")
        if doc.footer:
            _el(transcription, "note", doc.footer, type="footer")
        for line, text in doc.removed:
            _el(transcription, "note", text, type="residue", n=str(line))
        if doc.source and doc.source.citation:
            archival = _el(source_desc, "bibl", type="archival")
            for part in doc.source.citation:
                _text_or_idno(archival, part)
        self._encoding_desc(header)
        self._profile_desc(header)

    def _encoding_desc(self, header: etree._Element) -> None:
        doc = self.doc
        encoding = _el(header, "encodingDesc")
        decl = _el(encoding, "editorialDecl")
        notes = []
        if doc.footer:
            notes.append(
                f"The web page footer ({doc.footer!r}) was removed from the text and is "
                "recorded in the source description."
            )
        lines = [(n, text) for n, text in doc.removed if text != "Back"]  # Back: see below
        if lines:
            listed = "; ".join(f"line {n}: {text!r}" for n, text in lines)
            notes.append(f"Web page residue removed from the text: {listed}.")
        if doc.back_labels:
            notes.append(
                f"{doc.back_labels} 'Back' link label(s) of the web page were removed "
                "from the ends of footnotes (their lines are listed in the source description)."
            )
        if doc.markers:
            notes.append(
                f"{doc.markers} footnote marker(s) '(n)' were replaced by the footnotes "
                "themselves, placed where the markers stood."
            )
        if doc.spaces_removed:
            notes.append(
                f"{doc.spaces_removed} space(s) before footnote markers were removed "
                "with the markers, so that each note follows its word directly."
            )
        for n, where in doc.placement.items():
            notes.append(f"Footnote {n} has no marker in the text; it was placed {where}.")
        seps = sorted(set(doc.separators))
        if seps:
            notes.append(
                "Speaker labels were separated from the speech by "
                + " or ".join(f"'{s}'" for s in seps)
                + "; the separators were removed."
            )
        for line, what in doc.repairs:
            notes.append(f"Character repair (line {line}): {what}.")
        if not notes:
            notes.append("The text is transcribed without normalisation.")
        for note in notes:
            _el(decl, "p", note)
        if doc.source and doc.source.classification:
            class_decl = _el(encoding, "classDecl")
            taxonomy = _el(class_decl, "taxonomy")
            taxonomy.set(_ID, "classification")
            _el(taxonomy, "bibl", "Security classification and handling markings of the source")
        if doc.prefix:
            lpd = _el(encoding, "listPrefixDef")
            prefix = _el(
                lpd,
                "prefixDef",
                ident=doc.prefix.ident,
                matchPattern=doc.prefix.match,
                replacementPattern=doc.prefix.replacement,
            )
            if doc.prefix.description:
                _el(prefix, "p", doc.prefix.description)

    def _profile_desc(self, header: etree._Element) -> None:
        doc = self.doc
        profile = _el(header, "profileDesc")
        dateline = doc.main.dateline
        if dateline is not None:
            creation = _el(profile, "creation")
            _date(creation, dateline, doc.meeting)
        if doc.persons:
            partic = _el(profile, "particDesc")
            list_person = _el(partic, "listPerson")
            for person in doc.persons:
                element = _el(list_person, "person")
                element.set(_ID, person.id)
                _el(element, "persName", person.name)
                if person.occupation:
                    _el(element, "occupation", person.occupation)
                if not person.authority:
                    _el(element, "note", UNRESOLVED, type="unresolved")
        if doc.source is not None and doc.source.classification:
            text_class = _el(profile, "textClass")
            keywords = _el(text_class, "keywords", scheme="#classification")
            for term in doc.source.classification:
                _el(keywords, "term", term)

    # -- body --------------------------------------------------------------------------------

    def _section(self, div: etree._Element, section: Section, top: bool = True) -> None:
        source = self.doc.source if top else None
        if section.title is not None or source is not None:  # no title: the head holds the source
            head = _el(div, "head")
            self._inlines(head, section.title or [])
            if source is not None:
                _el(head, "note", source.text, type="source")
        if section.number is not None:
            div.set("n", section.number.value)
        if section.dateline is not None or section.salutation:
            opener = _el(div, "opener")
            if section.number is not None:
                _el(opener, "idno", section.number.text, type="document").tail = " "
            if section.dateline is not None:
                dateline = _el(opener, "dateline")
                _dateline_content(dateline, section.dateline, self.doc.meeting and top)
            if section.salutation:
                _el(opener, "salute", section.salutation)
        for block in section.blocks:
            self._block(div, block)
        # TEI ends a div with its closer: attachments that follow a signed document go after
        # the document's div, in reading order, rather than before its signature.
        if section.closer is not None:
            self._closer(div, section.closer)
            holder = div.getparent()
            assert holder is not None
        else:
            holder = div
        for attachment in section.attachments:
            sub = _el(holder, "div", type="attachment")
            self._section(sub, attachment, top=False)
        if len(div) == 0:
            _el(div, "p")
        if section.breaks_off:  # the source's text ends here: readers see that it is cut
            _el(div, "gap", reason="truncated")

    def _block(self, parent: etree._Element, block: Block) -> None:
        match block:
            case Para():
                self._inlines(_el(parent, "p"), block.content)
            case TelegramOpener():  # the opening segment: number, addressees, subject
                p = _el(parent, "p")
                self._inlines(_el(p, "seg", type="telegram-opener"), block.opening)
                self._inlines(p, block.rest)
            case EditorialBlock():
                note = _el(parent, "note", type="editorial", place="inline")
                self._inlines(note, block.content)
            case Narrative():
                note = _el(parent, "note", type="editorial", subtype="narrative", place="inline")
                self._inlines(note, block.content)
            case SubjectLine():
                self._inlines(_el(parent, "head", type="subject"), block.content)
            case ListBlock():
                lst = _el(parent, "list", type="ordered", rend=REND[block.style])
                for item in block.items:
                    element = _el(lst, "item", n=item.label)
                    if len(item.blocks) == 1 and isinstance(item.blocks[0], Para):
                        self._inlines(element, item.blocks[0].content)
                    else:
                        for sub in item.blocks:
                            self._block(element, sub)
            case Participants():
                lst = _el(parent, "list", type="participants")
                if block.heading:
                    _el(lst, "head", block.heading)
                for content, _line in block.entries:
                    self._inlines(_el(lst, "item"), content)
            case Turn():
                sp = _el(parent, "sp", who=f"#{block.person}")
                _el(sp, "speaker", block.label)
                for sub in block.blocks:
                    self._block(sp, sub)
            case _:
                assert_never(block)

    def _closer(self, div: etree._Element, closer: Closer) -> None:
        element = _el(div, "closer")
        if closer.close:
            _el(element, "salute", closer.close)
        if closer.signature:
            signed = _el(element, "signed")
            for k, line in enumerate(closer.signature):
                if k:
                    _el(signed, "lb")
                self._inlines(signed, line)

    def _inlines(self, parent: etree._Element, content: list[Inline]) -> None:
        for node in content:
            if isinstance(node, str):
                _append_text(parent, node)
            else:
                self._inline(parent, node).tail = None

    def _inline(self, parent: etree._Element, node: Inline) -> etree._Element:
        match node:
            case str():  # pragma: no cover - text is appended by _inlines
                raise TypeError(node)
            case NoteRef():
                return self._footnote(parent, node.n)
            case Editorial():
                element = _el(parent, "note", type="editorial", place="inline")
                self._inlines(element, node.content)
                return element
            case DocRef():
                assert self.doc.prefix is not None
                target = f"{self.doc.prefix.ident}:d{node.number}"
                return _el(parent, "ref", node.text, target=target)
            case Name():
                element = _el(parent, "persName", node.text)
                if node.person:
                    element.set("ref", f"#{node.person}")
                return element
            case Place():
                return _el(parent, "placeName", node.text)
            case Organization():
                return _el(parent, "orgName", node.text)
            case DateMention():
                return _el(parent, "date", node.text, when=node.when)
            case TelegramNumber():
                return _el(parent, "idno", node.number, type="telegram")
            case Subject():
                element = _el(parent, "seg", type="subject")
                self._inlines(element, node.content)
                return element
            case _:
                assert_never(node)

    def _footnote(self, parent: etree._Element, n: int) -> etree._Element:
        note = _el(parent, "note", n=str(n), place="foot")
        note.set(_ID, f"{self.id}-fn{n}")
        footnote = self.doc.footnotes.get(n)
        if footnote is None:
            _el(note, "gap", reason="missing-in-source")
        else:
            self._inlines(note, footnote.content)
            if footnote.breaks_off:
                _el(note, "gap", reason="truncated")
        return note


def _append_text(parent: etree._Element, text: str) -> None:
    # parent[-1] is O(1) in lxml; len(parent) walks every child (quadratic on long paragraphs)
    try:
        last = parent[-1]
    except IndexError:
        parent.text = (parent.text or "") + text
    else:
        last.tail = (last.tail or "") + text


def _plain(content: list[Inline]) -> str:
    parts = []
    for node in content:
        match node:
            case str():
                parts.append(node)
            case Name() | DocRef() | Place() | Organization() | DateMention():
                parts.append(node.text)
            case Editorial() | Subject():
                parts.append(_plain(node.content))
            case TelegramNumber():
                parts.append(node.number)
            case NoteRef():
                pass
            case _:
                assert_never(node)
    return "".join(parts)


def _text_or_idno(parent: etree._Element, part: str | FileNumber) -> None:
    if isinstance(part, str):
        _append_text(parent, part)
    else:
        _el(parent, "idno", part.text, type=IDNO_TYPE[part.kind])


def _date_attrs(element: etree._Element, dateline: Dateline, meeting: bool) -> None:
    if dateline.when:
        element.set("when", dateline.when)
    elif dateline.start and dateline.end:
        element.set("from", dateline.start)
        element.set("to", dateline.end)
    if meeting:
        element.set("type", "conversation-or-meeting-date")


def _date(parent: etree._Element, dateline: Dateline, meeting: bool) -> None:
    _date_attrs(_el(parent, "date", dateline.date_text), dateline, meeting)


def _dateline_content(element: etree._Element, dateline: Dateline, meeting: bool) -> None:
    text, date_at = dateline.text, dateline.date_at
    if dateline.place:
        place_at = dateline.place_at
        _append_text(element, text[:place_at])
        _el(element, "placeName", dateline.place)
        _append_text(element, text[place_at + len(dateline.place) : date_at])
    else:
        _append_text(element, text[:date_at])
    _date(element, dateline, meeting)
    _append_text(element, text[date_at + len(dateline.date_text) :])
