"""The tutorial the product grew out of: its numbers, its picture, its formula and its exercise, exactly."""
from __future__ import annotations

import re
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LinearRegression
from sklearn.metrics.pairwise import cosine_similarity as sk_cosine
from explorer import ingest
from explorer.neighbours import similarity
from explorer.present import tutorial
from explorer.errors import ProjectionError
from explorer.project import explain_fit, fit_linear, rows_of
from conftest import ROOT

EXCERPT = (ROOT / "tests" / "data" / "tutorial_excerpt.txt").read_text(encoding="utf-8")
SEED = ROOT.parent / "shared" / "seed" / "000_b10bd76b017597c3.txt"  # outside the repository: may be absent


def tutorial_text() -> str:
    return EXCERPT.split("\n", 2)[2]  # without the two comment lines


def seed_movies() -> dict[str, list[float]]:
    """电影A0.90.10.20.8 … as printed (the page lost the table's cell borders): four one-decimal numbers per movie."""
    return {name: [float(v) for v in re.findall(r"\d\.\d", cells)]
            for name, cells in re.findall(r"^(电影[ABC])((?:\d\.\d){4})$", tutorial_text(), re.M)}


def seed_picture() -> dict[str, list[float]]:
    return {name: [float(x), float(y)] for name, x, y in re.findall(r"^(电影[ABC]): \(([\d.]+), ([\d.]+)\)$",
                                                                      tutorial_text(), re.M)}


def seed_words() -> dict[str, list[float]]:
    return {word: [float(v) for v in vector.split(", ")]
            for word, vector in re.findall(r'^"(.+)" -----> \[(.+)\]$', tutorial_text(), re.M)}


def test_the_excerpt_is_the_seed_verbatim():
    if not SEED.exists():
        pytest.skip("the seed lives outside the repository (shared/seed); the excerpt stands in for it")
    assert tutorial_text().strip() in SEED.read_text(encoding="utf-8")


def test_the_samples_hold_the_tutorials_numbers():
    movies = ingest.load_sample("movies")
    assert seed_movies() == {"电影A": [0.9, 0.1, 0.2, 0.8], "电影B": [0.2, 0.8, 0.9, 0.1], "电影C": [0.7, 0.3, 0.4, 0.6]}
    assert movies.features == ["动作", "喜剧", "爱情", "科幻"]
    assert dict(zip(movies.labels(), movies.values().tolist())) == seed_movies()
    labels, picture, axes = ingest.read_targets(ingest.TUTORIAL_PICTURE)
    assert dict(zip(labels, picture.tolist())) == seed_picture() and axes == ["x", "y"]
    words = ingest.load_sample("words")
    ours = dict(zip(words.labels(), words.values().tolist()))
    from_tutorial = {w: v for w, v, source in zip(words.labels(), words.values().tolist(), words.data["来源"])
                     if source == "教程"}
    assert from_tutorial == seed_words() == {"机器学习": [0.2, 0.5, 0.8], "深度学习": [0.3, 0.6, 0.7],
                                             "人工智能": [0.4, 0.7, 0.6]}
    assert set(ours) - set(from_tutorial) == {"苹果", "香蕉", "汽车"}  # data/README.md marks these as ours
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    assert all(word in readme for word in ("苹果", "香蕉", "汽车")) and "ours, not the tutorial's" in readme


def test_the_tutorials_code_and_text_picture_are_quoted_verbatim():
    printed = re.search(r"# 计算两部电影的相似度\n(.+)$", tutorial_text(), re.M).group(0)
    assert re.sub(r"\s", "", tutorial.COSINE_CODE) == re.sub(r"\s", "", printed)
    assert tutorial.PICTURE_TEXT in tutorial_text()
    assert "E(x) = Wx + b" in tutorial_text()


def test_exercise_1_step_by_step_gives_the_tutorials_cosines():
    X = ingest.load_sample("movies").values()
    a_c, a_b = tutorial.cosine_steps(X[0], X[2]), tutorial.cosine_steps(X[0], X[1])
    assert round(a_c.value, 4) == 0.9498 and round(a_b.value, 4) == 0.3467
    assert a_c.products == pytest.approx((0.63, 0.03, 0.08, 0.48)) and a_c.dot == pytest.approx(1.22)
    assert a_c.norm_a == pytest.approx(1.5 ** 0.5) and a_c.norm_b == pytest.approx(1.1 ** 0.5)
    assert a_c.value == a_c.dot / (a_c.norm_a * a_c.norm_b)
    assert a_b.dot == pytest.approx(0.52) and a_b.norm_b == pytest.approx(1.5 ** 0.5)


@pytest.mark.parametrize("seed", range(5))
def test_the_step_by_step_cosine_is_scikit_learns(seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(6, 1 + seed * 3))
    reference = sk_cosine(X)
    for i in range(len(X)):
        for j in range(len(X)):
            steps = tutorial.cosine_steps(X[i], X[j])
            assert steps.value == pytest.approx(reference[i, j], abs=1e-12)
            assert steps.dot == pytest.approx(sum(steps.products)) and steps.norm_a == pytest.approx(np.linalg.norm(X[i]))
        np.testing.assert_allclose(similarity.to_anchor(X, i), reference[i], atol=1e-12)  # the hover's number


def test_cosine_of_a_zero_vector_is_undefined_not_a_crash():
    assert np.isnan(tutorial.cosine_steps([0, 0, 0], [1, 2, 3]).value)


def test_the_fitted_map_reproduces_targets_when_a_map_can():
    rng = np.random.default_rng(0)
    X, T = rng.random((3, 4)), rng.random((3, 2))  # 3 items in general position in 4-D: many exact maps
    fit = fit_linear(X, T)
    assert fit.exact and fit.dependency is None
    np.testing.assert_allclose(X @ fit.W.T + fit.b, T, rtol=0, atol=1e-9)
    reference = LinearRegression().fit(X, T)  # the same minimum-norm W with a free b
    np.testing.assert_allclose(fit.W, reference.coef_, atol=1e-10)
    np.testing.assert_allclose(fit.b, reference.intercept_, atol=1e-10)
    # adding any direction the centred rows do not span gives another exact map; the minimum-norm W has none
    null = np.linalg.svd(X - X.mean(axis=0))[2][2:]  # rank 2 in 4-D: two free directions
    np.testing.assert_allclose(fit.W @ null.T, 0, atol=1e-12)


def test_some_targets_fix_the_map_for_every_item():
    rng = np.random.default_rng(1)
    X, W, b = rng.random((10, 5)), rng.random((3, 5)), rng.random(3)
    rows = [7, 2, 4, 0, 9, 5]  # six of ten items, in any order: enough to pin down a 3-D map of 5 features
    fit = fit_linear(X, (X @ W.T + b)[rows], rows)
    assert fit.exact
    np.testing.assert_allclose(X @ fit.W.T + fit.b, X @ W.T + b, atol=1e-9)  # the other four land right too


def test_the_tutorials_picture_is_not_an_image_of_its_table_and_the_fit_says_why():
    tut = tutorial.load()
    X, picture = tut.movies.values(), tut.picture
    # 电影C lies on the segment from 电影A to 电影B, 2/7 of the way, in the table ...
    np.testing.assert_allclose(X[2], X[0] + 2 / 7 * (X[1] - X[0]), atol=1e-12)
    # ... and not in the picture, so no E(x) = Wx + b meets all three targets
    fit = tut.fit
    assert not fit.exact
    reference = LinearRegression().fit(X, picture).predict(X)  # the least-squares map
    np.testing.assert_allclose(X @ fit.W.T + fit.b, reference, atol=1e-12)
    np.testing.assert_allclose(fit.residuals, np.linalg.norm(reference - picture, axis=1), atol=1e-12)
    assert fit.residuals.round(4).tolist() == [0.0143, 0.0057, 0.0201]
    k, weights = fit.dependency
    assert k == 2 and weights == pytest.approx({0: 5 / 7, 1: 2 / 7})
    notes = [str(n) for n in explain_fit(fit, tut.labels)]
    assert "least squares" in notes[0] and "电影C = 5/7·电影A + 2/7·电影B" in notes[1]
    # two of the three targets can be met exactly; the third then lands where the table says
    two = fit_linear(X, picture[:2], [0, 1])
    assert two.exact
    np.testing.assert_allclose(X[2] @ two.W.T + two.b, picture[0] + 2 / 7 * (picture[1] - picture[0]), atol=1e-12)


@pytest.mark.parametrize("targets, rows, key", [
    ([[0.8, 0.3]], [0], "fit_too_few"),
    ([[0.8, 0.3], [0.2, 0.7]], [0, 0], "fit_twice"),
    ([[0.8, np.nan], [0.2, 0.7]], [0, 1], "fit_not_finite"),
    ([[0.8, 0.3, 1, 2], [0.2, 0.7, 1, 2]], [0, 1], "fit_shape"),
])
def test_fit_refuses_what_cannot_fix_a_map(targets, rows, key):
    with pytest.raises(ProjectionError) as error:
        fit_linear(ingest.load_sample("movies").values(), targets, rows)
    assert error.value.args[0].key == key


def test_target_labels_must_name_one_item_each():
    with pytest.raises(ProjectionError) as error:
        rows_of(["电影A", "电影B"], ["电影D"])
    assert error.value.args[0].key == "fit_unknown_item" and "电影A" in str(error.value)
    with pytest.raises(ProjectionError) as error:
        rows_of(["x", "x", "y"], ["x"])
    assert error.value.args[0].key == "fit_ambiguous_item" and "1, 2" in str(error.value)


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "explorer", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=300)


def coordinates(text: str) -> pd.DataFrame:
    return pd.read_csv(pd.io.common.StringIO(text)).set_index("电影")


@pytest.mark.slow
def test_fit_to_command_prints_w_and_b_that_replay(tmp_path):
    result = run("project", "data/movies.csv", "--method", "linear", "--fit-to", "data/movies_2d.csv")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    Y = coordinates(result.stdout)[["x", "y"]].to_numpy()
    fit = tutorial.load().fit
    np.testing.assert_allclose(Y, ingest.load_sample("movies").values() @ fit.W.T + fit.b, atol=1e-12)
    assert "least squares" in result.stderr and "电影C = 5/7·电影A + 2/7·电影B" in result.stderr
    lines = result.stderr.splitlines()
    start = lines.index("W (one row per axis; save as W.csv for --weights):")
    (tmp_path / "W.csv").write_text("\n".join(lines[start + 1:start + 4]) + "\n", encoding="utf-8")
    bias = next(line for line in lines if line.startswith("b (for --bias): ")).split(": ")[1]
    replay = run("project", "data/movies.csv", "--method", "linear", "--weights", str(tmp_path / "W.csv"),
                 "--bias", bias)
    assert replay.returncode == 0, replay.stderr
    np.testing.assert_allclose(coordinates(replay.stdout)[["x", "y"]].to_numpy(), Y, atol=1e-12)


@pytest.mark.slow
def test_fit_to_meets_targets_that_a_map_can_meet(tmp_path):
    targets = tmp_path / "two.csv"
    targets.write_text("电影,x,y\n电影B,0.2,0.7\n电影A,0.8,0.3\n", encoding="utf-8")  # the tutorial's, for two movies
    result = run("project", "data/movies.csv", "--fit-to", str(targets))
    assert result.returncode == 0, result.stderr
    Y = coordinates(result.stdout)
    np.testing.assert_allclose(Y.loc[["电影A", "电影B"], ["x", "y"]].to_numpy(), [[0.8, 0.3], [0.2, 0.7]],
                               rtol=0, atol=1e-9)
    assert "exact" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("content, message", [
    ("电影,x,y\n电影D,0.1,0.2\n电影A,0.8,0.3\n", "no item is labelled '电影D'"),
    ("电影,x\n电影A,0.1\n电影B,0.2\n", "2 or 3 numeric columns"),
    ("电影,x,y\n电影A,0.1,\n电影B,0.2,0.3\n", "row 1, column 'y' is empty"),
])
def test_fit_to_bad_targets_get_one_error_line(tmp_path, content, message):
    targets = tmp_path / "t.csv"
    targets.write_text(content, encoding="utf-8")
    result = run("project", "data/movies.csv", "--fit-to", str(targets))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith("error:")] == [
        next(line for line in result.stderr.splitlines() if line.startswith("error:"))]
    assert message in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("method, note", [("tsne", "perplexity=30 is too large for 3 rows"),
                                          ("umap", "UMAP started from PCA")])
def test_tsne_and_umap_draw_the_tutorials_three_movies(method, note):
    result = run("project", "data/movies.csv", "--method", method)
    assert result.returncode == 0, result.stderr
    Y = coordinates(result.stdout)[["x", "y"]].to_numpy()
    assert Y.shape == (3, 2) and np.isfinite(Y).all() and len({tuple(row) for row in Y.round(6)}) == 3
    assert note in result.stderr


@pytest.mark.parametrize("method", ["tsne", "umap"])
@pytest.mark.parametrize("dims", [2, 3])
def test_tiny_tables_in_process(method, dims):
    from explorer.project import ProjectionSpec, project

    X = ingest.load_sample("movies").values()
    result = project(X, ProjectionSpec(method, dims=dims))
    assert result.Y.shape == (3, dims) and np.isfinite(result.Y).all()
    assert result.warnings  # the lowered perplexity / n_neighbors (and UMAP's start) are said


@pytest.mark.parametrize("method", ["tsne", "umap"])
def test_two_rows_are_refused_with_the_reason(method):
    from explorer.project import ProjectionSpec, project

    with pytest.raises(ProjectionError) as error:
        project(ingest.load_sample("movies").values()[:2], ProjectionSpec(method))
    assert error.value.args[0].key == "too_few_rows_neighbours"
    assert "PCA" in str(error.value) and "the table has 2" in str(error.value)
