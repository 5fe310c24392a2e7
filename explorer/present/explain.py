"""Why an item sits where it does: similarity to the anchor, ranks in the original
space vs in a layout, false neighbours, contributing features, and the tables
the page shows about them."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from ..words import t
from ..project import rows_of
from ..neighbours.similarity import to_anchor

METRICS = ("trustworthiness", "continuity", "knn_recall", "shepard")
# Between a hover's nearest items: "; " is 2 bytes on the wire, " · " 4 (twice per point, 100k points).
HOVER_SEPARATOR = "; "
# Verdict thresholds per metric: (good from, fair from). Trustworthiness and
# continuity of a random layout sit near 0.5, kNN recall near k/n.
VERDICT = {"trustworthiness": (0.9, 0.8), "continuity": (0.9, 0.8), "knn_recall": (0.5, 0.25), "shepard": (0.7, 0.4)}


@dataclass(frozen=True)
class AnchorView:
    """Everything about the anchor that holds in the original space (shared by all panels)."""

    anchor: int
    similarity: np.ndarray  # cosine of every item to the anchor
    rank: np.ndarray  # 0 for the anchor, 1 for its closest item under ``metric``, …
    metric: str
    distance: np.ndarray | None  # euclidean distance to the anchor when metric == "euclidean"
    reasons: list[str] | None  # per item: the features that contribute most to its cosine with the anchor


@dataclass(frozen=True)
class LayoutView:
    """The anchor's neighbourhood in one layout, set against the original space."""

    rank: np.ndarray  # 0 for the anchor, 1 for the nearest item in the layout, …
    false: np.ndarray  # among the anchor's k nearest in the layout, but not in the original space
    missed: np.ndarray  # among the k nearest in the original space, pushed out of them by the layout


def ranks_from_order(order: np.ndarray) -> np.ndarray:
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank


def contributions(X: np.ndarray, anchor: int) -> np.ndarray:
    """Each feature's share of each item's cosine with the anchor (rows sum to the cosine)."""
    norms = np.linalg.norm(X, axis=1)
    scale = norms * norms[anchor]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(scale[:, None] > 0, X * X[anchor] / scale[:, None], 0.0)


def top_features(share: np.ndarray, features: Sequence[str], n: int = 3) -> list[str]:
    """``动作 +0.62 · 科幻 +0.31`` per row: the n features with the largest share."""
    n = min(n, share.shape[1])
    if not n:
        return [""] * len(share)
    top = np.argpartition(-share, n - 1, axis=1)[:, :n] if share.shape[1] > n else np.tile(np.arange(n), (len(share), 1))
    top = np.take_along_axis(top, np.argsort(-np.take_along_axis(share, top, axis=1), axis=1), axis=1)
    # Strings by table lookup, not one format() per value: a share of a cosine lies in [-1, 1], so at two
    # places there are 201 texts (10k items: ~6 ms instead of ~23 ms). NaN/inf never reach here (checked input).
    hundredths = np.rint(np.take_along_axis(share, top, axis=1) * 100).astype(np.int64)
    values = np.where(np.abs(hundredths) <= 100, hundredths + 100, 201)
    names = [str(f) for f in features]
    pairs = [f"{names[f]} {_SHARE_TEXTS[v]}" for f, v in zip(top.ravel().tolist(), values.ravel().tolist())]
    return [" · ".join(pairs[i:i + n]) for i in range(0, len(pairs), n)]


_SHARE_TEXTS = [format(v / 100, "+.2f") for v in range(-100, 101)] + ["?"]  # index = hundredths + 100


def anchor_view(X: np.ndarray, anchor: int, features: Sequence[str], *, metric: str = "cosine",
                reasons: bool = True) -> AnchorView:
    """Cosine to the anchor (always, for the hover) and neighbour ranks under ``metric``."""
    similarity = to_anchor(X, anchor)
    distance = to_anchor(X, anchor, "euclidean") if metric == "euclidean" else None
    order = np.argsort(-similarity if distance is None else distance, kind="stable")
    order = np.concatenate(([anchor], order[order != anchor]))
    return AnchorView(
        anchor=anchor,
        similarity=similarity,
        rank=ranks_from_order(order),
        metric=metric,
        distance=distance,
        reasons=top_features(contributions(X, anchor), features) if reasons else None,
    )


def drawn_rows(n: int, limit: int, anchor: int | None = None, *, seed: int = 0) -> np.ndarray:
    """The rows a chart draws, ascending: every row up to ``limit``, else a seeded random
    ``limit`` of them (not the first ones: a table sorted by class would show one class),
    plus the anchor, so its star is always drawn."""
    if n <= limit:
        return np.arange(n)
    rows = _random_rows(n, limit, seed)
    at = int(np.searchsorted(rows, anchor)) if anchor is not None else 0
    return rows if anchor is None or (at < len(rows) and rows[at] == anchor) else np.insert(rows, at, anchor)


@functools.lru_cache(maxsize=4)
def _random_rows(n: int, limit: int, seed: int) -> np.ndarray:
    """Sorted seeded sample, drawn once per table (a click or an anchor change only adds the anchor)."""
    rows = np.sort(np.random.default_rng(seed).choice(n, size=limit, replace=False))
    rows.flags.writeable = False
    return rows


def layout_view(Y: np.ndarray, anchor: int, original: AnchorView, k: int = 10) -> LayoutView:
    distance = np.linalg.norm(Y - Y[anchor], axis=1)
    order = np.argsort(distance, kind="stable")
    order = np.concatenate(([anchor], order[order != anchor]))
    rank = ranks_from_order(order)
    k = min(k, len(rank) - 1)
    near_layout = (rank >= 1) & (rank <= k)
    near_original = (original.rank >= 1) & (original.rank <= k)
    return LayoutView(rank=rank, false=np.flatnonzero(near_layout & ~near_original),
                      missed=np.flatnonzero(near_original & ~near_layout))


def neighbor_lines(labels: Sequence[str], idx: np.ndarray, score: np.ndarray) -> list[str]:
    """``a .92; b .90; c .87`` per item: its nearest items and their cosines (2 places, no leading zero)."""
    return [HOVER_SEPARATOR.join(f"{labels[j]} {_short(s)}" for j, s in zip(row_i, row_s))
            for row_i, row_s in zip(idx, score)]


def _short(value: float) -> str:
    """0.92 → .92, -0.12 → -.12, 1.00 stays: hover text is sent for every point (100k of them)."""
    text = f"{value:.2f}"
    return text.replace("0.", ".", 1) if text.lstrip("-").startswith("0.") else text


def hover_details(view: AnchorView, neighbors: Sequence[str], lang: str = "en") -> list[str]:
    """Per item: why it is (dis)similar to the anchor, and its own nearest items."""
    why, near = t("hover_why", lang), t("hover_neighbours", lang)
    if view.reasons is None:
        return [f"{near}: {line}" for line in neighbors]
    return [f"{why}: {reason}\n{near}: {line}" for reason, line in zip(view.reasons, neighbors)]


def neighbour_table(labels: Sequence[str], view: AnchorView, layouts: Mapping[str, LayoutView], *,
                    k: int = 10, lang: str = "en") -> pd.DataFrame:
    """The anchor's k nearest in the original space and in each layout, false neighbours marked ✗."""
    k = min(k, len(view.rank) - 1)
    rows: dict[str, list] = {t("rank", lang): list(range(1, k + 1))}
    by_rank = np.argsort(view.rank)[1 : k + 1]
    closeness = view.similarity if view.distance is None else view.distance
    rows[t("original", lang)] = [f"{labels[j]} ({closeness[j]:.3f})" for j in by_rank]
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


def heatmap_members(X: np.ndarray, anchor: int, *, all_up_to: int = 40, size: int = 20) -> np.ndarray:
    """All items for a small table; else the anchor and its most similar items."""
    if len(X) <= all_up_to:
        return np.arange(len(X))
    similarity = to_anchor(X, anchor)
    similarity[anchor] = np.inf
    return np.argsort(-similarity, kind="stable")[:size]


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


def changed_rows(original: pd.DataFrame, edited: pd.DataFrame) -> np.ndarray:
    """Rows of ``edited`` that are not rows of ``original`` (added or edited), as a boolean mask."""
    columns = [c for c in edited.columns if c in original.columns]
    if len(columns) != len(edited.columns):
        return np.zeros(len(edited), dtype=bool)  # a different table, not an edit of it
    seen = set(original[columns].astype(str).itertuples(index=False, name=None))
    return np.array([row not in seen for row in edited[columns].astype(str).itertuples(index=False, name=None)],
                    dtype=bool)


def colour_values(table, prepared, choice: str, kept: np.ndarray) -> tuple[np.ndarray | list | None, str]:
    """Values to colour by: a category, a numeric feature, or per-item neighbour preservation."""
    if choice == "distortion":
        return kept, "kept neighbours"
    if choice.startswith("cat:"):
        column = choice[4:]
        return table.data[column].iloc[prepared.rows].astype(str).tolist(), column
    if choice.startswith("num:"):
        column = choice[4:]
        return prepared.X[:, prepared.features.index(column)], column
    return None, ""


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
