"""The reader alone: text in, model out (no TEI involved)."""

from __future__ import annotations

from encode_helpers import persons
from teipipe.encode.model import (
    Document,
    DocumentKind,
    FileNumber,
    FileNumberKind,
    LabelStyle,
    ListBlock,
    Name,
    NoteRef,
    Para,
    Participants,
    TelegramNumber,
    TelegramOpener,
    Turn,
)
from teipipe.encode.reader import read

HEAD = "A Collection\nMemorandum for the Files\n\nWashington, October 2, 1962, 3 p.m.\n\n"


def _read(text: str) -> Document:
    document, _messages = read(text, "t.txt", persons(), "0" * 64, [])
    return document


def test_dateline_parts_and_offsets_are_read() -> None:
    dateline = _read(HEAD + "Text.\n").main.dateline
    assert dateline is not None
    assert dateline.place == "Washington" and dateline.place_at == 0
    assert dateline.text[dateline.date_at :].startswith("October 2, 1962, 3 p.m.")
    assert dateline.when == "1962-10-02T15:00:00-04:00"


def test_lists_carry_a_label_style_not_markup() -> None:
    blocks = _read(HEAD + "(a) First.\n(b) Second.\n").main.blocks
    (lst,) = [b for b in blocks if isinstance(b, ListBlock)]
    assert lst.style is LabelStyle.PARENS and [i.label for i in lst.items] == ["a", "b"]


def test_source_citation_file_numbers_are_parsed_by_the_reader() -> None:
    source = "Source: Department of State, Central Files, 611.3722/9-2062. Secret."
    document = _read(HEAD + "Text.\n\n" + source + "\n")
    assert document.source is not None
    assert FileNumber("611.3722/9-2062", FileNumberKind.FILE) in document.source.citation
    assert document.source.classification == ["Secret"]
    assert document.kind is DocumentKind.HISTORICAL


def test_a_telegrams_precedence_is_not_a_classification_term() -> None:
    for marking, classification in (
        ("Secret; Priority; Limit Distribution.", ["Secret", "Limit Distribution"]),
        ("Top Secret; Niact; Eyes Only.", ["Top Secret", "Eyes Only"]),
        ("Operational Immediate; Confidential.", ["Confidential"]),
    ):
        source = f"Source: Department of State, Central Files, 611.3722/9-2062. {marking}"
        document = _read(HEAD + "Text.\n\n" + source + "\n")
        assert document.source is not None
        assert document.source.classification == classification, marking
        assert FileNumber("611.3722/9-2062", FileNumberKind.FILE) in document.source.citation


def test_telegram_opener_is_its_own_block() -> None:
    text = (
        "A Collection\nTelegram From the Department of State to the Embassy in Ankara\n\n"
        "Washington, October 24, 1962.\n\n412. Eyes only for Ambassador. Please see the "
        "Foreign Minister at once about the matter we discussed yesterday.\n"
    )
    (opener,) = _read(text).main.blocks
    assert isinstance(opener, TelegramOpener)
    assert opener.opening[0] == TelegramNumber("412")
    assert "Please see" in "".join(x for x in opener.rest if isinstance(x, str))


def test_turns_point_at_persons_and_markers_at_notes() -> None:
    text = (
        "A Collection\nMemorandum of Telephone Conversation Between the Secretary of State "
        "(Rusk) and the Under Secretary of State (Ball)\n\nNovember 2, 1962, 10 a.m.\n\n"
        "Rusk--Did you see it?(1)\n\nBall--Yes.\n\nRusk--Good.\n\n1 A note. Back\n"
    )
    document = _read(text)
    turns = [b for b in document.main.blocks if isinstance(b, Turn)]
    assert [(t.label, t.person) for t in turns] == [
        ("Rusk", "rusk-dean"),
        ("Ball", "ball-george"),
        ("Rusk", "rusk-dean"),
    ]
    first = turns[0].blocks[0]
    assert isinstance(first, Para) and first.content[-1] == NoteRef(1)
    assert document.footnotes[1].complete


def test_participants_name_persons() -> None:
    text = HEAD + "Participants:\nThe Secretary\nAmbassador Dobrynin\n\nThe talk began.\n"
    (group,) = [b for b in _read(text).main.blocks if isinstance(b, Participants)]
    names = [n for entry, _ in group.entries for n in entry if isinstance(n, Name)]
    assert [n.person for n in names] == ["rusk-dean", "dobrynin-anatoly"]
