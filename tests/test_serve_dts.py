"""The DTS 1.0 API over a copy of the repository's TEI files, through a real uvicorn server.

Every JSON answer is checked against the DTS 1.0 schemas in tests/fixtures/dts/; expected
values (titles, references, passages) are worked out here from the TEI files themselves.
"""

from __future__ import annotations

import copy
import json
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
from jsonschema import Draft202012Validator
from lxml import etree
from referencing import Registry, Resource
from starlette.applications import Starlette
from uritemplate import URITemplate

from serve_support import http_client, serving
from teipipe.serve.dts import routes

REPO = Path(__file__).resolve().parents[1]
SCHEMAS = Path(__file__).parent / "fixtures" / "dts"
TEI = "http://www.tei-c.org/ns/1.0"
NS = {"tei": TEI}
DTS = "https://w3id.org/api/dts#"
CITED = {f"{{{TEI}}}div", f"{{{TEI}}}sp", f"{{{TEI}}}p"}
TAG_OF = {"speech": "sp", "paragraph": "p"}

Json = dict[str, Any]


# --- fixtures -------------------------------------------------------------------------------


def make_edition(root: Path) -> Path:
    """An edition folder holding only copies of the repository's TEI files."""
    (root / "tei").mkdir(parents=True)
    for path in sorted((REPO / "tei").glob("*.xml")):
        shutil.copy2(path, root / "tei" / path.name)
    return root


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_edition(tmp_path_factory.mktemp("dts") / "edition")


@pytest.fixture(scope="module")
def client(edition: Path) -> Iterator[httpx.Client]:
    with serving(Starlette(routes=routes(edition))) as base, http_client(base) as http:
        yield http


def _validators() -> dict[str, Draft202012Validator]:
    schemas = {path.name: json.loads(path.read_text()) for path in SCHEMAS.glob("*.json")}
    registry: Registry[Any] = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in schemas.values()
    )
    return {
        name.split(".")[0]: Draft202012Validator(schema, registry=registry)
        for name, schema in schemas.items()
    }


VALIDATORS = _validators()


def get_json(client: httpx.Client, url: str, schema: str, **params: Any) -> Json:
    """GET a DTS JSON answer, insisting on 200, JSON-LD and validity against `schema`."""
    # (httpx replaces a URL's query with `params` whenever it is given, even empty.)
    response = client.get(url, params=params) if params else client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/ld+json")
    body: Json = response.json()
    VALIDATORS[schema].validate(body)
    return body


def documents(edition: Path) -> dict[str, etree._ElementTree]:
    """The edition's TEI documents with a body, by file stem (what DTS must list)."""
    found = {}
    for path in sorted((edition / "tei").glob("*.xml")):
        tree = etree.parse(str(path))
        if tree.find("tei:text/tei:body", NS) is not None:
            found[path.stem] = tree
    return found


def cited_children(element: etree._Element) -> list[etree._Element]:
    if element.tag == f"{{{TEI}}}p":
        return []
    return [child for child in element if child.tag in CITED]


def resolve(tree: etree._ElementTree, identifier: str) -> etree._Element:
    """The element a reference names: by xml:id, or by positions among cited children."""
    by_id = tree.xpath("//*[@xml:id=$i]", i=identifier)
    if by_id:
        return by_id[0]
    element = tree.find("tei:text/tei:body", NS)
    for step in identifier.split("."):
        element = cited_children(element)[int(step) - 1]
    return element


def expected_units(
    element: etree._Element, level: int, parent: str | None, path: str
) -> list[tuple[str, int, str | None]]:
    """(identifier, level, parent) of the cited elements under `element`, in document order."""
    found: list[tuple[str, int, str | None]] = []
    for number, child in enumerate(cited_children(element), start=1):
        numbers = f"{path}.{number}" if path else str(number)
        ident = child.get("{http://www.w3.org/XML/1998/namespace}id") or numbers
        found.append((ident, level, parent))
        found.extend(expected_units(child, level + 1, ident, numbers))
    return found


def text(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


def wrapper_of(response: httpx.Response) -> etree._Element:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/tei+xml")
    root = etree.fromstring(response.content)
    assert root.tag == f"{{{TEI}}}TEI"
    wrapper = root.find(f"{{{DTS}}}wrapper")
    assert wrapper is not None
    return wrapper


def full_tree(client: httpx.Client, stem: str) -> list[Json]:
    body = get_json(client, "/api/dts/navigation", "navigation", resource=stem, down=-1)
    members: list[Json] = body["member"]
    return members


def deepest_document(client: httpx.Client, edition: Path) -> tuple[str, list[Json]]:
    """The document whose citation tree is deepest, with that tree."""
    trees = {stem: full_tree(client, stem) for stem in documents(edition)}
    stem = max(trees, key=lambda s: (max(u["level"] for u in trees[s]), s))
    return stem, trees[stem]


# --- entry point and collections ------------------------------------------------------------


def test_entry_point_gives_templates_that_lead_to_the_endpoints(client: httpx.Client) -> None:
    entry = get_json(client, "/api/dts", "entry")
    assert entry["dtsVersion"] == "1.0"
    assert entry["@type"] == "EntryPoint"
    assert get_json(client, "/api/dts/", "entry") == entry
    root = get_json(client, URITemplate(entry["collection"]).expand(), "collection")
    first = root["member"][0]["@id"]
    navigation = URITemplate(entry["navigation"]).expand(resource=first, down=1)
    assert get_json(client, navigation, "navigation")["resource"]["@id"] == first
    document = client.get(URITemplate(entry["document"]).expand(resource=first))
    assert document.status_code == 200
    assert document.headers["content-type"].startswith("application/tei+xml")


def test_root_collection_lists_every_document_under_the_shared_collection_title(
    client: httpx.Client, edition: Path
) -> None:
    docs = documents(edition)
    root = get_json(client, "/api/dts/collection", "collection")
    assert root["@type"] == "Collection"
    assert root["totalParents"] == 0
    assert root["totalChildren"] == len(docs) == len(root["member"])
    assert [member["@id"] for member in root["member"]] == sorted(docs)
    names = Counter(
        " ".join(tree.findtext(".//tei:titleStmt/tei:title[@type='collection']", "", NS).split())
        for tree in docs.values()
    )
    assert root["title"] == names.most_common(1)[0][0]
    assert get_json(client, "/api/dts/collection", "collection", id=root["@id"]) == root


def test_each_resource_carries_its_header_metadata_and_filled_templates(
    client: httpx.Client, edition: Path
) -> None:
    for stem, tree in documents(edition).items():
        resource = get_json(client, "/api/dts/collection", "collection", id=stem)
        assert resource["@type"] == "Resource"
        assert (resource["totalParents"], resource["totalChildren"]) == (1, 0)
        main = " ".join(tree.findtext(".//tei:titleStmt/tei:title[@type='main']", "", NS).split())
        assert resource["title"] == main
        assert resource["dublinCore"]["title"][0]["value"] == main
        when = tree.xpath("string(//tei:profileDesc/tei:creation/tei:date/@when)", namespaces=NS)
        if when:
            assert resource["dublinCore"]["date"] == [when[:10]]
        assert resource["mediaTypes"] == ["application/tei+xml"]
        assert (edition / resource["download"].lstrip("/")).is_file()
        assert resource["citationTrees"][0]["citeStructure"]
        nav = URITemplate(resource["navigation"]).expand(down=1)
        assert get_json(client, nav, "navigation")["resource"] == {
            key: value for key, value in resource.items() if key not in ("@context", "dtsVersion")
        }
        parents = URITemplate(resource["collection"]).expand(nav="parents")
        assert [m["@id"] for m in get_json(client, parents, "collection")["member"]] == ["edition"]


def test_the_root_collection_has_no_parents(client: httpx.Client) -> None:
    root = get_json(client, "/api/dts/collection", "collection", nav="parents")
    assert root["member"] == []
    assert root["totalParents"] == 0


def test_collection_pages_cover_every_member_once(tmp_path: Path) -> None:
    edition = make_edition(tmp_path / "edition")
    app = Starlette(routes=routes(edition, page_size=5))
    with serving(app) as base, http_client(base) as http:
        first = get_json(http, "/api/dts/collection", "collection")
        total = first["totalChildren"]
        pages = -(-total // 5)
        assert len(first["member"]) == 5
        assert first["view"]["last"].endswith(f"page={pages}")
        seen: list[str] = []
        url: str | None = first["view"]["first"]
        while url is not None:
            page = get_json(http, url, "collection")
            seen.extend(member["@id"] for member in page["member"])
            url = None if page["view"]["@id"] == page["view"]["last"] else page["view"]["next"]
        assert sorted(seen) == seen and len(seen) == len(set(seen)) == total
        assert http.get("/api/dts/collection", params={"page": pages + 1}).status_code == 404


# --- navigation -----------------------------------------------------------------------------


def test_full_citation_trees_follow_the_tei_structure(client: httpx.Client, edition: Path) -> None:
    for stem, tree in documents(edition).items():
        members = full_tree(client, stem)
        expected = expected_units(tree.find("tei:text/tei:body", NS), 1, None, "")
        assert [(m["identifier"], m["level"], m["parent"]) for m in members] == expected
        for member in members:
            element = resolve(tree, member["identifier"])
            kind = member["citeType"]
            assert etree.QName(element).localname == TAG_OF.get(kind, "div")


def test_down_ref_and_range_follow_the_specification_table(
    client: httpx.Client, edition: Path
) -> None:
    stem, members = deepest_document(client, edition)
    nav = "/api/dts/navigation"
    by_id = {m["identifier"]: m for m in members}
    top = [m for m in members if m["level"] == 1]
    inner = next(m for m in members if m["level"] == 2 and m["parent"] == top[0]["identifier"])
    ref = inner["identifier"]

    only = get_json(client, nav, "navigation", resource=stem, ref=ref)
    assert only["ref"] == by_id[ref] and "member" not in only

    siblings = get_json(client, nav, "navigation", resource=stem, ref=ref, down=0)
    assert siblings["member"] == [m for m in members if m["parent"] == inner["parent"]]

    children = get_json(client, nav, "navigation", resource=stem, ref=ref, down=1)
    assert children["member"] == [inner] + [m for m in members if m["parent"] == ref]

    below = get_json(client, nav, "navigation", resource=stem, ref=top[0]["identifier"], down=-1)
    first_outside = members.index(top[1]) if len(top) > 1 else len(members)
    assert below["member"] == members[:first_outside]

    for down in (1, 2):
        levels = get_json(client, nav, "navigation", resource=stem, down=down)
        assert levels["member"] == [m for m in members if m["level"] <= down]

    start, end = members[1], members[-1]
    both = get_json(
        client, nav, "navigation", resource=stem, start=start["identifier"], end=end["identifier"]
    )
    assert (both["start"], both["end"]) == (start, end) and "member" not in both
    ranged = get_json(
        client,
        nav,
        "navigation",
        resource=stem,
        start=start["identifier"],
        end=end["identifier"],
        down=1,
    )
    deepest = max(start["level"], end["level"]) + 1
    assert ranged["member"] == [m for m in members[1:] if m["level"] <= deepest]


# --- document -------------------------------------------------------------------------------


def test_every_reference_resolves_to_its_element(client: httpx.Client, edition: Path) -> None:
    for stem, tree in documents(edition).items():
        for member in full_tree(client, stem):
            response = client.get(
                "/api/dts/document", params={"resource": stem, "ref": member["identifier"]}
            )
            wrapper = wrapper_of(response)
            (passage,) = list(wrapper)
            original = resolve(tree, member["identifier"])
            assert passage.tag == original.tag
            assert dict(passage.attrib) == dict(original.attrib)
            assert text(passage) == text(original)
            people = set(wrapper.getparent().xpath(".//tei:person/@xml:id", namespaces=NS))
            for ref in passage.xpath(".//tei:persName/@ref", namespaces=NS):
                assert ref.removeprefix("#") in people


def test_a_range_holds_its_units_and_nothing_after_them(
    client: httpx.Client, edition: Path
) -> None:
    stem, members = deepest_document(client, edition)
    tree = documents(edition)[stem]
    leaves = [m for m in members if m["level"] == 3]
    start, end = leaves[0], leaves[2]
    after = members[members.index(end) + 1]
    response = client.get(
        "/api/dts/document",
        params={"resource": stem, "start": start["identifier"], "end": end["identifier"]},
    )
    wrapper = wrapper_of(response)
    got = text(wrapper)
    for member in members[members.index(start) : members.index(end) + 1]:
        if member["level"] == 3:
            assert text(resolve(tree, member["identifier"])) in got
    assert text(resolve(tree, after["identifier"])) not in got
    speeches = wrapper.findall(".//tei:sp", NS)
    assert speeches and all(sp.get("who") for sp in speeches)


def test_whole_document_is_the_published_file(client: httpx.Client, edition: Path) -> None:
    stem = next(iter(documents(edition)))
    response = client.get("/api/dts/document", params={"resource": stem, "tree": "ignored"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/tei+xml")
    assert response.content == (edition / "tei" / f"{stem}.xml").read_bytes()
    assert response.headers["link"] == f'</api/dts/collection?id={stem}>; rel="collection"'
    typed = client.get(
        "/api/dts/document", params={"resource": stem, "mediaType": "application/tei+xml"}
    )
    assert typed.content == response.content


# --- errors ---------------------------------------------------------------------------------

BAD = [
    ("/api/dts/navigation", {}, 400),
    ("/api/dts/navigation", {"resource": "{doc}"}, 400),
    ("/api/dts/navigation", {"resource": "{doc}", "down": 0}, 400),
    ("/api/dts/navigation", {"resource": "{doc}", "ref": "1", "start": "1", "end": "1"}, 400),
    ("/api/dts/navigation", {"resource": "{doc}", "start": "1"}, 400),
    ("/api/dts/navigation", {"resource": "{doc}", "start": "1", "end": "1", "down": 0}, 400),
    ("/api/dts/navigation", {"resource": "{doc}", "down": "deep"}, 400),
    ("/api/dts/navigation", {"resource": "{doc}", "down": -2}, 400),
    ("/api/dts/navigation", {"resource": "{doc}", "ref": ["1", "1"]}, 400),
    ("/api/dts/navigation", {"resource": "no-such-document", "down": 1}, 404),
    ("/api/dts/navigation", {"resource": "{doc}", "ref": "99.99"}, 404),
    ("/api/dts/navigation", {"resource": "{doc}", "down": 1, "tree": "pages"}, 404),
    ("/api/dts/document", {}, 400),
    ("/api/dts/document", {"resource": "{doc}", "ref": "1", "end": "1"}, 400),
    ("/api/dts/document", {"resource": "{doc}", "end": "1"}, 400),
    ("/api/dts/document", {"resource": "no-such-document"}, 404),
    ("/api/dts/document", {"resource": "{doc}", "ref": "99.99"}, 404),
    ("/api/dts/document", {"resource": "{doc}", "start": "1", "end": "0.1"}, 404),
    ("/api/dts/document", {"resource": "{doc}", "ref": "1", "tree": "pages"}, 404),
    ("/api/dts/document", {"resource": "{doc}", "mediaType": "text/html"}, 404),
    ("/api/dts/collection", {"id": "no-such-document"}, 404),
    ("/api/dts/collection", {"nav": "sideways"}, 400),
    ("/api/dts/collection", {"page": 0}, 400),
    ("/api/dts/collection", {"page": 1000}, 404),
]


@pytest.mark.parametrize(("path", "params", "status"), BAD)
def test_bad_requests_get_json_errors(
    client: httpx.Client, edition: Path, path: str, params: dict[str, Any], status: int
) -> None:
    doc = next(iter(documents(edition)))
    filled = {key: doc if value == "{doc}" else value for key, value in params.items()}
    response = client.get(path, params=filled)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["status"] == status and body["message"]
    assert "Traceback" not in response.text


def test_a_range_backwards_is_refused(client: httpx.Client, edition: Path) -> None:
    stem, members = deepest_document(client, edition)
    params = {"resource": stem, "start": members[-1]["identifier"], "end": members[0]["identifier"]}
    assert client.get("/api/dts/document", params=params).status_code == 400
    assert client.get("/api/dts/navigation", params=params).status_code == 400


# --- the schemas themselves ---------------------------------------------------------------

Mutation = Callable[[dict[str, Any]], None]

BROKEN: list[tuple[str, str, dict[str, Any], Mutation]] = [
    ("entry", "/api/dts", {}, lambda b: b.pop("dtsVersion")),
    ("entry", "/api/dts", {}, lambda b: b.update(dtsVersion="1-alpha")),
    ("entry", "/api/dts", {}, lambda b: b.update({"@type": "Entry"})),
    ("collection", "/api/dts/collection", {}, lambda b: b.pop("totalChildren")),
    ("collection", "/api/dts/collection", {}, lambda b: b["member"][0].pop("navigation")),
    ("collection", "/api/dts/collection", {}, lambda b: b["member"][0].update(title=3)),
    ("navigation", "/api/dts/navigation", {"down": 1}, lambda b: b["member"][0].pop("parent")),
    ("navigation", "/api/dts/navigation", {"down": 1}, lambda b: b["resource"].pop("document")),
    ("navigation", "/api/dts/navigation", {"ref": "1"}, lambda b: b.update(start=b["ref"])),
]


@pytest.mark.parametrize(("schema", "path", "params", "mutate"), BROKEN)
def test_the_schemas_refuse_answers_that_break_the_specification(
    client: httpx.Client,
    edition: Path,
    schema: str,
    path: str,
    params: dict[str, Any],
    mutate: Mutation,
) -> None:
    if schema == "navigation":
        params = {"resource": next(iter(documents(edition))), **params}
    body = get_json(client, path, schema, **params)
    broken = copy.deepcopy(body)
    mutate(broken)
    with pytest.raises(jsonschema.ValidationError):
        VALIDATORS[schema].validate(broken)


# --- the edition changing under the server --------------------------------------------------


def test_changed_added_and_hostile_files_are_seen_at_the_next_request(tmp_path: Path) -> None:
    edition = make_edition(tmp_path / "edition")
    stem = sorted(documents(edition))[0]
    path = edition / "tei" / f"{stem}.xml"
    with serving(Starlette(routes=routes(edition))) as base, http_client(base) as http:
        before = get_json(http, "/api/dts/collection", "collection")
        tree = etree.parse(str(path))
        title = tree.find(".//tei:titleStmt/tei:title[@type='main']", NS)
        title.text = "A title changed after the server started"
        tree.write(str(path), xml_declaration=True, encoding="UTF-8")
        shutil.copy2(path, edition / "tei" / "added_copy.xml")
        (edition / "tei" / "hostile.xml").write_text(
            '<?xml version="1.0"?>\n<!DOCTYPE TEI [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
            f'<TEI xmlns="{TEI}"><text><body><p>&x;</p></body></text></TEI>\n'
        )
        after = get_json(http, "/api/dts/collection", "collection")
        ids = [member["@id"] for member in after["member"]]
        assert after["totalChildren"] == before["totalChildren"] + 1
        assert "added_copy" in ids and "hostile" not in ids
        changed = get_json(http, "/api/dts/collection", "collection", id=stem)
        assert changed["title"] == "A title changed after the server started"
        assert http.get("/api/dts/document", params={"resource": "hostile"}).status_code == 404
