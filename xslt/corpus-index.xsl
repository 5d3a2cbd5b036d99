<?xml version="1.0" encoding="UTF-8"?>
<!--
  corpus-index.xsl: index.html of the edition, from a corpus listing (see teipipe.transform.corpus):

    <corpus personography="../tei/persons.xml">
      <doc href="../tei/004_616e472c30f512b7.xml" stem="004_616e472c30f512b7"
           stem-uri="004_616e472c30f512b7"/>
    </corpus>

  hrefs and stem-uri come percent-escaped (XSLT 1.0 cannot escape), so any file name works.

  Each listed TEI is read inside its entry (teipipe gathers them there; see corpus-order.xsl),
  else with document(). The page has the documents in chronological order
  (date, title, a link to the document's PDF, kind) and an index of persons, each linking to
  the documents they speak or appear in. Persons are joined on person/@xml:id, which the encoder takes from the
  personography, so one person has one entry across the corpus. XSLT 1.0.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:exsl="http://exslt.org/common"
    exclude-result-prefixes="tei exsl">

  <xsl:import href="common.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <!-- Where the documents' HTML files are, relative to index.html. -->
  <xsl:param name="html-dir" select="'html/'"/>
  <!-- Where the documents' PDF files are, relative to index.html. -->
  <xsl:param name="pdf-dir" select="'pdf/'"/>
  <!-- Where teipipe.css is, relative to index.html. -->
  <xsl:param name="css-base" select="'html/'"/>
  <!-- The other formats the edition has, space-separated ("pdf epub"): only these are linked,
       so an edition built without them has no dead links. -->
  <xsl:param name="formats" select="'pdf epub'"/>
  <!-- The EPUB of the whole edition, relative to index.html. -->
  <xsl:param name="epub-href" select="'epub/edition.epub'"/>

  <xsl:variable name="has-pdf" select="contains(concat(' ', $formats, ' '), ' pdf ')"/>
  <xsl:variable name="has-epub" select="contains(concat(' ', $formats, ' '), ' epub ')"/>

  <xsl:variable name="listing" select="/corpus/doc"/>
  <!-- The personography's lists of persons, copied once into a tree of their own: key() finds
       the context node's document in libxslt's list of all documents read, which for a file
       read with document() means a walk through the whole corpus on every call; a copy's
       document is found at once. -->
  <xsl:variable name="personography-tree">
    <xsl:copy-of select="document(/corpus/@personography)//tei:listPerson"/>
  </xsl:variable>
  <xsl:variable name="personography" select="exsl:node-set($personography-tree)"/>
  <xsl:variable name="lower" select="'abcdefghijklmnopqrstuvwxyz'"/>

  <!-- What the page shows of each document, and each person's appearance in it, read from
       the documents once (in listing order) into one tree: the documents are sorted on values
       computed once, and the index of persons is grouped and joined with a key rather than by
       comparing every person with every other (quadratic in the corpus). -->
  <xsl:key name="appearances" match="appearance" use="@id"/>
  <xsl:key name="registered" match="tei:listPerson/tei:person" use="@xml:id"/>
  <xsl:variable name="summaries-tree">
    <xsl:apply-templates select="$listing" mode="summary"/>
  </xsl:variable>
  <xsl:variable name="summaries" select="exsl:node-set($summaries-tree)/summary"/>
  <!-- The documents with a text (the personography, say, has none); the collection the first
       of them names. Read from the summaries: a second reading of the corpus with document()
       would cost as much again, as libxslt finds each document by walking the list of all. -->
  <xsl:variable name="documents" select="$summaries[@body]"/>
  <xsl:variable name="collection" select="string($documents[1]/@collection)"/>
  <xsl:variable name="appearances" select="$summaries/appearance"/>
  <!-- Each person's first appearance (in listing order), found by sorting the appearances by
       id once: libxslt's key() copies every node it returns, so asking each appearance whether
       it is the first of key('appearances', @id) costs as much as the person has appearances,
       which for a person present throughout grows with the square of the corpus. -->
  <xsl:variable name="by-id-tree">
    <xsl:for-each select="$appearances">
      <xsl:sort select="@id"/>
      <xsl:sort select="../@n" data-type="number"/>
      <xsl:sort select="@n" data-type="number"/>
      <first id="{@id}" sort="{@sort}" summary="{../@n}" n="{@n}"/>
    </xsl:for-each>
  </xsl:variable>
  <xsl:variable name="firsts"
                select="exsl:node-set($by-id-tree)/first[not(@id = preceding-sibling::first[1]/@id)]"/>
  <xsl:variable name="upper" select="'ABCDEFGHIJKLMNOPQRSTUVWXYZ'"/>

  <xsl:template match="/">
    <html lang="en">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="$collection"/></title>
        <link rel="stylesheet" href="{$css-base}teipipe.css"/>
      </head>
      <body class="edition index">
        <main>
          <h1><xsl:value-of select="$collection"/></h1>
          <p class="document-meta">
            <xsl:value-of select="count($documents)"/>
            <xsl:text> documents</xsl:text>
            <xsl:if test="$has-pdf">
              <xsl:text> · </xsl:text>
              <a href="{$pdf-dir}corpus.pdf">PDF volume</a>
            </xsl:if>
            <xsl:if test="$has-epub">
              <xsl:text> · </xsl:text>
              <a href="{$epub-href}" type="application/epub+zip">EPUB</a>
            </xsl:if>
          </p>
          <xsl:call-template name="search"/>
          <h2 id="documents">Documents</h2>
          <table class="documents">
            <thead>
              <tr><th>No.</th><th>Date</th><th>Title</th><th class="kind">Kind</th></tr>
            </thead>
            <tbody>
              <xsl:apply-templates select="$summaries" mode="row">
                <xsl:sort select="string-length(@date) = 0"/>
                <xsl:sort select="@date"/>
                <xsl:sort select="@stem"/>
              </xsl:apply-templates>
            </tbody>
          </table>
          <h2 id="persons">Persons</h2>
          <ul class="persons">
            <!-- One entry per person id (its first appearance in listing order), by name. -->
            <xsl:for-each select="$firsts">
              <xsl:sort select="@sort"/>
              <xsl:sort select="@summary" data-type="number"/>
              <xsl:sort select="@n" data-type="number"/>
              <xsl:variable name="id" select="string(@id)"/>
              <!-- key() looks in the context node's document: the summaries'. -->
              <xsl:for-each select="$summaries[1]">
                <xsl:apply-templates select="key('appearances', $id)[1]" mode="index-entry"/>
              </xsl:for-each>
            </xsl:for-each>
          </ul>
        </main>
      </body>
    </html>
  </xsl:template>

  <!-- Documents -->

  <xsl:template match="summary" mode="row">
    <tr>
      <td class="number"><xsl:value-of select="position()"/></td>
      <td class="date"><xsl:value-of select="@date-text"/></td>
      <td class="title">
        <xsl:call-template name="link">
          <xsl:with-param name="href" select="concat($html-dir, @stem-uri, '.html')"/>
          <xsl:with-param name="content" select="string(@title)"/>
        </xsl:call-template>
        <xsl:if test="$has-pdf">
          <xsl:text> </xsl:text>
          <xsl:call-template name="link">
            <xsl:with-param name="href" select="concat($pdf-dir, @stem-uri, '.pdf')"/>
            <xsl:with-param name="class" select="'pdf'"/>
            <xsl:with-param name="content">PDF</xsl:with-param>
          </xsl:call-template>
        </xsl:if>
      </td>
      <td class="kind"><xsl:value-of select="@kind"/></td>
    </tr>
  </xsl:template>

  <xsl:template name="date-text">
    <xsl:param name="tei"/>
    <xsl:variable name="date" select="$tei/tei:teiHeader/tei:profileDesc/tei:creation/tei:date"/>
    <xsl:choose>
      <xsl:when test="normalize-space($date) != ''">
        <xsl:value-of select="normalize-space($date)"/>
      </xsl:when>
      <xsl:otherwise>Undated</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Search: the form search.js (beside teipipe.css) drives with the static index the build
       writes beside index.html, or with /api/search when served by `teipipe serve`. -->

  <xsl:template name="search">
    <div class="search">
      <form id="search" class="search" role="search" data-html-dir="{$html-dir}"
            data-api="api/search">
        <label for="search-query">Search the documents</label>
        <xsl:text> </xsl:text>
        <input id="search-query" name="q" type="search" autocomplete="off"
               placeholder="words, a person, 1962-10-27"/>
      </form>
      <div class="search-results" aria-live="polite">
        <p id="search-status" class="search-status"/>
        <ol id="search-results"/>
      </div>
    </div>
    <script src="search-index.js" defer="defer"/>
    <script src="{$css-base}search.js" defer="defer"/>
  </xsl:template>

  <!-- Persons: name and office, then the documents they speak or appear in, by date. -->

  <!-- A document's summary: its date (to sort on and as shown), title and kind; and per person
       of its particDesc, what the index shows of the person (name, office, sort key) and of
       the document (link, date, whether they speak). -->
  <xsl:template match="doc" mode="summary">
    <xsl:variable name="all" select="tei:TEI | document(@href[not(../tei:TEI)])/tei:TEI"/>
    <xsl:variable name="tei" select="$all[tei:text/tei:body]"/>
    <summary n="{position()}" stem="{@stem}" stem-uri="{@stem-uri}"
             date="{($all/tei:teiHeader/tei:profileDesc/tei:creation/tei:date/@when
                     | $all/tei:teiHeader/tei:profileDesc/tei:creation/tei:date/@from)[1]}">
      <xsl:attribute name="date-text">
        <xsl:call-template name="date-text">
          <xsl:with-param name="tei" select="$all"/>
        </xsl:call-template>
      </xsl:attribute>
      <xsl:attribute name="title">
        <xsl:call-template name="document-title">
          <xsl:with-param name="tei" select="$all"/>
        </xsl:call-template>
      </xsl:attribute>
      <xsl:attribute name="kind">
        <xsl:call-template name="document-kind">
          <xsl:with-param name="tei" select="$all"/>
        </xsl:call-template>
      </xsl:attribute>
      <xsl:if test="$tei">
        <xsl:attribute name="body">yes</xsl:attribute>
        <xsl:attribute name="collection">
          <xsl:value-of select="normalize-space($tei/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[@type = 'collection'])"/>
        </xsl:attribute>
      </xsl:if>
      <xsl:apply-templates select="$tei/tei:teiHeader/tei:profileDesc/tei:particDesc//tei:person" mode="appearance"/>
    </summary>
  </xsl:template>

  <xsl:template match="tei:person" mode="appearance">
    <xsl:variable name="tei" select="ancestor::tei:TEI[1]"/>
    <xsl:variable name="id" select="string(@xml:id)"/>
    <xsl:variable name="person" select="."/>
    <!-- key() looks in the context node's document: the personography's. -->
    <xsl:variable name="registered-tree">
      <xsl:for-each select="$personography">
        <xsl:copy-of select="key('registered', $id)"/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="registered" select="exsl:node-set($registered-tree)/tei:person"/>
    <xsl:variable name="office" select="($registered/tei:occupation | tei:occupation)[1]"/>
    <appearance id="{$id}" n="{position()}">
      <xsl:attribute name="sort">
        <xsl:value-of select="translate(concat($registered/tei:persName[@type = 'reg'],
                                substring(substring($id, 1 + 2 * starts-with($id, 'p-')), 1,
                                          1000 * not($registered/tei:persName[@type = 'reg']))),
                                $upper, $lower)"/>
      </xsl:attribute>
      <xsl:attribute name="name">
        <xsl:choose>
          <xsl:when test="$registered/tei:persName[@type = 'reg']">
            <xsl:value-of select="normalize-space($registered/tei:persName[@type = 'reg'])"/>
          </xsl:when>
          <xsl:otherwise>
            <xsl:apply-templates select="$person" mode="name"/>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <xsl:if test="$office">
        <xsl:attribute name="office"><xsl:value-of select="normalize-space($office)"/></xsl:attribute>
      </xsl:if>
      <xsl:if test="$tei/tei:text//tei:sp[@who = concat('#', $id)]">
        <xsl:attribute name="speaks">yes</xsl:attribute>
      </xsl:if>
    </appearance>
  </xsl:template>

  <xsl:template match="appearance" mode="index-entry">
    <li id="person-{@id}">
      <b class="person-name"><xsl:value-of select="@name"/></b>
      <xsl:if test="@office">
        <xsl:text> </xsl:text>
        <span class="person-office"><xsl:value-of select="@office"/></span>
      </xsl:if>
      <xsl:text>: </xsl:text>
      <xsl:for-each select="key('appearances', @id)">
        <xsl:sort select="../@date"/>
        <xsl:sort select="../@stem"/>
        <xsl:if test="position() &gt; 1">; </xsl:if>
        <xsl:call-template name="link">
          <xsl:with-param name="href" select="concat($html-dir, ../@stem-uri, '.html')"/>
          <xsl:with-param name="title" select="string(../@title)"/>
          <xsl:with-param name="content" select="string(../@date-text)"/>
        </xsl:call-template>
        <xsl:if test="@speaks">
          <xsl:text> (speaks)</xsl:text>
        </xsl:if>
      </xsl:for-each>
    </li>
  </xsl:template>
</xsl:stylesheet>
