"""Validation of TEI documents: well-formedness, RELAX NG, XML Schema, Schematron and text
fidelity, with reports for people and CI (`teipipe validate`).

The core returns `Problem`s and never prints or exits; `teipipe.cli` does.
"""

from __future__ import annotations

from teipipe.validate.options import Options
from teipipe.validate.problems import Problem
from teipipe.validate.runner import documents, validate_paths

__all__ = ["Options", "Problem", "documents", "validate_paths"]
