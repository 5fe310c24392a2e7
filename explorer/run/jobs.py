"""Long computations that outlive one script run: start once, report progress, keep the result.

The page asks for a projection by key on every rerun. The first ask starts it in
a background thread; later asks (a hover, a click, a colour change, another
browser tab) attach to the same job and read its progress, so no interaction
ever restarts or waits for a t-SNE. Finished results are kept (bounded, least
recently used first out).
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable, Hashable
from ..errors import ExplorerError


@dataclass
class Job:
    key: Hashable
    future: Future
    fraction: float = 0.0
    message: str = ""
    started: float = field(default_factory=time.perf_counter)
    cancelled: bool = False

    def progress(self, fraction: float, message: str = "") -> bool:
        """Progress callback handed to the computation; returns False once cancelled."""
        self.fraction, self.message = max(0.0, min(1.0, float(fraction))), message
        return not self.cancelled

    def cancel(self) -> None:
        self.cancelled = True

    @property
    def done(self) -> bool:
        return self.future.done()

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def result(self, timeout: float | None = None) -> Any:
        """The value, or the ``ExplorerError`` the computation raised."""
        return self.future.result(timeout)


class JobBoard:
    """Process-wide registry of keyed background jobs (one per distinct computation)."""

    def __init__(self, threads: int = 4, keep: int = 64) -> None:
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="explorer-job")
        self._jobs: OrderedDict[Hashable, Job] = OrderedDict()
        self._keep = keep
        self._lock = threading.Lock()

    def submit(self, key: Hashable, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Job:
        """The job for ``key``: the running or finished one, else a new one running ``fn(*args, progress=…)``.

        A job that failed with anything but a user-facing error, or was
        cancelled, is started afresh on the next ask.
        """
        with self._lock:
            job = self._jobs.get(key)
            if job is not None and job.done and (job.cancelled or _failed_unexpectedly(job)):
                job = None
            if job is None:
                job = Job(key=key, future=Future())
                job.future = self._pool.submit(fn, *args, progress=job.progress, **kwargs)
                self._jobs[key] = job
            self._jobs.move_to_end(key)
            while len(self._jobs) > self._keep:
                oldest_key, oldest = next(iter(self._jobs.items()))
                if not oldest.done:
                    break
                del self._jobs[oldest_key]
            return job

    def get(self, key: Hashable) -> Job | None:
        with self._lock:
            return self._jobs.get(key)


def _failed_unexpectedly(job: Job) -> bool:
    error = job.future.exception()
    return error is not None and not isinstance(error, ExplorerError)
