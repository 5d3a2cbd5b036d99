<?xml version="1.0" encoding="UTF-8"?>
<!--
  tei-to-xhtml.xsl: one teipipe TEI document as an EPUB 3 XHTML content document.

  The reading edition of tei-to-html.xsl, imported whole, with two differences an ebook needs:
  footnote calls are EPUB 3 note references (epub:type="noteref", role="doc-noteref") to
  footnotes set as <aside epub:type="footnote" role="doc-footnote"> that link back, so reading
  systems can show a note as a pop-up; and the page is XML in the XHTML namespace.

  Two passes. The first (the default mode) is tei-to-html.xsl's, giving a page of elements in
  no namespace; the second (mode "xhtml") copies that page into the XHTML namespace. XSLT 1.0
  cannot move literal result elements of an imported module into another namespace (libxslt
  applies xsl:namespace-alias to the declaring module only), so the first pass is read again
  through exsl:node-set, which libxslt, xsltproc and Saxon all provide.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:epub="http://www.idpf.org/2007/ops"
    xmlns:exsl="http://exslt.org/common"
    extension-element-prefixes="exsl"
    exclude-result-prefixes="tei">

  <xsl:import href="tei-to-html.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no" omit-xml-declaration="no"/>

  <!-- Where the EPUB's CSS files are, relative to a content document. -->
  <xsl:param name="css-base" select="'../css/'"/>

  <xsl:variable name="xhtml" select="'http://www.w3.org/1999/xhtml'"/>

  <!-- Page: tei-to-html.xsl's, then into the XHTML namespace. -->
  <xsl:template match="/">
    <xsl:variable name="page">
      <xsl:apply-imports/>
    </xsl:variable>
    <xsl:apply-templates select="exsl:node-set($page)/html" mode="xhtml"/>
  </xsl:template>

  <xsl:template name="stylesheets">
    <link rel="stylesheet" href="{$css-base}epub.css"/>
  </xsl:template>

  <!-- Footnotes: calls and notes as EPUB 3 declares them. -->

  <xsl:template match="tei:note[@place = 'foot']">
    <xsl:variable name="id">
      <xsl:apply-templates select="." mode="id"/>
    </xsl:variable>
    <sup class="noteref"><a epub:type="noteref" role="doc-noteref" id="{$id}-ref" href="#{$id}"><xsl:value-of select="@n"/></a></sup>
  </xsl:template>

  <xsl:template match="tei:TEI" mode="notes">
    <section class="footnotes" aria-labelledby="{@xml:id}-notes">
      <h2 id="{@xml:id}-notes">Notes</h2>
      <xsl:apply-templates select="tei:text//tei:note[@place = 'foot']" mode="footnotes"/>
    </section>
  </xsl:template>

  <xsl:template match="tei:note[@place = 'foot']" mode="footnotes">
    <xsl:variable name="id">
      <xsl:apply-templates select="." mode="id"/>
    </xsl:variable>
    <aside epub:type="footnote" role="doc-footnote" id="{$id}" class="footnote">
      <a class="backref" href="#{$id}-ref" role="doc-backlink" aria-label="Note {@n}, back to the text"><xsl:value-of select="@n"/></a>
      <xsl:text> </xsl:text>
      <xsl:apply-templates/>
    </aside>
  </xsl:template>

  <!-- Second pass: the page in the XHTML namespace. -->

  <xsl:template match="html" mode="xhtml">
    <html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"
          xml:lang="{@lang}">
      <xsl:copy-of select="@*"/>
      <xsl:apply-templates mode="xhtml"/>
    </html>
  </xsl:template>

  <!-- The viewport is for fixed layouts in an EPUB; a reflowable book has none. -->
  <xsl:template match="meta[@name = 'viewport']" mode="xhtml"/>

  <xsl:template match="*" mode="xhtml">
    <xsl:element name="{local-name()}" namespace="{$xhtml}">
      <xsl:copy-of select="@*"/>
      <xsl:apply-templates mode="xhtml"/>
    </xsl:element>
  </xsl:template>
</xsl:stylesheet>
