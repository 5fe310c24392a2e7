"""Similarity in the ORIGINAL (prepared) space: to one anchor, top-k of every item, small matrices.

Two metrics, each reported in its natural unit:

* ``"cosine"`` - a *similarity* in [-1, 1], larger = more alike. A zero vector
  has cosine 0 with everything (itself included), never NaN.
* ``"euclidean"`` - a *distance* >= 0, smaller = more alike.

``neighbors`` is exact and never builds an n×n matrix: float32 candidates come
from :mod:`explorer.neighbours.knn_search`, every returned pair is re-scored in float64,
and any row whose candidate list could hide a closer item (scores within the
float32 error bound of the k-th) is recomputed in float64. Ties are broken by
the lower item index, so results are deterministic.
"""
from __future__ import annotations
from typing import Callable, Sequence

import numpy as np

from . import knn_search
from .space import (BLOCK_BYTES, Space, as_matrix, check_index, check_metric, clamp_k, euclid_scaled, pair_scores,
                    row_norms, unit_rows)
from ..errors import DataError
from ..words import say

MATRIX_MAX_N = 2000
# Measured here, for a subset of query rows: faiss's flat index wins below ~128
# features, the blocked sgemm above; for all rows the symmetric blocked search wins.
_FAISS_MAX_D = 128
_U32 = 2.0**-24  # unit round-off of float32
# In the exact float64 path, at most this many items tied with the k-th are re-scored.
_BAND_MAX = 256

Progress = Callable[[float, str], "bool | None"]


def _select(space: Space, rows: np.ndarray, cand: np.ndarray, valid: np.ndarray, k: int):
    """Re-score candidates in float64 and keep the k best per row (ties: lower index first)."""
    score = pair_scores(space, rows, np.where(valid, cand, 0))
    key = np.where(valid, -score if space.metric == "cosine" else score, np.inf)
    # lexsort: the last key is the primary one -> (score, then index)
    order = np.lexsort((np.where(valid, cand, np.iinfo(np.int64).max), key), axis=-1)[:, :k]
    return np.take_along_axis(cand, order, axis=1).astype(np.int64), np.take_along_axis(score, order, axis=1)


def _exact_rows(space: Space, rows: np.ndarray, k: int):
    """Exact float64 top-k of some rows against all items (fallback and single-item path).

    A float64 product, built in column blocks, finds every item whose exact score
    could reach the k-th best (a band 4× its rounding bound wide); ``_select``
    re-scores them. When more than ``_BAND_MAX`` items tie in that band (a crowd
    of duplicates or zero vectors) the ones kept are the first by product, then index.
    """
    n, d = space.n, space.d
    rows = np.asarray(rows, dtype=np.int64)
    idx = np.empty((len(rows), k), dtype=np.int64)
    score = np.empty((len(rows), k), dtype=np.float64)
    euclid = space.metric == "euclidean"
    err = (d + 4) * 2.0**-53  # float64 dot-product rounding, relative to |q|·|x|
    sq = np.empty(n) if euclid else None
    band_max = max(_BAND_MAX, 4 * k)
    step = max(1, BLOCK_BYTES // (8 * n))
    for start in range(0, len(rows), step):
        block = rows[start:start + step]
        Q = space.rows(block) - space.mean if euclid else space.rows(block)
        key = np.empty((len(block), n))
        for sl in space.blocks():
            S = space.search_rows(sl)
            key[:, sl] = Q @ S.T
            if euclid and start == 0:
                sq[sl] = np.einsum("ij,ij->i", S, S)
        if euclid:  # squared distances, only to find candidates; exact values come from _select
            key *= -2.0
            key += sq[block][:, None]
            key += sq[None, :]
            slack = 8.0 * err * (np.sqrt(sq[block]) + np.sqrt(sq.max())) ** 2 + 1e-300
        else:
            np.negative(key, out=key)
            slack = np.full(len(block), 8.0 * err)
        key[np.arange(len(block)), block] = np.inf
        kth = np.partition(key, k - 1, axis=1)[:, k - 1]
        cands = []
        for a in range(len(block)):
            near = np.flatnonzero(key[a] <= kth[a] + slack[a])
            if len(near) > band_max:
                near = near[np.lexsort((near, key[a, near]))[:band_max]]
            cands.append(near)
        width = max(len(c) for c in cands)
        cand = np.zeros((len(block), width), dtype=np.int64)
        valid = np.zeros((len(block), width), dtype=bool)
        for a, c in enumerate(cands):
            cand[a, :len(c)], valid[a, :len(c)] = c, True
        idx[start:start + len(block)], score[start:start + len(block)] = _select(space, block, cand, valid, k)
    return idx, score


# ------------------------------------------------------------------ anchor
def to_anchor(X, i: int, metric: str = "cosine") -> np.ndarray:
    """Score of every item against item ``i``: cosine similarity in [-1, 1] or euclidean DISTANCE.

    For ``metric="cosine"`` a zero vector scores 0 (never NaN); item ``i`` scores 1
    with itself unless it is a zero vector. For ``metric="euclidean"`` the values
    are distances (0 for the anchor itself), not similarities.
    """
    X = as_matrix(X)
    check_metric(metric)
    i = check_index(i, X.shape[0])
    if metric == "cosine":
        u = unit_rows(X[i:i + 1])[0]
        norms = row_norms(X)
        # fast path: one product and one norm pass; rows whose squares overflow or
        # underflow (|x| beyond ~1e±150) are redone with the power-of-two scaling
        bad = ~((norms > 1e-150) & (norms < 1e150))  # zero rows too: the slow path gives them 0
        norms[bad] = 1.0
        with np.errstate(over="ignore", invalid="ignore"):
            out = (X @ u) / norms
        if bad.any():
            out[bad] = unit_rows(X[bad]) @ u
        return np.clip(out, -1.0, 1.0)
    Z, g = euclid_scaled(X)
    diff = Z - Z[i]
    return np.sqrt(np.einsum("ij,ij->i", diff, diff)) * g


def neighbors_of(X, i: int, k: int = 10, metric: str = "cosine") -> tuple[np.ndarray, np.ndarray]:
    """Top-k of one item (itself excluded): ids (k,) int64 and scores (k,) float64, most alike first.

    Scores are cosine similarities or euclidean distances (see module docstring);
    identical to row ``i`` of :func:`neighbors`. k >= n is clamped to n - 1.
    """
    X = as_matrix(X)
    check_metric(metric)
    n = X.shape[0]
    i = check_index(i, n)
    k = clamp_k(k, n)
    if k == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64)
    space = Space(X, metric)
    idx, score = _exact_rows(space, np.array([i]), k)
    return idx[0], score[0] * space.g


# --------------------------------------------------------------- all items
def neighbors(
    X,
    k: int = 10,
    metric: str = "cosine",
    *,
    progress: Progress | None = None,
    rows: Sequence[int] | None = None,
    backend: str = "auto",
) -> tuple[np.ndarray, np.ndarray]:
    """Exact top-k of every item (itself excluded, duplicates kept), most alike first.

    Returns ``idx`` (n×k int64) and ``score`` (n×k float64): cosine similarities
    (descending) or euclidean distances (ascending). ``k >= n`` is clamped to
    ``n - 1``. ``rows`` limits the queries to those items (result m×k, in that
    order). Memory is O(n·chunk); no n×n matrix is built.

    ``progress(fraction, message)`` is called after every chunk; returning
    ``False`` stops the search with :class:`explorer.errors.ProjectionCancelled`.
    ``backend``: "faiss" (exact flat index), "numpy" (blocked float32 sgemm with
    per-row thresholds; for all items each block serves both of its items, half
    the products) or "auto": numpy for all items, faiss for a few ``rows`` with
    fewer than ``_FAISS_MAX_D`` features (the faster in each case, measured here).
    Either way the candidates are re-scored and checked in float64, so the result
    does not depend on the backend.
    """
    X = as_matrix(X)
    check_metric(metric)
    n, d = X.shape
    k = clamp_k(k, n)
    queries = np.arange(n) if rows is None else np.asarray([check_index(r, n) for r in rows], dtype=np.int64)
    m = len(queries)
    if k == 0 or m == 0:
        return np.empty((m, k), dtype=np.int64), np.empty((m, k), dtype=np.float64)
    if backend not in ("auto", "faiss", "numpy"):
        raise DataError(say("bad_backend", value=backend))
    faiss = None
    if backend == "faiss" or (backend == "auto" and rows is not None and d < _FAISS_MAX_D):
        faiss = knn_search.faiss_module()
    if backend == "faiss" and faiss is None:
        raise DataError(say("faiss_missing"))

    space = Space(X, metric)
    Z32 = np.empty((n, d), dtype=np.float32)
    for sl in space.blocks():
        Z32[sl] = space.search_rows(sl)
    if metric == "cosine":
        # |float32 dot - exact dot| <= (d + 2) u for unit vectors, whatever the summation order
        bound = np.full(n, 2.0 * (d + 4) * _U32)
    else:
        cn = row_norms(Z32.astype(np.float64))
        bound = 2.0 * (d + 4) * _U32 * (cn + cn.max()) ** 2
    n_cand = min(n, k + 1 + max(8, k // 2))

    idx = np.empty((m, k), dtype=np.int64)
    score = np.empty((m, k), dtype=np.float64)
    redo: list[np.ndarray] = []
    found = knn_search.candidates(Z32, metric, queries, n_cand, faiss=faiss, progress=progress)
    del Z32  # the searchers keep their own copy
    for start, block, D32, cand in found:
        valid = (cand >= 0) & (cand != block[:, None])
        i_, s_ = _select(space, block, cand, valid, k)
        idx[start:start + len(block)], score[start:start + len(block)] = i_, s_
        if n_cand < n:
            # an item outside the candidates has a float32 score no better than the
            # last one's; the row is certain only if even that cannot beat the k-th
            last = D32[:, -1].astype(np.float64)
            if metric == "cosine":
                unsure = s_[:, -1] <= last + bound[block]
            else:
                unsure = s_[:, -1] ** 2 >= last - bound[block]
            unsure |= valid.sum(axis=1) < k
            if unsure.any():
                redo.append(start + np.flatnonzero(unsure))
    if redo:
        positions = np.concatenate(redo)
        i_, s_ = _exact_rows(space, queries[positions], k)
        idx[positions], score[positions] = i_, s_
    if space.g != 1.0:
        score *= space.g
    return idx, score


# ------------------------------------------------------------------ matrix
def matrix(X, metric: str = "cosine", max_n: int = MATRIX_MAX_N) -> np.ndarray:
    """Full n×n cosine-similarity (diagonal 1, 0 for zero vectors) or euclidean-distance matrix.

    Only for small tables (heatmap): above ``max_n`` items it raises DataError.
    """
    X = as_matrix(X)
    check_metric(metric)
    n = X.shape[0]
    if n > max_n:
        raise DataError(say("matrix_too_large", n=n, limit=max_n))
    if metric == "cosine":
        Z = unit_rows(X)
        S = np.clip(Z @ Z.T, -1.0, 1.0)
        np.fill_diagonal(S, np.where(row_norms(X) > 0, 1.0, 0.0))
        return S
    from scipy.spatial.distance import cdist  # noqa: PLC0415

    Z, g = euclid_scaled(X)
    D = cdist(Z, Z) * g
    np.fill_diagonal(D, 0.0)
    return D
