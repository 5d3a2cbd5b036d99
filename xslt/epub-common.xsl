<?xml version="1.0" encoding="UTF-8"?>
<!--
  epub-common.xsl: what the EPUB package and navigation documents share, read from a corpus
  listing (see corpus-index.xsl): the documents, in the volume's chronological order, and where
  each one's content document is in the EPUB.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="tei">

  <xsl:import href="common.xsl"/>
  <!-- $entries, the listing with what is needed of each document; $order, the same in the
       volume's order, whose entries with a body the package and navigation list. -->
  <xsl:import href="corpus-order.xsl"/>

  <!--
    A document's content document, relative to the package, from its entry in $order: named by
    its xml:id, an ASCII NCName unique in the corpus, so no file name in the EPUB needs escaping
    (teipipe.transform.epub names the files by the same rule).
  -->
  <xsl:template match="doc" mode="epub-href">
    <xsl:value-of select="concat('text/', @id, '.xhtml')"/>
  </xsl:template>

  <!-- The language most documents are in; English when none says. -->
  <xsl:variable name="language">
    <xsl:variable name="languages" select="$entries[@body]/@xml:lang"/>
    <xsl:call-template name="most-frequent">
      <xsl:with-param name="values" select="$languages"/>
    </xsl:call-template>
    <xsl:if test="not($languages)">en</xsl:if>
  </xsl:variable>

  <xsl:variable name="title">
    <xsl:call-template name="collection-title">
      <xsl:with-param name="collections" select="$entries[@body]/collection"/>
      <xsl:with-param name="count" select="count($entries[@body])"/>
    </xsl:call-template>
  </xsl:variable>
</xsl:stylesheet>
