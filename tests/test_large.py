"""Tables larger than fit_rows: t-SNE/UMAP fitted on a seeded sample, every other row placed into it."""
from __future__ import annotations

import numpy as np
import pytest

from explorer.project import placement
from explorer.errors import ProjectionCancelled, ProjectionError
from explorer.project import ProjectionSpec, fit_sample, project
from explorer.project import FIT_ROWS_DEFAULT

FAST = {"tsne": {"n_iter": 120}, "umap": {}}


def blobs(n: int, k: int = 4, d: int = 8, seed: int = 0, offset: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """n rows around k well-separated centres, in a shuffled order, with their blob labels."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(scale=8, size=(k, d))
    labels = rng.integers(0, k, n)
    return centres[labels] + rng.normal(size=(n, d)) + offset, labels


def nearest_fitted(Y: np.ndarray, fitted: np.ndarray, placed: np.ndarray) -> np.ndarray:
    """For each placed row, the fitted row nearest to it in the layout."""
    d2 = ((Y[placed][:, None, :] - Y[fitted][None, :, :]) ** 2).sum(axis=2)
    return fitted[d2.argmin(axis=1)]


@pytest.mark.parametrize("method", ["tsne", "umap"])
def test_every_row_is_kept_in_order_and_the_sample_is_fitted_as_on_its_own(method):
    X, labels = blobs(1000)
    spec = ProjectionSpec(method, seed=4, params={**FAST[method], "fit_rows": 300})
    result = project(X, spec)
    assert result.Y.shape == (1000, 2) and np.isfinite(result.Y).all()
    fitted = fit_sample(1000, 300, 4)
    assert len(fitted) == 300 and len(np.unique(fitted)) == 300
    alone = project(X[fitted], ProjectionSpec(method, seed=4, params=FAST[method]))
    assert np.array_equal(result.Y[fitted], alone.Y)  # the sample's layout is a plain fit of those rows
    placed = np.setdiff1d(np.arange(1000), fitted)
    same_blob = labels[nearest_fitted(result.Y, fitted, placed)] == labels[placed]
    assert same_blob.mean() >= 0.95  # rows stay in their original order: each lands among its own blob
    assert result.sample.fitted == 300 and result.sample.placed == 700
    title = "t-SNE" if method == "tsne" else "UMAP"
    assert result.warnings[-1].startswith(
        f"{title} was fitted on a random sample of 300 of 1,000 rows (seed 4, fit_rows=300); the other 700 were placed"
    )


def test_same_seed_same_picture_other_seed_other_sample():
    X, _ = blobs(800)
    spec = ProjectionSpec("umap", seed=1, params={"fit_rows": 200})
    assert np.array_equal(project(X, spec).Y, project(X, spec).Y)
    assert not np.array_equal(fit_sample(800, 200, 1), fit_sample(800, 200, 2))


@pytest.mark.parametrize("method", ["tsne", "umap"])
def test_up_to_fit_rows_nothing_changes(method):
    X, _ = blobs(200)
    before = project(X, ProjectionSpec(method, seed=2, params=FAST[method]))
    at_limit = project(X, ProjectionSpec(method, seed=2, params={**FAST[method], "fit_rows": 200}))
    assert np.array_equal(before.Y, at_limit.Y)
    assert at_limit.warnings == before.warnings == []
    assert at_limit.sample is None and before.sample is None
    assert np.array_equal(fit_sample(200, 200, 2), np.arange(200))


def test_perplexity_is_checked_against_the_sample_not_the_table():
    X, _ = blobs(400)
    result = project(X, ProjectionSpec("tsne", params={"n_iter": 60, "fit_rows": 61}))
    assert result.fit.perplexity == pytest.approx(20.0)
    assert result.warnings[0] == "perplexity=30 is too large for 61 rows (at most (n-1)/3 = 20); using 20"
    assert result.warnings[1].startswith("t-SNE was fitted on a random sample of 61 of 400 rows")


@pytest.mark.parametrize("value, message", [
    ("many", "fit_rows='many' must be a whole number (fit_rows is how many rows the layout is fitted on"),
    (2.5, "fit_rows=2.5 must be a whole number"),
    (True, "fit_rows=True must be a whole number"),
    (None, "fit_rows=None must be a whole number"),
    (10, "fit_rows=10 must be at least 50 (fit_rows is how many rows the layout is fitted on;"
         " the other rows are placed into it); give a whole number from 50 up, e.g. 100000, the default"),
])
@pytest.mark.parametrize("method", ["tsne", "umap"])
def test_bad_fit_rows_name_the_value_and_the_fix(method, value, message):
    with pytest.raises(ProjectionError) as caught:
        ProjectionSpec(method, params={"fit_rows": value})
    assert message in str(caught.value)


def test_fit_rows_travels_with_the_spec_and_has_a_default():
    spec = ProjectionSpec("umap", params={"fit_rows": 50_000})
    assert ProjectionSpec.from_json(spec.to_json()) == spec and '"fit_rows": 50000' in spec.to_json()
    used = ProjectionSpec("umap", params={"fit_rows": 5e4}).validate(10, 3)[0]["fit_rows"]
    assert used == 50_000 and type(used) is int
    assert ProjectionSpec("tsne").validate(10, 3)[0]["fit_rows"] == FIT_ROWS_DEFAULT == 100_000
    with pytest.raises(ProjectionError, match="PCA has no parameter 'fit_rows'"):
        ProjectionSpec("pca", params={"fit_rows": 100})


def test_placement_can_be_cancelled():
    X, _ = blobs(600)
    seen = []

    def stop_while_placing(fraction, message):
        seen.append(fraction)
        return "placing rows" not in message

    with pytest.raises(ProjectionCancelled, match="UMAP was stopped at 9\\d%"):
        project(X, ProjectionSpec("umap", params={"fit_rows": 100}), progress=stop_while_placing)
    assert seen == sorted(seen) and 0.9 <= seen[-1] < 1.0


def test_progress_runs_from_fit_to_placement_to_done():
    X, _ = blobs(600)
    seen: list[tuple[float, str]] = []
    project(X, ProjectionSpec("umap", params={"fit_rows": 100}), progress=lambda f, m: seen.append((f, m)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    assert any("placed 500 rows" in m for _, m in seen)


def test_a_row_without_direction_is_named_by_its_table_row_before_the_fit():
    X, _ = blobs(500)
    X[437] = 0.0
    with pytest.raises(ProjectionError, match="row 438 has no direction .* use metric='euclidean'"):
        project(X, ProjectionSpec("umap", params={"metric": "cosine", "fit_rows": 100}))


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
    Y = placement.place_many(X[:fit], Y_fit, X, spec, metric, lambda f, m: None, rows=rows)
    assert Y.shape == (3000, 2) and np.isfinite(Y).all()
    landed = np.argmin(((Y[:, None, :] - Y_fit[None, :, :]) ** 2).sum(axis=2), axis=1)
    assert (labels[landed] == labels[rows]).mean() >= 0.99
    twins = placement.place_many(X[:fit], Y_fit, X[:7], spec, metric, lambda f, m: None)
    np.testing.assert_allclose(twins, Y_fit[:7])  # a row equal to a fitted row lands on it
    again = placement.place_many(X[:fit], Y_fit, X, spec, metric, lambda f, m: None, rows=rows)
    assert np.array_equal(Y, again)


def test_place_many_with_nothing_to_place():
    X, _ = blobs(100)
    Y = placement.place_many(X, np.zeros((100, 3)), X, ProjectionSpec("umap"), "euclidean", lambda f, m: None,
                            rows=np.array([], dtype=int))
    assert Y.shape == (0, 3)


def test_what_if_rows_are_placed_from_the_fitted_sample():
    from explorer.project import extend

    X, labels = blobs(700)
    new = np.zeros(700, dtype=bool)
    new[[5, 300, 650]] = True
    base = project(X[~new], ProjectionSpec("umap", params={"fit_rows": 150}))
    Y, exact = extend(X, new, base)
    assert not exact and np.array_equal(Y[~new], base.Y) and np.isfinite(Y).all()
    others = np.flatnonzero(~new)
    for i in np.flatnonzero(new):
        nearest = others[np.argsort(np.linalg.norm(Y[others] - Y[i], axis=1))[:5]]
        assert (labels[nearest] == labels[i]).all()
