"""Rows as the similarity code compares them: checked, scaled by a power of two (exact, keeps squares in
range), unit rows for cosine; exact float64 scores of chosen pairs. Shared by top-k search and the scores."""
from __future__ import annotations

import numpy as np

from ..errors import DataError
from ..words import say


METRICS = ("cosine", "euclidean")
# Memory budget for one block of float32 scores.
BLOCK_BYTES = 64 * 2**20


# ---------------------------------------------------------------- validation
def as_matrix(X, name: str = "X") -> np.ndarray:
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2:
        raise DataError(say("sim_not_2d", name=name, shape=X.shape))
    if X.shape[0] == 0 or X.shape[1] == 0:
        raise DataError(say("sim_empty", name=name, shape=X.shape))
    if not np.isfinite(X).all():
        row, col = np.argwhere(~np.isfinite(X))[0]
        raise DataError(say("sim_not_finite", name=name, row=row + 1, col=col + 1, value=X[row, col]))
    return np.ascontiguousarray(X)


def check_metric(metric: str) -> None:
    if metric not in METRICS:
        raise DataError(say("bad_metric", value=metric, valid=", ".join(METRICS)))


def check_index(i, n: int) -> int:
    if isinstance(i, (bool, np.bool_)) or not isinstance(i, (int, np.integer)):
        raise DataError(say("item_not_integer", value=i, high=n - 1))
    if not 0 <= i < n:
        raise DataError(say("item_out_of_range", value=i, n=n, high=n - 1))
    return int(i)


def clamp_k(k, n: int) -> int:
    if isinstance(k, (bool, np.bool_)) or not isinstance(k, (int, np.integer)):
        raise DataError(say("k_not_integer", value=k, high=max(n - 1, 1)))
    if k < 1:
        raise DataError(say("k_at_least_one", value=k))
    return int(min(k, n - 1))


def row_norms(X: np.ndarray) -> np.ndarray:
    return np.sqrt(np.einsum("ij,ij->i", X, X))


def pow2_at_least_half(m: np.ndarray | float) -> np.ndarray | float:
    """A power of two p with m / p in [1, 2) (1 where m == 0): dividing by it is exact."""
    _, e = np.frexp(m)
    return np.where(np.asarray(m) > 0, np.ldexp(1.0, e - 1), 1.0)


def unit_rows(X: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1; zero rows stay zero (so their cosine is 0, not NaN).

    Each row is first divided by a power of two near its largest entry, which is
    exact and keeps the squares from overflowing (1e200) or underflowing (1e-200).
    """
    S = X / pow2_at_least_half(np.abs(X).max(axis=1))[:, None]
    norms = row_norms(S)
    norms[norms == 0.0] = 1.0
    return S / norms[:, None]


def euclid_scaled(X: np.ndarray) -> tuple[np.ndarray, float]:
    """X divided by a power of two g (exact) when its magnitudes would overflow or
    underflow squared distances; distances computed on it, times g, are X's."""
    top = float(np.abs(X).max())
    if 1e-100 < top < 1e100 or top == 0.0:
        return X, 1.0
    g = float(pow2_at_least_half(top))
    return X / g, g


class Space:
    """The rows every score is computed from, made block by block (no n×d float64 copy).

    cosine: unit rows. euclidean: X / g, and for candidate searches centred on the
    column mean (same distances, smaller norms, smaller float32 rounding).
    """

    def __init__(self, X: np.ndarray, metric: str):
        self.X, self.metric, self.n, self.d = X, metric, X.shape[0], X.shape[1]
        self.g, self.mean = 1.0, None
        if metric == "cosine":
            # per-row factors of unit_rows, computed once: rows() then costs two divisions
            self.p = np.empty(self.n)
            self.norm = np.empty(self.n)
            for sl in self.blocks():
                self.p[sl] = pow2_at_least_half(np.abs(X[sl]).max(axis=1))
                norm = row_norms(X[sl] / self.p[sl][:, None])
                norm[norm == 0.0] = 1.0
                self.norm[sl] = norm
        else:
            top = float(np.abs(X).max())
            if not (1e-100 < top < 1e100 or top == 0.0):
                self.g = float(pow2_at_least_half(top))
            self.mean = X.mean(axis=0) / self.g

    def rows(self, idx) -> np.ndarray:
        """Exact float64 rows used for re-scoring (bit for bit what unit_rows gives)."""
        Z = self.X[idx]
        if self.metric == "cosine":
            Z = Z / self.p[idx][..., None]
            Z /= self.norm[idx][..., None]
            return Z
        return Z / self.g if self.g != 1.0 else Z

    def search_rows(self, sl: slice) -> np.ndarray:
        """Rows for candidate searches (centred for euclidean)."""
        Z = self.rows(sl)
        return Z - self.mean if self.metric == "euclidean" else Z

    def blocks(self, step: int | None = None):
        step = step or max(1, BLOCK_BYTES // (8 * self.d))
        for start in range(0, self.n, step):
            yield slice(start, min(start + step, self.n))


# ------------------------------------------------------------- exact scoring
def pair_scores(space: Space, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """The canonical float64 score of pairs (rows[a], cols[a, b]); every public result uses it.

    cosine: clipped dot product of unit rows. euclidean: distance (of X / g).
    Each pair goes through the same row-wise kernel, whatever the batch, so a
    pair always gets the same bits.
    """
    m, c = cols.shape
    left_rows = space.rows(rows)
    left_pos, right_ids = np.repeat(np.arange(m), c), cols.ravel()
    out = np.empty(m * c, dtype=np.float64)
    step = max(1, BLOCK_BYTES // (16 * space.d))
    for start in range(0, m * c, step):
        left = left_rows[left_pos[start:start + step]]
        right = space.rows(right_ids[start:start + step])
        if space.metric == "cosine":
            out[start:start + step] = np.einsum("ij,ij->i", left, right)
        else:
            diff = left - right
            out[start:start + step] = np.sqrt(np.einsum("ij,ij->i", diff, diff))
    if space.metric == "cosine":
        np.clip(out, -1.0, 1.0, out=out)
    return out.reshape(m, c)
