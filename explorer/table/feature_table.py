"""FeatureTable: which columns of a table are features, the label and categories."""
from __future__ import annotations
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class FeatureTable:
    """A table as read, plus the role of each column.

    ``data`` keeps every column: feature columns as float64 (NaN where a cell was
    missing or could not be read as a number), every other column as text
    exactly as in the file (``"NA"`` stays the string ``"NA"``). ``notes`` lists,
    in plain words, every decision and conversion the reader made.
    """

    data: pd.DataFrame
    features: list[str]
    label: str | None = None
    categories: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    source: str = ""

    @property
    def n_rows(self) -> int:
        return len(self.data)

    def labels(self) -> list[str]:
        """One display label per row: the label column, or ``row 1``, ``row 2``…"""
        if self.label is None:
            return [f"row {i + 1}" for i in range(len(self.data))]
        return ["" if pd.isna(v) else str(v) for v in self.data[self.label].tolist()]

    def values(self) -> np.ndarray:
        """The feature columns as an n×d float64 array (NaN = missing)."""
        return self.data[self.features].to_numpy(dtype=np.float64, na_value=np.nan)

    def category_values(self, rows: np.ndarray | None = None, names: Sequence[str] | None = None
                        ) -> dict[str, list[str]]:
        """Category columns (``names``, all by default) as text, for the rows kept by preparation (all by default)."""
        frame = self.data if rows is None else self.data.iloc[rows]
        return {name: frame[name].astype(str).tolist() for name in (self.categories if names is None else names)}
