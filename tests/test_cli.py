"""The `explorer` command, as a user runs it: exit codes, stdout, stderr, files."""
from __future__ import annotations

import io
import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from explorer.cli import COMPARE_KEYS, main
from conftest import ROOT

CORPUS = ROOT / "tests" / "corpus"
CASES = json.loads((CORPUS / "EXPECTED.json").read_text(encoding="utf-8"))
MOVIES = str(ROOT / "data" / "movies.csv")
IRIS = str(ROOT / "data" / "iris.csv")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "explorer", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)


def read_csv(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), keep_default_na=False)


@pytest.mark.slow
def test_tutorial_neighbours_exactly():
    result = run("neighbors", MOVIES, "--item", "电影A")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["rank,label,similarity", "1,电影C,0.9498", "2,电影B,0.3467"]
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_project_writes_labels_coordinates_and_neighbours(tmp_path):
    out = tmp_path / "coords.csv"
    result = run("project", MOVIES, "--neighbors", "2", "--out", str(out), "--html", str(tmp_path / "f.html"))
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel shows Chinese
    frame = pd.read_csv(out, encoding="utf-8-sig")
    assert list(frame.columns) == ["电影", "x", "y", "neighbors"]
    assert frame.loc[0, "neighbors"] == "电影C:0.9498|电影B:0.3467"
    assert "plotly" in (tmp_path / "f.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_linear_map_is_exactly_wx_plus_b(tmp_path):
    weights = tmp_path / "W.csv"
    weights.write_text("动作,喜剧,爱情,科幻\n1,0,0,1\n0,1,1,0\n", encoding="utf-8")
    result = run("project", MOVIES, "--method", "linear", "--weights", str(weights), "--bias", "0.5,-1")
    assert result.returncode == 0, result.stderr
    frame = read_csv(result.stdout)
    X = np.array([[0.9, 0.1, 0.2, 0.8], [0.2, 0.8, 0.9, 0.1], [0.7, 0.3, 0.4, 0.6]])
    W = np.array([[1, 0, 0, 1], [0, 1, 1, 0]], dtype=float)
    np.testing.assert_allclose(frame[["x", "y"]].to_numpy(), X @ W.T + [0.5, -1], rtol=0, atol=1e-12)


@pytest.mark.slow
def test_recipe_replays_identical_coordinates(tmp_path):
    first, recipe = tmp_path / "a.csv", tmp_path / "r.json"
    result = run("project", IRIS, "--method", "tsne", "--perplexity", "12", "--seed", "7", "--scale", "standard",
                 "--out", str(first), "--recipe-out", str(recipe))
    assert result.returncode == 0, result.stderr
    saved = json.loads(recipe.read_text(encoding="utf-8"))
    assert saved["projection"]["method"] == "tsne" and saved["preprocess"]["scaling"] == "standard"
    again = run("project", IRIS, "--recipe", str(recipe))
    assert again.returncode == 0, again.stderr
    np.testing.assert_array_equal(pd.read_csv(first, encoding="utf-8-sig")[["x", "y"]].to_numpy(),
                                  read_csv(again.stdout)[["x", "y"]].to_numpy())


@pytest.mark.slow
def test_compare_json_has_exactly_the_contract_keys():
    result = run("compare", IRIS, "--methods", "pca,linear", "-k", "5", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [row["method"] for row in rows] == ["pca", "linear"]
    assert all(tuple(row) == COMPARE_KEYS for row in rows)
    from sklearn.decomposition import PCA
    from sklearn.manifold import trustworthiness

    from explorer.table.preprocess import prepare
    from explorer.ingest import load_sample

    # C order as the command uses: on tied distances (Iris has duplicate rows) scikit-learn's own
    # result depends on the memory layout of X
    X = prepare(load_sample("iris")).X
    assert rows[0]["trustworthiness"] == round(trustworthiness(X, PCA(2).fit_transform(X), n_neighbors=5), 4)


@pytest.mark.slow
def test_bad_input_is_one_error_line_and_exit_2(tmp_path):
    missing = run("project", str(tmp_path / "nope.csv"))
    assert missing.returncode == 2 and missing.stderr.startswith("error:") and "Traceback" not in missing.stderr
    unknown = run("neighbors", MOVIES, "--item", "电影D")
    assert unknown.returncode == 2
    assert unknown.stderr.strip().splitlines()[-1].startswith("error: no item is labelled '电影D'; did you mean")
    bad_method = run("compare", MOVIES, "--methods", "pca,mds")
    assert bad_method.returncode == 2 and "linear, pca, tsne, umap" in bad_method.stderr


def corpus_args(name: str, case: dict) -> list[str]:
    args = [str(CORPUS / case["file"])]
    if case.get("metadata"):
        args += ["--metadata", str(CORPUS / case["metadata"])]
    return args


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_corpus_file_through_the_command(name, capsys):
    """A clear error (exit 2, one `error:` line naming the problem) or a correct result; never a traceback."""
    case = CASES[name]
    code = main(["project", *corpus_args(name, case), "--method", "pca", "--neighbors", "3"])
    out, err = capsys.readouterr()
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    if "error" in case["expect"]:
        assert code == 2 and len(errors) == 1, err
        assert case["expect"]["match"].lower() in errors[0].lower()
        return
    if "picture_error" in case["expect"]:  # read, but nothing to project with the default preparation
        assert code == 2 and len(errors) == 1 and case["expect"]["picture_error"] in errors[0], err
        return
    assert code == 0 and not errors, err
    frame = read_csv(out)
    assert np.isfinite(frame[["x", "y"]].to_numpy(float)).all()
    assert len(frame) <= case["expect"]["rows"]


@pytest.mark.slow
@pytest.mark.parametrize("values", [[1.0, 2.0, 3.0], [1e39, 2e39, 3e39], [1e-25, 2e-25, 3e-25], [1e200, 1, 2]])
@pytest.mark.parametrize("method", ["tsne", "umap"])
def test_inputs_that_crash_other_engines(tmp_path, capsys, values, method):
    """Identical rows, 1e39, 1e-25, 1e200: what segfaults scikit-learn's TSNE ends in a picture or a message."""
    rng = np.random.default_rng(0)
    X = np.tile(values, (30, 1)) if values == [1.0, 2.0, 3.0] else np.array(values) * (1 + rng.random((30, 3)))
    path = tmp_path / "t.csv"
    pd.DataFrame(X, columns=list("abc")).assign(name=[f"r{i}" for i in range(30)]).to_csv(path, index=False)
    code = main(["project", str(path), "--method", method])
    out, err = capsys.readouterr()
    if values == [1.0, 2.0, 3.0]:
        assert code == 2 and "identical" in err
    else:
        assert code == 0, err
        assert np.isfinite(read_csv(out)[["x", "y"]].to_numpy(float)).all()


# ---------------------------------------------------------------- explorer view FILE (the page; tests/test_browser.py
# starts it and looks at it): what is refused before any server starts
def test_view_refuses_a_missing_file_a_bad_file_and_unknown_methods(tmp_path, capsys):
    assert main(["view", str(tmp_path / "nothing.csv")]) == 2
    assert "error: cannot open" in capsys.readouterr().err
    bad = tmp_path / "bad.csv"
    bad.write_text("name,colour\na,red\nb,blue\n")
    assert main(["view", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("error:") == 1 and "Traceback" not in err
    assert main(["view", MOVIES, "--method", "pca,foo"]) == 2
    assert "--method 'pca,foo': give 1 to 4 of linear, pca, tsne, umap" in capsys.readouterr().err
    assert main(["view", MOVIES, "--port", "70000"]) == 2
    assert "--port 70000" in capsys.readouterr().err
