"""Writer: the document model to a TEI P5 tree (the teipipe profile, docs/tei-profile.md)."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from lxml import etree

from teipipe import TEI_NS, XML_NS, __version__
from teipipe.encode.dates import Dateline
from teipipe.encode.model import (
    Block,
    Closer,
    DateMention,
    DocRef,
    Document,
    Editorial,
    EditorialBlock,
    Inline,
    ListBlock,
    Name,
    NoteRef,
    Organization,
    Para,
    Participants,
    Place,
    Section,
    Subject,
    SubjectHead,
    TelegramNumber,
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
_FILE_NUMBER = re.compile(r"\b\d{3}\.\d{2,}(?:/\d{1,2}-\d{2,6})?|\bLot \d+ ?[A-Z] ?\d+\b")


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
        div = _el(body, "div", type="document", subtype=self.doc.kind)
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
            _marked_idno(archival, doc.source.citation)
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
            ident, match, replacement, text = doc.prefix
            lpd = _el(encoding, "listPrefixDef")
            prefix = _el(
                lpd, "prefixDef", ident=ident, matchPattern=match, replacementPattern=replacement
            )
            if text:
                _el(prefix, "p", text)

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
        if section.dateline is not None or section.salute:
            opener = _el(div, "opener")
            if section.dateline is not None:
                dateline = _el(opener, "dateline")
                _dateline_content(dateline, section.dateline, self.doc.meeting and top)
            if section.salute:
                _el(opener, "salute", section.salute)
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

    def _block(self, parent: etree._Element, block: Block) -> None:
        if isinstance(block, Para):
            p = _el(parent, "p")
            if block.kind:  # the opening segment of a telegram: number, addressees, subject
                opening = _el(p, "seg", type=block.kind)
                self._inlines(opening, block.content[: block.split])
                self._inlines(p, block.content[block.split :])
            else:
                self._inlines(p, block.content)
        elif isinstance(block, EditorialBlock):
            note = _el(parent, "note", type="editorial", place="inline")
            self._inlines(note, block.content)
        elif isinstance(block, SubjectHead):
            head = _el(parent, "head", type="subject")
            self._inlines(head, block.content)
        elif isinstance(block, ListBlock):
            lst = _el(parent, "list", type="ordered", rend=block.rend)
            for item in block.items:
                element = _el(lst, "item", n=item.n)
                if len(item.blocks) == 1 and isinstance(item.blocks[0], Para):
                    self._inlines(element, item.blocks[0].content)
                else:
                    for sub in item.blocks:
                        self._block(element, sub)
        elif isinstance(block, Participants):
            lst = _el(parent, "list", type="participants")
            if block.head:
                _el(lst, "head", block.head)
            for content, _line in block.entries:
                self._inlines(_el(lst, "item"), content)
        elif isinstance(block, Turn):
            sp = _el(parent, "sp", who=f"#{block.person}")
            _el(sp, "speaker", block.label)
            for sub in block.blocks:
                self._block(sp, sub)
        elif isinstance(block, Section):  # pragma: no cover - attachments are handled by _section
            self._section(_el(parent, "div", type="attachment"), block, top=False)

    def _closer(self, div: etree._Element, closer: Closer) -> None:
        element = _el(div, "closer")
        if closer.salute:
            _el(element, "salute", closer.salute)
        if closer.signed:
            signed = _el(element, "signed")
            for k, line in enumerate(closer.signed):
                if k:
                    _el(signed, "lb")
                self._inlines(signed, line)

    def _inlines(self, parent: etree._Element, content: list[Inline]) -> None:
        for node in content:
            if isinstance(node, str):
                _append_text(parent, node)
                continue
            if isinstance(node, NoteRef):
                element = self._footnote(parent, node.n)
            elif isinstance(node, Editorial):
                element = _el(parent, "note", type="editorial", place="inline")
                self._inlines(element, node.content)
            elif isinstance(node, DocRef):
                assert self.doc.prefix is not None
                element = _el(
                    parent, "ref", node.text, target=f"{self.doc.prefix[0]}:d{node.number}"
                )
            elif isinstance(node, Name):
                element = _el(parent, "persName", node.text)
                if node.person:
                    element.set("ref", f"#{node.person}")
            elif isinstance(node, Place):
                element = _el(parent, "placeName", node.text)
            elif isinstance(node, Organization):
                element = _el(parent, "orgName", node.text)
            elif isinstance(node, DateMention):
                element = _el(parent, "date", node.text, when=node.when)
            elif isinstance(node, TelegramNumber):
                element = _el(parent, "idno", node.number, type="telegram")
            elif isinstance(node, Subject):
                element = _el(parent, "seg", type="subject")
                self._inlines(element, node.content)
            else:  # pragma: no cover
                raise TypeError(node)
            element.tail = None

    def _footnote(self, parent: etree._Element, n: int) -> etree._Element:
        note = _el(parent, "note", n=str(n), place="foot")
        note.set(_ID, f"{self.id}-fn{n}")
        footnote = self.doc.footnotes.get(n)
        if footnote is None:
            _el(note, "gap", reason="missing-in-source")
        else:
            self._inlines(note, footnote.content)
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
        if isinstance(node, str):
            parts.append(node)
        elif isinstance(node, (Name, DocRef, Place, Organization, DateMention)):
            parts.append(node.text)
        elif isinstance(node, Editorial | Subject):
            parts.append(_plain(node.content))
        elif isinstance(node, TelegramNumber):
            parts.append(node.number)
    return "".join(parts)


def _marked_idno(parent: etree._Element, citation: str) -> None:
    pos = 0
    for match in _FILE_NUMBER.finditer(citation):
        _append_text(parent, citation[pos : match.start()])
        kind = "lot" if match[0].startswith("Lot") else "file"
        _el(parent, "idno", match[0], type=kind)
        pos = match.end()
    _append_text(parent, citation[pos:])


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
    text = dateline.text
    date_at = text.index(dateline.date_text)
    if dateline.place:
        place_at = text.index(dateline.place)
        _append_text(element, text[:place_at])
        _el(element, "placeName", dateline.place)
        _append_text(element, text[place_at + len(dateline.place) : date_at])
    else:
        _append_text(element, text[:date_at])
    _date(element, dateline, meeting)
    _append_text(element, text[date_at + len(dateline.date_text) :])
