"""What ``explorer view FILE`` hands the page it starts: the file (and its TF-Projector metadata) and the methods
to show first, in one environment variable of the Streamlit process.

The page reads it with :func:`opened` and shows the file as its source (a sample or an upload stays one click
away); without the variable (``streamlit run app.py``) the page starts on a sample, as before.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

ENV = "EXPLORER_OPEN"


@dataclass(frozen=True)
class Opened:
    path: str
    metadata: str | None = None
    methods: tuple[str, ...] = ("pca",)

    @property
    def name(self) -> str:
        """How the page names it: the file's name (and the metadata file's)."""
        return Path(self.path).name + (f" + {Path(self.metadata).name}" if self.metadata else "")

    def to_env(self) -> dict[str, str]:
        """The variable that hands this to the page's process (absolute paths: the page runs elsewhere)."""
        value = {"path": str(Path(self.path).resolve()), "methods": list(self.methods),
                 "metadata": None if self.metadata is None else str(Path(self.metadata).resolve())}
        return {ENV: json.dumps(value, ensure_ascii=False)}


def opened(environ: Mapping[str, str] = os.environ) -> Opened | None:
    """The file the page was started with, or None (no variable, or one this version cannot read)."""
    raw = environ.get(ENV)
    if not raw:
        return None
    try:
        value = json.loads(raw)
        return Opened(str(value["path"]), None if value.get("metadata") is None else str(value["metadata"]),
                      tuple(str(m) for m in value.get("methods") or ("pca",)))
    except (ValueError, KeyError, TypeError):
        return None
