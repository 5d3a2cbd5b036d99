"""`teipipe build --formats`: only the chosen outputs are made; the others are kept, not removed.

Also: the output pool starts its workers afresh, so a build with -j 2 in a process that has
already typeset (whose Typst thread pool a forked worker would inherit, locked) still ends.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_support import make_project, published, teipipe
from teipipe.build import build
from teipipe.build.outputs import FORMAT_KINDS, plan
from teipipe.transform import render
from transform_support import MEETING


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


def run(project: Path, formats: frozenset[str] | None, jobs: int = 1) -> None:
    report = build(tei_dir=project / "tei", out_dir=project / "build", raw_dir=project / "raw",
                   jobs=jobs, formats=formats)
    assert report.ok, report.failed or report.errors


def index_links(out: Path) -> set[str]:
    """The folders and files of the edition that index.html links to, past html/."""
    text = (out / "index.html").read_text(encoding="utf-8")
    return {href.split("/")[0] for href in re.findall(r'href="([^"#]+)"', text)}


def test_html_only_makes_no_pdf_and_keeps_the_old_ones(project: Path) -> None:
    out = project / "build"
    run(project, frozenset({"html"}))
    made = set(published(out))
    assert index_links(out) == {"html"}, "no link to a PDF or EPUB the edition lacks"
    assert any(name.startswith("html/") for name in made) and "index.html" in made
    assert "search.sqlite" in made
    assert not [name for name in made if name.startswith(("pdf/", "text/", "dc/", "bag/"))]
    assert "corpus.xml" not in made
    assert {f"tei/{stem}.xml" for stem in ("msc_cuba004", "persons")} <= made  # always

    run(project, frozenset({"pdf", "text"}))
    both = published(out)
    assert "pdf/corpus.pdf" in both and "text/msc_cuba004.txt" in both
    assert {name for name in made if name.startswith("html/")} <= set(both)  # kept

    (project / "raw" / "msc_cuba004.txt").write_text(
        (project / "raw" / "msc_cuba004.txt").read_text(encoding="utf-8") + "\nAdded.\n",
        encoding="utf-8")
    run(project, frozenset({"html"}))
    after = published(out)
    assert after["pdf/msc_cuba004.pdf"] == both["pdf/msc_cuba004.pdf"]  # not made, not removed
    assert after["html/msc_cuba004.html"] != both["html/msc_cuba004.html"]
    assert index_links(out) == {"html", "pdf"}, "the PDFs kept are linked; no EPUB was made"


def test_every_kind_belongs_to_a_format(tmp_path: Path) -> None:
    docs = [tmp_path / "a.xml", tmp_path / "b.xml"]
    every = {output.kind for output in plan(docs, tmp_path / "persons.xml")}
    assert every - {"listing"} <= set().union(*FORMAT_KINDS.values())
    only_dc = {output.kind for output in plan(docs, tmp_path / "persons.xml", (),
                                              frozenset({"dc"}))}
    assert only_dc == {"tei", "persons", "listing", "dc"}


def test_an_unknown_format_is_refused_before_anything_is_done(project: Path) -> None:
    with pytest.raises(ValueError, match="unknown output format postscript"):
        build(tei_dir=project / "tei", out_dir=project / "build", raw_dir=project / "raw",
              formats=frozenset({"html", "postscript"}))
    assert not (project / "build").exists()
    result = teipipe("build", "--formats", "html,postscript", cwd=project)
    assert result.returncode == 2 and "postscript" in result.stderr


def test_parallel_build_after_typesetting_in_this_process(project: Path) -> None:
    render(MEETING, "pdf")  # Typst's threads now run in this process
    run(project, frozenset({"pdf"}), jobs=2)
    assert (project / "build" / "pdf" / "corpus.pdf").stat().st_size > 0
