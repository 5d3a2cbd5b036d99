<?xml version="1.0" encoding="UTF-8"?>
<!--
  tei-to-oai-sets.xsl: the OAI-PMH sets a teipipe document belongs to, for the repository
  (teipipe serve, /oai). Harvesters select by set, so the sets follow what editors sort by:

    kind:<kind>   the kind of record (common.xsl's document-kind), e.g. kind:telephone-conversation
    year:<yyyy>   the year of the document's date (creation/date @when or @from)

  Output, one element per document:

    <item collection="Cuban Missle Crisis">
      <set spec="kind">Kind of record</set>
      <set spec="kind:memorandum">Memorandum</set>
      <set spec="year">Year</set>
      <set spec="year:1962">1962</set>
    </item>

  A set A:B is part of set A (OAI-PMH's set hierarchy), so every item also names the parents.
  setSpecs use only lower-case letters, digits and '-', as OAI-PMH's setSpec pattern allows.
  XSLT 1.0.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="tei">

  <xsl:import href="common.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <xsl:variable name="upper" select="'ABCDEFGHIJKLMNOPQRSTUVWXYZ '"/>
  <xsl:variable name="lower" select="'abcdefghijklmnopqrstuvwxyz-'"/>

  <xsl:template match="/">
    <item collection="{normalize-space(/tei:TEI/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[@type = 'collection'])}">
      <xsl:call-template name="kind-set"/>
      <xsl:apply-templates select="/tei:TEI/tei:teiHeader/tei:profileDesc/tei:creation/tei:date"/>
    </item>
  </xsl:template>

  <xsl:template name="kind-set">
    <xsl:variable name="kind">
      <xsl:call-template name="document-kind"/>
    </xsl:variable>
    <set spec="kind">Kind of record</set>
    <set spec="kind:{translate($kind, $upper, $lower)}">
      <xsl:value-of select="$kind"/>
    </set>
  </xsl:template>

  <xsl:template match="tei:creation/tei:date">
    <xsl:variable name="year" select="substring((@when | @from)[1], 1, 4)"/>
    <xsl:if test="string-length($year) = 4 and translate($year, '0123456789', '') = ''">
      <set spec="year">Year</set>
      <set spec="year:{$year}">
        <xsl:value-of select="$year"/>
      </set>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
