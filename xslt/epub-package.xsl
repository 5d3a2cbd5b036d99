<?xml version="1.0" encoding="UTF-8"?>
<!--
  epub-package.xsl: the EPUB 3 package document (package.opf) of the edition, from a corpus
  listing: metadata from the documents' headers, a manifest of every file, and the spine in the
  volume's chronological order after the contents page.

  The output depends on its input only: the identifier is a parameter (teipipe derives a UUID
  from the edition's address), and dcterms:modified is the newest OAI datestamp in the listing
  (else the newest creation date), never the clock, so one edition always gives one EPUB.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns="http://www.idpf.org/2007/opf"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    exclude-result-prefixes="tei">

  <xsl:import href="epub-common.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <!-- The publication's unique identifier, e.g. urn:uuid:… -->
  <xsl:param name="identifier" select="''"/>

  <xsl:template match="/">
    <package version="3.0" unique-identifier="uid" xml:lang="{$language}">
      <metadata>
        <dc:identifier id="uid"><xsl:value-of select="$identifier"/></dc:identifier>
        <dc:title><xsl:value-of select="$title"/></dc:title>
        <dc:language><xsl:value-of select="$language"/></dc:language>
        <xsl:apply-templates select="$first-document/tei:teiHeader/tei:fileDesc/tei:publicationStmt"/>
        <meta property="dcterms:modified"><xsl:call-template name="modified"/></meta>
        <!-- EPUB Accessibility 1.1 discovery metadata: what a reader can know before opening. -->
        <meta property="schema:accessMode">textual</meta>
        <meta property="schema:accessModeSufficient">textual</meta>
        <meta property="schema:accessibilityFeature">structuralNavigation</meta>
        <meta property="schema:accessibilityFeature">tableOfContents</meta>
        <meta property="schema:accessibilityFeature">readingOrder</meta>
        <meta property="schema:accessibilityHazard">none</meta>
        <meta property="schema:accessibilitySummary">Text only, no images or media. Each document has one level-one heading, speaker turns and footnotes are marked up for assistive technology, and footnotes link to their calls and back.</meta>
      </metadata>
      <manifest>
        <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
        <item id="css" href="css/epub.css" media-type="text/css"/>
        <xsl:apply-templates select="$order[@body]" mode="manifest"/>
      </manifest>
      <spine>
        <itemref idref="nav"/>
        <xsl:apply-templates select="$order[@body]" mode="spine"/>
      </spine>
    </package>
  </xsl:template>

  <xsl:template match="tei:publicationStmt">
    <xsl:if test="normalize-space(tei:publisher) != ''">
      <dc:publisher><xsl:value-of select="normalize-space(tei:publisher)"/></dc:publisher>
    </xsl:if>
    <xsl:if test="normalize-space(tei:availability/tei:licence) != ''">
      <dc:rights><xsl:value-of select="normalize-space(tei:availability/tei:licence)"/></dc:rights>
    </xsl:if>
  </xsl:template>

  <!-- The newest datestamp (YYYY-MM-DD), else the newest creation date, at midnight UTC. -->
  <xsl:template name="modified">
    <xsl:variable name="stamps" select="$listing/@datestamp[string-length(.) = 10]"/>
    <xsl:variable name="created"
                  select="$entries[@body]/when[string-length(.) &gt;= 10]"/>
    <xsl:variable name="newest">
      <xsl:choose>
        <xsl:when test="$stamps">
          <xsl:for-each select="$stamps">
            <xsl:sort select="." order="descending"/>
            <xsl:if test="position() = 1"><xsl:value-of select="."/></xsl:if>
          </xsl:for-each>
        </xsl:when>
        <xsl:otherwise>
          <xsl:for-each select="$created">
            <xsl:sort select="substring(., 1, 10)" order="descending"/>
            <xsl:if test="position() = 1"><xsl:value-of select="substring(., 1, 10)"/></xsl:if>
          </xsl:for-each>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="string($newest) != ''">
        <xsl:value-of select="concat($newest, 'T00:00:00Z')"/>
      </xsl:when>
      <xsl:otherwise>1970-01-01T00:00:00Z</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="doc" mode="manifest">
    <item id="doc-{@id}" media-type="application/xhtml+xml">
      <xsl:attribute name="href">
        <xsl:apply-templates select="." mode="epub-href"/>
      </xsl:attribute>
    </item>
  </xsl:template>

  <xsl:template match="doc" mode="spine">
    <itemref idref="doc-{@id}"/>
  </xsl:template>
</xsl:stylesheet>
