import threading
import time

import pytest

from explorer.errors import DataError, ProjectionCancelled
from explorer.run.jobs import JobBoard


def slow(value, *, progress, steps=20):
    for i in range(steps):
        if progress((i + 1) / steps, f"step {i + 1}") is False:
            raise ProjectionCancelled("cancelled")
        time.sleep(0.01)
    return value


def test_same_key_attaches_to_the_same_job():
    board = JobBoard()
    first = board.submit("k", slow, 1)
    second = board.submit("k", slow, 2)
    assert first is second and first.result(5) == 1 and first.fraction == 1.0


def test_cancel_then_restart():
    board = JobBoard()
    job = board.submit("k", slow, 1, steps=500)
    job.cancel()
    with pytest.raises(ProjectionCancelled):
        job.result(5)
    again = board.submit("k", slow, 3)
    assert again is not job and again.result(5) == 3


def test_user_errors_are_kept_but_bugs_are_retried():
    board = JobBoard()
    calls = []

    def fails(kind, *, progress):
        calls.append(kind)
        raise DataError("bad data") if kind == "user" else RuntimeError("bug")

    for kind in ("user", "bug"):
        job = board.submit(kind, fails, kind)
        with pytest.raises(Exception):
            job.result(5)
        board.submit(kind, fails, kind).future.exception(5)
    assert calls == ["user", "bug", "bug"]


def test_old_finished_jobs_are_dropped():
    board = JobBoard(keep=3)
    for i in range(6):
        board.submit(i, slow, i, steps=1).result(5)
    assert board.get(0) is None and board.get(5) is not None
