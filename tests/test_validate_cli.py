"""`teipipe validate`: exit codes, formats (parsed, not eyeballed), schema selection, catalog
resolution, parallel runs and hostile input."""

# ruff: noqa: E501  (hostile documents and report lines are quoted whole)

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from teipipe.cli import main
from teipipe.validate import validate_paths
from teipipe.validate.catalog import load_catalog, resolve_href
from validate_helpers import FIXTURES, VALID, line_of, mutate

LINE = r"^(?P<file>.+):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning|info): (?P<message>.+) \[(?P<rule>[^\]]+)\]$"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", *args])
    return result.exit_code, result.output


@pytest.fixture
def broken(tmp_path: Path) -> tuple[Path, int]:
    """A copy of the telegram fixture with a leftover footnote marker (Schematron error)."""
    path, text = mutate(tmp_path, "telegram.xml", "him.</p>", "him.(5)</p>")
    return path, line_of(text, "him.(5)")


def test_valid_files_exit_0_with_a_summary() -> None:
    status, output = run(*map(str, VALID))
    assert status == 0, output
    assert output.splitlines()[-1].startswith(f"{len(VALID)} file(s) checked, 0 with errors")


def test_errors_exit_1_in_the_documented_line_format(broken: tuple[Path, int]) -> None:
    import re

    path, line = broken
    status, output = run(str(path))
    assert status == 1
    problems = [re.match(LINE, row) for row in output.splitlines()[:-1]]
    assert all(problems), output
    assert ("leftover-marker", str(line), "error") in {
        (m["rule"], m["line"], m["severity"]) for m in problems if m
    }


def test_warnings_pass_unless_strict(tmp_path: Path) -> None:
    path, _ = mutate(tmp_path, "telegram.xml", "<term>Eyes Only</term>", "<term>Burn</term>")
    assert run(str(path))[0] == 0
    assert run("--strict", str(path))[0] == 1


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run(str(tmp_path / "missing.xml"))[0] == 2
    assert run("--format", "yaml", str(VALID[0]))[0] == 2
    assert run("--schema", str(tmp_path / "none.rng"), str(VALID[0]))[0] == 2
    other = tmp_path / "schema.dtd"
    other.write_text("<!ELEMENT TEI ANY>")
    assert run("--schema", str(other), str(VALID[0]))[0] == 2


def test_json_report(broken: tuple[Path, int]) -> None:
    path, line = broken
    status, output = run("--format", "json", str(path))
    assert status == 1
    problems = json.loads(output)
    assert all(
        set(p) == {"file", "line", "column", "severity", "rule", "layer", "message"}
        for p in problems
    )
    assert {
        "file": str(path),
        "line": line,
        "rule": "leftover-marker",
        "layer": "schematron",
    }.items() <= next(p for p in problems if p["rule"] == "leftover-marker").items()


def test_junit_report_has_a_testcase_per_file_and_a_failure_per_error(
    broken: tuple[Path, int],
) -> None:
    path, _ = broken
    status, output = run("--format", "junit", str(path), str(VALID[0]))
    assert status == 1
    suites = etree.fromstring(output.encode())
    cases = suites.findall("testsuite/testcase")
    assert [c.get("name") for c in cases] == [str(path), str(VALID[0])]
    failures = cases[0].findall("failure")
    assert [f.get("type") for f in failures] == ["leftover-marker"]
    assert suites.find("testsuite").get("failures") == "1"
    assert cases[1].find("failure") is None


def test_github_annotations(broken: tuple[Path, int]) -> None:
    path, line = broken
    status, output = run("--format", "github", str(path))
    assert status == 1
    annotations = [row for row in output.splitlines() if row.startswith("::")]
    assert f"::error file={path},line={line},title=leftover-marker::" in "\n".join(annotations)
    assert all(row.split(" ", 1)[0] in {"::error", "::warning", "::notice"} for row in annotations)


def test_explicit_schemas_replace_the_xml_model_ones(broken: tuple[Path, int]) -> None:
    path, _ = broken
    status, output = run("--schema", "teipipe.xsd", str(path))  # a shipped schema by name
    assert (status, output.splitlines()[-1].split(":")[0]) == (
        0,
        "1 file(s) checked, 0 with errors",
    )


def test_schematron_given_with_schema(tmp_path: Path, broken: tuple[Path, int]) -> None:
    path, line = broken
    status, output = run("--format", "json", "--schema", "teipipe.sch", str(path))
    assert status == 1
    assert {(p["rule"], p["line"]) for p in json.loads(output)} >= {("leftover-marker", line)}


def test_rng_errors_carry_line_and_column(tmp_path: Path) -> None:
    path, text = mutate(tmp_path, "telegram.xml", 'rend="period"', 'rend="dots"')
    [problem] = validate_paths([path])
    assert (problem.layer, problem.rule, problem.line) == (
        "relaxng",
        "teipipe.rng",
        line_of(text, "dots"),
    )
    assert problem.column > 0


def test_folders_are_expanded_and_parallel_runs_agree(tmp_path: Path) -> None:
    for fixture in VALID:
        shutil.copy(fixture, tmp_path / fixture.name)
    mutate(tmp_path, "telegram.xml", "him.</p>", "him.(5)</p>")
    serial = validate_paths([tmp_path])
    assert serial == validate_paths([tmp_path], jobs=2)
    assert {p.file for p in serial if p.severity == "error"} == {str(tmp_path / "telegram.xml")}


def test_an_unusable_schema_is_one_problem_on_the_schema(tmp_path: Path) -> None:
    schema = tmp_path / "bad.sch"
    schema.write_text(
        '<schema xmlns="http://purl.oclc.org/dsdl/schematron"><pattern><rule context="a"><assert test="(">x</assert></rule></pattern></schema>'
    )
    [problem] = validate_paths(VALID, schemas=[schema])
    assert (problem.file, problem.layer, problem.rule) == (
        str(schema),
        "schema-loading",
        "schema-unusable",
    )


# ---------------------------------------------------------------------------- catalog


def test_the_catalog_maps_our_uris_to_the_shipped_schemas() -> None:
    for name in ("teipipe.rng", "teipipe.sch", "teipipe.xsd"):
        resolved = resolve_href(f"https://teipipe.org/schemas/1/{name}", VALID[0])
        assert resolved is not None and resolved.name == name and resolved.is_file()


def test_unmapped_uris_warn_and_are_never_fetched(tmp_path: Path) -> None:
    unknown = "http://schemas.example.org/release/elsewhere.rng"
    assert resolve_href(unknown, VALID[0]) is None
    path, text = mutate(
        tmp_path, "telegram.xml", "https://teipipe.org/schemas/1/teipipe.rng", unknown
    )
    problems = validate_paths([path])
    # the Schematron PI still applies, so the document was validated: a warning only
    assert [(p.rule, p.severity, p.line) for p in problems] == [
        ("xml-model-unresolved", "warning", line_of(text, unknown))
    ]


def test_relative_hrefs_resolve_against_the_document(tmp_path: Path) -> None:
    shutil.copy(FIXTURES.parents[2] / "schemas" / "teipipe.rng", tmp_path / "local.rng")
    path, _ = mutate(
        tmp_path, "telegram.xml", "https://teipipe.org/schemas/1/teipipe.rng", "local.rng"
    )
    assert resolve_href("local.rng", path) == (tmp_path / "local.rng").resolve()
    broken, _ = mutate(tmp_path, "telegram.xml", 'rend="period"', 'rend="dots"')
    broken.write_text(
        broken.read_text().replace("https://teipipe.org/schemas/1/teipipe.rng", "local.rng")
    )
    assert [p.rule for p in validate_paths([broken])] == ["local.rng"]


def test_catalog_entries(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.xml"
    catalog.write_text(
        '<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">'
        '<uri name="urn:x:exact" uri="exact.rng"/>'
        '<rewriteURI uriStartString="http://a/" rewritePrefix="short/"/>'
        '<rewriteURI uriStartString="http://a/b/" rewritePrefix="long/"/>'
        '<uriSuffix uriSuffix="/tail.sch" uri="tail.sch"/></catalog>'
    )
    loaded = load_catalog(catalog)
    base = tmp_path.as_uri()
    assert loaded.resolve("urn:x:exact") == f"{base}/exact.rng"
    assert loaded.resolve("http://a/b/c.rng") == f"{base}/long/c.rng"
    assert loaded.resolve("http://a/c.rng") == f"{base}/short/c.rng"
    assert loaded.resolve("http://z/tail.sch") == f"{base}/tail.sch"
    assert loaded.resolve("http://elsewhere/") is None


# ---------------------------------------------------------------------- hostile input

HOSTILE = {
    "xxe": '<?xml version="1.0"?><!DOCTYPE TEI [<!ENTITY x SYSTEM "file:///etc/passwd">]><TEI xmlns="http://www.tei-c.org/ns/1.0">&x;</TEI>',
    "laughs": '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><TEI xmlns="http://www.tei-c.org/ns/1.0">&d;</TEI>',
    "external-dtd": '<?xml version="1.0"?><!DOCTYPE TEI SYSTEM "http://example.org/tei.dtd"><TEI xmlns="http://www.tei-c.org/ns/1.0"/>',
    "not-xml": "<TEI><unclosed></TEI>",
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_documents_are_refused_with_a_clear_error(tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.xml"
    path.write_text(HOSTILE[name])
    [problem] = validate_paths([path])
    assert (problem.layer, problem.severity) == ("wellformed", "error")
    assert "passwd" not in problem.message and "lollol" not in problem.message
    if name != "not-xml":
        assert problem.rule == "doctype-refused"


def test_fidelity_layer_reports_lost_words(tmp_path: Path) -> None:
    """A raw input next to the TEI folder (raw/<stem>.txt) is compared word for word."""
    pytest.importorskip("teipipe.fidelity")
    repo = FIXTURES.parents[2]
    stem = "000_03d16a86b0456ebe"
    if not (repo / "raw" / f"{stem}.txt").is_file() or not (repo / "tei" / f"{stem}.xml").is_file():
        pytest.skip("the encoded seed and its raw input are not in this checkout")
    (tmp_path / "tei").mkdir()
    (tmp_path / "raw").mkdir()
    shutil.copy(repo / "raw" / f"{stem}.txt", tmp_path / "raw")
    tei = (repo / "tei" / f"{stem}.xml").read_text(encoding="utf-8")
    target = tmp_path / "tei" / f"{stem}.xml"
    target.write_text(tei, encoding="utf-8")
    assert [p for p in validate_paths([target]) if p.layer == "fidelity"] == []
    target.write_text(tei.replace("wound up very promptly", "wound up promptly"), encoding="utf-8")
    lost = [p for p in validate_paths([target]) if p.layer == "fidelity"]
    assert lost and all(p.severity == "error" and p.rule == "text-fidelity" for p in lost)
    assert any("'very'" in p.message for p in lost)
    assert [
        p for p in validate_paths([target], raw_dir=tmp_path / "tei") if p.layer == "fidelity"
    ] == []


def test_a_link_out_of_the_folder_is_refused_unless_followed(tmp_path: Path) -> None:
    """teipipe validate collects a folder as the build does: a link in it that leads outside
    is an error naming it (and exit 1), not a file silently checked or skipped."""
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(FIXTURES / "telegram.xml", outside / "elsewhere.xml")
    folder = tmp_path / "tei"
    folder.mkdir()
    shutil.copy(FIXTURES / "meeting.xml", folder / "meeting.xml")
    (folder / "linked.xml").symlink_to(outside / "elsewhere.xml")

    status, output = run(str(folder))
    assert status == 1
    [refusal] = [line for line in output.splitlines() if "[input-refused]" in line]
    assert refusal.startswith(str(folder / "linked.xml")) and "error" in refusal

    status, output = run("--follow-symlinks", str(folder))
    assert status == 0 and "2 file(s) checked" in output, output
