"""What `teipipe build` gives repositories: a valid bag, a teiCorpus, a Static Repository, and
an OAI record history that keeps documents removed from the edition as deleted."""

from __future__ import annotations

import json
from pathlib import Path

import bagit
from lxml import etree

from build_support import make_project, teipipe
from teipipe.repository.oai_static import validate as validate_static_repository
from teipipe.resources import schema

MEMO, CALL = "msc_cuba004", "000_03d16a86b0456ebe"


def test_the_built_edition_feeds_repositories(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", (MEMO, CALL))
    result = teipipe("build", "--bag-zip", "--base-url", "https://example.org/edition",
                     cwd=root)
    assert result.returncode == 0, result.stderr
    out = root / "build"

    bag = bagit.Bag(str(out / "bag"))
    bag.validate()
    assert (out / "bag.zip").is_file()
    assert {Path(name).name for name in bag.payload_files()} >= {
        f"{MEMO}.xml", f"{CALL}.pdf", "persons.xml", "index.html", "corpus.xml"}

    corpus = etree.parse(str(out / "corpus.xml"))
    profile = etree.RelaxNG(etree.parse(str(schema("teipipe.rng"))))
    assert profile.validate(corpus), profile.error_log
    assert len(corpus.getroot().findall("{http://www.tei-c.org/ns/1.0}TEI")) == 2

    static = (out / "oai" / "static-repository.xml").read_bytes()
    assert validate_static_repository(static) == []
    assert b"https://example.org/edition/html/" in static

    (root / "raw" / f"{MEMO}.txt").unlink()
    (root / "tei" / f"{MEMO}.xml").unlink()
    again = teipipe("build", cwd=root)
    assert again.returncode == 0, again.stderr
    history = json.loads((out / "oai" / "records.json").read_text(encoding="utf-8"))
    assert history["records"][MEMO]["deleted"] is True
    assert history["records"][CALL]["deleted"] is False
    bagit.Bag(str(out / "bag")).validate()  # remade without the removed document
    assert not (out / "bag" / "data" / "tei" / f"{MEMO}.xml").exists()


def test_a_damaged_bag_is_made_again(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", (MEMO,))
    assert teipipe("build", cwd=root).returncode == 0
    manifest = root / "build" / "bag" / "tagmanifest-sha256.txt"
    manifest.write_text("damaged\n", encoding="utf-8")
    result = teipipe("build", "-v", cwd=root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Built 1 outputs (bag 1)")
    bagit.Bag(str(root / "build" / "bag")).validate()
