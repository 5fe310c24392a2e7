"""Parquet data for the Dask engine: the files, the partitions, the column roles, each partition's features.

DATA is a Parquet file, a folder of them or a glob, local or any fsspec URL (``s3://``, ``gs://``,
``memory://`` …), as ``dask.dataframe.read_parquet`` takes it. The partitions are planned here
from the files' footers (read by the workers) rather than left to ``read_parquet``: its planner
fuses partitions when few columns are read, so the same table would be cut differently in two
passes, and every pass here must see the same rows in the same partitions, each knowing the
position of its first row in the table. ``frame()`` is then a ``dask.dataframe`` built with
``from_map``, one partition per piece, indexed by the rows' positions.

Roles (label, features, candidate categories) are decided on the table's first rows by
``explorer.table.build_table``, exactly as the in-memory reader decides them on a whole table; each
partition's features are then read as a float matrix by the same cell rules.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ...table import build_table, parse_numbers, parse_vectors, unique_names
from ...errors import DataError, InputError
from ...words import say

# Rows per partition: this many float64 cells of features (40 MB; 100,000 rows at 50 features).
# A row group is never split unless --batch-rows asks for it: pyarrow decodes a whole group at a time.
PARTITION_CELLS = 5_000_000
ROW_GROUP_WARN = 256_000_000  # bytes per row group (decoded) worth a warning
HIDDEN = ("_", ".")  # _metadata, _SUCCESS, .crc: not data files (as pyarrow and Dask skip them)


@dataclass(frozen=True)
class Piece:
    """One partition: ``rows`` rows of one file, from its row groups ``groups`` after ``skip`` rows."""

    path: str
    groups: tuple[int, ...]
    skip: int
    rows: int
    start: int  # position of the first row in the whole table (files in order)


@dataclass(frozen=True)
class Feature:
    name: str  # as the in-memory table names it
    column: str  # the (flattened, de-duplicated) column it is read from
    part: int | None = None  # position inside a vector column


@dataclass(frozen=True)
class Columns:
    """How to read the roles' columns of a partition: small, so every task can carry it."""

    features: tuple[Feature, ...]
    widths: dict[str, int]  # vector column -> numbers per cell
    label: str | None
    candidates: tuple[str, ...]  # text columns that are categories if they hold few distinct values

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.features]

    def matrix(self, table: pa.Table, start: int) -> np.ndarray:
        """A partition's features as float64, NaN where a cell is missing, infinite or not a number."""
        n = table.num_rows
        X = np.empty((n, len(self.features)))
        vectors: dict[str, list[np.ndarray]] = {}
        for j, feature in enumerate(self.features):
            col = _decoded(table.column(feature.column))
            if feature.part is None:
                X[:, j] = _numbers(col)
                continue
            if feature.column not in vectors:
                vectors[feature.column] = self._vectors(col, feature.column, start, n)
            X[:, j] = vectors[feature.column][feature.part]
        X[~np.isfinite(X)] = np.nan
        return X

    def _vectors(self, col, name: str, start: int, n: int) -> list[np.ndarray]:
        width = self.widths[name]
        parts, _ = parse_vectors(col, name, np.arange(start + 1, start + n + 1))
        if not parts:  # no vector in this partition: all missing
            return [np.full(n, np.nan)] * width
        if len(parts) != width:
            raise DataError(say("dask_vector_width", name=name, first=start + 1, last=start + n, found=len(parts),
                                width=width))
        return parts

    def texts(self, table: pa.Table, name: str) -> list:
        """A column of a partition as text (None where empty)."""
        return text_cells(table.column(name)).to_pylist()

    def labels(self, table: pa.Table, rows: np.ndarray, kept: np.ndarray) -> list[str]:
        """The kept rows' labels, as the in-memory table gives them: the label, or row 1, row 2, …"""
        if self.label is None:
            return [f"row {r + 1}" for r in rows]
        return ["" if v is None else v for v in np.asarray(self.texts(table, self.label), object)[kept]]


@dataclass
class Source:
    """The table as partitions, and how to read the roles' columns of each."""

    data: str
    name: str
    fs: Any
    pieces: list[Piece]
    rows: int
    fields: list[str] | None  # top-level columns read (None: all, when the file repeats a name)
    flat: list[str]  # names of the columns the fields flatten to
    keep: list[str]  # the columns a partition holds
    columns: Columns
    label_name: str
    notes: list[str]
    meta: pd.DataFrame

    def frame(self):
        """The table as a ``dask.dataframe.DataFrame``: a partition per piece, indexed by row position."""
        import dask
        import dask.dataframe as dd

        divisions = [p.start for p in self.pieces] + [self.rows - 1]
        with dask.config.set({"dataframe.convert-string": False}):  # the columns are Arrow-typed already
            return dd.from_map(read_piece, self.pieces, fs=self.fs, fields=self.fields, flat=self.flat,
                               keep=self.keep, meta=self.meta, divisions=divisions, enforce_metadata=False,
                               label="explorer-read")


def read_piece(piece: Piece, fs: Any, fields: list[str] | None, flat: list[str], keep: list[str]) -> pd.DataFrame:
    """Read one partition (on a worker): the kept columns, Arrow types kept, indexed by row position."""
    table = _read(fs, piece.path, piece.groups, fields).slice(piece.skip, piece.rows)
    table = _flat(table).rename_columns(flat).select(keep)
    frame = table.to_pandas(types_mapper=pd.ArrowDtype)
    frame.index = pd.RangeIndex(piece.start, piece.start + piece.rows)
    # decoding a row group takes ~5× its size in buffers that pyarrow's allocator keeps (100 MB for 20 MB of data):
    # give them back, or a worker's RSS carries them from task to task
    pa.default_memory_pool().release_unused()
    return frame


def to_table(frame: pd.DataFrame) -> pa.Table:
    """A partition back as Arrow, with the file's own column types (no copy for Arrow-backed columns)."""
    return pa.Table.from_pandas(frame, preserve_index=False)


def _read(fs: Any, path: str, groups: Sequence[int], fields: list[str] | None) -> pa.Table:
    with fs.open(path, "rb") as handle:
        # pre_buffer=False: pyarrow's read-ahead held every group read so far (cf. apache/arrow#39808)
        return pq.ParquetFile(handle, pre_buffer=False).read_row_groups(list(groups), columns=fields,
                                                                        use_threads=False)


def _flat(table: pa.Table) -> pa.Table:
    while any(pa.types.is_struct(f.type) for f in table.schema):
        table = table.flatten()  # nested fields become columns "a.b", as the in-memory reader does
    return table


def _leaves(field: pa.Field, prefix: str = "") -> list[str]:
    name = prefix + field.name
    if pa.types.is_struct(field.type):
        return [leaf for child in field.type for leaf in _leaves(child, name + ".")]
    return [name]


def _decoded(col):
    return col.cast(col.type.value_type) if pa.types.is_dictionary(col.type) else col


def _numbers(col) -> np.ndarray:
    t = col.type
    if (pa.types.is_integer(t) or pa.types.is_floating(t)) and col.null_count == 0:
        # Arrow's own buffer (no copy); the caller's float64 assignment converts it as a cast would. Two
        # compute calls per column and block were an eighth of a worker's time.
        return col.to_numpy()
    if pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_decimal(t):
        return pc.fill_null(col.cast(pa.float64(), safe=False), np.nan).to_numpy()
    if pa.types.is_null(t):
        return np.full(len(col), np.nan)
    return parse_numbers(col).values  # numbers written as text: the reader's own cell rules


def text_cells(col):
    """A column as an Arrow string array (dictionary-decoded, other types cast)."""
    col = _decoded(col)
    return col if pa.types.is_string(col.type) or pa.types.is_large_string(col.type) else col.cast(pa.string())


# --------------------------------------------------------------------------- the files and their footers


def files(data: str) -> tuple[Any, list[str]]:
    """The filesystem and the Parquet files DATA names: a file, a folder (searched recursively) or a glob."""
    import fsspec
    from dask.utils import natural_sort_key

    try:
        fs, _, paths = fsspec.core.get_fs_token_paths(data, mode="rb")
    except Exception as error:  # noqa: BLE001 - unknown protocol, missing filesystem package
        raise InputError(say("dask_bad_url", data=data, error_type=type(error).__name__, error=error)) from None
    found: list[str] = []
    for path in paths:
        if fs.isdir(path):
            found += [p for p in fs.find(path) if not p.rsplit("/", 1)[-1].startswith(HIDDEN)]
        elif fs.exists(path):
            found.append(path)
    if not found:
        raise InputError(say("dask_no_files", data=data))
    return fs, sorted(found, key=natural_sort_key)  # part.2 before part.10, as dask.dataframe.read_parquet orders


def footer(path: str, fs: Any) -> tuple[list[int], int, pa.Schema]:
    """(rows per row group, largest row group in bytes, schema) of one file (read on a worker)."""
    try:
        with fs.open(path, "rb") as handle:
            file = pq.ParquetFile(handle)
            meta = file.metadata
            groups = [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]
            biggest = max((meta.row_group(i).total_byte_size for i in range(meta.num_row_groups)), default=0)
            return groups, biggest, file.schema_arrow
    except Exception as error:  # noqa: BLE001 - pyarrow's errors for a file that is not (or no longer) Parquet
        raise InputError(say("dask_not_parquet", name=path.rsplit("/", 1)[-1], error_type=type(error).__name__,
                             error=error)) from None


def plan(paths: list[str], groups: list[list[int]], rows_per_piece: int | None, target: int) -> list[Piece]:
    """The partitions: ``rows_per_piece`` rows each (within a file), or whole row groups up to ``target`` rows."""
    pieces, start = [], 0
    for path, sizes in zip(paths, groups):
        bounds = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
        total = int(bounds[-1])
        if rows_per_piece:
            cuts = list(range(0, total, rows_per_piece)) + [total]
        else:
            cuts = [0]
            for end in bounds[1:]:
                if end - cuts[-1] >= target or end == total:
                    cuts.append(int(end))
        for a, b in zip(cuts[:-1], cuts[1:]):
            first = int(np.searchsorted(bounds, a, side="right")) - 1
            last = int(np.searchsorted(bounds, b - 1, side="right")) - 1
            pieces.append(Piece(path, tuple(range(first, last + 1)), a - int(bounds[first]), b - a, start + a))
        start += total
    return pieces


def _vector_parts(names: list[str], data_columns: list[str]) -> dict[str, tuple[str, int]]:
    """Feature name -> (column, part): build_table puts a vector column's parts where the column was."""
    known, parts, pos = set(names), {}, 0
    for name in names:
        if pos < len(data_columns) and data_columns[pos] == name:
            pos += 1
            continue
        end = pos
        while end < len(data_columns) and data_columns[end] not in known:
            end += 1
        parts.update({part: (name, k) for k, part in enumerate(data_columns[pos:end])})
        pos = end
    return parts


def open_source(client: Any, data: str, *, label: str | None = None, features: Sequence[str] | None = None,
                exclude: Sequence[str] = (), batch_rows: int | None = None) -> Source:
    """Find the files, read their footers on the cluster, decide the roles on the first rows, plan the partitions."""
    from . import cluster

    if batch_rows is not None and batch_rows < 1:
        raise InputError(say("dask_batch_rows", value=batch_rows))
    fs, paths = files(data)
    name = paths[0].rsplit("/", 1)[-1] if len(paths) == 1 else data
    futures = client.map(footer, paths, fs=fs, pure=False)
    cluster.wait(client, list(futures), what=say("dask_what_footers"))
    found = [(p, f) for p, f in zip(paths, client.gather(futures)) if sum(f[0])]
    del futures
    rows = sum(sum(f[0]) for _, f in found)
    if rows == 0:
        raise InputError(say("no_data_rows", source=name))
    paths, footers = [p for p, _ in found], [f for _, f in found]
    schema = footers[0][2]
    owner = [i for i, field in enumerate(schema) for _ in _leaves(field)]
    raw = [leaf for field in schema for leaf in _leaves(field)]
    head_rows = min(batch_rows or max(1024, PARTITION_CELLS // max(len(raw), 1)), sum(footers[0][0]))
    head = plan(paths[:1], [footers[0][0]], head_rows, 0)[0]
    future = client.submit(_head, head, fs, pure=False)
    cluster.wait(client, [future], what=say("dask_what_roles"))
    first = future.result()
    notes: list[str] = []
    table = build_table(first, notes=notes, source=name, label=label, features=features, exclude=exclude)
    names = unique_names(first.column_names, [])
    parts = _vector_parts(names, list(table.data.columns))
    chosen = [Feature(f, *parts[f]) if f in parts else Feature(f, f) for f in table.features]
    widths = dict(Counter(column for column, _ in parts.values()))
    skip = set(table.features) | {table.label} | set(exclude or ())
    candidates = [n for n in names if n not in skip and n in table.data.columns
                  and not pd.api.types.is_numeric_dtype(table.data[n])]
    keep = list(dict.fromkeys([f.column for f in chosen] + ([table.label] if table.label else []) + candidates))
    index = {n: i for i, n in enumerate(names)}
    top = sorted({owner[index[n]] for n in keep})
    fields = [schema[i].name for i in top]
    if len(set(schema.names)) < len(schema.names):
        fields, top = None, list(range(len(schema)))  # a repeated name cannot be read by name: read all
    for path, (_, _, other) in zip(paths[1:], footers[1:]):
        absent = [f for f in (fields or []) if f not in other.names]
        if absent:
            raise InputError(say("dask_schema_differs", file=path.rsplit("/", 1)[-1], name=absent[0],
                                 first=paths[0].rsplit("/", 1)[-1]))
    notes = [n for n in notes if not n.startswith(("categories: ", "text columns not used: "))]
    biggest = max(f[1] for f in footers)
    if biggest > ROW_GROUP_WARN:
        notes.append(say("dask_big_row_groups", name=name, mb=biggest / 1e6))
    largest = max(max(f[0]) for f in footers)
    if batch_rows and batch_rows < largest:
        notes.append(say("dask_groups_cut", rows=batch_rows, name=name, group=largest))
    notes.append(say("dask_roles_from", rows=first.num_rows, total=rows))
    pieces = plan(paths, [f[0] for f in footers], batch_rows, max(1024, PARTITION_CELLS // max(len(chosen), 1)))
    flat = [names[i] for i in range(len(names)) if owner[i] in top]
    meta = first.rename_columns(names).select(keep).slice(0, 0).to_pandas(types_mapper=pd.ArrowDtype)
    meta.index = pd.RangeIndex(0, 0)
    columns = Columns(features=tuple(chosen), widths=widths, label=table.label, candidates=tuple(candidates))
    return Source(data=data, name=name, fs=fs, pieces=pieces, rows=rows, fields=fields, flat=flat, keep=keep,
                  columns=columns, label_name=table.label or "label", notes=notes, meta=meta)


def _head(piece: Piece, fs: Any) -> pa.Table:
    """The first rows of the table, every column, flattened (read on a worker, for the roles)."""
    return _flat(_read(fs, piece.path, piece.groups, None).slice(piece.skip, piece.rows))
