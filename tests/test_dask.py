"""The Dask engine: on a real LocalCluster (2 worker processes), every method gives the in-memory command's
coordinates, neighbours are the in-memory ones, outputs appear only when complete, a killed worker ends in
a retry or one error line, and a cluster started with `dask scheduler` / `dask worker` is used by address."""
from __future__ import annotations

import io
import os
import signal
import socket
import subprocess
import sys
import threading
import time

import dask
import fsspec
import numpy as np
import pandas as pd
import pytest

from explorer.cli import main
from explorer.errors import ProjectionError
from explorer.ingest import read_table
from explorer.project import ProjectionSpec, fit_sample, project
from explorer.run.dask import cluster as dask_cluster
from explorer.run.dask import project as dask_project
from explorer.run.dask import source as dask_source
from explorer.run.dask.passes import Scatter, merge_stats
from explorer.table import ColumnStats, prepare

from conftest import ROOT
from dask_support import SlowFileSystem, clusters_table, local_cluster, mixed_table, plain_main, write_parquet


@pytest.fixture(scope="module")
def client():
    """One LocalCluster for the module; every command run in it connects there (scheduler-address)."""
    with local_cluster(2) as client:
        yield client


@pytest.fixture
def mixed(tmp_path) -> str:
    frame, emb = mixed_table()
    return write_parquet(tmp_path / "mixed.parquet", frame, 61, emb=emb)


@pytest.fixture
def clusters(tmp_path) -> tuple[str, np.ndarray]:
    frame, cluster = clusters_table()
    return write_parquet(tmp_path / "clusters.parquet", frame, 37), cluster


def run(capsys, command: str, *args: str) -> tuple[int, str, str]:
    code = main([command, *args])
    out, err = capsys.readouterr()
    return code, out, err


def coords(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), keep_default_na=False)


def axes(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if c in ("x", "y", "z")]


def error_line(code: int, err: str) -> str:
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert code == 2 and len(errors) == 1 and "Traceback" not in err, err
    return errors[0]


# ---------------------------------------------------------------- the exact methods


@pytest.mark.parametrize("options", [
    ["--method", "pca"],
    ["--method", "pca", "--scale", "standard"],
    ["--method", "pca", "--scale", "l2"],
    ["--method", "pca", "--missing", "mean", "--scale", "standard", "--dims", "3"],
    ["--method", "linear"],
    ["--method", "linear", "--scale", "standard", "--missing", "mean"],
])
@pytest.mark.parametrize("partitions", [["--batch-rows", "50"], []])
def test_dask_equals_the_in_memory_command(client, mixed, capsys, options, partitions):
    code, spread, err = run(capsys, "project", mixed, "--engine", "dask", *options, *partitions)
    assert code == 0, err
    assert "progress: gathering the column statistics of mixed.parquet: 14 of 14 partitions" in err or not partitions
    code, whole, err = run(capsys, "project", mixed, *options)
    assert code == 0, err
    a, b = coords(spread), coords(whole)
    assert list(a.columns) == list(b.columns) == ["name", "kind", *axes(b)]
    assert a.drop(columns=axes(a)).equals(b.drop(columns=axes(b)))  # labels (formula-safe), categories, row order
    assert a["name"].iloc[0] == "'=item 0"
    np.testing.assert_allclose(a[axes(a)].to_numpy(), b[axes(b)].to_numpy(), rtol=0, atol=1e-8)


def test_pca_equals_sklearn_up_to_sign(client, mixed, capsys):
    from sklearn.decomposition import PCA

    code, out, err = run(capsys, "project", mixed, "--scale", "standard", "--batch-rows", "64")
    assert code == 0, err
    expected = PCA(2).fit_transform(prepare(read_table(mixed), scaling="standard").X)
    got = coords(out)[["x", "y"]].to_numpy()
    for j in range(2):
        assert min(np.abs(got[:, j] - expected[:, j]).max(), np.abs(got[:, j] + expected[:, j]).max()) < 1e-8


def test_linear_weights_and_bias_are_exact(client, mixed, capsys, tmp_path):
    weights = tmp_path / "W.csv"
    weights.write_text("a,b,emb_2\n1,0,2\n0,1,-1\n", encoding="utf-8")
    out = tmp_path / "coords.csv"
    code, _, err = run(capsys, "project", mixed, "--method", "linear", "--weights", str(weights), "--bias", "1,2",
                       "--engine", "dask", "--batch-rows", "33", "--out", str(out))
    assert code == 0, err
    table = read_table(mixed).data
    table = table[np.isfinite(table[list("abcde")]).all(axis=1)]
    expected = table[["a", "b", "emb_2"]].to_numpy() @ np.array([[1, 0, 2], [0, 1, -1]]).T + [1, 2]
    frame = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf") and not (tmp_path / "coords.csv.part").exists()
    np.testing.assert_allclose(frame[["x", "y"]].to_numpy(), expected, rtol=0, atol=1e-12)


@pytest.mark.parametrize("size", [1e-200, 1e200])
def test_extreme_magnitudes_are_standardised_as_in_memory(client, tmp_path, capsys, size):
    X = np.random.default_rng(5).normal(size=(300, 3)) * [1, 4, 9] * size
    path = write_parquet(tmp_path / "huge.parquet", pd.DataFrame(X, columns=list("abc")), 70)
    code, spread, err = run(capsys, "project", path, "--scale", "standard", "--batch-rows", "50")
    assert code == 0, err
    code, whole, err = run(capsys, "project", path, "--scale", "standard")
    assert code == 0, err
    np.testing.assert_allclose(coords(spread)[["x", "y"]], coords(whole)[["x", "y"]], rtol=0, atol=1e-8)


@pytest.mark.parametrize("size", [1.0, 1e-200, 1e200])
def test_merged_statistics_are_those_of_one_block(size):
    """merge_stats (the reduction tree) gives ColumnStats.add's numbers on the whole, NaN and empty blocks too."""
    X = np.random.default_rng(1).normal(size=(500, 4)) * [1, 1e3, 1e-3, 5] * size + [3, -1e4, 0, 2]
    X[::7, 1] = np.nan
    X[:, 3] = np.where(np.arange(500) < 300, np.nan, X[:, 3])  # a column empty in the first blocks
    whole = ColumnStats(4)
    whole.add(X)
    merged = ColumnStats(4)
    for block in np.array_split(X, [0, 50, 51, 290, 310, 500]):
        part = ColumnStats(4)
        part.add(block)
        merged = merge_stats(merged, part)
    assert merged.rows == whole.rows and (merged.count == whole.count).all()
    np.testing.assert_allclose(merged.mean, whole.mean, rtol=1e-12)
    np.testing.assert_allclose(merged.std(), whole.std(), rtol=1e-12)
    assert (merged.low == whole.low).all() and (merged.high == whole.high).all()
    Y = np.random.default_rng(2).normal(size=(300, 3)) * [1, 1e3, 1e-3] + [5, -1e4, 0]
    scatter = Scatter.merge(*(Scatter.of(b) for b in np.array_split(Y, 7)))
    centred = Y - Y.mean(axis=0)
    np.testing.assert_allclose(scatter.M, centred.T @ centred, rtol=1e-10)


def test_dropped_rows_are_counted_and_named(client, mixed, capsys):
    code, out, err = run(capsys, "project", mixed, "--batch-rows", "100")
    assert code == 0, err
    dropped = [line for line in err.splitlines() if "dropped 16 row(s)" in line]
    assert len(dropped) == 1 and "rows 62, 107, 110" in dropped[0] and "'b' 15, 'c' 1" in dropped[0]
    assert len(coords(out)) == 700 - 16


# ---------------------------------------------------------------- t-SNE and UMAP


@pytest.mark.parametrize("spec, scale", [(ProjectionSpec("tsne", params={"n_iter": 250, "fit_rows": 60}), "none"),
                                         (ProjectionSpec("umap", params={"fit_rows": 60}), "standard")])
def test_manifold_equals_the_in_memory_projection(client, clusters, tmp_path, spec, scale):
    """Fitted on the same 60 sampled rows on the client, the other 240 placed on the workers: the in-memory
    coordinates, every row in file order, the sample where a direct fit puts it, placed rows in their cluster."""
    path, cluster = clusters
    said: list[str] = []
    out = tmp_path / "layout.parquet"
    written = dask_project.project(client, path, spec.method, lambda X, features: spec, str(out), batch_rows=40,
                                   scaling=scale, warn=said.extend)
    frame = pd.read_parquet(out)
    assert written == 300 and list(frame["name"]) == [f"r{i}" for i in range(300)]
    assert list(frame["row"]) == list(range(1, 301))
    assert any("fitted on a random sample of 60 of 300 rows" in line for line in said)
    Y = frame[["x", "y"]].to_numpy()
    prepared = prepare(read_table(path), scaling=scale)
    np.testing.assert_allclose(Y, project(prepared.X, spec, features=prepared.features).Y, rtol=0, atol=1e-8)
    sample = fit_sample(300, 60, 0)
    np.testing.assert_allclose(Y[sample], project(prepared.X[sample], spec, features=prepared.features).Y,
                               rtol=0, atol=1e-8)
    placed = np.ones(300, dtype=bool)
    placed[sample] = False
    centres = np.array([Y[~placed & (cluster == c)].mean(axis=0) for c in range(3)])
    assert (np.argmin(((Y[placed][:, None] - centres[None]) ** 2).sum(axis=2), axis=1) == cluster[placed]).all()


@pytest.mark.slow
def test_placer_with_an_annoy_index_built_on_each_worker(client, tmp_path):
    """Above 4,096 fitted rows the Placer searches an Annoy index, which cannot be pickled: each worker
    builds its own from the broadcast layout, and the placements are still the in-memory ones."""
    frame, _ = clusters_table(6_000, seed=8)
    path = write_parquet(tmp_path / "big.parquet", frame, 1_000)
    spec = ProjectionSpec("umap", params={"fit_rows": 4_200})
    out = tmp_path / "layout.parquet"
    dask_project.project(client, path, "umap", lambda X, features: spec, str(out))
    prepared = prepare(read_table(path))
    np.testing.assert_allclose(pd.read_parquet(out)[["x", "y"]].to_numpy(),
                               project(prepared.X, spec, features=prepared.features).Y, rtol=0, atol=1e-8)


def test_fit_rows_reaches_the_layout(client, clusters, capsys):
    code, out, err = run(capsys, "project", clusters[0], "--method", "umap", "--fit-rows", "50", "--engine", "dask")
    assert code == 0, err
    assert "fitted on a random sample of 50 of 300 rows" in err and len(coords(out)) == 300


def test_manifold_on_a_table_under_fit_rows_is_one_fit(client, clusters, tmp_path):
    spec = ProjectionSpec("tsne", params={"n_iter": 60})
    out = tmp_path / "t.csv"
    dask_project.project(client, clusters[0], "tsne", lambda X, features: spec, str(out), batch_rows=64)
    prepared = prepare(read_table(clusters[0]))
    np.testing.assert_allclose(pd.read_csv(out, encoding="utf-8-sig")[["x", "y"]].to_numpy(),
                               project(prepared.X, spec, features=prepared.features).Y, atol=1e-8)


def test_a_row_without_direction_is_named_before_the_fit(client, tmp_path):
    X = np.random.default_rng(4).normal(size=(200, 3))
    X[170] = 0.0
    X[185] = 0.0
    X[160, 1] = np.nan  # dropped: the row is still named by its place in the file
    path = write_parquet(tmp_path / "zero.parquet", pd.DataFrame(X, columns=list("abc")), 50)
    spec = ProjectionSpec("umap", params={"metric": "cosine", "fit_rows": 50})
    with pytest.raises(ProjectionError, match="^row 171 and 1 more row have no direction"):
        dask_project.project(client, path, "umap", lambda X, features: spec, str(tmp_path / "z.csv"), batch_rows=30)
    assert not list(tmp_path.glob("z.csv*"))


# ---------------------------------------------------------------- neighbours


@pytest.mark.parametrize("options", [["--metric", "cosine"], ["--metric", "euclidean", "--scale", "standard"],
                                     ["--metric", "cosine", "--missing", "mean", "-k", "12"]])
def test_neighbors_equal_the_in_memory_command(client, mixed, capsys, options):
    code, spread, err = run(capsys, "neighbors", mixed, "--item", "=item 5", *options, "--engine", "dask",
                            "--batch-rows", "45")
    assert code == 0, err
    code, whole, err = run(capsys, "neighbors", mixed, "--item", "=item 5", *options)
    assert code == 0, err
    assert spread == whole and len(spread.splitlines()) == (13 if "12" in options else 6)


def test_neighbors_name_the_missing_item_and_a_repeated_one(client, tmp_path, capsys):
    frame = pd.DataFrame({"name": ["apple", "apricot", "banana", "apple", "cherry"] * 20,
                          "a": np.arange(100.0), "b": np.arange(100.0) ** 0.5})
    path = write_parquet(tmp_path / "fruit.parquet", frame, 30)
    line = error_line(*run(capsys, "neighbors", path, "--item", "aple", "--label", "name", "--engine", "dask")[::2])
    assert line == "error: no item is labelled 'aple'; did you mean apple?"
    line = error_line(*run(capsys, "neighbors", path, "--item", "aple", "--engine", "dask")[::2])
    assert line == "error: no item is labelled 'aple'; check the label column (--label)"  # 'name' is a category
    code, out, err = run(capsys, "neighbors", path, "--item", "cherry", "--label", "name", "--engine", "dask", "-k", "2")
    assert code == 0 and "warning: 20 items are labelled 'cherry'; using the first (row 5)" in err
    assert out == run(capsys, "neighbors", path, "--item", "cherry", "--label", "name", "-k", "2")[1]


# ---------------------------------------------------------------- inputs and outputs


def test_parquet_output_is_a_folder_of_parts_with_row_numbers(client, mixed, capsys, tmp_path):
    out = tmp_path / "coords.parquet"
    code, _, err = run(capsys, "project", mixed, "--out", str(out), "--batch-rows", "100", "--scale", "standard")
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == [f"part.{i:05d}.parquet" for i in range(7)]
    got = pd.read_parquet(out)
    expected = coords(run(capsys, "project", mixed, "--scale", "standard")[1])
    assert list(got.columns) == ["row", "name", "kind", "x", "y"]
    kept = np.isfinite(read_table(mixed).data[list("abcde")]).all(axis=1).to_numpy()
    assert list(got["row"]) == list(np.flatnonzero(kept) + 1)
    assert list(got["name"]) == [f"=item {i}" for i in np.flatnonzero(kept)]  # Parquet keeps labels verbatim
    np.testing.assert_allclose(got[["x", "y"]], expected[["x", "y"]], rtol=0, atol=1e-8)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["coords.parquet", "mixed.parquet"]  # no temp folder

    code, _, err = run(capsys, "project", mixed, "--out", str(out), "--batch-rows", "350")  # replaced, complete
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == ["part.00000.parquet", "part.00001.parquet"]
    line = error_line(*run(capsys, "project", mixed, "--out", str(out), "--missing", "error", "--engine", "dask")[::2])
    assert "row 62, column 'b'" in line  # a failed run leaves the earlier output as it was, and no temp folder
    assert len(list(out.iterdir())) == 2 and sorted(p.name for p in tmp_path.iterdir()) == ["coords.parquet",
                                                                                          "mixed.parquet"]
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    line = error_line(*run(capsys, "project", mixed, "--engine", "dask", "--out", str(tmp_path / "mine"))[::2])
    assert "'notes.txt'" in line and (tmp_path / "mine" / "notes.txt").read_text() == "keep me"


def test_a_folder_a_glob_and_an_fsspec_url_are_one_table(client, tmp_path, capsys):
    frame, emb = mixed_table()
    (tmp_path / "parts").mkdir()
    for i, (a, b) in enumerate([(0, 250), (250, 260), (260, 700)]):  # file order = row order (natural sort)
        write_parquet(tmp_path / "parts" / f"t{i * 5}.parquet", frame.iloc[a:b], 61, emb=emb[a:b])
    (tmp_path / "parts" / "_SUCCESS").write_text("")
    whole = write_parquet(tmp_path / "whole.parquet", frame, 61, emb=emb)
    expected = coords(run(capsys, "project", whole, "--scale", "standard")[1])
    for data in (str(tmp_path / "parts"), str(tmp_path / "parts" / "t*.parquet"),
                 f"slowfile://{tmp_path / 'parts'}"):
        fsspec.register_implementation("slowfile", SlowFileSystem, clobber=True)
        code, out, err = run(capsys, "project", data, "--scale", "standard")
        assert code == 0, err
        assert "Dask engine" in err  # a folder, a glob or a URL goes to the Dask engine by itself
        got = coords(out)
        assert got.drop(columns=["x", "y"]).equals(expected.drop(columns=["x", "y"]))
        np.testing.assert_allclose(got[["x", "y"]], expected[["x", "y"]], rtol=0, atol=1e-8)


def test_bad_inputs_end_in_one_error_line(client, mixed, capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(dask_cluster, "CONNECT_SECONDS", 2)  # Dask retries a refused connection until then

    def line(*args: str) -> str:
        return error_line(*run(capsys, "project", *args)[::2])

    assert "'name' holds text, not numbers" in line(mixed, "--features", "a,name", "--engine", "dask")
    assert "unknown column 'nope'" in line(mixed, "--label", "nope", "--engine", "dask")
    assert line(mixed, "--missing", "error", "--engine", "dask", "--out", str(tmp_path / "never.csv")).startswith(
        "error: row 62, column 'b'")
    assert not list(tmp_path.glob("never.csv*"))
    assert "no Parquet file found" in line(str(tmp_path / "nothing" / "*.parquet"), "--engine", "dask")
    (tmp_path / "t.csv").write_text("a,b\n1,2\n3,4\n", encoding="utf-8")
    assert "cannot read it as a Parquet file" in line(str(tmp_path / "t.csv"), "--engine", "dask")
    assert "--neighbors compares every row" in line(mixed, "--engine", "dask", "--neighbors", "3")
    assert "at least 1" in line(mixed, "--batch-rows", "0")
    assert "--engine memory" in line(mixed, "--engine", "memory", "--batch-rows", "10")
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in line(mixed, "--scheduler", "tcp://127.0.0.1:9")


def test_a_large_parquet_file_goes_to_dask_by_itself(client, mixed, capsys, monkeypatch):
    monkeypatch.setattr(dask_cluster, "MAX_CELLS", 1000)
    code, out, err = run(capsys, "project", mixed)
    assert code == 0, err
    assert "too many to read at once: projecting it with the Dask engine" in err and len(coords(out)) == 684


def test_a_local_cluster_of_its_own(mixed, capsys):
    """Without a scheduler, the command starts a LocalCluster, says its size, memory limit and dashboard."""
    with dask.config.set({"scheduler-address": None}), plain_main():
        code, out, err = run(capsys, "project", mixed, "--engine", "dask", "--workers", "1")
    assert code == 0, err
    assert "progress: started a local Dask cluster: 1 worker processes with 1 thread each, memory limit " in err
    assert "GiB per worker; dashboard http://" in err and len(coords(out)) == 684


def test_missing_dask_names_the_install_command(mixed, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` now fails
    line = error_line(*run(capsys, "project", mixed, "--engine", "dask")[::2])
    assert "pip install 'embedding-explorer[dask]'" in line
    assert "pip install 'embedding-explorer[dask]'" in error_line(
        *run(capsys, "neighbors", mixed, "--item", "x", "--batch-rows", "10")[::2])


# ---------------------------------------------------------------- faults


def _kill_a_worker_while(client, marker: str, done: threading.Event) -> int | None:
    """SIGKILL the process of a worker that is running a task whose key names ``marker``; its pid."""
    pids = client.run(os.getpid)
    while not done.is_set():
        for worker, keys in client.processing().items():
            if any(marker in str(key) for key in keys) and worker in pids:
                os.kill(pids[worker], signal.SIGKILL)
                return pids[worker]
        time.sleep(0.01)
    return None


def _run_and_kill(client, capsys, args: list[str], marker: str) -> tuple[int, str, int | None]:
    fsspec.register_implementation("slowfile", SlowFileSystem, clobber=True)
    done, result = threading.Event(), {}

    def command() -> None:
        try:
            result["code"] = main(args)
        finally:
            done.set()

    thread = threading.Thread(target=command, daemon=True)
    thread.start()
    killed = _kill_a_worker_while(client, marker, done)
    thread.join(timeout=150)
    assert not thread.is_alive(), "the command hung after a worker was killed"
    client.wait_for_workers(2, timeout=60)  # the nanny restarts it: the next test has two workers again
    return result["code"], capsys.readouterr().err, killed


@pytest.mark.slow
def test_a_killed_worker_is_retried_and_the_output_is_complete(client, clusters, capsys, tmp_path):
    path, _ = clusters
    out = tmp_path / "coords.parquet"
    code, err, killed = _run_and_kill(client, capsys, ["project", f"slowfile://{path}", "--batch-rows", "40", "--out",
                                                       str(out)], "_write_part")
    assert killed is not None, "no worker was killed: the test proved nothing"
    assert code == 0, err
    expected = coords(run(capsys, "project", path)[1])
    got = pd.read_parquet(out)
    assert list(got["row"]) == list(range(1, 301)) and list(got["name"]) == list(expected["name"])
    np.testing.assert_allclose(got[["x", "y"]], expected[["x", "y"]], rtol=0, atol=1e-8)


@pytest.mark.slow
def test_a_worker_killed_beyond_retries_is_one_error_line_and_no_output(client, clusters, capsys, tmp_path):
    def allow(dask_scheduler, failures: int) -> None:
        dask_scheduler.allowed_failures = failures

    out = tmp_path / "coords.parquet"
    client.run_on_scheduler(allow, failures=0)  # the first lost task is final
    try:
        code, err, killed = _run_and_kill(client, capsys, ["project", f"slowfile://{clusters[0]}", "--batch-rows", "40",
                                                           "--out", str(out)], "_summarise")
    finally:
        client.run_on_scheduler(allow, failures=3)
    assert killed is not None, "no worker was killed: the test proved nothing"
    line = error_line(code, err)
    assert line.startswith("error: a Dask worker died while gathering the column statistics") or \
        line.startswith("error: the Dask job was cancelled while"), line
    assert "run the command again" in line and [p.name for p in tmp_path.iterdir()] == ["clusters.parquet"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_a_cluster_started_with_dask_scheduler_and_dask_worker(mixed, tmp_path):
    """`dask scheduler` and two `dask worker` processes on 127.0.0.1; the command connects with --scheduler."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # the workers import this checkout's explorer
    dask_cli = [sys.executable, "-m", "dask"]
    processes = [subprocess.Popen([*dask_cli, "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                   "--dashboard-address", "127.0.0.1:0"], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)]
    try:
        processes += [subprocess.Popen([*dask_cli, "worker", address, "--nthreads", "1", "--host", "127.0.0.1",
                                        "--no-dashboard", "--memory-limit", "2GiB"], env=env,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(2)]
        out = tmp_path / "coords.parquet"
        result = subprocess.run([sys.executable, "-m", "explorer", "project", mixed, "--scheduler", address,
                                 "--workers", "2", "--scale", "standard", "--out", str(out)],
                                cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
        assert result.returncode == 0, result.stderr
        assert f"connected to the Dask scheduler at {address}: 2 workers, memory limit 2.0 GiB" in result.stderr
        whole = subprocess.run([sys.executable, "-m", "explorer", "project", mixed, "--scale", "standard"],
                               cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
        np.testing.assert_allclose(pd.read_parquet(out)[["x", "y"]], coords(whole.stdout)[["x", "y"]], atol=1e-8)
        near = subprocess.run([sys.executable, "-m", "explorer", "neighbors", mixed, "--item", "=item 9",
                               "--scheduler", address], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
        alone = subprocess.run([sys.executable, "-m", "explorer", "neighbors", mixed, "--item", "=item 9"],
                               cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
        assert near.returncode == 0 and near.stdout == alone.stdout, near.stderr
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def test_row_groups_are_never_split_by_default(tmp_path):
    sizes = [[61] * 11 + [29], [100, 100]]
    pieces = dask_source.plan(["a", "b"], sizes, None, 150)
    assert [(p.path, p.groups, p.skip, p.rows, p.start) for p in pieces][:2] == [("a", (0, 1, 2), 0, 183, 0),
                                                                                 ("a", (3, 4, 5), 0, 183, 183)]
    assert [(p.groups, p.rows) for p in pieces[2:]] == [((6, 7, 8), 183), ((9, 10, 11), 151), ((0, 1), 200)]
    assert pieces[-1].path == "b" and pieces[-1].start == 700  # never across files
    cut = dask_source.plan(["a"], [[61, 61]], 50, 0)
    assert [(p.groups, p.skip, p.rows, p.start) for p in cut] == [((0,), 0, 50, 0), ((0, 1), 50, 50, 50),
                                                                  ((1,), 39, 22, 100)]


def test_the_first_bad_row_is_named_even_in_a_late_partition(client, tmp_path, capsys):
    frame = pd.DataFrame({"a": np.arange(500.0), "b": np.arange(500.0) ** 0.5})
    frame.loc[437, "b"] = np.nan
    path = write_parquet(tmp_path / "late.parquet", frame, 100)
    line = error_line(*run(capsys, "project", path, "--missing", "error", "--batch-rows", "64")[::2])
    assert line.startswith("error: row 438, column 'b'")


def test_huge_row_groups_are_named(client, mixed, capsys, monkeypatch):
    monkeypatch.setattr(dask_source, "ROW_GROUP_WARN", 1000)  # bytes: every row group of the fixture is over it
    code, _, err = run(capsys, "project", mixed, "--batch-rows", "100")
    assert code == 0, err
    assert "per row group" in err and "row_group_size=100_000" in err
