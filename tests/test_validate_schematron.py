"""teipipe.sch, rule by rule (each breaks a valid fixture and expects its rule at its line),
and the Schematron engine itself."""

# ruff: noqa: E501  (XML literals are quoted exactly as they stand in the fixtures)

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from teipipe import resources
from teipipe.validate.parsing import parse_document
from teipipe.validate.problems import Problem
from teipipe.validate.schematron import SchematronError, SchematronValidator
from validate_helpers import VALID, line_of, mutate

TEI = "http://www.tei-c.org/ns/1.0"
OPENER = """        <opener>
          <dateline><date when="1962-11-09T16:15:00" type="conversation-or-meeting-date">November 9, 1962, 4:15 p.m.</date></dateline>
        </opener>
"""
CREATION = """      <creation><date when="1962-11-09T16:15:00" type="conversation-or-meeting-date">November 9, 1962, 4:15 p.m.</date></creation>
"""
TG_DATE = '<date when="1962-11-23T21:43:00-05:00">November 23, 1962, 9:43 p.m.</date></dateline>'

# (rule, severity, fixture, old, new, line anchor: the text whose line the problem must name;
#  None means the line of `new`, an int is an offset from the line of `new`)
CASES: list[tuple[str, str, str, str, str, str | int | None]] = [
    (
        "pointer-resolves",
        "error",
        "transcript.xml",
        'ref="#stevenson-adlai">Stevenson<',
        'ref="#nobody">Stevenson<',
        None,
    ),
    ("prefix-defined", "error", "telegram.xml", 'target="frus:d204"', 'target="fris:d204"', None),
    ("prefix-pattern", "error", "telegram.xml", 'target="frus:d204"', 'target="frus:x204"', None),
    (
        "safe-link-scheme",
        "error",
        "telegram.xml",
        'licence target="https://creativecommons.org/publicdomain/mark/1.0/"',
        'licence target=" JaVaScRiPt:alert(1)"',
        None,
    ),
    (
        "docid-from-filename",
        "warning",
        "meeting.xml",
        'xml:id="msc_cuba999">',
        'xml:id="msc_cuba998">',
        None,
    ),
    (
        "who-is-person",
        "error",
        "transcript.xml",
        '<sp who="#ball-george">',
        '<sp who="#classification">',
        None,
    ),
    (
        "speaker-one-person",
        "error",
        "transcript.xml",
        "<speaker>GWB</speaker>",
        "<speaker>AES</speaker>",
        '<sp who="#ball-george">',  # the turn that disagrees with the first AES
    ),
    (
        "speaker-matches-person",
        "warning",
        "transcript.xml",
        "<speaker>GB</speaker>",
        "<speaker>Rusk</speaker>",
        -1,
    ),
    (
        "speaker-separator",
        "error",
        "transcript.xml",
        "<speaker>GB</speaker>",
        "<speaker>GB:</speaker>",
        -1,
    ),
    (
        "person-referenced",
        "warning",
        "transcript.xml",
        '<persName ref="#kennedy-john">Kennedy</persName>',
        "Kennedy",
        '<person xml:id="kennedy-john">',
    ),
    (
        "persname-is-person",
        "error",
        "transcript.xml",
        '<persName ref="#kennedy-john">',
        '<persName ref="#classification">',
        None,
    ),
    (
        "variant-unambiguous",
        "warning",
        "persons.xml",
        '<persName type="variant">AES</persName>',
        '<persName type="variant">GB</persName>',
        '<person xml:id="ball-george">',
    ),
    (
        "occupation-order",
        "error",
        "persons.xml",
        'from="1961-12-04" to="1966-09-30"',
        'from="1966-12-04" to="1961-09-30"',
        None,
    ),
    (
        "footnote-sequence",
        "error",
        "telegram.xml",
        'n="3" place="foot" xml:id="d000_03d16a86b0456ebe-fn3"',
        'n="5" place="foot" xml:id="d000_03d16a86b0456ebe-fn5"',
        None,
    ),
    (
        "footnote-id",
        "error",
        "telegram.xml",
        'xml:id="d000_03d16a86b0456ebe-fn2"',
        'xml:id="fn2"',
        None,
    ),
    (
        "footnote-after-space",
        "error",
        "telegram.xml",
        'Deptel 1338,<note n="2"',
        'Deptel 1338, <note n="2"',
        None,
    ),
    (
        "footnote-gap-alone",
        "error",
        "meeting.xml",
        '<gap reason="missing-in-source"/></note>',
        '<gap reason="missing-in-source"/>lost</note>',
        None,
    ),
    (
        "footnote-nonempty",
        "error",
        "transcript.xml",
        ">The Executive Committee meeting.</note>",
        "></note>",
        None,
    ),
    (
        "footnote-text-missing",
        "warning",
        "meeting.xml",
        "Soviet Challenge",
        "Soviet Challenge",
        None,
    ),
    (
        "leftover-marker",
        "error",
        "telegram.xml",
        "and explain it to him.</p>",
        "and explain it to him.(5)</p>",
        None,
    ),
    (
        "leftover-marker-word",
        "warning",
        "telegram.xml",
        "and explain it to him.</p>",
        "and explain it to him(5).</p>",
        None,
    ),
    (
        "document-number",
        "error",
        "telegram.xml",
        '<div type="document" subtype="historical-document">',
        '<div type="document" subtype="historical-document" n="17">',
        None,
    ),
    (
        "truncated",
        "warning",
        "telegram.xml",
        "        </list>\n      </div>",
        '        </list>\n        <gap reason="truncated"/>\n      </div>',
        1,
    ),
    (
        "truncated-at-end",
        "error",
        "telegram.xml",
        "        <list type=\"ordered\" rend=\"period\">",
        '        <gap reason="truncated"/><list type="ordered" rend="period">',
        None,
    ),
    (
        "leftover-marker-spaced",
        "warning",
        "telegram.xml",
        "and explain it to him.</p>",
        "and explain it (5) to him.</p>",
        None,
    ),
    (
        "leftover-back",
        "error",
        "transcript.xml",
        "Printed as an attachment.</note>",
        "Printed as an attachment. Back</note>",
        None,
    ),
    (
        "leftover-footer",
        "error",
        "telegram.xml",
        "in this way.</p>",
        "in this way. 127 Wall Street, New Haven, CT 06511.</p>",
        None,
    ),
    (
        "date-iso",
        "error",
        "meeting.xml",
        'from="1962-10-25T16:40:00" to="1962-10-25T19:55:00" type="conversation-or-meeting-date">October 25, 1962, 4:40-7:55 p.m.</date></dateline>',
        'from="1962-10-25T16:40:00" to="1962-10-25T25:55:00" type="conversation-or-meeting-date">October 25, 1962, 4:40-7:55 p.m.</date></dateline>',
        None,
    ),
    ("date-no-z", "error", "telegram.xml", TG_DATE, TG_DATE.replace("-05:00", "Z"), None),
    (
        "offset-without-place",
        "error",
        "transcript.xml",
        '<dateline><date when="1962-11-09T16:15:00"',
        '<dateline><date when="1962-11-09T16:15:00-05:00"',
        None,
    ),
    ("offset-missing", "warning", "telegram.xml", TG_DATE, TG_DATE.replace("-05:00", ""), None),
    (
        "range-order",
        "error",
        "meeting.xml",
        '<dateline><date from="1962-10-25T16:40:00" to="1962-10-25T19:55:00"',
        '<dateline><date from="1962-10-25T19:55:00" to="1962-10-25T16:40:00"',
        None,
    ),
    (
        "date-agrees-with-text",
        "error",
        "telegram.xml",
        TG_DATE,
        TG_DATE.replace("1962-11-23", "1962-10-23"),
        None,
    ),
    ("creation-has-dateline", "error", "transcript.xml", OPENER, "", "<creation>"),
    (
        "creation-equals-dateline",
        "error",
        "transcript.xml",
        "4:15 p.m.</date></creation>",
        "4:16 p.m.</date></creation>",
        None,
    ),
    ("dateline-has-creation", "error", "transcript.xml", CREATION, "", "<dateline>"),
    (
        "meeting-date-type",
        "warning",
        "telegram.xml",
        TG_DATE,
        TG_DATE.replace('">', '" type="conversation-or-meeting-date">', 1),
        None,
    ),
    (
        "has-title",
        "error",
        "meeting.xml",
        '<title type="main">Summary Record of the Fifth Meeting of the Executive Committee of the National Security Council</title>',
        '<title type="main"></title>',
        '<div type="document"',
    ),
    (
        "head-is-title",
        "error",
        "telegram.xml",
        "<head>Telegram From the",
        "<head>Telegram To the",
        '<div type="document"',
    ),
    ("has-dateline", "warning", "transcript.xml", OPENER, "", '<div type="document"'),
    (
        "has-source",
        "warning",
        "meeting.xml",
        "Soviet Challenge",
        "Soviet Challenge",
        '<div type="document"',
    ),
    (
        "source-last-in-head",
        "error",
        "telegram.xml",
        "approved by Ball.</note></head>",
        "approved by Ball.</note>!</head>",
        None,
    ),
    (
        "source-label",
        "warning",
        "telegram.xml",
        '<note type="source">Source: Department',
        '<note type="source">Department',
        None,
    ),
    (
        "archival-in-source",
        "warning",
        "telegram.xml",
        '<bibl type="archival">Department of State',
        '<bibl type="archival">Department of Defense',
        '<note type="source">',
    ),
    (
        "classification-known",
        "warning",
        "telegram.xml",
        "<term>Eyes Only</term>",
        "<term>Burn Before Reading</term>",
        None,
    ),
    (
        "classification-alone",
        "error",
        "transcript.xml",
        "<term>No classification marking</term>",
        "<term>No classification marking</term><term>Secret</term>",
        None,
    ),
    (
        "classification-in-source",
        "warning",
        "telegram.xml",
        "<term>Sensitive</term>",
        "<term>Confidential</term>",
        None,
    ),
    (
        "telegram-opener-first",
        "error",
        "telegram.xml",
        '<p><seg type="telegram-opener">',
        '<p>Preface.</p><p><seg type="telegram-opener">',
        None,
    ),
    (
        "editorial-bracketed",
        "error",
        "transcript.xml",
        "(Memo written up separately)",
        "Memo written up separately",
        None,
    ),
    (
        "list-sequence",
        "warning",
        "telegram.xml",
        '<item n="2">If the Soviets',
        '<item n="3">If the Soviets',
        -2,
    ),
    (
        "not-empty",
        "warning",
        "telegram.xml",
        "<p>You should see Kuznetsov promptly to discuss next steps in effecting understanding of October 27 and 28.</p>",
        "<p></p>",
        None,
    ),
    (
        "turn-not-split",
        "error",
        "transcript.xml",
        "<p>I think the meeting has been called off.</p>",
        "<p>AES: I think the meeting has been called off.</p>",
        None,
    ),
]


@pytest.fixture(scope="module")
def teipipe_sch() -> SchematronValidator:
    return SchematronValidator(resources.schema("teipipe.sch"))


def run(validator: SchematronValidator, path: Path) -> list[Problem]:
    parsed = parse_document(path)
    assert parsed.tree is not None, parsed.problems
    return validator.validate(parsed.tree, str(path))


@pytest.mark.parametrize("fixture", VALID, ids=lambda p: p.name)
def test_valid_fixtures_have_no_errors_or_unexpected_warnings(
    teipipe_sch: SchematronValidator, fixture: Path
) -> None:
    found = {(p.rule, p.severity) for p in run(teipipe_sch, fixture)}
    expected = (
        {("footnote-text-missing", "warning"), ("has-source", "warning")}
        if fixture.name == "meeting.xml"
        else set()
    )
    assert found == expected


@pytest.mark.parametrize(
    ("rule", "severity", "fixture", "old", "new", "anchor"), CASES, ids=[case[0] for case in CASES]
)
def test_each_rule_fires_at_its_line(
    teipipe_sch: SchematronValidator,
    tmp_path: Path,
    rule: str,
    severity: str,
    fixture: str,
    old: str,
    new: str,
    anchor: str | int | None,
) -> None:
    path, text = mutate(tmp_path, fixture, old, new)
    if isinstance(anchor, str):
        line = line_of(text, anchor)
    else:
        line = line_of(text, new or anchor or "") + (anchor or 0)
    found = [(p.rule, p.severity, p.line) for p in run(teipipe_sch, path)]
    assert (rule, severity, line) in found


def test_every_rule_of_the_schema_has_a_failing_case() -> None:
    schema = etree.parse(str(resources.schema("teipipe.sch")))
    ids = set(
        schema.xpath(
            "//sch:assert/@id | //sch:report/@id",
            namespaces={"sch": "http://purl.oclc.org/dsdl/schematron"},
        )
    )
    assert ids - {case[0] for case in CASES} == {"id-unique"}  # tested below: lxml refuses


def test_id_unique_on_a_tree_built_in_memory(teipipe_sch: SchematronValidator) -> None:
    """libxml2 rejects duplicate xml:ids while parsing; other parsers leave it to the rule."""
    tree = etree.parse(str(VALID[0]))
    persons = tree.getroot().iter(f"{{{TEI}}}person")
    next(persons)
    second = next(persons)
    second.set("{http://www.w3.org/XML/1998/namespace}id", "rusk-dean")
    found = [(p.rule, p.line) for p in teipipe_sch.validate(tree, "x.xml")]
    assert ("id-unique", second.sourceline) in found


def test_duplicate_ids_found_by_the_parser_are_named_like_the_rule(tmp_path: Path) -> None:
    path, text = mutate(
        tmp_path,
        "transcript.xml",
        '<person xml:id="kennedy-john">',
        '<person xml:id="ball-george">',
    )
    parsed = parse_document(path)
    assert parsed.tree is None
    assert [(p.rule, p.layer, p.line) for p in parsed.problems] == [
        (
            "id-unique",
            "wellformed",
            line_of(text, '<person xml:id="ball-george">\n            <persName>John'),
        )
    ]


# ---------------------------------------------------------------------------- the engine


def schematron(tmp_path: Path, body: str, binding: str = "xslt3") -> SchematronValidator:
    path = tmp_path / "test.sch"
    path.write_text(
        f'<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="{binding}">'
        f'<ns prefix="t" uri="urn:t"/>{body}</schema>',
        encoding="utf-8",
    )
    return SchematronValidator(path)


DOC = etree.ElementTree(
    etree.fromstring(b'<r xmlns="urn:t">\n<a n="1"/>\n<a n="2"/>\n<b n="3">x</b>\n</r>')
)


def test_first_matching_rule_of_a_pattern_wins(tmp_path: Path) -> None:
    validator = schematron(
        tmp_path,
        """<pattern>
      <rule context="t:a[@n = '1']"><report test="true()" id="first">first</report></rule>
      <rule context="t:a"><report test="true()" id="second">second</report></rule>
    </pattern>""",
    )
    assert [(p.rule, p.line) for p in validator.validate(DOC, "d")] == [("first", 2), ("second", 3)]


def test_lets_roles_messages_and_diagnostics(tmp_path: Path) -> None:
    validator = schematron(
        tmp_path,
        """<let name="total" value="count(//t:a)"/>
    <pattern><let name="limit" value="$total - 1"/>
      <rule context="t:b"><let name="n" value="xs:integer(@n)"/>
        <assert test="$n le $limit" id="too-big" role="warning" diagnostics="d1"><name/> is <value-of select="$n"/>, over <value-of select="$limit"/><emph>!</emph></assert>
        <report test="true()" id="note" role="info">ok</report>
        <report test="true()" id="flagged" flag="error">flag</report>
      </rule></pattern>
    <diagnostics><diagnostic id="d1">(text: <value-of select="."/>)</diagnostic></diagnostics>""",
    )
    problems = validator.validate(DOC, "d")
    assert [(p.rule, p.severity, p.message) for p in problems] == [
        ("too-big", "warning", "b is 3, over 1! (text: x)"),
        ("note", "info", "ok"),
        ("flagged", "error", "flag"),
    ]
    assert {p.line for p in problems} == {4}


def test_abstract_rules_are_extended(tmp_path: Path) -> None:
    validator = schematron(
        tmp_path,
        """<pattern>
      <rule abstract="true" id="numbered"><assert test="@n castable as xs:integer" id="num">not a number</assert></rule>
      <rule context="t:a | t:b"><extends rule="numbered"/><report test="@n = '2'" id="two">two</report></rule>
    </pattern>""",
    )
    bad = etree.ElementTree(etree.fromstring(b'<r xmlns="urn:t"><a n="x"/><b n="2"/></r>'))
    assert [p.rule for p in validator.validate(bad, "d")] == ["num", "two"]


def test_attribute_and_text_contexts_report_their_element_line(tmp_path: Path) -> None:
    validator = schematron(
        tmp_path,
        """<pattern>
      <rule context="@n[. = '2']"><report test="true()" id="attr">attr</report></rule>
    </pattern><pattern>
      <rule context="t:b/text()"><report test="true()" id="text">text</report></rule>
    </pattern>""",
    )
    assert [(p.rule, p.line) for p in validator.validate(DOC, "d")] == [("attr", 3), ("text", 4)]


def test_dynamic_errors_become_problems_not_crashes(tmp_path: Path) -> None:
    validator = schematron(
        tmp_path,
        """<pattern>
      <rule context="t:b" id="r"><assert test="xs:integer(.) gt 0" id="int">x</assert></rule>
    </pattern>""",
    )
    [problem] = validator.validate(DOC, "d")
    assert (problem.rule, problem.severity, problem.line) == ("int", "error", 4)
    assert "could not be evaluated" in problem.message


@pytest.mark.parametrize(
    "body",
    [
        '<pattern><rule context="t:a"><assert test="count(" id="x">x</assert></rule></pattern>',
        '<pattern><rule context="t:a"><extends rule="missing"/></rule></pattern>',
        '<pattern><rule><assert test="true()">x</assert></rule></pattern>',
        '<include href="other.sch"/>',
    ],
)
def test_broken_schemas_are_refused_when_compiled(tmp_path: Path, body: str) -> None:
    with pytest.raises(SchematronError):
        schematron(tmp_path, body)


def test_unknown_query_binding_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SchematronError, match="queryBinding"):
        schematron(tmp_path, "<pattern/>", binding="exslt")


def test_problems_on_a_corpus_document_name_the_lines_of_its_defects() -> None:
    """Lines come from our lxml tree (Saxon-HE cannot tell them): each defect at its own line."""
    rules = SchematronValidator(resources.schema("teipipe.sch"))
    repo = Path(__file__).resolve().parents[1]
    text = (repo / "tei" / "msc_cuba066.xml").read_text(encoding="utf-8")
    assert "Yes, I think" in text and 'who="#ball-george"' in text
    broken = text.replace("Yes, I think", "Yes,(7) I think").replace(
        'who="#ball-george"', 'who="#nobody"', 1
    )
    tree = etree.ElementTree(etree.fromstring(broken.encode("utf-8")))
    found = {(p.rule, p.line) for p in rules.validate(tree, "x.xml")}
    assert ("leftover-marker", line_of(broken, "Yes,(7) I think")) in found
    assert ("who-is-person", line_of(broken, 'who="#nobody"')) in found
