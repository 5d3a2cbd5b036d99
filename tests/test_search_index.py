"""The build-time search indexes: the SQLite FTS5 file and the static index for index.html."""

from __future__ import annotations

import itertools
import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from lxml import etree

from search_support import Edition, header, iso_date, make_edition, registered_names
from teipipe.resources import stylesheet
from teipipe.search import build_search_index, publish_search, write_static_search_index
from teipipe.search.index import fts5_available
from teipipe.search.query import connect_read_only
from teipipe.search.records import SearchRecord, fold, words
from teipipe.search.static import GLOBAL, static_index_script
from teipipe.transform import render, xslt


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Edition:
    return make_edition(tmp_path_factory.mktemp("edition"))


@pytest.fixture(scope="module")
def database(edition: Edition) -> Path:
    target = edition.out_dir / "search.sqlite"
    build_search_index(edition.documents, target, persons=edition.persons)
    return target


def rows(database: Path) -> dict[str, dict[str, str]]:
    with closing(connect_read_only(database)) as db:
        db.row_factory = sqlite3.Row
        return {row["stem"]: dict(row) for row in db.execute("SELECT * FROM documents")}


def load_static(script: bytes) -> dict[str, object]:
    text = script.decode("utf-8")
    prefix = f"window.{GLOBAL} = "
    assert text.startswith(prefix) and text.endswith(";\n")
    data = json.loads(text[len(prefix):-2])
    assert isinstance(data, dict)
    return data


def test_this_sqlite_has_fts5() -> None:
    assert fts5_available()


def test_every_document_is_indexed_with_its_header(edition: Edition, database: Path) -> None:
    indexed = rows(database)
    assert sorted(indexed) == sorted(doc.stem for doc in edition.documents)
    for document in edition.documents:
        row = indexed[document.stem]
        assert row["title"] == header(document, "//tei:titleStmt/tei:title[@type = 'main']")[0]
        assert row["date"] == iso_date(document)
        assert row["dateline"] == " ".join(header(document, "//tei:creation/tei:date"))
        assert row["kind"]
        for name in header(document, "//tei:particDesc//tei:persName") + registered_names(
            document, edition.persons
        ):
            assert name in row["people"], (document.name, name)
        assert row["text"] == render(document, "text").decode("utf-8")


def test_the_index_is_reproducible_and_replaced_whole(edition: Edition, tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "search.sqlite", tmp_path / "b" / "search.sqlite"
    second.parent.mkdir()
    second.write_bytes(b"an older index")
    build_search_index(edition.documents, first, persons=edition.persons)
    build_search_index(edition.documents, second, persons=edition.persons)
    assert first.read_bytes() == second.read_bytes()
    assert sorted(p.name for p in second.parent.iterdir()) == ["search.sqlite"]


def test_the_server_connection_cannot_write(database: Path) -> None:
    with closing(connect_read_only(database)) as db, pytest.raises(sqlite3.OperationalError):
        db.execute("DELETE FROM documents")


def test_static_index_lists_documents_and_their_words(edition: Edition, tmp_path: Path) -> None:
    target = tmp_path / "search-index.js"
    write_static_search_index(edition.documents, target, persons=edition.persons)
    data = load_static(target.read_bytes())
    documents = data["documents"]
    postings = data["words"]
    assert isinstance(documents, list) and isinstance(postings, dict)
    stems = [doc["stem"] for doc in documents]
    assert stems == sorted(document.stem for document in edition.documents)
    for position, document in enumerate(sorted(edition.documents)):
        entry = documents[position]
        assert entry["date"] == iso_date(document)
        assert set(registered_names(document, edition.persons)) <= set(entry["people"])
        expected = set(words(render(document, "text").decode("utf-8")))
        for field in (entry["title"], entry["dateline"], entry["kind"], *entry["people"]):
            expected |= set(words(field))
        assert expected == {word for word, gaps in postings.items()
                            if position in itertools.accumulate(gaps)}
    assert list(postings) == sorted(postings)
    assert all(word == fold(word) for word in postings)


def test_static_index_folds_case_and_diacritics() -> None:
    record = SearchRecord("d1", "Talks with Dorticós", "1962-10-27", "October 27, 1962",
                          "Memorandum", ("Osvaldo Dorticós Torrado",), "ÉCOLE straße")
    data = load_static(static_index_script([record]))
    postings = data["words"]
    assert isinstance(postings, dict)
    assert {"dorticos", "ecole", "straße", "1962", "27", "osvaldo"} <= set(postings)
    assert "Dorticós" not in postings and "dorticós" not in postings


def test_static_index_cannot_break_out_of_a_script() -> None:
    hostile = "</script><script>alert(1)</script><!-- \u2028 \u2029"
    record = SearchRecord("d1", hostile, "", "", "Memorandum", (hostile,), hostile)
    script = static_index_script([record])
    text = script.decode("utf-8")
    assert "<" not in text and "\u2028" not in text and "\u2029" not in text
    data = load_static(script)
    documents = data["documents"]
    assert isinstance(documents, list)
    assert documents[0]["title"] == hostile


def test_publish_writes_both_indexes_and_the_script(edition: Edition, tmp_path: Path) -> None:
    written = publish_search(edition.documents, tmp_path, persons=edition.persons)
    assert [p.relative_to(tmp_path).as_posix() for p in written] == [
        "search.sqlite", "search-index.js", "html/search.js"]
    assert (tmp_path / "html" / "search.js").read_bytes() == stylesheet("search.js").read_bytes()
    assert len(rows(tmp_path / "search.sqlite")) == len(edition.documents)


@pytest.mark.parametrize("with_persons", [True, False])
def test_the_record_stylesheet_is_portable_xslt(edition: Edition, with_persons: bool) -> None:
    """Saxon agrees with libxslt on tei-to-search.xsl, with and without a personography."""
    saxonche = pytest.importorskip("saxonche")

    def canonical(data: bytes) -> bytes:
        parser = etree.XMLParser(remove_blank_text=True)
        return etree.tostring(etree.fromstring(data, parser), method="c14n")

    with saxonche.PySaxonProcessor(license=False) as saxon:
        compiler = saxon.new_xslt30_processor()
        executable = compiler.compile_stylesheet(
            stylesheet_file=str(stylesheet("tei-to-search.xsl")))
        for document in edition.documents[:4]:
            params = {"stem": document.stem,
                      "personography": edition.persons.as_uri() if with_persons else ""}
            for key, value in params.items():
                executable.set_parameter(key, saxon.make_string_value(value))
            ours = xslt.to_bytes(xslt.apply("tei-to-search.xsl", xslt.parse(document), params))
            theirs = executable.transform_to_string(source_file=str(document))
            assert canonical(theirs.encode("utf-8")) == canonical(ours)
            assert (b"<person " in ours) == bool(header(document, "//tei:particDesc//tei:person"))


def test_records_read_in_runs_equal_records_read_one_by_one(
    edition: Edition, monkeypatch: pytest.MonkeyPatch
) -> None:
    """read_records reads many documents in one run of tei-to-search.xsl (the personography
    once); each record is the one the document gives alone, and in runs shorter than the
    corpus too."""
    from teipipe.search import records

    alone = [records.read_record(document, edition.persons) for document in edition.documents]
    monkeypatch.setattr(records, "CHUNK", 3)
    together = records.read_records(edition.documents, edition.persons)
    assert together == sorted(alone, key=lambda record: record.stem)
    assert any(record.people for record in together)


def test_a_file_that_is_not_tei_has_no_record(edition: Edition, tmp_path: Path) -> None:
    from teipipe.search import records

    stray = tmp_path / "stray.xml"
    stray.write_text("<notes><note>not a TEI document</note></notes>", encoding="utf-8")
    with pytest.raises(xslt.TransformError, match="each must be a TEI document"):
        records.read_records([edition.documents[0], stray], edition.persons)
