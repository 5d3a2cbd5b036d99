"""Typeset Typst markup in a process of its own: markup on standard input, the PDF on standard
output, Typst's complaint on standard error (exit status 1).

The volume is typeset here (`python -m teipipe.transform.typeset`) rather than in the build's
processes: Typst keeps what it laid out in caches for the life of the process (about 1.2 MB a
document for a volume), and a process that ends gives all of it back.
"""

from __future__ import annotations

import sys

from teipipe.transform.pdf import PrintError, render


def main() -> int:
    try:
        pdf = render(sys.stdin.buffer.read())
    except PrintError as error:
        sys.stderr.write(f"{error}\n")
        return 1
    sys.stdout.buffer.write(pdf)
    return 0


if __name__ == "__main__":
    sys.exit(main())
