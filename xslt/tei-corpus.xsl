<?xml version="1.0" encoding="UTF-8"?>
<!--
  tei-corpus.xsl: the whole edition as one TEI file, a teiCorpus, from a corpus listing (see
  teipipe.transform.corpus):

    <corpus personography="tei/persons.xml">
      <doc href="tei/004_616e472c30f512b7.xml" stem="004_616e472c30f512b7"/>
    </corpus>

  The corpus header says what the documents' headers share: the collection title (the one
  most documents give), the publishers, the licence (when every document has the same one),
  and lists the persons of the personography once. Each listed TEI follows, read inside its
  entry (teipipe gathers them there) or else with document(), and copied in mode "member",
  which keeps identifiers unique across the corpus:

  - an xml:id of a document (other than the document's own, and ids already starting with it,
    like its footnotes' d004_...-fn1) is prefixed with the document's xml:id and a hyphen:
    the particDesc's kennedy-john becomes d004_...-kennedy-john, the taxonomy classification
    d004_...-classification;
  - pointers (#id in ref, who, target, corresp, scheme, sameAs ...) to such an id follow it;
  - pointers to a person of the personography point at the corpus header's person, and the
    document's own entry for that person says so with sameAs.

  XSLT 1.0.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns="http://www.tei-c.org/ns/1.0"
    xmlns:exsl="http://exslt.org/common"
    exclude-result-prefixes="tei exsl">

  <xsl:import href="common.xsl"/>

  <!-- No indentation, no stripping (common.xsl strips): the documents are copied as they are. -->
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>
  <xsl:preserve-space elements="*"/>

  <xsl:variable name="documents"
                select="(/corpus/doc/tei:TEI | document(/corpus/doc/@href[not(../tei:TEI)])/tei:TEI)[tei:text/tei:body]"/>
  <xsl:variable name="personography" select="document(/corpus/@personography)/tei:TEI"/>
  <xsl:variable name="people" select="$personography/tei:standOff/tei:listPerson/tei:person"/>
  <xsl:variable name="fileDescs" select="$documents/tei:teiHeader/tei:fileDesc"/>
  <xsl:variable name="first" select="$fileDescs[1]"/>
  <xsl:variable name="licence" select="$first/tei:publicationStmt/tei:availability/tei:licence"/>
  <xsl:variable name="newline" select="'&#10;'"/>

  <!-- ============================================================ the corpus and its header -->

  <xsl:template match="/corpus">
    <xsl:processing-instruction name="xml-model">href="https://teipipe.org/schemas/1/teipipe.rng" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"</xsl:processing-instruction>
    <xsl:value-of select="$newline"/>
    <teiCorpus xml:lang="en">
      <xsl:value-of select="$newline"/>
      <teiHeader>
        <fileDesc>
          <titleStmt>
            <title>
              <xsl:call-template name="collection-title">
                <xsl:with-param name="documents" select="$documents"/>
              </xsl:call-template>
            </title>
            <xsl:copy-of select="$first/tei:titleStmt/tei:respStmt"/>
          </titleStmt>
          <publicationStmt>
            <publisher><xsl:call-template name="corpus-publisher"/></publisher>
            <xsl:if test="count($fileDescs/tei:publicationStmt/tei:availability/tei:licence
                                [@target = $licence/@target and normalize-space() = normalize-space($licence)])
                          = count($documents)">
              <xsl:copy-of select="$first/tei:publicationStmt/tei:availability"/>
            </xsl:if>
          </publicationStmt>
          <sourceDesc>
            <p>
              <xsl:value-of select="count($documents)"/>
              <xsl:text> TEI documents encoded by teipipe, each with the description of its own source in its header.</xsl:text>
              <xsl:if test="$personography">
                <xsl:text> Persons from the personography "</xsl:text>
                <xsl:value-of select="normalize-space($personography/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[1])"/>
                <xsl:text>".</xsl:text>
              </xsl:if>
            </p>
          </sourceDesc>
        </fileDesc>
        <encodingDesc>
          <editorialDecl>
            <p>Identifiers are unique in the corpus: an xml:id of a document that does not start with the document's own xml:id is prefixed with it and a hyphen, and the document's pointers to it are changed to match.</p>
            <xsl:if test="$people">
              <p>The persons of the personography are listed once, in this header. The names and turns of the documents point at them; a document's own entry for such a person points at it with sameAs.</p>
            </xsl:if>
          </editorialDecl>
        </encodingDesc>
        <xsl:if test="$people">
          <profileDesc>
            <particDesc>
              <listPerson>
                <xsl:copy-of select="$people"/>
              </listPerson>
            </particDesc>
          </profileDesc>
        </xsl:if>
      </teiHeader>
      <!-- by listing entry: the order of nodes from several documents is the processor's -->
      <xsl:for-each select="doc">
        <xsl:value-of select="$newline"/>
        <xsl:apply-templates select="(tei:TEI | document(@href[not(../tei:TEI)])/tei:TEI)[tei:text/tei:body]" mode="member"/>
      </xsl:for-each>
      <xsl:value-of select="$newline"/>
    </teiCorpus>
  </xsl:template>

  <!-- The documents' publishers, each once, in the order they first appear. -->
  <xsl:template name="corpus-publisher">
    <xsl:variable name="groups">
      <xsl:call-template name="value-groups">
        <xsl:with-param name="values" select="$fileDescs/tei:publicationStmt/tei:publisher"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:for-each select="exsl:node-set($groups)/*">
      <xsl:sort select="@i" data-type="number"/>
      <xsl:if test="position() &gt; 1">; </xsl:if>
      <xsl:value-of select="."/>
    </xsl:for-each>
  </xsl:template>

  <!-- ============================================================= the documents, mode member -->

  <xsl:template match="*" mode="member">
    <xsl:copy>
      <xsl:apply-templates select="@* | node()" mode="member"/>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="text() | comment() | processing-instruction()" mode="member">
    <xsl:copy/>
  </xsl:template>

  <xsl:template match="@*" mode="member">
    <xsl:copy/>
  </xsl:template>

  <!-- A document's entry for a person of the personography points at the corpus's entry. -->
  <xsl:template match="tei:person" mode="member">
    <xsl:copy>
      <xsl:apply-templates select="@*" mode="member"/>
      <xsl:if test="@xml:id = $people/@xml:id">
        <xsl:attribute name="sameAs">
          <xsl:value-of select="concat('#', @xml:id)"/>
        </xsl:attribute>
      </xsl:if>
      <xsl:apply-templates mode="member"/>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="@xml:id" mode="member">
    <xsl:attribute name="xml:id">
      <xsl:call-template name="member-id"/>
    </xsl:attribute>
  </xsl:template>

  <!-- The document's own id is the prefix: it stays. -->
  <xsl:template match="tei:TEI/@xml:id" mode="member">
    <xsl:copy/>
  </xsl:template>

  <xsl:template match="@ref | @who | @target | @corresp | @scheme | @sameAs | @ana | @source
                       | @resp | @next | @prev | @synch | @hand | @facs" mode="member">
    <xsl:attribute name="{name()}">
      <xsl:call-template name="pointers">
        <xsl:with-param name="list" select="normalize-space()"/>
      </xsl:call-template>
    </xsl:attribute>
  </xsl:template>

  <!-- $id as the corpus knows it: prefixed with the document's xml:id unless it already is. -->
  <xsl:template name="member-id">
    <xsl:param name="id" select="string(.)"/>
    <xsl:variable name="document" select="string(ancestor::tei:TEI[1]/@xml:id)"/>
    <xsl:choose>
      <xsl:when test="$id = $document or starts-with($id, concat($document, '-'))">
        <xsl:value-of select="$id"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="concat($document, '-', $id)"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A space-separated list of pointers, each rewritten; XSLT 1.0 has no tokenize(). -->
  <xsl:template name="pointers">
    <xsl:param name="list"/>
    <xsl:variable name="pointer" select="substring-before(concat($list, ' '), ' ')"/>
    <xsl:variable name="id" select="substring-after($pointer, '#')"/>
    <xsl:choose>
      <xsl:when test="starts-with($pointer, '#') and not($id = $people/@xml:id)
                      and ancestor::tei:TEI[1]//@xml:id[. = $id]">
        <xsl:text>#</xsl:text>
        <xsl:call-template name="member-id">
          <xsl:with-param name="id" select="$id"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="$pointer"/>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:if test="contains($list, ' ')">
      <xsl:text> </xsl:text>
      <xsl:call-template name="pointers">
        <xsl:with-param name="list" select="substring-after($list, ' ')"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
