"""An edition folder for the search tests, made cheaply: the repository's TEI, no HTML or PDF.

Expectations are read from the TEI headers here with plain XPath, independently of the
stylesheets the indexes are made with.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from teipipe import TEI_NS
from teipipe.transform.corpus import document_paths

REPO = Path(__file__).resolve().parents[1]
NS = {"tei": TEI_NS}


@dataclass(frozen=True)
class Edition:
    out_dir: Path
    documents: list[Path]
    persons: Path


def make_edition(out_dir: Path) -> Edition:
    """Copy the repository's TEI (and personography) into out_dir/tei/."""
    tei = out_dir / "tei"
    tei.mkdir(parents=True)
    for source in sorted((REPO / "tei").glob("*.xml")):
        shutil.copyfile(source, tei / source.name)
    return Edition(out_dir, document_paths([tei]), tei / "persons.xml")


def header(document: Path, path: str) -> list[str]:
    """Normalised strings an XPath over `document` selects (TEI prefix `tei`)."""
    tree = etree.parse(str(document), etree.XMLParser(resolve_entities=False, no_network=True))
    found = tree.xpath(path, namespaces=NS)
    assert isinstance(found, list)
    return [" ".join(_string(value).split()) for value in found]


def _string(value: object) -> str:
    return "".join(value.itertext()) if isinstance(value, etree._Element) else str(value)


def iso_date(document: Path) -> str:
    dates = header(document, "//tei:profileDesc/tei:creation/tei:date/@when"
                             " | //tei:profileDesc/tei:creation/tei:date/@from")
    return dates[0] if dates else ""


def registered_names(document: Path, persons: Path) -> list[str]:
    """The personography's names for the persons of `document`'s header."""
    ids = header(document, "//tei:particDesc//tei:person/@xml:id")
    names: list[str] = []
    for person in ids:
        names += header(persons, f"//tei:person[@xml:id = '{person}']/tei:persName")
    return names
