"""A Parquet file read a batch at a time, never whole, for ``batches``.

``open_source`` decides the column roles (the label, the features, the text columns that may be
categories) on the first batch with ``roles.build_table``, exactly as the in-memory reader decides
them on the whole table; the ``Source`` it returns reads each batch's features as a float matrix
by the same cell rules.
"""
from __future__ import annotations
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..errors import DataError, InputError
from ..table import parse_numbers, parse_vectors
from ..table import build_table, unique_names

# Default batch: 8 MB of float64 whatever the width. On 2M×50 the time was the same at 5k, 20k and
# 80k rows per batch while peak RSS grew (289, 335, 540 MB).
BATCH_CELLS = 1_000_000
# pyarrow decodes a whole row group at a time and holds up to ~2.5× its decoded size while reading
# it (one 200k×25 float64 group: 100 MB for 40 MB of data; 2M×50 float32 as one 400 MB group: 712 MB
# peak RSS, 330 MB in 100k-row groups), so huge row groups deserve a warning.
ROW_GROUP_WARN = 256_000_000


def open_parquet(path: Path) -> pq.ParquetFile:
    """The file, for reading one row group at a time; an InputError when it is missing or not Parquet."""
    if not path.is_file():
        raise InputError(f"cannot open {str(path)!r}: no such file; check the path")
    try:
        # pre_buffer (pyarrow's default) keeps every row group read so far until the iteration ends: a
        # 400 MB file peaked at 880 MB RSS with it, 260 MB without (cf. apache/arrow#39808)
        return pq.ParquetFile(path, pre_buffer=False)
    except Exception as exc:  # pyarrow's own errors for a file that is not (or no longer) Parquet
        raise InputError(f"{path.name}: cannot read it as a Parquet file ({type(exc).__name__}: {exc}); batch mode "
                         "reads Parquet only: export the table again as Parquet, or leave out --batch-rows") from None


def _flat(batch: pa.RecordBatch) -> pa.Table:
    table = pa.Table.from_batches([batch])
    while any(pa.types.is_struct(f.type) for f in table.schema):
        table = table.flatten()  # nested fields become columns "a.b", as the in-memory reader does
    return table


@dataclass(frozen=True)
class _Feature:
    name: str  # as the in-memory table names it
    position: int  # column of the (flattened) file it is read from
    part: int | None = None  # position inside a vector column


@dataclass
class Source:
    """A Parquet file and how to read a batch of it: features, label and possible categories by position."""

    file: pq.ParquetFile
    name: str
    rows: int
    batch_rows: int
    columns: list[str]  # the file's (flattened) column names, as stored
    features: list[_Feature]
    widths: dict[int, int]  # vector column -> numbers per cell
    label: int | None
    label_name: str
    candidates: dict[str, int]  # text columns that are categories if they hold few distinct values
    notes: list[str]

    def batches(self) -> Iterator[tuple[int, dict[int, pa.ChunkedArray], int]]:
        """(first row's 0-based position, the needed columns by position, rows) for every batch."""
        needed = sorted({f.position for f in self.features} | set(self.candidates.values())
                        | ({self.label} if self.label is not None else set()))
        plain = len(set(self.columns)) == len(self.columns) and not any(
            pa.types.is_struct(f.type) for f in self.file.schema_arrow)
        names = [self.columns[p] for p in needed] if plain else None
        start = 0
        for batch in self.file.iter_batches(batch_size=self.batch_rows, columns=names):
            table = _flat(batch)
            got = [table.column(self.columns[p]) if plain else table.column(p) for p in needed]
            yield start, dict(zip(needed, got)), table.num_rows
            start += table.num_rows

    def matrix(self, cols: dict[int, pa.ChunkedArray], start: int, n: int) -> np.ndarray:
        """The batch's features as float64, NaN where a cell is missing, infinite or not a number."""
        X = np.empty((n, len(self.features)))
        vectors: dict[int, list[np.ndarray]] = {}
        for j, feature in enumerate(self.features):
            col = _decoded(cols[feature.position])
            if feature.part is None:
                X[:, j] = _numbers(col)
                continue
            if feature.position not in vectors:
                vectors[feature.position] = self._vectors(col, feature.position, start, n)
            X[:, j] = vectors[feature.position][feature.part]
        X[~np.isfinite(X)] = np.nan
        return X

    def _vectors(self, col, position: int, start: int, n: int) -> list[np.ndarray]:
        name, width = self.columns[position], self.widths[position]
        parts, _ = parse_vectors(col, name, np.arange(start + 1, start + n + 1))
        if not parts:  # no vector in this batch: all missing
            return [np.full(n, np.nan)] * width
        if len(parts) != width:
            raise DataError(f"column {name!r}: vectors in rows {start + 1}–{start + n} hold {len(parts)} numbers but "
                            f"those of the first rows hold {width}; every vector must have the same length")
        return parts

    def text_cells(self, cols: dict[int, pa.ChunkedArray], position: int):
        """A column of the batch as text (an Arrow string array)."""
        return _text_cells(cols[position])

    def texts(self, cols: dict[int, pa.ChunkedArray], position: int) -> list:
        return self.text_cells(cols, position).to_pylist()


def _decoded(col):
    return col.cast(col.type.value_type) if pa.types.is_dictionary(col.type) else col


def _numbers(col) -> np.ndarray:
    t = col.type
    if pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_decimal(t):
        return pc.fill_null(col.cast(pa.float64(), safe=False), np.nan).to_numpy()
    if pa.types.is_null(t):
        return np.full(len(col), np.nan)
    return parse_numbers(col).values  # numbers written as text: the reader's own cell rules


def _text_cells(col):
    col = _decoded(col)
    return col if pa.types.is_string(col.type) or pa.types.is_large_string(col.type) else col.cast(pa.string())


def _vector_parts(names: list[str], data_columns: list[str]) -> dict[str, tuple[int, int]]:
    """Feature name -> (column, part): build_table puts a vector column's parts where the column was."""
    known, parts, pos = set(names), {}, 0
    for column, name in enumerate(names):
        if pos < len(data_columns) and data_columns[pos] == name:
            pos += 1
            continue
        end = pos
        while end < len(data_columns) and data_columns[end] not in known:
            end += 1
        parts.update({part: (column, k) for k, part in enumerate(data_columns[pos:end])})
        pos = end
    return parts


def open_source(path: Path, *, label: str | None = None, features: Sequence[str] | None = None,
                exclude: Sequence[str] = (), batch_rows: int | None = None) -> Source:
    """Open a Parquet file and decide the column roles on its first batch, as the in-memory reader would."""
    file = open_parquet(path)
    meta = file.metadata
    if meta.num_rows == 0:
        raise InputError(f"{path.name} has column names but no data rows; add rows under the header")
    batch_rows = batch_rows or max(1024, BATCH_CELLS // max(meta.num_columns, 1))
    first = _flat(next(file.iter_batches(batch_size=batch_rows)))
    notes: list[str] = []
    table = build_table(first, notes=notes, source=path.name, label=label, features=features, exclude=exclude)
    names = unique_names(first.column_names, [])
    position = {name: i for i, name in enumerate(names)}
    parts = _vector_parts(names, list(table.data.columns))
    chosen = [_Feature(f, *parts[f]) if f in parts else _Feature(f, position[f]) for f in table.features]
    widths = Counter(column for column, _ in parts.values())
    skip = set(table.features) | {table.label} | set(exclude or ())
    candidates = {name: position[name] for name in names
                  if name not in skip and name in table.data.columns
                  and not pd.api.types.is_numeric_dtype(table.data[name])}
    notes = [n for n in notes if not n.startswith(("categories: ", "text columns not used: "))]
    group = max(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    if group > ROW_GROUP_WARN:
        notes.append(f"{path.name} stores up to {group / 1e6:,.0f} MB per row group, and pyarrow holds a whole row "
                     "group (decoded) while it reads one: memory follows that, not --batch-rows; write the file "
                     "with smaller row groups, e.g. pyarrow.parquet.write_table(table, path, row_group_size=100_000)")
    notes.append(f"batch mode: column roles were chosen from the first {first.num_rows:,} of {meta.num_rows:,} "
                 "rows; set them with --label, --features, --exclude if they are wrong")
    return Source(file=file, name=path.name, rows=meta.num_rows, batch_rows=batch_rows,
                  columns=first.column_names, features=chosen, widths=widths,
                  label=position.get(table.label) if table.label else None, label_name=table.label or "label",
                  candidates=candidates, notes=notes)
