"""quality: faithfulness of a layout to the original space, explanations, Procrustes."""
from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import ortho_group
from sklearn.manifold import trustworthiness as sk_trustworthiness
from explorer import quality
from explorer.errors import DataError


def similarity_transform(Z: np.ndarray, seed: int = 0) -> np.ndarray:
    """Rotation/reflection, uniform scale and shift: keeps every neighbourhood."""
    rng = np.random.default_rng(seed)
    R = ortho_group.rvs(Z.shape[1], random_state=seed)
    return 3.7 * Z @ R + rng.normal(size=Z.shape[1]) * 10


def tricky_cases():
    rng = np.random.default_rng(42)
    n = 90
    X = rng.normal(size=(n, 6))
    yield "random", X, rng.normal(size=(n, 2))
    G = rng.integers(0, 3, size=(n, 5)).astype(float)  # integer grid: ties everywhere
    yield "grid", G, rng.integers(0, 3, size=(n, 2)).astype(float)
    D = rng.normal(size=(n, 4))
    D[rng.integers(0, n, size=30)] = D[0]  # a crowd of duplicates (in both spaces)
    Y = D[:, :2].copy()
    yield "duplicates", D, Y
    L = rng.normal(size=(n, 3))
    L[5:25] = L[4]
    Yl = rng.normal(size=(n, 3))
    Yl[40:60] = Yl[39]
    yield "duplicates-3d", L, Yl


@pytest.mark.parametrize("metric", ["euclidean", "cosine"])
@pytest.mark.parametrize("k", [1, 3, 10, 44])
@pytest.mark.parametrize("case", list(tricky_cases()), ids=lambda c: c[0])
def test_trustworthiness_equals_sklearn(case, k, metric):
    _, X, Y = case
    expected = sk_trustworthiness(X, Y, n_neighbors=k, metric=metric)
    assert quality.trustworthiness(X, Y, k, metric) == pytest.approx(expected, abs=1e-9)
    # continuity is trustworthiness with the roles swapped
    if metric == "euclidean":
        assert quality.continuity(X, Y, k) == pytest.approx(sk_trustworthiness(Y, X, n_neighbors=k), abs=1e-9)


@pytest.mark.parametrize("metric", ["euclidean", "cosine"])
def test_chunked_path_equals_sklearn(monkeypatch, metric):
    """Force small row blocks (no full matrix): still scikit-learn's number."""
    monkeypatch.setattr(quality, "EXACT_FULL_N", 0)
    monkeypatch.setattr(quality, "_BLOCK_BYTES", 8 * 300 * 7)  # 7 rows per block
    rng = np.random.default_rng(3)
    X = rng.integers(0, 4, size=(300, 5)).astype(float)
    X[:20] = X[0]
    Y = rng.normal(size=(300, 2))
    Y[100:130] = Y[99]
    if metric == "cosine":  # ties in cosine distances depend on rounding; keep them exact-free
        X = rng.normal(size=(300, 8))
    for k in (1, 10):
        expected = sk_trustworthiness(X, Y, n_neighbors=k, metric=metric)
        assert quality.trustworthiness(X, Y, k, metric) == pytest.approx(expected, abs=1e-9)


def test_isometry_keeps_every_score_at_its_maximum():
    rng = np.random.default_rng(0)
    for dims in (2, 3):
        X = rng.normal(size=(150, dims))
        Y = similarity_transform(X)
        s = quality.score(X, Y, k=10)
        assert s["trustworthiness"] == pytest.approx(1.0, abs=1e-12)
        assert s["continuity"] == pytest.approx(1.0, abs=1e-12)
        assert s["knn_recall"] == pytest.approx(1.0, abs=1e-12)
        assert s["shepard"] == pytest.approx(1.0, abs=1e-9)
        assert s["k"] == 10 and s["sampled"] is None and s["notes"] == []
        np.testing.assert_allclose(quality.per_item(X, Y, 10), 1.0)
    # a linear subspace seen through its own coordinates is also kept perfectly
    Z = rng.normal(size=(120, 2))
    X = np.c_[Z, np.zeros((120, 5))] @ ortho_group.rvs(7, random_state=1)
    assert quality.trustworthiness(X, Z, 10) == pytest.approx(1.0, abs=1e-12)


def test_random_layout_scores_near_chance():
    rng = np.random.default_rng(1)
    n, k = 1000, 10
    X = rng.normal(size=(n, 10))
    Y = rng.normal(size=(n, 2))
    recall = quality.knn_recall(X, Y, k)
    assert recall == pytest.approx(k / (n - 1), abs=0.01)
    assert abs(quality.shepard(X, Y)) < 0.05
    assert 0.45 < quality.trustworthiness(X, Y, k) < 0.55  # chance level is about 0.5
    assert quality.per_item(X, Y, k).mean() == pytest.approx(recall, abs=1e-12)


def test_sampled_estimate_is_labelled_and_close(monkeypatch):
    rng = np.random.default_rng(2)
    X = rng.normal(size=(1500, 5))
    Y = X[:, :2] + 0.3 * rng.normal(size=(1500, 2))
    exact = quality.score(X, Y, k=10, sample=None)
    monkeypatch.setattr(quality, "SAMPLE_ABOVE", 1000)
    monkeypatch.setattr(quality, "SAMPLE_SIZE", 600)
    est = quality.score(X, Y, k=10)
    assert est["sampled"] == 600 and "600 of 1,500" in est["notes"][0]
    for key in ("trustworthiness", "continuity", "knn_recall"):
        assert est[key] == pytest.approx(exact[key], abs=0.03)
    same = quality.score(X, Y, k=10)
    assert same == est  # the sample is seeded
    assert quality.trustworthiness(X, Y, 10, sample=1500) == exact["trustworthiness"]


def test_small_tables_and_bad_input():
    X = np.random.default_rng(3).normal(size=(7, 3))
    s = quality.score(X, X[:, :2], k=10)
    assert s["k"] == 3 and "k lowered from 10 to 3" in s["notes"][0]
    with pytest.raises(DataError, match="less than half"):
        quality.trustworthiness(X, X[:, :2], k=4)
    with pytest.raises(DataError, match="6 rows but the table has 7"):
        quality.score(X, X[:6, :2])
    with pytest.raises(DataError, match="at least 3 items"):
        quality.score(X[:2], X[:2, :2])
    with pytest.raises(DataError, match="metric='jaccard'"):
        quality.trustworthiness(X, X[:, :2], 2, metric="jaccard")
    assert quality.per_item(X, X[:, :2], k=50).shape == (7,)  # k clamped to n - 1
    assert np.isnan(quality.shepard(np.ones((5, 3)), np.arange(10.0).reshape(5, 2)))


def test_procrustes_recovers_a_rotated_scaled_shifted_copy():
    rng = np.random.default_rng(5)
    for dims in (2, 3):
        ref = rng.normal(size=(50, dims))
        moved = similarity_transform(ref, seed=dims)
        aligned, disparity = quality.procrustes_align(moved, ref, return_disparity=True)
        np.testing.assert_allclose(aligned, ref, atol=1e-10)
        assert disparity < 1e-20
    noisy = ref + 0.01 * rng.normal(size=ref.shape)
    assert quality.procrustes_align(similarity_transform(noisy), ref, return_disparity=True)[1] < 1e-3
    with pytest.raises(DataError, match="different shapes"):
        quality.procrustes_align(ref[:, :2], ref)


def test_stability_is_one_for_reruns_that_only_rotate_and_low_for_shuffles():
    rng = np.random.default_rng(5)
    Y = rng.normal(size=(200, 2))
    rotation = np.array([[0.0, -1.0], [1.0, 0.0]])
    per_item, overall = quality.stability([Y, Y @ rotation * 3 + 1, -Y], k=10)
    assert overall == 1.0 and per_item.shape == (200,)
    shuffled = Y[rng.permutation(200)]
    _, low = quality.stability([Y, shuffled], k=10)
    assert low < 0.2
    moved = Y.copy()
    moved[7] = [50.0, 50.0]  # one item thrown far away in the rerun
    per_item, _ = quality.stability([Y, moved], k=10)
    assert per_item[7] == 0.0 and np.median(per_item) > 0.8
