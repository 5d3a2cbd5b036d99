<?xml version="1.0" encoding="UTF-8"?>
<!--
  corpus-volume-typst.xsl: the whole corpus as one Typst document, the printed volume, read
  from a corpus listing (see corpus-index.xsl). A cover, contents with page numbers, every
  document from a new page in chronological order, numbered like the documents of a printed
  FRUS volume, then a colophon page. Documents are written by tei-to-typst.xsl's document
  mode; each document's id labels its first element, so the PDF has it as a named destination
  (corpus.pdf#d000_03d16a86b0456ebe) and its title as a bookmark. XSLT 1.0.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="tei">

  <xsl:import href="tei-to-typst.xsl"/>

  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:variable name="listing" select="/corpus/doc"/>
  <xsl:variable name="documents" select="document($listing/@href)/tei:TEI[tei:text/tei:body]"/>
  <xsl:variable name="collection"
                select="normalize-space($documents[1]/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[@type = 'collection'])"/>

  <xsl:template match="/">
    <xsl:variable name="title">
      <xsl:call-template name="typst-text">
        <xsl:with-param name="text" select="$collection"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:value-of select="concat('#import &quot;/print.typ&quot;: *&#10;#show: edition.with(title: [', $title, '])&#10;')"/>
    <xsl:value-of select="concat('#cover([', $title, '], [', count($documents), ' documents])&#10;')"/>
    <xsl:text>#contents[&#10;</xsl:text>
    <xsl:apply-templates select="$listing" mode="toc">
      <xsl:sort select="string-length((document(@href)/tei:TEI/tei:teiHeader/tei:profileDesc/tei:creation/tei:date/@when
                                       | document(@href)/tei:TEI/tei:teiHeader/tei:profileDesc/tei:creation/tei:date/@from)[1]) = 0"/>
      <xsl:sort select="(document(@href)/tei:TEI/tei:teiHeader/tei:profileDesc/tei:creation/tei:date/@when
                         | document(@href)/tei:TEI/tei:teiHeader/tei:profileDesc/tei:creation/tei:date/@from)[1]"/>
      <xsl:sort select="@stem"/>
    </xsl:apply-templates>
    <xsl:text>]&#10;</xsl:text>
    <xsl:for-each select="$listing">
      <xsl:sort select="string-length((document(@href)/tei:TEI/tei:teiHeader/tei:profileDesc/tei:creation/tei:date/@when
                                       | document(@href)/tei:TEI/tei:teiHeader/tei:profileDesc/tei:creation/tei:date/@from)[1]) = 0"/>
      <xsl:sort select="(document(@href)/tei:TEI/tei:teiHeader/tei:profileDesc/tei:creation/tei:date/@when
                         | document(@href)/tei:TEI/tei:teiHeader/tei:profileDesc/tei:creation/tei:date/@from)[1]"/>
      <xsl:sort select="@stem"/>
      <xsl:apply-templates select="document(@href)/tei:TEI[tei:text/tei:body]" mode="document">
        <xsl:with-param name="colophon" select="false()"/>
      </xsl:apply-templates>
    </xsl:for-each>
    <xsl:apply-templates select="$documents[1]/tei:teiHeader/tei:fileDesc/tei:publicationStmt" mode="volume"/>
  </xsl:template>

  <!-- An entry of the contents: a link to the document's label and its page number. -->
  <xsl:template match="doc" mode="toc">
    <xsl:variable name="tei" select="document(@href)/tei:TEI"/>
    <xsl:variable name="label">
      <xsl:apply-templates select="$tei[tei:text/tei:body]" mode="label"/>
    </xsl:variable>
    <xsl:if test="$label != ''">
      <xsl:value-of select="concat('#toc-entry(', $label, ', [', position(), '\.], [')"/>
      <xsl:call-template name="title-markup">
        <xsl:with-param name="tei" select="$tei"/>
      </xsl:call-template>
      <xsl:if test="normalize-space($tei/tei:teiHeader/tei:profileDesc/tei:creation/tei:date) != ''">
        <xsl:text>, #text(fill: muted)[</xsl:text>
        <xsl:call-template name="typst-text">
          <xsl:with-param name="text" select="normalize-space($tei/tei:teiHeader/tei:profileDesc/tei:creation/tei:date)"/>
        </xsl:call-template>
        <xsl:text>]</xsl:text>
      </xsl:if>
      <xsl:text>])&#10;</xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- The colophon page: what the volume is, who published and encoded it, how it was made. -->
  <xsl:template match="tei:publicationStmt" mode="volume">
    <xsl:text>#volume-colophon[</xsl:text>
    <xsl:call-template name="typst-text">
      <xsl:with-param name="text" select="$collection"/>
    </xsl:call-template>
    <xsl:value-of select="concat(': ', count($documents), ' documents\.')"/>
    <xsl:text>&#10;&#10;Published by </xsl:text>
    <xsl:call-template name="typst-text">
      <xsl:with-param name="text" select="normalize-space(tei:publisher)"/>
    </xsl:call-template>
    <xsl:text>\. </xsl:text>
    <xsl:apply-templates select="tei:availability/tei:licence"/>
    <xsl:text>&#10;&#10;Encoded in TEI P5 by </xsl:text>
    <xsl:call-template name="typst-text">
      <xsl:with-param name="text" select="normalize-space(../tei:titleStmt/tei:respStmt/tei:name)"/>
    </xsl:call-template>
    <xsl:text>; typeset by Typst in DejaVu Serif, as PDF\/A-2b\. </xsl:text>
    <xsl:text>Each document can be cited into this volume by its identifier, as a named destination: corpus\.pdf\#</xsl:text>
    <xsl:call-template name="typst-text">
      <xsl:with-param name="text" select="string($documents[1]/@xml:id)"/>
    </xsl:call-template>
    <xsl:text>\.]&#10;</xsl:text>
  </xsl:template>
</xsl:stylesheet>
