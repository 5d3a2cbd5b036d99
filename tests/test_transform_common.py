"""common.xsl's value grouping, which the corpus stylesheets use to name a corpus by its most
frequent collection and to list its publishers each once: right counts, the first of equals,
the same on libxslt and Saxon, and linear in the corpus (a key or pairwise comparison was
quadratic when every document names the same collection)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from teipipe.resources import stylesheet

DRIVER = f"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:exsl="http://exslt.org/common" exclude-result-prefixes="exsl">
  <xsl:import href="{stylesheet('common.xsl').as_uri()}"/>
  <xsl:output method="text"/>
  <xsl:template match="/">
    <xsl:call-template name="most-frequent">
      <xsl:with-param name="values" select="/values/v"/>
    </xsl:call-template>
    <xsl:text>|</xsl:text>
    <xsl:variable name="groups">
      <xsl:call-template name="value-groups">
        <xsl:with-param name="values" select="/values/v"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:for-each select="exsl:node-set($groups)/*">
      <xsl:sort select="@i" data-type="number"/>
      <xsl:value-of select="concat(., '=', @size, ';')"/>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>"""

CASES = [
    (["b", "a", "b", "c", "a", "b"], "b|b=3;a=2;c=1;"),
    (["a", "b", "b", "a"], "a|a=2;b=2;"),  # a tie: the one met first
    (["  x  y ", "x y", "z"], "x y|x y=2;z=1;"),  # compared normalized
    (["z"], "z|z=1;"),
    ([], "|"),
]


def _values(values: list[str]) -> etree._ElementTree:
    root = etree.Element("values")
    for value in values:
        etree.SubElement(root, "v").text = value
    return root.getroottree()


@pytest.mark.parametrize(("values", "expected"), CASES)
def test_value_groups_and_most_frequent(values: list[str], expected: str) -> None:
    transform = etree.XSLT(etree.XML(DRIVER.encode()))
    assert str(transform(_values(values))) == expected


@pytest.mark.parametrize(("values", "expected"), CASES)
def test_saxon_groups_the_same(values: list[str], expected: str, tmp_path: Path) -> None:
    saxonche = pytest.importorskip("saxonche", reason="saxonche (Saxon/C) is not installed")
    driver, source = tmp_path / "driver.xsl", tmp_path / "values.xml"
    driver.write_text(DRIVER, encoding="utf-8")
    _values(values).write(str(source))
    with saxonche.PySaxonProcessor(license=False) as processor:
        executable = processor.new_xslt30_processor().compile_stylesheet(
            stylesheet_file=str(driver))
        assert executable.transform_to_string(source_file=str(source)) == expected


def test_one_value_everywhere_is_one_group() -> None:
    """A corpus whose documents all name one collection (the common case): one group of all."""
    transform = etree.XSLT(etree.XML(DRIVER.encode()))
    assert str(transform(_values(["One Collection"] * 20_000))) == (
        "One Collection|One Collection=20000;")
