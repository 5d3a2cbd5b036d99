<?xml version="1.0" encoding="UTF-8"?>
<!--
  tei-to-text.xsl: the reading text of a teipipe TEI document as plain text.

  Title, source note, dateline, body and attachments in reading order, one block per paragraph
  with a blank line between blocks; footnotes collected at the end under their numbers.

  The encoder's fidelity check reads this output and compares its words with the raw input's,
  so every word of the text (not the header) comes out here, and the only words added are:
    - "[n]" where footnote n is referenced,
    - the heading "Notes" before the footnotes (only when there are footnotes).
  List labels ("1.", "(a)", "a)") and speaker labels ("AES:") are regenerated from item/@n +
  list/@rend and speaker; a gap (footnote text missing in the source, or where the source breaks off) prints as "[…]".
  XSLT 1.0.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="tei">

  <xsl:import href="common.xsl"/>

  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:template match="/">
    <xsl:apply-templates select="tei:TEI/tei:text"/>
    <xsl:if test="tei:TEI/tei:text//tei:note[@place = 'foot']">
      <xsl:text>Notes&#10;&#10;</xsl:text>
      <xsl:apply-templates select="tei:TEI/tei:text//tei:note[@place = 'foot']" mode="endnote"/>
    </xsl:if>
  </xsl:template>

  <!-- Blocks: each ends with a blank line. -->
  <xsl:template match="tei:head | tei:p | tei:dateline | tei:salute | tei:signed
                       | tei:opener/tei:idno
                       | tei:div/tei:note[not(@place = 'foot')] | tei:sp/tei:note[not(@place = 'foot')]">
    <xsl:apply-templates/>
    <xsl:text>&#10;&#10;</xsl:text>
  </xsl:template>

  <!-- The source note belongs to the head but reads as a block of its own after the title. -->
  <xsl:template match="tei:head/tei:note[@type = 'source']">
    <xsl:text>&#10;&#10;</xsl:text>
    <xsl:apply-templates/>
  </xsl:template>

  <!-- The speaker's label opens the first paragraph of the turn. -->
  <xsl:template match="tei:speaker">
    <xsl:apply-templates/>
    <xsl:text>: </xsl:text>
  </xsl:template>

  <!-- An item is its label and its text; an item of paragraphs lets them end the lines. -->
  <xsl:template match="tei:item">
    <xsl:if test="@n">
      <xsl:apply-templates select="." mode="label"/>
      <xsl:text> </xsl:text>
    </xsl:if>
    <xsl:apply-templates/>
    <xsl:if test="not(tei:p | tei:list)">
      <xsl:text>&#10;&#10;</xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- Footnotes: a bracketed number at the reference, the text at the end. -->
  <xsl:template match="tei:note[@place = 'foot']">
    <xsl:text>[</xsl:text>
    <xsl:value-of select="@n"/>
    <xsl:text>]</xsl:text>
  </xsl:template>

  <xsl:template match="tei:note[@place = 'foot']" mode="endnote">
    <xsl:value-of select="@n"/>
    <xsl:text> </xsl:text>
    <xsl:apply-templates/>
    <xsl:text>&#10;&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="tei:lb">
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="tei:gap">
    <xsl:text>[…]</xsl:text>
  </xsl:template>
</xsl:stylesheet>
