<?xml version="1.0" encoding="UTF-8"?>
<!--
  tei-to-dc.xsl: one unqualified Dublin Core record (OAI-PMH oai_dc) per teipipe TEI document,
  for repository ingestion.

    title        the main title
    creator      who the record is from: the signer of the document's closer, and persons
                 named after "From" in the title (not recipients after ") to")
    contributor  the other voices: speakers and listed participants
    subject      the classification terms and every person the document names
    description  kind of record and dateline
    date         the dateline's date (W3CDTF date; the time is dropped, it may have no offset)
    type         DCMI "Text"
    identifier   the TEI xml:id, and $base-url + stem when given
    source       the archival citation (the source note when there is none)
    relation     the collection
    language, publisher, rights (licence text and URI)
  XSLT 1.0.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    exclude-result-prefixes="tei">

  <xsl:import href="common.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <!-- Where the published HTML lives, e.g. https://example.org/cuba/html/ ('' = none). -->
  <xsl:param name="base-url" select="''"/>
  <!-- The output file stem as a URI path segment (percent-escaped), for the URL above. -->
  <xsl:param name="stem" select="''"/>

  <xsl:template match="/">
    <xsl:apply-templates select="tei:TEI" mode="oai_dc">
      <xsl:with-param name="stem" select="$stem"/>
    </xsl:apply-templates>
  </xsl:template>

  <!-- The record of one document. A mode, with the stem as a template parameter, so that
       stylesheets reading many documents (oai-static-repository.xsl) import it. Paths start
       from the document's TEI element, never from the root: the document may be one of many
       in the stylesheet's input (teipipe.transform.corpus.gathered). -->
  <xsl:template match="tei:TEI" mode="oai_dc">
    <xsl:param name="stem" select="''"/>
    <xsl:variable name="header" select="tei:teiHeader"/>
    <xsl:variable name="document" select="tei:text/tei:body/tei:div[1]"/>
    <oai_dc:dc xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd">
      <dc:title><xsl:call-template name="document-title"/></dc:title>
      <xsl:apply-templates select="$header/tei:profileDesc/tei:particDesc//tei:person" mode="creator"/>
      <xsl:apply-templates select="$header/tei:profileDesc/tei:particDesc//tei:person" mode="contributor"/>
      <xsl:apply-templates select="$header/tei:profileDesc/tei:textClass/tei:keywords[@scheme = '#classification']/tei:term"/>
      <xsl:apply-templates select="$header/tei:profileDesc/tei:particDesc//tei:person" mode="subject"/>
      <dc:description>
        <xsl:call-template name="document-kind"/>
        <xsl:if test="$document/tei:opener/tei:dateline">
          <xsl:text>, </xsl:text>
          <xsl:value-of select="normalize-space($document/tei:opener/tei:dateline)"/>
        </xsl:if>
      </dc:description>
      <xsl:apply-templates select="$header/tei:fileDesc/tei:publicationStmt/tei:publisher"/>
      <xsl:apply-templates select="$header/tei:profileDesc/tei:creation/tei:date"/>
      <dc:type>Text</dc:type>
      <dc:identifier><xsl:value-of select="@xml:id"/></dc:identifier>
      <xsl:if test="$base-url != '' and $stem != ''">
        <dc:identifier><xsl:value-of select="concat($base-url, $stem, '.html')"/></dc:identifier>
      </xsl:if>
      <xsl:apply-templates select="." mode="source"/>
      <xsl:apply-templates select="@xml:lang"/>
      <xsl:apply-templates select="$header/tei:fileDesc/tei:titleStmt/tei:title[@type = 'collection']"/>
      <xsl:apply-templates select="$header/tei:fileDesc/tei:publicationStmt/tei:availability/tei:licence"/>
    </oai_dc:dc>
  </xsl:template>

  <!-- Persons, by role -->

  <xsl:template match="tei:person" mode="creator">
    <xsl:variable name="document" select="ancestor::tei:TEI[1]/tei:text/tei:body/tei:div[1]"/>
    <xsl:if test="$document/tei:closer/tei:signed/tei:persName[@ref = concat('#', current()/@xml:id)]
                  or $document/tei:head[1]/tei:persName[@ref = concat('#', current()/@xml:id)]
                     [preceding-sibling::text()[contains(., 'From ')]]
                     [not(preceding-sibling::text()[contains(., ') to ') or starts-with(., ' to ')])]">
      <dc:creator><xsl:apply-templates select="." mode="name"/></dc:creator>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:person" mode="contributor">
    <xsl:variable name="document" select="ancestor::tei:TEI[1]/tei:text/tei:body/tei:div[1]"/>
    <xsl:variable name="creator">
      <xsl:apply-templates select="." mode="creator"/>
    </xsl:variable>
    <xsl:if test="$creator = ''
                  and ($document//tei:sp[@who = concat('#', current()/@xml:id)]
                       or $document//tei:list[@type = 'participants']//tei:persName[@ref = concat('#', current()/@xml:id)])">
      <dc:contributor><xsl:apply-templates select="." mode="name"/></dc:contributor>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:person" mode="subject">
    <dc:subject><xsl:apply-templates select="." mode="name"/></dc:subject>
  </xsl:template>

  <!-- Header fields -->

  <xsl:template match="tei:term">
    <dc:subject><xsl:value-of select="normalize-space()"/></dc:subject>
  </xsl:template>

  <xsl:template match="tei:publisher">
    <dc:publisher><xsl:value-of select="normalize-space()"/></dc:publisher>
  </xsl:template>

  <xsl:template match="tei:creation/tei:date">
    <xsl:variable name="iso" select="(@when | @from)[1]"/>
    <xsl:if test="$iso">
      <dc:date><xsl:value-of select="substring($iso, 1, 10)"/></dc:date>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:TEI" mode="source">
    <xsl:variable name="archival" select="tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:bibl[@type = 'archival']"/>
    <xsl:variable name="note" select="tei:text/tei:body/tei:div[1]/tei:head/tei:note[@type = 'source']"/>
    <xsl:choose>
      <xsl:when test="$archival">
        <dc:source><xsl:value-of select="normalize-space($archival)"/></dc:source>
      </xsl:when>
      <xsl:when test="$note">
        <dc:source><xsl:value-of select="normalize-space($note)"/></dc:source>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="@xml:lang">
    <dc:language><xsl:value-of select="."/></dc:language>
  </xsl:template>

  <xsl:template match="tei:title[@type = 'collection']">
    <dc:relation><xsl:value-of select="normalize-space()"/></dc:relation>
  </xsl:template>

  <xsl:template match="tei:licence">
    <dc:rights><xsl:value-of select="normalize-space()"/></dc:rights>
    <xsl:if test="@target">
      <dc:rights><xsl:value-of select="@target"/></dc:rights>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
