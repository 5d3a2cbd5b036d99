<?xml version="1.0" encoding="UTF-8"?>
<!--
  oai-static-repository.xsl: the edition as an OAI-PMH Static Repository
  (http://www.openarchives.org/OAI/2.0/guidelines-static-repository.htm), from a corpus
  listing (see teipipe.transform.corpus); each listed TEI is read inside its entry (teipipe
  gathers them there), else with document().

  One XML file a Static Repository Gateway reads to answer OAI-PMH requests for the edition:
    Identify             repository name (the collection), base URL, admin e-mail, earliest
                         datestamp, no deleted records, day granularity
    ListMetadataFormats  oai_dc, and tei (the document's teiHeader)
    ListRecords          one per format, one record per document, in listing order

  Record identifiers are oai:<repository-identifier>:<stem>; a record's datestamp is its
  listing entry's datestamp attribute, else the datestamp parameter (YYYY-MM-DD). The oai_dc
  records are tei-to-dc.xsl's (imported, mode oai_dc), the same as build/dc/<stem>.xml. The
  tei records are the teiHeaders with their ids made unique in the file as in the teiCorpus
  (tei-corpus.xsl, imported, mode member): taxonomy classification becomes
  d004_...-classification and keywords/@scheme follows it.
  XSLT 1.0.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns="http://www.openarchives.org/OAI/2.0/static-repository"
    xmlns:oai="http://www.openarchives.org/OAI/2.0/"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    exclude-result-prefixes="tei">

  <xsl:import href="tei-to-dc.xsl"/>
  <xsl:import href="tei-corpus.xsl"/>

  <!-- tei-corpus.xsl's persons of the corpus header: none here, there is no corpus header. -->
  <xsl:variable name="people" select="/.."/>
  <!-- Nor its documents and personography, which only its corpus header uses: libxslt evaluates
       every global variable, and reading the corpus for them would cost a pass that makes
       nothing (document() looks each document up in the list of all read so far). -->
  <xsl:variable name="documents" select="/.."/>
  <xsl:variable name="personography" select="/.."/>

  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <!-- Identify/baseURL: the Static Repository Gateway's URL followed by this file's URL. -->
  <xsl:param name="oai-base-url" select="''"/>
  <xsl:param name="admin-email" select="''"/>
  <!-- The domain name in record identifiers: oai:example.org:004_616e472c30f512b7 -->
  <xsl:param name="repository-identifier" select="''"/>
  <!-- The datestamp of records whose listing entry has none (YYYY-MM-DD). -->
  <xsl:param name="datestamp" select="''"/>
  <!-- The schema of the tei format's records (a teiHeader, teipipe profile). -->
  <xsl:param name="tei-schema" select="'https://teipipe.org/schemas/1/oai/tei-header.xsd'"/>
  <!-- (tei-to-dc.xsl's base-url: where the published HTML lives, for dc:identifier.) -->

  <xsl:variable name="entries" select="/corpus/doc"/>

  <xsl:template match="/">
    <xsl:apply-templates select="corpus"/>
  </xsl:template>

  <xsl:template match="corpus">
    <Repository xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/static-repository http://www.openarchives.org/OAI/2.0/static-repository.xsd">
      <Identify>
        <oai:repositoryName>
          <xsl:call-template name="collection-title">
            <xsl:with-param name="documents" select="$entries/tei:TEI | document($entries/@href[not(../tei:TEI)])/tei:TEI"/>
          </xsl:call-template>
        </oai:repositoryName>
        <oai:baseURL><xsl:value-of select="$oai-base-url"/></oai:baseURL>
        <oai:protocolVersion>2.0</oai:protocolVersion>
        <oai:adminEmail><xsl:value-of select="$admin-email"/></oai:adminEmail>
        <oai:earliestDatestamp>
          <xsl:for-each select="$entries">
            <!-- the entry's datestamp, else the parameter (XSLT 1.0: substring of length 0) -->
            <xsl:sort select="translate(concat(@datestamp, substring($datestamp, 1, 10 * not(@datestamp))), '-', '')"
                      data-type="number"/>
            <xsl:if test="position() = 1">
              <xsl:apply-templates select="." mode="datestamp"/>
            </xsl:if>
          </xsl:for-each>
        </oai:earliestDatestamp>
        <oai:deletedRecord>no</oai:deletedRecord>
        <oai:granularity>YYYY-MM-DD</oai:granularity>
      </Identify>
      <ListMetadataFormats>
        <oai:metadataFormat>
          <oai:metadataPrefix>oai_dc</oai:metadataPrefix>
          <oai:schema>http://www.openarchives.org/OAI/2.0/oai_dc.xsd</oai:schema>
          <oai:metadataNamespace>http://www.openarchives.org/OAI/2.0/oai_dc/</oai:metadataNamespace>
        </oai:metadataFormat>
        <oai:metadataFormat>
          <oai:metadataPrefix>tei</oai:metadataPrefix>
          <oai:schema><xsl:value-of select="$tei-schema"/></oai:schema>
          <oai:metadataNamespace>http://www.tei-c.org/ns/1.0</oai:metadataNamespace>
        </oai:metadataFormat>
      </ListMetadataFormats>
      <ListRecords metadataPrefix="oai_dc">
        <xsl:apply-templates select="$entries" mode="oai_dc-record"/>
      </ListRecords>
      <ListRecords metadataPrefix="tei">
        <xsl:apply-templates select="$entries" mode="tei-record"/>
      </ListRecords>
    </Repository>
  </xsl:template>

  <xsl:template match="doc" mode="oai_dc-record">
    <oai:record>
      <xsl:apply-templates select="." mode="header"/>
      <oai:metadata>
        <xsl:apply-templates select="tei:TEI | document(@href[not(../tei:TEI)])/tei:TEI" mode="oai_dc">
          <xsl:with-param name="stem" select="@stem"/>
        </xsl:apply-templates>
      </oai:metadata>
    </oai:record>
  </xsl:template>

  <xsl:template match="doc" mode="tei-record">
    <oai:record>
      <xsl:apply-templates select="." mode="header"/>
      <oai:metadata>
        <xsl:apply-templates select="(tei:TEI | document(@href[not(../tei:TEI)])/tei:TEI)/tei:teiHeader" mode="member"/>
      </oai:metadata>
    </oai:record>
  </xsl:template>

  <xsl:template match="doc" mode="header">
    <oai:header>
      <oai:identifier>
        <xsl:value-of select="concat('oai:', $repository-identifier, ':', @stem)"/>
      </oai:identifier>
      <oai:datestamp><xsl:apply-templates select="." mode="datestamp"/></oai:datestamp>
    </oai:header>
  </xsl:template>

  <xsl:template match="doc" mode="datestamp">
    <xsl:choose>
      <xsl:when test="@datestamp">
        <xsl:value-of select="@datestamp"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="$datestamp"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
