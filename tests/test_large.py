"""Tables larger than fit_rows: t-SNE/UMAP fitted on a seeded sample, every other row placed into it."""
from __future__ import annotations

import numpy as np
import pytest

from explorer import manifold
from explorer.projection import ProjectionSpec


def blobs(n: int, k: int = 4, d: int = 8, seed: int = 0, offset: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """n rows around k well-separated centres, in a shuffled order, with their blob labels."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(scale=8, size=(k, d))
    labels = rng.integers(0, k, n)
    return centres[labels] + rng.normal(size=(n, d)) + offset, labels


# ---------------------------------------------------------------- placement itself (no fit needed)


@pytest.mark.parametrize("metric, offset, fit", [  # below 4096 fitted rows exact neighbours, above Annoy's
    ("euclidean", 0.0, 400), ("euclidean", 1e6, 400), ("cosine", 0.0, 400), ("correlation", 0.0, 400),
    ("manhattan", 0.0, 400), ("euclidean", 1e6, 5000), ("cosine", 0.0, 5000), ("manhattan", 0.0, 5000),
])
def test_place_many_puts_rows_beside_their_blob(metric, offset, fit):
    X, labels = blobs(fit + 3000, k=5, d=12, seed=3, offset=offset)
    # a stand-in layout: each blob a small disc around its own point on a circle
    angle = 2 * np.pi * labels[:fit] / 5
    Y_fit = np.c_[np.cos(angle), np.sin(angle)] * 10 + np.random.default_rng(0).normal(size=(fit, 2))
    spec = ProjectionSpec("umap", params={"metric": metric})
    rows = np.arange(fit, fit + 3000)
    Y = manifold.place_many(X[:fit], Y_fit, X, spec, {"metric": metric}, lambda f, m: None, rows=rows)
    assert Y.shape == (3000, 2) and np.isfinite(Y).all()
    landed = np.argmin(((Y[:, None, :] - Y_fit[None, :, :]) ** 2).sum(axis=2), axis=1)
    assert (labels[landed] == labels[rows]).mean() >= 0.99
    twins = manifold.place_many(X[:fit], Y_fit, X[:7], spec, {"metric": metric}, lambda f, m: None)
    np.testing.assert_allclose(twins, Y_fit[:7])  # a row equal to a fitted row lands on it
    again = manifold.place_many(X[:fit], Y_fit, X, spec, {"metric": metric}, lambda f, m: None, rows=rows)
    assert np.array_equal(Y, again)


def test_place_many_with_nothing_to_place():
    X, _ = blobs(100)
    Y = manifold.place_many(X, np.zeros((100, 3)), X, ProjectionSpec("umap"), {}, lambda f, m: None,
                            rows=np.array([], dtype=int))
    assert Y.shape == (0, 3)
