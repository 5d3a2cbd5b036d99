<?xml version="1.0" encoding="UTF-8"?>
<!--
  corpus-order.xsl: the corpus listing (see teipipe.transform.corpus) in the volume's order,
  for the stylesheets that print the corpus as one book (corpus-volume.xsl,
  corpus-volume-typst.xsl, the EPUB's epub-common.xsl): dated documents by date (creation
  date/@when, else @from), then the undated ones; equals by stem.

  Why a variable: each entry is read once, its sort key kept beside it, and the listing sorted
  once; sort keys that read the document did so several times per entry, for every sort.

  Where the documents are: teipipe hands these stylesheets the listing with each TEI inside
  its entry (teipipe.transform.corpus.gathered). libxslt finds a document read with
  document() by walking the list of every document read so far, and a document's key tables
  the same way, so reading a corpus with document() took time in the square of its size. An
  entry without its TEI (a listing written by hand) is read with document(@href). The entries
  in $order are copies in a result tree fragment: the key "listed" leads from one back to the
  listing's entry, with the listing as the context node (key() looks in the context node's
  document). The templates for a document never look above its TEI element (common.xsl's
  keys are per document), so they read a document inside the listing as they read it alone.
  XSLT 1.0.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:exsl="http://exslt.org/common"
    exclude-result-prefixes="tei exsl">

  <xsl:key name="listed" match="corpus/doc" use="@href"/>

  <xsl:variable name="corpus" select="/corpus"/>
  <xsl:variable name="listing" select="$corpus/doc"/>

  <!-- Each entry once, as a copy of the listing's doc with what is needed of its document (mode
       dated, below), in listing order: the only pass that reads every document, besides the
       one that prints them. -->
  <xsl:variable name="dated-tree">
    <xsl:apply-templates select="$listing" mode="dated"/>
  </xsl:variable>
  <xsl:variable name="entries" select="exsl:node-set($dated-tree)/doc"/>
  <!-- The first listed document with a text (for what the corpus's documents share). -->
  <xsl:variable name="first-entry" select="$listing[@href = $entries[@body][1]/@href][1]"/>
  <xsl:variable name="first-document"
                select="$first-entry/tei:TEI | document($first-entry/@href[not(../tei:TEI)])/tei:TEI"/>

  <!-- The entries sorted: the volume's order. -->
  <xsl:variable name="order-tree">
    <xsl:for-each select="$entries">
      <xsl:sort select="string-length(@date) = 0"/>
      <xsl:sort select="@date"/>
      <xsl:sort select="@stem"/>
      <xsl:copy-of select="."/>
    </xsl:for-each>
  </xsl:variable>
  <xsl:variable name="order" select="exsl:node-set($order-tree)/doc"/>

  <!-- A listing entry with what the volume's order, its contents and its title page need of
       the document: date (the sort key), id (its xml:id), title (common.xsl's document-title;
       every importer imports common.xsl), date-text (the creation date as written), body="yes"
       when it has a text to print (the personography, say, has none), its xml:lang, and
       collection and when elements (its collection titles and creation dates' @when). -->
  <xsl:template match="doc" mode="dated">
    <xsl:variable name="tei" select="tei:TEI | document(@href[not(../tei:TEI)])/tei:TEI"/>
    <xsl:variable name="date" select="$tei/tei:teiHeader/tei:profileDesc/tei:creation/tei:date"/>
    <doc>
      <xsl:copy-of select="@*"/>
      <xsl:attribute name="date">
        <xsl:value-of select="($date/@when | $date/@from)[1]"/>
      </xsl:attribute>
      <xsl:attribute name="id">
        <xsl:value-of select="$tei/@xml:id"/>
      </xsl:attribute>
      <xsl:attribute name="title">
        <xsl:call-template name="document-title">
          <xsl:with-param name="tei" select="$tei"/>
        </xsl:call-template>
      </xsl:attribute>
      <xsl:attribute name="date-text">
        <xsl:value-of select="normalize-space($date)"/>
      </xsl:attribute>
      <xsl:if test="$tei/tei:text/tei:body">
        <xsl:attribute name="body">yes</xsl:attribute>
      </xsl:if>
      <xsl:copy-of select="$tei/@xml:lang"/>
      <xsl:for-each select="$tei/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[@type = 'collection']">
        <collection><xsl:value-of select="."/></collection>
      </xsl:for-each>
      <xsl:for-each select="$date/@when">
        <when><xsl:value-of select="."/></when>
      </xsl:for-each>
    </doc>
  </xsl:template>
</xsl:stylesheet>
