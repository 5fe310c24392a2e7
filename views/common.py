"""What every view needs: the page's language, its words, and data shown as literal text."""
from __future__ import annotations

import re

import streamlit as st

from explorer.words import t
from explorer.words import localise


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
