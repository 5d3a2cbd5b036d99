"""Bad and odd input: refused with one clear line, or encoded to valid TEI with warnings."""

from __future__ import annotations

import pytest
from lxml import etree

from encode_helpers import REPO, encode_text, text_of, xp
from teipipe.encode import EncodeError, encode_document

SEED = (REPO / "raw" / "004_616e472c30f512b7.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"", "empty"),
        (b"  \n\t\n  \r\n", "white space"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR" * 20, "binary"),
    ],
)
def test_empty_blank_and_binary_input_is_refused(data: bytes, why: str) -> None:
    with pytest.raises(EncodeError, match=why):
        encode_document(data, "bad.txt")


def test_cp1252_input_is_decoded_and_reported() -> None:
    data = (
        "The Cuban Missile Crisis\nLetter From Premier Khrushchev to President Kennedy\n\n"
        "Moscow, October 26, 1962.\n\nDear Mr. President,\n\n"
        "We \u201chope\u201d for peace \u2014 caf\u00e9.\n"
    )
    encoded = encode_document(data.encode("cp1252"), "legacy.txt")
    root = etree.fromstring(encoded.data)
    assert "We \u201chope\u201d for peace \u2014 caf\u00e9." in text_of(xp(root, "//tei:body")[0])
    assert any("cp1252" in m.text and m.line == 8 for m in encoded.messages)
    assert any("cp1252" in p for p in xp(root, "//tei:editorialDecl/tei:p/text()"))


def test_bom_and_crlf_are_normalised() -> None:
    data = b"\xef\xbb\xbf" + SEED.replace("\n", "\r\n").encode("utf-8")
    encoded = encode_document(data, "bom.txt")
    plain = encode_document(SEED.encode("utf-8"), "bom.txt")
    root, plain_root = etree.fromstring(encoded.data), etree.fromstring(plain.data)
    assert text_of(xp(root, "//tei:text")[0]) == text_of(xp(plain_root, "//tei:text")[0])
    texts = {m.text for m in encoded.messages}
    assert "removed the UTF-8 byte order mark" in texts
    assert "converted CR/CRLF line ends to LF" in texts


def test_xml_hostile_text_survives() -> None:
    root, _ = encode_text(
        "A Collection\nMemorandum for the Files\n\nWashington, October 2, 1962.\n\n"
        "Smith & Wesson <script>alert(1)</script> and ]]> stay text.\n\nSource: Files. Secret.\n"
    )
    # a complete document (it has its Source note) without footnotes has no markers: (1) is text
    assert "Smith & Wesson <script>alert(1)</script> and ]]> stay text." in text_of(
        xp(root, "//tei:body")[0]
    )


def test_control_characters_are_removed_with_a_warning_naming_the_line() -> None:
    root, encoded = encode_text(
        "A Collection\nMemorandum for the Files\n\nWashington, October 2, 1962.\n\n"
        "Bell\x07 and\x0b tab.\n"
    )
    assert "Bell and tab." in text_of(xp(root, "//tei:body")[0])
    (warning,) = [m for m in encoded.messages if "not allowed in XML" in m.text]
    assert warning.line == 6 and "U+0007" in warning.text


def test_one_megabyte_single_line_is_encoded_whole() -> None:
    line = ("word " * 200_000).strip()
    root, encoded = encode_text(line)
    assert text_of(xp(root, "//tei:body")[0]).count("word") == 200_000
    assert any("no collection and title" in m.text for m in encoded.messages)


def test_text_without_structure_becomes_paragraphs_with_warnings() -> None:
    root, encoded = encode_text("just some words.\nmore words, no title.\n\nand a last line.\n")
    assert [text_of(p) for p in xp(root, "//tei:body//tei:p")] == [
        "just some words.",
        "more words, no title.",
        "and a last line.",
    ]
    assert xp(root, "string(//tei:titleStmt/tei:title[@type='main'])").startswith("Untitled")
    assert encoded.messages


def test_letter_with_salutation_close_and_multiline_signature_from_another_collection() -> None:
    root, _ = encode_text(
        "The Berlin Crisis\nLetter From Chairman Khrushchev to President Kennedy\n\n\n"
        "Moscow, October 26, 1962.\n\nDear Mr. President,\n\nI have received your letter.\n\n"
        "Respectfully,\n\nN. Khrushchev\nChairman of the Council of Ministers of the USSR\n",
        authority=False,
    )
    assert xp(root, "string(//tei:opener/tei:salute)") == "Dear Mr. President,"
    assert xp(root, "string(//tei:closer/tei:salute)") == "Respectfully,"
    (signed,) = xp(root, "//tei:closer/tei:signed")
    assert xp(signed, "string(tei:persName)") == "N. Khrushchev"
    assert text_of(signed) == "N. KhrushchevChairman of the Council of Ministers of the USSR"
    assert len(xp(signed, "tei:lb")) == 1
    assert xp(root, "string(//tei:titleStmt/tei:title[@type='collection'])") == "The Berlin Crisis"
    assert xp(root, "string(//tei:dateline/tei:date/@when)") == "1962-10-26"


def test_unresolved_speaker_gets_own_person_and_warning() -> None:
    root, encoded = encode_text(
        "A Collection\nTranscript of a Meeting\n\nOctober 2, 1962, 3 p.m.\n\n"
        "Zed: Hello.\n\nQuux: Hi.\n\nZed: Bye.\n",
        authority=False,
    )
    people = xp(root, "//tei:listPerson/tei:person")
    assert {p.get("{http://www.w3.org/XML/1998/namespace}id") for p in people} == {
        "p-zed",
        "p-quux",
    }
    assert all(xp(p, "tei:note/@type") == ["unresolved"] for p in people)
    assert sum("not resolved" in m.text for m in encoded.messages) == 2


def test_undated_dateline_keeps_its_words_without_a_date_value() -> None:
    root, _ = encode_text(
        "A Collection\nMemorandum for the Files\n\nWashington, undated.\n\nText.\n"
    )
    (date,) = xp(root, "//tei:dateline/tei:date")
    assert date.text == "undated" and date.get("when") is None
    assert xp(root, "string(//tei:dateline/tei:placeName)") == "Washington"


def test_encoding_is_deterministic() -> None:
    first = encode_document(SEED.encode(), "seed.txt").data
    second = encode_document(SEED.encode(), "seed.txt").data
    assert first == second


def test_participants_heading_group_labels_and_offices() -> None:
    root, _ = encode_text(
        "The Cuban Missile Crisis\nMemorandum of Conversation\n\n\n"
        "Washington, October 18, 1962, 5 p.m.\n\nParticipants:\n\nU.S.\n\nThe President\n\n"
        "Secretary Rusk\n\n\nUSSR\n\nForeign Minister Gromyko\n\nAmbassador Dobrynin\n\n"
        "The President opened the conversation.\n\nSource: Files. Secret.\n"
    )
    first, second = xp(root, "//tei:list[@type='participants']")
    assert xp(first, "string(tei:head)") == "Participants:"
    assert [text_of(i) for i in xp(first, "tei:item")] == [
        "U.S.",
        "The President",
        "Secretary Rusk",
    ]
    assert xp(first, "tei:item/tei:persName/@ref") == ["#kennedy-john", "#rusk-dean"]
    assert xp(second, "tei:item/tei:persName/@ref") == ["#gromyko-andrei", "#dobrynin-anatoly"]
    assert "p-u-s" not in xp(root, "//tei:person/@xml:id")


def test_speaker_initials_and_offices_resolve_through_the_personography() -> None:
    root, encoded = encode_text(
        "The Cuban Missile Crisis\nTranscript of a Meeting of the Executive Committee\n\n\n"
        "Washington, October 27, 1962, 4 p.m.-12 midnight.\n\n"
        "RFK: We should wait.\n\nPres.--Agreed.\n\nRFK: Then tomorrow.\n\n"
        "Secretary McNamara: The ships are turning.\n\nSource: Files. Top Secret.\n"
    )
    who = {xp(sp, "string(tei:speaker)"): sp.get("who") for sp in xp(root, "//tei:sp")}
    assert who == {
        "RFK": "#kennedy-robert",
        "Pres.": "#kennedy-john",
        "Secretary McNamara": "#mcnamara-robert",
    }
    assert not [m for m in encoded.messages if "not resolved" in m.text]
    (date,) = xp(root, "//tei:dateline/tei:date")
    assert (date.get("from"), date.get("to")) == (
        "1962-10-27T16:00:00-04:00",
        "1962-10-28T00:00:00-04:00",
    )


def test_office_and_surname_in_titles_point_at_persons() -> None:
    root, _ = encode_text(
        "The Cuban Missile Crisis\nMemorandum From Secretary of Defense McNamara to Director of "
        "Central Intelligence McCone\n\n\nWashington, October 2, 1962.\n\nText.\n"
    )
    assert xp(root, "//tei:div/tei:head[1]/tei:persName/@ref") == [
        "#mcnamara-robert",
        "#mccone-john",
    ]
    assert xp(root, "string(//tei:person[@xml:id='mccone-john']/tei:occupation)") == (
        "Director of Central Intelligence"
    )


def test_telegram_ending_with_a_signature() -> None:
    root, _ = encode_text(
        "The Cuban Missile Crisis\n"
        "Telegram From the Department of State to the Embassy in Turkey\n\n\n"
        "Washington, October 24, 1962, 7 p.m.\n\n445. Eyes only for Ambassador.\n\n"
        "Text of message.\n\n"
        "Rusk\n\nSource: Files. Secret.\n"
    )
    assert xp(root, "string(//tei:closer/tei:signed/tei:persName/@ref)") == "#rusk-dean"
    assert xp(root, "string(//tei:seg[@type='telegram-opener']/tei:idno)") == "445"


def test_web_residue_line_is_removed_and_recorded() -> None:
    root, _ = encode_text(
        "Logo\nThe Cuban Missile Crisis\nMemorandum for the Files\n\n"
        "Washington, October 2, 1962.\n\nText.\n\nSource: Files. Secret.\n\n"
        "127 Wall Street, New Haven, CT 06511.\n"
    )
    residue = xp(root, "//tei:bibl[@type='transcription']/tei:note[@type='residue']")
    assert [(r.text, r.get("n")) for r in residue] == [("Logo", "1")]
    assert "Logo" not in text_of(xp(root, "//tei:text")[0])
    collection = xp(root, "string(//tei:titleStmt/tei:title[@type='collection'])")
    assert collection == "The Cuban Missile Crisis"


def test_complete_document_with_a_numbered_body_paragraph_before_its_footnotes() -> None:
    root, encoded = encode_text(
        "The Cuban Missile Crisis\nMemorandum for the Record\n\n\nWashington, October 2, 1962.\n\n"
        "1 p.m. was the hour agreed.(1)\n\nThe meeting then ended.(2)\n\n"
        "1 The hour of the meeting. Back\n\n2 See Document 12. Back\n\n"
        "Source: Files. Unclassified; Routine.\n\n127 Wall Street, New Haven, CT 06511.\n"
    )
    assert [text_of(p) for p in xp(root, "//tei:div/tei:p")] == [
        "1 p.m. was the hour agreed.The hour of the meeting.",
        "The meeting then ended.See Document 12.",
    ]
    assert xp(root, "//tei:keywords/tei:term/text()") == ["Unclassified"]  # Routine: precedence
    assert not [m for m in encoded.messages if m.severity == "error"]


def test_unknown_classification_is_reported_not_invented() -> None:
    root, encoded = encode_text(
        "A Collection\nMemorandum for the Files\n\nWashington, October 2, 1962.\n\nText.\n\n"
        "Source: Files. Drafted by Smith.\n"
    )
    assert xp(root, "//tei:keywords") == []
    assert any("no classification marking recognised" in m.text for m in encoded.messages)


def test_navigation_lines_of_the_web_page_are_residue() -> None:
    root, _ = encode_text(
        "Avalon Home\nThe Cuban Missile Crisis\nMemorandum for the Files\n\n"
        "Washington, October 2, 1962.\n\nText.\n\nSource: Files. Secret.\n\n"
        "Yale Law School\nLillian Goldman Law Library\n127 Wall Street, New Haven, CT 06511.\n"
    )
    residue = xp(root, "//tei:bibl[@type='transcription']/tei:note[@type='residue']/text()")
    assert residue == ["Avalon Home", "Yale Law School", "Lillian Goldman Law Library"]
    assert xp(root, "string(//tei:note[@type='footer'])") == "127 Wall Street, New Haven, CT 06511."
    assert xp(root, "string(//tei:note[@type='source'])") == "Source: Files. Secret."


def test_letter_signed_with_a_full_name_is_the_person_of_the_title() -> None:
    root, _ = encode_text(
        "Another Collection\nLetter From Chairman Khrushchev to President Kennedy\n\n\n"
        "Moscow, October 26, 1962.\n\nDear Mr. President,\n\nI have your letter.\n\n"
        "Respectfully,\n\nNikita Khrushchev\n",
        authority=False,
    )
    assert xp(root, "string(//tei:closer/tei:salute)") == "Respectfully,"
    assert xp(root, "//tei:closer/tei:signed/tei:persName/@ref") == ["#p-khrushchev"]
    assert xp(root, "//tei:person/@xml:id") == ["p-khrushchev", "p-kennedy"]


@pytest.mark.parametrize(
    ("stem", "ident"),
    [
        ("000_03d16a86b0456ebe", "d000_03d16a86b0456ebe"),
        ("msc_cuba066", "msc_cuba066"),
        ("café au lait", "cafe_au_lait-7c413039"),
        ("2 letters", "d2_letters-9aa31325"),
    ],
)
def test_document_id_is_an_ncname_from_the_file_name(stem: str, ident: str) -> None:
    encoded = encode_document(b"Some text.\n", f"{stem}.txt")
    root = etree.fromstring(encoded.data)
    assert root.get("{http://www.w3.org/XML/1998/namespace}id") == ident


def test_offices_tell_apart_persons_of_one_surname() -> None:
    root, _ = encode_text(
        "The Cuban Missile Crisis\nMemorandum From Attorney General Kennedy to President Kennedy"
        "\n\n\nWashington, October 27, 1962.\n\nText.\n\nSource: Files. Top Secret.\n"
    )
    assert xp(root, "//tei:div/tei:head[1]/tei:persName/@ref") == [
        "#kennedy-robert",
        "#kennedy-john",
    ]
    root, encoded = encode_text(
        "The Cuban Missile Crisis\nTranscript of a Meeting of the Executive Committee\n\n\n"
        "Washington, October 27, 1962, 4 p.m.\n\nPresident Kennedy: We wait.\n\n"
        "Attorney General Kennedy: Yes.\n\nPresident Kennedy: Then tomorrow.\n\n"
        "Governor Stevenson: Agreed.\n\nUnidentified: Hmm.\n\nSource: Files. Top Secret.\n"
    )
    who = {xp(sp, "string(tei:speaker)"): sp.get("who") for sp in xp(root, "//tei:sp")}
    assert who == {
        "President Kennedy": "#kennedy-john",
        "Attorney General Kennedy": "#kennedy-robert",
        "Governor Stevenson": "#stevenson-adlai",  # a courtesy title, not his office in 1962
        "Unidentified": "#p-unidentified",
    }
    assert [m.text for m in encoded.messages if "not resolved" in m.text] == [
        "speaker label 'Unidentified' not resolved to a known person"
    ]


def test_names_next_to_a_typed_dash_are_marked_and_hyphenated_words_are_not_split() -> None:
    """Transcripts type a dash as "--": a name before or after one is still a name, while a
    single hyphen stays inside a word."""
    root, _ = encode_text(
        "The Cuban Missile Crisis\nMemorandum for the Files\n\n\n"
        "Washington, October 26, 1962.\n\nNot the two of them--Stevenson and McCloy. "
        "Say it to Stevenson--now. A Franco-Stevenson plan.\n\nSource: Files. Secret.\n"
    )
    refs = [(name.text, name.get("ref")) for name in xp(root, "//tei:p//tei:persName")]
    assert refs == [("Stevenson", "#stevenson-adlai"), ("McCloy", "#mccloy-john"),
                    ("Stevenson", "#stevenson-adlai")]
    assert "A Franco-Stevenson plan." in text_of(xp(root, "//tei:div/tei:p")[0])


@pytest.mark.parametrize(
    ("line", "place", "when"),
    [
        (
            "Washington, Saturday, October 27, 1962, 4 p.m.",
            "Washington",
            "1962-10-27T16:00:00-04:00",
        ),
        ("Saturday, October 27, 1962.", None, "1962-10-27"),
        ("Moscow, October 28, 1962, 5 p.m.", "Moscow", "1962-10-28T17:00:00+03:00"),
        ("Washington, October 28, 1962, 1:30 a.m.", "Washington", "1962-10-28T01:30:00-04:00"),
        ("Washington, October 28, 1962, 3 a.m.", "Washington", "1962-10-28T03:00:00-05:00"),
    ],
)
def test_dateline_places_weekdays_and_the_end_of_daylight_time(
    line: str, place: str | None, when: str
) -> None:
    root, _ = encode_text(f"A Collection\nMemorandum for the Files\n\n{line}\n\nText.\n")
    assert xp(root, "string(//tei:dateline/tei:date/@when)") == when
    assert xp(root, "//tei:dateline/tei:placeName/text()") == ([place] if place else [])


def test_references_to_several_documents_point_at_each() -> None:
    root, _ = encode_text(
        "A Collection\nMemorandum for the Files\n\nWashington, October 2, 1962.\n\n"
        "See Documents 204 and 205, and Documents 1, 2, and 3.\n\nSource: Files. Secret.\n"
    )
    (para,) = xp(root, "//tei:div/tei:p")
    assert text_of(para) == "See Documents 204 and 205, and Documents 1, 2, and 3."
    assert xp(para, "tei:ref/@target") == [
        "frus:d204",
        "frus:d205",
        "frus:d1",
        "frus:d2",
        "frus:d3",
    ]


def test_organisations_and_places_of_several_words_in_running_text() -> None:
    root, _ = encode_text(
        "A Collection\nMemorandum for the Files\n\nWashington, October 2, 1962.\n\n"
        "The Department of State told the Joint Chiefs of Staff that the Secretary of State "
        "would meet the Council of Ministers in Rio de Janeiro.\n\nSource: Files. Secret.\n"
    )
    (para,) = xp(root, "//tei:div/tei:p")
    assert xp(para, "tei:orgName/text()") == [
        "Department of State",
        "Joint Chiefs of Staff",
        "Council of Ministers",
    ]
    assert xp(para, "tei:placeName/text()") == ["Rio de Janeiro"]
