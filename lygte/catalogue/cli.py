"""The command line: ``python -m lygte.catalogue [DIRECTORY]`` validates a catalogue.

It prints every problem and exits 1, or prints ``N offers OK`` and exits 0.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from lygte.catalogue.load import DEFAULT_DIR, load_catalogue, validate_catalogue


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: validate a catalogue directory (default ``<repo>/offers``)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) > 1 or (args and args[0] in ("-h", "--help")):
        print("usage: python -m lygte.catalogue [DIRECTORY]")
        return 2
    directory = Path(args[0]) if args else DEFAULT_DIR
    problems = validate_catalogue(directory)
    if problems:
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problem(s) in {directory}")
        return 1
    print(f"{len(load_catalogue(directory))} offers OK")
    return 0
