"""Static repository outputs of an edition: the BagIt bag, the teiCorpus, the OAI-PMH Static
Repository. Editions are made cheaply from the repository's tei/ folder (no full build)."""

from __future__ import annotations

import collections
import shutil
import zipfile
from datetime import date
from pathlib import Path

import bagit
import pytest
from lxml import etree

from teipipe import TEI_NS, XML_NS, __version__, resources
from teipipe.repository.bag import write_bag
from teipipe.repository.oai_static import (
    OAI_DC_NS,
    STATIC_REPOSITORY_NS,
    static_repository,
    validate,
)
from teipipe.repository.tei_corpus import tei_corpus
from teipipe.transform import xslt
from teipipe.transform.corpus import document_paths, listing
from teipipe.validate.xsd import XsdValidator
from validate_helpers import jing

REPO = Path(__file__).resolve().parents[1]
TEI = REPO / "tei"
NS = {"tei": TEI_NS}
XML_ID = f"{{{XML_NS}}}id"


def make_edition(out: Path, personography: bool = True) -> Path:
    """TEI copies of the repository's tei/ folder in `out`/tei and their listing; the listing."""
    (out / "tei").mkdir(parents=True)
    for source in sorted(TEI.glob("*.xml")):
        if personography or source.name != "persons.xml":
            shutil.copy2(source, out / "tei" / source.name)
    documents = document_paths([out / "tei"])
    persons = out / "tei" / "persons.xml" if personography else None
    (out / "listing.xml").write_bytes(listing(documents, out, persons))
    return out / "listing.xml"


@pytest.fixture
def edition(tmp_path: Path) -> Path:
    """An edition folder: the TEI and personography, a listing, the build record, a temporary."""
    out = tmp_path / "edition"
    make_edition(out)
    (out / "text").mkdir()
    (out / "text" / "a.txt").write_text("reading text\n", encoding="utf-8")
    (out / ".teipipe-build.json").write_text("{}", encoding="utf-8")
    (out / "text" / ".a.txt.123.tmp").write_text("half", encoding="utf-8")
    return out


INFO = {"Source-Organization": "teipipe tests", "External-Description": "Test edition"}

# ----------------------------------------------------------------------------------- BagIt


def _published(edition: Path) -> dict[str, int]:
    return {
        p.relative_to(edition).as_posix(): p.stat().st_size
        for p in edition.rglob("*")
        if p.is_file() and not p.name.startswith(".") and "bag" not in p.relative_to(edition).parts
    }


def test_bag_is_valid_bagit_1_0_with_the_whole_edition(edition: Path) -> None:
    target = write_bag(edition, edition / "bag", info=INFO)
    bag = bagit.Bag(str(target))
    bag.validate()
    assert (target / "bagit.txt").read_text(encoding="utf-8").startswith("BagIt-Version: 1.0\n")
    published = _published(edition)
    payload = {
        p.relative_to(target / "data").as_posix(): p.stat().st_size
        for p in (target / "data").rglob("*")
        if p.is_file()
    }
    assert payload == published
    assert set(bag.algorithms) == {"sha256", "sha512"}
    for name in ("manifest-sha256.txt", "manifest-sha512.txt",
                 "tagmanifest-sha256.txt", "tagmanifest-sha512.txt"):
        assert (target / name).is_file()
    assert bag.info["Payload-Oxum"] == f"{sum(published.values())}.{len(published)}"
    assert bag.info["Source-Organization"] == INFO["Source-Organization"]
    assert bag.info["External-Description"] == INFO["External-Description"]
    assert bag.info["Bag-Software-Agent"].startswith(f"teipipe {__version__}")
    assert len(bag.info["Bagging-Date"]) == 10


def test_a_flipped_byte_fails_validation(edition: Path) -> None:
    target = write_bag(edition, edition / "bag", info=INFO)
    victim = next((target / "data" / "tei").glob("msc_*.xml"))
    data = bytearray(victim.read_bytes())
    data[100] ^= 0x01
    victim.write_bytes(bytes(data))
    with pytest.raises(bagit.BagValidationError):
        bagit.Bag(str(target)).validate()


def test_rebagging_replaces_the_old_bag_and_leaves_no_temporaries(edition: Path) -> None:
    write_bag(edition, edition / "bag", info=INFO)
    (edition / "tei" / "persons.xml").unlink()
    target = write_bag(edition, edition / "bag", info=INFO)
    bagit.Bag(str(target)).validate()
    assert not (target / "data" / "tei" / "persons.xml").exists()
    assert not (target / "data" / "bag").exists()
    assert [p.name for p in edition.iterdir() if p.name.startswith(".bag")] == []


def test_rebagging_keeps_no_damage_and_shares_no_file_with_the_edition(edition: Path) -> None:
    """Files the old bag holds byte for byte are reused; a changed file, and a bag file that
    was damaged, are copied afresh, and the edition's own files are never linked into the bag."""
    write_bag(edition, edition / "bag", info=INFO)
    (edition / "text" / "a.txt").write_text("reading text, changed\n", encoding="utf-8")
    victim = next((edition / "bag" / "data" / "tei").glob("msc_*.xml"))
    damaged = bytearray(victim.read_bytes())
    damaged[100] ^= 0x01
    victim.write_bytes(bytes(damaged))
    target = write_bag(edition, edition / "bag", info=INFO)
    bagit.Bag(str(target)).validate()
    assert (target / "data" / "text" / "a.txt").read_text(encoding="utf-8") == (
        "reading text, changed\n")
    for path in edition.rglob("*"):
        if path.is_file() and "bag" not in path.relative_to(edition).parts:
            assert path.stat().st_nlink == 1, path


def test_zipped_bag_unzips_to_a_valid_bag_and_is_deterministic(
    edition: Path, tmp_path: Path
) -> None:
    first = tmp_path / "first.zip"
    write_bag(edition, tmp_path / "bag", zip_to=first, info={**INFO, "Bagging-Date": "2026-01-02"})
    second = tmp_path / "second.zip"
    write_bag(edition, tmp_path / "bag", zip_to=second, info={**INFO, "Bagging-Date": "2026-01-02"})
    assert first.read_bytes() == second.read_bytes()
    names = zipfile.ZipFile(first).namelist()
    assert names == sorted(names)
    unzipped = tmp_path / "unzipped"
    zipfile.ZipFile(first).extractall(unzipped)
    bag = bagit.Bag(str(unzipped / "bag"))
    bag.validate()
    assert bag.info["Bagging-Date"] == "2026-01-02"


# ------------------------------------------------------------------------------ teiCorpus


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    target = out / "corpus.xml"
    target.write_bytes(tei_corpus(make_edition(out / "edition")))
    return target


@pytest.fixture(scope="module")
def corpus(corpus_file: Path) -> etree._Element:
    return etree.parse(str(corpus_file)).getroot()


def _sources() -> list[etree._Element]:
    return [etree.parse(str(p)).getroot() for p in document_paths([TEI])]


def test_corpus_is_valid_against_teipipe_rng_and_xsd(corpus_file: Path) -> None:
    tree = etree.parse(str(corpus_file))
    rng = etree.RelaxNG(etree.parse(str(resources.schema("teipipe.rng"))))
    assert rng.validate(tree), str(rng.error_log)
    assert XsdValidator(resources.schema("teipipe.xsd")).validate(tree, corpus_file.name) == []


def test_corpus_is_valid_against_tei_all(corpus_file: Path, tei_all_path: Path) -> None:
    status, output = jing(tei_all_path, [corpus_file])
    assert status == 0, output


def test_corpus_holds_every_document_in_listing_order_text_unchanged(
    corpus: etree._Element,
) -> None:
    sources = _sources()
    members = corpus.findall("tei:TEI", NS)
    assert [m.get(XML_ID) for m in members] == [s.get(XML_ID) for s in sources]
    for member, source in zip(members, sources, strict=True):
        body = "tei:text/tei:body"
        assert etree.tostring(member.find(body, NS), method="text") == etree.tostring(
            source.find(body, NS), method="text"
        )


def test_ids_are_unique_and_local_pointers_resolve(corpus: etree._Element) -> None:
    ids = collections.Counter(e.get(XML_ID) for e in corpus.iter() if e.get(XML_ID))
    assert [i for i, n in ids.items() if n > 1] == []
    sources = {s.get(XML_ID): s for s in _sources()}
    for member in corpus.findall("tei:TEI", NS):
        source_ids = {e.get(XML_ID) for e in sources[member.get(XML_ID)].iter()}
        for element in member.iter(etree.Element):
            for name in ("ref", "who", "target", "corresp", "scheme", "sameAs"):
                for token in (element.get(name) or "").split():
                    if token.startswith("#") and token[1:] in source_ids:
                        assert token[1:] in ids, f"{member.get(XML_ID)}: {name}={token}"


def test_persons_of_the_personography_are_listed_once_and_pointed_at(
    corpus: etree._Element,
) -> None:
    people = etree.parse(str(TEI / "persons.xml")).getroot()
    known = [p.get(XML_ID) for p in people.iterfind(".//tei:person", NS)]
    header = corpus.find("tei:teiHeader", NS)
    assert [p.get(XML_ID) for p in header.iterfind(".//tei:listPerson/tei:person", NS)] == known
    header_ids = set(known)
    refs = 0
    for member in corpus.findall("tei:TEI", NS):
        prefix = member.get(XML_ID) + "-"
        for person in member.iterfind(".//tei:particDesc//tei:person", NS):
            own = person.get(XML_ID)
            assert own.startswith(prefix)
            if own[len(prefix):] in header_ids:
                assert person.get("sameAs") == "#" + own[len(prefix):]
        for name in member.iterfind(".//tei:persName[@ref]", NS):
            target = name.get("ref")[1:]
            assert target in header_ids or target.startswith(prefix)
            refs += target in header_ids
        keywords = member.find(".//tei:keywords", NS)
        if keywords is not None:
            taxonomy = member.find(".//tei:taxonomy", NS)
            assert keywords.get("scheme") == "#" + taxonomy.get(XML_ID)
    assert refs > 0


def test_corpus_header_says_what_the_documents_share(corpus: etree._Element) -> None:
    sources = _sources()
    collections_named = collections.Counter(
        s.findtext(".//tei:titleStmt/tei:title[@type='collection']", namespaces=NS)
        for s in sources
    )
    header = corpus.find("tei:teiHeader/tei:fileDesc", NS)
    assert header.findtext("tei:titleStmt/tei:title", namespaces=NS) == (
        collections_named.most_common(1)[0][0]
    )
    publishers = {s.findtext(".//tei:publisher", namespaces=NS) for s in sources}
    assert set(header.findtext(".//tei:publisher", namespaces=NS).split("; ")) == publishers
    licences = {s.find(".//tei:licence", NS).get("target") for s in sources}
    assert len(licences) == 1
    assert header.find(".//tei:licence", NS).get("target") in licences


def test_no_shared_licence_no_corpus_licence(tmp_path: Path) -> None:
    corpus_listing = make_edition(tmp_path / "edition")
    victim = next((tmp_path / "edition" / "tei").glob("msc_*.xml"))
    victim.write_bytes(
        victim.read_bytes().replace(b"publicdomain/mark/1.0/", b"licenses/by/4.0/")
    )
    root = etree.fromstring(tei_corpus(corpus_listing))
    assert root.find("tei:teiHeader//tei:licence", NS) is None
    assert len(root.findall("tei:TEI//tei:licence", NS)) == len(root.findall("tei:TEI", NS))


def test_corpus_without_personography_prefixes_every_person(tmp_path: Path) -> None:
    data = tei_corpus(make_edition(tmp_path / "edition", personography=False))
    root = etree.fromstring(data)
    assert root.find("tei:teiHeader/tei:profileDesc", NS) is None
    ids = [e.get(XML_ID) for e in root.iter() if e.get(XML_ID)]
    assert len(ids) == len(set(ids))
    for member in root.findall("tei:TEI", NS):
        member_ids = {e.get(XML_ID) for e in member.iter()}
        for turn in member.iterfind(".//tei:sp", NS):
            assert turn.get("who")[1:] in member_ids
        assert member.find(".//tei:person[@sameAs]", NS) is None
    rng = etree.RelaxNG(etree.parse(str(resources.schema("teipipe.rng"))))
    assert rng.validate(etree.fromstring(data).getroottree()), str(rng.error_log)


# ------------------------------------------------------------------- OAI Static Repository

SR = {"sr": STATIC_REPOSITORY_NS, "oai": "http://www.openarchives.org/OAI/2.0/",
      "oai_dc": OAI_DC_NS, "dc": "http://purl.org/dc/elements/1.1/", "tei": TEI_NS}
BASE = "https://example.org/cuba/"


@pytest.fixture(scope="module")
def repository_listing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_edition(tmp_path_factory.mktemp("oai") / "edition")


@pytest.fixture(scope="module")
def repository(repository_listing: Path) -> bytes:
    return static_repository(
        repository_listing, BASE, admin_email="editor@example.org", datestamp=date(2026, 3, 4)
    )


def test_static_repository_is_valid_against_the_static_repository_schema(
    repository: bytes,
) -> None:
    assert validate(repository) == []


def test_the_schema_rejects_what_a_static_repository_may_not_hold(repository: bytes) -> None:
    with_time = repository.replace(
        b"<oai:datestamp>2026-03-04</oai:datestamp>",
        b"<oai:datestamp>2026-03-04T10:00:00Z</oai:datestamp>", 1
    )
    assert with_time != repository and validate(with_time) != []
    bad_dc = repository.replace(b"<dc:type>Text</dc:type>", b"<dc:kind>Text</dc:kind>", 1)
    assert bad_dc != repository and validate(bad_dc) != []
    bad_tei = repository.replace(b"<publisher>", b"<publisher><hi>x</hi>", 1)
    assert bad_tei != repository and validate(bad_tei) != []


def test_identify_and_formats(repository: bytes, repository_listing: Path) -> None:
    root = etree.fromstring(repository)
    identify = root.find("sr:Identify", SR)
    assert identify.findtext("oai:baseURL", namespaces=SR) == BASE + "oai/static-repository.xml"
    assert identify.findtext("oai:adminEmail", namespaces=SR) == "editor@example.org"
    assert identify.findtext("oai:granularity", namespaces=SR) == "YYYY-MM-DD"
    assert identify.findtext("oai:earliestDatestamp", namespaces=SR) == "2026-03-04"
    corpus = etree.fromstring(tei_corpus(repository_listing))
    assert identify.findtext("oai:repositoryName", namespaces=SR) == corpus.findtext(
        "tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title", namespaces=NS
    )
    prefixes = root.xpath("sr:ListMetadataFormats/oai:metadataFormat/oai:metadataPrefix/text()",
                          namespaces=SR)
    assert prefixes == ["oai_dc", "tei"]
    assert [r.get("metadataPrefix") for r in root.findall("sr:ListRecords", SR)] == prefixes


def test_records_per_format_are_the_documents(repository: bytes) -> None:
    root = etree.fromstring(repository)
    stems = [p.stem for p in document_paths([TEI])]
    for records in root.findall("sr:ListRecords", SR):
        identifiers = records.xpath("oai:record/oai:header/oai:identifier/text()", namespaces=SR)
        assert identifiers == [f"oai:example.org:{stem}" for stem in stems]
        assert set(records.xpath("oai:record/oai:header/oai:datestamp/text()",
                                 namespaces=SR)) == {"2026-03-04"}
    headers = root.xpath("sr:ListRecords[@metadataPrefix='tei']/oai:record/oai:metadata/*",
                         namespaces=SR)
    for header, path in zip(headers, document_paths([TEI]), strict=True):
        source = etree.parse(str(path)).getroot().find("tei:teiHeader", NS)
        assert header.tag == source.tag
        assert " ".join(header.itertext()).split() == " ".join(source.itertext()).split()


def test_oai_dc_records_are_tei_to_dc_records(repository: bytes) -> None:
    root = etree.fromstring(repository)
    records = root.xpath("sr:ListRecords[@metadataPrefix='oai_dc']/oai:record/oai:metadata/*",
                         namespaces=SR)
    for record, path in zip(records, document_paths([TEI]), strict=True):
        alone = xslt.apply("tei-to-dc.xsl", xslt.parse(path),
                           {"base-url": BASE + "html/", "stem": path.stem}).getroot()
        assert [(e.tag, e.text) for e in record] == [(e.tag, e.text) for e in alone]
        assert record.findtext("dc:identifier[2]", namespaces=SR) == (
            f"{BASE}html/{path.stem}.html"
        )


def test_listing_datestamps_gateway_and_identifier(tmp_path: Path) -> None:
    corpus_listing = make_edition(tmp_path / "edition")
    tree = etree.parse(str(corpus_listing))
    entries = tree.findall("doc")
    entries[1].set("datestamp", "2025-01-31")
    tree.write(str(corpus_listing))
    data = static_repository(
        corpus_listing, "https://example.org/cuba", admin_email="editor@example.org",
        datestamp=date(2026, 3, 4), gateway_url="http://gateway.example.net/oai/",
        repository_identifier="cuba.example.org",
    )
    assert validate(data) == []
    root = etree.fromstring(data)
    assert root.findtext("sr:Identify/oai:baseURL", namespaces=SR) == (
        "http://gateway.example.net/oai/example.org/cuba/oai/static-repository.xml"
    )
    assert root.findtext("sr:Identify/oai:earliestDatestamp", namespaces=SR) == "2025-01-31"
    second = root.findall("sr:ListRecords[1]/oai:record", SR)[1]
    assert second.findtext("oai:header/oai:identifier", namespaces=SR) == (
        f"oai:cuba.example.org:{entries[1].get('stem')}"
    )
    assert second.findtext("oai:header/oai:datestamp", namespaces=SR) == "2025-01-31"
