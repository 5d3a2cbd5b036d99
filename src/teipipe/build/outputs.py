"""The edition's outputs: which files there are, what each is made from, and making one.

    build/tei/<name>.xml         the published TEI (copies)    build/tei/persons.xml
    build/html/<stem>.html       build/html/teipipe.css        build/index.html
    build/pdf/<stem>.pdf         build/pdf/corpus.pdf          build/listing.xml
    build/epub/edition.epub (EPUB 3 of the whole edition)
    build/text/<stem>.txt        build/dc/<stem>.xml           build/corpus.xml (teiCorpus)
    build/search.sqlite          build/search-index.js         build/html/search.js
    build/oai/static-repository.xml                            build/oai/records.json
    build/bag/ (BagIt; and build/bag.zip)

`listing.xml` is the small corpus listing the corpus stylesheets read (see
`teipipe.transform.corpus`); it names the published copies in `build/tei/`, so the edition
folder is whole on its own and can be served, copied or bagged as it is.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from teipipe import workers
from teipipe.files import AtomicBatch
from teipipe.formats import DOCUMENT_FORMATS, EPUB_NAME, SUFFIX, DocumentFormat
from teipipe.repository.oai_static import LOCATION
from teipipe.resources import stylesheet
from teipipe.search.publish import SEARCH_DB, SEARCH_SCRIPT, STATIC_INDEX
from teipipe.transform import render

LISTING = "listing.xml"
CSS = "teipipe.css"
EPUB = f"epub/{EPUB_NAME}"
VOLUME = "pdf/corpus.pdf"
#: The edition's other formats the index links to, and the output that shows each is there.
LINKED = {"pdf": VOLUME, "epub": EPUB}
#: Where in the output folder each kind of output goes: the only places the build writes to,
#: and so the only places its record may name.
ROOTS = ("tei", "html", "pdf", "text", "dc", "index.html", LISTING, "corpus.xml", "oai",
         "search.sqlite", "search-index.js", "bag", "epub")
#: Kinds made in this process before the others, which read them.
FIRST = ("tei", "persons", "css", "search-js", "listing")
#: Kinds that are copies of one source file, byte for byte.
COPIES = ("tei", "persons", "css", "search-js")
#: What a user can choose to build (`teipipe build --formats`), and the kinds of output each
#: makes. The published TEI and the corpus listing (which the corpus-wide outputs read) are
#: always made; the bag is made with "repository" (see `teipipe.build`).
FORMAT_KINDS: dict[str, frozenset[str]] = {
    "html": frozenset({"html", "css", "index", "search-js", "search-db", "search-index"}),
    "pdf": frozenset({"pdf", "volume"}),
    "text": frozenset({"text"}),
    "dc": frozenset({"dc"}),
    "tei": frozenset({"tei", "persons"}),
    "repository": frozenset({"corpus", "oai-static"}),
    "epub": frozenset({"epub"}),
}
ALWAYS = frozenset({"tei", "persons", "listing"})


def kinds_of(formats: frozenset[str] | None) -> frozenset[str] | None:
    """The kinds of output `formats` make (None: every format, so every kind); a ValueError
    names a format there is not."""
    if formats is None:
        return None
    unknown = sorted(formats - FORMAT_KINDS.keys())
    if unknown:
        raise ValueError(f"unknown output format {', '.join(unknown)} "
                         f"(choose among {', '.join(FORMAT_KINDS)})")
    return ALWAYS.union(*(FORMAT_KINDS[name] for name in formats))


@dataclass(frozen=True)
class Output:
    """An output file: its kind, where it goes (`key`, relative to the output folder), and the
    files it is made from."""

    kind: str  # a document Format, or one of the corpus-wide kinds of `plan`
    key: str
    sources: tuple[Path, ...]
    #: The personography among `sources` (corpus-wide outputs name people through it).
    persons: Path | None = None
    #: Settings the output depends on besides its sources (part of its fingerprint).
    params: tuple[tuple[str, str], ...] = ()


def plan(
    documents: Sequence[Path], persons: Path | None, settings: tuple[tuple[str, str], ...] = (),
    formats: frozenset[str] | None = None, linked: frozenset[str] = frozenset(LINKED),
) -> list[Output]:
    """Every output of an edition of `documents` in `formats` (None: all; see
    `FORMAT_KINDS`), in the order they are made; `settings` (the edition's public URL and
    contact) shape its OAI-PMH Static Repository; the index links the formats of `linked`
    (see `LINKED`) that the edition has."""
    kinds = kinds_of(formats)
    outputs = _plan(documents, persons, settings, linked)
    return outputs if kinds is None else [output for output in outputs if output.kind in kinds]


def _plan(
    documents: Sequence[Path], persons: Path | None, settings: tuple[tuple[str, str], ...],
    linked: frozenset[str],
) -> list[Output]:
    """Every output of an edition of `documents`, in the order they are made; `settings`
    (the edition's public URL and contact) shape its OAI-PMH Static Repository, and the URL
    the EPUB's identifier."""
    outputs = [Output("tei", f"tei/{doc.name}", (doc,)) for doc in documents]
    if persons is not None:
        outputs.append(Output("persons", "tei/persons.xml", (persons,)))
    if not documents:
        return outputs
    outputs.append(Output("css", f"html/{CSS}", (stylesheet(CSS),)))
    outputs.append(Output("search-js", f"html/{SEARCH_SCRIPT}", (stylesheet(SEARCH_SCRIPT),)))
    corpus = (*documents, *([persons] if persons is not None else []))

    def whole(kind: str, key: str, params: tuple[tuple[str, str], ...] = ()) -> Output:
        return Output(kind, key, corpus, persons, params)

    outputs.append(whole("listing", LISTING))
    outputs += [
        Output(fmt, f"{fmt}/{doc.stem}{SUFFIX[fmt]}", (doc,))
        for doc in documents
        for fmt in DOCUMENT_FORMATS
    ]
    outputs += [
        whole("index", "index.html", (("formats", " ".join(sorted(linked))),)),
        whole("volume", VOLUME),
        whole("epub", EPUB, tuple(item for item in settings if item[0] == "base-url")),
        whole("corpus", "corpus.xml"),
        whole("oai-static", LOCATION, settings),
        whole("search-db", SEARCH_DB),
        whole("search-index", STATIC_INDEX),
    ]
    return outputs


#: The corpus-wide kinds made from the documents' search records: made in one task, so the
#: records (a transform of every document, 4 ms each) are read once for both.
SEARCH = ("search-db", "search-index")


def content(output: Output, out_dir: Path, memo: dict[str, Any] | None = None) -> bytes:
    """The bytes of `output` (all kinds but the listing); runs in worker processes too.
    `memo` holds what outputs made in one batch share (the search records), for that batch
    only: nothing read here outlives it, so no later build sees a stale copy."""
    if output.kind in COPIES:
        return output.sources[0].read_bytes()
    listing_file = out_dir / LISTING
    if output.kind == "corpus":
        from teipipe.repository.tei_corpus import tei_corpus

        return tei_corpus(listing_file)
    if output.kind == "oai-static":
        from teipipe.repository.oai_static import static_repository

        settings = dict(output.params)
        return static_repository(listing_file, settings["base-url"],
                                 admin_email=settings["admin-email"])
    if output.kind in SEARCH:
        from teipipe.search.index import index_database
        from teipipe.search.records import read_records
        from teipipe.search.static import static_index_script

        memo = {} if memo is None else memo
        if "search-records" not in memo:
            copies = [out_dir / "tei" / s.name for s in output.sources if s != output.persons]
            persons = out_dir / "tei" / "persons.xml" if output.persons is not None else None
            memo["search-records"] = read_records(copies, persons)
        records = memo["search-records"]
        return index_database(records) if output.kind == "search-db" else (
            static_index_script(records))
    if output.kind == "index":
        from teipipe.transform import xslt
        from teipipe.transform.corpus import gathered

        params = {"formats": dict(output.params)["formats"], "epub-href": EPUB}
        return xslt.to_bytes(xslt.apply("corpus-index.xsl", gathered(listing_file), params))
    if output.kind == "volume":
        from teipipe.transform.pdf import volume_pdf

        return volume_pdf(listing_file)
    if output.kind == "epub":
        from teipipe.transform.epub import edition_epub

        return edition_epub(listing_file, dict(output.params).get("base-url"))
    fmt: DocumentFormat = output.kind  # type: ignore[assignment]
    return render(output.sources[0], fmt, index_href="../index.html")


def listing_content(
    documents: Sequence[Path], persons: Path | None, out_dir: Path, datestamps: dict[str, str]
) -> bytes:
    """The corpus listing, naming the published copies of `documents` (and the personography),
    with each document's OAI datestamp."""
    from teipipe.transform.corpus import listing

    copies = [out_dir / "tei" / document.name for document in documents]
    return listing(copies, out_dir, out_dir / "tei" / "persons.xml" if persons else None,
                   datestamps)


@dataclass(frozen=True)
class Result:
    """What making one output came to: the SHA-256 of what was written, or an error."""

    output: Output
    sha256: str | None
    error: str | None
    #: Seconds spent making it (rendering and writing), for the build's timing by kind.
    seconds: float = 0.0


def make_batch(
    outputs: Sequence[Output], out_dir: Path, data: Sequence[bytes | None] | None = None
) -> list[Result]:
    """Make `outputs` (their bytes given, or rendered) and write them atomically as one
    `AtomicBatch`: each file is renamed into place only once its data is on disk, and syncing
    many files in one go costs a tenth of syncing them one by one (scripts/bench_build.py:
    5 ms a file alone, 0.4 ms in batches of 64). One bad output must not stop the others."""
    batch = AtomicBatch()
    memo: dict[str, Any] = {}
    pending: list[tuple[Output, str, float]] = []  # written, not yet committed
    results: dict[str, Result] = {}
    for output, given in zip(outputs, data or [None] * len(outputs), strict=True):
        target = out_dir / output.key
        started = time.perf_counter()
        try:
            made = content(output, out_dir, memo) if given is None else given
        except Exception as error:
            results[output.key] = Result(output, None, f"{type(error).__name__}: {error}",
                                         time.perf_counter() - started)
            continue
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            batch.write(target, made)
        except OSError as error:
            results[output.key] = Result(output, None, _cannot_write(target, error),
                                         time.perf_counter() - started)
            continue
        pending.append((output, hashlib.sha256(made).hexdigest(), time.perf_counter() - started))
    started = time.perf_counter()
    failed = batch.commit()
    share = (time.perf_counter() - started) / max(len(pending), 1)  # the sync, shared out
    for output, digest, seconds in pending:
        refused = failed.get(out_dir / output.key)
        results[output.key] = (
            Result(output, digest, None, seconds + share) if refused is None
            else Result(output, None, _cannot_write(out_dir / output.key, refused),
                        seconds + share))
    return [results[output.key] for output in outputs]


def _cannot_write(target: Path, error: OSError) -> str:
    return f"cannot write {target}: {error.strerror or error}"


def _make_batch(task: tuple[tuple[Output, ...], Path]) -> list[Result]:
    return make_batch(*task)


#: Outputs of one document per worker task, and so per synced batch: few enough to keep both
#: workers busy to the end and the journal close behind the work, many enough that the sync
#: costs little (see `make_batch`).
BATCH = 64


def batches(tasks: Sequence[Output]) -> list[tuple[Output, ...]]:
    """`tasks` grouped for the workers: each corpus-wide output alone, first (the volume, the
    slowest, before all; the two search indexes together), then the documents' outputs in
    batches of up to `BATCH`."""
    whole = sorted((output for output in tasks
                    if output.kind not in DOCUMENT_FORMATS and output.kind not in SEARCH),
                   key=lambda output: output.kind != "volume")
    search = tuple(output for output in tasks if output.kind in SEARCH)
    own = [output for output in tasks if output.kind in DOCUMENT_FORMATS]
    return [(output,) for output in whole] + ([search] if search else []) + [
        tuple(own[start:start + BATCH]) for start in range(0, len(own), BATCH)]


def run(tasks: Sequence[Output], out_dir: Path, jobs: int) -> Iterator[Result]:
    """Make `tasks` (see `batches`), in `jobs` worker processes when more than one."""
    grouped = batches(tasks)
    if jobs <= 1 or len(tasks) < 2:
        for group in grouped:
            yield from make_batch(group, out_dir)
        return
    with workers.pool(jobs, start_method="spawn") as pool:  # Typst may have run here
        # as each batch is done, not in order: the journal keeps up with the work
        for done in as_completed([pool.submit(_make_batch, (group, out_dir))
                                  for group in grouped]):
            yield from done.result()
