"""The stylesheets are plain XSLT 1.0: Saxon (saxonche) gives what lxml/libxslt gives."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree, html

from teipipe.resources import stylesheet
from teipipe.transform import corpus, xslt
from transform_support import DOCUMENTS, PERSONS

saxonche = pytest.importorskip("saxonche", reason="saxonche (Saxon/C) is not installed")


@pytest.fixture(scope="module")
def saxon() -> Iterator[Any]:
    with saxonche.PySaxonProcessor(license=False) as processor:
        yield processor


def run_saxon(saxon: Any, name: str, source: Path, params: dict[str, str]) -> str:
    compiler = saxon.new_xslt30_processor()
    executable = compiler.compile_stylesheet(stylesheet_file=str(stylesheet(name)))
    for key, value in params.items():
        executable.set_parameter(key, saxon.make_string_value(value))
    result: str = executable.transform_to_string(source_file=str(source.resolve()))
    return result


def run_lxml(name: str, source: Path, params: dict[str, str]) -> bytes:
    return xslt.to_bytes(xslt.apply(name, xslt.parse(source), params))


def same_html(a: str | bytes, b: str | bytes) -> bool:
    def tree(source: str | bytes) -> bytes:
        return etree.tostring(html.document_fromstring(source), method="html", encoding="UTF-8")

    return tree(a) == tree(b)


CASES = [
    ("tei-to-html.xsl", {}),
    ("tei-to-html.xsl", {"print": "yes", "css-base": "file:///css/"}),
    ("tei-to-html.xsl", {"index-href": "../index.html"}),
]


@pytest.mark.parametrize("tei", DOCUMENTS, ids=lambda p: p.stem)
@pytest.mark.parametrize(("name", "params"), CASES, ids=["screen", "print", "linked"])
def test_same_html(saxon: Any, tei: Path, name: str, params: dict[str, str]) -> None:
    assert same_html(run_saxon(saxon, name, tei, params), run_lxml(name, tei, params))


@pytest.mark.parametrize("tei", DOCUMENTS, ids=lambda p: p.stem)
def test_same_text(saxon: Any, tei: Path) -> None:
    assert run_saxon(saxon, "tei-to-text.xsl", tei, {}) == run_lxml(
        "tei-to-text.xsl", tei, {}
    ).decode("utf-8")


@pytest.mark.parametrize("tei", DOCUMENTS, ids=lambda p: p.stem)
def test_same_dublin_core(saxon: Any, tei: Path) -> None:
    def canonical(source: str | bytes) -> bytes:
        data = source.encode("utf-8") if isinstance(source, str) else source
        parser = etree.XMLParser(remove_blank_text=True)
        return etree.tostring(etree.fromstring(data, parser), method="c14n")

    params = {"stem": tei.stem}
    assert canonical(run_saxon(saxon, "tei-to-dc.xsl", tei, params)) == canonical(
        run_lxml("tei-to-dc.xsl", tei, params)
    )


@pytest.mark.parametrize("name", ["corpus-index.xsl", "corpus-volume.xsl"])
def test_same_corpus_pages(saxon: Any, tmp_path: Path, name: str) -> None:
    listing = tmp_path / "corpus.xml"
    listing.write_bytes(corpus.listing(list(DOCUMENTS), tmp_path, PERSONS))
    params = {"print": "yes"} if name == "corpus-volume.xsl" else {}
    assert same_html(run_saxon(saxon, name, listing, params), run_lxml(name, listing, params))


@pytest.mark.parametrize("tei", DOCUMENTS, ids=lambda p: p.stem)
def test_same_typst_markup(saxon: Any, tei: Path) -> None:
    assert run_saxon(saxon, "tei-to-typst.xsl", tei, {}) == run_lxml(
        "tei-to-typst.xsl", tei, {}
    ).decode("utf-8")


def test_same_volume_markup(saxon: Any, tmp_path: Path) -> None:
    listing = tmp_path / "corpus.xml"
    listing.write_bytes(corpus.listing(list(DOCUMENTS), tmp_path, PERSONS))
    name = "corpus-volume-typst.xsl"
    assert run_saxon(saxon, name, listing, {}) == run_lxml(name, listing, {}).decode("utf-8")


def test_same_typst_markup_for_hostile_text(saxon: Any, tmp_path: Path) -> None:
    """libxslt escapes with EXSLT's str:replace and skips the chunking of text without long
    words (str:tokenize); Saxon has neither and takes the XSLT 1.0 recursion. Both must write
    the same markup for every character Typst reads as syntax, and break a 5,000-letter word
    at the same places."""
    from test_transform_hostile import hostile_tei

    tei = hostile_tei(tmp_path)
    markup = run_lxml("tei-to-typst.xsl", tei, {}).decode("utf-8")
    assert "#brk;" in markup  # the long word is broken: the slow path ran too
    assert run_saxon(saxon, "tei-to-typst.xsl", tei, {}) == markup
