"""Where the Dask engine runs: a LocalCluster on this machine, or a running cluster by address.

``session`` starts ``distributed.LocalCluster`` (worker processes, one thread each, one per core
unless ``--workers N``; the memory limit per worker is said) or connects to ``--scheduler
tcp://HOST:PORT`` (default: Dask's own ``scheduler-address`` setting, ``DASK_SCHEDULER_ADDRESS``),
says the dashboard address, and closes everything it opened. ``wait`` is the only place the
client waits for the cluster: every wait has a timeout, a worker lost mid-task is retried by Dask
(``distributed.scheduler.allowed-failures``) and after that becomes one clear error, and a cluster
left without workers is an error after ``NO_WORKER_SECONDS`` instead of a hang.

Nothing here imports Dask at module level: the command can say how to install it when it is missing.
"""
from __future__ import annotations

import contextlib
import logging
import os
import time
from concurrent.futures import CancelledError
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ...errors import ExplorerError, InputError
from ...words import say
from ...ingest import MAX_CELLS

INSTALL_HINT = "pip install 'embedding-explorer[dask]'"
CONNECT_SECONDS = 30  # reaching a scheduler, and workers joining it
NO_WORKER_SECONDS = 60  # a job waits this long for a worker to come back before it gives up
POLL_SECONDS = 1.0  # how often a wait looks at the cluster while nothing finishes
CLOSE_SECONDS = 20
# Dask starts workers with MALLOC_TRIM_THRESHOLD_=65536 (memory back to the OS at once); every 2 MB block
# of a partition then costs fresh pages: a 100,000×50 partition's statistics took 0.19 s instead of 0.14 s.
# Freed heap kept up to 256 MB and arrays up to 32 MB from the heap (not mmap): 0.11 s. The heap holds
# blocks, not partitions (pyarrow allocates those itself), so RSS grows little (docs/dask.md).
LOCAL_WORKER_ENV = {"MALLOC_TRIM_THRESHOLD_": str(256 * 2**20), "MALLOC_MMAP_THRESHOLD_": str(32 * 2**20)}

Say = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


def require() -> None:
    """An InputError with the install command when dask[dataframe] or distributed is missing."""
    try:
        import dask.dataframe
        import distributed

        del dask, distributed  # only their presence matters here
    except ImportError as error:
        raise InputError(say("dask_missing", error=error, hint=INSTALL_HINT)) from None


def beyond_memory(data: str) -> str | None:
    """Why ``data`` cannot go through the in-memory reader (so the Dask engine takes it), or None.

    A folder, a glob or a remote URL (the in-memory reader opens one local file), or a local
    Parquet file over ``readers.MAX_CELLS`` cells (the in-memory reader refuses it).
    """
    path = Path(data)
    if path.is_dir():
        return say("dask_why_folder", data=data)
    if not path.exists():
        if "://" in data or any(c in data for c in "*?["):
            return say("dask_why_pattern", data=data)
        return None  # the in-memory reader says the path is wrong
    try:
        with open(path, "rb") as handle:
            if handle.read(4) != b"PAR1":
                return None
        import pyarrow.parquet as pq

        meta = pq.ParquetFile(path).metadata
    except Exception:  # noqa: BLE001 - unreadable: the in-memory reader names the problem
        return None
    if meta.num_rows * meta.num_columns > MAX_CELLS:
        return say("dask_why_big", name=path.name, limit=MAX_CELLS)
    return None


def _memory(nbytes: float | None) -> str:
    return "none" if not nbytes else f"{nbytes / 2**30:.1f} GiB"


def _workers_text(client: Any) -> tuple[int, str]:
    workers = client.scheduler_info(n_workers=-1)["workers"].values()
    limits = sorted({_memory(w.get("memory_limit")) for w in workers})
    return len(workers), " / ".join(limits) or "none"


@contextlib.contextmanager
def session(scheduler: str | None = None, workers: int | None = None, progress: Say = _quiet) -> Iterator[Any]:
    """A ``distributed.Client`` on a new LocalCluster, or on the scheduler at ``scheduler``; closed on exit."""
    import dask
    from distributed import Client, LocalCluster

    if workers is not None and workers < 1:
        raise InputError(say("dask_bad_workers", value=workers))
    address = scheduler or dask.config.get("scheduler-address", None)
    cluster = None
    try:
        if address:
            try:
                client = Client(address, timeout=CONNECT_SECONDS)
            except Exception as error:  # noqa: BLE001 - unreachable, refused, or not an address at all
                raise InputError(say("dask_no_scheduler", address=address, error=error)) from None
        else:
            n = workers or _cores()
            # processes, one thread each: the GIL-bound parts (parsing cells, building frames, CSV text) run
            # in parallel; Dask sets OMP/MKL/OPENBLAS_NUM_THREADS=1 in them, so BLAS does not oversubscribe
            cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0",
                                   silence_logs=logging.CRITICAL, env=LOCAL_WORKER_ENV)
            client = Client(cluster)
    except ExplorerError:
        raise
    except Exception as error:  # noqa: BLE001 - ports, spawn failures: one clear line, not a traceback
        if cluster is not None:
            cluster.close(timeout=CLOSE_SECONDS)
        raise InputError(say("dask_start_failed", error_type=type(error).__name__, error=error)) from None
    try:
        if address:
            _await_workers(client, address, workers)
        n, memory = _workers_text(client)
        key = "dask_connected" if address else "dask_local_cluster"
        progress(say(key, address=address or "", workers=n, memory=memory, dashboard=client.dashboard_link))
        yield client
    finally:
        with contextlib.suppress(Exception):
            client.close(timeout=CLOSE_SECONDS)
        if cluster is not None:
            with contextlib.suppress(Exception):
                cluster.close(timeout=CLOSE_SECONDS)


def _cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _await_workers(client: Any, address: str, workers: int | None) -> None:
    try:
        client.wait_for_workers(workers or 1, timeout=CONNECT_SECONDS)
    except (TimeoutError, OSError):
        raise InputError(say("dask_no_workers", address=address, n=workers or 1, seconds=CONNECT_SECONDS)) from None


def wait(client: Any, futures: Iterable[Any], on_done: Callable[[Any], None] = lambda future: None,
         *, what: str = "") -> None:
    """Wait for every future, calling ``on_done(future)`` as each one finishes (in any order).

    A task's own ExplorerError (bad data found by a worker) is raised as it is; a worker lost
    more often than Dask retries, a cluster without workers for ``NO_WORKER_SECONDS``, a lost
    scheduler or any other failure becomes one ExplorerError saying what to do. Never waits
    without a timeout. A list given is emptied, so that a finished result is released once it has
    been used (a tree reduction's inputs are then freed as soon as they are merged).
    """
    from distributed import wait as dask_wait

    pending, seen = set(futures), time.monotonic()
    if isinstance(futures, list):
        futures.clear()
    while pending:
        try:
            with client.as_current():  # distributed.wait asks for the default client; this is ours
                done, pending = dask_wait(pending, timeout=POLL_SECONDS, return_when="FIRST_COMPLETED")
        except TimeoutError:
            done = set()
        except CancelledError as error:  # their inputs were lost (a worker held them) or the job was cancelled
            raise ExplorerError(say("dask_cancelled", what=what, error_type=type(error).__name__,
                                    error=_first_line(error))) from None
        except OSError as error:  # the connection to the scheduler broke (CommClosedError is an OSError)
            raise ExplorerError(say("dask_lost_scheduler", error_type=type(error).__name__, error=error)) from None
        for future in done:
            if future.status != "finished":
                raise failure(future, what)
            on_done(future)
        if done:
            continue
        try:
            alive = bool(client.nthreads())
        except OSError as error:
            raise ExplorerError(say("dask_lost_scheduler", error_type=type(error).__name__, error=error)) from None
        if alive:
            seen = time.monotonic()
        elif time.monotonic() - seen > NO_WORKER_SECONDS:
            raise ExplorerError(say("dask_no_worker_left", seconds=NO_WORKER_SECONDS, what=what))


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [""])[0]


def failure(future: Any, what: str = "") -> ExplorerError:
    """The error a failed or cancelled future stands for, as the user should read it."""
    from distributed.scheduler import KilledWorker

    try:
        error = future.exception(timeout=CONNECT_SECONDS)
    except Exception as cancelled:  # noqa: BLE001 - cancelled: its inputs were lost with their worker
        return ExplorerError(say("dask_cancelled", what=what, error_type=type(cancelled).__name__,
                                 error=_first_line(cancelled)))
    if isinstance(error, ExplorerError):
        return error
    if isinstance(error, KilledWorker):
        return ExplorerError(say("dask_worker_died", what=what, error=error))
    if isinstance(error, MemoryError):
        return ExplorerError(say("dask_out_of_memory", what=what))
    if isinstance(error, ImportError):  # a worker without this package, or with another version of it
        return ExplorerError(say("dask_worker_import", what=what, error=error, hint=INSTALL_HINT))
    return ExplorerError(say("dask_task_failed", what=what, error_type=type(error).__name__, error=error))
