"""projection: the spec and its checks, the linear map, PCA, t-SNE, UMAP, presets."""
from __future__ import annotations

import json
import pickle

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.decomposition import PCA
from sklearn.manifold import trustworthiness
from conftest import GENRES, MOVIES
from explorer.errors import ProjectionCancelled, ProjectionError
from explorer.project import METHODS, Projection, ProjectionSpec, linear_preset, project

RNG = np.random.default_rng(0)
SMALL = RNG.normal(size=(40, 5))
FAST_TSNE = {"n_iter": 60}


def blobs(n_per: int = 30, d: int = 6, k: int = 3, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centers = rng.normal(scale=10, size=(k, d))
    return np.vstack([c + rng.normal(size=(n_per, d)) for c in centers])


# ----------------------------------------------------------------- the spec


def test_spec_round_trips_through_json_and_pickle():
    spec = ProjectionSpec("tsne", dims=3, seed=7, params={"perplexity": np.float64(12), "init": "random"})
    assert ProjectionSpec.from_dict(json.loads(json.dumps(spec.to_dict()))) == spec
    assert ProjectionSpec.from_json(spec.to_json()) == spec
    assert pickle.loads(pickle.dumps(spec)) == spec
    assert hash(spec) == hash(ProjectionSpec("tsne", 3, 7, {"init": "random", "perplexity": 12.0}))
    assert type(spec.params["perplexity"]) is float  # numpy values stored as plain JSON values


def test_linear_weights_from_numpy_are_stored_as_lists():
    spec = ProjectionSpec("linear", params={"weights": np.eye(2, 4), "bias": np.zeros(2)})
    assert spec.params["weights"] == [[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0]]
    json.dumps(spec.to_dict())


@pytest.mark.parametrize("kwargs, message", [
    ({"method": "mds"}, "method='mds' is not one of 'linear', 'pca', 'tsne', 'umap'"),
    ({"method": "pca", "dims": 4}, "dims=4 must be 2 or 3"),
    ({"method": "pca", "seed": -1}, "seed=-1 must be a whole number"),
    ({"method": "tsne", "params": {"perplexty": 5}},
     "t-SNE has no parameter 'perplexty'; valid parameters: perplexity, learning_rate"),
    ({"method": "pca", "params": {"whiten": True}}, "PCA has no parameter 'whiten'; valid parameters: none"),
    ({"method": "tsne", "params": {"perplexity": -5}}, "perplexity=-5 must be greater than 0"),
    ({"method": "tsne", "params": {"n_iter": 2.5}}, "n_iter=2.5 must be a whole number"),
    ({"method": "tsne", "params": {"n_iter": 10**6}}, "n_iter=1e+06 must be at most 20000"),
    ({"method": "tsne", "params": {"learning_rate": "fast"}}, "learning_rate='fast' must be a number or 'auto'"),
    ({"method": "tsne", "params": {"init": "magic"}}, "init='magic' is not one of 'pca', 'random', 'spectral'"),
    ({"method": "umap", "params": {"min_dist": 2}}, "min_dist=2 must be at most 1"),
    ({"method": "umap", "params": {"n_neighbors": 1}}, "n_neighbors=1 must be at least 2"),
    ({"method": "umap", "params": {"metric": "hamming"}}, "metric='hamming' is not one of 'euclidean'"),
    ({"method": "linear"}, "the linear map needs weights"),
    ({"method": "linear", "params": {"weights": [[1, 2], [3]]}}, "weights rows have different lengths"),
    ({"method": "linear", "params": {"weights": [[1, 2]]}}, "weights have 1 rows but dims=2"),
    ({"method": "linear", "params": {"weights": [[1, 2], [3, 4]], "bias": [1]}}, "bias has 1 entries but W has 2 rows"),
    ({"method": "tsne", "dims": 3, "params": {"engine": "fft"}}, "engine='fft' only draws 2 dimensions"),
])
def test_invalid_specs_name_the_value_and_the_rule(kwargs, message):
    with pytest.raises(ProjectionError) as caught:
        ProjectionSpec(**kwargs).validate(30, 2)
    assert message in str(caught.value)


def test_from_dict_rejects_unknown_keys_and_missing_method():
    with pytest.raises(ProjectionError, match="unknown key 'perplexity'.*valid keys: method, dims, seed, params"):
        ProjectionSpec.from_dict({"method": "tsne", "perplexity": 5})
    with pytest.raises(ProjectionError, match="no 'method'"):
        ProjectionSpec.from_dict({"dims": 2})


def test_validate_fills_defaults_and_lowers_values_too_large_for_the_data():
    params, notes = ProjectionSpec("tsne").validate(31, 4)
    assert params["perplexity"] == pytest.approx(10.0) and params["n_iter"] == 750
    assert notes == ["perplexity=30 is too large for 31 rows (at most (n-1)/3 = 10); using 10"]
    params, notes = ProjectionSpec("umap").validate(8, 4)
    assert params["n_neighbors"] == 7 and "n_neighbors=15 is too large for 8 rows" in notes[0]


# ----------------------------------------------------------------- input checks


@pytest.mark.parametrize("method", METHODS)
def test_identical_rows_are_refused_before_any_method(method):
    X = np.tile([1.0, 2.0, 3.0], (50, 1))
    spec = ProjectionSpec(method, params={"weights": [[1, 0, 0], [0, 1, 0]]} if method == "linear" else {})
    with pytest.raises(ProjectionError, match="all 50 rows are identical: nothing to separate; check the file"):
        project(X, spec)


@pytest.mark.parametrize("X, message", [
    (np.array([[1.0, np.nan], [2.0, 3.0]]), "row 1, feature 'b': value nan is not a finite number"),
    (np.array([[1.0, 2.0], [np.inf, 3.0]]), "row 2, feature 'a': value inf is not a finite number"),
    (np.array([[1.0, 2.0]]), "at least 2 rows; the table has 1"),
    (np.zeros((5, 0)), "no feature columns"),
    (np.zeros(5), "must be 2-D"),
    (np.array([["a", "b"], ["c", "d"]]), "must hold numbers only"),
])
def test_unusable_matrices_are_refused_with_the_place(X, message):
    features = ["a", "b"] if X.ndim == 2 and X.shape[1] == 2 else None
    with pytest.raises(ProjectionError, match=message.replace("(", r"\(")):
        project(X, ProjectionSpec("pca"), features=features)


def test_tiny_tables_get_a_method_specific_message():
    with pytest.raises(ProjectionError, match="t-SNE needs at least 3 rows; the table has 2: .* use PCA or the linear"):
        project(RNG.normal(size=(2, 4)), ProjectionSpec("tsne"))
    with pytest.raises(ProjectionError, match="UMAP needs at least 3 rows; the table has 2"):
        project(RNG.normal(size=(2, 4)), ProjectionSpec("umap"))
    flat = project(RNG.normal(size=(10, 2)), ProjectionSpec("pca", dims=3))  # 2 features drawn in 3-D: z is 0
    assert np.all(flat.Y[:, 2] == 0) and flat.warnings[0].key == "pca_flat"
    one = project(RNG.normal(size=(10, 1)), ProjectionSpec("pca"))  # one feature: a strip along x
    assert np.all(one.Y[:, 1] == 0) and np.ptp(one.Y[:, 0]) > 0


def test_cosine_needs_rows_with_a_direction():
    X = np.vstack([np.zeros(3), RNG.normal(size=(9, 3))])
    with pytest.raises(ProjectionError, match="row 1 .* cosine/correlation distance is undefined"):
        project(X, ProjectionSpec("umap", params={"metric": "cosine"}))


# ----------------------------------------------------------------- the linear map


def test_linear_map_is_exactly_wx_plus_b_on_the_tutorial_movies():
    W = [[1, 0, 0, 1], [0, 1, 1, 0]]  # axis 1: action + sci-fi, axis 2: comedy + romance
    b = [0.5, -1]
    spec = ProjectionSpec("linear", params={"weights": W, "bias": b, "axis_names": ["动作+科幻", "喜剧+爱情"]})
    result = project(MOVIES, spec, features=GENRES)
    np.testing.assert_allclose(result.Y, [[2.2, -0.7], [0.8, 0.7], [1.8, -0.3]], rtol=0, atol=1e-12)
    assert np.array_equal(result.Y, MOVIES @ np.array(W, float).T + b)
    assert result.fit.W.tolist() == [[1, 0, 0, 1], [0, 1, 1, 0]] and result.fit.b.tolist() == b
    assert result.axis_names == ["动作+科幻", "喜剧+爱情"]


def test_linear_map_selects_the_named_features():
    spec = ProjectionSpec("linear", params={"weights": [[2, 0], [0, 3]], "features": ["科幻", "动作"]})
    Y = project(MOVIES, spec, features=GENRES).Y
    assert np.array_equal(Y, np.c_[2 * MOVIES[:, 3], 3 * MOVIES[:, 0]])


def test_linear_map_reports_unknown_features_and_shapes():
    spec = ProjectionSpec("linear", params={"weights": [[1, 0], [0, 1]], "features": ["科幻", "恐怖"]})
    with pytest.raises(ProjectionError, match="uses feature '恐怖'.*valid features: 动作, 喜剧, 爱情, 科幻"):
        project(MOVIES, spec, features=GENRES)
    with pytest.raises(ProjectionError, match="W is 2×3 but the data has 4 features: W needs 4 columns"):
        project(MOVIES, ProjectionSpec("linear", params={"weights": [[1, 0, 0], [0, 1, 0]]}))


def test_overflowing_linear_map_is_an_error_not_nan():
    spec = ProjectionSpec("linear", params={"weights": [[1e300, 1e300], [1, 1]]})
    with pytest.raises(ProjectionError, match="non-finite coordinates for 2 of 2 rows.*too large"):
        project(np.array([[1e10, 1.0], [2e10, 1.0]]), spec)


# ----------------------------------------------------------------- PCA


@pytest.mark.parametrize("shape", [(60, 6), (12, 30)])  # covariance path and SVD path
def test_pca_equals_sklearn_up_to_sign(shape):
    X = RNG.normal(size=shape) @ np.diag(np.linspace(3, 0.5, shape[1])) + 100
    ours = project(X, ProjectionSpec("pca", dims=3))
    ref = PCA(n_components=3).fit(X)
    loadings = ours.fit.components
    signs = np.sign(np.sum(loadings * ref.components_, axis=1))
    assert np.allclose(loadings, ref.components_ * signs[:, None], atol=1e-8)
    assert np.allclose(ours.Y, ref.transform(X) * signs, atol=1e-8)
    assert np.allclose(ours.fit.explained_variance_ratio, ref.explained_variance_ratio_)
    largest = loadings[np.arange(3), np.abs(loadings).argmax(axis=1)]
    assert (largest > 0).all()  # sign convention: the largest loading of each axis is positive
    assert ours.axis_names[0].startswith("PC1 (")


def test_pca_keeps_precision_far_from_the_origin():
    X = RNG.normal(size=(50, 3)) + 1e9
    Y = project(X, ProjectionSpec("pca")).Y
    assert np.allclose(np.abs(Y), np.abs(PCA(2).fit_transform(X - 1e9)), atol=1e-5)


# ----------------------------------------------------------------- linear presets


def test_random_preset_is_seeded():
    W, b, names = linear_preset(MOVIES, GENRES, "random", seed=3)
    assert W.shape == (2, 4) and np.array_equal(b, [0, 0]) and names == ["random axis 1", "random axis 2"]
    assert np.array_equal(W, linear_preset(MOVIES, GENRES, "random", seed=3)[0])
    assert not np.array_equal(W, linear_preset(MOVIES, GENRES, "random", seed=4)[0])


def test_pca_preset_reproduces_pca():
    W, b, names = linear_preset(SMALL, None, "pca", dims=3)
    linear = project(SMALL, ProjectionSpec("linear", dims=3, params={"weights": W, "bias": b}))
    assert np.allclose(linear.Y, project(SMALL, ProjectionSpec("pca", dims=3)).Y)
    assert names[0].startswith("PC1")


def test_features_preset_uses_the_named_columns_as_axes():
    W, b, names = linear_preset(MOVIES, GENRES, "features", axis_features=["科幻", "爱情"])
    assert names == ["科幻", "爱情"]
    assert np.array_equal(MOVIES @ W.T + b, MOVIES[:, [3, 2]])
    with pytest.raises(ProjectionError, match="unknown feature '恐怖'; valid features: 动作, 喜剧, 爱情, 科幻"):
        linear_preset(MOVIES, GENRES, "features", axis_features=["科幻", "恐怖"])


def test_axis_preset_puts_a_at_zero_and_b_at_their_distance():
    labels = ["电影A", "电影B", "电影C"]
    W, b, names = linear_preset(MOVIES, GENRES, "axis", item_a=0, item_b=2, labels=labels)
    Y = MOVIES @ W.T + b
    assert names[0] == "电影A → 电影C"
    assert Y[0, 0] == pytest.approx(0) and Y[2, 0] == pytest.approx(np.linalg.norm(MOVIES[2] - MOVIES[0]))
    assert np.allclose(W @ W.T, np.eye(2))  # orthonormal rows
    W3, _, names3 = linear_preset(SMALL, None, "axis", dims=3, item_a=1, item_b=5)
    assert np.allclose(W3 @ W3.T, np.eye(3)) and names3[0] == "row 2 → row 6"
    with pytest.raises(ProjectionError, match="identical features"):
        linear_preset(np.array([[1.0, 2], [1, 2], [3, 4]]), None, "axis", item_a=0, item_b=1)


# ----------------------------------------------------------------- t-SNE and UMAP


def test_tsne_is_reproducible_and_seed_dependent():
    X = blobs(20)
    one = project(X, ProjectionSpec("tsne", seed=1, params=FAST_TSNE))
    again = project(X, ProjectionSpec("tsne", seed=1, params=FAST_TSNE))
    other = project(X, ProjectionSpec("tsne", seed=2, params={**FAST_TSNE, "init": "random"}))
    assert np.array_equal(one.Y, again.Y)
    assert not np.allclose(one.Y, other.Y)
    assert one.fit.engine == "openTSNE BH" and one.fit.n_iter == 60


def test_tsne_lowers_a_too_large_perplexity_with_a_warning():
    result = project(blobs(4), ProjectionSpec("tsne", params={**FAST_TSNE, "perplexity": 50}))
    assert result.fit.perplexity == pytest.approx(11 / 3)
    assert result.warnings == ["perplexity=50 is too large for 12 rows (at most (n-1)/3 = 3.67); using 3.67"]
    assert result.Y.shape == (12, 2) and np.isfinite(result.Y).all()


def test_tsne_keeps_neighbourhoods():
    X = blobs(40)
    result = project(X, ProjectionSpec("tsne", params={"n_iter": 300}))
    assert trustworthiness(X, result.Y, n_neighbors=10) > 0.9
    assert result.fit.kl_divergence > 0


def test_tsne_three_dimensions():
    result = project(blobs(10), ProjectionSpec("tsne", dims=3, params=FAST_TSNE))
    assert result.Y.shape == (30, 3) and np.isfinite(result.Y).all()


def test_progress_reports_and_a_false_answer_cancels():
    seen = []
    project(blobs(10), ProjectionSpec("tsne", params={"n_iter": 100}), progress=lambda f, m: seen.append(f))
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen) and len(seen) >= 5

    def stop_at_half(fraction, message):
        return fraction < 0.5

    with pytest.raises(ProjectionCancelled) as stopped:
        project(blobs(10), ProjectionSpec("tsne", params={"n_iter": 100}), progress=stop_at_half)
    # openTSNE's pattern: the callback stops the optimisation and the layout reached is kept
    assert stopped.value.args[0].key == "cancelled_partial" and "iteration 50 of 100" in str(stopped.value)
    partial, final = stopped.value.partial, project(blobs(10), ProjectionSpec("tsne", params={"n_iter": 100})).Y
    assert partial.shape == final.shape == (30, 2) and np.isfinite(partial).all() and not np.allclose(partial, final)
    with pytest.raises(ProjectionCancelled) as stopped:
        project(SMALL, ProjectionSpec("pca"), progress=lambda f, m: False)
    assert stopped.value.args[0].key == "cancelled" and stopped.value.partial is None


def test_umap_is_reproducible_and_lowers_n_neighbors():
    X = blobs(3)
    one = project(X, ProjectionSpec("umap", seed=3))
    assert np.array_equal(one.Y, project(X, ProjectionSpec("umap", seed=3)).Y)
    assert one.fit.n_neighbors == 8
    assert one.warnings == ["n_neighbors=15 is too large for 9 rows (at most n-1 = 8); using 8"]


@pytest.mark.parametrize("metric", ["cosine", "correlation", "manhattan"])
def test_umap_metrics_and_three_dimensions(metric):
    result = project(blobs(10), ProjectionSpec("umap", dims=3, params={"metric": metric, "n_neighbors": 5}))
    assert result.Y.shape == (30, 3) and np.isfinite(result.Y).all()


@pytest.mark.slow
def test_umap_large_tables_use_an_approximate_neighbour_graph():
    X = blobs(1400, d=10)  # 4,200 rows: above the exact-kNN limit
    result = project(X, ProjectionSpec("umap", params={"n_neighbors": 10}))
    assert result.fit.neighbors == "Annoy (approximate)"
    sample = np.random.default_rng(0).choice(len(X), 600, replace=False)
    assert trustworthiness(X[sample], result.Y[sample], n_neighbors=10) > 0.9


# ----------------------------------------------------------------- properties


@st.composite
def matrices(draw, max_rows: int = 12, max_cols: int = 5) -> np.ndarray:
    """Small finite matrices with duplicate rows, zeros and scales from 1e-12 to 1e12."""
    n = draw(st.integers(2, max_rows))
    d = draw(st.integers(1, max_cols))
    distinct = draw(st.integers(1, n))
    pool = draw(arrays(np.float64, (distinct, d), elements=st.floats(-1, 1, width=64)))
    rows = draw(st.lists(st.integers(0, distinct - 1), min_size=n, max_size=n))
    scale = 10.0 ** draw(st.integers(-12, 12))
    offset = draw(st.sampled_from([0.0, 0.0, 1.0, -1e3]))
    return (pool[rows] + offset) * scale


def _finite_or_projection_error(X: np.ndarray, spec: ProjectionSpec) -> None:
    try:
        result = project(X, spec)
    except ProjectionError:
        return
    assert isinstance(result, Projection)
    assert result.Y.shape == (X.shape[0], spec.dims) and result.Y.dtype == np.float64
    assert np.isfinite(result.Y).all()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(X=matrices(), dims=st.sampled_from([2, 3]))
def test_pca_gives_finite_coordinates_or_a_projection_error(X, dims):
    _finite_or_projection_error(X, ProjectionSpec("pca", dims=dims))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(X=matrices(), data=st.data())
def test_linear_gives_finite_coordinates_or_a_projection_error(X, data):
    W = data.draw(arrays(np.float64, (2, X.shape[1]), elements=st.floats(-1e3, 1e3, width=64)))
    _finite_or_projection_error(X, ProjectionSpec("linear", params={"weights": W}))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(X=matrices(max_rows=15), dims=st.sampled_from([2, 3]), init=st.sampled_from(["pca", "random", "spectral"]))
def test_tsne_gives_finite_coordinates_or_a_projection_error(X, dims, init):
    _finite_or_projection_error(X, ProjectionSpec("tsne", dims=dims, params={"n_iter": 30, "init": init}))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(X=matrices(max_rows=15), dims=st.sampled_from([2, 3]),
       metric=st.sampled_from(["euclidean", "cosine", "correlation"]))
def test_umap_gives_finite_coordinates_or_a_projection_error(X, dims, metric):
    _finite_or_projection_error(X, ProjectionSpec("umap", dims=dims, params={"metric": metric}))


# ---------------------------------------------------------------- what-if placement
def _clusters(seed=0):
    rng = np.random.default_rng(seed)
    centres = rng.normal(scale=8, size=(3, 6))
    return np.vstack([c + rng.normal(size=(40, 6)) for c in centres]), centres


@pytest.mark.parametrize("method", ["linear", "pca"])
def test_place_new_is_exact_for_linear_maps(method):
    from explorer.project import linear_preset, place_new

    X, _ = _clusters()
    params = {}
    if method == "linear":
        W, b, _ = linear_preset(X, None, "random", seed=3)
        params = {"weights": W.tolist(), "bias": b.tolist()}
    base = project(X[:100], ProjectionSpec(method, params=params))
    Y_new, exact = place_new(X[:100], base, X[100:])
    assert exact
    W = base.fit.W if method == "linear" else base.fit.components
    offset = base.fit.b if method == "linear" else -W @ base.fit.mean
    np.testing.assert_allclose(Y_new, X[100:] @ W.T + offset, atol=1e-9)


@pytest.mark.parametrize("method", ["tsne", "umap"])
def test_place_new_puts_a_point_beside_its_twin(method):
    from explorer.project import place_new

    X, centres = _clusters(1)
    base = project(X, ProjectionSpec(method, seed=0))
    Y_new, exact = place_new(X, base, centres + 0.01)
    assert not exact and Y_new.shape == (3, 2) and np.isfinite(Y_new).all()
    for c, y in enumerate(Y_new):  # each cluster centre lands among its own cluster
        nearest = np.argsort(np.linalg.norm(base.Y - y, axis=1))[:5]
        assert (nearest // 40 == c).all()


@pytest.mark.parametrize("method", ["tsne", "umap"])
def test_place_new_one_row_at_a_time_lands_in_its_own_cluster(method):
    # a single what-if row used to be centred on itself (all zeros) and land on one spot whatever its values
    from explorer.project import place_new

    X, centres = _clusters(1)
    base = project(X, ProjectionSpec(method, seed=0))
    for c, centre in enumerate(centres):
        Y_new, _ = place_new(X, base, centre[None, :] + 0.01)
        nearest = np.argsort(np.linalg.norm(base.Y - Y_new[0], axis=1))[:5]
        assert (nearest // 40 == c).all()
    with pytest.raises(ProjectionError, match="the layout has 120 rows but 100 base rows were given"):
        place_new(X[:100], base, centres)


@pytest.mark.parametrize("spec", [ProjectionSpec("pca"), ProjectionSpec("linear", params={"weights": [[1, 0, 0, 1], [0, 1, 1, 0]],
                                                                                          "features": GENRES}),
                                  ProjectionSpec("tsne", params={"n_iter": 30}), ProjectionSpec("umap")])
def test_a_projection_is_saved_and_loaded_without_pickle(spec, tmp_path):
    from explorer.project import Projection

    X = blobs(10) if spec.method in ("tsne", "umap") else MOVIES
    result = project(X, spec, features=GENRES if spec.method == "linear" else None)
    result.save(tmp_path / "p.npz")
    again = Projection.load(tmp_path / "p.npz")
    assert np.array_equal(again.Y, result.Y) and again.spec == result.spec and again.axis_names == result.axis_names
    assert type(again.fit) is type(result.fit)
    for name, value in vars(result.fit).items():
        np.testing.assert_equal(getattr(again.fit, name), value)  # arrays, numbers (NaN equals NaN here), names
    if result.linear_map is not None:  # what places new rows survives the round trip
        np.testing.assert_array_equal(again.linear_map.W, result.linear_map.W)
