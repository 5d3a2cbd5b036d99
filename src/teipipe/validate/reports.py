"""Problem lists as reports: for people (text), programs (json), CI dashboards (junit),
GitHub pull requests (github workflow annotations) and code-scanning tools (sarif, SARIF 2.1.0).
Pure functions returning strings."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from lxml import etree

from teipipe.validate.problems import Problem

FORMATS = ("text", "json", "junit", "github", "sarif")


def text_report(problems: Sequence[Problem], files: Sequence[str]) -> str:
    """One `file:line:column: severity: message [rule]` line per problem, then a summary."""
    lines = [str(problem) for problem in problems]
    lines.append(summary(problems, files))
    return "\n".join(lines) + "\n"


def summary(problems: Sequence[Problem], files: Sequence[str]) -> str:
    counts = {s: sum(1 for p in problems if p.severity == s) for s in ("error", "warning", "info")}
    failed = len({p.file for p in problems if p.severity == "error"})
    return (
        f"{len(files)} file(s) checked, {failed} with errors: {counts['error']} error(s), "
        f"{counts['warning']} warning(s), {counts['info']} info"
    )


def json_report(problems: Sequence[Problem], files: Sequence[str]) -> str:
    """A JSON list of problem objects (file, line, column, severity, rule, layer, message)."""
    keys = ("file", "line", "column", "severity", "rule", "layer", "message")
    return json.dumps([{k: asdict(p)[k] for k in keys} for p in problems], indent=2) + "\n"


def junit_report(problems: Sequence[Problem], files: Sequence[str]) -> str:
    """JUnit XML: one testcase per file; a failure per error, warnings and info in system-out."""
    suite = etree.Element("testsuite", name="teipipe validate", tests=str(len(files)))
    failures = 0
    by_file: dict[str, list[Problem]] = {file: [] for file in files}
    for problem in problems:
        by_file.setdefault(problem.file, []).append(problem)
    for file, found in by_file.items():
        case = etree.SubElement(suite, "testcase", classname="teipipe.validate", name=file)
        notes = []
        for problem in found:
            if problem.severity == "error":
                failures += 1
                failure = etree.SubElement(
                    case, "failure", type=problem.rule, message=problem.message
                )
                failure.text = str(problem)
            else:
                notes.append(str(problem))
        if notes:
            etree.SubElement(case, "system-out").text = "\n".join(notes)
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suites = etree.Element("testsuites")
    suites.append(suite)
    return etree.tostring(
        suites, pretty_print=True, xml_declaration=True, encoding="UTF-8"
    ).decode()


def github_report(problems: Sequence[Problem], files: Sequence[str]) -> str:
    """GitHub Actions workflow commands (`::error file=...,line=...::message`)."""
    commands = {"error": "error", "warning": "warning", "info": "notice"}
    lines = []
    for p in problems:
        properties = [f"file={_property(p.file)}"]
        if p.line:
            properties.append(f"line={p.line}")
        if p.column:
            properties.append(f"col={p.column}")
        properties.append(f"title={_property(p.rule)}")
        lines.append(f"::{commands[p.severity]} {','.join(properties)}::{_data(p.message)}")
    lines.append(summary(problems, files))
    return "\n".join(lines) + "\n"


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def sarif_report(problems: Sequence[Problem], files: Sequence[str]) -> str:
    """SARIF 2.1.0: one run of teipipe with a rule per problem kind (Schematron rule id or
    schema), a result per problem; column 0 (unknown) leaves startColumn out."""
    rules: dict[str, dict[str, Any]] = {}
    for problem in problems:
        rules.setdefault(
            problem.rule,
            {
                "id": problem.rule,
                "shortDescription": {"text": f"{problem.layer} check {problem.rule}"},
                "properties": {"layer": problem.layer},
            },
        )
    index = {rule: number for number, rule in enumerate(rules)}
    results = [_sarif_result(problem, index[problem.rule]) for problem in problems]
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "teipipe validate",
                        "informationUri": "https://teipipe.org/",
                        "rules": list(rules.values()),
                    }
                },
                "artifacts": [{"location": {"uri": _uri(file)}} for file in files],
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _sarif_result(problem: Problem, rule_index: int) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": {"uri": _uri(problem.file)}}
    if problem.line:
        region = {"startLine": problem.line}
        if problem.column:
            region["startColumn"] = problem.column
        location["region"] = region
    return {
        "ruleId": problem.rule,
        "ruleIndex": rule_index,
        "level": _SARIF_LEVELS[problem.severity],
        "message": {"text": problem.message},
        "locations": [{"physicalLocation": location}],
    }


def _uri(file: str) -> str:
    """Relative paths stay relative URI references (what code scanning resolves against the
    checkout); absolute ones become file: URIs."""
    path = Path(file)
    return path.as_uri() if path.is_absolute() else path.as_posix()


REPORTERS: dict[str, Callable[[Sequence[Problem], Sequence[str]], str]] = {
    "text": text_report,
    "json": json_report,
    "junit": junit_report,
    "github": github_report,
    "sarif": sarif_report,
}
