"""Tables larger than memory: a Parquet file projected batch by batch, never held whole.

The file is read with ``pyarrow.parquet.ParquetFile.iter_batches``, one batch at a time:

1. roles (label, features, categories) are decided on the first batch by ``roles.build_table``,
   exactly as the in-memory reader decides them on the whole table (``batch_source``);
2. a scan applies the missing-value policy and gathers what ``preprocess.prepare`` needs to know
   about whole columns (``preprocess.ColumnStats``) and, for PCA, the d×d scatter matrix; batch
   results are merged pairwise (Chan et al.), which is exact and stable; ``preprocess.Transform``
   takes prepare's decisions from them;
3. for t-SNE/UMAP, a pass collects the rows ``projection.fit_sample`` picks, and the layout is
   fitted on them;
4. a write prepares each batch with that ``Transform``, projects it (a ``project.Placer``,
   built once, places the rows t-SNE/UMAP were not fitted on) and appends it to the CSV.

Every method gives the in-memory command's coordinates: the same preparation, the same sample,
the same placement. Memory: one batch, the fitted rows and a d×d matrix, whatever the number of rows.
"""
from __future__ import annotations
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..present import export
from ..ingest.batch_source import Source, open_parquet, open_source
from ..errors import DataError, ExplorerError, InputError, ProjectionError
from ..table import ColumnStats, Transform, check_options
from ..project import ProjectionSpec, center_project, components_from_covariance, fit_sample, project
from ..ingest import MAX_CELLS
from ..table import MAX_CATEGORIES

HEAD_ROWS = 1000  # first kept rows shown to make_spec (the linear map's random preset needs the width)
MAX_PCA_FEATURES = 4096  # streamed PCA keeps a d×d matrix: 134 MB at this width

Say = Callable[[str], None]
Place = Callable[[np.ndarray, np.ndarray], np.ndarray]  # (prepared rows, their file positions) -> Y


def _quiet(_: str) -> None:
    return None


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
    meta = open_parquet(path).metadata
    return meta.num_rows * meta.num_columns > MAX_CELLS


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
        with np.errstate(over="ignore", invalid="ignore"):  # huge raw values: this scatter is dropped, see fit
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
            cells = pc.utf8_trim_whitespace(pc.fill_null(source.text_cells(cols, source.candidates[name]), ""))
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
    fit_sample picks (counted among the kept rows), the others placed by a project.Placer."""
    from ..project.neighbour_space import check_directions
    from ..project.placement import Placer

    params, _ = spec.validate()
    picked = fit_sample(scan.n, params["fit_rows"], spec.seed)
    X_fit, fit_rows, seen = [], [], 0
    for done, _, _, X, rows in _prepared_batches(source, scan):
        check_directions(X, params["metric"], rows=rows)
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

    placer = Placer(X_fit, fitted.Y, spec, fitted.metric) if len(X_fit) < scan.n else None

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
