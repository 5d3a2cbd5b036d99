<?xml version="1.0" encoding="UTF-8"?>
<!--
  schematron-compile.xsl: an ISO Schematron schema (includes resolved and abstract patterns
  instantiated beforehand, by teipipe.validate.schematron_source) to an XSLT 3.0 stylesheet
  that checks a document and writes SVRL.

  Why XSLT 3.0 here, not 1.0 like the publishing stylesheets: the result runs on Saxon, and
  Schematron as projects write it needs an XSLT 2/3 host: current(), key(), xsl:function,
  `=>`, maps. Why our own compiler, not the ISO skeleton or SchXslt: a compact one we can read,
  and a result that is cheap per document:

  - one pass over the document for all patterns: every rule is a template of one mode, in
    schema order of priority; each node goes through the rules that match it with
    xsl:next-match, and a pattern already handled for the node (its first matching rule fired:
    ISO semantics) is skipped through the `done` parameter;
  - only failures are written (no fired-rule/active-pattern records), with `location`, a path
    of element positions (`/*[1]/*[3]`) that teipipe resolves on its own tree for the line
    (Saxon-HE has no line-number function);
  - each assert/report runs in xsl:try: a dynamic error (xs:integer('x')) becomes a failure
    carrying `error`, not the end of the whole run.

  Internal names use EQNames (Q{urn:teipipe:schematron}...) so that no prefix of the schema can
  clash with them. Parameter: `phase` (#DEFAULT, #ALL or a phase id).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:out="urn:teipipe:xslt-alias"
    xmlns:sch="http://purl.oclc.org/dsdl/schematron"
    xmlns:svrl="http://purl.oclc.org/dsdl/svrl"
    xmlns:run="urn:teipipe:schematron"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    exclude-result-prefixes="sch xs run">

  <xsl:namespace-alias stylesheet-prefix="out" result-prefix="xsl"/>
  <xsl:output method="xml" indent="no"/>

  <xsl:param name="phase" as="xs:string" select="'#DEFAULT'"/>

  <xsl:variable name="MODE" as="xs:string" select="'Q{urn:teipipe:schematron}check'"/>
  <xsl:variable name="DONE" as="xs:string" select="'Q{urn:teipipe:schematron}done'"/>
  <xsl:variable name="WHERE" as="xs:string" select="'Q{urn:teipipe:schematron}where'"/>

  <!-- xs: is always there, as in Schematron engines generally, unless the schema binds it -->
  <xsl:variable name="XS" as="node()">
    <xsl:namespace name="xs" select="'http://www.w3.org/2001/XMLSchema'"/>
  </xsl:variable>

  <xsl:key name="abstract-rule" match="sch:rule[@abstract = 'true']" use="@id"/>
  <xsl:key name="diagnostic" match="sch:diagnostic" use="@id"/>
  <xsl:key name="property" match="sch:property" use="@id"/>
  <xsl:key name="pattern" match="sch:pattern" use="@id"/>

  <!-- A broken schema: the error says why (Saxon reports its description). -->
  <xsl:function name="run:broken" as="empty-sequence()">
    <xsl:param name="why" as="xs:string"/>
    <xsl:sequence select="error(QName('urn:teipipe:schematron', 'broken-schema'), $why)"/>
  </xsl:function>

  <!-- A value for an attribute of a literal result element (an attribute value template). -->
  <xsl:function name="run:literal" as="xs:string">
    <xsl:param name="value" as="xs:string?"/>
    <xsl:sequence select="replace(string($value), '([{}])', '$1$1')"/>
  </xsl:function>

  <!-- ============================================================== the stylesheet -->
  <xsl:template match="/sch:schema">
    <xsl:variable name="effective" as="xs:string"
        select="if ($phase = '#DEFAULT') then (@defaultPhase[. != ''], '#ALL')[1] else $phase"/>
    <xsl:variable name="chosen" as="element(sch:phase)?" select="sch:phase[@id = $effective]"/>
    <xsl:if test="$effective != '#ALL' and empty($chosen)">
      <xsl:sequence select="run:broken('no phase &quot;' || $effective || '&quot; in the schema')"/>
    </xsl:if>
    <xsl:variable name="patterns" as="element(sch:pattern)*"
        select="if (empty($chosen)) then sch:pattern[not(@abstract = 'true')]
                else sch:pattern[@id = $chosen/sch:active/@pattern]"/>
    <xsl:variable name="rules" as="element(sch:rule)*"
        select="$patterns/sch:rule[not(@abstract = 'true')]"/>
    <out:stylesheet version="3.0">
      <xsl:for-each-group select="(sch:ns, namespace::*[name() != '' and name() != 'xml'], $XS)"
          group-by="if (self::sch:ns) then string(@prefix) else name()">
        <xsl:namespace name="{current-grouping-key()}"
            select="if (self::sch:ns) then string(@uri) else string(.)"/>
      </xsl:for-each-group>
      <xsl:apply-templates select="xsl:import" mode="copy"/>
      <xsl:apply-templates select="*[namespace-uri() = 'http://www.w3.org/1999/XSL/Transform']
          except xsl:import" mode="copy"/>
      <xsl:apply-templates select="sch:let, $chosen/sch:let, $patterns/sch:let" mode="global"/>
      <out:template match="/">
        <svrl:schematron-output phase="{run:literal($effective)}">
          <out:apply-templates select="." mode="{$MODE}"/>
        </svrl:schematron-output>
      </out:template>
      <xsl:for-each select="$rules">
        <xsl:apply-templates select="." mode="rule">
          <xsl:with-param name="priority" select="count($rules) - position() + 1"/>
          <xsl:with-param name="pattern" select="index-of($patterns ! generate-id(), generate-id(..))"/>
        </xsl:apply-templates>
      </xsl:for-each>
      <xsl:call-template name="traversal"/>
    </out:stylesheet>
  </xsl:template>

  <!-- xsl:function, xsl:key and friends of the schema go into the stylesheet as they are -->
  <xsl:template match="*" mode="copy">
    <xsl:copy-of select="."/>
  </xsl:template>

  <!-- ==================================================================== bindings -->
  <xsl:template match="sch:let[@value]" mode="global body">
    <out:variable name="{@name}" select="{@value}"/>
  </xsl:template>

  <xsl:template match="sch:let" mode="global body">
    <out:variable name="{@name}">
      <xsl:copy-of select="node()"/>
    </out:variable>
  </xsl:template>

  <!-- ======================================================================= rules -->
  <xsl:template match="sch:rule[not(@context)]" mode="rule">
    <xsl:sequence select="run:broken('line ' || @run:line || ': a rule without context')"/>
  </xsl:template>

  <xsl:template match="sch:rule" mode="rule">
    <xsl:param name="priority" as="xs:integer"/>
    <xsl:param name="pattern" as="xs:integer"/>
    <out:template match="{@context}" priority="{$priority}" mode="{$MODE}">
      <out:param name="{$DONE}" select="()"/>
      <out:choose>
        <out:when test="${$DONE} = {$pattern}">
          <out:next-match>
            <out:with-param name="{$DONE}" select="${$DONE}"/>
          </out:next-match>
        </out:when>
        <out:otherwise>
          <xsl:apply-templates select="sch:let | sch:assert | sch:report | sch:extends" mode="body">
            <xsl:with-param name="rule" select="." tunnel="yes"/>
            <xsl:with-param name="seen" select="()" tunnel="yes"/>
          </xsl:apply-templates>
          <out:next-match>
            <out:with-param name="{$DONE}" select="(${$DONE}, {$pattern})"/>
          </out:next-match>
        </out:otherwise>
      </out:choose>
    </out:template>
  </xsl:template>

  <xsl:template match="sch:extends[@rule]" mode="body">
    <xsl:param name="seen" as="xs:string*" tunnel="yes"/>
    <xsl:variable name="base" as="element(sch:rule)*" select="key('abstract-rule', @rule)"/>
    <xsl:if test="empty($base) or @rule = $seen">
      <xsl:sequence select="run:broken('line ' || @run:line || ': unknown or recursive abstract rule &quot;' || @rule || '&quot;')"/>
    </xsl:if>
    <xsl:apply-templates select="$base[1]/(sch:let | sch:assert | sch:report | sch:extends)" mode="body">
      <xsl:with-param name="seen" select="($seen, string(@rule))" tunnel="yes"/>
    </xsl:apply-templates>
  </xsl:template>

  <xsl:template match="sch:assert | sch:report" mode="body">
    <xsl:param name="rule" as="element(sch:rule)" tunnel="yes"/>
    <xsl:variable name="failure" as="element()">
      <xsl:element name="svrl:{if (self::sch:assert) then 'failed-assert' else 'successful-report'}">
        <xsl:attribute name="id" select="run:literal(@id)"/>
        <xsl:attribute name="rule" select="run:literal($rule/@id)"/>
        <xsl:attribute name="pattern" select="run:literal($rule/../@id)"/>
        <xsl:attribute name="role" select="run:literal((@role, @flag, $rule/@role, $rule/@flag)[1])"/>
        <out:attribute name="location" select="{$WHERE}({(@subject, $rule/@subject, '.')[1]})"/>
      </xsl:element>
    </xsl:variable>
    <out:try>
      <out:choose>
        <out:when test="{@test}">
          <xsl:if test="self::sch:report">
            <xsl:apply-templates select="." mode="failure">
              <xsl:with-param name="failure" select="$failure"/>
            </xsl:apply-templates>
          </xsl:if>
        </out:when>
        <out:otherwise>
          <xsl:if test="self::sch:assert">
            <xsl:apply-templates select="." mode="failure">
              <xsl:with-param name="failure" select="$failure"/>
            </xsl:apply-templates>
          </xsl:if>
        </out:otherwise>
      </out:choose>
      <out:catch>
        <xsl:element name="{name($failure)}" namespace="http://purl.oclc.org/dsdl/svrl">
          <xsl:copy-of select="$failure/@*"/>
          <xsl:copy-of select="$failure/node()"/>
          <out:attribute name="error" select="$Q{{http://www.w3.org/2005/xqt-errors}}description"/>
        </xsl:element>
      </out:catch>
    </out:try>
  </xsl:template>

  <!-- one failure: the SVRL element with the message, its diagnostics and properties -->
  <xsl:template match="sch:assert | sch:report" mode="failure">
    <xsl:param name="failure" as="element()"/>
    <xsl:element name="{name($failure)}" namespace="http://purl.oclc.org/dsdl/svrl">
      <xsl:copy-of select="$failure/@*"/>
      <xsl:copy-of select="$failure/node()"/>
      <svrl:text>
        <xsl:apply-templates mode="message"/>
      </svrl:text>
      <xsl:variable name="schema" as="document-node()" select="root(.)"/>
      <xsl:for-each select="tokenize(@diagnostics)">
        <xsl:variable name="diagnostic" select="key('diagnostic', ., $schema)"/>
        <xsl:if test="empty($diagnostic)">
          <xsl:sequence select="run:broken('no diagnostic &quot;' || . || '&quot;')"/>
        </xsl:if>
        <svrl:diagnostic-reference diagnostic="{.}">
          <xsl:apply-templates select="$diagnostic[1]/node()" mode="message"/>
        </svrl:diagnostic-reference>
      </xsl:for-each>
      <xsl:for-each select="tokenize(@properties)">
        <xsl:variable name="property" select="key('property', ., $schema)"/>
        <xsl:if test="empty($property)">
          <xsl:sequence select="run:broken('no property &quot;' || . || '&quot;')"/>
        </xsl:if>
        <svrl:property-reference property="{.}">
          <xsl:apply-templates select="$property[1]/node()" mode="message"/>
        </svrl:property-reference>
      </xsl:for-each>
    </xsl:element>
  </xsl:template>

  <!-- ==================================================================== messages -->
  <xsl:template match="text()" mode="message">
    <out:text>
      <xsl:value-of select="."/>
    </out:text>
  </xsl:template>

  <xsl:template match="sch:value-of" mode="message">
    <out:value-of select="{@select}"/>
  </xsl:template>

  <xsl:template match="sch:name" mode="message">
    <out:value-of select="name({(@path, '.')[1]})"/>
  </xsl:template>

  <!-- emph, dir, span and foreign markup: their text -->
  <xsl:template match="*" mode="message">
    <xsl:apply-templates mode="message"/>
  </xsl:template>

  <xsl:template match="comment() | processing-instruction()" mode="message"/>

  <!-- =================================================================== traversal -->
  <!-- Every node is visited once; with no rule (left) for it, go on to its attributes and
       children. The location function names a node by its elements' positions. -->
  <xsl:template name="traversal">
    <out:template match="document-node()" mode="{$MODE}" priority="-10">
      <out:apply-templates select="node()" mode="{$MODE}"/>
    </out:template>
    <out:template match="*" mode="{$MODE}" priority="-10">
      <out:apply-templates select="@*, node()" mode="{$MODE}"/>
    </out:template>
    <out:template match="@* | text() | comment() | processing-instruction()" mode="{$MODE}"
        priority="-10"/>
    <out:function name="{$WHERE}">
      <out:param name="Q{{urn:teipipe:schematron}}node"/>
      <out:sequence select="'/' || string-join($Q{{urn:teipipe:schematron}}node[1]/ancestor-or-self::*
          ! ('*[' || (count(preceding-sibling::*) + 1) || ']'), '/')"/>
    </out:function>
  </xsl:template>

</xsl:stylesheet>
