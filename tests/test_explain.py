import numpy as np

from explorer.present import anchor as explain
from explorer.present import tables
from conftest import GENRES, MOVIES


def test_anchor_ranks_and_reasons_on_the_tutorial_movies():
    view = explain.anchor_view(MOVIES, 0, GENRES)
    assert view.rank.tolist() == [0, 2, 1]  # 电影C is nearest to 电影A
    assert view.metric == "cosine"
    np.testing.assert_allclose(view.closeness[[1, 2]], [0.3467, 0.9498], atol=5e-5)
    assert view.reasons[2].split(" ")[0] in ("动作", "科幻")  # A and C are both action and sci-fi films
    shares = explain.contributions(MOVIES, 0)
    np.testing.assert_allclose(shares.sum(axis=1), view.closeness)


def test_one_measure_at_a_time_euclidean_ranks_distances_and_reasons():
    view = explain.anchor_view(MOVIES, 0, GENRES, metric="euclidean")
    np.testing.assert_allclose(view.closeness, np.linalg.norm(MOVIES - MOVIES[0], axis=1))
    assert view.rank.tolist() == [0, 2, 1]
    shares = explain.contributions(MOVIES, 0, "euclidean")  # each feature's share of the squared distance
    np.testing.assert_allclose(shares[1:].sum(axis=1), 1.0)
    assert view.reasons[1].split(" ")[0] in GENRES and view.reasons[0] == " · ".join(f"{g} +0.00" for g in GENRES[:3])
    details = explain.hover_details(view, "en")
    assert details[1].startswith("differs most in: ")
    assert explain.nearest_lines(["a .9"], "en") == ["nearest: a .9"]


def test_planted_contributors_come_first():
    rng = np.random.default_rng(0)
    X = rng.uniform(0, 0.1, size=(5, 8))
    X[0, [2, 5, 7]] = [3.0, 2.0, 1.0]
    X[1, [2, 5, 7]] = [3.0, 2.0, 1.0]
    names = [f"f{j}" for j in range(8)]
    reason = explain.anchor_view(X, 0, names).reasons[1]
    assert [part.split()[0] for part in reason.split(" · ")] == ["f2", "f5", "f7"]


def test_planted_false_neighbour_is_flagged():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(60, 5))
    Y = X[:, :2].copy()
    view = explain.anchor_view(X, 0, [f"f{j}" for j in range(5)])
    far = int(np.argmax(view.rank))  # the least similar item…
    Y[far] = Y[0] + 1e-6  # …placed on top of the anchor by the layout
    layout = explain.layout_view(Y, 0, view, k=10)
    assert far in layout.false
    assert layout.rank[far] == 1


def test_an_isometry_has_no_false_neighbours():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(40, 2))
    rotation = np.array([[0.6, -0.8], [0.8, 0.6]])
    view = explain.anchor_view(X, 3, ["a", "b"], metric="euclidean")  # a layout's ranks are by distance too
    assert view.metric == "euclidean" and np.allclose(view.closeness, np.linalg.norm(X - X[3], axis=1))
    layout = explain.layout_view(X @ rotation + 5, 3, view, k=10)  # a rotation and a shift: an isometry
    assert layout.false.size == 0 and layout.missed.size == 0
    np.testing.assert_array_equal(layout.rank, view.rank)


def test_zero_vectors_explain_without_nan():
    X = np.array([[0.0, 0.0], [1.0, 2.0], [2.0, 1.0]])
    view = explain.anchor_view(X, 0, ["a", "b"])
    assert np.isfinite(view.closeness).all() and all("nan" not in r for r in view.reasons)


def test_weights_frame_round_trip():
    W, b = np.array([[1.0, 0.0, 2.0], [0.5, 0.5, 0.0]]), np.array([0.1, -0.2])
    W_frame, b_frame = tables.linear_frames(W, b, ["a", "b", "c"], ["x", "y"])
    W2, b2, names = tables.linear_from_frames(W_frame, b_frame)
    np.testing.assert_array_equal(W2, W)
    np.testing.assert_array_equal(b2, b)
    assert names == ["x", "y"]


def test_reasons_text_matches_formatting_each_share():
    rng = np.random.default_rng(3)
    X = rng.standard_normal((500, 7))
    names = [f"特征{j}" for j in range(7)]
    share = explain.contributions(X, 11)
    got = explain.top_features(share, names)
    for i in (0, 11, 123, 499):
        top = np.argsort(-share[i], kind="stable")[:3]
        want = " · ".join(f"{names[f]} {share[i, f]:+.2f}".replace("-0.00", "+0.00") for f in top)
        assert got[i] == want


def test_drawn_rows_sample_every_part_of_a_sorted_table_and_keep_the_anchor():
    assert explain.drawn_rows(5, 10).tolist() == [0, 1, 2, 3, 4]
    sample = explain.drawn_rows(1000, 100)
    assert len(sample) == 100 and (sample >= 500).sum() > 30  # not just the first rows of a sorted table
    outside = int(np.setdiff1d(np.arange(1000), sample)[-1])
    rows = explain.drawn_rows(1000, 100, anchor=outside)
    assert len(rows) == 101 and outside in rows and np.all(np.diff(rows) > 0)
    assert explain.drawn_rows(1000, 100, anchor=outside).tolist() == rows.tolist()  # the same every rerun
    assert explain.drawn_rows(1000, 100, anchor=int(sample[0])).tolist() == sample.tolist()
