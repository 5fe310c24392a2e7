"""Run a projection in a separate process, so that a crash, a runaway or a memory
blow-up inside a native library cannot take the Streamlit server down.

A small pool of persistent worker processes (fresh interpreters) serves the jobs; each
worker imports openTSNE and umap-learn (and compiles UMAP's numba kernels) once,
in the background, when it starts, so a user does not pay that per projection.
One job holds one worker; a worker that crashed, timed out or was cancelled is
killed and replaced by a fresh one on the next job.
"""
from __future__ import annotations

import atexit
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import traceback
import weakref
from multiprocessing.connection import Connection
from typing import Any, Callable, Sequence
from ..errors import ExplorerError, ProjectionCancelled, WorkerFailure
from ..words import say
from ..project import Progress, Projection, ProjectionSpec, Reporter, check_matrix

MAX_WORKERS = 4
DEFAULT_TIMEOUT = 600.0
# How often the progress callback is called while no news arrives, so that a
# cancel request (the callback returning False) is seen within this time.
HEARTBEAT_SECONDS = 0.5
# After a cancel, how long the worker may take to stop on its own and hand back the layout
# it reached (t-SNE checks every 25 iterations: well under a second at 10k rows) before it is
# killed.
STOP_GRACE_SECONDS = 3.0
# New workers import openTSNE/umap and compile UMAP's kernels in the background.
WARM_NEW_WORKERS = True
# A worker idle this long is stopped (its memory, a few hundred MB once warm, goes back to the system).
IDLE_SECONDS = 30.0

_CRASH_SIGNALS = {"SIGSEGV", "SIGBUS", "SIGILL", "SIGFPE", "SIGABRT"}


# --------------------------------------------------------------------------- the worker process


def _serve(fd: int, warm: bool) -> None:
    """The worker's main loop: answer jobs from the parent until the connection closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server, which then stops us
    conn = Connection(fd)
    parent = os.getppid()
    threading.Thread(target=_exit_with_parent, args=(parent,), name="parent-watch", daemon=True).start()
    from ..project import project

    if warm:
        threading.Thread(target=_warm_quietly, name="warm-up", daemon=True).start()
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if len(job) == 1:  # ("stop",) that came after the job it was meant for had finished
            continue
        X, spec, features, run = job

        def send_progress(fraction: float, message: str, *layout) -> bool:
            conn.send(("progress", fraction, message, *layout))
            return not (conn.poll(0) and conn.recv() == ("stop",))  # False stops the run, keeping a partial layout

        try:
            result = (run or project)(X, spec, features=features, progress=send_progress)
            conn.send(("ok", result))
        except ExplorerError as error:
            conn.send(("error", error))
        except BaseException as error:  # a bug: report it with its traceback rather than die silently
            conn.send(("bug", f"{type(error).__name__}: {error}", traceback.format_exc()))


def _exit_with_parent(parent: int) -> None:
    """A busy worker never reads its pipe; this stops it if the server is gone."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _warm_quietly() -> None:
    from ..project import warm_up_methods

    try:
        warm_up_methods()
    except Exception:  # warming is an optimisation; the real job reports real problems
        pass


# --------------------------------------------------------------------------- the pool (parent side)


class _Worker:
    """A fresh Python process (not multiprocessing: inside Streamlit, ``__main__`` is the
    page script, which multiprocessing's spawn would run again in every worker)."""

    def __init__(self, warm: bool) -> None:
        ours, theirs = socket.socketpair()
        code = (f"import sys; sys.path[:] = {sys.path!r}; "
                f"from explorer.run.worker import _serve; _serve({theirs.fileno()}, {warm!r})")
        try:
            self.process = subprocess.Popen([sys.executable, "-c", code], pass_fds=[theirs.fileno()],
                                            stdin=subprocess.DEVNULL)
        finally:
            theirs.close()
        self.conn = Connection(ours.detach())
        _STARTED.add(self)

    def alive(self) -> bool:
        return self.process.poll() is None

    @property
    def exitcode(self) -> int | None:
        try:
            return self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            return None

    def stop(self) -> None:
        if self.alive():
            self.process.kill()
        self.exitcode
        self.conn.close()


class _Pool:
    """At most ``size`` workers; idle ones are reused, dead ones replaced, long-idle ones retired."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._idle: list[_Worker] = []
        self._busy = 0
        self._changed = threading.Condition()
        self._retiring = False

    def acquire(self, deadline: float, waiting: Callable[[], None], warm: bool = True) -> _Worker:
        """An idle worker, else a new one; while all are busy, call ``waiting()`` now and then."""
        while True:
            taken, worker, dead = self._take(deadline)
            for corpse in dead:
                corpse.stop()
            if taken:
                break
            waiting()  # outside the lock: the callback may be slow or raise
        if worker is not None:
            return worker
        try:
            return _Worker(warm=warm and WARM_NEW_WORKERS)
        except BaseException:
            self.release(None)
            raise

    def _take(self, deadline: float) -> tuple[bool, _Worker | None, list[_Worker]]:
        """Reserve a slot: (True, an idle worker or None to start one), or (False, …) after a short wait."""
        dead = []
        with self._changed:
            while self._idle and not self._idle[-1].alive():
                dead.append(self._idle.pop())
            if self._idle or self._busy < self.size:
                self._busy += 1
                return True, (self._idle.pop() if self._idle else None), dead
            if time.monotonic() >= deadline:
                raise WorkerFailure(say("workers_busy", n=self.size))
            self._changed.wait(timeout=min(HEARTBEAT_SECONDS, max(deadline - time.monotonic(), 0.01)))
            return False, None, dead

    def release(self, worker: _Worker | None, healthy: bool = False) -> None:
        with self._changed:
            self._busy -= 1
            if worker is not None and healthy and worker.alive():
                self._idle_from(worker)
                worker = None
            self._changed.notify()
        if worker is not None:
            worker.stop()

    def warm_up(self) -> None:
        with self._changed:
            if not self._idle and self._busy < self.size:
                self._idle_from(_Worker(warm=True))  # warm_up() always warms

    def _idle_from(self, worker: _Worker) -> None:
        """Called with the lock held: ``worker`` waits for a job from now on, and is retired if none comes."""
        worker.idle_since = time.monotonic()
        self._idle.append(worker)
        if not self._retiring:
            self._retiring = True
            threading.Thread(target=self._retire_idle, name="explorer-worker-retire", daemon=True).start()

    def _retire_idle(self) -> None:
        while True:
            time.sleep(min(IDLE_SECONDS / 3, 5.0))
            with self._changed:
                cutoff = time.monotonic() - IDLE_SECONDS
                old = [worker for worker in self._idle if worker.idle_since < cutoff]
                self._idle = [worker for worker in self._idle if worker not in old]
                if not self._idle:
                    self._retiring = False
            for worker in old:
                worker.stop()
            if not self._retiring:
                return

    @property
    def idle(self) -> int:
        with self._changed:
            return len(self._idle)

    def shutdown(self) -> None:
        with self._changed:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.stop()


_POOL = _Pool(MAX_WORKERS)
_STARTED: "weakref.WeakSet[_Worker]" = weakref.WeakSet()


@atexit.register
def _stop_all() -> None:
    for worker in list(_STARTED):
        worker.stop()


def warm_up() -> None:
    """Start one worker now (imports and JIT happen in it in the background)."""
    _POOL.warm_up()


def shutdown() -> None:
    """Stop the idle workers (busy ones stop when their job ends)."""
    _POOL.shutdown()


# --------------------------------------------------------------------------- a job


def project_isolated(X: Any, spec: ProjectionSpec, *, features: Sequence[str] | None = None,
                     timeout: float | None = DEFAULT_TIMEOUT, progress: Progress | None = None, warm: bool = True,
                     _job: Callable[..., Projection] | None = None) -> Projection:
    """``project.project`` in a worker process: same result, same errors.

    A crash of the worker (e.g. SIGSEGV in a native library), running out of
    memory, or taking longer than ``timeout`` seconds (None: no limit) raises
    ProjectionError with the cause and a fix. ``progress`` returning False asks the
    worker to stop: ProjectionCancelled, with the layout t-SNE reached (``partial``)
    when the worker answers within STOP_GRACE_SECONDS, else the worker is killed.
    ``warm``: a worker started for this job also warms t-SNE/UMAP for the next.
    ``_job`` replaces ``project`` (tests only).
    """
    X = check_matrix(X, features)  # cheap checks here: a bad input needs no worker
    spec.validate(X.shape[0], X.shape[1], features=features)
    deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
    status = Reporter(progress, spec.title, shape=(X.shape[0], spec.dims))
    status(0.0, say("progress_waiting"))
    worker = _POOL.acquire(deadline, status.repeat, warm=warm)
    healthy = False
    try:
        worker.conn.send((X, spec, list(features) if features is not None else None, _job))
        try:
            reply = _await_reply(worker, status, deadline)
        except ProjectionCancelled as cancel:
            reply = _stop(worker, cancel)
        healthy = True
    except (BrokenPipeError, ConnectionResetError, EOFError):
        raise _death(worker, spec, X.shape) from None
    except TimeoutError:
        raise WorkerFailure(say("worker_timeout", method=spec.title, seconds=timeout, n=X.shape[0],
                                  fix=say(f"fix_{spec.method}"))) from None
    finally:
        _POOL.release(worker, healthy)
    kind = reply[0]
    if kind == "ok":
        return reply[1]
    if kind == "error":
        raise reply[1]
    raise RuntimeError(f"bug in the projection worker: {reply[1]}\n{reply[2]}")


def _stop(worker: _Worker, cancel: ProjectionCancelled) -> tuple:
    """Ask the worker to stop; its own answer (a ProjectionCancelled with the layout reached, or the
    result that was just finished) if it comes within STOP_GRACE_SECONDS, else ``cancel`` is raised."""
    try:
        worker.conn.send(("stop",))
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        while worker.conn.poll(max(deadline - time.monotonic(), 0)):
            message = worker.conn.recv()
            if message[0] != "progress":
                return message
    except (OSError, EOFError):
        pass
    raise cancel  # the worker did not stop in time: it is killed on release


def _await_reply(worker: _Worker, status: Reporter, deadline: float) -> tuple:
    """Relay progress until the worker's answer arrives; TimeoutError/EOFError otherwise."""
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        if worker.conn.poll(min(HEARTBEAT_SECONDS, remaining)):
            message = worker.conn.recv()  # EOFError when the worker died
            if message[0] != "progress":
                return message
            status(*message[1:])
        elif not worker.alive():
            raise EOFError
        else:
            status.repeat()


def _death(worker: _Worker, spec: ProjectionSpec, shape: tuple[int, int]) -> WorkerFailure:
    code = worker.exitcode
    where = say("worker_where", method=spec.title, n=shape[0], d=shape[1])
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        if name == "SIGKILL":
            return WorkerFailure(say("worker_killed", where=where))
        return WorkerFailure(say("worker_crashed" if name in _CRASH_SIGNALS else "worker_stopped", signal=name,
                                   what=signal.strsignal(-code) or "signal", where=where))
    return WorkerFailure(say("worker_exited", code=code, where=where))
