"""tei-to-dc.xsl: oai_dc records for repository ingestion."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from teipipe.transform import render
from transform_support import DOCUMENTS, FIXTURES, MEETING, TELEGRAM, TRANSCRIPT

OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"


@pytest.fixture(scope="module")
def oai_dc_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(FIXTURES / "oai_dc" / "oai_dc.xsd")))


def record(tei: Path) -> etree._Element:
    return etree.fromstring(render(tei, "dc"))


def values(rec: etree._Element, name: str) -> list[str]:
    return [element.text or "" for element in rec.iterfind(f"{{{DC}}}{name}")]


@pytest.mark.parametrize("tei", DOCUMENTS, ids=lambda p: p.stem)
def test_records_are_valid_oai_dc(oai_dc_schema: etree.XMLSchema, tei: Path) -> None:
    rec = record(tei)
    assert rec.tag == f"{{{OAI_DC}}}dc"
    oai_dc_schema.assertValid(rec)


def test_schema_rejects_what_oai_dc_does_not_allow(oai_dc_schema: etree.XMLSchema) -> None:
    rec = record(TELEGRAM)
    etree.SubElement(rec, f"{{{DC}}}author").text = "not a Dublin Core element"
    assert not oai_dc_schema.validate(rec)


def test_telegram_record() -> None:
    rec = record(TELEGRAM)
    assert values(rec, "title") == [
        "Telegram From the Department of State to the Mission to the United Nations"
    ]
    assert values(rec, "date") == ["1962-11-23"]
    assert values(rec, "subject") == ["Top Secret", "Sensitive", "Eyes Only"]
    assert values(rec, "source") == ["Department of State, Central Files, 737.56361/11-2362"]
    assert values(rec, "identifier") == ["d000_03d16a86b0456ebe"]
    assert values(rec, "language") == ["en"]
    assert values(rec, "type") == ["Text"]
    assert values(rec, "rights") == [
        "Public domain: a record of the United States Government.",
        "https://creativecommons.org/publicdomain/mark/1.0/",
    ]
    assert values(rec, "description") == ["Telegram, Washington, November 23, 1962, 9:43 p.m."]
    assert values(rec, "creator") == []  # "Drafted by Ball" names no person the TEI resolves


def test_conversation_record_names_its_speakers_and_persons() -> None:
    rec = record(TRANSCRIPT)
    assert values(rec, "contributor") == ["Adlai E. Stevenson", "George W. Ball"]
    assert values(rec, "subject") == [
        "No classification marking", "Adlai E. Stevenson", "George W. Ball", "John F. Kennedy"
    ]
    assert values(rec, "date") == ["1962-11-09"]


def test_participants_are_contributors() -> None:
    assert values(record(MEETING), "contributor") == ["John F. Kennedy", "Llewellyn E. Thompson"]


def test_sender_and_signer_are_creators_recipient_is_not(tmp_path: Path) -> None:
    tei = etree.parse(str(TRANSCRIPT))
    ns = {"tei": "http://www.tei-c.org/ns/1.0"}
    # make the attachment the document: a memorandum From Stevenson to Kennedy, signed
    (document,) = tei.xpath("//tei:body/tei:div", namespaces=ns)
    (attachment,) = document.xpath("tei:div[@type='attachment']", namespaces=ns)
    for child in list(document):
        document.remove(child)
    for child in list(attachment):
        document.append(child)
    memo = tmp_path / "memo.xml"
    tei.write(str(memo))
    rec = record(memo)
    assert values(rec, "creator") == ["Adlai E. Stevenson"]
    assert "John F. Kennedy" not in values(rec, "creator") + values(rec, "contributor")
