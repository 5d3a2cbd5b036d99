<?xml version="1.0" encoding="UTF-8"?>
<!--
  common.xsl: what every teipipe output format shares.

  Whitespace handling for the profile's mixed content, lookups (persons, footnote ids), the
  document's kind, title, date and classification, and list labels regenerated from item/@n and
  list/@rend. Format modules (tei-to-html.xsl, tei-to-text.xsl, tei-to-dc.xsl...) import this
  and add one template per element. XSLT 1.0, no extensions: runs in libxslt, xsltproc, Saxon.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:exsl="http://exslt.org/common"
    exclude-result-prefixes="tei exsl">

  <!-- Pretty-printing whitespace goes; whitespace inside mixed content stays. -->
  <xsl:strip-space elements="*"/>
  <xsl:preserve-space elements="tei:p tei:item tei:note tei:head tei:speaker tei:dateline
      tei:salute tei:signed tei:seg tei:persName tei:placeName tei:date tei:ref tei:idno tei:hi
      tei:title tei:bibl tei:term tei:occupation"/>

  <!-- Indentation between block children of an item or note (which also hold plain text). -->
  <xsl:template match="tei:item/text()[not(normalize-space())][../tei:p[1] or ../tei:list[1]]
                       | tei:note/text()[not(normalize-space())][../tei:p[1] or ../tei:list[1]]"
                priority="2"/>

  <!-- Persons by xml:id and turns by @who, within their own document: each key value starts
       with the generate-id() of the document's TEI element and a space, so one tree that holds
       many documents (the corpus listing teipipe gathers for the volumes) finds only a
       document's own. -->
  <xsl:key name="person" match="tei:person"
           use="concat(generate-id(ancestor::tei:TEI[1]), ' ', @xml:id)"/>
  <xsl:key name="turns" match="tei:sp" use="concat(generate-id(ancestor::tei:TEI[1]), ' ', @who)"/>

  <!-- Title of the document: the main title of the header, else the body's head. -->
  <xsl:template name="document-title">
    <xsl:param name="tei" select="ancestor-or-self::tei:TEI[1] | /tei:TEI"/>
    <xsl:variable name="main" select="$tei/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[@type = 'main']"/>
    <xsl:choose>
      <xsl:when test="$main">
        <xsl:value-of select="normalize-space($main)"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="normalize-space($tei/tei:text/tei:body/tei:div[1]/tei:head[1]/text())"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The collection most of $documents (tei:TEI elements) name, the first of equals; when
       none names one, what the corpus is. A caller that has read the collection titles and
       counted the documents already gives $collections and $count instead. -->
  <xsl:template name="collection-title">
    <xsl:param name="documents" select="/.."/>
    <xsl:param name="collections"
               select="$documents/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[@type = 'collection']"/>
    <xsl:param name="count" select="count($documents)"/>
    <xsl:call-template name="most-frequent">
      <xsl:with-param name="values" select="$collections"/>
    </xsl:call-template>
    <xsl:if test="not($collections)">
      <xsl:text>A corpus of </xsl:text>
      <xsl:value-of select="$count"/>
      <xsl:text> documents</xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- The normalized value most of $values have, the first of equals (the one met first). -->
  <xsl:template name="most-frequent">
    <xsl:param name="values"/>
    <xsl:variable name="groups">
      <xsl:call-template name="value-groups">
        <xsl:with-param name="values" select="$values"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:for-each select="exsl:node-set($groups)/group">
      <xsl:sort select="@size" data-type="number" order="descending"/>
      <xsl:sort select="@i" data-type="number"/>
      <xsl:if test="position() = 1">
        <xsl:value-of select="."/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- The normalized values of $values, each once as a <group> with @i, the place among $values
       where it first stands, and @size, how many have it. The values are sorted, so that equal
       ones stand together, each group in its order among $values, and a group's size is the
       distance to the next group's start. Both a key (key() copies all it returns: every value
       of a one-collection corpus, for each of its documents) and comparing each value with all
       the others take time in the square of the corpus. -->
  <xsl:template name="value-groups">
    <xsl:param name="values"/>
    <xsl:variable name="placed">
      <xsl:for-each select="$values">
        <value i="{position()}"><xsl:value-of select="normalize-space()"/></value>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="sorted-tree">
      <xsl:for-each select="exsl:node-set($placed)/value">
        <xsl:sort select="."/>
        <xsl:sort select="@i" data-type="number"/>
        <value i="{@i}" n="{position()}"><xsl:value-of select="."/></value>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="sorted" select="exsl:node-set($sorted-tree)/value"/>
    <xsl:variable name="end" select="count($sorted) + 1"/>
    <xsl:for-each select="$sorted[not(. = preceding-sibling::value[1])]">
      <xsl:variable name="next"
                    select="following-sibling::value[not(. = preceding-sibling::value[1])][1]/@n"/>
      <group i="{@i}">
        <xsl:attribute name="size">
          <xsl:choose>
            <xsl:when test="$next"><xsl:value-of select="$next - @n"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="$end - @n"/></xsl:otherwise>
          </xsl:choose>
        </xsl:attribute>
        <xsl:value-of select="."/>
      </group>
    </xsl:for-each>
  </xsl:template>

  <!-- The sortable ISO date of a document (@when, else @from), empty when undated. -->
  <xsl:template name="document-iso-date">
    <xsl:param name="tei" select="ancestor-or-self::tei:TEI[1] | /tei:TEI"/>
    <xsl:variable name="date" select="$tei/tei:teiHeader/tei:profileDesc/tei:creation/tei:date"/>
    <xsl:value-of select="($date/@when | $date/@from)[1]"/>
  </xsl:template>

  <!-- What kind of record this is, from the opening words of its title (FRUS wording). -->
  <xsl:template name="document-kind">
    <xsl:param name="tei" select="ancestor-or-self::tei:TEI[1] | /tei:TEI"/>
    <xsl:variable name="title">
      <xsl:call-template name="document-title">
        <xsl:with-param name="tei" select="$tei"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$tei/tei:text/tei:body/tei:div[@subtype = 'editorial-note']
                      or starts-with($title, 'Editorial Note')">Editorial note</xsl:when>
      <xsl:when test="starts-with($title, 'Memorandum of Telephone Conversation')">Telephone conversation</xsl:when>
      <xsl:when test="starts-with($title, 'Memorandum of Conversation')">Conversation</xsl:when>
      <xsl:when test="starts-with($title, 'Summary Record') or starts-with($title, 'Record of')
                      or starts-with($title, 'Memorandum of Meeting') or starts-with($title, 'Minutes')">Meeting record</xsl:when>
      <xsl:when test="starts-with($title, 'Memorandum')">Memorandum</xsl:when>
      <xsl:when test="starts-with($title, 'Telegram')">Telegram</xsl:when>
      <xsl:when test="starts-with($title, 'Letter')">Letter</xsl:when>
      <xsl:when test="starts-with($title, 'Message')">Message</xsl:when>
      <xsl:otherwise>Document</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Classification terms joined as the source note writes them: "Top Secret; Eyes Only". -->
  <xsl:template name="classification">
    <xsl:param name="tei" select="ancestor-or-self::tei:TEI[1] | /tei:TEI"/>
    <xsl:for-each select="$tei/tei:teiHeader/tei:profileDesc/tei:textClass/tei:keywords[@scheme = '#classification']/tei:term">
      <xsl:if test="position() &gt; 1">; </xsl:if>
      <xsl:value-of select="normalize-space()"/>
    </xsl:for-each>
  </xsl:template>

  <!-- A person's display name: the document's persName, else the personography's. -->
  <xsl:template match="tei:person" mode="name">
    <xsl:choose>
      <xsl:when test="tei:persName[not(@type = 'reg')]">
        <xsl:value-of select="normalize-space(tei:persName[not(@type = 'reg')][1])"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="normalize-space(tei:persName[1])"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:person" mode="name-and-office">
    <xsl:apply-templates select="." mode="name"/>
    <xsl:if test="tei:occupation">
      <xsl:text>, </xsl:text>
      <xsl:value-of select="normalize-space(tei:occupation[1])"/>
    </xsl:if>
  </xsl:template>

  <!-- The id a footnote is known by; the profile gives one, an older file may not. -->
  <xsl:template match="tei:note" mode="id">
    <xsl:choose>
      <xsl:when test="@xml:id">
        <xsl:value-of select="@xml:id"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="concat(ancestor::tei:TEI[1]/@xml:id, '-fn', @n)"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A list item's label as the source wrote it: 1.  (a)  a)  -->
  <xsl:template match="tei:item" mode="label">
    <xsl:if test="@n">
      <xsl:variable name="rend" select="../@rend"/>
      <xsl:choose>
        <xsl:when test="$rend = 'parens'">(<xsl:value-of select="@n"/>)</xsl:when>
        <xsl:when test="$rend = 'paren'"><xsl:value-of select="@n"/>)</xsl:when>
        <xsl:otherwise><xsl:value-of select="@n"/>.</xsl:otherwise>
      </xsl:choose>
    </xsl:if>
  </xsl:template>

  <!--
    A "prefix:value" pointer expanded with the header's prefixDef. XSLT 1.0 has no regular
    expressions, so the matchPattern is read as a literal lead followed by one group
    (d([0-9]+) is 'd' then $1), which covers the profile's frus prefix.
  -->
  <xsl:template name="expand-pointer">
    <xsl:param name="target" select="@target"/>
    <xsl:variable name="prefix" select="substring-before($target, ':')"/>
    <xsl:variable name="def" select="ancestor-or-self::tei:TEI[1]/tei:teiHeader/tei:encodingDesc/tei:listPrefixDef/tei:prefixDef[@ident = $prefix]"/>
    <xsl:choose>
      <xsl:when test="starts-with($target, '#')">
        <xsl:value-of select="$target"/>
      </xsl:when>
      <xsl:when test="$def and contains($def/@replacementPattern, '$1')">
        <xsl:variable name="lead" select="substring-before($def/@matchPattern, '(')"/>
        <xsl:variable name="value" select="substring-after($target, ':')"/>
        <xsl:variable name="group" select="substring-after($value, $lead)"/>
        <xsl:if test="starts-with($value, $lead) and $group != ''">
          <xsl:value-of select="concat(substring-before($def/@replacementPattern, '$1'), $group,
                                       substring-after($def/@replacementPattern, '$1'))"/>
        </xsl:if>
      </xsl:when>
      <xsl:when test="contains($target, '://')">
        <xsl:value-of select="$target"/>
      </xsl:when>
    </xsl:choose>
  </xsl:template>
  <!--
    Every link the edition makes goes through here: an <a href> when $href is safe to follow,
    else $content as text (in a span of $class when one is given). Safe means http, https,
    mailto, or a relative or fragment reference; javascript:, data:, vbscript:, file: and any
    other scheme never become a link, however the TEI spells them. The scheme is read as a
    browser reads it (WHATWG URL): tabs and newlines anywhere are dropped, leading and trailing
    spaces ignored, case ignored, so ' JaVaScRiPt:' and 'java&#9;script:' are caught.
  -->
  <xsl:template name="link">
    <xsl:param name="href"/>
    <xsl:param name="content"/>
    <xsl:param name="class" select="''"/>
    <xsl:param name="rel" select="''"/>
    <xsl:param name="title" select="''"/>
    <xsl:variable name="read">
      <xsl:call-template name="safe-href">
        <xsl:with-param name="href" select="$href"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$read != ''">
        <a>
          <xsl:if test="$class != ''">
            <xsl:attribute name="class"><xsl:value-of select="$class"/></xsl:attribute>
          </xsl:if>
          <xsl:if test="$rel != ''">
            <xsl:attribute name="rel"><xsl:value-of select="$rel"/></xsl:attribute>
          </xsl:if>
          <xsl:attribute name="href"><xsl:value-of select="$read"/></xsl:attribute>
          <xsl:if test="$title != ''">
            <xsl:attribute name="title"><xsl:value-of select="$title"/></xsl:attribute>
          </xsl:if>
          <xsl:copy-of select="$content"/>
        </a>
      </xsl:when>
      <xsl:when test="$class != ''">
        <span class="{$class}"><xsl:copy-of select="$content"/></span>
      </xsl:when>
      <xsl:otherwise>
        <xsl:copy-of select="$content"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- $href as a browser reads it when it is safe to follow (see "link"), else ''. -->
  <xsl:template name="safe-href">
    <xsl:param name="href"/>
    <xsl:variable name="read" select="normalize-space(translate($href, '&#9;&#10;&#13;', ''))"/>
    <xsl:variable name="scheme" select="translate(substring-before($read, ':'), $uppercase, $lowercase)"/>
    <xsl:if test="$read != '' and (not(contains($read, ':'))
                  or $scheme = 'http' or $scheme = 'https' or $scheme = 'mailto'
                  or translate($scheme, 'abcdefghijklmnopqrstuvwxyz0123456789+.-', '') != '')">
      <xsl:value-of select="$read"/>
    </xsl:if>
  </xsl:template>

  <xsl:variable name="uppercase" select="'ABCDEFGHIJKLMNOPQRSTUVWXYZ'"/>
  <xsl:variable name="lowercase" select="'abcdefghijklmnopqrstuvwxyz'"/>
</xsl:stylesheet>
