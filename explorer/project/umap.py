"""UMAP with umap-learn: imported lazily with numba's cache on, our own kNN graph (exact for small
tables, Annoy above), and a PCA start where a table is too small for the spectral one.
"""
from __future__ import annotations

import sys
import warnings
from typing import Callable

import numpy as np

from ..errors import ProjectionError
from ..words import say
from .neighbour_space import ANNOY_TREES, n_threads, prepare_for_metric
from .pca import center_project, pca_basis
from .result import UmapFit

Report = Callable[[float, str], None]


# Above this many rows the UMAP neighbour graph is built with Annoy (approximate)
# instead of exact brute force; pynndescent is avoided because its numba code
# cannot be cached between processes (~20 s of compilation per process).
UMAP_APPROX_KNN_FROM_ROWS = 4096


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

        idx, dist = Annoy(X, k - 1, metric=metric, n_jobs=n_threads(), random_state=seed,
                          knn_kwargs={"n_trees": ANNOY_TREES}).build()
        idx = np.hstack([np.arange(n)[:, None], idx])
        dist = np.hstack([np.zeros((n, 1)), dist])
        if metric == "cosine":  # Annoy reports the angular distance sqrt(2 - 2 cos)
            dist = dist**2 / 2
    # twins of a row may be listed before the row itself; UMAP only needs distance 0 first
    return idx.astype(np.int32), np.maximum(dist, 0).astype(np.float32)


def _pca_start(X: np.ndarray, dims: int, seed: int) -> np.ndarray:
    """umap-learn's PCA start (scaled to a spread of 10, jittered), from our PCA, which also takes fewer
    features than dims (the missing axes start flat)."""
    components, mean, _, _ = pca_basis(X, dims, seed=seed)
    Y = center_project(X, components, mean)
    Y *= 10.0 / (np.abs(Y).max() or 1.0)
    return (Y + np.random.default_rng(seed).normal(scale=1e-4, size=Y.shape)).astype(np.float32)


def run_umap(X, spec, params, features, report: Report, notes) -> tuple[np.ndarray, list[str], UmapFit]:
    report(0.02, say("umap_loading"))
    umap = _import_umap()
    Xs, metric = prepare_for_metric(X, params["metric"])
    k = params["n_neighbors"]
    report(0.1, say("umap_neighbours", k=k, n=X.shape[0]))
    idx, dist = _knn(Xs, k, metric, spec.seed)
    report(0.3, say("umap_optimising"))
    init = "spectral"
    if X.shape[0] <= spec.dims + 1:  # the spectral start needs more rows than dims + 1 (an eigenproblem)
        init = _pca_start(Xs, spec.dims, spec.seed)
        notes.append(say("tiny_spectral_init", method="UMAP", n=X.shape[0], dims=spec.dims))
    reducer = umap.UMAP(
        n_components=spec.dims, n_neighbors=k, min_dist=params["min_dist"], metric=metric, init=init,
        random_state=spec.seed, n_jobs=1, precomputed_knn=(idx, dist), verbose=False,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        Y = reducer.fit_transform(Xs.astype(np.float32))
    fit = UmapFit(n_neighbors=int(k), min_dist=float(params["min_dist"]), metric=params["metric"],
                  neighbors="exact" if X.shape[0] < UMAP_APPROX_KNN_FROM_ROWS else "Annoy (approximate)")
    return Y, [f"UMAP {i + 1}" for i in range(spec.dims)], fit
