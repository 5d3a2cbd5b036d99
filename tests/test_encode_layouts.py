"""Layouts of the collection the first encoder missed, on documents written in that layout."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from encode_helpers import around, encode_text, text_of, xp
from teipipe.decode import decode
from teipipe.encode.reader import read
from teipipe.encode.verify import lost_text
from teipipe.encode.writer import Writer
from teipipe.resources import schema
from teipipe.validate.runner import validator

COLLECTION = "The Cuban Missile Crisis\n"
FOOTER = "\n127 Wall Street, New Haven, CT 06511.\n"

# --- footnote markers and numbers in parentheses --------------------------------------------

CHARTER = (
    COLLECTION
    + "Memorandum From the Legal Adviser (Chayes) to Secretary of State Rusk\n\n"
    + "Washington, October 22, 1962.\n\n"
    + "SUBJECT\n\nLegal Basis for the Quarantine\n\n"
    + "The action rests on Article 52(1) of the Charter and on the Rio Treaty, not on "
    + "Section 2(4) of the resolution. The forces were placed on alert(5) at noon, as the "
    + "President's proclamation.(1) directs. The OAS vote followed.(2)\n\n"
    + "1 Proclamation 3504, signed October 23. Back\n\n"
    + "2 See Document 62. Back\n\n"
    + "Source: Department of State, Central Files, 737.00/10-2262. Secret.\n"
    + FOOTER
)


def test_numbered_parts_in_parentheses_stay_text_and_notes_sit_at_their_markers() -> None:
    root, encoded = encode_text(CHARTER)
    (para,) = [p for p in xp(root, "//tei:body//tei:p") if "Article" in text_of(p)]
    assert "Article 52(1) of the Charter" in text_of(para)
    assert "Section 2(4) of the resolution" in text_of(para)
    assert "on alert(5) at noon" in text_of(para)
    first, second = xp(para, "tei:note[@place='foot']")
    assert around(first)[0].endswith("President's proclamation.")
    assert around(second)[0].endswith("The OAS vote followed.")
    assert not [m for m in encoded.messages if "no marker" in m.text]


def test_a_numbered_part_that_might_be_a_marker_is_kept_as_text_with_a_warning() -> None:
    text = CHARTER.replace("proclamation.(1) directs", "proclamation directs")
    root, encoded = encode_text(text)
    assert "Article 52(1) of the Charter" in text_of(xp(root, "//tei:body")[0])
    assert any("'" in m.text and "Article 52(1)" in m.text for m in encoded.messages)


def test_markers_are_the_longest_rising_run_not_the_first_number_met() -> None:
    text = (
        COLLECTION
        + "Telegram From the Embassy in Turkey to the Department of State\n\n"
        + "Ankara, October 28, 1962, 4 p.m.\n\n"
        + "587. Units went to alert(3) during the night. Foreign Minister called me.(1) He "
        + "asked about the Jupiters.(2) I said I had no instructions.(3)\n\n"
        + "1 Erkin. Back\n\n2 See Document 90. Back\n\n3 Telegram 445. Back\n\n"
        + "Source: Department of State, Central Files, 611.8245/10-2862. Secret.\n"
        + FOOTER
    )
    root, _ = encode_text(text)
    assert "alert(3) during" in text_of(xp(root, "//tei:body")[0])
    assert xp(root, "//tei:body//tei:note[@place='foot']/@n") == ["1", "2", "3"]


def test_the_fidelity_check_catches_a_moved_or_altered_word() -> None:
    decoded = decode(CHARTER.encode())
    document, _ = read(decoded.text, "x.txt", None, "0" * 64, [])
    tree = Writer(document, "x").write()
    assert lost_text(decoded.text, tree, document) == []
    swapped = etree.ElementTree(etree.fromstring(etree.tostring(tree)))
    for element in swapped.getroot().iter():
        if element.text and "the Charter" in element.text:
            element.text = element.text.replace("of the Charter", "the of Charter")
    (message,) = lost_text(decoded.text, swapped, document)
    assert message.startswith("text altered or moved") and "line 10" in message
    moved = etree.ElementTree(etree.fromstring(etree.tostring(tree)))
    for note in moved.iter("{http://www.tei-c.org/ns/1.0}note"):
        if note.get("n") == "1":
            parent = note.getparent()
            assert parent is not None
            parent.remove(note)  # (the tail goes with it: words are lost too)
            parent.insert(0, note)
    assert lost_text(decoded.text, moved, document)


# --- speaker labels --------------------------------------------------------------------------

OFFICES = (
    COLLECTION
    + "Transcript of a Telephone Conversation Between President Kennedy and Secretary of "
    + "State Rusk\n\nWashington, October 27, 1962, 8:05 p.m.\n\n"
    + "President: Have you seen the letter from Moscow?\n\n"
    + "Secretary--Yes, I saw it. It is a good deal harder than the one last night.\n\n"
    + "President: What do you think we should say?\n\n"
    + "Secretary--I would answer the first letter and ignore the second.\n\n"
    + "The Secretary then read a draft reply.\n\n"
    + "Pres.: All right, send it over.\n"
)


def _turns(root: etree._Element) -> list[tuple[str, str]]:
    return [(xp(sp, "string(tei:speaker)"), sp.get("who")) for sp in xp(root, "//tei:sp")]


def test_offices_and_their_abbreviations_as_speaker_labels() -> None:
    root, encoded = encode_text(OFFICES)
    assert _turns(root) == [
        ("President", "#kennedy-john"),
        ("Secretary", "#rusk-dean"),
        ("President", "#kennedy-john"),
        ("Secretary", "#rusk-dean"),
        ("Pres.", "#kennedy-john"),
    ]
    assert not [m for m in encoded.messages if "not resolved" in m.text]


def test_the_office_of_a_foreign_speaker_resolves_through_the_title() -> None:
    text = (
        COLLECTION
        + "Transcript of a Meeting Between President Kennedy and Chairman Khrushchev\n\n"
        + "Vienna, June 3, 1961, 12:45 p.m.\n\n"
        + "Chairman: The Soviet Union wants peace.\n\nPresident: So do we.\n\n"
        + "Chairman--Then let us talk about Berlin.\n"
    )
    root, _ = encode_text(text)
    assert _turns(root) == [
        ("Chairman", "#khrushchev-nikita"),
        ("President", "#kennedy-john"),
        ("Chairman", "#khrushchev-nikita"),
    ]


def test_narrative_lines_in_a_transcript_are_editorial_not_a_turn() -> None:
    root, _ = encode_text(OFFICES)
    (note,) = xp(root, "//tei:div[@type='document']/tei:note[@type='editorial']")
    assert text_of(note) == "The Secretary then read a draft reply."
    assert not [sp for sp in xp(root, "//tei:sp") if "draft reply" in text_of(sp)]


def test_single_initials_and_labels_without_a_space_after_the_dashes() -> None:
    text = (
        COLLECTION
        + "Memorandum of Telephone Conversation Between the Secretary of State (Rusk) and "
        + "the Under Secretary of State (Ball)\n\nOctober 26, 1962, 6:40 p.m.\n\n"
        + "R: Have you heard from Stevenson?\n\nB: Not yet. I expect him within the hour.\n\n"
        + "R: Let me know.\n\nBall--Yes, I will.\n"
    )
    root, encoded = encode_text(text)
    assert _turns(root) == [
        ("R", "#rusk-dean"),
        ("B", "#ball-george"),
        ("R", "#rusk-dean"),
        ("Ball", "#ball-george"),
    ]
    assert not [m for m in encoded.messages if "not resolved" in m.text]


def test_an_excerpt_with_one_labelled_turn_is_still_a_transcript() -> None:
    text = (
        COLLECTION
        + "Transcript of Remarks by President Kennedy at a Meeting of the Executive Committee "
        + "of the National Security Council\n\nWashington, October 16, 1962, 11:50 a.m.\n\n"
        + "The meeting opened with a briefing on the photographs.\n\n"
        + "President: We're certainly going to do number one; we're going to take out these "
        + "missiles.\n"
    )
    root, _ = encode_text(text)
    assert _turns(root) == [("President", "#kennedy-john")]
    assert xp(root, "string(//tei:div[@type='document']/tei:p)").startswith("The meeting")


def test_one_stray_label_in_a_memorandum_is_not_a_transcript() -> None:
    text = (
        COLLECTION
        + "Memorandum From the Under Secretary of State (Ball) to President Kennedy\n\n"
        + "Washington, October 29, 1962.\n\n"
        + "Note: the meeting is at five.\n\nThe Soviets have agreed to the inspection.\n"
    )
    root, _ = encode_text(text)
    assert xp(root, "//tei:sp") == []


# --- participants ------------------------------------------------------------------------------

MEMCON = COLLECTION + "Memorandum of Conversation\n\nWashington, October 18, 1962, 5 p.m.\n\n"


def _groups(root: etree._Element) -> list[tuple[str, list[str]]]:
    return [
        (xp(group, "string(tei:head)"), [text_of(item) for item in xp(group, "tei:item")])
        for group in xp(root, "//tei:list[@type='participants']")
    ]


def test_participant_groups_with_their_own_headings() -> None:
    text = (
        MEMCON
        + "Cuba\n\nParticipants:\nThe President\nSecretary Rusk\nAmbassador Thompson\n\n"
        + "Others:\nForeign Minister Gromyko\nAmbassador Dobrynin\n\n"
        + "The President opened the conversation by asking about the harvest.\n"
    )
    root, _ = encode_text(text)
    assert _groups(root) == [
        ("Participants:", ["The President", "Secretary Rusk", "Ambassador Thompson"]),
        ("Others:", ["Foreign Minister Gromyko", "Ambassador Dobrynin"]),
    ]
    assert xp(root, "//tei:list[@type='participants'][2]/tei:item[1]/tei:persName/@ref") == [
        "#gromyko-andrei"
    ]
    assert xp(root, "string(//tei:head[@type='subject'])") == "Cuba"


def test_participants_without_a_heading() -> None:
    text = (
        MEMCON
        + "The President\nSecretary Rusk\nForeign Minister Gromyko\n\n"
        + "The President opened the conversation by asking about the harvest.\n"
    )
    root, _ = encode_text(text)
    assert _groups(root) == [("", ["The President", "Secretary Rusk", "Foreign Minister Gromyko"])]
    assert xp(root, "//tei:head[@type='subject']") == []


# --- document numbers -----------------------------------------------------------------------

TELEGRAM = (
    COLLECTION + "Telegram From the Department of State to the Embassy in the Soviet Union\n\n"
)
BODY = (
    "\n\n991. Please deliver the following message to the Foreign Minister at once.(1)\n\n"
    + "1 Not found. Back\n\n"
    + "Source: Department of State, Central Files, 611.61/10-2062. Secret.\n"
    + FOOTER
)


@pytest.mark.parametrize(
    "opening",
    [
        "17.\n\nWashington, October 20, 1962, 3 p.m.",
        "17.\nWashington, October 20, 1962, 3 p.m.",
        "17. Washington, October 20, 1962, 3 p.m.",
        "Logo\n\n17.\n\nWashington, October 20, 1962, 3 p.m.",
    ],
    ids=["own-block", "own-line", "leading", "after-logo"],
)
def test_document_number_before_or_leading_the_dateline(opening: str) -> None:
    root, encoded = encode_text(TELEGRAM + opening + BODY)
    (div,) = xp(root, "//tei:div[@type='document']")
    assert div.get("n") == "17"
    assert xp(div, "string(tei:opener/tei:idno[@type='document'])") == "17."
    assert xp(div, "string(tei:opener/tei:dateline/tei:date/@when)") == "1962-10-20T15:00:00-04:00"
    assert xp(div, "string(tei:opener/tei:dateline)") == "Washington, October 20, 1962, 3 p.m."
    assert xp(div, "string(tei:p/tei:seg/tei:idno[@type='telegram'])") == "991"
    assert not [m for m in encoded.messages if "dateline" in m.text]


def test_a_numbered_line_without_a_dateline_after_it_is_not_a_document_number() -> None:
    root, _ = encode_text(
        COLLECTION + "Memorandum for the Record\n\nWashington, October 20, 1962.\n\n"
        "17.\n\nThe meeting began at noon.\n"
    )
    assert xp(root, "//tei:div[@n]") == []
    assert "17." in text_of(xp(root, "//tei:body")[0])


# --- truncated documents ------------------------------------------------------------------------


def test_a_document_cut_off_in_its_text_ends_with_a_visible_gap() -> None:
    text = TELEGRAM + "Washington, October 20, 1962, 3 p.m.\n\n991. Please deliver the follo"
    root, _ = encode_text(text)
    (div,) = xp(root, "//tei:div[@type='document']")
    assert div[-1].tag == "{http://www.tei-c.org/ns/1.0}gap"
    assert div[-1].get("reason") == "truncated"


def test_a_document_cut_off_in_a_footnote_ends_that_footnote_with_a_gap() -> None:
    text = (
        TELEGRAM + "Washington, October 20, 1962, 3 p.m.\n\n"
        "991. Please deliver the message.(1) Report reply.(2)\n\n1 Not found. Back\n\n"
        "2 Telegram 1043 from Moscow, October 21, reported"
    )
    root, encoded = encode_text(text)
    (note,) = xp(root, "//tei:note[@n='2']")
    assert text_of(note) == "Telegram 1043 from Moscow, October 21, reported"
    assert note[-1].tag == "{http://www.tei-c.org/ns/1.0}gap"
    assert xp(root, "//tei:div/tei:gap") == []
    assert any("footnote 2 breaks off" in m.text for m in encoded.messages)


def test_a_complete_document_has_no_gap() -> None:
    root, _ = encode_text(TELEGRAM + "Washington, October 20, 1962, 3 p.m." + BODY)
    assert xp(root, "//tei:gap") == []


# --- every document above is valid ------------------------------------------------------------

LAYOUTS = [
    CHARTER,
    OFFICES,
    MEMCON + "Participants:\nThe President\nSecretary Rusk\n\nOthers:\nAmbassador Dobrynin\n\n"
    "The President opened the conversation.\n",
    TELEGRAM + "17. Washington, October 20, 1962, 3 p.m." + BODY,
    TELEGRAM + "Washington, October 20, 1962, 3 p.m.\n\n991. Please deliver.(1)\n\n1 Not fo",
    TELEGRAM + "Washington, October 20, 1962, 3 p.m.\n\n991. Please deliver the follo",
]


@pytest.mark.parametrize("text", LAYOUTS, ids=range(len(LAYOUTS)))
def test_layout_documents_are_valid_against_every_schema(text: str, tei_all_path: Path) -> None:
    root, _ = encode_text(text)
    tree = etree.ElementTree(root)
    for name in ("teipipe.rng", "teipipe.xsd", "teipipe.sch"):
        errors = [
            p for p in validator(schema(name)).validate(tree, "x.xml") if p.severity == "error"
        ]
        assert errors == [], (name, errors)
    tei_all = validator(tei_all_path)
    assert [p for p in tei_all.validate(tree, "x.xml") if p.severity == "error"] == []
