"""The one catalogue of everything said to a user: key -> (English, 中文).

It is kept in parts, one per stage that speaks, and merged here; a key said by
two parts is a mistake caught on import.
"""
from __future__ import annotations

from . import distributed, judging, page, preparing, projecting, reading, running, selecting, tutorial

PARTS = (reading.WORDS, preparing.WORDS, projecting.WORDS, judging.WORDS, running.WORDS, distributed.WORDS, page.WORDS, tutorial.WORDS,
         selecting.WORDS)
CATALOGUE: dict[str, tuple[str, str]] = {}
for _part in PARTS:
    _twice = set(_part) & set(CATALOGUE)
    if _twice:
        raise RuntimeError(f"catalogue keys said twice: {sorted(_twice)}")
    CATALOGUE.update(_part)
