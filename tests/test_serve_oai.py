"""OAI-PMH 2.0 at /oai, over a real uvicorn on 127.0.0.1.

Every response is validated against the official OAI-PMH schema (schemas/oai/, with oai_dc and
teipipe's teiHeader schema for the records); an independent harvester (Sickle) walks the lists
through resumption tokens. Expected identifiers and sets are worked out from the edition's
files, never written down.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
import xmlschema
from lxml import etree
from sickle import Sickle  # type: ignore[import-untyped]
from sickle.oaiexceptions import BadResumptionToken  # type: ignore[import-untyped]
from starlette.types import ASGIApp

from serve_support import REPO, make_edition, serve, serving
from teipipe.repository.records import (
    RECORDS_FILE,
    RecordsError,
    datestamp,
    read_records,
    update_records,
    write_records,
)
from teipipe.serve.app import create_app
from teipipe.serve.oai import OaiSettings
from teipipe.transform.corpus import is_document

__all__ = ["serve"]  # the fixture, used by name

OAI = "http://www.openarchives.org/OAI/2.0/"
NS = {"oai": OAI, "dc": "http://purl.org/dc/elements/1.1/",
      "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/", "tei": "http://www.tei-c.org/ns/1.0"}
SCHEMAS = REPO / "schemas" / "oai"
PAGE = 5  # small pages, so the sample edition spans several


@cache
def oai_schema() -> xmlschema.XMLSchema11:
    """OAI-PMH.xsd with the schemas of the two metadata formats (records are checked strictly)."""
    return xmlschema.XMLSchema11(
        str(SCHEMAS / "OAI-PMH.xsd"), allow="local", defuse="always",
        locations=[("http://www.openarchives.org/OAI/2.0/oai_dc/", "oai_dc.xsd"),
                   ("http://www.tei-c.org/ns/1.0", "teipipe-header.xsd")])


def checked(response: httpx.Response) -> etree._Element:
    """The parsed response, after checking its HTTP side and validating it."""
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/xml; charset=utf-8"
    root = etree.fromstring(response.content, etree.XMLParser(resolve_entities=False,
                                                              no_network=True))
    oai_schema().validate(etree.tostring(root).decode())
    return root


def stems(edition: Path) -> set[str]:
    return {path.stem for path in (edition / "tei").glob("*.xml") if is_document(path)}


def identifiers(root: etree._Element) -> list[str]:
    return [str(e.text) for e in root.iterfind(".//oai:header/oai:identifier", NS)]


def error_code(root: etree._Element) -> str | None:
    error = root.find("oai:error", NS)
    return None if error is None else error.get("code")


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_edition(tmp_path_factory.mktemp("edition"))


@pytest.fixture(scope="module")
def base(edition: Path) -> Iterator[str]:
    with serving(create_app(edition, OaiSettings(page_size=PAGE))) as url:
        yield url


@pytest.fixture(scope="module")
def client(base: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base) as session:
        yield session


def get(client: httpx.Client, **params: str) -> etree._Element:
    return checked(client.get("/oai", params=params))


# --- verbs ------------------------------------------------------------------------------------


def test_identify(client: httpx.Client, base: str, edition: Path) -> None:
    root = get(client, verb="Identify")
    assert root.findtext("oai:Identify/oai:baseURL", namespaces=NS) == f"{base}/oai"
    assert root.findtext("oai:Identify/oai:deletedRecord", namespaces=NS) == "persistent"
    assert root.findtext("oai:Identify/oai:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
    oldest = min(os.stat(edition / "tei" / f"{stem}.xml").st_mtime for stem in stems(edition))
    assert root.findtext("oai:Identify/oai:earliestDatestamp", namespaces=NS) == \
        datestamp(datetime.fromtimestamp(oldest, UTC))
    assert root.xpath("string(oai:request/@verb)", namespaces=NS) == "Identify"


@pytest.mark.parametrize("identifier", [False, True])
def test_list_metadata_formats(client: httpx.Client, edition: Path, identifier: bool) -> None:
    params = {"verb": "ListMetadataFormats"}
    if identifier:
        params["identifier"] = f"oai:teipipe:{min(stems(edition))}"
    root = get(client, **params)
    prefixes = [e.text for e in root.iterfind(".//oai:metadataPrefix", NS)]
    assert sorted(map(str, prefixes)) == ["oai_dc", "tei"]


@pytest.mark.parametrize("prefix", ["oai_dc", "tei"])
def test_get_record(client: httpx.Client, edition: Path, prefix: str) -> None:
    stem = max(stems(edition))
    root = get(client, verb="GetRecord", identifier=f"oai:teipipe:{stem}", metadataPrefix=prefix)
    assert identifiers(root) == [f"oai:teipipe:{stem}"]
    payload = root.find("oai:GetRecord/oai:record/oai:metadata/*", NS)
    assert payload is not None
    tei = etree.parse(str(edition / "tei" / f"{stem}.xml")).getroot()
    title = tei.findtext(".//tei:titleStmt/tei:title[@type='main']", namespaces=NS)
    if prefix == "oai_dc":
        assert payload.tag == "{http://www.openarchives.org/OAI/2.0/oai_dc/}dc"
        assert payload.findtext("dc:title", namespaces=NS) == " ".join(str(title).split())
        links = [str(e.text) for e in payload.iterfind("dc:identifier", NS)]
        assert any(link.endswith(f"/html/{stem}.html") for link in links)
    else:
        header = tei.find("tei:teiHeader", NS)
        assert header is not None
        assert etree.tostring(payload, method="c14n", exclusive=True) == \
            etree.tostring(header, method="c14n", exclusive=True)


def test_list_sets_partition_the_documents(client: httpx.Client, edition: Path) -> None:
    specs = [s.setSpec for s in Sickle(f"{client.base_url}/oai").ListSets()]  # all pages
    assert len(specs) > PAGE and len(set(specs)) == len(specs)
    kinds = [spec for spec in specs if spec.startswith("kind:")]
    assert "kind" in specs and "year" in specs and kinds
    ids: list[str] = []
    for spec in kinds:
        ids += [header.identifier for header in Sickle(f"{client.base_url}/oai").ListIdentifiers(
            metadataPrefix="oai_dc", set=spec, ignore_deleted=True)]
    assert sorted(ids) == sorted(f"oai:teipipe:{stem}" for stem in stems(edition))


def test_year_sets_agree_with_dublin_core_dates(client: httpx.Client) -> None:
    sickle = Sickle(f"{client.base_url}/oai")
    years = [s.setSpec for s in sickle.ListSets() if s.setSpec.startswith("year:")]
    assert years
    for spec in years:
        for record in sickle.ListRecords(metadataPrefix="oai_dc", set=spec):
            assert all(date.startswith(spec[5:]) for date in record.metadata["date"])


def test_parent_set_holds_its_subsets(client: httpx.Client, edition: Path) -> None:
    sickle = Sickle(f"{client.base_url}/oai")
    ids = {h.identifier for h in sickle.ListIdentifiers(metadataPrefix="oai_dc", set="kind")}
    assert ids == {f"oai:teipipe:{stem}" for stem in stems(edition)}


@pytest.mark.parametrize(("verb", "prefix", "page_size"), [
    ("ListIdentifiers", "tei", PAGE), ("ListRecords", "oai_dc", PAGE),
    ("ListRecords", "tei", 1),  # xml:ids of teiHeaders recur: one per response
])
def test_pages_through_resumption_tokens(client: httpx.Client, edition: Path, verb: str,
                                         prefix: str, page_size: int) -> None:
    seen: list[str] = []
    params = {"verb": verb, "metadataPrefix": prefix}
    total = len(stems(edition))
    while True:
        root = get(client, **params)
        page = identifiers(root)
        assert len(page) == min(page_size, total - len(seen))
        token = root.find(f"oai:{verb}/oai:resumptionToken", NS)
        assert token is not None  # the sample edition spans several pages
        assert token.get("cursor") == str(len(seen))
        assert token.get("completeListSize") == str(total)
        echo = root.find("oai:request", NS)
        assert echo is not None and dict(echo.items()) == (
            {"verb": verb, "metadataPrefix": prefix} if not seen
            else {"verb": verb, "resumptionToken": params["resumptionToken"]})
        seen += page
        if not token.text:
            break
        params = {"verb": verb, "resumptionToken": token.text}
    assert len(seen) == len(set(seen)) == total
    assert sorted(seen) == sorted(f"oai:teipipe:{stem}" for stem in stems(edition))


def test_sickle_harvests_every_record(client: httpx.Client, edition: Path) -> None:
    records = list(Sickle(f"{client.base_url}/oai").ListRecords(metadataPrefix="oai_dc"))
    assert sorted(r.header.identifier for r in records) == \
        sorted(f"oai:teipipe:{stem}" for stem in stems(edition))
    assert all(r.metadata["title"] for r in records)


def test_post_form_encoded(client: httpx.Client, edition: Path) -> None:
    stem = min(stems(edition))
    root = checked(client.post("/oai", data={"verb": "GetRecord", "metadataPrefix": "oai_dc",
                                             "identifier": f"oai:teipipe:{stem}"}))
    assert identifiers(root) == [f"oai:teipipe:{stem}"]


# --- errors -----------------------------------------------------------------------------------

ERRORS: list[tuple[str, str]] = [
    ("", "badVerb"),
    ("verb=Explode", "badVerb"),
    ("verb=Identify&verb=Identify", "badVerb"),
    ("verb=", "badVerb"),
    ("verb=Identify&metadataPrefix=oai_dc", "badArgument"),
    ("verb=ListRecords", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=tei", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&colour=red", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=", "badArgument"),
    ("verb=GetRecord&metadataPrefix=oai_dc", "badArgument"),
    ("verb=GetRecord&identifier=oai:teipipe:x", "badArgument"),
    ("verb=ListIdentifiers&metadataPrefix=oai_dc&from=yesterday", "badArgument"),
    ("verb=ListIdentifiers&metadataPrefix=oai_dc&from=2001-02-30", "badArgument"),
    ("verb=ListIdentifiers&metadataPrefix=oai_dc&from=2001-01-01T10:00:00", "badArgument"),
    ("verb=ListIdentifiers&metadataPrefix=oai_dc&from=2001-01-01T10:00:00%2B01:00",
     "badArgument"),
    ("verb=ListIdentifiers&metadataPrefix=oai_dc&from=2002-01-01&until=2001-01-01",
     "badArgument"),
    ("verb=ListIdentifiers&metadataPrefix=oai_dc&from=2001-01-01&until=2002-01-01T00:00:00Z",
     "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&resumptionToken=abc", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai%20dc", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&set=kind::x", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&set=%01", "badArgument"),
    ("verb=ListRecords&metadataPrefix=%ff", "badArgument"),
    ("verb=ListSets&set=kind", "badArgument"),
    ("verb=ListRecords&resumptionToken=abc", "badResumptionToken"),
    ("verb=ListIdentifiers&resumptionToken=e30.0000", "badResumptionToken"),
    ("verb=ListSets&resumptionToken=abc", "badResumptionToken"),
    ("verb=ListRecords&metadataPrefix=marc21", "cannotDisseminateFormat"),
    ("verb=GetRecord&identifier=oai:teipipe:{stem}&metadataPrefix=mods", "cannotDisseminateFormat"),
    ("verb=GetRecord&identifier=oai:teipipe:nothing-here&metadataPrefix=oai_dc", "idDoesNotExist"),
    ("verb=GetRecord&identifier={stem}&metadataPrefix=oai_dc", "idDoesNotExist"),
    ("verb=GetRecord&identifier=oai:teipipe:persons&metadataPrefix=oai_dc", "idDoesNotExist"),
    ("verb=ListMetadataFormats&identifier=oai:elsewhere:{stem}", "idDoesNotExist"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=1900-01-01&until=1900-12-31",
     "noRecordsMatch"),
    ("verb=ListIdentifiers&metadataPrefix=oai_dc&set=kind:no-such-kind", "noRecordsMatch"),
    ("verb=ListIdentifiers&metadataPrefix=tei&until=1999-12-31T23:59:59Z", "noRecordsMatch"),
]


@pytest.mark.parametrize(("query", "code"), ERRORS)
def test_errors(client: httpx.Client, edition: Path, query: str, code: str) -> None:
    root = checked(client.get("/oai?" + query.format(stem=min(stems(edition)))))
    assert error_code(root) == code
    echo = root.find("oai:request", NS)
    assert echo is not None
    if code in ("badVerb", "badArgument"):
        assert dict(echo.items()) == {}  # the protocol forbids echoing a bad request
    else:
        assert echo.get("verb") == query.split("&")[0].removeprefix("verb=")


def test_tampered_token_is_refused(client: httpx.Client) -> None:
    root = get(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    token = str(root.findtext("oai:ListIdentifiers/oai:resumptionToken", namespaces=NS))
    body, _, digest = token.partition(".")
    other = body[:-2] + ("AA" if body[-2:] != "AA" else "BB")
    for forged in (f"{other}.{digest}", f"{body}.{digest[::-1]}", body):
        root = get(client, verb="ListIdentifiers", resumptionToken=forged)
        assert error_code(root) == "badResumptionToken"
    # and a token only continues the verb it was issued for
    assert error_code(get(client, verb="ListRecords", resumptionToken=token)) == \
        "badResumptionToken"


def test_post_must_be_form_encoded(client: httpx.Client) -> None:
    root = checked(client.post("/oai", content=b'{"verb": "Identify"}',
                               headers={"content-type": "application/json"}))
    assert error_code(root) == "badArgument"


def test_no_set_hierarchy_without_documents(tmp_path: Path,
                                            serve: Callable[[ASGIApp], str]) -> None:
    (tmp_path / "tei").mkdir()
    base = serve(create_app(tmp_path))
    with httpx.Client(base_url=base) as session:
        assert error_code(get(session, verb="ListSets")) == "noSetHierarchy"
        assert error_code(get(session, verb="ListIdentifiers", metadataPrefix="oai_dc",
                              set="kind")) == "noSetHierarchy"
        assert error_code(get(session, verb="ListRecords", metadataPrefix="oai_dc")) == \
            "noRecordsMatch"
        get(session, verb="Identify")


# --- datestamps, selective harvesting and deletions --------------------------------------------


def _hashes(edition: Path) -> dict[str, str]:
    return {stem: hashlib.sha256((edition / "tei" / f"{stem}.xml").read_bytes()).hexdigest()
            for stem in stems(edition)}


def test_from_until_on_file_times(tmp_path: Path, serve: Callable[[ASGIApp], str]) -> None:
    edition = make_edition(tmp_path)
    old = min(stems(edition))
    then = datetime(2020, 5, 17, 8, 30, 0, tzinfo=UTC).timestamp()
    os.utime(edition / "tei" / f"{old}.xml", (then, then))
    base = serve(create_app(edition))
    with httpx.Client(base_url=base) as session:
        def ids(**window: str) -> list[str]:
            root = get(session, verb="ListIdentifiers", metadataPrefix="oai_dc", **window)
            return identifiers(root) if error_code(root) is None else []

        assert ids(until="2020-05-17") == [f"oai:teipipe:{old}"]
        assert ids(until="2020-05-17T08:30:00Z") == [f"oai:teipipe:{old}"]
        assert ids(until="2020-05-17T08:29:59Z") == []
        assert f"oai:teipipe:{old}" not in ids(**{"from": "2020-05-17T08:30:01Z"})
        assert ids(**{"from": "2020-05-17", "until": "2020-05-17"}) == [f"oai:teipipe:{old}"]
        root = get(session, verb="Identify")
        assert root.findtext("oai:Identify/oai:earliestDatestamp", namespaces=NS) == \
            "2020-05-17T08:30:00Z"


def test_deleted_records_persist(tmp_path: Path, serve: Callable[[ASGIApp], str]) -> None:
    edition = make_edition(tmp_path)
    first = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    history = update_records({}, _hashes(edition), first)
    write_records(edition / RECORDS_FILE, history)
    gone = min(stems(edition))
    (edition / "tei" / f"{gone}.xml").unlink()
    later = first + timedelta(days=3)
    write_records(edition / RECORDS_FILE, update_records(history, _hashes(edition), later))
    base = serve(create_app(edition, OaiSettings(page_size=PAGE)))
    sickle = Sickle(f"{base}/oai")
    headers = {h.identifier: h for h in sickle.ListIdentifiers(metadataPrefix="oai_dc")}
    assert headers[f"oai:teipipe:{gone}"].deleted
    assert headers[f"oai:teipipe:{gone}"].datestamp == datestamp(later)
    assert {h.datestamp for i, h in headers.items() if i != f"oai:teipipe:{gone}"} == \
        {datestamp(first)}
    assert sum(not h.deleted for h in headers.values()) == len(stems(edition))
    with httpx.Client(base_url=base) as session:
        since = get(session, verb="ListRecords", metadataPrefix="tei",
                    **{"from": datestamp(later)})
        assert identifiers(since) == [f"oai:teipipe:{gone}"]
        record = get(session, verb="GetRecord", identifier=f"oai:teipipe:{gone}",
                     metadataPrefix="oai_dc")
        header = record.find(".//oai:header", NS)
        assert header is not None and header.get("status") == "deleted"
        assert record.find(".//oai:metadata", NS) is None
        formats = get(session, verb="ListMetadataFormats", identifier=f"oai:teipipe:{gone}")
        assert error_code(formats) == "noMetadataFormats"


def test_token_expires_when_the_edition_changes(tmp_path: Path,
                                                serve: Callable[[ASGIApp], str]) -> None:
    edition = make_edition(tmp_path)
    base = serve(create_app(edition, OaiSettings(page_size=PAGE)))
    with httpx.Client(base_url=base) as session:
        root = get(session, verb="ListIdentifiers", metadataPrefix="oai_dc")
        token = str(root.findtext("oai:ListIdentifiers/oai:resumptionToken", namespaces=NS))
        assert error_code(get(session, verb="ListIdentifiers", resumptionToken=token)) is None
        (edition / "tei" / f"{max(stems(edition))}.xml").unlink()
        assert error_code(get(session, verb="ListIdentifiers", resumptionToken=token)) == \
            "badResumptionToken"
    with pytest.raises(BadResumptionToken):
        list(Sickle(f"{base}/oai").ListIdentifiers(resumptionToken=token))


def test_unreadable_history_is_a_server_error(tmp_path: Path,
                                              serve: Callable[[ASGIApp], str]) -> None:
    edition = make_edition(tmp_path)
    (edition / RECORDS_FILE).parent.mkdir()
    (edition / RECORDS_FILE).write_text("{not json", encoding="utf-8")
    response = httpx.get(serve(create_app(edition)) + "/oai?verb=Identify")
    assert response.status_code == 500
    assert "records.json" in response.text and "Traceback" not in response.text


# --- the record history -----------------------------------------------------------------------

T0 = datetime(2025, 1, 1, 12, 0, 0, 999, tzinfo=UTC)
T1 = T0 + timedelta(hours=1)
T2 = T0 + timedelta(hours=2)


def _stamps(history: dict[str, Any]) -> dict[str, tuple[str, bool]]:
    return {stem: (r["datestamp"], r["deleted"]) for stem, r in history["records"].items()}


def test_update_records_tracks_changes_and_deletions() -> None:
    h0 = update_records({}, {"a": "1", "b": "2", "c": "3"}, T0)
    assert _stamps(h0) == {s: ("2025-01-01T12:00:00Z", False) for s in "abc"}
    h1 = update_records(h0, {"a": "1", "b": "22"}, T1)
    assert _stamps(h1) == {"a": ("2025-01-01T12:00:00Z", False),
                           "b": ("2025-01-01T13:00:00Z", False),
                           "c": ("2025-01-01T13:00:00Z", True)}
    h2 = update_records(h1, {"a": "1", "b": "22", "c": "3"}, T2)
    assert _stamps(h2)["c"] == ("2025-01-01T14:00:00Z", False)  # back: a new datestamp
    h3 = update_records(h1, {"a": "1"}, T2)
    assert _stamps(h3)["c"] == ("2025-01-01T13:00:00Z", True)  # stays deleted, keeps its time
    assert _stamps(h3)["b"] == ("2025-01-01T14:00:00Z", True)
    assert update_records(h3, {"a": "1"}, T2 + timedelta(days=1)) == h3


def test_update_records_is_pure_and_normalises_time() -> None:
    previous = update_records({}, {"a": "1"}, T0)
    snapshot = repr(previous)
    berlin = datetime(2025, 1, 1, 15, 0, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    after = update_records(previous, {"a": "2"}, berlin)
    assert repr(previous) == snapshot
    assert after["records"]["a"]["datestamp"] == "2025-01-01T14:00:00Z"


def test_records_file_round_trip_and_refusals(tmp_path: Path) -> None:
    path = tmp_path / RECORDS_FILE
    assert read_records(path) == {}
    history = update_records({}, {"a": "1"}, T0)
    write_records(path, history)
    assert read_records(path) == history
    for broken in ('{"version": 2, "records": {}}', "[]",
                   '{"version": 1, "records": {"a": {"datestamp": "yesterday"}}}'):
        path.write_text(broken, encoding="utf-8")
        with pytest.raises(RecordsError):
            read_records(path)


def test_unchanged_history_is_not_rewritten(tmp_path: Path) -> None:
    path = tmp_path / RECORDS_FILE
    history = update_records({}, {"a": "1"}, T0)
    write_records(path, history)
    os.utime(path, (0, 0))
    write_records(path, update_records(history, {"a": "1"}, T1))
    assert path.stat().st_mtime == 0
    write_records(path, update_records(history, {"a": "2"}, T1))
    assert path.stat().st_mtime > 0
