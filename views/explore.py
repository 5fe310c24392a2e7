"""The Explore view: bring a table, prepare it, choose methods, and see and judge the pictures."""
from __future__ import annotations

import time

import numpy as np
import streamlit as st
from streamlit.errors import StreamlitAPIException

from explorer.errors import ExplorerError
from explorer.present import anchor as anchors
from explorer.present import selection, tables, tutorial
from explorer.words import localise, needs_attention
from views import judge, methods, selecting
from views.cached import hover_neighbors, settle
from views.common import lang, md, said, seeded, set_anchor, tr
from views.data import pipeline_widgets
from views.panels import Scene, panels, run_projections
from views.restyle import restyle

HOVER_REASONS_UP_TO = 20_000
FIND_LIST_UP_TO = 1_000  # items the anchor's box lists to choose from; above, it is a text box
DRAW_UP_TO = 100_000  # points a chart draws: a seeded random sample of more, plus the anchor


def show() -> None:
    st.caption(tr("tagline"))
    with st.container(border=True):
        hint, go = st.columns([5, 1], vertical_alignment="center")
        hint.markdown(tr("tut_cta"))
        go.button(tr("tut_open"), key="tut_open", on_click=lambda: st.session_state.update(view="tutorial"))
    try:
        pipeline, original, metric = pipeline_widgets()
    except ExplorerError as error:
        st.error(said(error))
        st.stop()
    summary(pipeline)
    specs = methods.spec_widgets(pipeline.prepared)
    if not specs:
        st.info(tr("pick_method"))
        st.stop()
    pictures(pipeline, original, metric, specs)


@st.fragment
def pictures(pipeline, original, metric: str, specs: list) -> None:
    """Everything that follows the anchor: a click, the search box or a finished background job reruns only
    this part of the page (the sidebar, the notes and the editors stay as they are)."""
    prepared = pipeline.prepared
    scene = scene_widgets(pipeline, original, metric)
    fit_X = prepared.X[~scene.what_if]
    results = dict(zip([s.method for s in specs], run_projections(fit_X, prepared.features, scene.fit_key, specs)))
    if scene.what_if.any():
        labels = np.asarray(prepared.labels)[scene.what_if][:5]
        st.info(tr("what_if", n=int(scene.what_if.sum()), labels=", ".join(md(label) for label in labels)))
    panels(scene, specs, results)
    selecting.linked_table(scene)
    judge.trust(scene)
    judge.loadings(scene, results)
    judge.stability(scene, specs)
    judge.heatmap(scene)
    restyle(scene.restyles)
    settle()  # the jobs this run did not ask for are let go
    if scene.pending:  # progressive display: show what is ready, poll until the rest is
        time.sleep(1.0 if any(getattr(job, "partial", None) is not None for job in scene.pending) else 0.5)
        try:
            st.rerun(scope="fragment")
        except StreamlitAPIException:  # the first run of the page is a full run: rerun it all
            st.rerun()


def summary(pipeline) -> None:
    """The table in one line, what preparation changed, and the reader's notes."""
    table, prepared = pipeline.table, pipeline.prepared
    st.markdown(tr("summary", rows=prepared.n, features=len(prepared.features),
                   label=md(table.label) if table.label else tr("row_numbers"),
                   categories=", ".join(md(c) for c in table.categories) or "—"))
    if tutorial.picture_targets(prepared.labels) is not None:
        st.button(tr("draw_tutorial_picture"), on_click=methods.draw_tutorial_picture, key="draw_tutorial_picture")
    # What preparation changed, and reader notes about data the picture will not use as written, in plain sight
    for note in [n for n in table.notes if needs_attention(n)] + prepared.notes:
        st.warning(said(note), icon="⚠️")
    if table.notes:
        with st.expander(tr("notes", n=len(table.notes))):
            st.dataframe({tr("what_reader_did"): [localise(note, lang()) for note in table.notes]}, hide_index=True,
                         width="stretch")


def find_widget(labels, key: str) -> None:
    """The anchor's box: it shows the anchor, however it was set. Up to ``FIND_LIST_UP_TO`` items a list to
    choose from; above, a text box (a list is sent to the browser and drawn anew on every click: 10k labels,
    151 KB, ~0.2 s of a click)."""
    anchor, find = st.session_state["anchor"], f"find_{key}"
    if len(labels) <= FIND_LIST_UP_TO:
        st.session_state[find] = anchor
        st.selectbox(tr("find_item"), range(len(labels)), placeholder=tr("find_item_hint"),
                     format_func=lambda i: labels[i], key=find,
                     on_change=lambda: set_anchor(st.session_state[find]) if st.session_state[find] is not None
                     else None)
        return
    if st.session_state.get(f"{find}_anchor") != anchor:  # set elsewhere (a click): its label in the box
        st.session_state[find], st.session_state[f"{find}_anchor"] = labels[anchor], anchor
    st.text_input(tr("find_item"), key=find, placeholder=tr("find_item_hint"), help=tr("find_item_help"),
                  on_change=find_by_label, args=(labels, find))
    if st.session_state[find] != labels[anchor]:
        st.caption(tr("find_none", text=md(st.session_state[find]), label=md(labels[anchor])))


def find_by_label(labels, find: str) -> None:
    found = selection.best_match(labels, st.session_state[find])
    if found is not None:  # the anchor, and its label as it is written in the box
        set_anchor(found)
        st.session_state[find], st.session_state[f"{find}_anchor"] = labels[found], found


def scene_widgets(pipeline, original, metric: str) -> Scene:
    """The anchor (a click on any panel, or the search box), the colour, and what every panel shares."""
    table, prepared, key = pipeline.table, pipeline.prepared, pipeline.prep_key
    if st.session_state.get("anchor_key") != key or st.session_state.get("anchor", 0) >= prepared.n:
        st.session_state["anchor"], st.session_state["anchor_key"] = 0, key
    search, colour_column = st.columns([3, 2])
    with search:
        find_widget(prepared.labels, key)
    anchor = st.session_state["anchor"]
    choices = selecting.colour_choices(pipeline)
    colour = colour_column.selectbox(tr("colour_by"), choices, format_func=lambda c: c.name(lang()),
                                     key=seeded(f"colour_{pipeline.data_key}", choices[1 if table.categories else 0]))
    chosen, isolated = selecting.search_widgets(pipeline, metric)
    anchor_view = anchors.anchor_view(prepared.X, anchor, prepared.features, metric=metric,
                                      reasons=prepared.n <= HOVER_REASONS_UP_TO)
    neighbours = hover_neighbors(prepared.X, prepared.labels, key, metric)
    waiting = [] if isinstance(neighbours, list) else [neighbours]  # the hover gets them on a later rerun
    about = None if waiting else anchors.nearest_lines(neighbours, lang())
    st.markdown(tr("anchor_is", label=md(prepared.labels[anchor])))
    # In the editor, added or edited rows are placed into the layout of the rows as they were (what-if).
    what_if = np.zeros(prepared.n, dtype=bool)
    if original is not None:
        what_if = tables.changed_rows(original.data, table.data)[prepared.rows]
        if what_if.all():
            what_if[:] = False
    fit_key = key if not what_if.any() else f"{key}|fit:{np.flatnonzero(what_if).tobytes().hex()}"
    if isolated:  # only the selection, its nearest items and the anchor
        drawn = selecting.isolated_rows(pipeline, chosen, metric, anchor)
        st.caption(tr("isolated" if selecting.isolate_k(chosen) else "isolated_alone", shown=len(drawn),
                      n=len(chosen)))
        if len(drawn) > DRAW_UP_TO:
            drawn = np.union1d(drawn[anchors.drawn_rows(len(drawn), DRAW_UP_TO)], [anchor])
    else:
        drawn = anchors.drawn_rows(prepared.n, DRAW_UP_TO, anchor)
    st.session_state["drawn_rows"] = drawn
    return Scene(pipeline=pipeline, metric=metric, anchor_view=anchor_view,
                 details=anchors.hover_details(anchor_view, lang()), about=about, drawn=drawn,
                 colour=colour, what_if=what_if, fit_key=fit_key, pending=waiting, selected=chosen,
                 isolated=isolated)
