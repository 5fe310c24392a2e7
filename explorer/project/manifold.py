"""The neighbour-based methods: t-SNE (openTSNE) and UMAP (umap-learn).

Both libraries are imported when their method first runs. Settings here were
chosen by measurement on a 2-core machine; the numbers are next to each one.
"""
from __future__ import annotations

import os
import sys
import warnings
from typing import Any, Callable

import numpy as np

from ..errors import ProjectionError
from ..words import say
from .projection import center_project, pca_basis

# openTSNE's FFT gradient costs a roughly constant 15-30 ms per iteration here
# (a numpy FFT of the grid, whatever n), Barnes-Hut grows as n log n. Measured on
# 2 shared cores, 750 iterations: 1,797 rows BH 5-8 s vs FFT 28-38 s; 5,000 rows
# BH 21 s vs FFT 12 s; 10,000 rows BH 46-75 s vs FFT 18-26 s.
TSNE_FFT_FROM_ROWS = 4000
# A coarser FFT grid (2 grid cells per unit instead of 1) halves the late-phase
# cost at 10k rows with no measurable loss (trustworthiness 0.9900 vs 0.9908).
TSNE_FFT_INTS_IN_INTERVAL = 2
TSNE_FFT_MIN_INTERVALS = 50  # openTSNE's default
# openTSNE's floor of 50 grid cells per axis makes the compact early-exaggeration layout
# (span ~10 at 10k rows) pay for a 50×50 grid with cells 0.2 wide, 10× finer than the rule
# above. With a floor of 20 cells are still at most 2 units wide (finer while the layout spans
# under 40), and at 10k rows the early phase took 5.6-6.8 s instead of 9.7-12.1 s at 10k rows, trustworthiness unchanged (10k
# mixture 0.9713 vs 0.9711-0.9713, 10.8k noisy Digits 0.9983 vs 0.9982, 5k mixture 0.973 both).
TSNE_FFT_EARLY_MIN_INTERVALS = 20
# Annoy trees for the neighbour search: 20 instead of openTSNE's 50 cuts the
# 10k-row search from 4.6 s to ~2 s with unchanged trustworthiness.
ANNOY_TREES = 20
# Above this many rows the UMAP neighbour graph is built with Annoy (approximate)
# instead of exact brute force; pynndescent is avoided because its numba code
# cannot be cached between processes (~20 s of compilation per process).
UMAP_APPROX_KNN_FROM_ROWS = 4096

Report = Callable[[float, str], None]


def _n_threads() -> int:
    """All our cores, always: the thread count changes t-SNE's floating-point sums and
    so the picture, and the same seed must give the same picture.

    (Measured on this shared 2-core box with a load of ~4 from other processes, one
    thread was faster: 10k rows 20-25 s vs 27-42 s on 2 threads; 1,797 rows 6-10 s
    vs 14-27 s. A load-dependent choice would break reproducibility.)
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _prepare_for_metric(X: np.ndarray, metric: str) -> tuple[np.ndarray, str]:
    """X rescaled for a neighbour method; t-SNE and UMAP are invariant to a global scale
    (and, for euclidean/manhattan, to a shift), so this only protects the numerics."""
    check_directions(X, metric)
    space = _MetricSpace(X, metric)
    return space(X), space.metric


def _tsne_pca_init(X: np.ndarray, dims: int, seed: int) -> np.ndarray:
    """openTSNE's PCA initialisation: first axis scaled to std 1e-4, plus 1% jitter."""
    components, mean, _, _ = pca_basis(X, dims, seed=seed)
    Y = center_project(X, components, mean)
    Y *= 1e-4 / (np.std(Y[:, 0]) or 1.0)
    Y += np.random.RandomState(seed).normal(0, 1e-6, Y.shape)
    return Y


class _TsneProgress:
    """openTSNE callback: maps iterations to progress, remembers the KL divergence."""

    def __init__(self, report: Report, start: float, total: int) -> None:
        self.report, self.start, self.total = report, start, total
        self.offset, self.done, self.kl = 0, 0, float("nan")

    def optimization_about_to_start(self) -> None:
        self.offset = self.done

    def __call__(self, iteration: int, error: float, embedding: Any) -> bool:
        self.done = self.offset + iteration
        self.kl = float(error)
        self.report(self.start + (1 - self.start) * self.done / self.total,
                    say("tsne_iteration", done=self.done, total=self.total))
        return False


def run_tsne(X, spec, params, features, report: Report, notes):
    from openTSNE import TSNE  # OpenMP threads sleep when idle: see explorer/__init__.py

    n = X.shape[0]
    engine = params["engine"]
    if engine == "auto":
        engine = "bh" if spec.dims == 3 or n < TSNE_FFT_FROM_ROWS else "fft"
    Xs, metric = _prepare_for_metric(X, params["metric"])
    early = min(params["early_exaggeration_iter"], params["n_iter"] // 3)
    late = params["n_iter"] - early
    init = params["init"]
    if init == "spectral" and n <= spec.dims + 1:  # an eigenproblem that needs more rows than dims + 1
        init = "pca"
        notes.append(say("tiny_spectral_init", method="t-SNE", n=n, dims=spec.dims))
    if init == "pca":  # openTSNE's own needs d >= dims; ours pads and is faster
        init = _tsne_pca_init(Xs, spec.dims, spec.seed)
    callback = _TsneProgress(report, 0.1, early + late)
    tsne = TSNE(
        n_components=spec.dims, perplexity=params["perplexity"], learning_rate=params["learning_rate"],
        early_exaggeration_iter=early, n_iter=late, exaggeration=params["exaggeration"],
        initialization=init, metric=metric, n_jobs=_n_threads(),
        negative_gradient_method=engine, ints_in_interval=TSNE_FFT_INTS_IN_INTERVAL,
        min_num_intervals=TSNE_FFT_MIN_INTERVALS,
        knn_kwargs={"n_trees": ANNOY_TREES} if n >= 1000 else None,
        callbacks=callback, callbacks_every_iters=25,
        random_state=spec.seed, verbose=False,
    )
    report(0.02, say("tsne_neighbours", n=n))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        embedding = tsne.prepare_initial(Xs)
        report(0.1, say("tsne_optimising"))
        # the two phases of openTSNE.TSNE.fit, called here so progress can report between them
        if early:
            coarse = {"min_num_intervals": TSNE_FFT_EARLY_MIN_INTERVALS} if engine == "fft" else {}
            embedding.optimize(n_iter=early, exaggeration=tsne.early_exaggeration,
                               momentum=tsne.initial_momentum, inplace=True, propagate_exception=True, **coarse)
        embedding.optimize(n_iter=late, exaggeration=tsne.exaggeration, momentum=tsne.final_momentum,
                           inplace=True, propagate_exception=True)
    return np.asarray(embedding), {
        "perplexity_used": float(params["perplexity"]),
        "kl_divergence": callback.kl,  # as of the last progress check (every 25 iterations)
        "engine": "openTSNE BH" if engine == "bh" else "openTSNE FFT",
        "n_iter": early + late,
        "learning_rate": params["learning_rate"],
        "metric": params["metric"],
        "init": params["init"],
        "axis_names": [f"t-SNE {i + 1}" for i in range(spec.dims)],  # names, the same in every language
    }


_numba_cache_ready = False


def _import_umap():
    """umap-learn, imported lazily, with numba caching switched on for its kernels.

    umap-learn compiles ~250 numba functions on first use (about 10 s here) and
    caches few of them; enabling numba's on-disk cache makes a second process
    start in well under a second instead.
    """
    global _numba_cache_ready
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import umap
    except ImportError as error:
        raise ProjectionError(say("umap_missing", error=error)) from None
    if not _numba_cache_ready:
        _numba_cache_ready = True
        try:
            from numba.core.dispatcher import Dispatcher
            from numba.core.caching import NullCache
        except ImportError:  # a numba without these internals: run uncached
            return umap
        for name, module in list(sys.modules.items()):
            if name.split(".")[0] in ("umap", "pynndescent") and module is not None:
                for value in list(vars(module).values()):
                    if isinstance(value, Dispatcher) and isinstance(value._cache, NullCache):
                        try:
                            value.enable_caching()
                        except Exception:  # not cacheable (e.g. a closure): compile as usual
                            pass
    return umap


def _knn(X: np.ndarray, k: int, metric: str, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """k nearest neighbours of every row, the row itself first (UMAP's convention)."""
    n = X.shape[0]
    if n < UMAP_APPROX_KNN_FROM_ROWS:
        from sklearn.neighbors import NearestNeighbors

        dist, idx = NearestNeighbors(n_neighbors=k, metric=metric, algorithm="brute").fit(X).kneighbors(X)
    else:
        from openTSNE.nearest_neighbors import Annoy

        idx, dist = Annoy(X, k - 1, metric=metric, n_jobs=_n_threads(), random_state=seed,
                          knn_kwargs={"n_trees": ANNOY_TREES}).build()
        idx = np.hstack([np.arange(n)[:, None], idx])
        dist = np.hstack([np.zeros((n, 1)), dist])
        if metric == "cosine":  # Annoy reports the angular distance sqrt(2 - 2 cos)
            dist = dist**2 / 2
    # twins of a row may be listed before the row itself; UMAP only needs distance 0 first
    return idx.astype(np.int32), np.maximum(dist, 0).astype(np.float32)


def run_umap(X, spec, params, features, report: Report, notes):
    report(0.02, say("umap_loading"))
    umap = _import_umap()
    Xs, metric = _prepare_for_metric(X, params["metric"])
    k = params["n_neighbors"]
    report(0.1, say("umap_neighbours", k=k, n=X.shape[0]))
    idx, dist = _knn(Xs, k, metric, spec.seed)
    report(0.3, say("umap_optimising"))
    init = "spectral"
    if X.shape[0] <= spec.dims + 1:  # the spectral start needs more rows than dims + 1 (an eigenproblem)
        init = "pca"
        notes.append(say("tiny_spectral_init", method="UMAP", n=X.shape[0], dims=spec.dims))
    reducer = umap.UMAP(
        n_components=spec.dims, n_neighbors=k, min_dist=params["min_dist"], metric=metric, init=init,
        random_state=spec.seed, n_jobs=1, precomputed_knn=(idx, dist), verbose=False,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        Y = reducer.fit_transform(Xs.astype(np.float32))
    return Y, {
        "n_neighbors_used": int(k),
        "min_dist": float(params["min_dist"]),
        "metric": params["metric"],
        "neighbors": "exact" if X.shape[0] < UMAP_APPROX_KNN_FROM_ROWS else "Annoy (approximate)",
        "axis_names": [f"UMAP {i + 1}" for i in range(spec.dims)],
    }


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
PLACE_CHUNK = 8192  # rows per step: memory stays ~chunk × d, and a cancel is seen every step


def check_directions(X: np.ndarray, metric: str, *, rows: np.ndarray | None = None) -> None:
    """For cosine/correlation, every row needs a direction; the error names the table's row
    (``rows``: where X's rows are in the table, counted from 0; by default X is the table)."""
    if metric not in ("cosine", "correlation"):
        return
    norms = np.empty(X.shape[0])
    for s in range(0, X.shape[0], PLACE_CHUNK):
        block = X[s:s + PLACE_CHUNK]
        if metric == "correlation":
            block = block - block.mean(axis=1, keepdims=True)
        norms[s:s + PLACE_CHUNK] = np.linalg.norm(block, axis=1)
    zero = norms <= 1e-12 * max(float(norms.max(initial=0.0)), 1e-300)  # _prepare_for_metric's rule
    if zero.any():
        first, count = int(np.argmax(zero)), int(zero.sum())
        row = first if rows is None else int(rows[first])
        raise ProjectionError(say("no_direction_many", row=row + 1, more=count - 1) if count > 1
                              else say("no_direction_one", row=row + 1))


class _MetricSpace:
    """Rows mapped for a neighbour method with the shift and scale of the fitted rows, so that fitted
    and placed rows are compared in one space (block by block). Correlation distance is the cosine
    distance of row-centred vectors; euclidean and manhattan rows are centred on the fitted mean."""

    def __init__(self, X_fit: np.ndarray, metric: str) -> None:
        self.row_centre = metric == "correlation"
        self.metric = "cosine" if self.row_centre else metric
        self.shift, self.scale = 0.0, 1.0
        if self.metric in ("euclidean", "manhattan"):
            self.shift = X_fit.mean(axis=0)
        self.scale = max((float(np.abs(block).max()) for block in self.blocks(X_fit)), default=0.0) or 1.0

    def __call__(self, block: np.ndarray) -> np.ndarray:
        if self.row_centre:
            block = block - block.mean(axis=1, keepdims=True)
        return (block - self.shift) / self.scale

    def blocks(self, X: np.ndarray, rows: np.ndarray | None = None):
        for s in range(0, X.shape[0] if rows is None else len(rows), PLACE_CHUNK):
            yield self(X[s:s + PLACE_CHUNK] if rows is None else X[rows[s:s + PLACE_CHUNK]])


Search = Callable[[np.ndarray], "tuple[np.ndarray, np.ndarray]"]  # block → (indices, distances), nearest first


def _exact_search(X_fit: np.ndarray, space: _MetricSpace, k: int) -> Search:
    from sklearn.neighbors import NearestNeighbors

    index = NearestNeighbors(n_neighbors=k, metric=space.metric, algorithm="brute")
    index.fit(np.concatenate(list(space.blocks(X_fit))))

    def search(Z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        dist, idx = index.kneighbors(Z)
        return idx, dist

    return search


def _annoy_search(X_fit: np.ndarray, space: _MetricSpace, k: int, seed: int) -> Search:
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
    threads = _n_threads()

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
    (``diagnostics['metric']``); a row equal to a fitted row lands on it. For cosine
    and correlation every row needs a direction (see ``check_directions``).
    """

    def __init__(self, X_fit: np.ndarray, Y_fit: np.ndarray, spec, diagnostics: dict) -> None:
        self.Y_fit, self.title = Y_fit, spec.title
        self.space = _MetricSpace(X_fit, diagnostics.get("metric", "euclidean"))
        k = min(PLACE_NEIGHBORS, len(X_fit))
        self.search = (_exact_search(X_fit, self.space, k) if len(X_fit) < PLACE_EXACT_BELOW
                       else _annoy_search(X_fit, self.space, k, spec.seed))

    def __call__(self, X: np.ndarray, rows: np.ndarray | None = None, report: Report | None = None) -> np.ndarray:
        """Positions of the rows ``X[rows]`` (all of X by default), in blocks of ``PLACE_CHUNK`` rows
        (memory ~ block × d, never n × d); progress is reported before each, so that ``report`` can stop it."""
        total = X.shape[0] if rows is None else len(rows)
        Y = np.empty((total, self.Y_fit.shape[1]))
        for s, block in zip(range(0, total, PLACE_CHUNK), self.space.blocks(X, rows)):
            if report is not None:
                report(s / total, say("placing_rows", method=self.title, done=s, total=total))
            idx, dist = self.search(block)
            placed = np.median(self.Y_fit[idx], axis=1)
            twin = dist[:, 0] <= 1e-6  # equal to a fitted row (up to float32 rounding; data scaled to at most 1)
            placed[twin] = self.Y_fit[idx[twin, 0]]
            Y[s:s + PLACE_CHUNK] = placed
        return Y


def place_many(X_fit: np.ndarray, Y_fit: np.ndarray, X: np.ndarray, spec, diagnostics: dict, report: Report,
               *, rows: np.ndarray | None = None) -> np.ndarray:
    """Positions of the rows ``X[rows]`` (all of X by default) in a finished t-SNE/UMAP layout
    ``Y_fit`` of the rows ``X_fit``: a ``Placer`` used once, with progress."""
    total = X.shape[0] if rows is None else len(rows)
    if total == 0:
        return np.empty((0, Y_fit.shape[1]))
    report(0.0, say("placing_index", method=spec.title, fitted=len(X_fit), total=total))
    Y = Placer(X_fit, Y_fit, spec, diagnostics)(X, None if rows is None else np.asarray(rows), report)
    report(1.0, say("placing_done", method=spec.title, total=total))
    return Y


def place_few(X_base: np.ndarray, Y_base: np.ndarray, X_new: np.ndarray, spec, diagnostics: dict) -> np.ndarray:
    """Approximate positions of a few new rows (what-if edits) in a finished t-SNE/UMAP layout of
    the rows X_base; the old points stay put.

    Old and new rows are compared with the base rows' shift and scale (scaled on its own, one
    new row would become all zeros and land on the same spot whatever its values). t-SNE: openTSNE's ``transform``, which optimises the new
    points against the fixed layout; UMAP: a ``Placer``.
    """
    metric = diagnostics.get("metric", "euclidean")
    check_directions(X_new, metric)
    if spec.method != "tsne":
        return Placer(X_base, Y_base, spec, diagnostics)(X_new)
    from openTSNE import TSNEEmbedding
    from openTSNE.affinity import PerplexityBasedNN

    space = _MetricSpace(X_base, metric)
    Xb, Xn = np.concatenate(list(space.blocks(X_base))), space(X_new)
    perplexity = min(float(diagnostics.get("perplexity_used", 30.0)), (len(Xb) - 1) / 3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        affinities = PerplexityBasedNN(Xb, perplexity=perplexity, metric=space.metric, n_jobs=_n_threads(),
                                       random_state=spec.seed, verbose=False)
        embedding = TSNEEmbedding(np.ascontiguousarray(Y_base), affinities, random_state=spec.seed,
                                  n_jobs=_n_threads(), verbose=False)
        return np.asarray(embedding.transform(Xn))
