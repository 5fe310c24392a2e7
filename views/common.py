"""What every view needs: the page's language and words, data shown as literal text, the anchor."""
from __future__ import annotations

import re

import streamlit as st

from explorer.present import selection
from explorer.words import localise, t

UPLOAD_LIMIT_MB = 200  # keep equal to server.maxUploadSize in .streamlit/config.toml
# Widgets whose options are shown in the page's language (by key, or by the prefix before "_").
TRANSLATED = {"source", "sample", "methods", "scaling", "missing", "metric", "colour", "linear", "stability", "label",
              "view", "tut_draw", "tut_item", "tut_other", "select"}


def lang() -> str:
    return st.session_state.get("lang", "en")


def tr(key: str, **values) -> str:
    """An interface text in the page's language."""
    return t(key, lang(), **values)


def md(value: object, limit: int = 60) -> str:
    """Data (or a message quoting data) shown in Markdown as the literal text it is: no links, colours,
    maths or emphasis. Streamlit renders st.markdown/error/warning/caption text as Markdown."""
    text = str(value) if len(str(value)) <= limit else str(value)[: limit - 1] + "…"
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|~<>$&:])", r"\\\1", text)


def said(message: object) -> str:
    """A note or error about the user's data, in the page's language, as literal Markdown."""
    return md(localise(message, lang()), 2000)


def relabel() -> None:
    """After a language switch, hand every translated widget its value again: the browser keeps the old
    language's label as the selection, which matches none of the new labels."""
    for key in list(st.session_state):
        if isinstance(key, str) and (key in TRANSLATED or key.split("_")[0] in TRANSLATED):
            st.session_state[key] = st.session_state[key]


def seeded(key: str, first) -> str:
    """``key``, its widget's first value set in the session's state instead of as the widget's default: a
    language switch (``relabel``) sets the state of translated widgets, and Streamlit warns about a widget
    given both."""
    st.session_state.setdefault(key, first)
    return key


def set_anchor(index: int) -> None:
    st.session_state["anchor"] = int(index)


def on_point_click(chart_key: str) -> None:
    """Copy a clicked point into our own state (a chart's selection is lost when its figure changes): a click
    makes the point the anchor; a box or lasso selects the points inside it."""
    chosen = st.session_state.get(chart_key, {}).get("selection", {})
    points = chosen.get("points", [])
    if chosen.get("box") or chosen.get("lasso"):
        if points:
            st.session_state["selection"] = (st.session_state.get("anchor_key"),
                                             selection.chart_rows(points, st.session_state.get("drawn_rows")))
            st.session_state["select_text"] = ""  # the selection is the box's now, not the search's
            st.session_state.pop("select_error", None)
        return
    for point in points:
        if point.get("curve_number", 0) == 0 and "point_index" in point:
            drawn = st.session_state.get("drawn_rows")  # the chart's point i is the table's row drawn[i]
            set_anchor(point["point_index"] if drawn is None else drawn[point["point_index"]])
            return
