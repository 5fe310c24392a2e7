"""How a message is made and said again in another language.

A :class:`Message` *is* its English text (a ``str``), so ``str(error)``, the CLI,
logs and every test that matches English keep working; it also remembers its
catalogue key and parameters, so the page can say it again in the reader's
language with :func:`localise`. Parameters that are data (column names, cells,
file names, numbers) are inserted as given in every language; a parameter that
is itself a Message (a reason, a list of rows) is said in the same language.

Templates use ``str.format`` fields plus one addition for English plurals:
``{n:?row|rows}`` gives ``row`` when n == 1 and ``rows`` otherwise (it does not
print n).
"""
from __future__ import annotations

import string
from typing import Iterable

from .catalogue import CATALOGUE

LANGS = {"en": "English", "zh": "中文"}

_TRANSLATED = {"zh": 1}  # language -> its column in CATALOGUE; English is the text itself
# Separators between the parts of a joined message, per language.
SEPARATORS: dict[str, dict[str, str]] = {"zh": {", ": "，", "; ": "；"}}


class Message(str):
    """A message about the user's data: its English text, plus the key and parameters to say it again."""

    key: str
    params: dict

    def __new__(cls, text: str, key: str = "", params: dict | None = None) -> "Message":
        self = super().__new__(cls, text)
        self.key, self.params = key, dict(params or {})
        return self

    def __repr__(self) -> str:
        return f"Message({str(self)!r}, key={self.key!r})"


class _Formatter(string.Formatter):
    """str.format plus ``{n:?one|other}`` for English plurals."""

    def format_field(self, value, format_spec: str) -> str:
        if format_spec.startswith("?"):
            one, _, other = format_spec[1:].partition("|")
            return one if value == 1 else other
        return super().format_field(value, format_spec)


_FORMAT = _Formatter()


def say(key: str, **params: object) -> Message:
    """The message ``key`` with its parameters, as English text that can be said again in another language."""
    return Message(_FORMAT.vformat(CATALOGUE[key][0], (), params), key, params)


def joined(parts: Iterable[object], sep: str = ", ") -> Message:
    """Parts (messages or data) joined by ``sep``; each part is said in the reader's language."""
    parts = list(parts)
    return Message(sep.join(str(p) for p in parts), "", {"parts": parts, "sep": sep})


def delimiter_name(delimiter: str) -> str:
    """How a delimiter is named in a message: tab, space, or the sign in quotes."""
    return {"\t": say("delimiter_tab"), " ": say("delimiter_space")}.get(delimiter, repr(delimiter))


def t(key: str, lang: str = "en", **values: object) -> str:
    """The catalogue's text for ``key`` in ``lang``: ``localise(say(key, **values), lang)``."""
    return localise(say(key, **values), lang)


def localise(message: object, lang: str = "en") -> str:
    """``message`` (a Message, an exception carrying one, or plain text) as plain text in ``lang``.

    Plain strings and messages without a translation come back as their English text.
    """
    if isinstance(message, BaseException):
        message = message.args[0] if len(message.args) == 1 else str(message)
    if not isinstance(message, Message) or lang not in _TRANSLATED:
        return str(message)
    if message.key == "":
        sep = message.params["sep"]
        return SEPARATORS[lang].get(sep, sep).join(localise(p, lang) for p in message.params["parts"])
    template = CATALOGUE[message.key][_TRANSLATED[lang]] if message.key in CATALOGUE else ""
    if not template:
        return str(message)
    params = {k: localise(v, lang) if isinstance(v, Message) else v for k, v in message.params.items()}
    return _FORMAT.vformat(template, (), params)


# Reader notes about data that will not reach the picture as written: the page shows these
# in plain sight, not only in the list of everything the reader decided.
ATTENTION = frozenset({"mixed_column", "cells_not_numbers", "cells_infinite"})


def needs_attention(message: object) -> bool:
    """Whether a note (or a note it wraps, e.g. 'column …: …') is in ``ATTENTION``."""
    if not isinstance(message, Message):
        return False
    return message.key in ATTENTION or any(needs_attention(v) for v in message.params.values())
