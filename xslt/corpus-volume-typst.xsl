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
  <!-- $entries, the listing with what is needed of each document; $order, the same in the
       volume's order; $first-document. -->
  <xsl:import href="corpus-order.xsl"/>

  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:variable name="collection"
                select="normalize-space($entries[@body][1]/collection)"/>

  <xsl:template match="/">
    <xsl:variable name="title">
      <xsl:call-template name="typst-text">
        <xsl:with-param name="text" select="$collection"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:value-of select="concat('#import &quot;/print.typ&quot;: *&#10;#show: edition.with(title: [', $title, '])&#10;')"/>
    <xsl:value-of select="concat('#cover([', $title, '], [', count($entries[@body]), ' documents])&#10;')"/>
    <xsl:text>#contents[&#10;</xsl:text>
    <xsl:apply-templates select="$order" mode="toc"/>
    <xsl:text>]&#10;</xsl:text>
    <!-- Each document's text in an element of its own, which the text output ignores: libxslt
         appends output text to the last text node, and after a variable's text has come between
         (every document makes some) it measures and copies that node whole, so one text node
         for the volume would grow with the square of the corpus. -->
    <xsl:for-each select="$order[@body]">
      <document>
        <xsl:variable name="href" select="string(@href)"/>
        <xsl:for-each select="$corpus"><!-- key() looks in the listing -->
          <xsl:variable name="listed" select="key('listed', $href)"/>
          <xsl:apply-templates select="$listed/tei:TEI | document($listed/@href[not(../tei:TEI)])/tei:TEI" mode="document">
            <xsl:with-param name="colophon" select="false()"/>
          </xsl:apply-templates>
        </xsl:for-each>
      </document>
    </xsl:for-each>
    <xsl:apply-templates select="$first-document/tei:teiHeader/tei:fileDesc/tei:publicationStmt" mode="volume"/>
  </xsl:template>

  <!-- An entry of the contents, from the document's entry in $order: a link to the document's
       label and its page number. -->
  <xsl:template match="doc" mode="toc">
    <xsl:variable name="label">
      <xsl:if test="@body">
        <xsl:call-template name="label">
          <xsl:with-param name="id" select="string(@id)"/>
        </xsl:call-template>
      </xsl:if>
    </xsl:variable>
    <xsl:if test="$label != ''">
      <xsl:value-of select="concat('#toc-entry(', $label, ', [', position(), '\.], [')"/>
      <xsl:call-template name="typst-text">
        <xsl:with-param name="text" select="string(@title)"/>
      </xsl:call-template>
      <xsl:if test="@date-text != ''">
        <xsl:text>, #text(fill: muted)[</xsl:text>
        <xsl:call-template name="typst-text">
          <xsl:with-param name="text" select="string(@date-text)"/>
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
    <xsl:value-of select="concat(': ', count($entries[@body]), ' documents\.')"/>
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
      <xsl:with-param name="text" select="string($first-document/@xml:id)"/>
    </xsl:call-template>
    <xsl:text>\.]&#10;</xsl:text>
  </xsl:template>
</xsl:stylesheet>
