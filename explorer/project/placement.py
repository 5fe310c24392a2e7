"""Placing rows into a finished layout without moving it: the rows t-SNE/UMAP were not fitted on
(above ``fit_rows``), and what-if rows added or edited on the page.

Linear maps and PCA place a row exactly (the same map). Into a t-SNE/UMAP layout a row goes to
the median position of its nearest fitted rows (a ``Placer``, its neighbour index built once);
a few what-if rows into t-SNE use openTSNE's ``transform`` instead.
"""
from __future__ import annotations

import warnings
from typing import Any, Callable, Sequence

import numpy as np

from ..errors import ProjectionError
from ..words import say
from .checks import check_matrix, check_output
from .neighbour_space import ANNOY_TREES, BLOCK_ROWS, MetricSpace, check_directions, n_threads
from .params import ProjectionSpec
from .pca import center_project
from .result import Fit, Projection, SampleFit, TsneFit

Report = Callable[[float, str], None]

# --------------------------------------------------------------------------- placing many rows
# Above ``fit_rows`` rows, projection.project fits t-SNE/UMAP on a seeded sample and places the
# other rows here: each at the median position of its 10 nearest fitted rows (how openTSNE's
# transform starts new points). The median kept more of each placed row's data neighbours as
# layout neighbours than a 1/distance-weighted mean (recall@10 in the layout, fitted on 600
# Digits / 5k of a 25k 50-d mixture, placing the rest: t-SNE 0.584 vs 0.534 / 0.504 vs 0.479,
# UMAP 0.543 vs 0.476 / 0.389 vs 0.351; own digit label beside it 0.918 vs 0.892 for t-SNE), as
# a weighted mean of two clusters' members lands between them. 5 or 15 neighbours did no better.
PLACE_NEIGHBORS = 10


# Below this many fitted rows the neighbours are found exactly (brute force); above, with an Annoy
# index (20 trees, built on one thread so that the same seed gives the same index). Annoy's
# neighbours placed as well as exact ones (layout recall@10 0.385 vs 0.386, 40k rows into 5k);
# searching 2x more or 2-4x fewer nodes (search_k) changed it by under 0.005.
PLACE_EXACT_BELOW = 4096


Search = Callable[[np.ndarray], "tuple[np.ndarray, np.ndarray]"]  # block → (indices, distances), nearest first


def _exact_search(X_fit: np.ndarray, space: MetricSpace, k: int) -> Search:
    from sklearn.neighbors import NearestNeighbors

    index = NearestNeighbors(n_neighbors=k, metric=space.metric, algorithm="brute")
    index.fit(np.concatenate(list(space.blocks(X_fit))))

    def search(Z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        dist, idx = index.kneighbors(Z)
        return idx, dist

    return search


def _annoy_search(X_fit: np.ndarray, space: MetricSpace, k: int, seed: int) -> Search:
    from concurrent.futures import ThreadPoolExecutor

    from openTSNE.dependencies.annoy import AnnoyIndex

    index = AnnoyIndex(X_fit.shape[1], "angular" if space.metric == "cosine" else space.metric)
    index.set_seed(int(seed) % (2**31 - 1))
    i = 0
    for block in space.blocks(X_fit):
        for row in block.tolist():
            index.add_item(i, row)
            i += 1
    index.build(ANNOY_TREES, n_jobs=1)
    threads = n_threads()

    def part(rows: list) -> list:  # Annoy releases the GIL while it searches
        return [index.get_nns_by_vector(row, k, -1, True) for row in rows]

    def search(Z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        rows = Z.tolist()  # one conversion per block, not one per row
        step = -(-len(rows) // threads)
        with ThreadPoolExecutor(threads) as pool:
            found = [hit for hits in pool.map(part, [rows[s:s + step] for s in range(0, len(rows), step)])
                     for hit in hits]
        idx = np.array([hit[0] for hit in found], dtype=np.int64)
        dist = np.array([hit[1] for hit in found], dtype=np.float64)
        if space.metric == "cosine":  # Annoy reports the angular distance sqrt(2 - 2 cos)
            dist = dist**2 / 2
        return idx, dist

    return search


class Placer:
    """A finished t-SNE/UMAP layout ``Y_fit`` of the rows ``X_fit`` (which stay put), with the
    neighbour index of those rows built once, to place any number of other rows into it.

    Each row goes to the (coordinate-wise) median layout position of its
    ``PLACE_NEIGHBORS`` nearest fitted rows, in the metric the layout used
    (``metric``); a row equal to a fitted row lands on it. For cosine
    and correlation every row needs a direction (see ``check_directions``).
    """

    def __init__(self, X_fit: np.ndarray, Y_fit: np.ndarray, spec: ProjectionSpec, metric: str) -> None:
        self.Y_fit, self.title = Y_fit, spec.title
        self.space = MetricSpace(X_fit, metric)
        k = min(PLACE_NEIGHBORS, len(X_fit))
        self.search = (_exact_search(X_fit, self.space, k) if len(X_fit) < PLACE_EXACT_BELOW
                       else _annoy_search(X_fit, self.space, k, spec.seed))

    def __call__(self, X: np.ndarray, rows: np.ndarray | None = None, report: Report | None = None) -> np.ndarray:
        """Positions of the rows ``X[rows]`` (all of X by default), in blocks of ``BLOCK_ROWS`` rows
        (memory ~ block × d, never n × d); progress is reported before each, so that ``report`` can stop it."""
        total = X.shape[0] if rows is None else len(rows)
        Y = np.empty((total, self.Y_fit.shape[1]))
        for s, block in zip(range(0, total, BLOCK_ROWS), self.space.blocks(X, rows)):
            if report is not None:
                report(s / total, say("placing_rows", method=self.title, done=s, total=total))
            idx, dist = self.search(block)
            placed = np.median(self.Y_fit[idx], axis=1)
            twin = dist[:, 0] <= 1e-6  # equal to a fitted row (up to float32 rounding; data scaled to at most 1)
            placed[twin] = self.Y_fit[idx[twin, 0]]
            Y[s:s + BLOCK_ROWS] = placed
        return Y


def place_many(X_fit: np.ndarray, Y_fit: np.ndarray, X: np.ndarray, spec: ProjectionSpec, metric: str, report: Report,
               *, rows: np.ndarray | None = None) -> np.ndarray:
    """Positions of the rows ``X[rows]`` (all of X by default) in a finished t-SNE/UMAP layout
    ``Y_fit`` of the rows ``X_fit``: a ``Placer`` used once, with progress."""
    total = X.shape[0] if rows is None else len(rows)
    if total == 0:
        return np.empty((0, Y_fit.shape[1]))
    report(0.0, say("placing_index", method=spec.title, fitted=len(X_fit), total=total))
    Y = Placer(X_fit, Y_fit, spec, metric)(X, None if rows is None else np.asarray(rows), report)
    report(1.0, say("placing_done", method=spec.title, total=total))
    return Y


def place_few(X_base: np.ndarray, Y_base: np.ndarray, X_new: np.ndarray, base: Projection) -> np.ndarray:
    """Approximate positions of a few new rows (what-if edits) in a finished t-SNE/UMAP layout of
    the rows X_base; the old points stay put.

    Old and new rows are compared with the base rows' shift and scale (scaled on its own, one
    new row would become all zeros and land on the same spot whatever its values). t-SNE: openTSNE's ``transform``, which optimises the new
    points against the fixed layout; UMAP: a ``Placer``.
    """
    spec, metric = base.spec, base.metric
    check_directions(X_new, metric)
    if not isinstance(base.fit, TsneFit):
        return Placer(X_base, Y_base, spec, metric)(X_new)
    from openTSNE import TSNEEmbedding
    from openTSNE.affinity import PerplexityBasedNN

    space = MetricSpace(X_base, metric)
    Xb, Xn = np.concatenate(list(space.blocks(X_base))), space(X_new)
    perplexity = min(base.fit.perplexity, (len(Xb) - 1) / 3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        affinities = PerplexityBasedNN(Xb, perplexity=perplexity, metric=space.metric, n_jobs=n_threads(),
                                       random_state=spec.seed, verbose=False)
        embedding = TSNEEmbedding(np.ascontiguousarray(Y_base), affinities, random_state=spec.seed,
                                  n_jobs=n_threads(), verbose=False)
        return np.asarray(embedding.transform(Xn))


# The fit's share of the progress bar when the other rows are placed afterwards: placing is a
# neighbour search (200k rows into a 20k-row layout, d=50: 10-26 s on 2 busy shared cores),
# fitting t-SNE or UMAP on 100k rows takes minutes.
FIT_SHARE = 0.9


def fit_sample(n: int, fit_rows: int, seed: int) -> np.ndarray:
    """The rows (sorted indices) a t-SNE/UMAP layout of n rows is fitted on: all, or a seeded random sample."""
    if n <= fit_rows:
        return np.arange(n)
    return np.sort(np.random.default_rng(seed).choice(n, size=fit_rows, replace=False))


def fit_sample_and_place(X: np.ndarray, spec: ProjectionSpec, params: dict, features, report: Report,
                         run: Callable) -> tuple[np.ndarray, list[str], Fit, list[str], SampleFit]:
    """t-SNE/UMAP (``run``) on a seeded sample of fit_rows rows, the other rows placed into that layout.

    The sample is fitted exactly as ``project(X[sample], spec)`` would fit it; every
    row of X gets coordinates, in its own place.
    """
    n = X.shape[0]
    # a row without a direction would stop the run after the fit; say so now, with its row number
    check_directions(X, params["metric"])
    fit_rows = params["fit_rows"]
    sample = fit_sample(n, fit_rows, spec.seed)
    params, notes = spec.validate(len(sample), X.shape[1], features=features)
    X_fit = X[sample]
    Y_fit, axis_names, fit = run(X_fit, spec, params, features,
                                 lambda f, m, *layout: report(FIT_SHARE * f, m, *layout), notes)
    Y_fit = check_output(Y_fit, spec, len(sample))
    rest = np.ones(n, dtype=bool)
    rest[sample] = False
    rest = np.flatnonzero(rest)
    Y = np.empty((n, spec.dims))
    Y[sample] = Y_fit
    Y[rest] = place_many(X_fit, Y_fit, X, spec, fit.metric,
                         lambda f, m: report(FIT_SHARE + (1 - FIT_SHARE) * f, m), rows=rest)
    notes.append(say("fitted_on_sample", method=spec.title, fitted=len(sample), n=n, seed=spec.seed,
                     fit_rows=fit_rows, placed=len(rest)))
    return Y, axis_names, fit, notes, SampleFit(fitted=len(sample), placed=len(rest))


def place_new(X_base: Any, base: Projection, X_new: Any, *, features: Sequence[str] | None = None
              ) -> tuple[np.ndarray, bool]:
    """Coordinates for new rows in an existing layout, without moving the old ones: (Y_new, exact).

    Linear and PCA place them exactly (the same map); t-SNE uses openTSNE's
    ``transform`` (optimises only the new points against the fixed layout) and
    UMAP the median position of the new point's nearest items; both are
    approximate, and say so with ``exact=False``. A layout fitted on a sample of
    X_base is extended from that sample, the rows that shaped it.
    """
    X_base, X_new = check_matrix(X_base, features), check_matrix(X_new, features, fit=False)
    if X_new.shape[0] == 0:
        return np.zeros((0, base.Y.shape[1])), True
    if X_base.shape[0] != base.Y.shape[0]:
        raise ProjectionError(say("layout_rows", layout=base.Y.shape[0], given=X_base.shape[0]))
    linear = base.linear_map
    if linear is not None:
        columns = linear.columns(features)
        return center_project(X_new if columns is None else X_new[:, columns], linear.W) + linear.b, True
    Y_base = base.Y
    if base.sample is not None:
        fitted = fit_sample(X_base.shape[0], base.spec.validate()[0]["fit_rows"], base.spec.seed)
        X_base, Y_base = X_base[fitted], Y_base[fitted]
    return check_output(place_few(X_base, Y_base, X_new, base), base.spec, X_new.shape[0]), False


def extend(X: Any, new: np.ndarray, base: Projection, *, features: Sequence[str] | None = None
           ) -> tuple[np.ndarray, bool]:
    """Coordinates of every row of X, where ``base`` was fitted on the rows not in the mask ``new``."""
    X, new = check_matrix(X, features), np.asarray(new, dtype=bool)
    Y = np.empty((X.shape[0], base.Y.shape[1]))
    Y[~new] = base.Y
    Y[new], exact = place_new(X[~new], base, X[new], features=features)
    return Y, exact
