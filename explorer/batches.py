"""Tables larger than memory: a Parquet file projected batch by batch, never held whole.

The file is read with ``pyarrow.parquet.ParquetFile.iter_batches``, one batch at a time:

1. roles (label, features, categories) are decided on the first batch by ``roles.build_table``,
   exactly as the in-memory reader decides them on the whole table;
2. a scan applies the missing-value policy and gathers what ``preprocess.prepare`` needs to know
   about whole columns (``preprocess.ColumnStats``) and, for PCA, the d×d scatter matrix; batch
   results are merged pairwise (Chan et al.), which is exact and stable; ``preprocess.Transform``
   takes prepare's decisions from them;
3. for t-SNE/UMAP, a pass collects the rows ``projection.fit_sample`` picks, and the layout is
   fitted on them;
4. a write prepares each batch with that ``Transform``, projects it (a ``manifold.Placer``,
   built once, places the rows t-SNE/UMAP were not fitted on) and appends it to the CSV.

Every method gives the in-memory command's coordinates: the same preparation, the same sample,
the same placement. Memory: one batch, the fitted rows and a d×d matrix, whatever the number of rows.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from . import export
from .errors import DataError, ExplorerError, InputError, ProjectionError
from .preprocess import ColumnStats, Transform, check_options
from .projection import ProjectionSpec, center_project, components_from_covariance, fit_sample, project
from .readers import MAX_CELLS
from .roles import MAX_CATEGORIES, build_table, parse_numbers, parse_vectors, unique_names

# Default batch: 8 MB of float64 whatever the width. On 2M×50 the time was the same at 5k, 20k and
# 80k rows per batch while peak RSS grew (289, 335, 540 MB).
BATCH_CELLS = 1_000_000
HEAD_ROWS = 1000  # first kept rows shown to make_spec (the linear map's random preset needs the width)
MAX_PCA_FEATURES = 4096  # streamed PCA keeps a d×d matrix: 134 MB at this width
# pyarrow decodes a whole row group at a time and holds up to ~2.5× its decoded size while reading
# it (one 200k×25 float64 group: 100 MB for 40 MB of data; 2M×50 float32 as one 400 MB group: 712 MB
# peak RSS, 330 MB in 100k-row groups), so huge row groups deserve a warning.
ROW_GROUP_WARN = 256_000_000

Say = Callable[[str], None]
Place = Callable[[np.ndarray, np.ndarray], np.ndarray]  # (prepared rows, their file positions) -> Y


def _quiet(_: str) -> None:
    return None


# --------------------------------------------------------------------------- the file and its roles


def wants_batches(path: Path, batch_rows: int | None) -> bool:
    """Read ``path`` in batches: when asked to, or when it is a Parquet file over the in-memory limit."""
    if batch_rows is not None:
        if batch_rows < 1:
            raise InputError(f"batch_rows={batch_rows} must be at least 1 row (e.g. --batch-rows 100000)")
        return True
    try:
        with open(path, "rb") as handle:
            if handle.read(4) != b"PAR1":
                return False
    except OSError:
        return False  # the in-memory reader says what is wrong with the path
    meta = _open(path).metadata
    return meta.num_rows * meta.num_columns > MAX_CELLS


def _open(path: Path) -> pq.ParquetFile:
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

    def texts(self, cols: dict[int, pa.ChunkedArray], position: int) -> list:
        return _text_cells(cols[position]).to_pylist()


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
    file = _open(path)
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


# --------------------------------------------------------------------------- exact statistics


class _Scatter:
    """Mean and scatter Σ(x − mean)(x − mean)ᵀ of complete rows, merged batch by batch (no raw squares
    to cancel)."""

    def __init__(self, d: int) -> None:
        self.n, self.mean, self.M = 0, np.zeros(d), np.zeros((d, d))

    def add(self, X: np.ndarray) -> None:
        if not len(X):
            return
        mean = X.mean(axis=0)
        B = X - mean
        total = self.n + len(X)
        delta = mean - self.mean
        self.M += B.T @ B + np.outer(delta, delta) * (self.n * len(X) / total)
        self.mean = self.mean + delta * (len(X) / total)
        self.n = total


# --------------------------------------------------------------------------- the scan


@dataclass
class Scan:
    """What one pass over the file learned: the preparation, the rows kept, the first rows, categories."""

    prep: Transform
    missing: str
    features: list[str]  # after constant columns are dropped
    n: int  # rows kept
    head: np.ndarray  # the first kept rows, prepared
    categories: dict[str, int]
    scatter: _Scatter | None  # of the prepared rows, when the scan could form it
    identical: bool  # every kept row is the same
    notes: list[str]


def _kept(X: np.ndarray, start: int, missing: str, names: list[str]) -> np.ndarray:
    """Rows that survive the missing-value policy (all of them for 'mean'); 'error' stops at the first gap."""
    bad = np.isnan(X).any(axis=1)
    if missing == "mean" or not bad.any():
        return np.ones(len(X), dtype=bool)
    if missing == "error":
        row = int(np.argmax(bad))
        column = names[int(np.argmax(np.isnan(X[row])))]
        raise DataError(f"row {start + row + 1:,}, column {column!r}: the value is missing or not a number and "
                        "missing='error'; fill it in, or choose missing='drop' or 'mean' (--missing)")
    return ~bad


def _rows_text(rows: list[int], total: int) -> str:
    shown = ", ".join(f"{r + 1:,}" for r in rows[:8])
    return shown + (f" and {total - 8:,} more" if total > 8 else "")


def scan(source: Source, *, missing: str = "drop", scaling: str = "none", keep: Sequence[str] = (),
         covariance: bool = False, progress: Say = _quiet) -> Scan:
    """The first pass: the missing-value policy, exact column statistics (and PCA's scatter)."""
    names = [f.name for f in source.features]
    stats, head = ColumnStats(len(names)), []
    raw = _Scatter(len(names)) if covariance and missing != "mean" and scaling != "l2" else None
    dropped: list[int] = []
    seen, n_dropped, gaps = 0, 0, np.zeros(len(names), dtype=np.int64)
    distinct: dict[str, set | None] = {name: set() for name in source.candidates}
    for start, cols, n in source.batches():
        X = source.matrix(cols, start, n)
        kept = _kept(X, start, missing, names)
        seen += n
        gaps += np.isnan(X).sum(axis=0)
        if not kept.all():
            lost = np.flatnonzero(~kept)
            dropped += (start + lost[: max(0, 8 - len(dropped))]).tolist()
            n_dropped += lost.size
            X = X[kept]
        stats.add(X)
        if sum(map(len, head)) < HEAD_ROWS:
            head.append(X[:HEAD_ROWS])
        if raw is not None:
            raw.add(X)
        _count_distinct(distinct, source, cols)
        progress(f"reading {source.name}: {start + n:,} of {source.rows:,} rows")
    notes: list[str] = []
    where = ", ".join(f"{names[j]!r} {gaps[j]:,}" for j in np.flatnonzero(gaps)[:5])
    if n_dropped:
        notes.append(f"dropped {n_dropped:,} row(s) with missing or unreadable values (rows "
                     f"{_rows_text(dropped, n_dropped)}; cells by column: {where})")
    elif gaps.any():
        notes.append(f"filled {int(gaps.sum()):,} missing value(s) with the column mean ({where})")
    kept_rows = seen - n_dropped
    if kept_rows == 0:
        raise DataError("no rows are left after dropping missing values; try missing='mean' (--missing mean)")
    prep, decided = Transform.fit(stats, names, scaling=scaling, missing=missing, keep=keep)
    notes += decided
    categories = {name: source.candidates[name] for name, values in distinct.items()
                  if values is not None and 2 <= len(values) <= MAX_CATEGORIES and len(values) < 0.5 * source.rows}
    if categories:
        notes.append("categories: " + ", ".join(map(repr, categories)))
    return Scan(prep=prep, missing=missing, features=[names[j] for j in prep.columns], n=kept_rows,
                head=prep.apply(np.concatenate(head)[:HEAD_ROWS]), categories=categories,
                scatter=_prepared_scatter(raw, prep), identical=bool((stats.low == stats.high).all()), notes=notes)


def _count_distinct(distinct: dict[str, set | None], source: Source, cols: dict[int, pa.ChunkedArray]) -> None:
    for name, seen in distinct.items():
        if seen is not None:
            cells = pc.utf8_trim_whitespace(pc.fill_null(_text_cells(cols[source.candidates[name]]), ""))
            seen.update(pc.unique(cells).to_pylist())
            if len(seen) > MAX_CATEGORIES:
                distinct[name] = None  # too many values to colour by: stop counting


def _prepared_scatter(raw: _Scatter | None, prep: Transform) -> _Scatter | None:
    """The scatter of the prepared rows from that of the raw rows: a column subset and a diagonal rescale."""
    if raw is None or prep.unit != 1.0:
        return None  # extreme magnitudes: a second pass over the prepared rows instead
    out = _Scatter(len(prep.columns))
    out.n, out.mean, out.M = raw.n, raw.mean[prep.columns], raw.M[np.ix_(prep.columns, prep.columns)]
    if prep.center is not None:
        out.mean = (out.mean - prep.center) / prep.scale
        out.M = out.M / np.outer(prep.scale, prep.scale)
    return out


def _prepared_batches(source: Source, scan: Scan) -> Iterator[tuple[int, dict, np.ndarray, np.ndarray, np.ndarray]]:
    """(rows read so far, columns, kept rows mask, prepared X, file positions) per batch: the rows the scan kept."""
    names = [f.name for f in source.features]
    for start, cols, n in source.batches():
        X = source.matrix(cols, start, n)
        kept = _kept(X, start, scan.missing, names)
        yield start + n, cols, kept, scan.prep.apply(X[kept]), start + np.flatnonzero(kept)


# --------------------------------------------------------------------------- fitting and placing


def _check_rows(scan: Scan, spec: ProjectionSpec) -> None:
    """What projection.check_matrix says about the whole table, from the scan."""
    if scan.n < 2:
        raise ProjectionError(f"a projection needs at least 2 rows; the table has {scan.n}")
    if scan.identical:
        raise ProjectionError(f"all {scan.n:,} rows are identical: nothing to separate; check the file or choose "
                              "other feature columns")
    if spec.method == "pca" and len(scan.features) > MAX_PCA_FEATURES:
        raise ProjectionError(f"batch PCA keeps a d×d matrix and supports up to {MAX_PCA_FEATURES:,} features; the "
                              f"table has {len(scan.features):,}: choose fewer columns (--features)")


def fit(source: Source, scan: Scan, spec: ProjectionSpec, progress: Say = _quiet) -> tuple[Place, list[str]]:
    """The map every batch goes through, and the warnings of fitting it."""
    _check_rows(scan, spec)
    if spec.method in ("tsne", "umap"):
        return _fit_layout(source, scan, spec, progress)
    params, notes = spec.validate(scan.n, len(scan.features), features=scan.features)
    if spec.method == "pca":
        scatter = scan.scatter
        if scatter is None:
            scatter = _Scatter(len(scan.features))
            for done, _, _, X, _ in _prepared_batches(source, scan):
                scatter.add(X)
                progress(f"covariance: {done:,} of {source.rows:,} rows")
        components, _, _ = components_from_covariance(scatter.M / max(scatter.n - 1, 1), spec.dims)
        return (lambda X, rows: center_project(X, components, scatter.mean)), notes
    W, b = np.asarray(params["weights"]), np.asarray(params["bias"] or np.zeros(spec.dims))
    used = [scan.features.index(f) for f in params["features"] or scan.features]
    return (lambda X, rows: center_project(X[:, used], W) + b), notes


def _fit_layout(source: Source, scan: Scan, spec: ProjectionSpec, progress: Say) -> tuple[Place, list[str]]:
    """t-SNE/UMAP as projection.project lays out a table of scan.n rows: fitted on the rows
    fit_sample picks (counted among the kept rows), the others placed by manifold.place_many."""
    from . import manifold

    params, _ = spec.validate()
    picked = fit_sample(scan.n, params["fit_rows"], spec.seed)
    X_fit, fit_rows, seen = [], [], 0
    for done, _, _, X, rows in _prepared_batches(source, scan):
        manifold.check_directions(X, params["metric"], rows=rows)
        mine = picked[(picked >= seen) & (picked < seen + len(X))] - seen
        X_fit.append(X[mine])
        fit_rows.append(rows[mine])
        seen += len(X)
        progress(f"collecting the {len(picked):,} rows to fit {spec.title} on: {done:,} of {source.rows:,} rows")
    X_fit, fit_rows = np.concatenate(X_fit), np.concatenate(fit_rows)
    progress(f"fitting {spec.title} on {len(X_fit):,} of {scan.n:,} rows")
    fitted = project(X_fit, spec, features=scan.features)
    notes = fitted.warnings
    if len(X_fit) < scan.n:
        notes.append(f"{spec.title} was fitted on a random sample of {len(X_fit):,} of {scan.n:,} rows (seed "
                     f"{spec.seed}, fit_rows={params['fit_rows']}); the others are placed into that layout beside "
                     "their nearest fitted rows (approximate: they did not shape it)")

    placer = manifold.Placer(X_fit, fitted.Y, spec, fitted.diagnostics) if len(X_fit) < scan.n else None

    def place(X: np.ndarray, rows: np.ndarray) -> np.ndarray:
        inside = np.isin(rows, fit_rows)
        Y = np.empty((len(X), spec.dims))
        Y[inside] = fitted.Y[np.searchsorted(fit_rows, rows[inside])]
        if not inside.all():
            Y[~inside] = placer(X, np.flatnonzero(~inside))
        return Y

    return place, notes


# --------------------------------------------------------------------------- the write


def write(source: Source, scan: Scan, place: Place, spec: ProjectionSpec, sink: Callable[[bytes], object],
          progress: Say = _quiet) -> int:
    """The last pass: every batch prepared, projected and appended to the CSV (the in-memory columns and format)."""
    def frame(labels, Y, categories):
        return export.coordinates_frame(labels, Y, label_name=source.label_name, categories=categories)

    header = export.csv_bytes(frame([], np.empty((0, spec.dims)), {name: [] for name in scan.categories}))
    sink(header)
    written = 0
    for done, cols, kept, X, rows in _prepared_batches(source, scan):
        Y = place(X, rows)
        bad = ~np.isfinite(Y).all(axis=1)
        if bad.any():
            raise ProjectionError(f"{spec.title} gave non-finite coordinates for row {rows[np.argmax(bad)] + 1:,}: "
                                  "the values are too large to represent; standardise the features "
                                  "(scaling='standard') or use PCA")
        labels = ([f"row {r + 1}" for r in rows] if source.label is None
                  else ["" if v is None else v for v in np.asarray(source.texts(cols, source.label), object)[kept]])
        categories = {name: [str(v) for v in np.asarray(source.texts(cols, p), object)[kept]]
                      for name, p in scan.categories.items()}
        data = export.csv_bytes(frame(labels, Y, categories))
        assert data.startswith(header)
        sink(data[len(header):])
        written += len(rows)
        progress(f"writing: {done:,} of {source.rows:,} rows")
    return written


def project_parquet(path: Path, method: str, make_spec: Callable[[np.ndarray, list[str]], ProjectionSpec],
                    sink: Callable[[bytes], object], *, label: str | None = None,
                    features: Sequence[str] | None = None, exclude: Sequence[str] = (), scaling: str = "none",
                    missing: str = "drop", keep: Sequence[str] = (), batch_rows: int | None = None,
                    progress: Say = _quiet,
                    warn: Callable[[Sequence[str]], object] = lambda lines: None) -> int:
    """Project a Parquet file batch by batch and write the coordinates CSV to ``sink``; returns the rows written.

    ``make_spec(rows, features)`` gives the projection once the prepared features are known (it is
    shown the first prepared rows: the linear map's random preset needs the width). Only
    ExplorerError is raised for bad input.
    """
    check_options(scaling, missing)
    try:
        source = open_source(Path(path), label=label, features=features, exclude=exclude, batch_rows=batch_rows)
        warn(source.notes)
        found = scan(source, missing=missing, scaling=scaling, keep=keep, covariance=method == "pca",
                     progress=progress)
        warn(found.notes)
        spec = make_spec(found.head, found.features)
        place, notes = fit(source, found, spec, progress)
        warn(notes)
        return write(source, found, place, spec, sink, progress)
    except MemoryError:
        raise ExplorerError(f"{Path(path).name}: out of memory in batch mode; choose a smaller --batch-rows (rows "
                            "read at once) or, for t-SNE/UMAP, a smaller --fit-rows (rows the layout is fitted on)"
                            ) from None
