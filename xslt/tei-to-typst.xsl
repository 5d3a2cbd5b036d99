<?xml version="1.0" encoding="UTF-8"?>
<!--
  tei-to-typst.xsl: one teipipe TEI document as Typst markup, for the PDF (Typst typesets it
  with print.typ, which holds the page setup and the layout functions called here).

  One template per TEI element, mirroring tei-to-html.xsl. Modes:
    document   a document from a new page (also used by corpus-volume-typst.xsl)
  Every piece of text from the TEI goes through the named template "typst-escape" (by way of
  "typst-text"), so no character of a document is ever read as Typst syntax: markup, code,
  math, comments, labels, references, shorthands or smart quotes. Markup written here calls
  functions only (#heading[...], never "= ..."), so nothing depends on where a line starts.
  XSLT 1.0; EXSLT's strings functions where the processor has them (libxslt does), for speed.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:exsl="http://exslt.org/common"
    xmlns:str="http://exslt.org/strings"
    exclude-result-prefixes="tei exsl str">

  <xsl:import href="common.xsl"/>

  <xsl:output method="text" encoding="UTF-8"/>

  <!-- Page -->

  <xsl:template match="/">
    <xsl:text>#import "/print.typ": *&#10;#show: edition.with(title: [</xsl:text>
    <xsl:call-template name="title-markup">
      <xsl:with-param name="tei" select="tei:TEI"/>
    </xsl:call-template>
    <xsl:text>], lang: "</xsl:text>
    <xsl:call-template name="language">
      <xsl:with-param name="tag" select="string(tei:TEI/@xml:lang)"/>
    </xsl:call-template>
    <xsl:text>")&#10;</xsl:text>
    <xsl:apply-templates select="tei:TEI" mode="document"/>
  </xsl:template>

  <!-- A language tag Typst accepts (two or three ASCII letters), English otherwise. -->
  <xsl:template name="language">
    <xsl:param name="tag"/>
    <xsl:variable name="primary" select="translate(substring-before(concat($tag, '-'), '-'), $uppercase, $lowercase)"/>
    <xsl:choose>
      <xsl:when test="string-length($primary) &gt;= 2 and string-length($primary) &lt;= 3
                      and translate($primary, $lowercase, '') = ''">
        <xsl:value-of select="$primary"/>
      </xsl:when>
      <xsl:otherwise>en</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The document's title, escaped. -->
  <xsl:template name="title-markup">
    <xsl:param name="tei"/>
    <xsl:call-template name="typst-text">
      <xsl:with-param name="text">
        <xsl:call-template name="document-title">
          <xsl:with-param name="tei" select="$tei"/>
        </xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- The label of a document (its xml:id) when Typst can read it as one: the profile's ids are
       ASCII NCNames, which are; a PDF link then reaches it as a named destination. -->
  <xsl:template match="tei:TEI" mode="label">
    <xsl:call-template name="label">
      <xsl:with-param name="id" select="string(@xml:id)"/>
    </xsl:call-template>
  </xsl:template>

  <!-- The label for the xml:id $id (corpus-volume-typst.xsl has the ids of its contents). -->
  <xsl:template name="label">
    <xsl:param name="id"/>
    <xsl:if test="$id != '' and translate($id, concat($uppercase, $lowercase, '0123456789_-.'), '') = ''">
      <xsl:value-of select="concat('&lt;', $id, '&gt;')"/>
    </xsl:if>
  </xsl:template>

  <!-- Document -->

  <xsl:template match="tei:TEI" mode="document">
    <xsl:param name="colophon" select="true()"/>
    <xsl:variable name="label">
      <xsl:apply-templates select="." mode="label"/>
    </xsl:variable>
    <xsl:variable name="classification">
      <xsl:call-template name="classification">
        <xsl:with-param name="tei" select="."/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:text>#tei-document(start: </xsl:text>
    <xsl:value-of select="$label"/>
    <xsl:if test="$label = ''">none</xsl:if>
    <xsl:text>, title: [</xsl:text>
    <xsl:call-template name="title-markup">
      <xsl:with-param name="tei" select="."/>
    </xsl:call-template>
    <xsl:text>])[&#10;</xsl:text>
    <!-- the label goes on the document's title (a heading: a PDF named destination), else here -->
    <xsl:if test="$label != '' and not(tei:text/tei:body/tei:div[1]/tei:head)">
      <xsl:value-of select="concat('#metadata(none) ', $label, '&#10;')"/>
    </xsl:if>
    <xsl:text>#document-meta[</xsl:text>
    <xsl:if test="tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[@type = 'collection']">
      <xsl:call-template name="typst-text">
        <xsl:with-param name="text" select="normalize-space(tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[@type = 'collection'])"/>
      </xsl:call-template>
      <xsl:text> · </xsl:text>
    </xsl:if>
    <xsl:call-template name="document-kind">
      <xsl:with-param name="tei" select="."/>
    </xsl:call-template>
    <xsl:if test="$classification != ''">
      <xsl:text> · </xsl:text>
      <xsl:call-template name="typst-text">
        <xsl:with-param name="text" select="$classification"/>
      </xsl:call-template>
    </xsl:if>
    <xsl:text>]&#10;&#10;</xsl:text>
    <xsl:apply-templates select="tei:text/tei:body/tei:div"/>
    <xsl:if test="$colophon">
      <xsl:apply-templates select="tei:teiHeader/tei:fileDesc/tei:publicationStmt"/>
    </xsl:if>
    <xsl:text>]&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="tei:publicationStmt">
    <xsl:text>#colophon[</xsl:text>
    <xsl:apply-templates select="tei:availability/tei:licence"/>
    <xsl:text> Encoded in TEI P5 by </xsl:text>
    <xsl:call-template name="typst-text">
      <xsl:with-param name="text" select="normalize-space(../tei:titleStmt/tei:respStmt/tei:name)"/>
    </xsl:call-template>
    <xsl:text>\.]&#10;&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="tei:licence">
    <xsl:call-template name="typst-link">
      <xsl:with-param name="href" select="string(@target)"/>
      <xsl:with-param name="text" select="normalize-space()"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:div">
    <xsl:apply-templates/>
  </xsl:template>

  <xsl:template match="tei:div[@type = 'attachment']">
    <xsl:text>#attachment[&#10;</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>]&#10;&#10;</xsl:text>
  </xsl:template>

  <!-- Headings: the document's title is level 1, an attachment's 2, a subject one below; they
       are the PDF's bookmarks. The source note follows as the first, unnumbered footnote. -->
  <xsl:template match="tei:head">
    <xsl:variable name="level" select="count(ancestor::tei:div) + number(@type = 'subject')"/>
    <xsl:value-of select="concat('#heading(level: ', $level, ')[')"/>
    <xsl:apply-templates select="node()[not(self::tei:note[@type = 'source'])]"/>
    <xsl:text>]</xsl:text>
    <xsl:if test="generate-id() = generate-id(ancestor::tei:TEI/tei:text/tei:body/tei:div[1]/tei:head[1])">
      <xsl:text> </xsl:text>
      <xsl:apply-templates select="ancestor::tei:TEI" mode="label"/>
    </xsl:if>
    <xsl:text>&#10;</xsl:text>
    <xsl:apply-templates select="tei:note[@type = 'source']"/>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="tei:note[@type = 'source']">
    <xsl:text>#source-note[</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>]</xsl:text>
  </xsl:template>

  <xsl:template match="tei:opener">
    <xsl:text>#opener[&#10;</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>]&#10;&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="tei:closer">
    <xsl:text>#closer[&#10;</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>]&#10;&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="tei:dateline">
    <xsl:text>#dateline[</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>]&#10;&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="tei:salute">
    <xsl:text>#salute[</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>]&#10;&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="tei:signed">
    <xsl:text>#signed[</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>]&#10;&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="tei:p">
    <xsl:apply-templates/>
    <xsl:text>&#10;&#10;</xsl:text>
  </xsl:template>

  <!-- Transcripts: the label as written; the person's name and office at their first turn. -->
  <xsl:template match="tei:sp">
    <xsl:text>#turn[</xsl:text>
    <xsl:apply-templates select="tei:speaker"/>
    <xsl:text>][&#10;</xsl:text>
    <xsl:apply-templates select="node()[not(self::tei:speaker)]"/>
    <xsl:text>]&#10;&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="tei:speaker">
    <xsl:variable name="document" select="generate-id(ancestor::tei:TEI[1])"/>
    <xsl:variable name="who" select="substring-after(../@who, '#')"/>
    <xsl:variable name="person" select="key('person', concat($document, ' ', $who))"/>
    <xsl:text>#strong[</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>]</xsl:text>
    <xsl:if test="$person and generate-id(..) = generate-id(key('turns', concat($document, ' ', ../@who))[1])">
      <xsl:text> #speaker-who[</xsl:text>
      <xsl:call-template name="typst-text">
        <xsl:with-param name="text">
          <xsl:apply-templates select="$person" mode="name-and-office"/>
        </xsl:with-param>
      </xsl:call-template>
      <xsl:text>]</xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- Lists: labels regenerated as the source wrote them, so every format reads the same. -->
  <xsl:template match="tei:list">
    <xsl:apply-templates/>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="tei:item">
    <xsl:text>#item[</xsl:text>
    <xsl:choose>
      <xsl:when test="@n">
        <xsl:call-template name="typst-text">
          <xsl:with-param name="text">
            <xsl:apply-templates select="." mode="label"/>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="not(../@type = 'ordered')">•</xsl:when>
    </xsl:choose>
    <xsl:text>][</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>]&#10;</xsl:text>
  </xsl:template>

  <!-- Phrases: print shows their text; links stay links. -->

  <xsl:template match="tei:idno[@type = 'telegram'] | tei:seg | tei:orgName | tei:placeName
                       | tei:date | tei:persName">
    <xsl:apply-templates/>
  </xsl:template>

  <xsl:template match="tei:ref">
    <xsl:variable name="href">
      <xsl:call-template name="expand-pointer"/>
    </xsl:variable>
    <xsl:variable name="safe">
      <xsl:call-template name="safe-href">
        <xsl:with-param name="href" select="string($href)"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$safe != '' and not(starts-with($safe, '#'))">
        <xsl:text>#href[</xsl:text>
        <xsl:call-template name="typst-escape">
          <xsl:with-param name="text" select="$safe"/>
        </xsl:call-template>
        <xsl:text>][</xsl:text>
        <xsl:apply-templates/>
        <xsl:text>]</xsl:text>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- $text as a link to $href when that is safe to follow, else as text. -->
  <xsl:template name="typst-link">
    <xsl:param name="href"/>
    <xsl:param name="text"/>
    <xsl:variable name="safe">
      <xsl:call-template name="safe-href">
        <xsl:with-param name="href" select="$href"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:if test="$safe != '' and not(starts-with($safe, '#'))">
      <xsl:text>#href[</xsl:text>
      <xsl:call-template name="typst-escape">
        <xsl:with-param name="text" select="$safe"/>
      </xsl:call-template>
      <xsl:text>][</xsl:text>
    </xsl:if>
    <xsl:call-template name="typst-text">
      <xsl:with-param name="text" select="$text"/>
    </xsl:call-template>
    <xsl:if test="$safe != '' and not(starts-with($safe, '#'))">]</xsl:if>
  </xsl:template>

  <xsl:template match="tei:lb">
    <xsl:text>#linebreak()</xsl:text>
  </xsl:template>

  <xsl:template match="tei:hi">
    <xsl:text>#emph[</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>]</xsl:text>
  </xsl:template>

  <xsl:template match="tei:gap">
    <xsl:text>\[…\]</xsl:text>
  </xsl:template>

  <!-- Editorial insertions keep their brackets; a whole-paragraph one is a paragraph. -->
  <xsl:template match="tei:note[@type = 'editorial']">
    <xsl:text>#editorial[</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>]</xsl:text>
  </xsl:template>

  <xsl:template match="tei:div/tei:note[@type = 'editorial'] | tei:sp/tei:note[@type = 'editorial']" priority="1">
    <xsl:text>#editorial-par[</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>]&#10;&#10;</xsl:text>
  </xsl:template>

  <!-- Footnotes: at the foot of the page of their call, numbered as the source numbers them. -->
  <xsl:template match="tei:note[@place = 'foot']">
    <xsl:text>#note[</xsl:text>
    <xsl:call-template name="typst-text">
      <xsl:with-param name="text" select="string(@n)"/>
    </xsl:call-template>
    <xsl:text>][</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>]</xsl:text>
  </xsl:template>

  <!-- Text -->

  <xsl:template match="text()">
    <xsl:call-template name="typst-text">
      <xsl:with-param name="text" select="."/>
    </xsl:call-template>
  </xsl:template>

  <!-- Length of the chunks typst-text cuts text into. -->
  <xsl:variable name="run-chunk" select="30"/>

  <!--
    $text as Typst markup: line ends and tabs as spaces (a blank line would end the paragraph),
    escaped, and with an invisible break opportunity (#brk, an empty box: not in the PDF's text)
    between every two consecutive full chunks of $run-chunk characters that hold no whitespace,
    so a 5,000-letter word wraps instead of running off the page. Halves at a chunk boundary
    (recursion depth log n); $joined: the chunk before $text holds no whitespace.
  -->
  <xsl:template name="typst-text">
    <xsl:param name="text"/>
    <xsl:param name="joined" select="false()"/>
    <xsl:variable name="flat" select="translate($text, '&#9;&#10;&#13;', '   ')"/>
    <xsl:variable name="chunks" select="ceiling(string-length($flat) div $run-chunk)"/>
    <xsl:choose>
      <!-- the common case, at once where EXSLT's str:tokenize is at hand: no run of two chunks'
           length without a space, so no break can be due -->
      <xsl:when test="not($joined) and function-available('str:tokenize')
                      and not(str:tokenize($flat, ' ')[string-length() &gt;= 2 * $run-chunk])">
        <xsl:call-template name="typst-escape">
          <xsl:with-param name="text" select="$flat"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="$chunks &lt;= 1">
        <xsl:if test="$joined and string-length($flat) = $run-chunk and not(contains($flat, ' '))">#brk;</xsl:if>
        <xsl:call-template name="typst-escape">
          <xsl:with-param name="text" select="$flat"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="cut" select="$run-chunk * ceiling($chunks div 2)"/>
        <xsl:variable name="last" select="substring($flat, $cut - $run-chunk + 1, $run-chunk)"/>
        <xsl:call-template name="typst-text">
          <xsl:with-param name="text" select="substring($flat, 1, $cut)"/>
          <xsl:with-param name="joined" select="$joined"/>
        </xsl:call-template>
        <xsl:call-template name="typst-text">
          <xsl:with-param name="text" select="substring($flat, $cut + 1)"/>
          <xsl:with-param name="joined" select="not(contains($last, ' '))"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The characters Typst markup may read as syntax: markup (* _ ` = - + / ~ < > @ [ ]),
       code (#), math ($), escapes (\), comments (/), shorthands (- . ~), smart quotes (' "),
       list and heading markers at a line's start (= - + / and the '.' of "1."), and what may
       continue an expression just written (( ) ; .). -->
  <xsl:variable name="typst-specials">\#$*_`&lt;&gt;@[]=-+/~"'.();:</xsl:variable>

  <!--
    THE escape: every character of $text that Typst markup treats specially gets a backslash.
    Where EXSLT's str:replace is at hand (libxslt, in C) it replaces all the specials in one
    call. Elsewhere (Saxon) text without any is written as it is, and other text is halved
    until single characters remain (recursion depth log n): some 400 template calls for a
    document, which were the larger part of its markup's time under libxslt.
  -->
  <xsl:template name="typst-escape">
    <xsl:param name="text"/>
    <xsl:choose>
      <xsl:when test="function-available('str:replace')">
        <xsl:value-of select="str:replace($text, $typst-special-nodes, $typst-escaped-nodes)"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="typst-escape-halving">
          <xsl:with-param name="text" select="$text"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- typst-escape in XSLT 1.0 alone: halving $text around its specials. -->
  <xsl:template name="typst-escape-halving">
    <xsl:param name="text"/>
    <xsl:variable name="length" select="string-length($text)"/>
    <xsl:choose>
      <xsl:when test="translate($text, $typst-specials, '') = $text">
        <xsl:value-of select="$text"/>
      </xsl:when>
      <xsl:when test="$length = 1">
        <xsl:value-of select="concat('\', $text)"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="half" select="floor($length div 2)"/>
        <xsl:call-template name="typst-escape-halving">
          <xsl:with-param name="text" select="substring($text, 1, $half)"/>
        </xsl:call-template>
        <xsl:call-template name="typst-escape-halving">
          <xsl:with-param name="text" select="substring($text, $half + 1)"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- $typst-specials as nodes, one character each, and each with its backslash: the search
       and replacement lists of str:replace. -->
  <xsl:variable name="typst-special-tree">
    <xsl:call-template name="typst-special-rows">
      <xsl:with-param name="characters" select="$typst-specials"/>
    </xsl:call-template>
  </xsl:variable>
  <xsl:variable name="typst-special-nodes" select="exsl:node-set($typst-special-tree)/special"/>
  <xsl:variable name="typst-escaped-nodes" select="exsl:node-set($typst-special-tree)/escaped"/>

  <xsl:template name="typst-special-rows">
    <xsl:param name="characters"/>
    <xsl:if test="$characters != ''">
      <special><xsl:value-of select="substring($characters, 1, 1)"/></special>
      <escaped><xsl:value-of select="concat('\', substring($characters, 1, 1))"/></escaped>
      <xsl:call-template name="typst-special-rows">
        <xsl:with-param name="characters" select="substring($characters, 2)"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
