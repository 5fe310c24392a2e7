"""Rows as a neighbour method sees them: shifted and scaled like the fitted rows, in the metric it
uses; every row needs a direction for cosine and correlation. Shared by t-SNE, UMAP and placing.
"""
from __future__ import annotations

import os

import numpy as np

from ..errors import ProjectionError
from ..words import say


# Annoy trees for the neighbour search: 20 instead of openTSNE's 50 cuts the
# 10k-row search from 4.6 s to ~2 s with unchanged trustworthiness.
ANNOY_TREES = 20


BLOCK_ROWS = 8192  # rows per step: memory stays ~block × d, and a cancel is seen every step


def n_threads() -> int:
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


def check_directions(X: np.ndarray, metric: str, *, rows: np.ndarray | None = None) -> None:
    """For cosine/correlation, every row needs a direction; the error names the table's row
    (``rows``: where X's rows are in the table, counted from 0; by default X is the table)."""
    if metric not in ("cosine", "correlation"):
        return
    norms = np.empty(X.shape[0])
    for s in range(0, X.shape[0], BLOCK_ROWS):
        block = X[s:s + BLOCK_ROWS]
        if metric == "correlation":
            block = block - block.mean(axis=1, keepdims=True)
        norms[s:s + BLOCK_ROWS] = np.linalg.norm(block, axis=1)
    zero = norms <= 1e-12 * max(float(norms.max(initial=0.0)), 1e-300)  # _prepare_for_metric's rule
    if zero.any():
        first, count = int(np.argmax(zero)), int(zero.sum())
        row = first if rows is None else int(rows[first])
        raise ProjectionError(say("no_direction_many", row=row + 1, more=count - 1) if count > 1
                              else say("no_direction_one", row=row + 1))


class MetricSpace:
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
        for s in range(0, X.shape[0] if rows is None else len(rows), BLOCK_ROWS):
            yield self(X[s:s + BLOCK_ROWS] if rows is None else X[rows[s:s + BLOCK_ROWS]])


def prepare_for_metric(X: np.ndarray, metric: str) -> tuple[np.ndarray, str]:
    """X rescaled for a neighbour method; t-SNE and UMAP are invariant to a global scale
    (and, for euclidean/manhattan, to a shift), so this only protects the numerics."""
    check_directions(X, metric)
    space = MetricSpace(X, metric)
    return space(X), space.metric
