"""How a note names columns and rows: short lists, quoted names, row numbers; unique column names."""
from __future__ import annotations

from typing import Sequence

import numpy as np

from ..words import say


def names_list(names: Sequence[str], limit: int = 8) -> str:
    """a, b, c … z: a readable list of column names for a note."""
    names = [str(n) for n in names]
    if len(names) > limit:
        names = names[: limit - 2] + ["…", names[-1]]
    return ", ".join(names)


def quoted(names: Sequence[str], limit: int = 30) -> str:
    shown = ", ".join(repr(str(n)) for n in names[:limit])
    return say("quoted_more", names=shown, n=len(names)) if len(names) > limit else shown


def rows_text(positions, rows: np.ndarray, limit: int = 5) -> str:
    positions = list(positions)
    shown = ", ".join(str(rows[p]) for p in positions[:limit]) + (" …" if len(positions) > limit else "")
    return say("rows_one" if len(positions) == 1 else "rows_many", rows=shown)


def unique_names(raw: Sequence, notes: list[str]) -> list[str]:
    """Column names as text, stripped, none empty, none twice (a, a -> a, a_2)."""
    names: list[str] = []
    stripped = False
    for i, name in enumerate(raw):
        text = "" if name is None else str(name)
        stripped |= text != text.strip()
        names.append(text.strip() or f"Unnamed: {i}")
    if stripped:
        notes.append(say("names_stripped"))
    seen = set(names)
    used: set[str] = set()
    renamed = []
    for i, name in enumerate(names):
        if name in used:
            k = 2
            while f"{name}_{k}" in seen or f"{name}_{k}" in used:
                k += 1
            names[i] = f"{name}_{k}"
            renamed.append(f"{name!r} -> {names[i]!r}")
        used.add(names[i])
    if renamed:
        notes.append(say("names_renamed", renamed=", ".join(renamed[:5]) + (" …" if len(renamed) > 5 else "")))
    return names
