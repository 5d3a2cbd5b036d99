"""The Schematron layer: ISO Schematron compiled to XSLT 3.0 and run on Saxon-HE in-process.

Why Saxon and not a Python XPath engine: projects write Schematron for an XSLT 2/3 host
(`current()`, `key()`, `xsl:function`, `=>`, maps, `tokenize($s)`), and only an XSLT processor
runs all of it as their editors do. It is faster too: on teipipe's own rules about 7 times
faster per document than the elementpath engine it replaces, and faster than SchXslt on the
same Saxon, as it writes only failures (`scripts/bench_schematron.py` compares the two).

A schema is compiled once (`xslt/schematron-compile.xsl` turns it into a stylesheet, Saxon
compiles that) for a phase; each document is handed to Saxon as text and the SVRL it returns
becomes `Problem`s. Saxon-HE cannot tell line numbers, so each failure carries the positions of
its elements (`/*[1]/*[3]`), which lead to the node on teipipe's lxml tree and so to its line.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import islice
from pathlib import Path

from lxml import etree

from teipipe import resources
from teipipe.validate import saxon
from teipipe.validate.problems import Problem, normalize_severity
from teipipe.validate.schematron_source import SchematronError, embedded_schema, load_schema

__all__ = ["SchematronError", "SchematronValidator", "embedded_schematron"]

SVRL = "http://purl.oclc.org/dsdl/svrl"
#: The stylesheet that compiles a Schematron schema to XSLT (its verdicts depend on it).
COMPILER = "schematron-compile.xsl"
_FAILURES = (f"{{{SVRL}}}failed-assert", f"{{{SVRL}}}successful-report")
_STEP = re.compile(r"\*\[(\d+)\]")
# What makes a rule depend on the document's own URI: the functions that read it, document()
# (which resolves a node's value against that node's base URI), and stylesheet code that is
# not in the compiled text. Without any of them a document is handed to Saxon without a base
# URI, which costs a twentieth of the layer's time (doc() and friends resolve against the
# schema's location either way).
_USES_DOCUMENT_URI = re.compile(
    r"base-uri|document-uri|\bdocument\s*\(|xsl:(?:import|include|use-package)\b|xml:base"
)


@cache
def _compiler() -> saxon.PyXsltExecutable:
    return saxon.compile_xslt(resources.stylesheet(COMPILER))


class SchematronValidator:
    """A compiled ISO Schematron schema; compile once, validate many documents.

    `phase`: a phase id, `#ALL`, or None for the schema's default phase (`#DEFAULT`).
    `rule_prefix` goes before every rule id in problems: embedded rules are named after the
    grammar that carries them (`tei_all.rng#...`), so a report says which schema found what.
    `schema`: the schema already gathered (the rules of a grammar), instead of reading `path`.
    """

    layer = "schematron"

    def __init__(
        self,
        path: Path,
        *,
        phase: str | None = None,
        rule_prefix: str = "",
        schema: etree._Element | None = None,
    ) -> None:
        self.path = path
        self.phase = phase or "#DEFAULT"
        self.rule_prefix = rule_prefix
        source = load_schema(path) if schema is None else schema
        text = etree.tostring(source, encoding="unicode")
        try:
            compiler = _compiler()
            compiler.set_parameter("phase", saxon.processor().make_string_value(self.phase))
            stylesheet = compiler.transform_to_string(xdm_node=saxon.parse(text, path))
            self._executable = saxon.compile_xslt(text=stylesheet, base=path)
            self._with_uri = bool(_USES_DOCUMENT_URI.search(stylesheet))
        except saxon.PySaxonApiError as error:
            raise SchematronError(f"{path}: {_saxon_message(error)}") from None

    def validate(self, tree: etree._ElementTree, file: str) -> list[Problem]:
        text = etree.tostring(tree, encoding="unicode")
        try:
            document = saxon.parse(text, Path(file) if self._with_uri else None)
            svrl = self._executable.transform_to_string(xdm_node=document)
        except saxon.PySaxonApiError as error:
            message = f"Schematron could not be evaluated: {_saxon_message(error)}"
            line = int(getattr(tree.getroot(), "sourceline", 0) or 0)
            rule = f"{self.rule_prefix}schematron"
            return [Problem(file, line, 0, "error", rule, "schematron", message)]
        if svrl is None:
            return []
        return self._problems(etree.fromstring(svrl.encode("utf-8")), tree, file)

    def _problems(
        self, report: etree._Element, tree: etree._ElementTree, file: str
    ) -> list[Problem]:
        problems = []
        for failure in report.iter(*_FAILURES):
            rule = next(
                (name for key in ("id", "rule", "pattern") if (name := failure.get(key))),
                "schematron",
            )
            line = _line(tree, failure.get("location", ""))
            error = failure.get("error")
            if error is not None:
                message = f"Schematron test could not be evaluated: {error}"
                severity = normalize_severity(None)
            else:
                # the message, then its diagnostics and properties
                message = " ".join(" ".join(map(str, failure.itertext())).split())
                severity = normalize_severity(failure.get("role"))
            problems.append(
                Problem(file, line, 0, severity, self.rule_prefix + rule, "schematron", message)
            )
        return problems


@cache
def embedded_schematron(rng_path: Path) -> SchematronValidator | None:
    """The Schematron rules a RELAX NG grammar carries (ODD output: `sch:pattern`/`sch:rule`),
    compiled, or None when it has none. Cached per schema file, for the runner to call whenever
    it validates against an `.rng`. Rule ids are prefixed with the grammar's name and `#`.
    """
    schema = embedded_schema(rng_path)
    if schema is None:
        return None
    return SchematronValidator(rng_path, rule_prefix=f"{rng_path.name}#", schema=schema)


def _line(tree: etree._ElementTree, location: str) -> int:
    """The line of the element a location path (`/*[1]/*[3]`) leads to on our tree."""
    element = tree.getroot()
    for step in _STEP.findall(location)[1:]:
        child = next(islice(element.iterchildren(etree.Element), int(step) - 1, None), None)
        if child is None:
            break
        element = child
    return int(getattr(element, "sourceline", 0) or 0)


def _saxon_message(error: Exception) -> str:
    return " ".join(str(error).split())
