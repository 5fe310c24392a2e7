"""Turn a FeatureTable into the finite matrix X every method and score sees.

The work is split so that a table too large for memory (``batches``) is prepared by the same
code: ``ColumnStats`` gathers what the decisions need to know about whole columns, in one
block or many; ``Transform.fit`` takes the decisions (and says them); ``Transform.apply``
prepares any block of rows. ``prepare`` runs the three on a whole table.
"""
from __future__ import annotations
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from ..errors import DataError
from ..words import joined, say
from .feature_table import FeatureTable

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


def check_options(scaling: str, missing: str) -> None:
    """A DataError listing the choices when ``scaling`` or ``missing`` is not one of them."""
    if scaling not in SCALINGS:
        raise DataError(say("bad_scaling", value=scaling, choices=", ".join(SCALINGS)))
    if missing not in MISSING:
        raise DataError(say("bad_missing", value=missing, choices=", ".join(MISSING)))


class ColumnStats:
    """Per column, over the cells that are not NaN: count, mean, spread, range.

    ``add`` merges one block of rows after another (Chan et al.: exact and stable, no raw
    squares to cancel); one block gives numpy's own mean and deviations, bit for bit. Sums and
    squares are taken in steps of a power of two near the column's largest value: that changes
    no bit, and keeps 1e200 (squares overflow) and 1e-200 (squares underflow) as accurate as 1.
    """

    def __init__(self, d: int) -> None:
        self.rows = 0
        self.count, self.mean = np.zeros(d), np.zeros(d)
        self.m2, self.step = np.zeros(d), np.ones(d)  # squared deviations, in units of step**2
        self.low, self.high = np.full(d, np.inf), np.full(d, -np.inf)

    def add(self, X: np.ndarray) -> None:
        self.rows += len(X)
        finite = ~np.isnan(X)
        count = finite.sum(axis=0)
        if not count.any():
            return
        self.low = np.minimum(self.low, np.where(finite, X, np.inf).min(axis=0))
        self.high = np.maximum(self.high, np.where(finite, X, -np.inf).max(axis=0))
        step = np.ldexp(1.0, np.minimum(np.frexp(self.largest)[1], 1023))  # 2**1024 is not a float
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            Z = np.where(finite, X / step, 0.0)
            mean = Z.sum(axis=0) / count
            m2 = np.where(finite, (Z - mean) ** 2, 0.0).sum(axis=0)
            before = self.mean / step
            # m2 > 0 only in a column with a spread, whose step can only have grown
            carried = np.where(self.m2 > 0, self.m2 * (self.step / step) ** 2, 0.0)
        total = self.count + count
        share = np.divide(count, total, out=np.zeros_like(total), where=total > 0)
        delta = np.where(count > 0, mean - before, 0.0)
        self.m2 = carried + np.where(count > 0, m2, 0.0) + delta**2 * self.count * share
        self.mean = (before + delta * share) * step
        self.count, self.step = total, step

    @property
    def largest(self) -> np.ndarray:
        """The largest magnitude in each column."""
        return np.maximum(np.abs(self.low), np.abs(self.high))

    def std(self) -> np.ndarray:
        """Each column's population standard deviation (numpy's ``std``) once its missing cells hold the mean."""
        return np.sqrt(self.m2 / max(self.rows, 1)) * self.step


@dataclass
class Transform:
    """What preparing does to each row, once the whole columns are known."""

    columns: np.ndarray  # feature columns kept (constant ones dropped)
    fill: np.ndarray | None = None  # column means for missing cells (missing='mean')
    unit: float = 1.0
    center: np.ndarray | None = None  # standard scaling
    scale: np.ndarray | None = None
    l2: bool = False

    @classmethod
    def fit(cls, stats: ColumnStats, features: Sequence[str], *, scaling: str, missing: str,
            keep: Sequence[str] = ()) -> tuple["Transform", list[str]]:
        """The decisions, from the statistics of the rows the missing-value policy kept (at least one), and
        their notes: the fill for missing='mean', constant columns (not those in ``keep``), the magnitude unit,
        standard scaling, the warning that scales differ."""
        notes: list[str] = []
        fill = None
        if missing == "mean":
            empty = np.flatnonzero(stats.count == 0)
            if empty.size:
                raise DataError(say("nothing_to_average", name=features[empty[0]]))
            fill = stats.mean
        d = len(features)
        constant = [j for j in range(d)
                    if features[j] not in keep and stats.rows > 1 and stats.low[j] == stats.high[j]]
        columns = np.arange(d)
        if constant and len(constant) < d:
            names = [features[j] for j in constant]
            notes.append(say("constant_dropped", n=len(names), names=", ".join(names[:10])))
            columns = np.setdiff1d(columns, constant)
        unit = 1.0
        biggest = float(stats.largest[columns].max())
        if biggest > SAFE_MAX or 0 < biggest < SAFE_MIN:
            # divide (not multiply) so subnormal units stay finite; 1e-324 is no float (it is 0)
            unit = float(10.0 ** max(np.floor(np.log10(biggest)), -323.0))
            notes.append(say("rescaled", biggest=biggest, unit=unit))
        std, mean = stats.std()[columns] / unit, stats.mean[columns] / unit
        transform = cls(columns=columns, fill=fill, unit=unit, l2=scaling == "l2")
        if scaling == "standard":
            transform.center, transform.scale = mean, np.where(std > 0, std, 1.0)
        # the widest column against the median of the others, so a few nearly constant
        # columns (blank pixels) raise no alarm
        spread = np.sort(std[std > 0])
        if scaling == "none" and spread.size > 1 and spread[-1] / np.median(spread[:-1]) > 100:
            notes.append(say("scales_differ", ratio=spread[-1] / np.median(spread[:-1])))
        return transform, notes

    def apply(self, X: np.ndarray) -> np.ndarray:
        """A block of rows (NaN where a cell is missing) prepared."""
        if self.fill is not None:
            X = np.where(np.isnan(X), self.fill, X)
        X = X[:, self.columns]
        if self.unit != 1.0:
            X = X / self.unit
        if self.center is not None:
            X = (X - self.center) / self.scale
        if self.l2:
            norms = np.linalg.norm(X, axis=1, keepdims=True)
            X = X / np.where(norms > 0, norms, 1.0)
        return np.ascontiguousarray(X, dtype=np.float64)


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
    check_options(scaling, missing)
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
            X = np.where(bad, np.nan, X)  # infinite cells are filled too
            notes.append(say("missing_filled", n=int(bad.sum()), where=where))
    if X.shape[0] == 0:
        raise DataError(say("no_rows_left"))

    stats = ColumnStats(X.shape[1])
    stats.add(X)
    transform, decided = Transform.fit(stats, features, scaling=scaling, missing=missing, keep=keep)
    X = transform.apply(X)
    notes += decided
    if scaling == "l2":  # rows with no length were left as they are
        zero = np.flatnonzero(np.linalg.norm(X, axis=1) == 0)
        if zero.size:
            notes.append(say("zero_rows_l2", n=zero.size, rows=_rows_text(rows[zero])))

    return Prepared(X=X, labels=labels, rows=rows, features=[features[j] for j in transform.columns],
                    notes=notes, unit=transform.unit)
