"""Embedding Explorer — the page: its language, its two views (Explore, Tutorial / 教程), and nothing else.

Widgets and layout only, in ``views/``; every computation is a call into the ``explorer`` package.
"""
from __future__ import annotations

import streamlit as st

from explorer.present import figures
from explorer.words import LANGS
from views import explore, tutorial
from views.cached import session
from views.common import relabel, tr

figures.use_our_template_by_default()  # cheaper figures on every rerun (see figures.py)
st.set_page_config(page_title="Embedding Explorer", page_icon="🧭", layout="wide")
session()  # known to the housekeeper, which drops the caches once every session has closed

st.sidebar.radio("Language / 语言", list(LANGS), format_func=LANGS.get, key="lang", horizontal=True,
                 on_change=relabel)
if st.query_params.get("view") == "tutorial" and "view" not in st.session_state:
    st.session_state["view"] = "tutorial"
st.sidebar.radio(tr("view"), ["explore", "tutorial"], key="view", horizontal=True,
                 format_func=lambda v: tr(f"view_{v}"))
st.title(tr("title"))
if st.session_state["view"] == "tutorial":
    tutorial.show()
else:
    explore.show()
