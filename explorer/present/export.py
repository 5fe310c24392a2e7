"""What a user takes away: coordinates CSV, standalone HTML, replayable recipe."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
import pandas as pd

from .. import __version__
from ..errors import InputError
from ..words import say

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
AXES = ("x", "y", "z")


def neutralize(text: str) -> str:
    """Make a text cell inert in Excel/LibreOffice/Sheets: prefix a quote to a formula trigger."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def neighbors_text(labels: Sequence[str], idx: np.ndarray, score: np.ndarray) -> list[str]:
    """``电影C:0.9498|电影B:0.3467`` for every row of a top-k result."""
    return ["|".join(f"{labels[j]}:{s:.4f}" for j, s in zip(row_i, row_s)) for row_i, row_s in zip(idx, score)]


def coordinates_frame(
    labels: Sequence[str],
    Y: np.ndarray,
    *,
    label_name: str = "label",
    categories: dict[str, Sequence[Any]] | None = None,
    neighbors: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Labels, category columns, then x, y[, z] (and a neighbours column when given)."""
    columns: dict[str, Any] = {label_name: list(labels)}
    for name, values in (categories or {}).items():
        if name not in columns:
            columns[name] = list(values)
    for axis, values in zip(AXES, Y.T):
        columns[axis] = values
    if neighbors is not None:
        columns["neighbors"] = list(neighbors)
    return pd.DataFrame(columns)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM (so Excel shows Chinese), text cells neutralised, floats written exactly."""
    safe = frame.copy()
    safe.columns = [neutralize(str(c)) for c in safe.columns]
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = [neutralize("" if v is None else str(v)) for v in safe[column]]
    # CRLF line ends (RFC 4180) make the writer quote any cell holding a CR or LF.
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def figure_html(figure: Any) -> str:
    """A standalone HTML page with plotly.js inlined (works offline)."""
    return figure.to_html(include_plotlyjs=True, full_html=True)


def fingerprint(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


@dataclass
class Recipe:
    """Everything needed to replay a picture: input, roles, preparation, method."""

    projection: dict
    input_name: str = ""
    input_fingerprint: str = ""
    roles: dict = field(default_factory=dict)
    preprocess: dict = field(default_factory=dict)
    version: str = __version__

    def to_json(self) -> str:
        return json.dumps(
            {
                "explorer_recipe": 1,
                "version": self.version,
                "input": {"name": self.input_name, "fingerprint": self.input_fingerprint},
                "roles": self.roles,
                "preprocess": self.preprocess,
                "projection": self.projection,
            },
            ensure_ascii=False,
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str | bytes) -> "Recipe":
        try:
            raw = json.loads(text)
            if not isinstance(raw, dict) or raw.get("explorer_recipe") != 1:
                raise ValueError("not an explorer recipe")
            return cls(
                projection=dict(raw["projection"]),
                input_name=str(raw.get("input", {}).get("name", "")),
                input_fingerprint=str(raw.get("input", {}).get("fingerprint", "")),
                roles=dict(raw.get("roles", {})),
                preprocess=dict(raw.get("preprocess", {})),
                version=str(raw.get("version", "")),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise InputError(say("recipe_invalid", error=exc)) from None
