"""The writer alone: a model made by hand in, TEI out (no reading involved)."""

from __future__ import annotations

from lxml import etree

from encode_helpers import xp
from teipipe.encode.model import (
    Closer,
    Dateline,
    Document,
    DocumentKind,
    FileNumber,
    FileNumberKind,
    Footnote,
    Item,
    LabelStyle,
    ListBlock,
    Name,
    NoteRef,
    Para,
    Person,
    Section,
    Source,
    Turn,
)
from teipipe.encode.writer import Writer
from teipipe.resources import schema

PROFILE = etree.RelaxNG(etree.parse(str(schema("teipipe.rng"))))


def _document(main: Section, **changes: object) -> Document:
    fields: dict[str, object] = dict(
        name="x.txt", sha256="0" * 64, collection="A Collection", main=main,
        kind=DocumentKind.HISTORICAL, footnotes={}, placement={}, source=None, footer=None,
        removed=[], back_labels=0, markers=0, spaces_removed=0, separators=[], repairs=[],
        persons=[], meeting=False, prefix=None,
    )  # fmt: skip
    fields.update(changes)
    return Document(**fields)  # type: ignore[arg-type]


def _write(document: Document) -> etree._Element:
    root = Writer(document, "x").write().getroot()
    assert PROFILE.validate(root), PROFILE.error_log
    return root


def test_dateline_is_sliced_at_the_offsets_the_reader_gave() -> None:
    dateline = Dateline(
        "Moscow, October 26, 1962.", "Moscow", 0, "October 26, 1962", 8, when="1962-10-26"
    )
    root = _write(_document(Section(["Letter"], 2, dateline, 4, blocks=[Para(["Hi."], 6)])))
    (line,) = xp(root, "//tei:opener/tei:dateline")
    assert xp(line, "string(tei:placeName)") == "Moscow"
    assert xp(line, "string(tei:date/@when)") == "1962-10-26"
    assert "".join(line.itertext()) == "Moscow, October 26, 1962."
    assert xp(root, "string(//tei:creation/tei:date)") == "October 26, 1962"


def test_label_styles_and_kinds_become_profile_values() -> None:
    lst = ListBlock(LabelStyle.PAREN, [Item("a", [Para(["One."], 3)], 3)])
    root = _write(_document(Section(["Note"], 2, blocks=[lst]), kind=DocumentKind.EDITORIAL_NOTE))
    assert xp(root, "string(//tei:list/@rend)") == "paren"
    assert xp(root, "string(//tei:div[@type='document']/@subtype)") == "editorial-note"


def test_file_numbers_become_idno_and_footnotes_sit_at_their_refs() -> None:
    source = Source(
        "Source: Files, Lot 65 D 438. Secret.",
        9,
        ["Files, ", FileNumber("Lot 65 D 438", FileNumberKind.LOT)],
        ["Secret"],
    )
    note = Footnote(1, ["A note."], 8, True)
    main = Section(["Memo"], 2, blocks=[Para(["Text.", NoteRef(1), " More."], 4)])
    root = _write(_document(main, source=source, footnotes={1: note}, markers=1))
    assert xp(root, "//tei:bibl[@type='archival']/tei:idno[@type='lot']/text()") == [
        "Lot 65 D 438"
    ]
    (fn,) = xp(root, "//tei:p/tei:note[@place='foot']")
    assert fn.get("n") == "1" and fn.text == "A note." and fn.tail == " More."


def test_turns_and_closers_point_at_persons() -> None:
    person = Person("p-ann", "Ann", None, False, ["A"])
    main = Section(
        ["Talk"],
        2,
        blocks=[Turn("A", ":", "p-ann", [Para(["Yes."], 4)], 4)],
        closer=Closer("Sincerely,", [[Name("Ann", "p-ann")]], 6),
    )
    root = _write(_document(main, persons=[person], separators=[":"]))
    assert xp(root, "string(//tei:sp/@who)") == "#p-ann"
    assert xp(root, "string(//tei:closer/tei:signed/tei:persName/@ref)") == "#p-ann"
    assert xp(root, "string(//tei:person[@xml:id='p-ann']/tei:note/@type)") == "unresolved"
