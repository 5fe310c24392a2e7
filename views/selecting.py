"""Many items at once: the search that selects, the selection's count, isolate, its CSV, and the linked table
under the pictures (widgets and layout only; the logic is ``explorer.present.selection``)."""
from __future__ import annotations

import numpy as np
import streamlit as st

from explorer.errors import ExplorerError
from explorer.neighbours import to_anchor
from explorer.present import selection, tables
from views.common import lang, md, said, set_anchor, tr

SELECTION = "selection"  # session state: (the prepared table's key, the selected positions)
ISOLATE_K = 10  # each selected item's nearest items an isolated picture also draws
ISOLATE_NEIGHBOURS_UP_TO = 5_000  # selected items whose nearest are searched for (beyond: the selection alone)
LINKED_UP_TO = 500  # rows of the linked table (the closest to the anchor of the rows in view or selected)
LINKED_COLUMNS = 6  # text columns of the table shown in it
ALL_CHOICE = "\0all"  # "search in: every text column"
LABEL_CHOICE = "\0label"  # "search in: the label" for a table without a label column (items named row 1, …)


def selected(key: str) -> np.ndarray:
    """The selected positions of the prepared table ``key`` (none after the table changed)."""
    stored = st.session_state.get(SELECTION)
    return stored[1] if stored is not None and stored[0] == key else np.empty(0, dtype=np.int64)


def set_selection(rows, key: str | None = None) -> None:
    key = key if key is not None else st.session_state.get("anchor_key")
    st.session_state[SELECTION] = (key, np.unique(np.asarray(rows, dtype=np.int64)))
    st.session_state.pop("select_error", None)


def clear_selection() -> None:
    set_selection([])
    st.session_state["select_text"] = ""


def run_search(pipeline) -> None:
    """The search box's callback: select what matches (a bad pattern: nothing, and the reason on the page)."""
    prepared, pattern = pipeline.prepared, st.session_state.get("select_text", "")
    column = st.session_state.get("select_in", ALL_CHOICE)
    try:
        found = selection.search(pipeline.table, prepared.labels, prepared.rows, pattern,
                                 mode=st.session_state.get("select_mode", "substring"), everywhere=column == ALL_CHOICE,
                                 column=selection.LABEL if column in (LABEL_CHOICE, pipeline.table.label) else column)
    except ExplorerError as error:
        set_selection([], pipeline.prep_key)
        st.session_state["select_error"] = error
        return
    set_selection(found, pipeline.prep_key)


@st.cache_data(max_entries=16, show_spinner=False)
def _isolated(_X, key: str, chosen: bytes, k: int, metric: str) -> np.ndarray:
    return selection.isolate(_X, np.frombuffer(chosen, dtype=np.int64), k, metric)


def isolate_k(chosen: np.ndarray) -> int:
    """How many nearest items each selected one brings along (none for a selection too large to search for)."""
    return ISOLATE_K if len(chosen) <= ISOLATE_NEIGHBOURS_UP_TO else 0


def isolated_rows(pipeline, chosen: np.ndarray, metric: str, anchor: int) -> np.ndarray:
    """The selection with its nearest items (searched once per selection, whatever the anchor) and the anchor."""
    rows = _isolated(pipeline.prepared.X, pipeline.prep_key, chosen.astype(np.int64).tobytes(), isolate_k(chosen),
                     metric)
    return np.union1d(rows, [anchor])


@st.cache_data(max_entries=8, show_spinner=False)
def _colour_choices(_table, _prepared, key: str) -> list:
    return tables.colour_choices(_table, _prepared)


def colour_choices(pipeline) -> list:
    """Nothing, categories, columns of numbers, distortion, features (the scan for numbers once per table)."""
    return _colour_choices(pipeline.table, pipeline.prepared, pipeline.prep_key)


def where_name(choice: str) -> str:
    """How the "search in" menu shows a choice: every text column, the label, or a column's own name."""
    return tr("select_in_all") if choice == ALL_CHOICE else tr("col_item") if choice == LABEL_CHOICE else choice


def search_widgets(pipeline, metric: str) -> tuple[np.ndarray, bool]:
    """The search that selects, what it selected, isolate, the selection's CSV. The selection and whether the
    pictures show only it (with its nearest items)."""
    table, prepared, key = pipeline.table, pipeline.prepared, pipeline.prep_key
    stored = st.session_state.get(SELECTION)
    if st.session_state.get("select_text") and (stored is None or stored[0] != key):
        run_search(pipeline)  # a new table or preparation: the same search, on it
    columns = [ALL_CHOICE, *([table.label] if table.label else [LABEL_CHOICE]), *selection.text_columns(table)]
    if st.session_state.get("select_in") not in columns:
        st.session_state["select_in"] = ALL_CHOICE
    text, mode, where = st.columns([4, 2, 2], vertical_alignment="bottom")
    search = lambda: run_search(pipeline)  # noqa: E731
    text.text_input(tr("select_text"), key="select_text", placeholder=tr("select_hint"), help=tr("select_text_help"),
                    on_change=search)
    mode.radio(tr("select_mode"), list(selection.MODES), key="select_mode", horizontal=True, on_change=search,
               format_func=lambda m: tr(f"select_mode_{m}"))
    where.selectbox(tr("select_in"), columns, key="select_in", on_change=search,
                    format_func=where_name)
    error = st.session_state.get("select_error")
    if error is not None:
        st.error(said(error))
    chosen = selected(key)
    count, isolate, download, clear = st.columns([5, 2, 2, 2], vertical_alignment="center")
    if chosen.size:
        count.markdown(tr("selected_n", n=int(chosen.size), total=prepared.n))
    elif st.session_state.get("select_text") and error is None:
        count.markdown(tr("selected_no_match", pattern=md(st.session_state["select_text"]),
                          where=md(where_name(st.session_state["select_in"]))))
    elif error is None:  # (a bad pattern is said above, once)
        count.caption(tr("selected_none"))
    on = isolate.toggle(tr("isolate"), key="isolate", disabled=not chosen.size, help=tr("isolate_help", k=ISOLATE_K))
    anchor = st.session_state.get("anchor", 0)
    download.download_button(
        tr("select_download"), lambda: selection.selection_csv(
            prepared.labels, chosen, to_anchor(prepared.X, anchor, metric), metric, table=table,
            rows=prepared.rows, label_name=table.label or "label"),
        file_name="selection.csv", mime="text/csv", key="dl_selection", on_click="ignore", disabled=not chosen.size,
        icon=":material/download:")
    clear.button(tr("select_clear"), key="clear_selection", on_click=clear_selection,
                 disabled=not chosen.size and not st.session_state.get("select_text"))
    return chosen, bool(on and chosen.size)


LINKED = "linked_table"  # session state: a counter in the table's key (a fresh table after each row click)


def on_row_click(key: str, positions: np.ndarray) -> None:
    rows = st.session_state.get(key, {}).get("selection", {}).get("rows", [])
    if rows:
        set_anchor(int(positions[rows[0]]))
        st.session_state[LINKED] = st.session_state.get(LINKED, 0) + 1  # the clicked row is not kept selected


def linked_table(scene) -> None:
    """The items in view (or the selection), closest to the anchor first, sortable; a click on a row makes
    that item the anchor."""
    prepared, table = scene.pipeline.prepared, scene.pipeline.table
    view = scene.anchor_view
    rows = scene.selected if scene.selected.size else scene.drawn
    shown = selection.closest(rows, view.closeness, view.metric, LINKED_UP_TO)
    frame = selection.items_frame(prepared.labels, shown, view.closeness, view.metric, table=table, rows=prepared.rows,
                                  selected=scene.selected, columns=selection.text_columns(table)[:LINKED_COLUMNS],
                                  lang=lang())
    which = tr("linked_rows_selected" if scene.selected.size else "linked_rows_drawn", n=len(rows)) \
        if len(shown) == len(rows) else tr("linked_rows_cut", shown=len(shown), n=len(rows))
    st.subheader(tr("linked_table"))
    st.caption(tr("linked_caption", which=which))
    key = f"linked_{st.session_state.get(LINKED, 0)}"
    metric_column = tr(f"pair_{view.metric}")
    config = {metric_column: st.column_config.NumberColumn(metric_column, format="%.4f")}
    st.dataframe(frame, key=key, on_select=lambda: on_row_click(key, frame.index.to_numpy()),
                 selection_mode="single-row", hide_index=True, width="stretch", column_config=config,
                 height=min(38 + 35 * len(frame), 390))
