"""similarity: cosine/euclidean to an anchor, exact top-k of every item, small matrices."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.spatial.distance import cdist
from sklearn.metrics.pairwise import cosine_similarity
from sklearn.neighbors import NearestNeighbors
from explorer.neighbours import knn_search, similarity
from explorer.errors import DataError, ProjectionCancelled
from explorer.ingest import load_sample

BACKENDS = ["faiss", "numpy"]
MOVIES = np.array([[5, 1, 0, 4], [0, 5, 4, 0], [4, 0, 1, 5]], dtype=float)


def reference(X: np.ndarray, metric: str) -> np.ndarray:
    """Full score matrix with the item itself made the worst possible score."""
    if metric == "cosine":
        M = cosine_similarity(X)
        np.fill_diagonal(M, -np.inf)
    else:
        M = cdist(X, X)
        np.fill_diagonal(M, np.inf)
    return M


def assert_exact_topk(X, idx, score, metric, k):
    """Ids hold the k best scores (sets where scores tie), scores exact to 1e-12, self excluded."""
    n = X.shape[0]
    M = reference(X, metric)
    key = -M if metric == "cosine" else M
    best = np.take_along_axis(M, np.argsort(key, axis=1, kind="stable")[:, :k], axis=1)
    assert idx.shape == score.shape == (n, k)
    assert idx.dtype == np.int64 and score.dtype == np.float64
    np.testing.assert_allclose(score, best, rtol=0, atol=1e-12)
    np.testing.assert_allclose(np.take_along_axis(M, idx, axis=1), score, rtol=0, atol=1e-12)
    assert not (idx == np.arange(n)[:, None]).any()
    assert all(len(set(row)) == k for row in idx.tolist())
    ordered = -score if metric == "cosine" else score
    assert (np.diff(ordered, axis=1) >= 0).all()


def test_tutorial_movies_cosine():
    # cos(A, C) = 40 / 42 and cos(A, B) = 5 / sqrt(42 * 41) for these three vectors
    s = similarity.to_anchor(MOVIES, 0)
    assert round(s[2], 4) == 0.9524 and round(s[1], 4) == 0.1205
    assert s[0] == pytest.approx(1.0)
    idx, score = similarity.neighbors_of(MOVIES, 0, k=5)
    assert idx.tolist() == [2, 1]  # k clamped to n - 1, most similar first
    np.testing.assert_allclose(score, [40 / 42, 5 / np.sqrt(42 * 41)], atol=1e-15)


def test_tutorial_numbers_from_the_movie_sample():
    """The tutorial's sample table: 电影A's nearest is 电影C (0.9498), then 电影B (0.3467)."""
    table = load_sample("movies")
    labels = table.labels()
    X = table.values()
    i = labels.index("电影A")
    idx, score = similarity.neighbors_of(X, i, k=2)
    assert [labels[j] for j in idx] == ["电影C", "电影B"]
    assert [round(float(v), 4) for v in score] == [0.9498, 0.3467]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("metric", ["cosine", "euclidean"])
def test_neighbors_equal_brute_force(backend, metric):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 12))
    idx, score = similarity.neighbors(X, k=7, metric=metric, backend=backend)
    assert_exact_topk(X, idx, score, metric, 7)
    # no ties in continuous data: the ids are exactly scikit-learn's
    nn = NearestNeighbors(n_neighbors=7, metric=metric, algorithm="brute").fit(X)
    np.testing.assert_array_equal(idx, nn.kneighbors(return_distance=False))


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("metric", ["cosine", "euclidean"])
def test_neighbors_with_ties_and_duplicates(backend, metric):
    rng = np.random.default_rng(1)
    X = rng.integers(0, 3, size=(120, 4)).astype(float)  # many exact ties
    X[:40] = X[0]  # 40 copies: more than k + 1 + padding, so self may fall out of the candidates
    X[50] = 0.0
    idx, score = similarity.neighbors(X, k=5, metric=metric, backend=backend)
    assert_exact_topk(X, idx, score, metric, 5)
    # a duplicate's neighbours are other duplicates, never itself
    assert set(idx[:40].ravel()) <= set(range(40))
    expected = 1.0 if metric == "cosine" else 0.0
    np.testing.assert_allclose(score[:40], expected, atol=1e-12)
    if metric == "cosine":
        np.testing.assert_array_equal(score[50], 0.0)  # zero vector: 0, not NaN


@pytest.mark.parametrize("metric", ["cosine", "euclidean"])
def test_crowds_of_duplicates_and_zero_vectors(monkeypatch, metric):
    """Crowds larger than the candidate list and the tie band: still exact scores, self excluded."""
    monkeypatch.setattr(similarity, "_BAND_MAX", 16)
    rng = np.random.default_rng(8)
    X = rng.normal(size=(400, 6))
    X[:150] = 0.0
    X[150:300] = X[150]
    idx, score = similarity.neighbors(X, k=10, metric=metric)
    assert_exact_topk(X, idx, score, metric, 10)
    if metric == "cosine":  # a zero vector is equally (0) similar to all: lowest indices first
        assert idx[0].tolist() == list(range(1, 11)) and idx[5].tolist()[:5] == [0, 1, 2, 3, 4]
        np.testing.assert_array_equal(score[:150], 0.0)
    one_idx, one_score = similarity.neighbors_of(X, 200, k=10, metric=metric)
    np.testing.assert_array_equal(one_score, score[200])


def test_euclidean_at_extreme_magnitudes():
    rng = np.random.default_rng(9)
    base = rng.normal(size=(60, 3))
    idx, score = similarity.neighbors(base, k=4, metric="euclidean")
    for factor in (2.0**600, 2.0**-600):
        big_idx, big_score = similarity.neighbors(base * factor, k=4, metric="euclidean")
        np.testing.assert_array_equal(big_idx, idx)
        np.testing.assert_array_equal(big_score, score * factor)  # a power of two: exact


def test_neighbors_ties_break_by_index_and_backends_agree():
    X = np.ones((30, 3))
    for backend in BACKENDS:
        idx, score = similarity.neighbors(X, k=3, backend=backend)
        assert idx[0].tolist() == [1, 2, 3] and idx[5].tolist() == [0, 1, 2]
    rng = np.random.default_rng(2)
    X = rng.integers(-2, 3, size=(200, 3)).astype(float)
    a = similarity.neighbors(X, k=6, backend="faiss")
    b = similarity.neighbors(X, k=6, backend="numpy")
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])


@pytest.mark.parametrize("metric", ["cosine", "euclidean"])
def test_neighbors_of_matches_neighbors(metric):
    rng = np.random.default_rng(3)
    X = rng.normal(size=(150, 5))
    X[10] = X[11]
    idx, score = similarity.neighbors(X, k=8, metric=metric)
    for i in (0, 10, 11, 149):
        one_idx, one_score = similarity.neighbors_of(X, i, k=8, metric=metric)
        np.testing.assert_array_equal(one_idx, idx[i])
        np.testing.assert_array_equal(one_score, score[i])
    sub_idx, sub_score = similarity.neighbors(X, k=8, metric=metric, rows=[149, 0])
    np.testing.assert_array_equal(sub_idx, idx[[149, 0]])


def test_k_is_clamped_and_validated():
    X = np.random.default_rng(4).normal(size=(5, 3))
    idx, score = similarity.neighbors(X, k=50)
    assert idx.shape == (5, 4)
    assert similarity.neighbors(X[:1], k=3)[0].shape == (1, 0)
    with pytest.raises(DataError, match="k=0"):
        similarity.neighbors(X, k=0)
    with pytest.raises(DataError, match="metric='manhattan'"):
        similarity.neighbors(X, metric="manhattan")
    with pytest.raises(DataError, match="out of range"):
        similarity.to_anchor(X, 5)
    with pytest.raises(DataError, match="not finite"):
        similarity.neighbors(np.array([[1.0, np.nan], [0.0, 1.0]]))


def test_progress_reports_and_cancels(monkeypatch):
    monkeypatch.setattr(knn_search, "_FAISS_QUERY_CHUNK", 16)
    X = np.random.default_rng(5).normal(size=(64, 4))
    seen = []
    similarity.neighbors(X, k=3, progress=lambda f, msg: seen.append((f, msg)), backend="faiss")
    assert [f for f, _ in seen] == [0.25, 0.5, 0.75, 1.0]
    assert "16 of 64" in seen[0][1]
    with pytest.raises(ProjectionCancelled, match="cancelled after 16 of 64"):
        similarity.neighbors(X, k=3, progress=lambda f, msg: False, backend="faiss")


def test_progress_of_the_numpy_search(monkeypatch):
    monkeypatch.setattr(knn_search, "_ROW_BLOCK", 16)
    monkeypatch.setattr(knn_search, "_THRESHOLD_SAMPLE", 16)
    X = np.random.default_rng(5).normal(size=(100, 4))
    seen = []
    similarity.neighbors(X, k=3, progress=lambda f, msg: seen.append((f, msg)), backend="numpy")
    fractions = [f for f, _ in seen]
    assert len(fractions) >= 5 and fractions[-1] == 1.0
    assert all(0 < a <= b for a, b in zip(fractions, fractions[1:]))
    assert seen[-1][1] == "nearest neighbours: 100% of the comparisons"
    with pytest.raises(ProjectionCancelled, match="cancelled after"):
        similarity.neighbors(X, k=3, progress=lambda f, msg: f < 0.5, backend="numpy")


@pytest.mark.parametrize("metric", ["cosine", "euclidean"])
def test_numpy_search_over_many_blocks(monkeypatch, metric):
    """Threshold sample, many square blocks, compactions, query chunks: still exact."""
    monkeypatch.setattr(knn_search, "_THRESHOLD_SAMPLE", 40)
    monkeypatch.setattr(knn_search, "_COLUMN_BLOCK", 64)
    monkeypatch.setattr(knn_search, "_NUMPY_QUERY_CHUNK", 50)
    monkeypatch.setattr(knn_search, "_ROW_BLOCK", 32)
    monkeypatch.setattr(knn_search, "_COMPACT_AT", 100)
    rng = np.random.default_rng(10)
    X = rng.normal(size=(500, 7)) + 3.0
    X[100:110] = X[100]
    idx, score = similarity.neighbors(X, k=6, metric=metric, backend="numpy")
    assert_exact_topk(X, idx, score, metric, 6)
    ref = similarity.neighbors(X, k=6, metric=metric, backend="faiss")
    np.testing.assert_array_equal(idx, ref[0])
    np.testing.assert_array_equal(score, ref[1])
    some = [499, 3, 250, 100]  # a subset of rows takes the one-sided search
    sub = similarity.neighbors(X, k=6, metric=metric, backend="numpy", rows=some)
    np.testing.assert_array_equal(sub[0], idx[some])
    np.testing.assert_array_equal(sub[1], score[some])


def test_to_anchor_cosine_and_euclidean():
    rng = np.random.default_rng(6)
    X = rng.normal(size=(40, 6))
    X[3] = 0.0
    s = similarity.to_anchor(X, 0)
    ref = cosine_similarity(X)[0]
    np.testing.assert_allclose(s, ref, atol=1e-12)
    assert s[3] == 0.0 and s.min() >= -1 and s.max() <= 1
    np.testing.assert_array_equal(similarity.to_anchor(X, 3), 0.0)  # zero anchor: 0, not NaN
    d = similarity.to_anchor(X, 0, metric="euclidean")
    np.testing.assert_allclose(d, cdist(X[:1], X)[0], atol=1e-12)
    assert d[0] == 0.0


def test_extreme_magnitudes_stay_finite():
    X = np.array([[1e300, 1e300], [1e-300, 2e-300], [-1e300, 5e299], [0.0, 0.0]])
    s = similarity.to_anchor(X, 0)
    assert np.isfinite(s).all()
    assert s[1] == pytest.approx(3 / np.sqrt(10))
    idx, score = similarity.neighbors(X, k=3)
    assert np.isfinite(score).all() and score.max() <= 1
    d = similarity.to_anchor(X * 1e-10, 0, metric="euclidean")
    assert np.isfinite(d).all() and d[1] == pytest.approx(np.sqrt(2) * 1e290)


def test_matrix_small_and_refused_large():
    rng = np.random.default_rng(7)
    X = rng.normal(size=(30, 4))
    X[2] = 0.0
    S = similarity.matrix(X)
    ref = cosine_similarity(X)
    off = ~np.eye(30, dtype=bool)
    np.testing.assert_allclose(S[off], ref[off], atol=1e-12)
    assert S[0, 0] == 1.0 and S[2, 2] == 0.0
    np.testing.assert_allclose(similarity.matrix(X, "euclidean"), cdist(X, X), atol=1e-12)
    with pytest.raises(DataError, match="neighbors_of"):
        similarity.matrix(np.zeros((11, 2)), max_n=10)


finite = st.floats(allow_nan=False, allow_infinity=False, width=64)


@settings(max_examples=200, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(1, 12), st.integers(1, 5)), elements=finite))
def test_cosine_scores_are_bounded_and_never_nan(X):
    n = X.shape[0]
    s = similarity.to_anchor(X, 0)
    assert np.isfinite(s).all() and (np.abs(s) <= 1).all()
    S = similarity.matrix(X)
    assert np.isfinite(S).all() and (np.abs(S) <= 1).all()
    for backend in BACKENDS:
        idx, score = similarity.neighbors(X, k=3, backend=backend)
        assert idx.shape == (n, min(3, n - 1))
        assert np.isfinite(score).all() and (np.abs(score) <= 1).all()
        assert not (idx == np.arange(n)[:, None]).any()
