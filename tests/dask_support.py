"""What the Dask engine's tests share: a real LocalCluster, the tables, and a filesystem slow enough to kill
a worker in the middle of a task.

Imported by tests/test_dask.py (not a test module itself).
"""
from __future__ import annotations

import contextlib
import logging
import sys
import time
import types
from typing import Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from fsspec.implementations.local import LocalFileSystem


@contextlib.contextmanager
def plain_main() -> Iterator[None]:
    """Worker processes are spawned, and a spawned process first imports its parent's ``__main__``. Under
    pytest that is pytest's own, unless a test left a script there: streamlit's AppTest (tests/test_app.py)
    leaves app.py, which must not run in a worker. An empty module stands in while clusters are started
    (and their nannies restart killed workers). The command is not concerned: ``python -m explorer`` and
    the ``explorer`` script are both safe to import."""
    saved = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = saved


@contextlib.contextmanager
def local_cluster(workers: int = 2) -> Iterator:
    """A LocalCluster of ``workers`` processes (one thread each) and a client; every ``explorer`` command run
    meanwhile connects to it (Dask's ``scheduler-address`` setting), so no test pays for starting one."""
    import dask
    from distributed import Client, LocalCluster

    with plain_main():
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                               silence_logs=logging.CRITICAL)
        client = Client(cluster, set_as_default=False)
        try:
            with dask.config.set({"scheduler-address": cluster.scheduler_address}):
                yield client
        finally:
            client.close()
            cluster.close()


def write_parquet(path, frame: pd.DataFrame, row_group: int, **columns) -> str:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    for name, values in columns.items():
        table = table.append_column(name, values)
    pq.write_table(table, path, row_group_size=row_group)
    return str(path)


def mixed_table(n: int = 700) -> tuple[pd.DataFrame, pa.Array]:
    """Labels that look like formulas, a category, an embedding list column, a constant column, gaps and
    an infinity in later rows, columns of very different scales."""
    rng = np.random.default_rng(2)
    frame = pd.DataFrame(rng.normal(size=(n, 5)) * [1, 2, 3, 4, 500] + [0, 10, -5, 3, 1e4], columns=list("abcde"))
    frame["const"] = 7.0
    frame.insert(0, "name", [f"=item {i}" for i in range(n)])
    frame["kind"] = rng.choice(["x1", "x2"], n)
    frame.loc[rng.choice(np.arange(60, n), 15, replace=False), "b"] = np.nan
    frame.loc[650, "c"] = np.inf
    return frame, pa.array([list(r) for r in rng.normal(size=(n, 3))], pa.list_(pa.float32()))


def clusters_table(n: int = 300, seed: int = 3) -> tuple[pd.DataFrame, np.ndarray]:
    """Three well-separated clusters, rows shuffled."""
    rng = np.random.default_rng(seed)
    cluster = np.repeat([0, 1, 2], n // 3)
    rng.shuffle(cluster)
    X = np.array([[0.0] * 4, [10.0] * 4, [0, 10, 0, 10]])[cluster] + rng.normal(size=(len(cluster), 4))
    frame = pd.DataFrame(X, columns=list("abcd"))
    frame.insert(0, "name", [f"r{i}" for i in range(len(cluster))])
    return frame, cluster


class SlowFileSystem(LocalFileSystem):
    """The local filesystem as ``slowfile://``, where opening a file takes ``DELAY`` seconds: every task that
    reads a partition then runs long enough for a test to kill its worker while it runs. Workers unpickle it
    from this module (the tests folder is on their path: they are spawned from the test process)."""

    protocol = "slowfile"
    root_marker = "/"
    DELAY = 0.4

    def _open(self, path, mode="rb", **kwargs):
        time.sleep(self.DELAY)
        return super()._open(path, mode=mode, **kwargs)
