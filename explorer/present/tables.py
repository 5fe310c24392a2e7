"""The tables a page shows beside the pictures: the anchor's neighbours in the data vs each layout,
the scoreboard with its verdicts, the heatmap's members, the W/b and target editors' frames, edited
rows, and what colours the points.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from ..neighbours import to_anchor
from ..project import rows_of
from ..words import t
from .anchor import AnchorView, LayoutView


METRICS = ("trustworthiness", "continuity", "knn_recall", "shepard")


# Verdict thresholds per metric: (good from, fair from). Trustworthiness and
# continuity of a random layout sit near 0.5, kNN recall near k/n.
VERDICT = {"trustworthiness": (0.9, 0.8), "continuity": (0.9, 0.8), "knn_recall": (0.5, 0.25), "shepard": (0.7, 0.4)}


def neighbour_table(labels: Sequence[str], view: AnchorView, layouts: Mapping[str, LayoutView], *,
                    k: int = 10, lang: str = "en") -> pd.DataFrame:
    """The anchor's k nearest in the original space, with their cosine or distance (the column says which),
    and in each layout, where ``(#n)`` is the item's rank in the original space and ✗ marks a false
    neighbour (not among the k nearest there)."""
    k = min(k, len(view.rank) - 1)
    rows: dict[str, list] = {t("rank", lang): list(range(1, k + 1))}
    by_rank = np.argsort(view.rank)[1 : k + 1]
    rows[t("in_the_data", lang)] = [str(labels[j]) for j in by_rank]
    rows[t(f"pair_{view.metric}", lang)] = [format(view.closeness[j], ".4f" if view.metric == "cosine" else ".4g")
                                            for j in by_rank]
    for name, layout in layouts.items():
        nearest = np.argsort(layout.rank)[1 : k + 1]
        false = set(layout.false.tolist())
        rows[name] = [f"{'✗ ' if j in false else ''}{labels[j]} (#{view.rank[j]})" for j in nearest]
    return pd.DataFrame(rows)


def scoreboard_row(name: str, seconds: float, scores: Mapping[str, float]) -> dict:
    return {"method": name, "seconds": round(seconds, 2), **{m: float(scores[m]) for m in METRICS}}


VERDICT_COLOURS = ("#c8e6c9", "#fff3c4", "#ffcdd2")  # good, fair, poor


def verdict(metric: str, value: float) -> int:
    """0 = good, 1 = fair, 2 = poor (see VERDICT)."""
    good, fair = VERDICT[metric]
    return 0 if value >= good else 1 if value >= fair else 2


def scoreboard_frame(rows: Sequence[dict]):
    """The scoreboard as a pandas Styler: numbers stay numbers, each cell tinted by its verdict."""
    frame = pd.DataFrame(rows)

    def tint(column: pd.Series) -> list[str]:
        if column.name not in VERDICT:
            return [""] * len(column)
        return [f"background-color: {VERDICT_COLOURS[verdict(column.name, v)]}" for v in column]

    return frame.style.apply(tint).format({m: "{:.3f}" for m in METRICS} | {"seconds": "{:.2f}"})


def heatmap_members(X: np.ndarray, anchor: int, *, all_up_to: int = 40, size: int = 20,
                    metric: str = "cosine") -> np.ndarray:
    """All items for a small table; else the anchor and its closest items under ``metric``."""
    if len(X) <= all_up_to:
        return np.arange(len(X))
    closeness = to_anchor(X, anchor, metric)
    far = closeness if metric == "euclidean" else -closeness
    far[anchor] = -np.inf
    return np.argsort(far, kind="stable")[:size]


def linear_frames(W: np.ndarray, b: np.ndarray, features: Sequence[str],
                  axis_names: Sequence[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """W (rows = output axes, columns = features) and b (one value per axis), for the editors."""
    index = [str(a) for a in axis_names]
    W_frame = pd.DataFrame(np.asarray(W, dtype=float), columns=list(features), index=index)
    return W_frame, pd.DataFrame({"b": np.asarray(b, dtype=float)}, index=index)


def linear_from_frames(W_frame: pd.DataFrame, b_frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Edited W and b back as arrays (an emptied cell counts as 0)."""
    def numbers(frame: pd.DataFrame) -> np.ndarray:
        return frame.apply(pd.to_numeric, errors="coerce").fillna(0.0).to_numpy(float)

    return numbers(W_frame), numbers(b_frame)[:, 0], [str(i) for i in W_frame.index]


def targets_frame(labels: Sequence[str], rows: Sequence[int], targets: np.ndarray,
                  axes: Sequence[str]) -> pd.DataFrame:
    """Target positions for the "fit to positions" editor: one row per item, its label then its coordinates."""
    frame = pd.DataFrame(np.asarray(targets, dtype=float), columns=[str(a) for a in axes])
    frame.insert(0, "item", [str(labels[i]) for i in rows])
    return frame


def targets_from_frame(frame: pd.DataFrame, labels: Sequence[str]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The edited targets back as (rows, coordinates, axis names); rows left without an item are skipped."""
    named = frame[frame["item"].notna() & (frame["item"].astype(str).str.strip() != "")]
    axes = [str(c) for c in frame.columns if c != "item"]
    T = named[axes].apply(pd.to_numeric, errors="coerce").to_numpy(float)
    return rows_of(labels, named["item"].astype(str).tolist(), what="target"), T, axes


def changed_rows(original: pd.DataFrame, edited: pd.DataFrame) -> np.ndarray:
    """Rows of ``edited`` that are not rows of ``original`` (added or edited), as a boolean mask."""
    columns = [c for c in edited.columns if c in original.columns]
    if len(columns) != len(edited.columns):
        return np.zeros(len(edited), dtype=bool)  # a different table, not an edit of it
    seen = set(original[columns].astype(str).itertuples(index=False, name=None))
    return np.array([row not in seen for row in edited[columns].astype(str).itertuples(index=False, name=None)],
                    dtype=bool)


def numeric_columns(table, *, share: float = 0.9) -> list[str]:
    """Columns that are not features but hold numbers (at least ``share`` of their non-empty cells): a
    metadata file's year or score, an excluded column, a category of numbers."""
    features = set(table.features)
    found = []
    for name in table.data.columns:
        if name in features or name == table.label:
            continue
        text = table.data[name].astype(object).where(table.data[name].notna(), "").astype(str).str.strip()
        filled = text != ""
        if filled.sum() and pd.to_numeric(text[filled], errors="coerce").notna().mean() >= share:
            found.append(str(name))
    return found


@dataclass(frozen=True)
class Colour:
    """What the points are coloured by: nothing, a category column, a numeric feature, a non-feature column of
    numbers on a continuous scale, or distortion."""

    kind: str  # "none", "category", "feature", "number", "distortion"
    column: str | None = None

    def name(self, lang: str = "en") -> str:
        """How a menu shows this choice: the column's own name, or our words."""
        if self.kind == "number":
            return t("colour_scale", lang, name=self.column)
        return self.column if self.column is not None else t(f"colour_{self.kind}", lang)


def colour_choices(table, prepared, *, features_up_to: int = 50) -> list[Colour]:
    """Nothing, each category, each other column of numbers, distortion, then the first numeric features."""
    return [Colour("none"), *[Colour("category", c) for c in table.categories],
            *[Colour("number", c) for c in numeric_columns(table)], Colour("distortion"),
            *[Colour("feature", f) for f in prepared.features[:features_up_to]]]


def colour_values(table, prepared, choice: Colour, kept: np.ndarray) -> tuple[np.ndarray | list | None, str]:
    """Values to colour by, and their name: category texts, a column's numbers (NaN where a cell holds none),
    or neighbours kept per item."""
    if choice.kind == "distortion":
        return kept, "kept neighbours"
    if choice.kind == "category":
        return table.category_values(prepared.rows, [choice.column])[choice.column], choice.column
    if choice.kind == "feature":
        return prepared.X[:, prepared.features.index(choice.column)], choice.column
    if choice.kind == "number":
        cells = table.data[choice.column].iloc[prepared.rows].astype(object)
        numbers = pd.to_numeric(cells.where(cells.notna(), "").astype(str).str.strip(), errors="coerce")
        return numbers.to_numpy(dtype=np.float64), choice.column
    return None, ""



def _numbers(values) -> np.ndarray | None:
    """``values`` as float64 when they are numbers (a colour scale), else None (categories, nothing)."""
    if values is None:
        return None
    if isinstance(values, np.ndarray) and values.dtype.kind in "fiu":
        return values.astype(np.float64, copy=False)
    array = np.asarray(values, dtype=object)
    if len(array) and all(isinstance(v, (int, float, np.number)) and not isinstance(v, bool) for v in array):
        return array.astype(np.float64)
    return None


def colour_range(values) -> tuple[float, float] | None:
    """The span of the numbers coloured by (missing ones left out), the same in every panel and the legend;
    None for categories, nothing, or no number at all."""
    numbers = _numbers(values)
    finite = np.empty(0) if numbers is None else numbers[np.isfinite(numbers)]
    return (float(finite.min()), float(finite.max())) if finite.size else None


def missing_numbers(values) -> int:
    """How many items have no number to be coloured by (0 for categories)."""
    numbers = _numbers(values)
    return 0 if numbers is None else int(np.isnan(numbers).sum())
