"""Batch mode: a Parquet file projected batch by batch gives the in-memory result and never holds the table."""
from __future__ import annotations

import io
import tracemalloc

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from explorer.ingest import batch_source
from explorer.run import batches
from explorer.cli import main
from explorer.table.preprocess import prepare
from explorer.errors import ProjectionError
from explorer.project import ProjectionSpec, fit_sample, project
from explorer.ingest import read_table


def write_parquet(path, frame: pd.DataFrame, row_group: int, **columns) -> str:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    for name, values in columns.items():
        table = table.append_column(name, values)
    pq.write_table(table, path, row_group_size=row_group)
    return str(path)


@pytest.fixture
def mixed(tmp_path) -> str:
    """Labels that look like formulas, a category, an embedding list column, a constant column,
    gaps and an infinity in later row groups, columns of very different scales."""
    rng = np.random.default_rng(2)
    n = 700
    frame = pd.DataFrame(rng.normal(size=(n, 5)) * [1, 2, 3, 4, 500] + [0, 10, -5, 3, 1e4], columns=list("abcde"))
    frame["const"] = 7.0
    frame.insert(0, "name", [f"=item {i}" for i in range(n)])
    frame["kind"] = rng.choice(["x1", "x2"], n)
    frame.loc[rng.choice(np.arange(60, n), 15, replace=False), "b"] = np.nan
    frame.loc[650, "c"] = np.inf
    emb = pa.array([list(r) for r in rng.normal(size=(n, 3))], pa.list_(pa.float32()))
    return write_parquet(tmp_path / "mixed.parquet", frame, 61, emb=emb)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["project", *args])
    out, err = capsys.readouterr()
    return code, out, err


def coords(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), keep_default_na=False)


def axes(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if c in ("x", "y", "z")]


@pytest.mark.parametrize("options", [
    ["--method", "pca"],
    ["--method", "pca", "--scale", "standard"],
    ["--method", "pca", "--scale", "l2"],
    ["--method", "pca", "--missing", "mean", "--scale", "standard", "--dims", "3"],
    ["--method", "linear"],
    ["--method", "linear", "--scale", "standard", "--missing", "mean"],
])
def test_batches_equal_the_in_memory_command(mixed, capsys, options):
    code, batched, err = run(capsys, mixed, *options, "--batch-rows", "50")
    assert code == 0, err
    assert "progress: reading mixed.parquet: 50 of 700 rows" in err
    code, whole, err = run(capsys, mixed, *options)
    assert code == 0, err
    a, b = coords(batched), coords(whole)
    assert list(a.columns) == list(b.columns) == ["name", "kind", *axes(b)]
    assert a.drop(columns=axes(a)).equals(b.drop(columns=axes(b)))  # labels (formula-safe), categories, rows
    assert a["name"].iloc[0] == "'=item 0"
    np.testing.assert_allclose(a[axes(a)].to_numpy(), b[axes(b)].to_numpy(), rtol=0, atol=1e-8)


def test_batch_pca_equals_sklearn_up_to_sign(mixed, capsys):
    from sklearn.decomposition import PCA

    code, out, err = run(capsys, mixed, "--scale", "standard", "--batch-rows", "64")
    assert code == 0, err
    X = prepare(read_table(mixed), scaling="standard").X
    expected = PCA(2).fit_transform(X)
    got = coords(out)[["x", "y"]].to_numpy()
    np.testing.assert_allclose(np.abs(got), np.abs(expected), atol=1e-8)
    assert all(min(np.abs(got[:, j] - expected[:, j]).max(), np.abs(got[:, j] + expected[:, j]).max()) < 1e-8
               for j in range(2))


def test_linear_weights_and_bias_are_exact(mixed, capsys, tmp_path):
    weights = tmp_path / "W.csv"
    weights.write_text("a,b,emb_2\n1,0,2\n0,1,-1\n", encoding="utf-8")
    out = tmp_path / "coords.csv"
    code, _, err = run(capsys, mixed, "--method", "linear", "--weights", str(weights), "--bias", "1,2",
                       "--batch-rows", "33", "--out", str(out))
    assert code == 0, err
    table = read_table(mixed).data
    table = table[np.isfinite(table[list("abcde")]).all(axis=1)]  # the rows --missing drop keeps
    expected = table[["a", "b", "emb_2"]].to_numpy() @ np.array([[1, 0, 2], [0, 1, -1]]).T + [1, 2]
    frame = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf") and not (tmp_path / "coords.csv.part").exists()
    np.testing.assert_allclose(frame[["x", "y"]].to_numpy(), expected, rtol=0, atol=1e-12)


@pytest.mark.parametrize("size", [1e-200, 1e200])
def test_extreme_magnitudes_are_standardised_as_in_memory(tmp_path, capsys, size):
    """Column spreads of 1e200 (squares overflow) and 1e-200 (squares underflow) gathered batch by batch."""
    X = np.random.default_rng(5).normal(size=(300, 3)) * [1, 4, 9] * size
    path = write_parquet(tmp_path / "huge.parquet", pd.DataFrame(X, columns=list("abc")), 70)
    code, batched, err = run(capsys, path, "--scale", "standard", "--batch-rows", "50")
    assert code == 0, err
    code, whole, err = run(capsys, path, "--scale", "standard")
    assert code == 0, err
    np.testing.assert_allclose(coords(batched)[["x", "y"]], coords(whole)[["x", "y"]], rtol=0, atol=1e-8)


def test_dropped_rows_are_counted_and_named(mixed, capsys):
    code, out, err = run(capsys, mixed, "--batch-rows", "100")
    assert code == 0, err
    dropped = [line for line in err.splitlines() if "dropped 16 row(s)" in line]
    assert len(dropped) == 1 and "row" in dropped[0] and "'b' 15, 'c' 1" in dropped[0]
    assert len(coords(out)) == 700 - 16


@pytest.mark.slow
def test_memory_holds_one_batch_not_the_table(tmp_path, capsys, monkeypatch):
    """Every read is at most one batch, and both numpy's traced peak and pyarrow's allocations stay far
    below the table itself; the same measurement of the in-memory command exceeds the table (the test can tell)."""
    n, d, batch = 40_000, 25, 1_000
    X = np.random.default_rng(0).normal(size=(n, d))
    path = write_parquet(tmp_path / "big.parquet", pd.DataFrame(X, columns=[f"f{j}" for j in range(d)]), 1_500)
    table_bytes = X.nbytes  # 8 MB as float64

    sizes: list[int] = []
    arrow_bytes: list[int] = []  # pyarrow's own allocations, which tracemalloc does not see
    iter_batches = pq.ParquetFile.iter_batches

    def spy(self, *args, **kwargs):
        for part in iter_batches(self, *args, **kwargs):
            sizes.append(part.num_rows)
            arrow_bytes.append(pa.total_allocated_bytes())
            yield part

    def whole(*args, **kwargs):
        raise AssertionError("the whole table was read")

    monkeypatch.setattr(pq.ParquetFile, "iter_batches", spy)
    monkeypatch.setattr(pq.ParquetFile, "read", whole)
    monkeypatch.setattr(pq, "read_table", whole)
    baseline = pa.total_allocated_bytes()
    tracemalloc.start()
    try:
        code = main(["project", path, "--batch-rows", str(batch), "--out", str(tmp_path / "b.csv")])
        batched_peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert code == 0, capsys.readouterr().err
    assert max(sizes) <= batch and sum(sizes) == batch + 2 * n  # roles from one batch, then two passes
    assert batched_peak < table_bytes / 4, f"peak {batched_peak / 1e6:.1f} MB for a {table_bytes / 1e6:.1f} MB table"
    # pyarrow's default pre_buffer=True keeps every row group read so far: this grew to the table's size
    held = max(arrow_bytes) - baseline
    assert held < table_bytes / 4, f"arrow held {held / 1e6:.1f} MB"

    monkeypatch.undo()
    tracemalloc.start()
    try:
        assert main(["project", path, "--out", str(tmp_path / "m.csv")]) == 0
        whole_peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert whole_peak > table_bytes
    np.testing.assert_allclose(pd.read_csv(tmp_path / "b.csv", encoding="utf-8-sig")[["x", "y"]],
                               pd.read_csv(tmp_path / "m.csv", encoding="utf-8-sig")[["x", "y"]], atol=1e-8)


@pytest.fixture
def clusters(tmp_path) -> tuple[str, np.ndarray]:
    """Three well-separated clusters, rows shuffled, in row groups that do not line up with the batches."""
    rng = np.random.default_rng(3)
    cluster = np.repeat([0, 1, 2], 100)
    rng.shuffle(cluster)
    X = np.array([[0.0] * 4, [10.0] * 4, [0, 10, 0, 10]])[cluster] + rng.normal(size=(300, 4))
    frame = pd.DataFrame(X, columns=list("abcd"))
    frame.insert(0, "name", [f"r{i}" for i in range(300)])
    return write_parquet(tmp_path / "clusters.parquet", frame, 37), cluster


# t-SNE's optimisation turns a last-bit difference in its input into a visibly different (equally
# valid) layout: standardising with streamed column sums instead of numpy's differs by ~1e-16, and
# 750 iterations made that 0.46. Unscaled rows reach it bit for bit. UMAP works in float32.
@pytest.mark.parametrize("spec, scale", [(ProjectionSpec("tsne", params={"n_iter": 250, "fit_rows": 60}), "none"),
                                         (ProjectionSpec("umap", params={"fit_rows": 60}), "standard")])
def test_manifold_batches_equal_the_in_memory_projection(clusters, spec, scale):
    """Fitted on the same 60 sampled rows, the other 240 placed the same way: what the in-memory command
    computes, with every row in file order, the sample where a direct fit puts it, placed rows in their cluster."""
    path, cluster = clusters
    sink, said = io.BytesIO(), []
    written = batches.project_parquet(path, spec.method, lambda X, features: spec, sink.write, batch_rows=40,
                                      scaling=scale, warn=said.extend)
    frame = pd.read_csv(io.BytesIO(sink.getvalue()), encoding="utf-8-sig")
    assert written == 300 and list(frame["name"]) == [f"r{i}" for i in range(300)]
    assert any("fitted on a random sample of 60 of 300 rows" in line for line in said)
    Y = frame[["x", "y"]].to_numpy()

    prepared = prepare(read_table(path), scaling=scale)  # the in-memory command: read_table, prepare, project
    np.testing.assert_allclose(Y, project(prepared.X, spec, features=prepared.features).Y, rtol=0, atol=1e-8)
    sample = fit_sample(300, 60, 0)
    direct = project(prepared.X[sample], spec, features=prepared.features)
    np.testing.assert_allclose(Y[sample], direct.Y, rtol=0, atol=1e-8)
    placed = np.ones(300, dtype=bool)
    placed[sample] = False
    centres = np.array([Y[~placed & (cluster == c)].mean(axis=0) for c in range(3)])
    nearest = np.argmin(((Y[placed][:, None] - centres[None]) ** 2).sum(axis=2), axis=1)
    assert (nearest == cluster[placed]).all()


def test_fit_rows_reaches_the_layout_in_both_modes(clusters, capsys):
    path, _ = clusters
    for extra in (["--batch-rows", "100"], []):
        code, out, err = run(capsys, path, "--method", "umap", "--fit-rows", "50", *extra)
        assert code == 0, err
        assert "fitted on a random sample of 50 of 300 rows" in err and len(coords(out)) == 300


def test_manifold_on_a_table_under_fit_rows_is_one_fit(clusters):
    path, _ = clusters
    spec = ProjectionSpec("tsne", params={"n_iter": 60})
    sink = io.BytesIO()
    batches.project_parquet(path, "tsne", lambda X, features: spec, sink.write, batch_rows=64)
    got = pd.read_csv(io.BytesIO(sink.getvalue()), encoding="utf-8-sig")[["x", "y"]].to_numpy()
    prepared = prepare(read_table(path))
    np.testing.assert_allclose(got, project(prepared.X, spec, features=prepared.features).Y, atol=1e-8)


def test_a_row_without_direction_is_named_before_the_fit(tmp_path):
    X = np.random.default_rng(4).normal(size=(200, 3))
    X[170] = 0.0
    X[160, 1] = np.nan  # dropped: the row is still named by its place in the file
    path = write_parquet(tmp_path / "zero.parquet", pd.DataFrame(X, columns=list("abc")), 50)
    spec = ProjectionSpec("umap", params={"metric": "cosine", "fit_rows": 50})
    with pytest.raises(ProjectionError, match="^row 171 has no direction"):
        batches.project_parquet(path, "umap", lambda X, features: spec, io.BytesIO().write, batch_rows=30)


def test_a_large_parquet_file_switches_to_batches_by_itself(mixed, capsys, monkeypatch):
    monkeypatch.setattr(batches, "MAX_CELLS", 1000)
    code, out, err = run(capsys, mixed)
    assert code == 0, err
    assert "progress: writing" in err and len(coords(out)) == 684


def error_line(code: int, err: str) -> str:
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert code == 2 and len(errors) == 1 and "Traceback" not in err, err
    return errors[0]


def test_bad_inputs_end_in_one_error_line(mixed, capsys, tmp_path):
    line = error_line(*run(capsys, mixed, "--features", "a,name", "--batch-rows", "50")[::2])
    assert "'name' holds text, not numbers" in line
    line = error_line(*run(capsys, mixed, "--label", "nope", "--batch-rows", "50")[::2])
    assert "unknown column 'nope'" in line
    line = error_line(*run(capsys, mixed, "--missing", "error", "--batch-rows", "50", "--out",
                           str(tmp_path / "never.csv"))[::2])
    assert "column 'b'" in line and "row " in line and "--missing" in line
    assert not list(tmp_path.glob("never.csv*"))  # no half-written output
    empty = write_parquet(tmp_path / "empty.parquet", pd.DataFrame({"a": pd.Series([], dtype=float)}), 10)
    assert "no data rows" in error_line(*run(capsys, empty, "--batch-rows", "10")[::2])
    (tmp_path / "zero.parquet").write_bytes(b"")
    assert "Parquet" in error_line(*run(capsys, str(tmp_path / "zero.parquet"), "--batch-rows", "10")[::2])
    (tmp_path / "t.csv").write_text("a,b\n1,2\n3,4\n", encoding="utf-8")
    assert "Parquet" in error_line(*run(capsys, str(tmp_path / "t.csv"), "--batch-rows", "10")[::2])
    assert "--html" in error_line(*run(capsys, mixed, "--batch-rows", "10", "--html", "f.html")[::2])
    assert "at least 1" in error_line(*run(capsys, mixed, "--batch-rows", "0")[::2])


def test_the_first_bad_row_is_named_even_in_a_late_batch(tmp_path, capsys):
    frame = pd.DataFrame({"a": np.arange(500.0), "b": np.arange(500.0) ** 0.5})
    frame.loc[437, "b"] = np.nan
    path = write_parquet(tmp_path / "late.parquet", frame, 100)
    line = error_line(*run(capsys, path, "--missing", "error", "--batch-rows", "64")[::2])
    assert line.startswith("error: row 438, column 'b'")


def test_huge_row_groups_are_named(mixed, capsys, monkeypatch):
    monkeypatch.setattr(batch_source, "ROW_GROUP_WARN", 1000)  # bytes: every row group of the fixture is over it
    code, _, err = run(capsys, mixed, "--batch-rows", "100")
    assert code == 0, err
    assert "per row group" in err and "row_group_size=100_000" in err
