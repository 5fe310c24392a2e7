"""Turn a FeatureTable into the finite matrix X every method and score sees."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from .errors import DataError
from .messages import joined, say
from .table import FeatureTable

SCALINGS = ("none", "standard", "l2")
MISSING = ("drop", "mean", "error")

# Beyond these magnitudes float64 arithmetic in the methods loses its footing
# (squared distances overflow near 1e154, t-SNE affinities underflow near 1e-20),
# so the whole matrix is rescaled by one power of ten before any method sees it.
# One common factor changes no cosine, no neighbour and no PCA direction.
SAFE_MAX = 1e12
SAFE_MIN = 1e-12


@dataclass(frozen=True)
class Prepared:
    """The prepared feature matrix and the bookkeeping that ties it to the table."""

    X: np.ndarray
    labels: list[str]
    rows: np.ndarray
    features: list[str]
    notes: list[str] = field(default_factory=list)
    unit: float = 1.0  # X = original values / unit (see SAFE_MAX)

    @property
    def n(self) -> int:
        return self.X.shape[0]


def _rows_text(rows: np.ndarray, limit: int = 8) -> str:
    shown = ", ".join(str(r + 1) for r in rows[:limit])
    return say("rows_and_more", rows=shown, n=len(rows) - limit) if len(rows) > limit else shown


def prepare(
    table: FeatureTable,
    *,
    scaling: str = "none",
    missing: str = "drop",
    keep: Sequence[str] = (),
) -> Prepared:
    """Apply the missing-value policy and the scaling; report what was done.

    ``keep`` names features that are never dropped (e.g. the columns a user's
    ``W`` refers to), even when constant.
    """
    if scaling not in SCALINGS:
        raise DataError(say("bad_scaling", value=scaling, choices=", ".join(SCALINGS)))
    if missing not in MISSING:
        raise DataError(say("bad_missing", value=missing, choices=", ".join(MISSING)))
    if not table.features:
        raise DataError(say("no_feature_column"))
    unknown = [name for name in keep if name not in table.features]
    if unknown:
        raise DataError(say("keep_unknown", name=unknown[0], features=", ".join(table.features)))
    notes: list[str] = []
    X = table.values()
    labels = table.labels()
    features = list(table.features)
    rows = np.arange(X.shape[0])

    bad = ~np.isfinite(X)
    if bad.any():
        bad_rows = np.flatnonzero(bad.any(axis=1))
        where = joined(
            (say("missing_in_column", name=features[j], rows=_rows_text(np.flatnonzero(bad[:, j]), 5))
             for j in np.flatnonzero(bad.any(axis=0))[:5]),
            "; ",
        )
        if missing == "error":
            raise DataError(say("missing_refused", n=len(bad_rows), where=where))
        if missing == "drop":
            keep_rows = ~bad.any(axis=1)
            notes.append(say("missing_dropped", n=len(bad_rows), rows=_rows_text(bad_rows), where=where))
            X, rows = X[keep_rows], rows[keep_rows]
            labels = [labels[i] for i in rows]
        else:
            usable = (~bad).sum(axis=0)
            means = np.where(usable > 0, np.where(bad, 0.0, X).sum(axis=0) / np.maximum(usable, 1), np.nan)
            empty = [features[j] for j in np.flatnonzero(np.isnan(means))]
            if empty:
                raise DataError(say("nothing_to_average", name=empty[0]))
            X = np.where(bad, means, X)
            notes.append(say("missing_filled", n=int(bad.sum()), where=where))
    if X.shape[0] == 0:
        raise DataError(say("no_rows_left"))

    constant = [
        j for j in range(X.shape[1]) if features[j] not in keep and X.shape[0] > 1 and np.ptp(X[:, j]) == 0
    ]
    if constant and len(constant) < X.shape[1]:
        names = [features[j] for j in constant]
        notes.append(say("constant_dropped", n=len(names), names=", ".join(names[:10])))
        kept = [j for j in range(X.shape[1]) if j not in set(constant)]
        X, features = X[:, kept], [features[j] for j in kept]

    unit = 1.0
    biggest = float(np.abs(X).max()) if X.size else 0.0
    if biggest > SAFE_MAX or 0 < biggest < SAFE_MIN:
        # divide (not multiply) so subnormal units stay finite; 1e-324 is no float (it is 0)
        unit = 10.0 ** max(np.floor(np.log10(biggest)), -323.0)
        X = X / unit
        notes.append(say("rescaled", biggest=biggest, unit=unit))

    if scaling == "none" and X.shape[1] > 1:
        spread = np.sort(np.std(X, axis=0))
        spread = spread[spread > 0]
        # the widest column against the median of the others, so a few nearly constant
        # columns (blank pixels) raise no alarm
        ratio = spread[-1] / np.median(spread[:-1]) if spread.size > 1 else 1.0
        if ratio > 100:
            notes.append(say("scales_differ", ratio=ratio))
    elif scaling == "standard":
        std = X.std(axis=0)
        X = (X - X.mean(axis=0)) / np.where(std > 0, std, 1.0)
    elif scaling == "l2":
        norms = np.linalg.norm(X, axis=1, keepdims=True)
        zero = np.flatnonzero(norms[:, 0] == 0)
        X = X / np.where(norms > 0, norms, 1.0)
        if zero.size:
            notes.append(say("zero_rows_l2", n=zero.size, rows=_rows_text(rows[zero])))

    return Prepared(
        X=np.ascontiguousarray(X, dtype=np.float64),
        labels=labels,
        rows=rows,
        features=features,
        notes=notes,
        unit=float(unit),
    )
