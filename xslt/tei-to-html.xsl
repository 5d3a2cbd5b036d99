<?xml version="1.0" encoding="UTF-8"?>
<!--
  tei-to-html.xsl: the HTML5 reading edition of one teipipe TEI document.

  One template per TEI element, in the order the profile (docs/tei-profile.md) describes them.
  Modes:
    article    a document as an <article> (also used by corpus-volume.xsl for the volume)
    notes      the notes section at the end of a document (screen)
    footnotes  each footnote in that section
  With $print = 'yes' footnotes stay where they are referenced as <span class="footnote">, for
  CSS paged media (float: footnote) to set at the foot of the page; otherwise they become
  numbered links to a notes list that links back. XSLT 1.0.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="tei">

  <xsl:import href="common.xsl"/>

  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <!-- Where the CSS files are, as a URL prefix ('' = beside the HTML file). -->
  <xsl:param name="css-base" select="''"/>
  <!-- 'yes': HTML meant for WeasyPrint (footnotes in place, print.css). -->
  <xsl:param name="print" select="'no'"/>
  <!-- Link to the corpus index; none when empty. -->
  <xsl:param name="index-href" select="''"/>

  <!-- Page -->

  <xsl:template match="/">
    <xsl:variable name="title">
      <xsl:call-template name="document-title"/>
    </xsl:variable>
    <html lang="{tei:TEI/@xml:lang}">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="$title"/></title>
        <xsl:call-template name="stylesheets"/>
      </head>
      <body class="edition">
        <xsl:if test="$index-href != ''">
          <nav class="site">
            <xsl:call-template name="link">
              <xsl:with-param name="href" select="$index-href"/>
              <xsl:with-param name="content">
                <xsl:value-of select="tei:TEI/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[@type = 'collection']"/>
                <xsl:if test="not(tei:TEI/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[@type = 'collection'])">Index</xsl:if>
              </xsl:with-param>
            </xsl:call-template>
          </nav>
        </xsl:if>
        <main>
          <xsl:apply-templates select="tei:TEI" mode="article"/>
        </main>
        <xsl:apply-templates select="tei:TEI/tei:teiHeader/tei:fileDesc/tei:publicationStmt"/>
      </body>
    </html>
  </xsl:template>

  <xsl:template name="stylesheets">
    <link rel="stylesheet" href="{$css-base}teipipe.css"/>
    <xsl:if test="$print = 'yes'">
      <link rel="stylesheet" href="{$css-base}print.css"/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:publicationStmt">
    <footer class="colophon">
      <p>
        <xsl:apply-templates select="tei:availability/tei:licence"/>
        <xsl:text> Encoded in TEI P5 by </xsl:text>
        <xsl:value-of select="normalize-space(../tei:titleStmt/tei:respStmt/tei:name)"/>
        <xsl:text>.</xsl:text>
      </p>
    </footer>
  </xsl:template>

  <xsl:template match="tei:licence">
    <xsl:call-template name="link">
      <xsl:with-param name="href" select="string(@target)"/>
      <xsl:with-param name="rel" select="'license'"/>
      <xsl:with-param name="content" select="normalize-space()"/>
    </xsl:call-template>
  </xsl:template>

  <!-- Document -->

  <xsl:template match="tei:TEI" mode="article">
    <xsl:variable name="title">
      <xsl:call-template name="document-title">
        <xsl:with-param name="tei" select="."/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="kind">
      <xsl:call-template name="document-kind">
        <xsl:with-param name="tei" select="."/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="classification">
      <xsl:call-template name="classification">
        <xsl:with-param name="tei" select="."/>
      </xsl:call-template>
    </xsl:variable>
    <article class="tei-document" id="{@xml:id}" data-title="{$title}">
      <p class="document-meta">
        <xsl:if test="tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[@type = 'collection']">
          <span class="collection">
            <xsl:value-of select="normalize-space(tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[@type = 'collection'])"/>
          </span>
          <xsl:text> · </xsl:text>
        </xsl:if>
        <span class="kind"><xsl:value-of select="$kind"/></span>
        <xsl:if test="$classification != ''">
          <xsl:text> · </xsl:text>
          <span class="classification"><xsl:value-of select="$classification"/></span>
        </xsl:if>
      </p>
      <xsl:apply-templates select="tei:text/tei:body/tei:div"/>
      <xsl:if test="$print != 'yes' and tei:text//tei:note[@place = 'foot']">
        <xsl:apply-templates select="." mode="notes"/>
      </xsl:if>
    </article>
  </xsl:template>

  <!-- The notes at the end of a document (tei-to-xhtml.xsl sets them as EPUB footnotes). -->
  <xsl:template match="tei:TEI" mode="notes">
    <section class="footnotes" role="doc-endnotes" aria-label="Notes">
      <h2>Notes</h2>
      <ol>
        <xsl:apply-templates select="tei:text//tei:note[@place = 'foot']" mode="footnotes"/>
      </ol>
    </section>
  </xsl:template>

  <xsl:template match="tei:div">
    <div class="document {@subtype}">
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <xsl:template match="tei:div[@type = 'attachment']">
    <section class="attachment">
      <xsl:apply-templates/>
    </section>
  </xsl:template>

  <!-- Headings: the document's title is h1, an attachment's h2 (also when the attachment
       follows the document rather than sits inside it), a subject one level below; one h1. -->
  <xsl:template match="tei:head">
    <xsl:variable name="level"
                  select="count(ancestor::tei:div) + number(@type = 'subject')
                          + number(boolean(parent::tei:div[@type = 'attachment']/parent::tei:body))"/>
    <xsl:element name="h{$level}">
      <xsl:attribute name="class">
        <xsl:value-of select="normalize-space(concat('head ', @type))"/>
      </xsl:attribute>
      <xsl:apply-templates select="node()[not(self::tei:note[@type = 'source'])]"/>
    </xsl:element>
    <xsl:apply-templates select="tei:note[@type = 'source']"/>
  </xsl:template>

  <xsl:template match="tei:note[@type = 'source']">
    <p class="source-note">
      <xsl:apply-templates/>
    </p>
  </xsl:template>

  <xsl:template match="tei:opener">
    <div class="opener">
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <xsl:template match="tei:closer">
    <div class="closer">
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <xsl:template match="tei:dateline">
    <p class="dateline">
      <xsl:apply-templates/>
    </p>
  </xsl:template>

  <xsl:template match="tei:salute">
    <p class="salute">
      <xsl:apply-templates/>
    </p>
  </xsl:template>

  <xsl:template match="tei:signed">
    <p class="signed">
      <xsl:apply-templates/>
    </p>
  </xsl:template>

  <xsl:template match="tei:p">
    <p>
      <xsl:if test="@type">
        <xsl:attribute name="class"><xsl:value-of select="@type"/></xsl:attribute>
      </xsl:if>
      <xsl:apply-templates/>
    </p>
  </xsl:template>

  <!-- Transcripts: the label as written; the person's name and office at their first turn. -->
  <xsl:template match="tei:sp">
    <div class="sp">
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <xsl:template match="tei:speaker">
    <xsl:variable name="document" select="generate-id(ancestor::tei:TEI[1])"/>
    <xsl:variable name="who" select="substring-after(../@who, '#')"/>
    <xsl:variable name="person" select="key('person', concat($document, ' ', $who))"/>
    <p class="speaker">
      <b class="speaker-label">
        <xsl:if test="$person">
          <xsl:attribute name="title">
            <xsl:apply-templates select="$person" mode="name-and-office"/>
          </xsl:attribute>
        </xsl:if>
        <xsl:apply-templates/>
      </b>
      <!-- the first turn of a speaker names them (a key, not a look back at every turn) -->
      <xsl:if test="$person and generate-id(..) = generate-id(key('turns', concat($document, ' ', ../@who))[1])">
        <xsl:text> </xsl:text>
        <span class="speaker-who">
          <xsl:apply-templates select="$person" mode="name-and-office"/>
        </span>
      </xsl:if>
    </p>
  </xsl:template>

  <!-- Lists: labels regenerated as the source wrote them, so every format reads the same. -->
  <xsl:template match="tei:list">
    <ul class="list {@type}">
      <xsl:apply-templates/>
    </ul>
  </xsl:template>

  <xsl:template match="tei:list[@type = 'ordered']">
    <ol class="list ordered {@rend}">
      <xsl:apply-templates/>
    </ol>
  </xsl:template>

  <xsl:template match="tei:item">
    <li>
      <xsl:if test="@n">
        <span class="label"><xsl:apply-templates select="." mode="label"/></span>
        <xsl:text> </xsl:text>
      </xsl:if>
      <xsl:apply-templates/>
    </li>
  </xsl:template>

  <!-- Phrases -->

  <xsl:template match="tei:idno[@type = 'telegram']">
    <span class="telegram-number"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:seg">
    <span class="{@type}"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:orgName">
    <span class="orgName"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:placeName">
    <span class="placeName"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:date">
    <span class="date"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:date[@when]">
    <time datetime="{@when}"><xsl:apply-templates/></time>
  </xsl:template>

  <xsl:template match="tei:persName">
    <xsl:variable name="person"
                  select="key('person', concat(generate-id(ancestor::tei:TEI[1]), ' ', substring-after(@ref, '#')))"/>
    <span class="persName">
      <xsl:if test="$person">
        <xsl:attribute name="title">
          <xsl:apply-templates select="$person" mode="name-and-office"/>
        </xsl:attribute>
      </xsl:if>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <xsl:template match="tei:ref">
    <xsl:variable name="href">
      <xsl:call-template name="expand-pointer"/>
    </xsl:variable>
    <xsl:call-template name="link">
      <xsl:with-param name="href" select="string($href)"/>
      <xsl:with-param name="class" select="'ref'"/>
      <xsl:with-param name="content"><xsl:apply-templates/></xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!--
    Text. In print, a long run without spaces (a URL, a garbled line, a 100,000-letter "word")
    gets zero-width spaces, break opportunities: WeasyPrint lays out an unbreakable run again
    for every line it fills, so its time grows with the square of the run's length (CSS
    overflow-wrap / word-break do not change that). Whitespace-only text goes to common.xsl.
  -->
  <xsl:template match="text()">
    <xsl:choose>
      <xsl:when test="$print = 'yes' and string-length(.) &gt;= 2 * $run-chunk and normalize-space(.) != ''">
        <xsl:call-template name="break-long-runs">
          <xsl:with-param name="text" select="."/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-imports/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Length of the chunks break-long-runs cuts text into. -->
  <xsl:variable name="run-chunk" select="30"/>

  <!--
    $text with a U+200B between every two consecutive full chunks of $run-chunk characters that
    hold no whitespace, so no unbreakable piece is longer than 2 * $run-chunk - 1 characters and a
    word shorter than 2 * $run-chunk is never touched. Halves at a chunk boundary (recursion
    depth log n, time n log n, for megabyte lines too); $joined: the chunk before $text holds
    no whitespace.
  -->
  <xsl:template name="break-long-runs">
    <xsl:param name="text"/>
    <xsl:param name="joined" select="false()"/>
    <xsl:variable name="chunks" select="ceiling(string-length($text) div $run-chunk)"/>
    <xsl:choose>
      <xsl:when test="$chunks &lt;= 1">
        <xsl:if test="$joined and string-length($text) = $run-chunk and translate($text, ' &#9;&#10;&#13;', '') = $text">&#x200B;</xsl:if>
        <xsl:value-of select="$text"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="cut" select="$run-chunk * ceiling($chunks div 2)"/>
        <xsl:variable name="last" select="substring($text, $cut - $run-chunk + 1, $run-chunk)"/>
        <xsl:call-template name="break-long-runs">
          <xsl:with-param name="text" select="substring($text, 1, $cut)"/>
          <xsl:with-param name="joined" select="$joined"/>
        </xsl:call-template>
        <xsl:call-template name="break-long-runs">
          <xsl:with-param name="text" select="substring($text, $cut + 1)"/>
          <xsl:with-param name="joined" select="translate($last, ' &#9;&#10;&#13;', '') = $last"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:lb">
    <br/>
  </xsl:template>

  <xsl:template match="tei:hi">
    <em><xsl:apply-templates/></em>
  </xsl:template>

  <!-- A gap in a footnote whose text the source lost, or where the source breaks off. -->
  <xsl:template match="tei:gap">
    <span class="gap">
      <xsl:attribute name="title">
        <xsl:choose>
          <xsl:when test="@reason = 'truncated'">The source breaks off here: the rest is missing</xsl:when>
          <xsl:otherwise>Missing in the source</xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <xsl:text>[…]</xsl:text>
    </span>
  </xsl:template>

  <!-- The document's number in its collection, as written before the dateline. -->
  <xsl:template match="tei:idno[@type = 'document']">
    <p class="document-number"><xsl:apply-templates/></p>
  </xsl:template>

  <!-- Editorial insertions keep their brackets; a whole-paragraph one is a paragraph. -->
  <xsl:template match="tei:note[@type = 'editorial']">
    <span class="editorial"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:div/tei:note[@type = 'editorial'] | tei:sp/tei:note[@type = 'editorial']" priority="1">
    <p class="editorial"><xsl:apply-templates/></p>
  </xsl:template>

  <!-- Footnotes -->

  <xsl:template match="tei:note[@place = 'foot']">
    <xsl:variable name="id">
      <xsl:apply-templates select="." mode="id"/>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$print = 'yes'">
        <span class="footnote" id="{$id}" data-n="{@n}"><xsl:apply-templates/></span>
      </xsl:when>
      <xsl:otherwise>
        <sup class="noteref"><a id="{$id}-ref" href="#{$id}" role="doc-noteref"><xsl:value-of select="@n"/></a></sup>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:note[@place = 'foot']" mode="footnotes">
    <xsl:variable name="id">
      <xsl:apply-templates select="." mode="id"/>
    </xsl:variable>
    <li id="{$id}" value="{@n}">
      <xsl:apply-templates/>
      <xsl:text> </xsl:text>
      <a class="backref" href="#{$id}-ref" role="doc-backlink" aria-label="Back to note {@n} in the text">↩</a>
    </li>
  </xsl:template>
</xsl:stylesheet>
