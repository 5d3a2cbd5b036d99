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

  <xsl:variable name="listing" select="/corpus/doc"/>
  <xsl:variable name="documents" select="document($listing/@href)/tei:TEI[tei:text/tei:body]"/>

  <!--
    A document's content document, relative to the package: named by its xml:id, an ASCII
    NCName unique in the corpus, so no file name in the EPUB needs escaping (teipipe.transform.
    epub names the files by the same rule).
  -->
  <xsl:template match="tei:TEI" mode="epub-href">
    <xsl:value-of select="concat('text/', @xml:id, '.xhtml')"/>
  </xsl:template>

  <!-- The listed documents in the volume's order (dated ones by date, then the rest; by stem),
       each through the mode $mode names (XSLT 1.0 has no mode parameter): manifest, spine,
       first, or toc. -->
  <xsl:template name="documents-in-order">
    <xsl:param name="mode"/>
    <xsl:for-each select="$listing">
      <xsl:sort select="string-length((document(@href)/tei:TEI/tei:teiHeader/tei:profileDesc/tei:creation/tei:date/@when
                                       | document(@href)/tei:TEI/tei:teiHeader/tei:profileDesc/tei:creation/tei:date/@from)[1]) = 0"/>
      <xsl:sort select="(document(@href)/tei:TEI/tei:teiHeader/tei:profileDesc/tei:creation/tei:date/@when
                         | document(@href)/tei:TEI/tei:teiHeader/tei:profileDesc/tei:creation/tei:date/@from)[1]"/>
      <xsl:sort select="@stem"/>
      <xsl:choose>
        <xsl:when test="$mode = 'manifest'">
          <xsl:apply-templates select="document(@href)/tei:TEI[tei:text/tei:body]" mode="manifest"/>
        </xsl:when>
        <xsl:when test="$mode = 'spine'">
          <xsl:apply-templates select="document(@href)/tei:TEI[tei:text/tei:body]" mode="spine"/>
        </xsl:when>
        <xsl:when test="$mode = 'first'">
          <xsl:apply-templates select="document(@href)/tei:TEI[tei:text/tei:body]" mode="first"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates select="document(@href)/tei:TEI[tei:text/tei:body]" mode="toc"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <!-- The language most documents are in; English when none says. -->
  <xsl:variable name="language">
    <xsl:variable name="languages" select="$documents/@xml:lang"/>
    <xsl:call-template name="most-frequent">
      <xsl:with-param name="values" select="$languages"/>
    </xsl:call-template>
    <xsl:if test="not($languages)">en</xsl:if>
  </xsl:variable>

  <xsl:variable name="title">
    <xsl:call-template name="collection-title">
      <xsl:with-param name="documents" select="$documents"/>
    </xsl:call-template>
  </xsl:variable>
</xsl:stylesheet>
