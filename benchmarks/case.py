"""Run one benchmark case in this (fresh) process: ``python -m benchmarks.case MODULE FUNCTION JSON``.

Prints the case's result as one JSON line after ``BENCH-RESULT ``, with the
process's peak resident memory added, so a case's memory is its own.
"""
from __future__ import annotations

import importlib
import json
import sys

from .common import RESULT_MARK, mb, peak_rss


def _plain(value):
    """numpy scalars and arrays as plain JSON values."""
    if hasattr(value, "tolist"):
        return value.tolist()
    return str(value)


def main(argv: list[str]) -> int:
    module, function, kwargs = argv[0], argv[1], json.loads(argv[2])
    result = getattr(importlib.import_module(f"benchmarks.{module}"), function)(**kwargs)
    result["process_peak_mb"] = mb(peak_rss())
    print(RESULT_MARK + json.dumps(result, default=_plain), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
