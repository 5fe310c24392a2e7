"""Long computations that outlive one script run, held by the sessions that wait on them.

The page asks for a projection by key on every rerun. The first ask starts it in a
background thread; later asks (a hover, a click, a language switch, another browser tab)
attach to the same job and read its progress, so no interaction restarts or waits for a
t-SNE. Each ask names its *holder* (a browser session): a job runs while someone holds it.
A holder lets go by Cancel (``release``), by no longer asking for it (``keep_only``) or by
going away (``alive`` says so); a job nobody holds is cancelled at the next sweep (every
``tick`` seconds), and a job still held by others keeps running for them.

What a job ends with is kept for the next ask (a bounded, least-recently-asked store) unless
the environment caused it: a killed or crashed worker, a timeout, a bug (anything marked
``environmental`` or not an ``ExplorerError``). Such a failure is shown once to those who
were waiting, and anyone else who asks, or a holder who asks ``again``, starts a fresh run.
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, Callable, Hashable

from ..errors import ExplorerError, ProjectionCancelled

Holder = Hashable  # who waits: a browser session's id (None: nobody in particular, e.g. the command line)


@dataclass(eq=False)
class Job:
    key: Hashable
    future: Future = field(default_factory=Future)
    fraction: float = 0.0
    message: str = ""
    partial: Any = None  # the latest layout a method showed while running (t-SNE), else None
    started: float = field(default_factory=time.perf_counter)
    cancelled: bool = False
    holders: set = field(default_factory=set)
    told: set = field(default_factory=set)  # holders who were waiting when it failed for an environmental cause
    held: bool = False  # someone held it once: when nobody does any more, it is cancelled
    asked: float = field(default_factory=time.monotonic)

    def progress(self, fraction: float, message: str = "", partial: Any = None) -> bool:
        """Progress callback handed to the computation; returns False once cancelled."""
        self.fraction, self.message = max(0.0, min(1.0, float(fraction))), message
        if partial is not None:
            self.partial = partial
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

    @property
    def failed_by_environment(self) -> bool:
        """Ended by something other than its input: run it again rather than hand back the failure."""
        if not self.done:
            return False
        error = self.future.exception()
        if isinstance(error, ProjectionCancelled):
            return self.cancelled  # stopped by a cancel, not by its own input
        return error is not None and environmental(error)


class JobBoard:
    """Process-wide registry of keyed background jobs (one per distinct computation).

    ``keep`` finished jobs at most, each for ``max_age`` seconds after its last ask; ``alive(holder)``
    tells whether a holder still exists (default: always).
    """

    def __init__(self, keep: int = 64, max_age: float = 600.0, tick: float = 1.0,
                 alive: Callable[[Holder], bool] | None = None) -> None:
        self._jobs: OrderedDict[Hashable, Job] = OrderedDict()
        self._keep, self._max_age, self._alive = keep, max_age, alive or (lambda holder: True)
        self._lock = threading.Lock()
        self._closed = threading.Event()
        threading.Thread(target=self._sweep_every, args=(tick,), name="explorer-job-sweep", daemon=True).start()

    def submit(self, key: Hashable, fn: Callable[..., Any], *args: Any, holder: Holder = None, again: bool = False,
               **kwargs: Any) -> Job:
        """The job for ``key``: the running or finished one, else a new one running ``fn(*args, progress=…)``.

        A finished job is started afresh when it was cancelled, or failed for an environmental cause and the
        asker was not among those told (or asks ``again``). ``holder`` now holds the job.
        """
        with self._lock:
            job = self._jobs.get(key)
            if job is not None and job.done and (job.cancelled or job.failed_by_environment) \
                    and (again or holder is None or holder not in job.told):
                job = None
            start = job is None
            if start:
                job = self._jobs[key] = Job(key=key)
            if holder is not None:  # before it starts: a failure at once is told to its first holder too
                job.holders.add(holder)
                job.held = True
            if start:
                threading.Thread(target=_run, args=(job, fn, args, kwargs), name="explorer-job", daemon=True).start()
            job.asked = time.monotonic()
            self._jobs.move_to_end(key)
            self._trim()
            return job

    def get(self, key: Hashable) -> Job | None:
        with self._lock:
            return self._jobs.get(key)

    def release(self, holder: Holder, key: Hashable) -> None:
        """``holder`` no longer waits for ``key`` (a Cancel): the job stops unless somebody else holds it."""
        with self._lock:
            job = self._jobs.get(key)
            if job is not None:
                self._let_go(job, {holder})

    def keep_only(self, holder: Holder, keys) -> None:
        """``holder`` waits for ``keys`` and nothing else: its other running jobs are let go."""
        keys = set(keys)
        with self._lock:
            for key, job in self._jobs.items():
                if key not in keys and holder in job.holders:
                    self._let_go(job, {holder})

    def running(self) -> list[Job]:
        with self._lock:
            return [job for job in self._jobs.values() if not job.done]

    def sweep(self) -> None:
        """Let go of holders that are gone, cancel what nobody holds, forget old finished jobs."""
        with self._lock:
            jobs = list(self._jobs.values())
        gone = {holder for job in jobs if not job.done for holder in job.holders if not self._alive(holder)}
        with self._lock:
            for job in jobs:
                if gone and not job.done:
                    self._let_go(job, gone & job.holders)
            self._trim()

    def clear(self) -> None:
        """Cancel every running job and forget every finished one."""
        with self._lock:
            for job in self._jobs.values():
                job.cancel()
            self._jobs.clear()

    def close(self) -> None:
        self._closed.set()
        self.clear()

    def _let_go(self, job: Job, holders: set) -> None:
        job.holders -= holders
        if job.held and not job.holders and not job.done:
            job.cancel()

    def _trim(self) -> None:
        old = time.monotonic() - self._max_age
        finished = [key for key, job in self._jobs.items() if job.done]
        for key in finished:
            if self._jobs[key].asked < old or len(self._jobs) > self._keep:
                del self._jobs[key]

    def _sweep_every(self, tick: float) -> None:
        while not self._closed.wait(tick):
            try:
                self.sweep()
            except Exception:  # a sweep must never stop sweeping (``alive`` is the caller's code)
                pass


def _run(job: Job, fn: Callable[..., Any], args: tuple, kwargs: dict) -> None:
    """The job's thread: its value or error into its future. Daemon threads: a server stopping never waits
    for a t-SNE (the worker processes are stopped at exit, see ``worker``)."""
    if not job.future.set_running_or_notify_cancel():
        return
    try:
        value = fn(*args, progress=job.progress, **kwargs)
    except BaseException as error:
        if environmental(error):
            job.told |= job.holders  # before the failure shows: they see it once, then may run it again
        job.future.set_exception(error)
    else:
        job.future.set_result(value)


def environmental(error: BaseException) -> bool:
    """Caused by where it ran (a killed worker, a timeout, a bug), not by the input: worth running again."""
    return not isinstance(error, ExplorerError) or getattr(error, "environmental", False)
