"""Schematron as projects write it (tests/fixtures/schematron/): includes, abstract patterns and
rules, phases, lets, diagnostics, properties, xsl:function/xsl:key, current(), `=>`, maps,
`context="/"`, `role="nonfatal"`; the rules RELAX NG grammars embed (tei_all.rng's too); the
CLI with phases and worker processes; and, when SchXslt is at hand, the same verdicts as SchXslt.

The expected findings were worked out by hand from the comments of features.sch and
embedded.rng, line by line of document.xml.
"""

from __future__ import annotations

import http.server
import multiprocessing
import os
import pickle
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from lxml import etree

from teipipe import resources
from teipipe.cli import main
from teipipe.validate import saxon
from teipipe.validate.parsing import parse_document
from teipipe.validate.problems import Problem
from teipipe.validate.schematron import (
    SchematronError,
    SchematronValidator,
    embedded_schematron,
)
from teipipe.validate.schematron_source import embedded_schema
from validate_helpers import FIXTURES, VALID, line_of, mutate

HERE = Path(__file__).resolve().parent / "fixtures" / "schematron"
FEATURES = HERE / "features.sch"
DOCUMENT = HERE / "document.xml"
EMBEDDED = HERE / "embedded.rng"

MAIN = [
    ("has-body", 2, "error"),
    ("title-short", 4, "warning"),
    ("long-para", 8, "info"),
    ("ref-key", 8, "error"),
    ("rend-spaces", 9, "error"),
    ("required-attribute", 10, "error"),
    ("item-sequence", 12, "error"),
    ("item-word", 12, "error"),
    ("when-alone", 14, "warning"),
]
PEDANTIC = [("pedantic-p", 8, "error"), ("pedantic-p", 9, "error")]


def findings(problems: list[Problem]) -> list[tuple[str, int, str]]:
    return sorted((p.rule, p.line, p.severity) for p in problems)


def document() -> etree._ElementTree:
    parsed = parse_document(DOCUMENT)
    assert parsed.tree is not None
    return parsed.tree


@pytest.mark.parametrize(
    ("phase", "expected"),
    [(None, MAIN), ("#DEFAULT", MAIN), ("#ALL", MAIN + PEDANTIC), ("pedantic", PEDANTIC)],
)
def test_each_construct_fires_where_worked_out(
    phase: str | None, expected: list[tuple[str, int, str]]
) -> None:
    problems = SchematronValidator(FEATURES, phase=phase).validate(document(), "d.xml")
    assert findings(problems) == sorted(expected)
    assert {p.layer for p in problems} == {"schematron"}


def test_messages_carry_names_values_diagnostics_and_properties() -> None:
    problems = SchematronValidator(FEATURES).validate(document(), "d.xml")
    messages = {p.rule: p.message for p in problems}
    assert messages["ref-key"] == (
        "The ref points nowhere. (target: #p9) Links within the document."
    )
    assert messages["required-attribute"] == "list lacks a type."  # is-a params substituted
    assert messages["long-para"] == "The paragraph has 4 words."  # xsl:function
    assert messages["item-word"] == 'Item 3 reads "three".'


def test_phase_lets_and_unknown_phases(tmp_path: Path) -> None:
    schema = tmp_path / "phases.sch"
    schema.write_text(
        '<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2" '
        'defaultPhase="strict"><ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/>'
        '<phase id="strict"><let name="limit" value="1"/><active pattern="p"/></phase>'
        '<pattern id="p"><rule context="tei:p"><assert id="short" test="string-length(.) le '
        '$limit">long</assert></rule></pattern></schema>',
        encoding="utf-8",
    )
    assert findings(SchematronValidator(schema).validate(document(), "d")) == [
        ("short", 8, "error"),
        ("short", 9, "error"),
    ]
    with pytest.raises(SchematronError, match="nowhere"):
        SchematronValidator(schema, phase="nowhere")


@pytest.mark.parametrize(
    "body",
    [
        '<pattern is-a="missing"/>',
        '<pattern documents="\'other.xml\'"><rule context="tei:p"><report test="true()">x'
        "</report></rule></pattern>",
        '<pattern><rule context="tei:p">'
        '<assert test="true()" diagnostics="nope">x</assert></rule></pattern>',
        '<pattern><rule context="tei:p"><extends rule="loop"/></rule>'
        '<rule abstract="true" id="loop"><extends rule="loop"/></rule></pattern>',
        '<pattern><rule context="tei:p"><assert test="f:undeclared(.)">x</assert></rule></pattern>',
    ],
)
def test_broken_schemas_are_refused_when_compiled(tmp_path: Path, body: str) -> None:
    schema = tmp_path / "broken.sch"
    schema.write_text(
        '<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt3">'
        '<ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/><ns prefix="f" uri="urn:f"/>'
        f"{body}</schema>",
        encoding="utf-8",
    )
    with pytest.raises(SchematronError):
        SchematronValidator(schema).validate(document(), "d")


def test_dynamic_errors_in_xpath2_contexts_and_tests_become_problems(tmp_path: Path) -> None:
    schema = tmp_path / "dynamic.sch"
    schema.write_text(
        '<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">'
        '<ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/><pattern>'
        "<rule context=\"tei:p[matches(., '^\\w+\\.$')]\">"
        '<assert id="int" test="xs:integer(.) gt 0">x</assert>'
        '<report id="fine{1}" test="true()">y</report></rule></pattern></schema>',
        encoding="utf-8",
    )
    problems = SchematronValidator(schema).validate(document(), "d")
    # braces in an id stay braces (the compiled stylesheet must not read them as an AVT)
    assert findings(problems) == [("fine{1}", 9, "error"), ("int", 9, "error")]
    assert "could not be evaluated" in {p.rule: p.message for p in problems}["int"]
    assert pickle.loads(pickle.dumps(problems)) == problems


@pytest.mark.parametrize(
    "test",
    [
        "ends-with(base-uri(.), '/folder/d.xml')",
        "ends-with(document-uri(/), '/folder/d.xml')",
        # document() resolves a relative URI against the base URI of the node it is given
        "exists(document('sibling.xml', /)/sibling)",
    ],
)
def test_rules_that_read_the_document_uri_see_the_file(tmp_path: Path, test: str) -> None:
    """A document is handed to Saxon without its URI only when no rule could read it."""
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "sibling.xml").write_text("<sibling/>", encoding="utf-8")
    schema = tmp_path / "uri.sch"
    schema.write_text(
        '<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt3">'
        '<ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/><pattern>'
        f'<rule context="/tei:TEI"><assert id="uri" test="{test}">x</assert></rule>'
        "</pattern></schema>",
        encoding="utf-8",
    )
    file = str(tmp_path / "folder" / "d.xml")
    assert SchematronValidator(schema).validate(document(), file) == []


# ------------------------------------------------------------------- embedded rules


def test_rules_embedded_in_a_grammar_run_named_after_it() -> None:
    rules = embedded_schematron(EMBEDDED)
    assert rules is not None
    assert embedded_schematron(EMBEDDED) is rules  # compiled once per schema file
    problems = rules.validate(document(), "d.xml")
    assert findings(problems) == [
        ("embedded.rng#item-numbered", 12, "error"),
        ("embedded.rng#when-constraint", 14, "warning"),  # role="nonfatal"
    ]


def test_a_grammar_without_rules_has_no_embedded_schematron() -> None:
    assert embedded_schematron(resources.schema("teipipe.rng")) is None


def test_embedded_rules_keep_the_grammars_namespace_declarations() -> None:
    schema = embedded_schema(EMBEDDED)
    assert schema is not None
    sch = {"sch": "http://purl.oclc.org/dsdl/schematron"}
    assert schema.xpath("sch:ns/@prefix", namespaces=sch) == ["tei"]
    assert schema.xpath("sch:pattern/@id", namespaces=sch) == ["item-numbered", "when-constraint"]


def test_tei_alls_own_rules_run(tei_all_path: Path, tmp_path: Path) -> None:
    """tei_all.rng's rules use current(): they compile, are silent on valid TEI and fire on a
    @when with a @notBefore (a nonfatal rule of att.datable.w3c)."""
    rules = embedded_schematron(tei_all_path)
    assert rules is not None
    for fixture in VALID:
        parsed = parse_document(fixture)
        assert parsed.tree is not None
        assert rules.validate(parsed.tree, str(fixture)) == []
    old = '<date when="1962-11-23T21:43:00-05:00">'
    path, text = mutate(tmp_path, "telegram.xml", old, old[:-1] + ' notBefore="1962-11-01">')
    parsed = parse_document(path)
    assert parsed.tree is not None
    found = findings(rules.validate(parsed.tree, str(path)))
    rule = "tei_all.rng#tei_all-att.datable.w3c-att-datable-w3c-when-constraint-rule-1"
    assert (rule, line_of(text, 'notBefore="1962-11-01"'), "warning") in found


# ------------------------------------------------------------------------------ CLI


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def rules_in(output: str) -> list[tuple[str, str]]:
    return re.findall(r"^.*?:(\d+):\d+: \w+: .* \[([^\]]+)\]$", output, re.MULTILINE)


def test_cli_phase_option_with_worker_processes(tmp_path: Path) -> None:
    copies = []
    for name in ("a.xml", "b.xml"):
        copies.append(tmp_path / name)
        copies[-1].write_bytes(DOCUMENT.read_bytes())
    status, output = run("-j", "2", "--phase", "#ALL", "--schema", str(FEATURES), *map(str, copies))
    assert status == 1
    assert "Traceback" not in output
    found = rules_in(output)
    assert found.count(("8", "pedantic-p")) == 2 and found.count(("14", "when-alone")) == 2
    status, output = run(
        "-j", "2", "--phase", "pedantic", "--schema", str(FEATURES), *map(str, copies)
    )
    assert {rule for _, rule in rules_in(output)} == {"pedantic-p"}


def test_cli_xpath2_context_with_worker_processes(tmp_path: Path) -> None:
    """An XPath 2 function in a rule context once crashed `-j 2` runs with a traceback."""
    schema = tmp_path / "xpath2.sch"
    schema.write_text(
        '<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">'
        '<ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/><pattern>'
        "<rule context=\"tei:p[matches(., '^\\w+\\.$')][tokenize(@rend) = 'bold']\">"
        '<report id="one-word" test="true()">one word</report></rule></pattern></schema>',
        encoding="utf-8",
    )
    copies = [tmp_path / "a.xml", tmp_path / "b.xml"]
    for copy in copies:
        copy.write_bytes(DOCUMENT.read_bytes())
    status, output = run("-j", "2", "--schema", str(schema), *map(str, copies))
    assert status == 1 and "Traceback" not in output
    assert rules_in(output) == [("9", "one-word"), ("9", "one-word")]


def test_cli_validation_against_a_grammar_runs_its_rules(tmp_path: Path) -> None:
    status, output = run("-j", "2", "--schema", str(EMBEDDED), str(DOCUMENT), str(VALID[0]))
    assert status == 1
    assert ("12", "embedded.rng#item-numbered") in rules_in(output)


def test_cli_broken_schema_with_worker_processes_is_a_problem_not_a_traceback(
    tmp_path: Path,
) -> None:
    schema = tmp_path / "bad.sch"
    schema.write_text(
        '<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2"><pattern>'
        '<rule context="tei:p"><assert test="count(">x</assert></rule>'
        "</pattern></schema>",
        encoding="utf-8",
    )
    status, output = run("-j", "2", "--schema", str(schema), str(DOCUMENT), str(VALID[0]))
    assert status == 1
    assert "Traceback" not in output and "schema-unusable" in output


# ----------------------------------------------------------------- against SchXslt

def schxslt() -> Path:
    """SchXslt's XSLT 2.0 pipeline (MIT; github.com/schxslt/schxslt, core/src/main/resources/
    xslt/2.0): from $SCHXSLT or tests/.cache/schxslt. Not shipped: a reference only."""
    folder = Path(os.environ.get("SCHXSLT", Path(__file__).parent / ".cache" / "schxslt"))
    pipeline = folder / "pipeline-for-svrl.xsl"
    if not pipeline.is_file():
        pytest.skip(f"SchXslt not found ({pipeline}): set SCHXSLT to its xslt/2.0 folder")
    return pipeline


_EQNAME_STEP = re.compile(r"Q\{([^}]*)\}([^/\[]+)\[(\d+)\]")


def schxslt_findings(
    schema: Path, tree: etree._ElementTree, phase: str = "#DEFAULT"
) -> list[tuple[str, int]]:
    """(assert id, line) of what SchXslt reports; its locations are path()s (EQName steps)."""
    compiler = saxon.compile_xslt(schxslt())
    compiler.set_parameter("phase", saxon.processor().make_string_value(phase))
    stylesheet = compiler.transform_to_string(xdm_node=saxon.parse(schema.read_text(), schema))
    executable = saxon.compile_xslt(text=stylesheet, base=schema)
    svrl = etree.fromstring(
        executable.transform_to_string(
            xdm_node=saxon.parse(etree.tostring(tree, encoding="unicode"))
        ).encode()
    )
    found = []
    ns = {"svrl": "http://purl.oclc.org/dsdl/svrl"}
    for failure in svrl.xpath("svrl:failed-assert | svrl:successful-report", namespaces=ns):
        element = tree.getroot()
        for uri, local, index in _EQNAME_STEP.findall(failure.get("location"))[1:]:
            element = element.findall(f"{{{uri}}}{local}")[int(index) - 1]
        found.append((failure.get("id", ""), element.sourceline))
    return sorted(found)


def ours(
    schema: Path, tree: etree._ElementTree, phase: str = "#DEFAULT"
) -> list[tuple[str, int]]:
    problems = SchematronValidator(schema, phase=phase).validate(tree, "x")
    return sorted((p.rule, p.line) for p in problems)


@pytest.mark.parametrize("phase", ["#DEFAULT", "#ALL", "pedantic"])
def test_same_verdicts_as_schxslt_on_the_features(phase: str) -> None:
    assert ours(FEATURES, document(), phase) == schxslt_findings(FEATURES, document(), phase)


def test_same_verdicts_as_schxslt_with_teipipes_rules(tmp_path: Path) -> None:
    schxslt()
    schema = resources.schema("teipipe.sch")
    path, _ = mutate(tmp_path, "telegram.xml", "him.</p>", "him.(5) Back</p>")
    for document_path in [*VALID, path, FIXTURES / "meeting.xml"]:
        parsed = parse_document(document_path)
        assert parsed.tree is not None
        assert ours(schema, parsed.tree) == schxslt_findings(schema, parsed.tree)


def test_same_lines_as_schxslt_with_tei_alls_embedded_rules(
    tei_all_path: Path, tmp_path: Path
) -> None:
    """tei_all's rules have no ids: compare the lines of what each engine finds."""
    schxslt()
    schema = embedded_schema(tei_all_path)
    assert schema is not None
    extracted = tmp_path / "tei_all-rules.sch"
    extracted.write_bytes(etree.tostring(schema))
    old = '<date when="1962-11-23T21:43:00-05:00">'
    path, _ = mutate(tmp_path, "telegram.xml", old, old[:-1] + ' notBefore="1962-11-01">')
    parsed = parse_document(path)
    assert parsed.tree is not None
    rules = embedded_schematron(tei_all_path)
    assert rules is not None
    lines = sorted(p.line for p in rules.validate(parsed.tree, str(path)))
    assert lines and lines == [line for _, line in schxslt_findings(extracted, parsed.tree)]


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Serves <x/> to any GET and counts the requests (in a shared counter)."""

    requests: Any = None

    def do_GET(self) -> None:
        with self.requests.get_lock():
            self.requests.value += 1
        body = b"<x/>"
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def _serve(server: http.server.HTTPServer) -> None:
    server.serve_forever()


def test_rules_read_local_files_but_never_the_network(tmp_path: Path) -> None:
    """doc() of a local file works; of an http URL (a real server on 127.0.0.1, in its own
    process: Saxon holds the interpreter while it fetches) it is refused, no request made."""
    context = multiprocessing.get_context("fork")
    _Recorder.requests = context.Value("i", 0)
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    process = context.Process(target=_serve, args=(server,), daemon=True)
    process.start()
    try:
        (tmp_path / "local.xml").write_text("<x/>", encoding="utf-8")
        url = f"http://127.0.0.1:{server.server_address[1]}/remote.xml"
        schema = tmp_path / "fetch.sch"
        schema.write_text(
            '<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">'
            '<pattern><rule context="/">'
            f"<report id=\"remote\" test=\"doc-available('{url}')\">fetched</report>"
            "<report id=\"local\" test=\"doc-available('local.xml')\">read</report>"
            "</rule></pattern></schema>",
            encoding="utf-8",
        )
        problems = SchematronValidator(schema).validate(document(), str(tmp_path / "d.xml"))
    finally:
        process.terminate()
        process.join()
        server.server_close()
    assert [p.rule for p in problems] == ["local"]
    assert _Recorder.requests.value == 0
