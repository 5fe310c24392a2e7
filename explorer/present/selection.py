"""Many items at once: which items a search selects (substring or regex over the label and the text columns),
which a box or lasso on a chart selects, the selection with its nearest items (isolate), and the selection as
a CSV a user takes away; and the one item a label typed into the anchor's box means (``best_match``).

Positions here are positions in the prepared table (``prepared.rows[i]`` is the row of the file), the same
positions every panel and the anchor use.
"""
from __future__ import annotations

import time
from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
import regex

from ..errors import InputError
from ..neighbours import neighbors
from ..words import say, t
from .export import csv_bytes

MODES = ("substring", "regex")
PATTERN_LIMIT = 500  # characters: a search is typed, not pasted from a file
# A whole search's time: SEARCH_SECONDS, and CELL_SECONDS more per cell searched (a plain search takes ~2 µs a
# cell here, so only a pattern that backtracks runs out). Such a pattern, (a+)+$ say, would run for hours on a
# 40-letter label, and Python's own re can neither be stopped nor lets any other session run meanwhile; the
# regex module can be stopped (its timeout), lets other threads run, and cuts most such patterns short itself.
SEARCH_SECONDS = 2.0
CELL_SECONDS = 5e-6
LABEL = None  # the column of a search that means "the label", whether or not the table has a label column


def text_columns(table) -> list[str]:
    """The table's columns that are not features (the label first): what a search looks in."""
    features = set(table.features)
    columns = [str(c) for c in table.data.columns if c not in features]
    if table.label in columns:
        columns.remove(table.label)
    return columns


def texts(table, rows: np.ndarray, column: str) -> pd.Series:
    """A non-feature column's cells for the prepared rows, as text (an empty cell as "")."""
    values = table.data[column].iloc[np.asarray(rows)]
    return values.astype(object).where(values.notna(), "").astype(str).reset_index(drop=True)


def matcher(pattern: str, mode: str = "substring") -> regex.Pattern:
    """The compiled search (Python's own syntax, ``re``'s); a bad regular expression is an InputError that
    names it and says what to do."""
    if len(pattern) > PATTERN_LIMIT:
        raise InputError(say("search_too_long", n=len(pattern), limit=PATTERN_LIMIT))
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    source = pattern if mode == "regex" else regex.escape(pattern)
    try:
        return regex.compile(source, regex.IGNORECASE | regex.VERSION0)
    except regex.error as error:
        raise InputError(say("search_bad_regex", pattern=pattern, error=str(error))) from None


def search(table, labels: Sequence[str], rows: np.ndarray, pattern: str, *, mode: str = "substring",
           column: str | None = LABEL, everywhere: bool = True) -> np.ndarray:
    """Positions of the items whose label (or text column) matches ``pattern``, in order.

    ``mode`` "substring": the text anywhere, ignoring case; "regex": a Python regular expression searched
    anywhere (``^``/``$`` anchor it), ignoring case. ``everywhere``: the label and every text column, else
    only ``column`` (``LABEL`` = the labels as shown). An empty pattern selects nothing; one still searching
    after SEARCH_SECONDS (and CELL_SECONDS a cell) is an InputError.
    """
    if not pattern:
        return np.empty(0, dtype=np.int64)
    compiled = matcher(pattern, mode)
    series = [pd.Series(list(labels), dtype=object).astype(str)] if everywhere or column is LABEL else []
    names = text_columns(table) if everywhere else ([] if column is LABEL else [column])
    series += [texts(table, rows, name) for name in names]
    hit = np.zeros(len(labels), dtype=bool)
    budget = SEARCH_SECONDS + CELL_SECONDS * len(labels) * len(series)
    deadline = time.monotonic() + budget
    for values in series:
        for i, text in enumerate(values):
            if hit[i]:
                continue
            try:
                hit[i] = compiled.search(text, timeout=max(deadline - time.monotonic(), 0.001)) is not None
            except TimeoutError:
                raise InputError(say("search_too_slow", pattern=pattern, seconds=round(budget, 1),
                                     item=labels[i])) from None
    return np.flatnonzero(hit)


def best_match(labels: Sequence[str], text: str) -> int | None:
    """The position of the item a typed label means: the label itself (ignoring case and surrounding spaces),
    else the first that starts with it, else the first that contains it; None when none does."""
    wanted = text.strip().casefold()
    if not wanted:
        return None
    folded = [str(label).strip().casefold() for label in labels]
    for fits in (str.__eq__, str.startswith, str.__contains__):
        found = next((i for i, label in enumerate(folded) if fits(label, wanted)), None)
        if found is not None:
            return found
    return None


def chart_rows(points: Iterable[Mapping], drawn: np.ndarray | None) -> np.ndarray:
    """The positions of the points a box or lasso selected on a chart (its data trace only; point i of the chart
    is position ``drawn[i]``), sorted and unique."""
    index = [int(p["point_index"]) for p in points if p.get("curve_number", 0) == 0 and "point_index" in p]
    found = np.asarray(index, dtype=np.int64)
    if drawn is not None:
        found = np.asarray(drawn, dtype=np.int64)[found]
    return np.unique(found)


def isolate(X: np.ndarray, selected: np.ndarray, k: int = 10, metric: str = "cosine",
            keep: Iterable[int] = ()) -> np.ndarray:
    """The selected positions, each one's ``k`` nearest items in the data (under ``metric``), and ``keep``
    (the anchor): what an isolated picture draws, sorted."""
    selected = np.asarray(selected, dtype=np.int64)
    parts = [selected, np.asarray(list(keep), dtype=np.int64)]
    if selected.size and k > 0 and len(X) > 1:
        idx, _ = neighbors(X, k=k, metric=metric, rows=selected)
        parts.append(idx.ravel())
    return np.unique(np.concatenate(parts))


def items_frame(labels: Sequence[str], positions: np.ndarray, closeness: np.ndarray, metric: str, *,
                table=None, rows: np.ndarray | None = None, selected: np.ndarray | None = None,
                columns: Sequence[str] = (), lang: str = "en") -> pd.DataFrame:
    """The linked table: one row per position, closest to the anchor first: the item, its cosine with (or
    distance to) the anchor in the data, whether it is selected, then ``columns`` of the table as text.

    The frame's index is the position (the page maps a clicked row back to its item by it).
    """
    positions = np.asarray(positions, dtype=np.int64)
    near = -closeness[positions] if metric == "cosine" else closeness[positions]
    positions = positions[np.lexsort((positions, near))]
    data: dict[str, object] = {t("col_item", lang): [str(labels[i]) for i in positions],
                               t(f"pair_{metric}", lang): np.round(closeness[positions].astype(float), 4)}
    if selected is not None:
        data[t("col_selected", lang)] = np.isin(positions, selected)
    for name in columns:
        if name not in data:
            data[name] = texts(table, np.asarray(rows)[positions], name).to_numpy()
    return pd.DataFrame(data, index=pd.Index(positions, name="position"))


def closest(positions: np.ndarray, closeness: np.ndarray, metric: str, limit: int) -> np.ndarray:
    """At most ``limit`` of ``positions``: the ones closest to the anchor."""
    positions = np.asarray(positions, dtype=np.int64)
    if len(positions) <= limit:
        return positions
    near = -closeness[positions] if metric == "cosine" else closeness[positions]
    return np.sort(positions[np.lexsort((positions, near))[:limit]])


def selection_csv(labels: Sequence[str], selected: np.ndarray, closeness: np.ndarray, metric: str, *,
                  table, rows: np.ndarray, label_name: str = "label") -> bytes:
    """The selected items as CSV (UTF-8 with BOM, formulas neutralised): the file's row number, the label,
    the cosine with (or distance to) the anchor, and every text column."""
    selected = np.asarray(selected, dtype=np.int64)
    frame = pd.DataFrame({"row": np.asarray(rows)[selected] + 1, label_name: [str(labels[i]) for i in selected],
                          f"{metric}_to_anchor": closeness[selected].astype(float)})
    for name in text_columns(table):
        if name not in frame.columns:
            frame[name] = texts(table, np.asarray(rows)[selected], name).to_numpy()
    return csv_bytes(frame)
