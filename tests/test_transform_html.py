"""tei-to-html.xsl and corpus-index.xsl: the reading edition, on screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html

from conftest import SEEDS
from teipipe.transform import corpus, render, xslt
from transform_support import (
    DOCUMENTS,
    FIXTURES,
    MEETING,
    PERSONS,
    TELEGRAM,
    TRANSCRIPT,
    raw_reading_words,
    words,
)


def page(path: Path) -> html.HtmlElement:
    return html.document_fromstring(render(path, "html"))


def visible_words(root: html.HtmlElement) -> list[str]:
    body = root.find("body")
    assert body is not None
    return list(words(" ".join(body.itertext())).elements())


@pytest.mark.parametrize("tei", DOCUMENTS, ids=lambda p: p.stem)
def test_footnote_links_resolve_both_ways(tei: Path) -> None:
    root = page(tei)
    ids = {element.get("id"): element for element in root.iter() if element.get("id")}
    calls = root.xpath("//a[@role='doc-noteref']")
    assert len(calls) == len(root.xpath("//section[@class='footnotes']/ol/li"))
    assert calls, "fixture documents all have footnotes"
    for call in calls:
        note = ids[call.get("href").removeprefix("#")]
        assert note.tag == "li"
        (back,) = note.xpath("a[@role='doc-backlink']")
        assert ids[back.get("href").removeprefix("#")] is call
        assert note.get("value") == call.text_content()


def test_ids_are_unique() -> None:
    for tei in DOCUMENTS:
        ids = [element.get("id") for element in page(tei).iter() if element.get("id")]
        assert len(ids) == len(set(ids))


@pytest.mark.parametrize("tei", [TELEGRAM, TRANSCRIPT], ids=lambda p: p.stem)
def test_every_word_of_the_document_is_on_the_page(tei: Path) -> None:
    raw = SEEDS / (tei.stem + ".txt")
    if not raw.exists():
        pytest.skip(f"seed {raw} not found")
    on_page = words(" ".join(visible_words(page(tei))))
    assert raw_reading_words(raw) - on_page == {}


def test_speakers_are_named_with_their_office_at_their_first_turn() -> None:
    root = page(TRANSCRIPT)
    speakers = root.xpath("//div[@class='sp']/p[@class='speaker']")
    assert [s.findtext("b") for s in speakers[:4]] == ["AES", "GWB", "AES", "AES"]
    assert speakers[0].findtext("span") == (
        "Adlai E. Stevenson, Permanent Representative to the United Nations"
    )
    assert speakers[1].findtext("span") == "George W. Ball, Under Secretary of State"
    assert speakers[2].find("span") is None
    # GB is Ball's second label; his office is already given
    assert speakers[6].findtext("b") == "GB" and speakers[6].find("span") is None
    assert speakers[6].find("b").get("title") == "George W. Ball, Under Secretary of State"


def test_document_parts() -> None:
    telegram, meeting = page(TELEGRAM), page(MEETING)
    assert telegram.findtext(".//title") == (
        "Telegram From the Department of State to the Mission to the United Nations"
    )
    assert telegram.xpath("string(//p[@class='source-note'])").startswith(
        "Source: Department of State, Central Files"
    )
    assert telegram.xpath("string(//span[@class='classification'])") == (
        "Top Secret; Sensitive; Eyes Only"
    )
    assert telegram.xpath("string(//p[@class='dateline']/time/@datetime)") == (
        "1962-11-23T21:43:00-05:00"
    )
    opener = telegram.xpath("//p[@class='telegram-opener']")[0]
    assert opener.findtext("span[@class='telegram-number']") == "1359"
    assert opener.findtext("span[@class='subject']") == (
        "Subject: Next Steps in New York Negotiations."
    )
    assert telegram.xpath("//a[@class='ref']/@href")[0] == (
        "https://history.state.gov/historicaldocuments/frus1961-63v11/d204"
    )
    labels = meeting.xpath("//ol[contains(@class, 'parens')]/li/span[@class='label']/text()")
    assert labels == ["(a)", "(b)", "(c)"]
    assert meeting.xpath("//ol[@class='list ordered paren']/li/span/text()") == ["i)", "ii)"]
    assert meeting.xpath("//ul[contains(@class, 'participants')]/li/text()") == [
        "Mr. Zebulon Quistgaard"
    ]
    signed = meeting.xpath("//div[@class='closer']/p[@class='signed']")[0]
    assert signed.find("br") is not None
    assert meeting.xpath("//section[@class='attachment']/h2")[0].text_content() == (
        "Letter From Chairman Khrushchev to President Kennedy"
    )
    assert meeting.xpath("string(//h2[@class='head subject'])").startswith("Quarantine Procedures")


def test_html5_page_shell() -> None:
    source = render(TRANSCRIPT, "html")
    assert source.startswith(b"<!DOCTYPE html")
    root = html.document_fromstring(source)
    assert root.get("lang") == "en"
    assert root.xpath("//meta[@name='viewport']")
    assert root.xpath("//link[@rel='stylesheet']/@href") == ["teipipe.css"]
    # no paragraph holds a block (the HTML parser would have split it)
    assert not root.xpath("//p//p | //p//div | //p//ol | //p//ul")


def index_page(tmp_path: Path) -> html.HtmlElement:
    listing = tmp_path / "corpus.xml"
    listing.write_bytes(corpus.listing(list(DOCUMENTS), tmp_path, PERSONS))
    return html.document_fromstring(
        xslt.to_bytes(xslt.apply("corpus-index.xsl", xslt.parse(listing)))
    )


def test_index_lists_documents_by_date(tmp_path: Path) -> None:
    rows = index_page(tmp_path).xpath("//table[@class='documents']/tbody/tr")
    assert [row.xpath("string(td[@class='title']/a/@href)") for row in rows] == [
        "html/900_meeting.html",  # October 30
        "html/004_616e472c30f512b7.html",  # November 9
        "html/000_03d16a86b0456ebe.html",  # November 23
    ]
    assert [row.findtext("td[@class='kind']") for row in rows] == [
        "Meeting record", "Telephone conversation", "Telegram"
    ]
    assert rows[1].findtext("td[@class='date']") == "November 9, 1962, 4:15 p.m."


def test_index_of_persons_links_to_their_documents(tmp_path: Path) -> None:
    entries = {li.get("id"): li for li in index_page(tmp_path).xpath("//ul[@class='persons']/li")}
    assert list(entries) == [
        "person-ball-george", "person-bundy-mcgeorge", "person-kennedy-john",
        "person-p-khrushchev", "person-stevenson-adlai", "person-thompson-llewellyn",
    ]
    kennedy = entries["person-kennedy-john"]
    assert kennedy.findtext("b") == "Kennedy, John F."  # the personography's form
    assert kennedy.xpath("a/@href") == ["html/900_meeting.html", "html/004_616e472c30f512b7.html"]
    assert "(speaks)" not in kennedy.text_content()
    stevenson = entries["person-stevenson-adlai"]
    assert stevenson.xpath("a/@href") == ["html/004_616e472c30f512b7.html"]
    assert stevenson.text_content().endswith("(speaks)")


def test_index_of_persons_joins_copies_across_documents(tmp_path: Path) -> None:
    # each document twice under two names: one entry per person, linking every copy
    copies = []
    for document in DOCUMENTS:
        for prefix in ("a", "b"):
            copy = tmp_path / f"{prefix}-{document.name}"
            copy.write_bytes(document.read_bytes())
            copies.append(copy)
    listing = tmp_path / "corpus.xml"
    listing.write_bytes(corpus.listing(copies, tmp_path, PERSONS))
    page = html.document_fromstring(
        xslt.to_bytes(xslt.apply("corpus-index.xsl", xslt.parse(listing)))
    )
    once = {li.get("id"): li.xpath("a/@href") for li in index_page(tmp_path).xpath(
        "//ul[@class='persons']/li")}
    twice = {li.get("id"): li.xpath("a/@href") for li in page.xpath("//ul[@class='persons']/li")}
    assert list(twice) == list(once)
    for person, hrefs in once.items():
        # copies of one document share its date, so they sit together, by stem
        assert twice[person] == [
            href.replace("html/", f"html/{prefix}-") for href in hrefs for prefix in ("a", "b")
        ]


def test_personography_is_not_a_document() -> None:
    assert corpus.document_paths([FIXTURES]) == sorted(DOCUMENTS)
