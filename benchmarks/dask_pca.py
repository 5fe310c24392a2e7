"""The Dask engine vs the in-memory command: PCA of a 2,000,000 × 50 float32 Parquet file.

Same process, same file (100,000-row groups, in the page cache), back to back in every repeat:

* the in-memory command (``explorer project FILE --engine memory``, run in this process): the whole
  table read, prepared and projected at once, writing the coordinates CSV (the batch loop that
  ``--batch-rows`` ran before the Dask engine is gone; docs/dask.md keeps its last measurement);
* the Dask engine (``explorer.run.dask.project``) on a ``distributed.LocalCluster`` of 2 worker
  processes (1 thread each, started once, its start time reported apart), writing the same CSV,
  and writing a folder of Parquet part files (the engine's output for large tables).

Each worker's peak RSS is its kernel high-water mark (``VmHWM``, reset before every run), checked
against RSS sampled every 0.25 s with ``client.run``. Run alone with ``python -m benchmarks.dask_pca``.
"""
from __future__ import annotations

import re
import shutil
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

from .common import Section, load, mb, median, peak_rss, reset_peak, timed

TARGET = ("Dask LocalCluster (2 workers) at least as fast as the in-memory command on 2 cores at 2,000,000×50 "
          "float32 PCA, in a fraction of its memory; peak RSS per worker bounded and reported; rows/s per worker")
WORKERS = 2


def write_table(path: str, n: int, d: int, group: int) -> int:
    """n × d float32 columns f0…f{d-1} around 10 seeded centres, ``group`` rows per row group; bytes."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(0)
    centres = rng.normal(size=(10, d)) * 2.0
    schema = pa.schema([pa.field(f"f{j}", pa.float32()) for j in range(d)])
    with pq.ParquetWriter(path, schema) as writer:
        for start in range(0, n, group):
            rows = min(group, n - start)
            X = (centres[rng.integers(0, 10, rows)] + rng.normal(size=(rows, d))).astype(np.float32)
            writer.write_table(pa.table([X[:, j] for j in range(d)], schema=schema), row_group_size=group)
    return Path(path).stat().st_size


def _status(text: str, key: str) -> int:
    match = re.search(rf"^{key}:\s+(\d+) kB", text, re.M)
    return int(match.group(1)) * 1024 if match else 0


class WorkerMemory:
    """Each worker's RSS, sampled every ``every`` seconds with ``client.run`` while a run lasts."""

    def __init__(self, client, every: float = 0.25) -> None:
        self.client, self.every, self.peak = client, every, {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            try:
                for worker, text in self.client.run(lambda: Path("/proc/self/status").read_text()).items():
                    self.peak[worker] = max(self.peak.get(worker, 0), _status(text, "VmRSS"))
            except Exception:  # noqa: BLE001 - a sample lost while the cluster is busy is no result
                pass
            self._stop.wait(self.every)

    def __enter__(self) -> "WorkerMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def _reset_workers(client) -> None:
    client.run(lambda: Path("/proc/self/clear_refs").write_text("5"))  # VmHWM := RSS now


def _worker_peaks(client) -> list[int]:
    return sorted(_status(text, "VmHWM")
                  for text in client.run(lambda: Path("/proc/self/status").read_text()).values())


def parallel_capacity(seconds: float = 1.5) -> float:
    """How many times one process's throughput two processes get here: a CPU-bound Python loop run alone,
    then twice at once (2.0 on two free cores; less on shared or hyper-threaded ones)."""
    import subprocess
    import sys

    loop = f"import time\nend = time.perf_counter() + {seconds}\nn = 0\nwhile time.perf_counter() < end: n += 1\nprint(n)"

    def counts(k: int) -> list[int]:
        procs = [subprocess.Popen([sys.executable, "-c", loop], stdout=subprocess.PIPE, text=True) for _ in range(k)]
        return [int(p.communicate(timeout=60)[0]) for p in procs]

    return sum(counts(2)) / counts(1)[0]


def run(size: str = "full", repeats: int = 3) -> Section:
    from explorer.cli import main as command  # noqa: PLC0415
    from explorer.project import ProjectionSpec  # noqa: PLC0415
    from explorer.run.dask import cluster as dask_cluster  # noqa: PLC0415
    from explorer.run.dask import project as dask_project  # noqa: PLC0415

    n, d, group = (20_000, 50, 2_000) if size == "smoke" else (2_000_000, 50, 100_000)
    section = Section(
        "dask", "Dask engine vs the in-memory command: PCA of a large Parquet file", TARGET,
        ["run", "wall s", "in memory / this", "peak RSS per worker MB", "RSS sampled MB", "rows/s per worker",
         "client peak RSS MB", "load"],
    )
    spec = ProjectionSpec("pca")
    tmp = Path(tempfile.mkdtemp(prefix="dask-pca-"))
    try:
        path = str(tmp / f"table-{n}x{d}.parquet")
        size_bytes = write_table(path, n, d, group)
        Path(path).read_bytes()  # into the page cache: both read a warm file
        started = time.perf_counter()
        session = dask_cluster.session(None, WORKERS)  # the command's own LocalCluster, as `explorer project` starts it
        client = session.__enter__()
        start_seconds = time.perf_counter() - started
        # the workers import the engine before the first timed run (the in-memory command runs in this warm process)
        client.run(lambda: [__import__(m) for m in ("explorer.run.dask.project", "explorer.run.dask.output", "pandas")])
        limit = next(iter(client.scheduler_info()["workers"].values()))["memory_limit"]
        capacity = [parallel_capacity()]  # before and after the runs: other jobs on the machine come and go
        times: dict[str, list[float]] = {"memory": [], "csv": [], "parquet": []}
        worker_peaks: dict[str, list[int]] = {"csv": [], "parquet": []}
        sampled: dict[str, list[int]] = {"csv": [], "parquet": []}
        client_peaks: dict[str, list[int]] = {"memory": [], "csv": [], "parquet": []}
        loads: list[float] = []
        try:
            for _ in range(repeats):
                loads.append(load())
                out = tmp / "memory.csv"
                reset_peak()
                seconds, code = timed(lambda: command(["project", path, "--engine", "memory", "--method", "pca",
                                                       "--out", str(out)]))
                if code:
                    raise RuntimeError(f"the in-memory command failed with exit code {code}")
                times["memory"].append(seconds)
                client_peaks["memory"].append(peak_rss())
                out.unlink()
                for kind, target in (("csv", tmp / "dask.csv"), ("parquet", tmp / "dask.parquet")):
                    _reset_workers(client)
                    reset_peak()
                    with WorkerMemory(client) as memory:
                        seconds, _ = timed(lambda: dask_project.project(client, path, "pca", lambda X, f: spec,
                                                                        str(target)))
                    times[kind].append(seconds)
                    worker_peaks[kind].append(max(_worker_peaks(client)))
                    sampled[kind].append(max(memory.peak.values(), default=0))
                    client_peaks[kind].append(peak_rss())
                    shutil.rmtree(target) if target.is_dir() else target.unlink()
        finally:
            session.__exit__(None, None, None)
        capacity.append(parallel_capacity())
        memory = median(times["memory"])
        section.rows.append({"run": "in memory (1 process) → CSV", "wall s": memory, "in memory / this": "1.0×",
                             "rows/s per worker": round(n / memory), "client peak RSS MB": mb(median(client_peaks["memory"])),
                             "load": f"{median(loads):.1f}"})
        for kind, label in (("csv", "Dask, 2 workers → CSV"), ("parquet", "Dask, 2 workers → Parquet parts")):
            wall = median(times[kind])
            section.rows.append({
                "run": label, "wall s": wall, "in memory / this": f"{memory / wall:.2f}×",
                "peak RSS per worker MB": mb(max(worker_peaks[kind])), "RSS sampled MB": mb(max(sampled[kind])),
                "rows/s per worker": round(n / wall / WORKERS), "client peak RSS MB": mb(median(client_peaks[kind])),
                "load": f"{median(loads):.1f}", "_wall": wall})
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    csv, parquet = section.rows[1]["_wall"], section.rows[2]["_wall"]
    met = csv <= memory and parquet <= memory
    section.verdict = (f"{'met' if met else 'MISSED'} at {n:,}×{d}: in memory {memory:.1f} s, Dask → CSV {csv:.1f} s "
                       f"({memory / csv:.2f}×), Dask → Parquet {parquet:.1f} s ({memory / parquet:.2f}×); peak RSS per "
                       f"worker {mb(max(worker_peaks['csv'] + worker_peaks['parquet'])):,.0f} MB"
                       + ("" if size == "full" else " (smoke size: not the target case)"))
    section.notes += [
        f"Medians of {repeats} runs of each, interleaved (in memory, Dask → CSV, Dask → Parquet) in one process. The file: "
        f"{n:,} rows × {d} float32 columns, {size_bytes / 2**20:,.0f} MB, {group:,}-row groups, no label column "
        "(labels are 'row N'), read from the page cache.",
        f"The LocalCluster is the command's own (explorer.run.dask.cluster.session: {WORKERS} worker processes, 1 thread "
        f"each, memory limit {limit / 2**30:.1f} GiB each); it started in {start_seconds:.1f} s, once: the command "
        "pays this on every run without --scheduler.",
        "Peak RSS per worker: the largest kernel high-water mark (VmHWM) of a worker process over the runs, reset "
        "before each run; 'RSS sampled' is the largest RSS seen by sampling every 0.25 s (a check on the first). "
        "A worker thread holds one partition as Arrow (here one 100,000-row group, 20 MB), float64 blocks of "
        "5,000 rows (2 MB) of it at a time, and its results until they are merged or written; the rest is Python "
        "with numpy, pandas, pyarrow and distributed loaded.",
        "Client peak RSS: this process's high-water mark during the run; with Dask it also hosts the LocalCluster's "
        "scheduler. For the in-memory command it is the command's own peak (it runs here): the whole table.",
        "rows/s per worker: rows ÷ wall time ÷ workers (the in-memory command is one worker).",
        f"This machine's parallel capacity, measured before and after the runs: two processes running a CPU-bound "
        f"loop got {capacity[0]:.2f}× and {capacity[1]:.2f}× the work of one (2.00× on two free cores): the most two "
        "workers can gain over one "
        "process doing the same work. The CSV runs do the same work (the same two passes and the same CSV "
        "formatting, export.csv_bytes); Parquet output skips the CSV formatting, the slowest step of both.",
    ]
    return section


if __name__ == "__main__":
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="python -m benchmarks.dask_pca", description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=("smoke", "full"), default="full")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    print(run(args.size, args.repeats).markdown())
    sys.exit(0)
