"""One Saxon (SaxonC-HE, in-process) for the whole process.

Creating a processor starts a Saxon runtime, so there is one, made on first use and shared by
every compiled Schematron schema. It survives `fork` (the runner's worker processes inherit it
with the schemas compiled before forking): nothing crosses processes but `Problem`s.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from saxonche import PySaxonApiError, PySaxonProcessor, PyXdmNode, PyXsltExecutable

from teipipe import resources

__all__ = ["PySaxonApiError", "PyXdmNode", "PyXsltExecutable", "compile_xslt", "parse", "processor"]



#: Saxon's configuration (a data file): what rules may read, where messages go.
CONFIG = "saxon-config.xml"


@cache
def processor() -> PySaxonProcessor:
    """The processor, configured by `data/saxon-config.xml` (local files only, no printing)."""
    return PySaxonProcessor(config_file=str(resources.data(CONFIG)))


@cache
def _builder() -> Any:
    return processor().new_document_builder()


def parse(text: str, base: Path | None = None) -> PyXdmNode:
    """An XDM document from XML text; `base` is its base URI (for relative doc() and includes)."""
    builder = _builder()
    if base is not None:  # abspath, not resolve(): no system calls for each document
        builder.set_base_uri(Path(os.path.abspath(base)).as_uri())
    return builder.parse_xml(xml_text=text)


def compile_xslt(
    stylesheet: Path | None = None, *, text: str | None = None, base: Path | None = None
) -> PyXsltExecutable:
    """A compiled stylesheet from a file, or from `text` with `base` for its relative URIs."""
    compiler = processor().new_xslt30_processor()
    with _native_stderr_silenced():
        if stylesheet is not None:
            return compiler.compile_stylesheet(stylesheet_file=str(stylesheet))
        return compiler.compile_stylesheet(stylesheet_node=parse(text or "", base))


@contextmanager
def _native_stderr_silenced() -> Iterator[None]:
    """Compiling a regular expression with Unicode categories makes SaxonC's native runtime
    print a line for each Unicode block it loads ("Loading BasicLatin", ...) on file
    descriptor 2, past the configuration's standardErrorOutputFile. The library never prints,
    so descriptor 2 points at /dev/null while Saxon compiles; compile errors still arrive as
    exceptions."""
    saved = os.dup(2)
    try:
        with open(os.devnull, "wb") as sink:
            os.dup2(sink.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
