"""The citation scheme on a made-up document: numbering, xml:ids, what is not cited."""

from __future__ import annotations

import shutil
from pathlib import Path

from lxml import etree
from starlette.applications import Starlette

from serve_support import http_client, serving
from teipipe.serve.dts import routes
from teipipe.serve.dts_citations import CiteStructure, build
from test_serve_dts import DTS, NS, get_json

STRUCTURE = Path(__file__).parent / "fixtures" / "dts" / "structure.xml"


def test_units_are_numbered_by_position_or_cited_by_xml_id() -> None:
    tree = build(etree.parse(str(STRUCTURE)).getroot())
    assert [(u.identifier, u.level, u.parent, u.cite_type, u.label) for u in tree.units] == [
        ("1", 1, None, "document", "Letter"),
        ("1.1", 2, "1", "paragraph", None),
        ("1.2", 2, "1", "speech", "A"),
        ("1.2.1", 3, "1.2", "paragraph", None),
        ("1.2.2", 3, "1.2", "paragraph", None),
        ("att", 2, "1", "attachment", "Enclosure"),
        ("1.3.1", 3, "att", "paragraph", None),
        ("2", 1, None, "division", None),
        ("2.1", 2, "2", "paragraph", None),
    ]
    assert [u.identifier for u in tree.subtree(tree.by_id["1.2"])] == ["1.2", "1.2.1", "1.2.2"]
    paragraph = CiteStructure("paragraph", ())
    assert tree.structure == (
        CiteStructure(
            "document",
            (
                paragraph,
                CiteStructure("speech", (paragraph,)),
                CiteStructure("attachment", (paragraph,)),
            ),
        ),
        CiteStructure("division", (paragraph,)),
    )


def test_an_xml_id_reference_works_through_the_api(tmp_path: Path) -> None:
    (tmp_path / "tei").mkdir()
    shutil.copy(STRUCTURE, tmp_path / "tei" / "letter.xml")
    with serving(Starlette(routes=routes(tmp_path))) as base, http_client(base) as http:
        units = get_json(http, "/api/dts/navigation", "navigation", resource="letter", ref="att")
        assert units["ref"]["dublinCore"] == {"title": [{"lang": "en", "value": "Enclosure"}]}
        response = http.get("/api/dts/document", params={"resource": "letter", "ref": "att"})
        root = etree.fromstring(response.content)
        (div,) = root.find(f"{{{DTS}}}wrapper")
        assert div.get("{http://www.w3.org/XML/1998/namespace}id") == "att"
        assert root.findtext("tei:teiHeader//tei:title[@type='main']", None, NS)
