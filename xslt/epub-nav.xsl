<?xml version="1.0" encoding="UTF-8"?>
<!--
  epub-nav.xsl: the EPUB 3 navigation document (nav.xhtml) of the edition, from a corpus
  listing: the title, then the documents in the volume's chronological order, numbered, each
  with its date; and the landmarks a reading system offers (contents, start of the text).
  It is also the book's first page.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns="http://www.w3.org/1999/xhtml"
    xmlns:epub="http://www.idpf.org/2007/ops"
    exclude-result-prefixes="tei">

  <xsl:import href="epub-common.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:template match="/">
    <html xml:lang="{$language}" lang="{$language}">
      <head>
        <title><xsl:value-of select="$title"/></title>
        <link rel="stylesheet" href="css/epub.css"/>
      </head>
      <body class="edition contents">
        <header>
          <h1><xsl:value-of select="$title"/></h1>
          <p class="document-meta"><xsl:value-of select="count($entries[@body])"/> documents</p>
        </header>
        <main>
          <nav epub:type="toc" role="doc-toc" id="toc" aria-labelledby="toc-heading">
            <h2 id="toc-heading">Contents</h2>
            <ol>
              <xsl:apply-templates select="$order[@body]" mode="toc"/>
            </ol>
          </nav>
          <nav epub:type="landmarks" id="landmarks" aria-labelledby="landmarks-heading" hidden="hidden">
            <h2 id="landmarks-heading">Landmarks</h2>
            <ol>
              <li><a epub:type="toc" href="#toc">Contents</a></li>
              <xsl:for-each select="$first-document">
                <li>
                  <a epub:type="bodymatter">
                    <xsl:attribute name="href">
                      <xsl:call-template name="first-href"/>
                    </xsl:attribute>
                    <xsl:text>Documents</xsl:text>
                  </a>
                </li>
              </xsl:for-each>
            </ol>
          </nav>
        </main>
      </body>
    </html>
  </xsl:template>

  <!-- The first document of the volume's order (where the text begins). -->
  <xsl:template name="first-href">
    <xsl:apply-templates select="$order[@body][1]" mode="epub-href"/>
  </xsl:template>

  <xsl:template match="doc" mode="toc">
    <li>
      <a>
        <xsl:attribute name="href">
          <xsl:apply-templates select="." mode="epub-href"/>
        </xsl:attribute>
        <xsl:value-of select="@title"/>
        <xsl:if test="@date-text != ''">
          <xsl:text>, </xsl:text>
          <xsl:value-of select="@date-text"/>
        </xsl:if>
      </a>
    </li>
  </xsl:template>
</xsl:stylesheet>
