"""The whole edition as one TEI file: a teiCorpus (build/corpus.xml).

For tools that want the corpus in one piece (corpus linguistics, XML databases, archives that
take one file). `xslt/tei-corpus.xsl` does the work from the corpus listing; it reads each
listed TEI with document(), writes a corpus header from what the documents share and keeps
identifiers unique across documents (see the stylesheet).
"""

from __future__ import annotations

from pathlib import Path

from teipipe.transform import xslt
from teipipe.transform.corpus import gathered

STYLESHEET = "tei-corpus.xsl"


def tei_corpus(listing: Path) -> bytes:
    """The teiCorpus of the documents a corpus listing names (hrefs relative to the listing)."""
    return xslt.to_bytes(xslt.apply(STYLESHEET, gathered(listing)))
