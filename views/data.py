"""Sidebar: where the table comes from, what its columns are, how it is prepared (and the table editor)."""
from __future__ import annotations

import os

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from explorer import ingest
from explorer.opened import Opened, opened
from explorer.pipeline import Pipeline, Preparation, Roles, Source
from explorer.table import MISSING, SCALINGS, FeatureTable
from views.cached import pipeline_of, sample_source, table_of
from views.common import UPLOAD_LIMIT_MB, md, seeded, tr


# Streamlit deep-copies every widget's value on every run (a copy user code could change): for an upload that is
# the whole file (a 37 MB upload: ~25 ms and 37 MB more per full rerun). The page only reads an upload's bytes
# (getvalue), so an upload is handed back as it is.
UploadedFile.__deepcopy__ = lambda self, memo: self


@st.cache_resource(max_entries=4, show_spinner=False)
def opened_source(path: str, metadata: str | None, stamp: tuple) -> Source:
    """The file ``explorer view`` opened, read once (again only when it changes on disk: ``stamp``)."""
    return Source.from_path(path, metadata)


def _stamp(*paths: str | None) -> tuple:
    return tuple((os.stat(p).st_mtime_ns, os.stat(p).st_size) for p in paths if p)


def opened_widgets(chosen: Opened) -> Source | None:
    """The file opened from the command line as the source, named in the sidebar (None: it cannot be read)."""
    try:
        source = opened_source(chosen.path, chosen.metadata, _stamp(chosen.path, chosen.metadata))
    except OSError as error:
        st.sidebar.warning(tr("view_opened_missing", path=md(chosen.path, 200), reason=md(error.strerror or error)))
        return None
    st.sidebar.markdown(tr("opened_file", name=md(chosen.name, 120)))
    return source


def source_widgets() -> Source:
    """Sidebar: the file opened from the command line (explorer view), a sample or an upload. An upload is
    fingerprinted once, when it arrives, not on every rerun."""
    chosen = opened()
    st.sidebar.radio(tr("source"), (["file"] if chosen else []) + ["sample", "upload", "edit"], key="source",
                     format_func=lambda s: tr(f"source_{s}"), horizontal=True)
    if st.session_state["source"] == "file":
        source = opened_widgets(chosen)
        if source is not None:
            return source
    if st.session_state["source"] == "upload":
        files = st.sidebar.file_uploader(
            tr("upload", mb=UPLOAD_LIMIT_MB), accept_multiple_files=True, key="upload",
            help=tr("upload_help"),  # no type filter: the reader explains what a .zip or .xls needs
        )
        if files:
            ids = tuple(f.file_id for f in files)
            known = st.session_state.get("upload_source")
            if known is None or known[0] != ids:
                st.session_state["upload_source"] = ids, Source.uploads([(f.name, f.getvalue()) for f in files])
            source = st.session_state["upload_source"][1]
            if source.set_aside:
                st.sidebar.info(tr("upload_set_aside", used=md(source.name), aside=", ".join(map(md, source.set_aside))))
            return source
        st.sidebar.info(tr("upload_hint"))
    name = st.sidebar.selectbox(tr("sample"), list(ingest.SAMPLES), key="sample",
                                format_func=lambda s: tr(f"sample_{s}"))
    return sample_source(name)


def role_widgets(table: FeatureTable, source_key: str) -> Roles | None:
    """Sidebar: what the reader decided about each column, changeable. The user's roles, or None."""
    columns = [str(c) for c in table.data.columns]
    with st.sidebar.expander(tr("roles"), expanded=False):
        label_options = [None, *[c for c in columns if c not in table.features]]
        label = st.selectbox(tr("label_column_pick"), label_options, key=seeded(f"label_{source_key}", table.label),
                             format_func=lambda c: tr("row_numbers") if c is None else c)
        features = st.multiselect(tr("feature_columns"), [c for c in columns if c != label],
                                  default=table.features, key=f"features_{source_key}")
    changed = label != table.label or features != table.features
    return Roles(label=label, features=tuple(features)) if changed else None


def preparation_widgets() -> tuple[Preparation, str]:
    """Sidebar: scaling and missing values, and how closeness in the data is measured."""
    st.sidebar.subheader(tr("prepare"))
    scaling = st.sidebar.radio(tr("scaling"), SCALINGS, key="scaling", horizontal=True,
                               format_func=lambda s: tr(f"scaling_{s}"))
    missing = st.sidebar.radio(tr("missing"), MISSING, key="missing", horizontal=True,
                               format_func=lambda s: tr(f"missing_{s}"))
    metric = st.sidebar.radio(tr("metric"), ["cosine", "euclidean"], key="metric", horizontal=True,
                              format_func=lambda m: tr(f"metric_{m}"), help=tr("metric_help"))
    return Preparation(scaling=scaling, missing=missing), metric


def pipeline_widgets() -> tuple[Pipeline, FeatureTable | None, str]:
    """The sidebar's choices as a pipeline; with the editor on, also the table as it was before the edits.

    Raises ExplorerError when the file cannot be read or prepared (the caller says so).
    """
    source = source_widgets()
    roles = Roles()
    table = table_of(source, source.fingerprint, roles)
    overrides = role_widgets(table, source.fingerprint[7:23])
    if overrides:
        roles, table = overrides, table_of(source, source.fingerprint, overrides)
    original = None
    if st.session_state["source"] == "edit":
        st.subheader(tr("edit_table"))
        edited = st.data_editor(table.data, num_rows="dynamic", key=f"editor_{source.name}", width="stretch")
        original, source = table, Source(ingest.frame_to_bytes(edited), f"edited-{source.name.rsplit('.', 1)[0]}.csv")
        roles = Roles(label=table.label, features=tuple(table.features))
    preparation, metric = preparation_widgets()
    pipeline = pipeline_of(source, source.fingerprint, roles, preparation)
    pipeline.prepared  # read and prepare now, so a bad file is said here
    return pipeline, original, metric
