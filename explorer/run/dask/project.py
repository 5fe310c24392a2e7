"""Fit and project on Dask: the map every partition goes through, applied with ``map_partitions``.

The client fits (PCA's components from the merged covariance, the linear map's W, or t-SNE/UMAP
on the rows ``projection.fit_sample`` picks); the fitted map is broadcast once to every worker
(``client.scatter(..., broadcast=True)``) and every partition is prepared (``Transform.apply``)
and projected there. ``project`` is the whole command: source, scan, fit, write.
"""
from __future__ import annotations

import threading
from typing import Any, Callable, Sequence

import dask
import numpy as np
import pandas as pd

from . import output
from ...present import export
from .source import Columns, Source, open_source
from .passes import (MAX_PCA_FEATURES, Offsets, Say, Scan, Scatter, blocks, per_partition, quiet, reduce_tree,
                         scan, scatter_part, track)
from ...errors import ProjectionError
from ...words import say
from ...table import Transform, check_options
from ...project import ProjectionSpec, center_project, components_from_covariance, fit_sample
from ...project import project as project_in_memory

ROW_NAMES = ("row", "row_id", "_row")  # the output's row-number column: the first name no other column has


class Linear:
    """``(X[:, used] - center) Wᵀ + bias``: PCA (centre, components) or the linear map (W, b, its columns)."""

    def __init__(self, W: np.ndarray, *, center: np.ndarray | None = None, bias: np.ndarray | None = None,
                 used: list[int] | None = None) -> None:
        self.W, self.center, self.bias, self.used = W, center, bias, used

    def __call__(self, X: np.ndarray, kept: np.ndarray) -> np.ndarray:
        Y = center_project(X if self.used is None else X[:, self.used], self.W, self.center)
        return Y if self.bias is None else Y + self.bias


class Layout:
    """A fitted t-SNE/UMAP layout, sent once to each worker: fitted rows keep their place, the others are placed
    beside their nearest fitted rows by a ``project.Placer``.

    The Placer's Annoy index cannot be pickled, so the worker builds it on first use from the fitted rows
    (Annoy is built on one thread with the seed: every worker builds the same index, the one the
    in-memory command builds), once per worker process.
    """

    def __init__(self, X_fit: np.ndarray | None, Y_fit: np.ndarray, fitted: np.ndarray, spec: ProjectionSpec,
                 metric: str) -> None:
        self.X_fit, self.Y_fit, self.fitted, self.spec, self.metric = X_fit, Y_fit, fitted, spec, metric
        self._placer, self._lock = None, threading.Lock()

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k not in ("_placer", "_lock")}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state, _placer=None, _lock=threading.Lock())

    def __call__(self, X: np.ndarray, kept: np.ndarray) -> np.ndarray:
        inside = np.isin(kept, self.fitted)
        Y = np.empty((len(X), self.Y_fit.shape[1]))
        Y[inside] = self.Y_fit[np.searchsorted(self.fitted, kept[inside])]
        if not inside.all():
            with self._lock:  # a worker with several threads builds it once
                if self._placer is None:
                    from ...project import Placer

                    self._placer = Placer(self.X_fit, self.Y_fit, self.spec, self.metric)
            Y[~inside] = self._placer(X, np.flatnonzero(~inside))
        return Y


def _check_rows(found: Scan, spec: ProjectionSpec) -> None:
    """What projection.check_matrix says about the whole table, from the scan."""
    if found.n < 2:
        raise ProjectionError(say("dask_too_few_rows", n=found.n))
    if found.identical:
        raise ProjectionError(say("dask_identical_rows", n=f"{found.n:,}"))
    if spec.method == "pca" and len(found.features) > MAX_PCA_FEATURES:
        raise ProjectionError(say("dask_pca_width", limit=f"{MAX_PCA_FEATURES:,}", d=f"{len(found.features):,}"))


def fit(client: Any, source: Source, found: Scan, spec: ProjectionSpec, progress: Say = quiet
        ) -> tuple[Callable[[np.ndarray, np.ndarray], np.ndarray], list[str]]:
    """The map every partition goes through, ``map(prepared rows, their kept-row numbers) -> Y``, and the
    warnings of fitting it."""
    _check_rows(found, spec)
    if spec.method in ("tsne", "umap"):
        return _fit_layout(client, source, found, spec, progress)
    params, notes = spec.validate(found.n, len(found.features), features=found.features)
    if spec.method == "pca":
        scatter = found.scatter
        if scatter is None:
            prep = client.scatter(found.prep, broadcast=True, hash=False)
            scatter = reduce_tree(client, per_partition(source, scatter_part, source.columns, prep, found.missing),
                              Scatter.merge, progress, say("dask_what_covariance"))
        components, variances, total = components_from_covariance(scatter.M / max(scatter.n - 1, 1), spec.dims)
        # as the in-memory PCA: a direction without variance holds only rounding noise; its coordinates are 0
        ratio = variances / total if total > 0 else np.zeros_like(variances)
        components[ratio <= 1e-12] = 0.0
        return Linear(components, center=scatter.mean), notes
    W, b = np.asarray(params["weights"], dtype=np.float64), np.asarray(params["bias"] or np.zeros(spec.dims))
    used = [found.features.index(f) for f in params["features"] or found.features]
    return Linear(W, bias=b, used=used), notes


def _sample_part(frame, columns: Columns, prep: Transform, missing: str, picked: np.ndarray,
                 kept_before: Offsets, metric: str) -> tuple[np.ndarray, np.ndarray, int, int]:
    """A partition's rows in the sample (prepared), their kept-row numbers, and its first row without a
    direction (-1: none) and how many there are (for cosine/correlation)."""
    start = int(frame.index[0]) if len(frame) else 0
    before, chosen, numbers, first, zero = kept_before[start], [], [], -1, 0
    prepared = [(row, kept, prep.apply(X[kept])) for _, row, X, kept in blocks(frame, columns, missing)]
    largest = 0.0
    if metric in ("cosine", "correlation"):  # project.neighbour_space.check_directions' rule, within the partition
        def norms(X: np.ndarray) -> np.ndarray:
            return np.linalg.norm(X - X.mean(axis=1, keepdims=True) if metric == "correlation" else X, axis=1)

        largest = max((float(norms(X).max(initial=0.0)) for _, _, X in prepared), default=0.0)
    for row, kept, X in prepared:
        mine = picked[(picked >= before) & (picked < before + len(X))]
        chosen.append(X[mine - before])
        numbers.append(mine)
        if metric in ("cosine", "correlation") and len(X):
            flat = norms(X) <= 1e-12 * max(largest, 1e-300)
            if flat.any() and first < 0:
                first = row + int(np.flatnonzero(kept)[np.argmax(flat)])
            zero += int(flat.sum())
        before += len(X)
    d = len(prep.columns)
    return (np.concatenate(chosen) if chosen else np.empty((0, d)),
            np.concatenate(numbers) if numbers else np.empty(0, dtype=np.int64), first, zero)


def _fit_layout(client: Any, source: Source, found: Scan, spec: ProjectionSpec, progress: Say
                ) -> tuple[Layout, list[str]]:
    """t-SNE/UMAP as projection.project lays out a table of found.n rows: fitted on the rows fit_sample picks
    (counted among the kept rows), the others placed into that layout."""
    params, _ = spec.validate()
    picked = fit_sample(found.n, params["fit_rows"], spec.seed)
    shared = [client.scatter(x, broadcast=True, hash=False) for x in (found.prep, picked, found.kept_before)]
    tasks = per_partition(source, _sample_part, source.columns, shared[0], found.missing, shared[1], shared[2],
                           params["metric"])
    futures = client.compute(tasks)
    track(client, list(futures), progress, say("dask_what_sample", n=f"{len(picked):,}", title=spec.title))
    parts = client.gather(futures)
    del futures
    zero = [(first, count) for _, _, first, count in parts if count]
    if zero:
        count = sum(c for _, c in zero)
        more = say("dask_more_rows", n=count - 1) if count > 1 else ""
        raise ProjectionError(say("dask_no_direction", row=min(f for f, _ in zero) + 1, more=more, count=count))
    X_fit, fitted = np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])
    progress(say("dask_fitting", title=spec.title, rows=f"{len(X_fit):,}", n=f"{found.n:,}"))
    result = project_in_memory(X_fit, spec, features=found.features)
    notes = list(result.warnings)
    if len(X_fit) < found.n:
        notes.append(say("dask_sampled", title=spec.title, rows=f"{len(X_fit):,}", n=f"{found.n:,}", seed=spec.seed,
                         fit_rows=params["fit_rows"]))
    return Layout(X_fit if len(X_fit) < found.n else None, result.Y, fitted, spec, result.metric), notes


def _project_part(frame, columns: Columns, prep: Transform, mapper, kept_before: Offsets, missing: str,
                  categories: list[str], label_name: str, row_name: str, dims: int, title: str) -> pd.DataFrame:
    """One partition's output rows (on a worker), block by block: row number, label, categories, coordinates."""
    start = int(frame.index[0]) if len(frame) else 0
    before, rows, Ys, labels = kept_before[start], [], [], []
    texts: dict[str, list[str]] = {name: [] for name in categories}
    for block, first, X, kept in blocks(frame, columns, missing):
        at = first + np.flatnonzero(kept)
        Y = mapper(prep.apply(X[kept]), before + np.arange(len(at)))
        bad = ~np.isfinite(Y).all(axis=1)
        if bad.any():
            raise ProjectionError(say("dask_not_finite", title=title, row=f"{at[np.argmax(bad)] + 1:,}"))
        rows.append(at)
        Ys.append(Y)
        labels += columns.labels(block, at, kept)
        for name in categories:
            texts[name] += [str(v) for v in np.asarray(columns.texts(block, name), object)[kept]]
        before += len(at)
    rows_all = np.concatenate(rows) if rows else np.empty(0, dtype=np.int64)
    out = export.coordinates_frame(labels, np.concatenate(Ys) if Ys else np.empty((0, dims)), label_name=label_name,
                                   categories=texts)
    out.insert(0, row_name, (rows_all + 1).astype(np.int64))
    out.index = pd.Index(rows_all, dtype=np.int64)
    return out


def coordinates(client: Any, source: Source, found: Scan, mapper: Any, spec: ProjectionSpec
                ) -> tuple[Any, str, list]:
    """Every kept row's output, as a ``dask.dataframe.DataFrame`` (one partition per input partition), the
    name of its row-number column, and the futures of what it was sent: the graph names them by key only,
    so the caller holds them until the frame is computed (else the scheduler forgets them)."""
    row_name = next(n for n in ROW_NAMES if n not in (source.label_name, *found.categories))
    meta = export.coordinates_frame([], np.empty((0, spec.dims)), label_name=source.label_name,
                                    categories={name: [] for name in found.categories})
    meta.insert(0, row_name, np.empty(0, dtype=np.int64))
    meta.index = pd.Index([], dtype=np.int64)
    shared = [client.scatter(x, broadcast=True, hash=False) for x in (found.prep, mapper, found.kept_before)]
    with dask.config.set({"dataframe.convert-string": False}):  # written as they are: text as text, no conversion
        frame = source.frame().map_partitions(
            _project_part, source.columns, *shared, found.missing, found.categories, source.label_name, row_name,
            spec.dims, spec.title, meta=meta, enforce_metadata=False, align_dataframes=False)
    return frame, row_name, shared


def project(client: Any, data: str, method: str, make_spec: Callable[[np.ndarray, list[str]], ProjectionSpec],
            out: str, *, label: str | None = None, features: Sequence[str] | None = None,
            exclude: Sequence[str] = (), scaling: str = "none", missing: str = "drop", keep: Sequence[str] = (),
            batch_rows: int | None = None, progress: Say = quiet,
            warn: Callable[[Sequence[str]], object] = lambda lines: None) -> int:
    """Project DATA on the cluster of ``client`` and write the coordinates to ``out``; returns the rows written.

    ``make_spec(rows, features)`` gives the projection once the prepared features are known (it is
    shown the first prepared rows: the linear map's random preset needs the width). ``out`` is ``-``
    (CSV on standard output), a ``.csv`` file, or else a folder of Parquet part files. Only
    ExplorerError is raised for bad input or a failed cluster.
    """
    check_options(scaling, missing)
    output.check(out)
    source = open_source(client, data, label=label, features=features, exclude=exclude, batch_rows=batch_rows)
    warn(source.notes)
    found = scan(client, source, missing=missing, scaling=scaling, keep=keep, covariance=method == "pca",
                 progress=progress)
    warn(found.notes)
    spec = make_spec(found.head, found.features)
    mapper, notes = fit(client, source, found, spec, progress)
    warn(notes)
    frame, row_name, shared = coordinates(client, source, found, mapper, spec)
    written = output.write(client, frame, out, row_name=row_name, rows=found.n, progress=progress)
    del shared  # held to here: the workers needed them until every partition was written
    return written
