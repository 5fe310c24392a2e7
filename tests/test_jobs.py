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


# ----------------------------------------------------------------- jobs held by the sessions that wait on them

from explorer.errors import WorkerFailure  # noqa: E402


def wait_for(condition, seconds=5.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)


def test_a_shared_job_runs_on_when_one_holder_cancels_and_stops_when_the_last_does():
    board = JobBoard()
    job = board.submit("k", slow, 1, steps=300, holder="a")
    assert board.submit("k", slow, 1, steps=300, holder="b") is job
    board.release("a", "k")
    time.sleep(0.1)
    assert not job.cancelled and not job.done
    board.release("b", "k")
    with pytest.raises(ProjectionCancelled):
        job.result(5)


def test_a_job_whose_sessions_are_gone_is_cancelled_at_the_next_sweep():
    open_sessions = {"a", "b"}
    board = JobBoard(tick=0.05, alive=lambda holder: holder in open_sessions)
    job = board.submit("k", slow, 1, steps=500, holder="a")
    board.submit("k", slow, 1, steps=500, holder="b")
    open_sessions.discard("a")
    time.sleep(0.3)
    assert not job.cancelled and job.holders == {"b"}
    open_sessions.discard("b")
    wait_for(lambda: job.done)
    assert job.cancelled
    assert board.running() == []


def test_keep_only_lets_go_of_what_a_session_stopped_asking_for():
    board = JobBoard()
    old = board.submit("perplexity 30", slow, 1, steps=500, holder="a")
    new = board.submit("perplexity 10", slow, 2, steps=5, holder="a")
    board.keep_only("a", {"perplexity 10"})
    wait_for(lambda: old.done)
    assert old.cancelled and new.result(5) == 2


def test_a_job_asked_without_a_holder_is_never_cancelled_by_the_sweep():
    board = JobBoard(tick=0.05, alive=lambda holder: False)
    job = board.submit("k", slow, 7, steps=20)
    assert job.result(5) == 7 and not job.cancelled


def test_a_worker_failure_is_shown_once_to_those_waiting_then_run_again():
    board = JobBoard()
    calls = []

    def crashes_once(*, progress):
        calls.append(1)
        time.sleep(0.05)
        if len(calls) == 1:
            raise WorkerFailure("the projection worker was killed")
        return "picture"

    first = board.submit("k", crashes_once, holder="a")
    with pytest.raises(WorkerFailure):
        first.result(5)
    assert board.submit("k", crashes_once, holder="a") is first  # the session that waited sees the failure
    fresh = board.submit("k", crashes_once, holder="b")  # another session runs it again, at once
    assert fresh is not first and fresh.result(5) == "picture"
    assert board.submit("k", crashes_once, holder="a", again=True).result(5) == "picture"
    assert len(calls) == 2


def test_a_failure_caused_by_the_data_is_kept_for_everyone():
    board = JobBoard()
    calls = []

    def bad_data(*, progress):
        calls.append(1)
        raise DataError("column 'x' has no numbers")

    job = board.submit("k", bad_data, holder="a")
    with pytest.raises(DataError):
        job.result(5)
    assert board.submit("k", bad_data, holder="b", again=True) is job and len(calls) == 1


def test_finished_jobs_are_forgotten_after_their_age():
    board = JobBoard(max_age=0.2, tick=0.05)
    board.submit("k", slow, 1, steps=1).result(5)
    wait_for(lambda: board.get("k") is None)


def test_progress_keeps_the_latest_layout_a_method_showed():
    board = JobBoard()

    def shows(*, progress):
        for i in range(3):
            progress(i / 3, f"iteration {i}", [[i, i]])
        return "done"

    job = board.submit("k", shows)
    assert job.result(5) == "done" and job.partial == [[2, 2]]
