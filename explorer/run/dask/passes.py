"""The big-table path on Dask: the in-memory command's coordinates, computed in passes over partitions.

What runs where:

1. workers read the partitions (``dask_source``) and summarise each: the missing-value policy,
   column statistics (``preprocess.ColumnStats``), for PCA the d×d scatter matrix, category values;
   the summaries are merged in a tree on the cluster with the maths of ``ColumnStats.add`` (Chan et
   al.: exact and stable), so the client receives one summary, whatever the number of rows;
2. the client takes the decisions (``preprocess.Transform.fit``) and eigen-decomposes the
   covariance (``projection.components_from_covariance``); for t-SNE/UMAP it gathers the rows
   ``projection.fit_sample`` picks (the in-memory sample), fits them with ``projection.project``
   and broadcasts the layout to the workers, each of which builds the ``project.Placer`` once;
3. workers project every partition with ``map_partitions`` (``Transform.apply``, then
   ``center_project`` or the layout) and write the output (``dask_output``).

Each partition knows the position of its first row in the table, so rows keep their order and
numbers, and the sample is the in-memory one. Memory per task: one partition and a d×d matrix.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import cluster
from .source import Columns, Source, text_cells, to_table
from ...errors import DataError
from ...words import say
from ...table import ColumnStats, Transform
from ...table import MAX_CATEGORIES

HEAD_ROWS = 1000  # first kept rows shown to make_spec (the linear map's random preset needs the width)
# Values turned into float64 at once inside a partition (2 MB, 5,000 rows at 50 features): blocks that stay in
# the CPU cache made a 100,000×50 partition's statistics 0.13 s instead of 0.20 s whole (1,000,000: 0.16 s).
BLOCK_CELLS = 250_000

MAX_PCA_FEATURES = 4096  # the d×d matrix: 134 MB at this width, once per partition being merged
SPLIT_EVERY = 8  # summaries merged at once in the tree
PROGRESS_SECONDS = 1.0  # at most one progress line per pass this often (and the last one)

Say = Callable[[str], None]


def quiet(_: str) -> None:
    return None


# --------------------------------------------------------------------------- mergeable statistics


def merge_stats(a: ColumnStats, b: ColumnStats) -> ColumnStats:
    """Two blocks' ColumnStats as one, by the maths of ``ColumnStats.add`` (a block's sums in steps of a
    power of two near the column's largest value, so 1e200 and 1e-200 stay as accurate as 1)."""
    out = ColumnStats(len(a.count))
    out.rows, out.count = a.rows + b.rows, a.count + b.count
    out.low, out.high = np.minimum(a.low, b.low), np.maximum(a.high, b.high)
    step = np.ldexp(1.0, np.minimum(np.frexp(out.largest)[1], 1023))  # 2**1024 is not a float
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        before, mean = a.mean / step, b.mean / step
        # the steps are powers of two and can only have grown: rescaling changes no bit
        m2 = sum(np.where(s.m2 > 0, s.m2 * (s.step / step) ** 2, 0.0) for s in (a, b))
    share = np.divide(b.count, out.count, out=np.zeros_like(out.count), where=out.count > 0)
    delta = np.where(b.count > 0, mean - before, 0.0)
    out.m2 = m2 + delta**2 * a.count * share
    out.mean, out.step = (before + delta * share) * step, step
    return out


class Scatter:
    """Mean and scatter Σ(x − mean)(x − mean)ᵀ of complete rows, merged pairwise (no raw squares to cancel)."""

    def __init__(self, d: int) -> None:
        self.n, self.mean, self.M = 0, np.zeros(d), np.zeros((d, d))

    @classmethod
    def of(cls, X: np.ndarray) -> "Scatter":
        out = cls(X.shape[1])
        if len(X):
            out.n, out.mean = len(X), X.mean(axis=0)
            B = X - out.mean
            with np.errstate(over="ignore", invalid="ignore"):  # huge raw values: dropped, see _prepared_scatter
                out.M = B.T @ B
        return out

    @staticmethod
    def merge(*parts: "Scatter") -> "Scatter":
        out = parts[0]
        for other in parts[1:]:
            if other.n == 0:
                continue
            total, delta = out.n + other.n, other.mean - out.mean
            merged = Scatter(len(delta))
            with np.errstate(over="ignore", invalid="ignore"):
                merged.M = out.M + other.M + np.outer(delta, delta) * (out.n * other.n / total)
            merged.mean, merged.n = out.mean + delta * (other.n / total), total
            out = merged
        return out


@dataclass
class Summary:
    """What a partition (or several, merged) tells about the whole table. Rows are table positions,
    so merging needs no order."""

    stats: ColumnStats
    raw: Scatter | None
    gaps: np.ndarray  # missing cells per feature
    parts: dict[int, tuple[int, int]]  # a partition's first row -> (rows, rows kept)
    dropped: list[int]  # the first dropped rows
    n_dropped: int
    error: tuple[int, int] | None  # (row, feature) of the first gap when missing='error'
    distinct: dict[str, set | None]  # values of the candidate categories (None: too many)
    head: list[tuple[int, np.ndarray]]  # the first kept rows, raw


def _kept(X: np.ndarray, missing: str) -> np.ndarray:
    """Rows that survive the missing-value policy (all of them for 'mean' and, once checked, 'error')."""
    return ~np.isnan(X).any(axis=1) if missing == "drop" else np.ones(len(X), dtype=bool)


def blocks(frame, columns: Columns, missing: str) -> Iterator[tuple[pa.Table, int, np.ndarray, np.ndarray]]:
    """(block, its first row, its features as float64 with NaN for missing, the rows kept) for each block of
    ``BLOCK_CELLS`` values of a partition: float64 copies of a whole partition would cost a worker 5× its size."""
    start = int(frame.index[0]) if len(frame) else 0
    table = to_table(frame)
    step = max(1024, BLOCK_CELLS // max(len(columns.features), 1))
    for offset in range(0, table.num_rows, step):
        block = table.slice(offset, step)
        X = columns.matrix(block, start + offset)
        yield block, start + offset, X, _kept(X, missing)


def _summarise(frame, columns: Columns, missing: str, covariance: bool) -> Summary:
    """One partition's summary (on a worker), block by block (ColumnStats.add merges them)."""
    d = len(columns.features)
    stats, raw = ColumnStats(d), (Scatter(d) if covariance else None)
    gaps, lost, n_lost, kept_rows, head = np.zeros(d, dtype=np.int64), [], 0, 0, []
    error: tuple[int, int] | None = None
    distinct: dict[str, set | None] = {name: set() for name in columns.candidates}
    for block, start, X, kept in blocks(frame, columns, missing):
        missing_cells = np.isnan(X)
        gaps += missing_cells.sum(axis=0)
        if missing == "error" and error is None and missing_cells.any():
            row = int(np.argmax(missing_cells.any(axis=1)))
            error = (start + row, int(np.argmax(missing_cells[row])))
        if not kept.all():
            lost += (start + np.flatnonzero(~kept))[:8].tolist()
            n_lost += int((~kept).sum())
            X = X[kept]
        stats.add(X)
        if raw is not None:
            raw = Scatter.merge(raw, Scatter.of(X))
        if kept_rows < HEAD_ROWS:
            head.append((start, X[:HEAD_ROWS - kept_rows].copy()))
        kept_rows += len(X)
        for name, values in distinct.items():
            if values is not None:
                cells = pc.utf8_trim_whitespace(pc.fill_null(text_cells(block.column(name)), ""))
                values.update(pc.unique(cells).to_pylist())
                if len(values) > MAX_CATEGORIES:
                    distinct[name] = None  # too many to colour by: stop counting
    start = int(frame.index[0]) if len(frame) else 0
    return Summary(stats=stats, raw=raw, gaps=gaps, parts={start: (len(frame), kept_rows)} if len(frame) else {},
                   dropped=lost[:8], n_dropped=n_lost, error=error, distinct=distinct, head=head)


def _merge(*parts: Summary) -> Summary:
    """Summaries of several partitions as one (on a worker, in the reduction tree)."""
    out = parts[0]
    for s in parts[1:]:
        distinct = {name: None if values is None or s.distinct[name] is None or len(values | s.distinct[name])
                    > MAX_CATEGORIES else values | s.distinct[name] for name, values in out.distinct.items()}
        head, kept = [], 0
        for start, X in sorted(out.head + s.head, key=lambda item: item[0]):
            if kept < HEAD_ROWS:  # blocks after the first HEAD_ROWS kept rows can never be needed
                head.append((start, X))
                kept += len(X)
        errors = [e for e in (out.error, s.error) if e is not None]
        out = Summary(stats=merge_stats(out.stats, s.stats),
                      raw=Scatter.merge(out.raw, s.raw) if out.raw is not None else None, gaps=out.gaps + s.gaps,
                      parts={**out.parts, **s.parts}, dropped=sorted(out.dropped + s.dropped)[:8],
                      n_dropped=out.n_dropped + s.n_dropped, error=min(errors) if errors else None,
                      distinct=distinct, head=head)
    return out


# --------------------------------------------------------------------------- passes


def track(client: Any, futures: list, progress: Say, what: str) -> None:
    """Wait for one future per partition, saying how many are done (at most once a second, and the last)."""
    total, done, last = len(futures), 0, 0.0

    def seen(_: Any) -> None:
        nonlocal done, last
        done += 1
        if done == total or time.monotonic() - last >= PROGRESS_SECONDS:
            last = time.monotonic()
            progress(say("dask_progress", what=what, done=done, total=total))

    cluster.wait(client, futures, seen, what=what)


def reduce_tree(client: Any, tasks: list, merge: Callable, progress: Say, what: str) -> Any:
    """Per-partition results merged in a tree on the cluster, ``SPLIT_EVERY`` at a time: the client gets one."""
    leaves = client.compute(tasks)
    level = list(leaves)
    while len(level) > 1:
        level = [client.submit(merge, *level[i:i + SPLIT_EVERY], pure=False)
                 for i in range(0, len(level), SPLIT_EVERY)]
    root = level.pop()
    track(client, leaves, progress, what)
    cluster.wait(client, [root], what=what)
    return root.result()


def per_partition(source: Source, fn: Callable, *args: Any) -> list:
    """``fn(partition, *args)`` for every partition, as delayed tasks (each reads its partition on a worker)."""
    from dask import delayed

    return [delayed(fn, pure=True)(part, *args) for part in source.frame().to_delayed()]


class Offsets:
    """Rows kept before each partition, by the partition's first row (one object, sent once to each worker;
    ``client.scatter`` would split a dict into one future per entry)."""

    def __init__(self, kept_before: dict[int, int]) -> None:
        self.starts = np.array(sorted(kept_before), dtype=np.int64)
        self.before = np.array([kept_before[s] for s in self.starts], dtype=np.int64)

    def __getitem__(self, start: int) -> int:
        i = int(np.searchsorted(self.starts, start))
        return int(self.before[i]) if i < len(self.starts) and self.starts[i] == start else 0


@dataclass
class Scan:
    """What the first pass learned: the preparation, the rows kept, the first rows, the categories."""

    prep: Transform
    missing: str
    features: list[str]  # after constant columns are dropped
    n: int  # rows kept
    head: np.ndarray  # the first kept rows, prepared
    categories: list[str]
    scatter: Scatter | None  # of the prepared rows, when the scan could form it
    identical: bool  # every kept row is the same
    kept_before: Offsets  # a partition's first row -> rows kept before it
    notes: list[str]


def _rows_text(rows: list[int], total: int) -> str:
    shown = ", ".join(f"{r + 1:,}" for r in rows[:8])
    return say("rows_and_more", rows=shown, n=f"{total - 8:,}") if total > 8 else shown


def scan(client: Any, source: Source, *, missing: str = "drop", scaling: str = "none", keep: Sequence[str] = (),
         covariance: bool = False, progress: Say = quiet) -> Scan:
    """The first pass: the missing-value policy, exact column statistics (and PCA's scatter), categories."""
    names = source.columns.names
    raw = covariance and missing != "mean" and scaling != "l2"
    s = reduce_tree(client, per_partition(source, _summarise, source.columns, missing, raw), _merge, progress,
                say("dask_what_statistics", name=source.name))
    if s.error is not None:
        raise DataError(say("dask_missing_error", row=f"{s.error[0] + 1:,}", column=names[s.error[1]]))
    notes: list[str] = []
    where = ", ".join(f"{names[j]!r} {s.gaps[j]:,}" for j in np.flatnonzero(s.gaps)[:5])
    if s.n_dropped:
        notes.append(say("dask_dropped", n=f"{s.n_dropped:,}", rows=_rows_text(s.dropped, s.n_dropped), where=where))
    elif s.gaps.any():
        notes.append(say("dask_filled", n=f"{int(s.gaps.sum()):,}", where=where))
    starts = sorted(s.parts)
    kept = [s.parts[a][1] for a in starts]
    if sum(kept) == 0:
        raise DataError(say("dask_no_rows_left"))
    prep, decided = Transform.fit(s.stats, names, scaling=scaling, missing=missing, keep=keep)
    notes += decided
    categories = [name for name, values in s.distinct.items()
                  if values is not None and 2 <= len(values) <= MAX_CATEGORIES and len(values) < 0.5 * source.rows]
    if categories:
        notes.append(say("categories", names=", ".join(map(repr, categories))))
    head = np.concatenate([X for _, X in sorted(s.head, key=lambda item: item[0])])[:HEAD_ROWS]
    return Scan(prep=prep, missing=missing, features=[names[j] for j in prep.columns], n=sum(kept),
                head=prep.apply(head), categories=categories, scatter=_prepared_scatter(s.raw, prep),
                identical=bool((s.stats.low == s.stats.high).all()),
                kept_before=Offsets(dict(zip(starts, np.cumsum([0] + kept[:-1]).tolist()))), notes=notes)


def _prepared_scatter(raw: Scatter | None, prep: Transform) -> Scatter | None:
    """The scatter of the prepared rows from that of the raw rows: a column subset and a diagonal rescale."""
    if raw is None or prep.unit != 1.0:
        return None  # extreme magnitudes: a second pass over the prepared rows instead
    out = Scatter(len(prep.columns))
    out.n, out.mean, out.M = raw.n, raw.mean[prep.columns], raw.M[np.ix_(prep.columns, prep.columns)]
    if prep.center is not None:
        out.mean = (out.mean - prep.center) / prep.scale
        out.M = out.M / np.outer(prep.scale, prep.scale)
    return out


def scatter_part(frame, columns: Columns, prep: Transform, missing: str) -> Scatter:
    return Scatter.merge(Scatter(len(prep.columns)),
                         *(Scatter.of(prep.apply(X[kept])) for _, _, X, kept in blocks(frame, columns, missing)))
