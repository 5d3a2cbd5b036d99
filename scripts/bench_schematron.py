"""Time the Schematron layer per document: teipipe's engine, and SchXslt on the same Saxon.

For each rule set, over tei/*.xml (parsed once, beforehand):

  teipipe.sch       teipipe's own profile
  tei_all embedded  the rules tei_all.rng carries (../shared/reference/tei_all.rng, or --tei-all)

it prints the CPU milliseconds per document of `SchematronValidator.validate` (best of
--repeat rounds: the machine may be busy), the same for the fixed part alone (a schema whose
only rule matches nothing: handing the document to Saxon and reading the SVRL), and, when
SchXslt's XSLT 2.0 folder is given (--schxslt or $SCHXSLT), SchXslt's stylesheet for the same
rules on the same Saxon, from the same text.

    .venv/bin/python scripts/bench_schematron.py [--repeat 5] [--schxslt DIR]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from teipipe import resources
from teipipe.validate import saxon
from teipipe.validate.schematron import SchematronValidator
from teipipe.validate.schematron_source import embedded_schema

REPO = Path(__file__).resolve().parents[1]
NOTHING = (
    '<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt3"><pattern>'
    '<rule context="nothing"><assert test="false()">x</assert></rule></pattern></schema>'
)


def per_document(run: Callable[[etree._ElementTree, str], object], trees: list[Path],
                 parsed: list[etree._ElementTree], repeat: int) -> float:
    """Best CPU ms per document over `repeat` rounds (after one warm-up round)."""
    best = float("inf")
    for round_ in range(repeat + 1):
        start = time.process_time()
        for path, tree in zip(trees, parsed, strict=True):
            run(tree, str(path))
        if round_:
            best = min(best, (time.process_time() - start) * 1000 / len(trees))
    return best


def schxslt_runner(pipeline: Path, schema: Path) -> Callable[[etree._ElementTree, str], object]:
    compiler = saxon.compile_xslt(pipeline)
    stylesheet = compiler.transform_to_string(xdm_node=saxon.parse(schema.read_text(), schema))
    executable = saxon.compile_xslt(text=stylesheet, base=schema)

    def run(tree: etree._ElementTree, file: str) -> object:
        document = saxon.parse(etree.tostring(tree, encoding="unicode"), Path(file))
        return etree.fromstring(executable.transform_to_string(xdm_node=document).encode())

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--tei-all", type=Path,
                        default=REPO.parent / "shared" / "reference" / "tei_all.rng")
    parser.add_argument("--schxslt", type=Path, default=os.environ.get("SCHXSLT"))
    args = parser.parse_args()
    files = sorted((REPO / "tei").glob("*.xml"))
    trees = [etree.parse(str(path)) for path in files]
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        nothing = folder / "nothing.sch"
        nothing.write_text(NOTHING, encoding="utf-8")
        schemas = {"teipipe.sch": resources.schema("teipipe.sch")}
        embedded = embedded_schema(args.tei_all) if args.tei_all.is_file() else None
        if embedded is not None:
            schemas["tei_all embedded"] = folder / "tei_all-embedded.sch"
            schemas["tei_all embedded"].write_bytes(etree.tostring(embedded))
        fixed = per_document(SchematronValidator(nothing).validate, files, trees, args.repeat)
        print(f"{len(files)} documents, CPU ms per document (best of {args.repeat})")
        print(f"  fixed part (document to Saxon, SVRL back)   {fixed:7.2f}")
        for name, schema in schemas.items():
            ours = per_document(SchematronValidator(schema).validate, files, trees, args.repeat)
            line = f"  {name:<17} teipipe {ours:7.2f}"
            if args.schxslt:
                pipeline = args.schxslt / "pipeline-for-svrl.xsl"
                theirs = per_document(schxslt_runner(pipeline, schema), files, trees, args.repeat)
                line += f"   SchXslt {theirs:7.2f}"
            print(line)


if __name__ == "__main__":
    main()
