"""The page's caches around pure engine calls, so that a hover, a click or a rerun never recomputes.

Tables and pipelines are cached as resources (the same object for every rerun and session, never
copied or pickled); small derived values with ``st.cache_data``. Large inputs are passed with a
leading underscore (not hashed) beside a key that names them.
"""
from __future__ import annotations

import streamlit as st

from explorer import quality
from explorer.errors import ExplorerError
from explorer.neighbours import similarity
from explorer.pipeline import Pipeline, Preparation, Roles, Source, read
from explorer.present import anchor
from explorer.project import ProjectionSpec, extend, project
from explorer.run.jobs import JobBoard
from explorer.run.worker import warm_up
from views.common import UPLOAD_LIMIT_MB

K = 10  # neighbourhood size of the scores, the neighbour table and the stability check


@st.cache_resource
def job_board() -> JobBoard:
    warm_up()
    return JobBoard()


@st.cache_resource(max_entries=8, show_spinner=False)
def sample_source(name: str) -> Source:
    return Source.sample(name)


@st.cache_resource(max_entries=8, show_spinner=False)
def table_of(_source: Source, fingerprint: str, roles: Roles):
    return read(_source, roles, max_bytes=UPLOAD_LIMIT_MB * 1024 * 1024)


@st.cache_resource(max_entries=8, show_spinner=False)
def pipeline_of(_source: Source, fingerprint: str, roles: Roles, preparation: Preparation) -> Pipeline:
    """One pipeline per source, roles and preparation; its prepared matrix is computed once, when first asked for."""
    return Pipeline(_source, roles, preparation, table=table_of(_source, fingerprint, roles))


@st.cache_data(max_entries=32, show_spinner=False)
def project_here(_X, key: str, spec: ProjectionSpec, features: tuple[str, ...]):
    return project(_X, spec, features=list(features))


@st.cache_data(max_entries=8, show_spinner=False)
def hover_neighbors(_X, _labels, key: str) -> list[str]:
    """Each item's 3 most similar items, as hover text (computed once per prepared table)."""
    return anchor.neighbor_lines(_labels, *similarity.neighbors(_X, k=3))


@st.cache_data(max_entries=64, show_spinner=False)
def layout_scores(_X, _Y, key: str, spec_json: str, metric: str):
    """(scores or None when the table is too small to score, per-item kept neighbours)."""
    try:
        scores = quality.score(_X, _Y, k=K, metric=metric)
    except ExplorerError:
        scores = None
    return scores, quality.per_item(_X, _Y, k=K, metric=metric)


@st.cache_data(max_entries=16, show_spinner=False)
def stable_scores(_layouts, key: str, specs: tuple[str, ...]):
    return quality.stability(_layouts, k=K)


@st.cache_data(max_entries=32, show_spinner=False)
def with_what_if(_X, _new, _base, key: str, spec_json: str, features: tuple[str, ...]):
    """Every row's coordinates: the fitted rows as they were, added/edited rows placed into the layout."""
    try:
        return extend(_X, _new, _base, features=list(features))
    except ExplorerError as error:
        return error
