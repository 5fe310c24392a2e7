"""Column roles: which columns are features (numbers, or vectors expanded into numbers), which is
the label, which are categories; every decision is written into the table's notes.

``build_table`` turns a table as read (a pyarrow Table: text columns as strings, typed columns
from Parquet) into a :class:`FeatureTable`: each column is typed (``cells``), then the features,
the label and the categories are chosen in that order.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import DataError, InputError
from ..words import delimiter_name, joined, say
from .feature_table import FeatureTable
from .names import names_list, quoted, rows_text, unique_names
from .cells import Numbers, VECTOR_CELL, _numpy, _text, _typed_numbers, parse_numbers, parse_vectors, short

LABEL_NAMES = frozenset({
    "label", "labels", "name", "names", "word", "words", "token", "term", "title", "item", "items",
    "text", "sentence", "entity", "词", "单词", "词语", "名称", "名字", "姓名", "标签", "标题", "项目",
    "物品", "文本", "句子"})
ID_NAMES = frozenset({"id", "index", "idx", "#", "no", "no.", "row", "rownum", "row_id", "rowid", "key",
                      "序号", "编号", "行号"})
MAX_CATEGORIES = 20


@dataclass
class _Column:
    name: str
    data: pa.ChunkedArray
    kind: str = "text"  # number, vector, text, empty
    numbers: Numbers | None = None
    vectors: list[np.ndarray] | None = None
    parts: list[str] = field(default_factory=list)
    distinct: int = 0
    nonempty: int = 0


def _is_blank(col) -> np.ndarray:
    if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
        blank = pc.equal(pc.utf8_length(pc.utf8_trim_whitespace(pc.fill_null(col, ""))), 0)
    else:
        blank = pc.is_null(col)
    return _numpy(blank).astype(bool)


def _drop_empty_rows(table: pa.Table, rows: np.ndarray, notes: list[str],
                     source: str) -> tuple[pa.Table, np.ndarray]:
    if table.num_columns == 0:
        return table, rows
    empty = np.ones(table.num_rows, dtype=bool)
    for col in table.columns:
        empty &= _is_blank(col)
        if not empty.any():
            return table, rows
    where = np.flatnonzero(empty)
    if where.size == table.num_rows:
        raise InputError(say("all_rows_empty", source=source or say("the_table")))
    notes.append(say("empty_rows_skipped", n=where.size, rows=rows_text(where, rows)))
    return table.filter(pa.array(~empty)), rows[~empty]


def _classify(col: _Column, comma: str, text_only: bool, skip: bool) -> None:
    t = col.data.type
    if pa.types.is_dictionary(t):
        col.data = col.data.cast(t.value_type)
        t = col.data.type
    if pa.types.is_null(t):
        col.kind = "empty"
        return
    if skip or text_only:
        col.kind = "text"
    elif pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_decimal(t):
        col.kind, col.numbers = "number", _typed_numbers(col.data)
    elif pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_fixed_size_list(t):
        vt = t.value_type
        col.kind = "vector" if (pa.types.is_integer(vt) or pa.types.is_floating(vt)) else "text"
    elif pa.types.is_string(t) or pa.types.is_large_string(t):
        col.numbers = parse_numbers(col.data, comma)
        if col.numbers.is_numeric:
            col.kind = "number"
        else:
            nonmissing = len(col.data) - col.numbers.missing.size
            hits = pc.sum(pc.match_substring_regex(_text(col.data), VECTOR_CELL)).as_py() or 0
            if nonmissing and hits >= 0.9 * nonmissing:
                col.kind = "vector"
    if col.kind == "text":
        if not (pa.types.is_string(col.data.type) or pa.types.is_large_string(col.data.type)):
            try:
                col.data = col.data.cast(pa.string())
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                col.data = pa.chunked_array([pa.array([None if v is None else str(v) for v in col.data.to_pylist()],
                                                      pa.string())])
        blank = _is_blank(col.data)
        col.nonempty = int((~blank).sum())
        if not col.nonempty:
            col.kind = "empty"
        else:
            col.distinct = pc.count_distinct(pc.utf8_trim_whitespace(pc.fill_null(col.data, ""))).as_py()


def _id_reason(name: str, values: np.ndarray) -> str | None:
    """Why an integer column is an id or row number rather than a feature (None: it is a feature)."""
    if not (np.isfinite(values).all() and np.all(values == np.round(values))):
        return None
    low = name.strip().lower()
    if low in ID_NAMES or low.startswith(("unnamed:", "__index_level_")) or low.endswith(("_id", " id")):
        return say("id_by_name")
    if (len(values) >= 5 and values[0] in (0.0, 1.0) and np.abs(values).max() <= len(values)
            and np.all(np.diff(values) == 1)):
        return say("id_by_count", first=values[0], second=values[1], third=values[2])
    return None


def _check_names(param: str, wanted: Sequence[str], valid: list[str]) -> None:
    unknown = [w for w in wanted if w not in valid]
    if unknown:
        raise DataError(say("unknown_column", name=unknown[0], param=param, columns=quoted(valid)))


def _feature_notes(cols: list[tuple[str, Numbers]], rows: np.ndarray, notes: list[str]) -> None:
    """Say, per feature column, which cells were converted or count as missing."""
    problems: dict[str, list[str]] = {}
    for name, num in cols:
        found = []
        if num.n_bad:
            cells = joined([say("row_cell", row=rows[p], cell=short(t, 20)) for p, t in num.bad])
            if num.n_bad > len(num.bad):
                cells = joined([cells, "…"], " ")
            found.append(("bad", say("cells_not_numbers", n=num.n_bad, cells=cells)))
        if num.n_infinite:
            cells = joined([say("row_cell", row=rows[p], cell=short(t, 20)) for p, t in num.infinite])
            found.append(("infinite", say("cells_infinite", n=num.n_infinite, cells=cells)))
        if num.missing.size:
            found.append(("missing", say("cells_missing", n=num.missing.size, rows=rows_text(num.missing, rows))))
        for kind, (example, value) in num.conversions.items():
            found.append((kind, say(f"converted_{kind.replace(' ', '_')}", example=short(example, 20), value=value)))
        for kind, text in found:
            problems.setdefault(kind, []).append(say("column_note", name=name, note=text))
    for kind, lines in problems.items():
        if len(lines) <= 5:
            notes.extend(lines)
        else:
            notes.append(say("same_kind", n=len(lines), example=lines[0]))


def build_table(table: pa.Table, *, notes: list[str], source: str = "", comma: str = "thousands",
                delimiter: str | None = None, text_only: Sequence[int] = (), label: str | None = None,
                features: Sequence[str] | None = None, exclude: Sequence[str] = (),
                rows: np.ndarray | None = None) -> FeatureTable:
    """Decide each column's type and role; every decision goes into ``notes``.

    ``text_only`` columns (positions; from a metadata file) are never features and
    are tried first for the label. ``rows`` are the 1-based data row numbers of the file,
    used in messages when rows were skipped. ``delimiter`` is mentioned in the notes
    (None: the usual one for the file type, not worth a note).
    """
    names = unique_names(table.column_names, notes)
    table = table.rename_columns(names)
    rows = np.arange(1, table.num_rows + 1) if rows is None else np.asarray(rows)
    if table.num_rows == 0:
        raise InputError(say("no_data_rows", source=source or say("the_table")))
    if table.num_columns == 0:
        raise InputError(say("no_columns", source=source or say("the_table")))
    table, rows = _drop_empty_rows(table, rows, notes, source)
    features = None if features is None else [str(f) for f in features]
    exclude = [str(e) for e in exclude or ()]
    _check_names("label", [label] if label is not None else [], names)
    # Excluded columns and the chosen label are not parsed: a bad vector there must not stop the reading.
    skip = {e for e in exclude if e in set(names)} | ({label} if label is not None else set())
    text_only = [names[i] for i in text_only]
    cols = _typed_columns(table, names, comma, text_only, skip, delimiter, rows, notes)
    valid = [n for c in cols for n in ([c.name] + c.parts)]
    _check_names("exclude", exclude, valid)
    if features is not None:
        _check_names("features", features, valid)
    excluded = set(exclude)
    for clash in ([label] if label in excluded else []) + [f for f in features or () if f in excluded]:
        role = say("role_label") if clash == label else say("role_feature")
        raise DataError(say("role_clash", name=clash, role=role))

    chosen = (_named_features(cols, features, label, rows, notes) if features is not None
              else _numeric_features(cols, excluded, notes))
    _say_mixed_columns(cols, chosen, excluded, rows, notes)
    candidates = [c for c in cols if c.kind == "text" and c.name not in excluded and c.name not in chosen]
    candidates.sort(key=lambda c: c.name not in text_only)  # metadata first
    n = table.num_rows
    label = _choose_label(candidates, label, text_only, n)
    notes.append(say("label_column", name=label) if label is not None else say("no_label"))
    categories = [c.name for c in candidates if c.name != label and 2 <= c.distinct <= MAX_CATEGORIES
                  and c.distinct < 0.5 * n]
    _say_leftovers(cols, candidates, label, categories, exclude, notes)
    if not chosen:
        kinds = [say("column_kind", name=c.name, kind=say(f"kind_{c.kind}")) for c in cols][:12]
        raise DataError(say("no_numeric_column", columns=joined(kinds), more="…" if len(cols) > 12 else ""))
    feature_set = set(chosen)
    _feature_notes([(c.name, c.numbers) for c in cols if c.name in feature_set]
                   + [(c.name, c.numbers) for c in cols if c.kind == "vector" and feature_set & set(c.parts)],
                   rows, notes)
    notes.append(say("features", n=len(chosen), names=names_list(chosen)))
    return FeatureTable(data=_frame(cols, feature_set, table.num_rows), features=chosen, label=label,
                        categories=categories, notes=notes, source=source)


def _typed_columns(table: pa.Table, names: list[str], comma: str, text_only: list[str], skip: set[str],
                   delimiter: str | None, rows: np.ndarray, notes: list[str]) -> list[_Column]:
    """Every column typed (number, vector, text, empty); vectors expanded into named parts."""
    cols = [_Column(name, table.column(i)) for i, name in enumerate(names)]
    for col in cols:
        _classify(col, comma, col.name in text_only, col.name in skip)
    if delimiter is not None:
        decimal = delimiter != "," and any(c.kind == "number" and "decimal comma" in c.numbers.conversions
                                           for c in cols)
        notes.append(say("delimiter_decimal_comma" if decimal else "delimiter", delimiter=delimiter_name(delimiter)))
        for c in cols:
            if decimal and c.numbers is not None:
                c.numbers.conversions.pop("decimal comma", None)  # said once for the file
    taken = set(names)
    for col in cols:
        if col.kind == "vector":
            col.vectors, col.numbers = parse_vectors(col.data, col.name, rows)
            col.parts = []
            for j in range(len(col.vectors)):
                part, k = f"{col.name}_{j + 1}", 2
                while part in taken:
                    part, k = f"{col.name}_{j + 1}_{k}", k + 1
                taken.add(part)
                col.parts.append(part)
            if col.parts:
                notes.append(say("vectors_expanded", name=col.name, k=len(col.parts), parts=names_list(col.parts, 4)))
            else:
                col.kind = "empty"  # lists with nothing in them
    return cols


def _named_features(cols: list[_Column], features: list[str], label: str | None, rows: np.ndarray,
                    notes: list[str]) -> list[str]:
    """The features the user named, in their order: a vector column stands for its parts."""
    by_name = {c.name: c for c in cols}
    part_of = {p: c for c in cols for p in c.parts}
    chosen: list[str] = []
    for f in features:
        col = by_name.get(f) or part_of[f]
        if f == label:
            raise DataError(say("label_and_feature", name=f))
        if col.kind == "vector":
            add = col.parts if f == col.name else [f]
        elif col.numbers is not None and col.numbers.ok + col.numbers.n_infinite > 0:
            add = [f]
            if col.kind != "number":
                col.kind = "number"
                notes.append(say("feature_mostly_text", name=f))
        else:
            bad = col.numbers.bad[:1] if col.numbers else []
            example = say("text_feature_example", row=rows[bad[0][0]], cell=short(bad[0][1], 20)) if bad else ""
            numeric = [c.name for c in cols if c.kind == "number"] + [p for c in cols for p in c.parts]
            raise DataError(say("text_feature", name=f, example=example, numeric=quoted(numeric) or say("none")))
        chosen += [a for a in add if a not in chosen]
    return chosen


def _numeric_features(cols: list[_Column], excluded: set[str], notes: list[str]) -> list[str]:
    """Every numeric column and vector part, except ids and row numbers (said in a note)."""
    chosen: list[str] = []
    for col in cols:
        if col.name in excluded:
            continue
        if col.kind == "number":
            reason = _id_reason(col.name, col.numbers.values)
            if reason:
                col.kind = "id"
                notes.append(say("not_a_feature", name=col.name, reason=reason))
            else:
                chosen.append(col.name)
        elif col.kind == "vector":
            chosen += [p for p in col.parts if p not in excluded]
    return chosen


def _say_mixed_columns(cols: list[_Column], chosen: list[str], excluded: set[str], rows: np.ndarray,
                       notes: list[str]) -> None:
    """A text column that is mostly numbers is left out for its few text cells: say which, in plain sight."""
    for col in cols:
        if col.kind == "text" and col.numbers is not None and col.name not in excluded:
            num = col.numbers
            hits = num.ok + num.n_infinite
            if hits and hits >= num.n_bad and col.name not in chosen:
                row, text = num.bad[0]
                notes.append(say("mixed_column", name=col.name, hits=hits, bad=num.n_bad, row=rows[row],
                                 cell=short(text, 20)))


def _choose_label(candidates: list[_Column], label: str | None, text_only: list[str], n: int) -> str | None:
    """The user's label, else a mostly unique text column (one named like a label first), else metadata."""
    if label is not None:
        return label
    unique = [c for c in candidates if c.distinct >= 0.9 * n and c.nonempty >= 0.5 * n]
    named = [c for c in candidates if c.name.strip().lower() in LABEL_NAMES]
    pick = ([c for c in unique if c in named] or unique or [c for c in named if c.distinct >= 0.5 * n]
            or [c for c in candidates if c.name in text_only])
    return pick[0].name if pick else None


def _say_leftovers(cols: list[_Column], candidates: list[_Column], label: str | None, categories: list[str],
                   exclude: list[str], notes: list[str]) -> None:
    """Categories, text left unused, empty and excluded columns: each said once."""
    if categories:
        notes.append(say("categories", names=quoted(categories)))
    unused = [c.name for c in candidates if c.name != label and c.name not in categories]
    if unused:
        notes.append(say("text_unused", names=quoted(unused, 8)))
    empty = [c.name for c in cols if c.kind == "empty" and c.name not in set(exclude)]
    if empty:
        notes.append(say("empty_columns", n=len(empty), names=quoted(empty, 8)))
    if exclude:
        notes.append(say("excluded", names=quoted(exclude, 8)))


def _frame(cols: list[_Column], feature_set: set[str], n: int) -> pd.DataFrame:
    """All columns in file order: numbers in one float block (no second copy), the rest as text."""
    floats: list[tuple[str, _Column, int | None]] = []
    texts: list[tuple[int, _Column]] = []
    for col in cols:
        if col.kind == "vector":
            floats += [(part, col, j) for j, part in enumerate(col.parts)]
        elif col.name in feature_set:
            floats.append((col.name, col, None))
        else:
            texts.append((len(floats) + len(texts), col))
    block = np.empty((n, len(floats)), dtype=np.float64, order="F")
    for k, (_, col, j) in enumerate(floats):
        if j is None:
            block[:, k], col.numbers = col.numbers.values, None  # free each column once copied
        else:
            block[:, k], col.vectors[j] = col.vectors[j], None
    frame = pd.DataFrame(block, columns=[name for name, _, _ in floats], copy=False)
    for position, col in texts:
        frame.insert(position, col.name, col.data.to_pandas())
    return frame
