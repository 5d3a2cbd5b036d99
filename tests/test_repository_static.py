"""Static repository outputs of an edition: the BagIt bag, the teiCorpus, the OAI-PMH Static
Repository. Editions are made cheaply from the repository's tei/ folder (no full build)."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import bagit
import pytest

from teipipe import __version__
from teipipe.repository.bag import write_bag
from teipipe.transform.corpus import document_paths, listing

REPO = Path(__file__).resolve().parents[1]
TEI = REPO / "tei"


@pytest.fixture
def edition(tmp_path: Path) -> Path:
    """An edition folder: the TEI and personography, a listing, the build record, a temporary."""
    out = tmp_path / "edition"
    (out / "tei").mkdir(parents=True)
    for source in sorted(TEI.glob("*.xml")):
        shutil.copy2(source, out / "tei" / source.name)
    documents = document_paths([out / "tei"])
    (out / "listing.xml").write_bytes(listing(documents, out, out / "tei" / "persons.xml"))
    (out / "text").mkdir()
    (out / "text" / "a.txt").write_text("reading text\n", encoding="utf-8")
    (out / ".teipipe-build.json").write_text("{}", encoding="utf-8")
    (out / "text" / ".a.txt.123.tmp").write_text("half", encoding="utf-8")
    return out


INFO = {"Source-Organization": "teipipe tests", "External-Description": "Test edition"}

# ----------------------------------------------------------------------------------- BagIt


def _published(edition: Path) -> dict[str, int]:
    return {
        p.relative_to(edition).as_posix(): p.stat().st_size
        for p in edition.rglob("*")
        if p.is_file() and not p.name.startswith(".") and "bag" not in p.relative_to(edition).parts
    }


def test_bag_is_valid_bagit_1_0_with_the_whole_edition(edition: Path) -> None:
    target = write_bag(edition, edition / "bag", info=INFO)
    bag = bagit.Bag(str(target))
    bag.validate()
    assert (target / "bagit.txt").read_text(encoding="utf-8").startswith("BagIt-Version: 1.0\n")
    published = _published(edition)
    payload = {
        p.relative_to(target / "data").as_posix(): p.stat().st_size
        for p in (target / "data").rglob("*")
        if p.is_file()
    }
    assert payload == published
    assert set(bag.algorithms) == {"sha256", "sha512"}
    for name in ("manifest-sha256.txt", "manifest-sha512.txt",
                 "tagmanifest-sha256.txt", "tagmanifest-sha512.txt"):
        assert (target / name).is_file()
    assert bag.info["Payload-Oxum"] == f"{sum(published.values())}.{len(published)}"
    assert bag.info["Source-Organization"] == INFO["Source-Organization"]
    assert bag.info["External-Description"] == INFO["External-Description"]
    assert bag.info["Bag-Software-Agent"].startswith(f"teipipe {__version__}")
    assert len(bag.info["Bagging-Date"]) == 10


def test_a_flipped_byte_fails_validation(edition: Path) -> None:
    target = write_bag(edition, edition / "bag", info=INFO)
    victim = next((target / "data" / "tei").glob("msc_*.xml"))
    data = bytearray(victim.read_bytes())
    data[100] ^= 0x01
    victim.write_bytes(bytes(data))
    with pytest.raises(bagit.BagValidationError):
        bagit.Bag(str(target)).validate()


def test_rebagging_replaces_the_old_bag_and_leaves_no_temporaries(edition: Path) -> None:
    write_bag(edition, edition / "bag", info=INFO)
    (edition / "tei" / "persons.xml").unlink()
    target = write_bag(edition, edition / "bag", info=INFO)
    bagit.Bag(str(target)).validate()
    assert not (target / "data" / "tei" / "persons.xml").exists()
    assert not (target / "data" / "bag").exists()
    assert [p.name for p in edition.iterdir() if p.name.startswith(".bag")] == []


def test_zipped_bag_unzips_to_a_valid_bag_and_is_deterministic(
    edition: Path, tmp_path: Path
) -> None:
    first = tmp_path / "first.zip"
    write_bag(edition, tmp_path / "bag", zip_to=first, info={**INFO, "Bagging-Date": "2026-01-02"})
    second = tmp_path / "second.zip"
    write_bag(edition, tmp_path / "bag", zip_to=second, info={**INFO, "Bagging-Date": "2026-01-02"})
    assert first.read_bytes() == second.read_bytes()
    names = zipfile.ZipFile(first).namelist()
    assert names == sorted(names)
    unzipped = tmp_path / "unzipped"
    zipfile.ZipFile(first).extractall(unzipped)
    bag = bagit.Bag(str(unzipped / "bag"))
    bag.validate()
    assert bag.info["Bagging-Date"] == "2026-01-02"
