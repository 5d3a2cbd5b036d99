"""The edition as an OAI-PMH Static Repository (build/oai/static-repository.xml).

A Static Repository is one XML file on a web server; a Static Repository Gateway reads it and
answers OAI-PMH requests for it, so harvesters (library catalogues, aggregators) can harvest
an edition that has no OAI-PMH server of its own. `xslt/oai-static-repository.xsl` writes it
from the corpus listing; this module works out its parameters from the edition's URL.

The file validates against the Static Repository schema shipped in `schemas/oai/`
(`validate` below), offline: imports are local files, metadata formats are checked strictly
(oai_dc against oai_dc.xsd, the tei records against the teipipe profile).
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import xmlschema

from teipipe import TEI_NS
from teipipe.resources import schema
from teipipe.transform import xslt
from teipipe.transform.corpus import gathered

STYLESHEET = "oai-static-repository.xsl"
# Where the file lives in the edition (see docs: the edition contract).
LOCATION = "oai/static-repository.xml"
STATIC_REPOSITORY_NS = "http://www.openarchives.org/OAI/2.0/static-repository"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"


def static_repository(
    listing: Path,
    base_url: str,
    *,
    admin_email: str,
    datestamp: date | None = None,
    gateway_url: str | None = None,
    repository_identifier: str | None = None,
) -> bytes:
    """The Static Repository of the documents a corpus listing names.

    `base_url` is where the edition is published (the folder of index.html); the file itself
    is expected at `base_url` + `oai/static-repository.xml`. The OAI-PMH base URL is the
    Gateway's URL followed by that URL without its scheme, as the specification asks; without
    `gateway_url` it is the file's own URL (fill it in once a Gateway has taken the repository
    on). Records are identified as `oai:<repository_identifier>:<stem>` (default: the host of
    `base_url`); entries of the listing without a `datestamp` attribute get `datestamp`
    (default: today, UTC).
    """
    root = base_url if base_url.endswith("/") else base_url + "/"
    own_url = root + LOCATION
    oai_base_url = own_url
    if gateway_url:
        oai_base_url = gateway_url + own_url.split("://", 1)[-1]
    params = {
        "oai-base-url": oai_base_url,
        "admin-email": admin_email,
        "repository-identifier": repository_identifier or (urlsplit(root).hostname or ""),
        "datestamp": (datestamp or datetime.now(UTC).date()).isoformat(),
        "base-url": root + "html/",
    }
    return xslt.to_bytes(xslt.apply(STYLESHEET, gathered(listing), params))


@cache
def repository_schema() -> xmlschema.XMLSchema11:
    """The Static Repository schema with the schemas of both metadata formats, from disk only.

    XSD 1.1 because the tei format's schema is the teipipe profile (teipipe.xsd is XSD 1.1).
    """
    return xmlschema.XMLSchema11(
        str(schema("oai/static-repository.xsd")),
        locations=[
            (OAI_DC_NS, str(schema("oai/oai_dc.xsd"))),
            (TEI_NS, str(schema("oai/tei-header.xsd"))),
        ],
        allow="local",
        defuse="always",
    )


def validate(data: bytes) -> list[str]:
    """What is wrong with a Static Repository file, one message per error (empty: valid)."""
    source = xmlschema.XMLResource(io.BytesIO(data), defuse="always")
    return [
        f"{error.reason or error.message} (at {error.path})"
        for error in repository_schema().iter_errors(source)
    ]
