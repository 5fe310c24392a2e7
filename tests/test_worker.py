"""worker: projections in a separate process survive crashes, runaways and cancels."""
from __future__ import annotations

import os
import signal
import threading
import time

import numpy as np
import pytest

from explorer.run import worker
from explorer.errors import DataError, ProjectionCancelled, ProjectionError
from explorer.project import ProjectionSpec, project

X = np.random.default_rng(0).normal(size=(30, 4))
PCA = ProjectionSpec("pca")


# Jobs run in the worker instead of project() (the private ``_job`` hook); they
# live at module level so the worker can import them by name.
def _segfault(X, spec, *, features=None, progress=None):
    os.kill(os.getpid(), signal.SIGSEGV)


def _killed(X, spec, *, features=None, progress=None):
    os.kill(os.getpid(), signal.SIGKILL)  # what the kernel's out-of-memory killer does


def _chatty_forever(X, spec, *, features=None, progress=None):
    while True:
        progress(0.25, "still going")
        time.sleep(0.05)


def _silent_forever(X, spec, *, features=None, progress=None):
    time.sleep(600)


def _data_error(X, spec, *, features=None, progress=None):
    raise DataError("column 'price', row 7: value '12,5,3' is not a number; fix the cell")


def _bug(X, spec, *, features=None, progress=None):
    raise ValueError("boom")


def _slow_pca(X, spec, *, features=None, progress=None):
    time.sleep(1.0)
    return project(X, spec, features=features, progress=progress)


@pytest.fixture(autouse=True)
def cold_workers(monkeypatch):
    """No background warm-up in tests: it would only compete for the two cores."""
    monkeypatch.setattr(worker, "WARM_NEW_WORKERS", False)
    yield
    worker.shutdown()


def test_same_result_as_in_process_and_progress_is_forwarded():
    seen = []
    spec = ProjectionSpec("tsne", params={"n_iter": 50})
    result = worker.project_isolated(X, spec, progress=lambda f, m: seen.append((f, m)))
    assert np.array_equal(result.Y, project(X, spec).Y)  # same seed, another process, same picture
    assert seen[-1] == (1.0, "t-SNE done") and any("iteration" in m for _, m in seen)


def test_a_segfault_becomes_a_projection_error_and_the_next_job_runs():
    with pytest.raises(ProjectionError, match=r"worker crashed \(SIGSEGV.*while running PCA on 30 rows × 4 features"):
        worker.project_isolated(X, PCA, _job=_segfault)
    assert worker.project_isolated(X, PCA).Y.shape == (30, 2)


def test_a_killed_worker_is_reported_as_probably_out_of_memory():
    with pytest.raises(ProjectionError, match=r"killed \(SIGKILL\).*ran out of memory; run it again, or use fewer rows, or PCA"):
        worker.project_isolated(X, ProjectionSpec("tsne"), _job=_killed)


@pytest.mark.slow
def test_a_runaway_is_stopped_at_the_timeout():
    start = time.monotonic()
    with pytest.raises(ProjectionError, match="PCA did not finish within 1 s on 30 rows; use fewer rows"):
        worker.project_isolated(X, PCA, timeout=1, _job=_silent_forever)
    assert time.monotonic() - start < 8


@pytest.mark.slow
def test_a_false_progress_answer_cancels_and_kills_the_worker():
    calls = []

    def stop_on_news(fraction, message):
        calls.append(message)
        return message != "still going"

    with pytest.raises(ProjectionCancelled, match=r"PCA was stopped at 25% \(still going\)"):
        worker.project_isolated(X, PCA, progress=stop_on_news, _job=_chatty_forever)


@pytest.mark.slow
def test_a_cancelled_tsne_hands_back_the_layout_it_reached_and_the_worker_lives_on():
    data = np.random.default_rng(1).normal(size=(200, 5))
    spec = ProjectionSpec("tsne", params={"n_iter": 400})

    def stop_late(fraction, message):
        return fraction < 0.6

    with pytest.raises(ProjectionCancelled) as stopped:
        worker.project_isolated(data, spec, progress=stop_late)
    assert stopped.value.args[0].key == "cancelled_partial"
    assert stopped.value.partial.shape == (200, 2) and np.isfinite(stopped.value.partial).all()
    pids = {w.process.pid for w in worker._POOL._idle}
    assert pids, "the worker stopped on its own and went back to the pool"
    worker.project_isolated(X, PCA)
    assert {w.process.pid for w in worker._POOL._idle} == pids


@pytest.mark.slow
def test_cancel_is_seen_while_the_worker_is_silent():
    answers = iter([None, None, False])
    start = time.monotonic()
    with pytest.raises(ProjectionCancelled):
        worker.project_isolated(X, PCA, progress=lambda f, m: next(answers), _job=_silent_forever)
    assert time.monotonic() - start < 5  # heartbeats, not the job, drive the callback


def test_explorer_errors_keep_their_class_and_message():
    with pytest.raises(DataError) as caught:
        worker.project_isolated(X, PCA, _job=_data_error)
    assert str(caught.value) == "column 'price', row 7: value '12,5,3' is not a number; fix the cell"


def test_a_bug_in_the_worker_surfaces_with_its_traceback():
    with pytest.raises(RuntimeError, match="ValueError: boom"):
        worker.project_isolated(X, PCA, _job=_bug)


def test_bad_input_is_refused_without_a_worker():
    with pytest.raises(ProjectionError, match="all 3 rows are identical"):
        worker.project_isolated(np.ones((3, 2)), PCA)
    with pytest.raises(ProjectionError, match="t-SNE needs at least 3 rows"):
        worker.project_isolated(X[:2], ProjectionSpec("tsne"))


@pytest.mark.slow
def test_concurrent_jobs_while_one_crashes():
    results: dict[str, object] = {}

    def run(name, job):
        try:
            results[name] = worker.project_isolated(X, PCA, _job=job)
        except ProjectionError as error:
            results[name] = error

    threads = [threading.Thread(target=run, args=(name, job))
               for name, job in [("slow", _slow_pca), ("crash", _segfault), ("plain", None)]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert "SIGSEGV" in str(results["crash"])
    assert np.array_equal(results["slow"].Y, project(X, PCA).Y)
    assert np.array_equal(results["plain"].Y, project(X, PCA).Y)


def test_idle_workers_are_reused():
    worker.project_isolated(X, PCA)
    first = list(worker._POOL._idle)
    worker.project_isolated(X, PCA)
    assert worker._POOL._idle == first and len(first) == 1


def test_warm_up_starts_one_worker_without_waiting():
    start = time.monotonic()
    worker.warm_up()
    assert time.monotonic() - start < 1
    assert len(worker._POOL._idle) == 1
    assert worker.project_isolated(X, PCA).Y.shape == (30, 2)


def test_tsne_in_a_worker_shows_the_layout_it_has_reached_while_it_runs():
    """Watching t-SNE converge: every few dozen iterations the callback gets the whole layout so far; a callback
    of two arguments (the command's) gets none, and the final picture is the same either way."""
    X = np.random.default_rng(0).standard_normal((120, 6))
    spec = ProjectionSpec("tsne", params={"n_iter": 150})
    layouts, fractions = [], []
    watched = worker.project_isolated(X, spec, progress=lambda f, m, layout=None: layouts.append(layout))
    plain = worker.project_isolated(X, spec, progress=lambda f, m: fractions.append(f))
    shown = [layout for layout in layouts if layout is not None]
    assert len(shown) >= 4 and all(layout.shape == (120, 2) for layout in shown)
    assert not np.allclose(shown[0], shown[-1])  # it moved
    assert np.allclose(watched.Y, plain.Y) and fractions[-1] == 1.0


def test_a_layout_of_a_fitted_sample_is_not_shown_as_a_picture_of_every_row():
    X = np.random.default_rng(1).standard_normal((130, 5))
    layouts = []
    project(X, ProjectionSpec("tsne", params={"n_iter": 100, "fit_rows": 60}),
            progress=lambda f, m, layout=None: layouts.append(layout))
    assert layouts and all(layout is None for layout in layouts)
