"""The page's caches around pure engine calls, so that a hover, a click or a rerun never recomputes.

Tables and pipelines are cached as resources (the same object for every rerun and session, never
copied or pickled); small derived values with ``st.cache_data``. Large inputs are passed with a
leading underscore (not hashed) beside a key that names them.
"""
from __future__ import annotations

import threading
import time

import streamlit as st
from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from explorer import quality
from explorer.errors import ExplorerError
from explorer.neighbours import similarity
from explorer.pipeline import Pipeline, Preparation, Roles, Source, read
from explorer.present import anchor
from explorer.project import ProjectionSpec, extend, project
from explorer.run.jobs import JobBoard
from explorer.run.memory import big_blocks_apart, give_back
from explorer.run.worker import warm_up
from views.common import UPLOAD_LIMIT_MB

K = 10  # neighbourhood size of the scores, the neighbour table and the stability check


IDLE_CLEAR_SECONDS = 20.0  # with no session open this long, the page's caches are dropped (see Housekeeper)
RECONNECT_SECONDS = 30.0  # a closed tab's session waits this long for its browser to come back, then is shut down
CACHE_SECONDS = 600  # no cached table, pipeline or value outlives this without being asked for


@st.cache_resource
def job_board() -> JobBoard:
    big_blocks_apart()  # once, as the server's first session starts: memory that comes back (run.memory)
    warm_up()
    board = JobBoard(alive=_alive)
    Housekeeper(board)
    return board


class Housekeeper:
    """Hands memory back once nobody is here.

    A session whose browser went away is shut down after RECONNECT_SECONDS (its uploaded files and state go
    with it): Streamlit keeps a disconnected session for server.disconnectedSessionTTL so that a browser can
    reconnect, but then drops it without shutting it down, and its uploads stayed in memory.
    IDLE_CLEAR_SECONDS after the last open session closed, the page's caches and the board's
    finished jobs are dropped and the freed memory returned to the system (idle workers retire on their own,
    see ``worker.IDLE_SECONDS``)."""

    sessions: set = set()  # every session seen and not yet shut down (see ``saw``)

    def __init__(self, board: JobBoard) -> None:
        self.board = board
        threading.Thread(target=self._watch, name="explorer-housekeeper", daemon=True).start()

    @classmethod
    def saw(cls, holder: str) -> None:
        cls.sessions.add(holder)

    def _watch(self) -> None:
        last_open, used, gone = time.monotonic(), False, {}  # gone: session -> when it was first seen closed
        while True:
            time.sleep(IDLE_CLEAR_SECONDS / 4)
            now = time.monotonic()
            for holder in set(self.sessions):
                if _alive(holder):
                    gone.pop(holder, None)
                    last_open, used = now, True
                elif now - gone.setdefault(holder, now) >= RECONNECT_SECONDS:
                    self.sessions.discard(holder)
                    del gone[holder]
                    _shut_down(holder)
            if used and now - last_open >= IDLE_CLEAR_SECONDS:
                used = False
                for cached in (sample_source, table_of, pipeline_of):
                    cached.clear()
                st.cache_data.clear()
                self.board.clear()
                give_back()


def _shut_down(holder: str) -> None:
    """Shut a disconnected session down (from any thread): Streamlit's own way for a session that must not
    resume, which closes it on the server's event loop."""
    if Runtime.exists():
        Runtime.instance().clear_user_info_for_session(holder)


def session() -> str:
    """Who holds the jobs this run asks for: the browser session."""
    ctx = get_script_run_ctx()
    holder = ctx.session_id if ctx is not None else "-"
    Housekeeper.saw(holder)
    return holder


def _alive(holder: str) -> bool:
    """Whether a session is still open (a closed tab's jobs are let go); always, without a server (AppTest)."""
    return not Runtime.exists() or Runtime.instance().is_active_session(holder)


def _jobs(kind: str) -> set:
    """This session's job keys of one kind: "wanted" by this run, "cancelled" here, to run "again"."""
    return st.session_state.setdefault(f"jobs_{kind}", set())


def ask(key: tuple, fn, *args, **kwargs):
    """The job for ``key``, held by this session and noted as wanted by this run (see ``settle``); a job this
    session cancelled is not started again until it asks for it again (``run_again``)."""
    _jobs("wanted").add(key)
    if cancelled_by_me(key):
        return job_board().get(key)
    job = job_board().submit(key, fn, *args, holder=session(), again=key in _jobs("again"), **kwargs)
    _jobs("again").discard(key)
    return job


def settle() -> None:
    """The end of a run of the pictures: the jobs it did not ask for are let go (a changed setting, a method
    taken away), and the next run starts counting afresh."""
    job_board().keep_only(session(), _jobs("wanted"))
    st.session_state["jobs_wanted"] = set()


def cancel(key: tuple) -> None:
    """This session's Cancel: it stops waiting; the job stops unless another session still waits for it."""
    _jobs("cancelled").add(key)
    job_board().release(session(), key)


def cancelled_by_me(key: tuple) -> bool:
    return key in _jobs("cancelled")


def run_again(key: tuple) -> None:
    _jobs("cancelled").discard(key)
    _jobs("again").add(key)


@st.cache_resource(max_entries=8, ttl=CACHE_SECONDS, show_spinner=False)
def sample_source(name: str) -> Source:
    return Source.sample(name)


@st.cache_resource(max_entries=8, ttl=CACHE_SECONDS, show_spinner=False)
def table_of(_source: Source, fingerprint: str, roles: Roles):
    return read(_source, roles, max_bytes=UPLOAD_LIMIT_MB * 1024 * 1024)


@st.cache_resource(max_entries=8, ttl=CACHE_SECONDS, show_spinner=False)
def pipeline_of(_source: Source, fingerprint: str, roles: Roles, preparation: Preparation) -> Pipeline:
    """One pipeline per source, roles and preparation; its prepared matrix is computed once, when first asked for."""
    return Pipeline(_source, roles, preparation, table=table_of(_source, fingerprint, roles))


@st.cache_data(max_entries=32, ttl=CACHE_SECONDS, show_spinner=False)
def project_here(_X, key: str, spec: ProjectionSpec, features: tuple[str, ...]):
    return project(_X, spec, features=list(features))


def later(key: tuple, fn, *args):
    """``fn(*args)`` run once per ``key`` in a background thread (shared by every session): its value when
    done, else the running Job, so that the page draws what it has and polls for the rest."""
    job = ask(key, lambda *values, progress: fn(*values), *args)
    return job.result() if job is not None and job.done else job


def hover_neighbors(X, labels, key: str, metric: str):
    """Each item's 3 closest items under ``metric``, as hover text (once per prepared table), or the Job."""
    return later(("hover", key, metric), lambda: anchor.neighbor_lines(labels, *similarity.neighbors(X, k=3,
                                                                                                     metric=metric)))


def _scores(X, Y, metric: str):
    try:
        scores = quality.score(X, Y, k=K, metric=metric)
    except ExplorerError:  # too few rows to score
        scores = None
    return scores, quality.per_item(X, Y, k=K, metric=metric)


def layout_scores(X, Y, key: str, spec_json: str, metric: str):
    """(scores or None when the table is too small to score, per-item kept neighbours), or the Job computing
    them: a picture is drawn without waiting for its scores."""
    return later(("scores", key, spec_json, metric), _scores, X, Y, metric)


@st.cache_data(max_entries=16, ttl=CACHE_SECONDS, show_spinner=False)
def stable_scores(_layouts, key: str, specs: tuple[str, ...]):
    return quality.stability(_layouts, k=K)


@st.cache_data(max_entries=32, ttl=CACHE_SECONDS, show_spinner=False)
def with_what_if(_X, _new, _base, key: str, spec_json: str, features: tuple[str, ...]):
    """Every row's coordinates: the fitted rows as they were, added/edited rows placed into the layout."""
    try:
        return extend(_X, _new, _base, features=list(features))
    except ExplorerError as error:
        return error
