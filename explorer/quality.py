"""How faithful is a layout Y (n×2 or n×3) to the original space X?

Scores (1 = perfect): trustworthiness (are the layout's neighbours real?),
continuity (are the real neighbours kept?), kNN recall@k, Shepard (Spearman)
correlation of pairwise distances; per-item kept fraction; Procrustes alignment.
(Why one item sits where it does is ``explain.py``'s job.)

Distances in X use ``metric`` ("euclidean", scikit-learn's default, or
"cosine" = 1 - cosine similarity); the layout is always euclidean. Distances
are computed in row blocks (memory O(n·block); one matrix of at most
``EXACT_FULL_N``² for small tables, see below). Above ``SAMPLE_ABOVE`` items the
neighbourhood scores are estimated on a seeded random sample of query items
(every item stays a candidate neighbour) and :func:`score` says so.
"""
from __future__ import annotations
from typing import Any

import numpy as np
from scipy.linalg import orthogonal_procrustes
from scipy.stats import spearmanr
from sklearn.metrics import pairwise_distances
from sklearn.neighbors import NearestNeighbors
from .neighbours import similarity
from .neighbours.space import as_matrix, clamp_k, euclid_scaled, unit_rows
from .errors import DataError
from .words import say

METRICS = ("euclidean", "cosine")
SAMPLE_ABOVE = 10_000
SAMPLE_SIZE = 5_000
_BLOCK_BYTES = 64 * 2**20
# Up to this many items the original-space distances are computed as ONE
# pairwise_distances call (<= 32 MB), exactly as scikit-learn does: BLAS rounds
# a full X·Xᵀ (syrk) and a row block (gemm) differently in the last bit, and with
# duplicate rows those last bits decide the order of tied items. Above it, rows
# are computed in blocks (memory O(n·block)) and may differ from scikit-learn
# only where distances tie to within rounding.
EXACT_FULL_N = 2048


# ---------------------------------------------------------------- validation
def _pair(X, Y) -> tuple[np.ndarray, np.ndarray]:
    X = as_matrix(X, "X")
    Y = as_matrix(Y, "Y (the layout)")
    if X.shape[0] != Y.shape[0]:
        raise DataError(say("score_rows", layout=Y.shape[0], table=X.shape[0]))
    # one power of two per space: exact, changes no rank, keeps squares in range
    return euclid_scaled(X)[0], euclid_scaled(Y)[0]


def _check_metric(metric: str) -> None:
    if metric not in METRICS:
        raise DataError(say("bad_metric", value=metric, valid=", ".join(METRICS)))


def _check_trust_k(k, n: int) -> int:
    if isinstance(k, (bool, np.bool_)) or not isinstance(k, (int, np.integer)) or k < 1:
        raise DataError(say("score_k_whole", value=k))
    if k >= n / 2:
        raise DataError(say("score_k_half", value=k, n=n, high=max((n - 1) // 2, 0)))
    return int(k)


def _queries(n: int, sample, seed: int) -> np.ndarray | None:
    """None = every item; otherwise a sorted seeded sample of query items."""
    if sample == "auto":
        sample = SAMPLE_SIZE if n > SAMPLE_ABOVE else None
    if sample is None:
        return None
    if isinstance(sample, (bool, np.bool_)) or not isinstance(sample, (int, np.integer)) or sample < 1:
        raise DataError(say("score_sample", value=sample))
    if sample >= n:
        return None
    return np.sort(np.random.default_rng(seed).choice(n, size=int(sample), replace=False))


# ------------------------------------------------------ neighbours and ranks
def _knn(Z: np.ndarray, k: int, metric: str, queries: np.ndarray | None) -> np.ndarray:
    """k nearest of each query (itself excluded) exactly as scikit-learn's NearestNeighbors picks them."""
    nn = NearestNeighbors(n_neighbors=k, metric=metric).fit(Z)
    if queries is None:
        return nn.kneighbors(return_distance=False)
    ind = nn.kneighbors(Z[queries], n_neighbors=k + 1, return_distance=False)
    # same rule as kneighbors(X=None): drop the item itself, or the first hit when
    # more than k duplicates crowd it out of the list
    mask = ind != queries[:, None]
    mask[np.all(mask, axis=1), 0] = False
    return ind[mask].reshape(len(queries), k)


def _ranks(Z: np.ndarray, metric: str, queries: np.ndarray | None, targets: np.ndarray) -> np.ndarray:
    """1-based rank of targets[a, b] among all items ordered by distance from query a (itself last).

    Equal to the position in ``np.argsort`` of the query's distance row, as
    scikit-learn's trustworthiness ranks them: without ties the rank is 1 + the
    number of items strictly closer; a row with ties is argsorted like sklearn does.
    """
    n = Z.shape[0]
    q = np.arange(n) if queries is None else queries
    ranks = np.empty(targets.shape, dtype=np.int64)
    full = None
    if queries is None and n <= EXACT_FULL_N:
        full = pairwise_distances(Z, metric=metric)
        np.fill_diagonal(full, np.inf)
    step = max(1, _BLOCK_BYTES // (8 * n))
    for start in range(0, len(q), step):
        block = q[start:start + step]
        tb = targets[start:start + step]
        if full is not None:
            D = full[start:start + step]
        else:
            D = pairwise_distances(Z[block], Z, metric=metric)
            D[np.arange(len(block)), block] = np.inf
        dt = np.take_along_axis(D, tb, axis=1)
        # one sort per row, then binary searches: faster than k comparison passes
        S = np.sort(D, axis=1)
        less = np.empty(tb.shape, dtype=np.int64)
        tied = np.zeros(len(block), dtype=bool)
        for a in range(len(block)):
            less[a] = np.searchsorted(S[a], dt[a], side="left")
            tied[a] = (np.searchsorted(S[a], dt[a], side="right") - less[a] > 1).any()
        rb = less + 1
        for a in np.flatnonzero(tied):
            position = np.empty(n, dtype=np.int64)
            position[np.argsort(D[a])] = np.arange(1, n + 1)
            rb[a] = position[tb[a]]
        ranks[start:start + len(block)] = rb
    return ranks


def _penalty(ranks: np.ndarray, k: int, n: int) -> float:
    """Venna & Kaski's trustworthiness formula over the queried rows."""
    over = ranks - k
    total = float(np.sum(over[over > 0]))
    m = ranks.shape[0]
    return 1.0 - total * (2.0 / (m * k * (2.0 * n - 3.0 * k - 1.0)))


# -------------------------------------------------------------------- scores
def trustworthiness(X, Y, k: int = 10, metric: str = "euclidean", *, sample="auto", seed: int = 0) -> float:
    """sklearn.manifold.trustworthiness(X, Y, n_neighbors=k, metric=metric), computed in chunks.

    Penalises layout neighbours that are far in the original space. Exact for
    n <= SAMPLE_ABOVE (or sample=None); otherwise estimated on ``sample`` query items.
    """
    X, Y = _pair(X, Y)
    _check_metric(metric)
    n = X.shape[0]
    k = _check_trust_k(k, n)
    q = _queries(n, sample, seed)
    layout_nn = _knn(Y, k, "euclidean", q)
    return _penalty(_ranks(X, metric, q, layout_nn), k, n)


def continuity(X, Y, k: int = 10, metric: str = "euclidean", *, sample="auto", seed: int = 0) -> float:
    """Trustworthiness with the roles swapped: penalises true neighbours the layout pushes far away.

    Equals sklearn.manifold.trustworthiness(Y, X, n_neighbors=k) for the euclidean metric.
    """
    X, Y = _pair(X, Y)
    _check_metric(metric)
    n = X.shape[0]
    k = _check_trust_k(k, n)
    q = _queries(n, sample, seed)
    original_nn = _knn(X, k, metric, q)
    return _penalty(_ranks(Y, "euclidean", q, original_nn), k, n)


def _kept(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per row, the fraction of a's ids also in b's (same row)."""
    k = a.shape[1]
    hits = (a[:, :, None] == b[:, None, :]).any(axis=2)
    return hits.sum(axis=1) / k


def _clamp_k(k, n: int) -> int:
    if n < 2:
        raise DataError(say("score_two_items", n=n))
    return clamp_k(k, n)


def knn_recall(X, Y, k: int = 10, metric: str = "euclidean", *, sample="auto", seed: int = 0) -> float:
    """Mean fraction of each item's k original neighbours that are among its k layout neighbours.

    k >= n is clamped to n - 1. A random layout scores about k / (n - 1).
    """
    X, Y = _pair(X, Y)
    _check_metric(metric)
    n = X.shape[0]
    k = _clamp_k(k, n)
    q = _queries(n, sample, seed)
    return float(np.mean(_kept(_knn(X, k, metric, q), _knn(Y, k, "euclidean", q))))


def per_item(
    X, Y, k: int = 10, metric: str = "euclidean", *, original_neighbors: np.ndarray | None = None
) -> np.ndarray:
    """(n,) fraction of each item's true k nearest neighbours the layout keeps among its k nearest.

    1 = neighbourhood perfectly kept, 0 = all lost. Every item is scored (no
    sampling). ``original_neighbors`` (n×k ids, e.g. from
    ``similarity.neighbors(X, k, metric)``) skips recomputing them. k >= n is clamped.
    """
    X, Y = _pair(X, Y)
    _check_metric(metric)
    n = X.shape[0]
    k = _clamp_k(k, n)
    if original_neighbors is None:
        original_neighbors = similarity.neighbors(X, k, metric)[0]
    else:
        original_neighbors = np.asarray(original_neighbors, dtype=np.int64)
        if original_neighbors.shape[0] != n or original_neighbors.shape[1] < k:
            raise DataError(say("score_neighbours_shape", shape=original_neighbors.shape, n=n, k=k))
        original_neighbors = original_neighbors[:, :k]
    return _kept(original_neighbors, _knn(Y, k, "euclidean", None))


def shepard(X, Y, n_pairs: int = 20_000, seed: int = 0, metric: str = "euclidean") -> float:
    """Spearman correlation between original and layout distances of random item pairs.

    1 = distances in the same order. All pairs are used when there are fewer
    than ``n_pairs``. NaN only when every sampled distance is equal (undefined).
    """
    X, Y = _pair(X, Y)
    _check_metric(metric)
    n = X.shape[0]
    if n < 3:
        raise DataError(say("shepard_three", n=n))
    total = n * (n - 1) // 2
    if total <= n_pairs:
        i, j = np.triu_indices(n, k=1)
    else:
        rng = np.random.default_rng(seed)
        i = rng.integers(0, n, size=n_pairs)
        j = (i + rng.integers(1, n, size=n_pairs)) % n  # never i itself
    dx = _pair_distances(X, i, j, metric)
    dy = _pair_distances(Y, i, j, "euclidean")
    if np.ptp(dx) == 0 or np.ptp(dy) == 0:
        return float("nan")
    return float(spearmanr(dx, dy).statistic)


def _pair_distances(Z: np.ndarray, i: np.ndarray, j: np.ndarray, metric: str) -> np.ndarray:
    if metric == "cosine":
        cos = np.einsum("ij,ij->i", unit_rows(Z[i]), unit_rows(Z[j]))
        return 1.0 - np.clip(cos, -1.0, 1.0)
    diff = Z[i] - Z[j]
    return np.sqrt(np.einsum("ij,ij->i", diff, diff))


def score(
    X, Y, k: int = 10, metric: str = "euclidean", *, sample="auto", seed: int = 0, n_pairs: int = 20_000
) -> dict[str, Any]:
    """All four scores at one k, plus what was done to get them.

    Keys: trustworthiness, continuity, knn_recall, shepard (floats), k (the k
    used: lowered below n/2 for small tables), n, metric, sampled (number of
    query items when estimated on a sample, else None) and notes (plain-language list).
    """
    X, Y = _pair(X, Y)
    _check_metric(metric)
    n = X.shape[0]
    if n < 3:
        raise DataError(say("quality_three", n=n))
    if isinstance(k, (bool, np.bool_)) or not isinstance(k, (int, np.integer)) or k < 1:
        raise DataError(say("score_k_whole", value=k))
    notes: list[str] = []
    k_used = min(int(k), (n - 1) // 2)
    if k_used != k:
        notes.append(say("k_lowered", k=k, used=k_used, n=n))
    q = _queries(n, sample, seed)
    if q is not None:
        notes.append(say("scores_sampled", q=len(q), n=n, seed=seed))
    layout_nn = _knn(Y, k_used, "euclidean", q)
    original_nn = _knn(X, k_used, metric, q)
    return {
        "trustworthiness": _penalty(_ranks(X, metric, q, layout_nn), k_used, n),
        "continuity": _penalty(_ranks(Y, "euclidean", q, original_nn), k_used, n),
        "knn_recall": float(np.mean(_kept(original_nn, layout_nn))),
        "shepard": shepard(X, Y, n_pairs=n_pairs, seed=seed, metric=metric),
        "k": k_used,
        "n": n,
        "metric": metric,
        "sampled": None if q is None else int(len(q)),
        "notes": notes,
    }


# ------------------------------------------------------------------ align
def procrustes_align(Y, reference, *, scale: bool = True, return_disparity: bool = False):
    """Rotate/reflect, scale and translate Y onto ``reference`` (orthogonal Procrustes, least squares).

    Returns the aligned copy of Y, or (aligned, disparity) with ``return_disparity``;
    disparity = residual sum of squares / reference's centred sum of squares (0 = identical).
    """
    Y = as_matrix(Y, "Y (the layout)")
    R = as_matrix(reference, "reference")
    if Y.shape != R.shape:
        raise DataError(say("align_shapes", a=Y.shape, b=R.shape))
    Yc, Rc = Y - Y.mean(axis=0), R - R.mean(axis=0)
    rotation, singular_sum = orthogonal_procrustes(Yc, Rc)
    norm = float(np.sum(Yc * Yc))
    s = singular_sum / norm if (scale and norm > 0) else 1.0
    aligned = s * (Yc @ rotation) + R.mean(axis=0)
    if not return_disparity:
        return aligned
    ref_ss = float(np.sum(Rc * Rc))
    residual = float(np.sum((aligned - R) ** 2))
    return aligned, (residual / ref_ss if ref_ss > 0 else 0.0)


def stability(layouts: "list[np.ndarray]", k: int = 10) -> tuple[np.ndarray, float]:
    """How much each item's layout neighbourhood survives a rerun (other seed or parameter).

    For every item: the mean, over the runs after the first, of the fraction of
    its k nearest items in the first layout that are also among its k nearest
    in that run (1 = same neighbours every time). Needs no alignment. Returns
    (per-item scores, their mean).
    """
    if len(layouts) < 2:
        raise DataError(say("stability_two"))
    n = layouts[0].shape[0]
    if any(Y.shape[0] != n for Y in layouts):
        raise DataError(say("stability_same"))
    k = _clamp_k(k, n)
    first = _knn(np.asarray(layouts[0], dtype=float), k, "euclidean", None)
    kept = np.mean([_kept(first, _knn(np.asarray(Y, dtype=float), k, "euclidean", None)) for Y in layouts[1:]],
                   axis=0)
    return kept, float(kept.mean())
