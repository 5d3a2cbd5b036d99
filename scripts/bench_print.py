"""Benchmark print: Typst (what teipipe uses) against WeasyPrint (what it used), per document and
for the volume at several corpus sizes, with each volume's peak memory.

The corpus is copies of tei/*.xml under new names and ids (the volume's size is what matters,
not variety). Each volume renders in a fresh child process, so its peak resident memory is its
own. WeasyPrint is measured only when it is installed (it is no longer a teipipe dependency):
`pip install weasyprint`, and it renders tei-to-html.xsl with print=yes and print.css, as
teipipe did before.

Run: python scripts/bench_print.py [--sizes 32,320,1000] [--weasyprint-max 320]
"""

from __future__ import annotations

import argparse
import multiprocessing
import re
import resource
import tempfile
import time
from pathlib import Path

from teipipe.transform import corpus, pdf, xslt

REPO = Path(__file__).resolve().parents[1]


def make_corpus(folder: Path, count: int) -> Path:
    """`count` TEI documents (copies of tei/*.xml, each with its own id) and their listing."""
    samples = [p for p in sorted((REPO / "tei").glob("*.xml")) if p.name != "persons.xml"]
    texts = [p.read_text(encoding="utf-8") for p in samples]
    docs = []
    for i in range(count):
        text = re.sub(r'(<TEI [^>]*xml:id=")[^"]+"', rf'\g<1>b{i:05d}"', texts[i % len(texts)],
                      count=1)
        doc = folder / f"b{i:05d}.xml"
        doc.write_text(text, encoding="utf-8")
        docs.append(doc)
    listing = folder / "listing.xml"
    persons = REPO / "tei" / "persons.xml"
    listing.write_bytes(corpus.listing(docs, folder, persons if persons.is_file() else None))
    return listing


def weasyprint_pdf(doc: xslt.etree._ElementTree, stylesheet_name: str) -> bytes:
    """The PDF as teipipe made it with WeasyPrint."""
    import weasyprint  # type: ignore[import-untyped]

    base = pdf.XSLT_DIR.as_uri() + "/"
    html = xslt.to_bytes(xslt.apply(stylesheet_name, doc, {"print": "yes", "css-base": base}))
    data: bytes = weasyprint.HTML(string=html.decode("utf-8"), base_url=base).write_pdf()
    return data


def render(engine: str, source: Path, volume: bool) -> bytes:
    if engine == "typst":
        return pdf.volume_pdf(source) if volume else pdf.document_pdf(source)
    name = "corpus-volume.xsl" if volume else "tei-to-html.xsl"
    return weasyprint_pdf(xslt.parse(source), name)


def _volume_child(engine: str, listing: Path, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    start = time.perf_counter()
    data = render(engine, listing, volume=True)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put((seconds, peak, len(data)))


def volume(engine: str, listing: Path) -> tuple[float, float, int]:
    """Seconds, peak MB and bytes of the volume, rendered in a child process."""
    queue: multiprocessing.Queue = multiprocessing.get_context("spawn").Queue()  # type: ignore[type-arg]
    child = multiprocessing.get_context("spawn").Process(target=_volume_child,
                                                        args=(engine, listing, queue))
    child.start()
    result: tuple[float, float, int] = queue.get()
    child.join()
    return result


def per_document(engine: str, docs: list[Path]) -> float:
    """Mean seconds per document PDF, the first (warm-up) call left out."""
    render(engine, docs[0], volume=False)
    start = time.perf_counter()
    for doc in docs[1:]:
        render(engine, doc, volume=False)
    return (time.perf_counter() - start) / (len(docs) - 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="32,320,1000")
    parser.add_argument("--weasyprint-max", type=int, default=320,
                        help="largest volume to render with WeasyPrint (it grows slowly)")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    try:
        import weasyprint  # type: ignore[import-untyped]  # noqa: F401

        engines = ["typst", "weasyprint"]
    except ImportError:
        engines = ["typst"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        listing = make_corpus(folder, max(sizes))
        docs = sorted(folder.glob("b*.xml"))
        for engine in engines:
            print(f"{engine}: {per_document(engine, docs[:33]) * 1000:.0f} ms per document PDF "
                  f"(mean of 32)")
        for size in sizes:
            part = folder / f"listing-{size}.xml"
            part.write_bytes(corpus.listing(docs[:size], folder, REPO / "tei" / "persons.xml"))
            for engine in engines:
                if engine == "weasyprint" and size > args.weasyprint_max:
                    continue
                seconds, peak, size_bytes = volume(engine, part)
                print(f"{engine}: volume of {size} documents in {seconds:.1f} s, "
                      f"peak {peak:.0f} MB, {size_bytes / 1e6:.1f} MB PDF")
        del listing


if __name__ == "__main__":
    main()
