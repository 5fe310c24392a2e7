"""Column types and roles: numbers, vectors in a cell, the label, categories, features.

``build_table`` turns a table as read (a pyarrow Table: text columns as strings,
typed columns from Parquet) into a :class:`FeatureTable`, and writes every
decision into ``notes``. Cells are converted a column at a time with pyarrow
compute, and only the cells that are not plain numbers go through Python, so a
big file costs one float array per numeric column, not an object per cell.
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ..errors import DataError, InputError
from ..words import delimiter_name, joined, say
from .feature_table import FeatureTable

_NUM = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
PLAIN_NUMBER = f"^{_NUM}$"
_PLAIN = re.compile(PLAIN_NUMBER)
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?(?:\d{1,3}(?:\.\d{3})+|\d*),\d+$")
_VALUE = rf"(?:{_NUM}|[+-]?nan|[+-]?inf)"
VECTOR_CELL = rf"(?i)^\s*[\[(]?\s*{_VALUE}(?:(?:\s*[,;]\s*|\s+){_VALUE})+\s*,?\s*[\])]?\s*$"
_VECTOR_SPLIT = r"\s*[,;]\s*|\s+"

MISSING = frozenset({"", "na", "n/a", "nan", "null", "none", "-", "--", "—", "?", ".", "#n/a", "nil", "missing"})
MISSING_CELL = "(?i)^(?:" + "|".join(re.escape(m) for m in sorted(MISSING)) + ")$"
_INFINITE = frozenset({"inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "∞", "+∞", "-∞"})
LABEL_NAMES = frozenset({
    "label", "labels", "name", "names", "word", "words", "token", "term", "title", "item", "items",
    "text", "sentence", "entity", "词", "单词", "词语", "名称", "名字", "姓名", "标签", "标题", "项目",
    "物品", "文本", "句子"})
ID_NAMES = frozenset({"id", "index", "idx", "#", "no", "no.", "row", "rownum", "row_id", "rowid", "key",
                      "序号", "编号", "行号"})
MAX_CATEGORIES = 20
_EXAMPLES = 3  # cells quoted per problem in a note or message


def parse_cell(text: str, comma: str = "thousands") -> tuple[float, str, str | None]:
    """Read one cell as a number -> (value, status, conversion).

    status is ``ok``, ``missing``, ``infinite`` or ``bad``; conversion names what
    had to be undone (``percent``, ``thousands``, ``decimal comma``, ``unicode``).
    ``comma`` says what a comma inside a number is: ``thousands`` or ``decimal``.
    """
    t = unicodedata.normalize("NFKC", text).replace("\u2212", "-").strip()
    conversion = "unicode" if t != text.strip() else None
    low = t.lower()
    if low in MISSING:
        return math.nan, "missing", None
    if low in _INFINITE:
        return math.nan, "infinite", None
    percent = t.endswith("%")
    if percent:
        t, conversion = t[:-1].rstrip(), "percent"
    if "," in t:
        if comma == "thousands" and _THOUSANDS.match(t):
            t, conversion = t.replace(",", ""), conversion or "thousands"
        elif comma == "decimal" and _DECIMAL_COMMA.match(t):
            t, conversion = t.replace(".", "").replace(",", "."), conversion or "decimal comma"
    if not _PLAIN.match(t):
        return math.nan, "bad", None
    value = float(t) / (100.0 if percent else 1.0)
    if not math.isfinite(value):
        return math.nan, "infinite", None
    return value, "ok", conversion


@dataclass
class Numbers:
    """A column read as numbers: values (NaN where missing) and what was found on the way."""

    values: np.ndarray
    ok: int = 0
    missing: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    infinite: list[tuple[int, str]] = field(default_factory=list)
    n_infinite: int = 0
    bad: list[tuple[int, str]] = field(default_factory=list)
    n_bad: int = 0
    conversions: dict[str, tuple[str, float]] = field(default_factory=dict)  # kind -> (a cell, its value)

    @property
    def is_numeric(self) -> bool:
        """(Nearly) every cell that is not empty reads as a number."""
        hits = self.ok + self.n_infinite
        return hits > 0 and self.n_bad <= 0.1 * (hits + self.n_bad)


def _text(col) -> pa.ChunkedArray | pa.Array:
    if not pa.types.is_string(col.type) and not pa.types.is_large_string(col.type):
        col = col.cast(pa.string())
    return pc.fill_null(col, "")


def _numpy(arr) -> np.ndarray:
    return np.asarray(arr.to_numpy(zero_copy_only=False))


def _comma_mode(texts: list[str], default: str) -> str:
    """Whether commas in this column separate thousands or decimals."""
    thousands = decimal = 0
    for t in texts:
        if "," in t:
            t = t.strip().rstrip("%")
            th, dc = bool(_THOUSANDS.match(t)), bool(_DECIMAL_COMMA.match(t))
            thousands += th and not dc
            decimal += dc and not th
    if default == "decimal":
        return "thousands" if thousands and not decimal else "decimal"
    return "decimal" if decimal and not thousands else "thousands"


def parse_numbers(col, comma: str = "thousands") -> Numbers:
    """Read a text column as numbers: plain numbers in bulk, the rest cell by cell."""
    trimmed = pc.utf8_trim_whitespace(_text(col))
    plain = pc.match_substring_regex(trimmed, PLAIN_NUMBER)
    fast = pc.cast(pc.if_else(plain, trimmed, pa.scalar(None, trimmed.type)), pa.float64())
    values = np.array(_numpy(pc.fill_null(fast, math.nan)), dtype=np.float64)
    del fast
    plain_np = _numpy(plain).astype(bool)
    out = Numbers(values=values)
    overflow = np.flatnonzero(np.isinf(values))
    if overflow.size:
        values[overflow] = math.nan
        out.n_infinite = int(overflow.size)
        texts = pc.take(trimmed, overflow[:_EXAMPLES]).to_pylist()
        out.infinite = list(zip(overflow[:_EXAMPLES].tolist(), texts))
    out.ok = int(plain_np.sum()) - out.n_infinite
    if out.ok + out.n_infinite == len(values):
        return out
    missing_np = _numpy(pc.match_substring_regex(trimmed, MISSING_CELL)).astype(bool)
    out.missing = np.flatnonzero(missing_np)
    other = np.flatnonzero(~plain_np & ~missing_np)
    if not other.size:
        return out
    texts = pc.take(trimmed, other[:200]).to_pylist()
    probe = [parse_cell(t, _comma_mode(texts, comma))[1] for t in texts]
    rescued = sum(s in ("ok", "infinite") for s in probe) / len(probe)
    if (out.ok + rescued * other.size) < 0.5 * (out.ok + other.size):
        # Clearly a text column: don't visit every cell in Python.
        out.n_bad = int(other.size)
        out.bad = [(int(p), t) for p, t, s in zip(other, texts, probe) if s == "bad"][:_EXAMPLES]
        return out
    if other.size > len(texts):
        texts = pc.take(trimmed, other).to_pylist()
    comma = _comma_mode(texts, comma)
    missing = [out.missing]
    for pos, text in zip(other.tolist(), texts):
        value, status, conversion = parse_cell(text, comma)
        if status == "ok":
            values[pos] = value
            out.ok += 1
            if conversion:
                out.conversions.setdefault(conversion, (text, value))
        elif status == "missing":
            missing.append(np.array([pos]))
        elif status == "infinite":
            out.n_infinite += 1
            out.infinite = sorted(out.infinite + [(pos, text)])[:_EXAMPLES]
        else:
            out.n_bad += 1
            if len(out.bad) < _EXAMPLES:
                out.bad.append((pos, text))
    out.missing = np.sort(np.concatenate(missing))
    return out


def _typed_numbers(col) -> Numbers:
    """A column that already holds numbers (Parquet): NaN/null are missing, ±inf noted."""
    values = _numpy(pc.fill_null(col.cast(pa.float64(), safe=False), math.nan))  # often a view of arrow's buffer
    inf = np.flatnonzero(np.isinf(values))
    out = Numbers(values=values, n_infinite=int(inf.size),
                  infinite=[(int(p), str(values[p])) for p in inf[:_EXAMPLES]])
    if inf.size:
        out.values = values = np.array(values)
        values[inf] = math.nan
    out.missing = np.setdiff1d(np.flatnonzero(np.isnan(values)), inf)
    out.ok = len(values) - int(out.missing.size) - out.n_infinite
    return out


def _vector_error(name: str, row: int, text: str, k: int, found: int | None = None) -> InputError:
    if found is not None:
        return InputError(say("vector_length", name=name, k=k, row=row, found=found))
    return InputError(say("vector_cell", name=name, row=row, cell=_short(text)))


def _lines(cells) -> pa.Buffer:
    """The cells joined by newlines, as one buffer (arrow keeps string values back to back)."""
    lines = pc.binary_join_element_wise(cells, pa.scalar(""), pa.scalar("\n"))
    lines = lines.combine_chunks() if isinstance(lines, pa.ChunkedArray) else lines
    width = np.int64 if pa.types.is_large_string(lines.type) else np.int32
    offsets = np.frombuffer(lines.buffers()[1], dtype=width)[lines.offset: lines.offset + len(lines) + 1]
    return lines.buffers()[2].slice(int(offsets[0]), int(offsets[-1] - offsets[0]))


def _split_vectors(text: pa.Buffer, k: int, longest: int, name: str, rows: np.ndarray, present: np.ndarray,
                   cell) -> list[Numbers]:
    """Lines "0.2,0.5,0.8" -> k columns, parsed by pyarrow's CSV reader as one CSV of k columns."""
    names = [f"f{j}" for j in range(k)]
    block = max(1 << 24, 2 * longest + 2)  # whole rows in a block
    wrong: list[tuple[int, int]] = []

    def refuse(row):
        wrong.append((row.number, row.actual_columns))
        return "error"

    def read(kind):
        return pacsv.read_csv(
            pa.BufferReader(text),
            read_options=pacsv.ReadOptions(column_names=names, use_threads=False, block_size=block),
            parse_options=pacsv.ParseOptions(quote_char=False, invalid_row_handler=refuse),
            convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(names, kind), strings_can_be_null=False))

    columns: list[Numbers] = []
    try:
        columns = [_typed_numbers(c) for c in read(pa.float64()).columns]
    except pa.ArrowInvalid:
        if not wrong:  # a cell that is not a plain number: read the tokens as text, then one by one
            try:
                columns = [parse_numbers(c) for c in read(pa.string()).columns]
            except pa.ArrowInvalid:
                pass
    if wrong:
        number, actual = wrong[0]
        raise _vector_error(name, int(rows[present[number - 1]]), "", k, actual)
    if len(columns) != k or any(len(c.values) != present.size for c in columns):
        raise InputError(say("vectors_unreadable", name=name))
    for num in columns:
        if num.n_bad:
            pos = num.bad[0][0]
            raise _vector_error(name, int(rows[present[pos]]), cell(present[pos]), k)
    return columns


def parse_vectors(col, name: str, rows: np.ndarray) -> tuple[list[np.ndarray], Numbers]:
    """Cells like "[0.2, 0.5, 0.8]" or "0.2 0.5 0.8" -> k float arrays (NaN where the cell is empty)."""
    n = len(col)
    if pa.types.is_list(col.type) or pa.types.is_large_list(col.type) or pa.types.is_fixed_size_list(col.type):
        present = np.flatnonzero(_numpy(pc.is_valid(col)).astype(bool))
        kept = pc.take(col, present)
        lengths = _numpy(pc.list_value_length(kept)).astype(np.int64)
        k = int(lengths[0]) if lengths.size else 0
        wrong = np.flatnonzero(lengths != k)
        if wrong.size:
            raise _vector_error(name, int(rows[present[wrong[0]]]), "", k, int(lengths[wrong[0]]))
        flat = _typed_numbers(pc.list_flatten(kept))
        matrix = flat.values.reshape(-1, k) if k else np.empty((present.size, 0))
        columns = [Numbers(values=matrix[:, j], n_infinite=flat.n_infinite if j == 0 else 0) for j in range(k)]
    else:
        inner = pc.utf8_trim(_text(col), characters=" \t\r\n\f\v[]();,")
        empty = _numpy(pc.match_substring_regex(inner, MISSING_CELL)).astype(bool)
        present = np.flatnonzero(~empty)
        if empty.any():
            inner = pc.filter(inner, pa.array(~empty))
        # Plain literal replacements for the usual "0.2, 0.5" / "0.2,0.5" / "0.2 0.5"; a regex otherwise.
        if pc.any(pc.match_substring_regex(inner, r"\s\s|[;\t\n\r\f\v]|\s,")).as_py():
            inner = pc.replace_substring_regex(inner, _VECTOR_SPLIT, ",")
        else:
            inner = pc.replace_substring(inner, ", ", ",")
            if pc.any(pc.match_substring(inner, " ")).as_py():
                inner = pc.replace_substring(inner, " ", ",")
        k = len(inner[0].as_py().split(",")) if present.size else 0
        longest = pc.max(pc.utf8_length(inner)).as_py() or 0
        text = _lines(inner)
        del inner  # one transient copy of the text at a time
        pa.default_memory_pool().release_unused()
        columns = _split_vectors(text, k, longest, name, rows, present, lambda r: str(col[int(r)]))
        del text
        pa.default_memory_pool().release_unused()  # give the transient strings' memory back
    vectors = []
    for num in columns:
        if present.size == n:
            vectors.append(num.values)
        else:
            full = np.full(n, math.nan)
            full[present] = num.values
            vectors.append(full)
    missing = np.zeros(n, dtype=bool)
    for v in vectors:
        missing |= np.isnan(v)
    summary = Numbers(values=np.empty(0), ok=int(present.size), missing=np.flatnonzero(missing),
                      n_infinite=sum(num.n_infinite for num in columns))
    summary.infinite = [(int(present[p]), t) for num in columns for p, t in num.infinite][:_EXAMPLES]
    return vectors, summary


def _short(text: str, limit: int = 40) -> str:
    text = str(text)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def names_list(names: Sequence[str], limit: int = 8) -> str:
    """a, b, c … z: a readable list of column names for a note."""
    names = [str(n) for n in names]
    if len(names) > limit:
        names = names[: limit - 2] + ["…", names[-1]]
    return ", ".join(names)


def _quoted(names: Sequence[str], limit: int = 30) -> str:
    shown = ", ".join(repr(str(n)) for n in names[:limit])
    return say("quoted_more", names=shown, n=len(names)) if len(names) > limit else shown


def _rows(positions, rows: np.ndarray, limit: int = 5) -> str:
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
    notes.append(say("empty_rows_skipped", n=where.size, rows=_rows(where, rows)))
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
        raise DataError(say("unknown_column", name=unknown[0], param=param, columns=_quoted(valid)))


def _feature_notes(cols: list[tuple[str, Numbers]], rows: np.ndarray, notes: list[str]) -> None:
    """Say, per feature column, which cells were converted or count as missing."""
    problems: dict[str, list[str]] = {}
    for name, num in cols:
        found = []
        if num.n_bad:
            cells = joined([say("row_cell", row=rows[p], cell=_short(t, 20)) for p, t in num.bad])
            if num.n_bad > len(num.bad):
                cells = joined([cells, "…"], " ")
            found.append(("bad", say("cells_not_numbers", n=num.n_bad, cells=cells)))
        if num.n_infinite:
            cells = joined([say("row_cell", row=rows[p], cell=_short(t, 20)) for p, t in num.infinite])
            found.append(("infinite", say("cells_infinite", n=num.n_infinite, cells=cells)))
        if num.missing.size:
            found.append(("missing", say("cells_missing", n=num.missing.size, rows=_rows(num.missing, rows))))
        for kind, (example, value) in num.conversions.items():
            found.append((kind, say(f"converted_{kind.replace(' ', '_')}", example=_short(example, 20), value=value)))
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
    by_name = {c.name: c for c in cols}
    part_of = {p: c for c in cols for p in c.parts}
    valid = [n for c in cols for n in ([c.name] + c.parts)]
    _check_names("exclude", exclude, valid)
    if features is not None:
        _check_names("features", features, valid)
    excluded = set(exclude)
    for clash in ([label] if label in excluded else []) + [f for f in features or () if f in excluded]:
        role = say("role_label") if clash == label else say("role_feature")
        raise DataError(say("role_clash", name=clash, role=role))

    # features
    chosen: list[str] = []
    if features is not None:
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
                example = say("text_feature_example", row=rows[bad[0][0]], cell=_short(bad[0][1], 20)) if bad else ""
                numeric = [c.name for c in cols if c.kind == "number"] + [p for c in cols for p in c.parts]
                raise DataError(say("text_feature", name=f, example=example, numeric=_quoted(numeric) or say("none")))
            chosen += [a for a in add if a not in chosen]
    else:
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
    for col in cols:
        if col.kind == "text" and col.numbers is not None and col.name not in excluded:
            num = col.numbers
            hits = num.ok + num.n_infinite
            if hits and hits >= num.n_bad and col.name not in chosen:
                row, text = num.bad[0]
                notes.append(say("mixed_column", name=col.name, hits=hits, bad=num.n_bad, row=rows[row],
                                 cell=_short(text, 20)))

    # label
    candidates = [c for c in cols if c.kind == "text" and c.name not in excluded and c.name not in chosen]
    candidates.sort(key=lambda c: c.name not in text_only)  # metadata first
    n = table.num_rows
    if label is None:
        unique = [c for c in candidates if c.distinct >= 0.9 * n and c.nonempty >= 0.5 * n]
        named = [c for c in candidates if c.name.strip().lower() in LABEL_NAMES]
        pick = ([c for c in unique if c in named] or unique or [c for c in named if c.distinct >= 0.5 * n]
                or [c for c in candidates if c.name in text_only])
        label = pick[0].name if pick else None
    if label is not None:
        notes.append(say("label_column", name=label))
    else:
        notes.append(say("no_label"))

    # categories
    categories = [c.name for c in candidates if c.name != label and 2 <= c.distinct <= MAX_CATEGORIES
                  and c.distinct < 0.5 * n]
    if categories:
        notes.append(say("categories", names=_quoted(categories)))
    unused = [c.name for c in candidates if c.name != label and c.name not in categories]
    if unused:
        notes.append(say("text_unused", names=_quoted(unused, 8)))
    empty = [c.name for c in cols if c.kind == "empty" and c.name not in excluded]
    if empty:
        notes.append(say("empty_columns", n=len(empty), names=_quoted(empty, 8)))
    if exclude:
        notes.append(say("excluded", names=_quoted(exclude, 8)))

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
