<?xml version="1.0" encoding="UTF-8"?>
<!--
  corpus-volume.xsl: the whole corpus as one HTML for the printed volume (WeasyPrint), read
  from a corpus listing (see corpus-index.xsl). A cover, a table of contents with page numbers
  (print.css: target-counter), then every document in chronological order, numbered like the
  documents of a printed FRUS volume. Documents are rendered by tei-to-html.xsl's article
  mode; run with print=yes so footnotes sit at the foot of their page. XSLT 1.0.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="tei">

  <xsl:import href="tei-to-html.xsl"/>
  <!-- $entries, the listing with what is needed of each document; $order, the same in the
       volume's order; $first-document. -->
  <xsl:import href="corpus-order.xsl"/>

  <xsl:variable name="collection"
                select="normalize-space($entries[@body][1]/collection)"/>

  <xsl:template match="/">
    <html lang="en">
      <head>
        <title><xsl:value-of select="$collection"/></title>
        <xsl:call-template name="stylesheets"/>
      </head>
      <body class="edition volume">
        <section class="cover">
          <h1><xsl:value-of select="$collection"/></h1>
          <p><xsl:value-of select="count($entries[@body])"/> documents</p>
        </section>
        <nav class="toc" aria-label="Contents">
          <h2>Contents</h2>
          <ol>
            <xsl:apply-templates select="$order" mode="toc"/>
          </ol>
        </nav>
        <main>
          <xsl:for-each select="$order[@body]">
            <xsl:variable name="href" select="string(@href)"/>
            <xsl:for-each select="$corpus"><!-- key() looks in the listing -->
              <xsl:variable name="listed" select="key('listed', $href)"/>
              <xsl:apply-templates select="$listed/tei:TEI | document($listed/@href[not(../tei:TEI)])/tei:TEI" mode="article"/>
            </xsl:for-each>
          </xsl:for-each>
        </main>
      </body>
    </html>
  </xsl:template>

  <!-- An entry of the contents, from the document's entry in $order. -->
  <xsl:template match="doc" mode="toc">
    <li>
      <a href="#{@id}">
        <span class="toc-number"><xsl:value-of select="position()"/>.</span>
        <xsl:call-template name="break-long-runs">
          <xsl:with-param name="text" select="string(@title)"/>
        </xsl:call-template>
        <xsl:if test="@date-text != ''">
          <xsl:text>, </xsl:text>
          <span class="toc-date">
            <xsl:value-of select="@date-text"/>
          </span>
        </xsl:if>
      </a>
    </li>
  </xsl:template>
</xsl:stylesheet>
