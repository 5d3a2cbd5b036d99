<?xml version="1.0" encoding="UTF-8"?>
<!--
  tei-to-search.xsl: what the search indexes know about one teipipe TEI document, besides its
  reading text (which comes from tei-to-text.xsl):

    <record stem="msc_cuba004" date="1962-10-02" kind="Memorandum">
      <title>Memorandum From Secretary of Defense McNamara to ...</title>
      <dateline>October 2, 1962</dateline>
      <person ref="mcnamara-robert">Robert S. McNamara</person>
      ...
    </record>

  Persons are those of the header's particDesc (speakers point at them with sp/@who), each under
  every name it is known by: the document's, and the personography's full name and variants
  when the parameter personography gives its URI ("JFK" finds the President). Title, date and
  kind are worded as in the rest of the edition (common.xsl).

  Also given a corpus listing with its documents inside (<corpus personography="URI"><doc
  stem="..."><TEI>...</TEI></doc>...</corpus>), it writes <records> with a record for each:
  teipipe.search.records reads many documents in one run, so that the personography is read
  once a run, not once a document (which was four fifths of a record's time). XSLT 1.0.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="tei">

  <xsl:import href="common.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <!-- The file name of the document without .xml: its name in the edition (html/<stem>.html). -->
  <xsl:param name="stem" select="''"/>
  <!-- Absolute URI of the personography; empty for none (document('') is this stylesheet,
       which has no listPerson, so the lookup below is then simply empty). -->
  <xsl:param name="personography" select="''"/>

  <xsl:variable name="registry"
                select="document($personography)/tei:TEI/tei:standOff/tei:listPerson/tei:person
                        | document(/corpus/@personography)/tei:TEI/tei:standOff/tei:listPerson/tei:person"/>

  <xsl:template match="/">
    <xsl:apply-templates select="tei:TEI | corpus"/>
  </xsl:template>

  <xsl:template match="corpus">
    <records>
      <xsl:apply-templates select="doc/tei:TEI"/>
    </records>
  </xsl:template>

  <xsl:template match="tei:TEI">
    <record>
      <xsl:attribute name="stem">
        <xsl:choose>
          <xsl:when test="parent::doc"><xsl:value-of select="../@stem"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="$stem"/></xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <xsl:attribute name="date">
        <xsl:call-template name="document-iso-date"/>
      </xsl:attribute>
      <xsl:attribute name="kind">
        <xsl:call-template name="document-kind"/>
      </xsl:attribute>
      <title>
        <xsl:call-template name="document-title"/>
      </title>
      <dateline>
        <xsl:value-of select="normalize-space(tei:teiHeader/tei:profileDesc/tei:creation/tei:date)"/>
      </dateline>
      <xsl:apply-templates select="tei:teiHeader/tei:profileDesc/tei:particDesc//tei:person"/>
    </record>
  </xsl:template>

  <xsl:template match="tei:person">
    <xsl:variable name="id" select="@xml:id"/>
    <xsl:for-each select="tei:persName | $registry[@xml:id = $id]/tei:persName">
      <person ref="{$id}">
        <xsl:value-of select="normalize-space()"/>
      </person>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
