"""Cells as numbers: plain numbers, thousands separators, decimal commas, %, U+2212, infinities,
missing-value tokens, and vectors written in one cell ("[0.2, 0.5, 0.8]").

Cells are converted a column at a time with pyarrow compute, and only the cells that are not
plain numbers go through Python, so a big file costs one float array per numeric column, not an
object per cell. Which column is what is decided elsewhere (``roles``).
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field


import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ..errors import InputError
from ..words import say

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
    return InputError(say("vector_cell", name=name, row=row, cell=short(text)))


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


def short(text: str, limit: int = 40) -> str:
    text = str(text)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
