"""Everything said to a user, in English and 中文: one catalogue (``CATALOGUE``), one ``say``.

``say(key, **params)`` makes a :class:`Message` (its English text, able to be said
again); ``localise(message, lang)`` says a message, or an error carrying one, in
a language; ``t(key, lang, **values)`` is the two at once, for the page's words.
"""
from .catalogue import CATALOGUE
from .speech import (ATTENTION, LANGS, SEPARATORS, Message, delimiter_name, joined, localise, needs_attention, say,
                     t)

__all__ = ["ATTENTION", "CATALOGUE", "LANGS", "SEPARATORS", "Message", "delimiter_name", "joined", "localise",
           "needs_attention", "say", "t"]
