"""Exact similarity in the original (prepared) space: to one anchor, top-k of every item, small matrices.

``similarity`` is the public face; ``space`` prepares and scores rows exactly in float64;
``knn_search`` finds float32 candidates (numpy blocks, faiss for subsets) that are then re-scored.
"""
from .similarity import MATRIX_MAX_N, matrix, neighbors, neighbors_of, to_anchor
from .space import METRICS

__all__ = ["MATRIX_MAX_N", "METRICS", "matrix", "neighbors", "neighbors_of", "to_anchor"]
