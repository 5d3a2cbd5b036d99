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

  <xsl:variable name="listing" select="/corpus/doc"/>
  <xsl:variable name="documents" select="document($listing/@href)/tei:TEI[tei:text/tei:body]"/>
  <xsl:variable name="collection"
                select="normalize-space($documents[1]/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[@type = 'collection'])"/>

  <xsl:template match="/">
    <html lang="en">
      <head>
        <title><xsl:value-of select="$collection"/></title>
        <xsl:call-template name="stylesheets"/>
      </head>
      <body class="edition volume">
        <section class="cover">
          <h1><xsl:value-of select="$collection"/></h1>
          <p><xsl:value-of select="count($documents)"/> documents</p>
        </section>
        <nav class="toc" aria-label="Contents">
          <h2>Contents</h2>
          <ol>
            <xsl:apply-templates select="$listing" mode="toc">
              <xsl:sort select="string-length((document(@href)/tei:TEI/tei:teiHeader/tei:profileDesc/tei:creation/tei:date/@when
                                               | document(@href)/tei:TEI/tei:teiHeader/tei:profileDesc/tei:creation/tei:date/@from)[1]) = 0"/>
              <xsl:sort select="(document(@href)/tei:TEI/tei:teiHeader/tei:profileDesc/tei:creation/tei:date/@when
                                 | document(@href)/tei:TEI/tei:teiHeader/tei:profileDesc/tei:creation/tei:date/@from)[1]"/>
              <xsl:sort select="@stem"/>
            </xsl:apply-templates>
          </ol>
        </nav>
        <main>
          <xsl:for-each select="$listing">
            <xsl:sort select="string-length((document(@href)/tei:TEI/tei:teiHeader/tei:profileDesc/tei:creation/tei:date/@when
                                             | document(@href)/tei:TEI/tei:teiHeader/tei:profileDesc/tei:creation/tei:date/@from)[1]) = 0"/>
            <xsl:sort select="(document(@href)/tei:TEI/tei:teiHeader/tei:profileDesc/tei:creation/tei:date/@when
                               | document(@href)/tei:TEI/tei:teiHeader/tei:profileDesc/tei:creation/tei:date/@from)[1]"/>
            <xsl:sort select="@stem"/>
            <xsl:apply-templates select="document(@href)/tei:TEI[tei:text/tei:body]" mode="article"/>
          </xsl:for-each>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="doc" mode="toc">
    <xsl:variable name="tei" select="document(@href)/tei:TEI"/>
    <li>
      <a href="#{$tei/@xml:id}">
        <span class="toc-number"><xsl:value-of select="position()"/>.</span>
        <xsl:call-template name="break-long-runs">
          <xsl:with-param name="text">
            <xsl:call-template name="document-title">
              <xsl:with-param name="tei" select="$tei"/>
            </xsl:call-template>
          </xsl:with-param>
        </xsl:call-template>
        <xsl:if test="normalize-space($tei/tei:teiHeader/tei:profileDesc/tei:creation/tei:date) != ''">
          <xsl:text>, </xsl:text>
          <span class="toc-date">
            <xsl:value-of select="normalize-space($tei/tei:teiHeader/tei:profileDesc/tei:creation/tei:date)"/>
          </span>
        </xsl:if>
      </a>
    </li>
  </xsl:template>
</xsl:stylesheet>
