"""Float32 candidate search for :func:`explorer.neighbours.similarity.neighbors` (exactness is checked there).

Two engines return, for each query item, its ``n_cand`` best candidates by a
float32 score, best first, in faiss's convention (inner products descending or
squared distances ascending):

* numpy: blocked BLAS sgemm with per-row thresholds. For all items at once each
  product block serves both of its items (half the products of a one-sided
  search); for a subset of queries, a one-sided blocked search.
* faiss-cpu's exact flat index (IndexFlatIP / IndexFlatL2).

Measured on the 2 shared cores here (same process, same data): at 20k×384 the
symmetric numpy search took 5.1 s and faiss 17.7 s; at 30k×50, 6.4 s vs 11.3 s.
Running its 512×512 blocks on one thread per core, each with a one-thread BLAS,
took the whole of ``similarity.neighbors`` at 50k×50 from 14.9 s (2048-row blocks
on OpenBLAS's own 2 threads) to 5.2-6.1 s, and at 30k×384 from 13.7 s to 9.4 s
(medians of 3, busy machine); see benchmarks/RESULTS.md.
"""
from __future__ import annotations

import os
import threading
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Callable

import numpy as np

from ..errors import ProjectionCancelled
from ..words import say

_FAISS_QUERY_CHUNK = 4096
# numpy search: query rows per chunk (one-sided), square block side (symmetric),
# column block (one-sided), threshold sample, pending hits before a compaction.
_NUMPY_QUERY_CHUNK = 1024
_ROW_BLOCK = 512  # 256: 6.5 s, 512: 5.2 s, 768: 6.7 s at 50k×50 (its scans stay in L2; d=384 does not mind)
_COLUMN_BLOCK = 8192
_THRESHOLD_SAMPLE = 8192
_COMPACT_AT = 4_000_000
# symmetric search: blocks queued per worker thread (keeps them busy while this thread compacts)
_IN_FLIGHT = 32


def faiss_module():
    """The faiss module, or None when faiss-cpu is not installed."""
    try:
        import faiss  # noqa: PLC0415 - optional, imported lazily
    except ImportError:  # pragma: no cover - depends on the environment
        return None
    return faiss


def candidates(
    Z32: np.ndarray,
    metric: str,
    queries: np.ndarray,
    n_cand: int,
    *,
    faiss=None,
    progress: Callable[[float, str], "bool | None"] | None = None,
):
    """Yield (start, query block, float32 scores, candidate ids), n_cand per query, best first.

    Z32 holds unit rows (cosine) or centred rows (euclidean). Scores follow faiss:
    inner products (descending) or squared distances (ascending). Every item
    outside a query's list scores no better than the list's last entry.
    ``progress`` returning False raises ProjectionCancelled.
    """
    m = len(queries)

    def report(fraction: float, what: str) -> None:
        if progress is not None and progress(fraction, say("search_progress", what=what)) is False:
            raise ProjectionCancelled(say("search_cancelled", what=what))

    if faiss is None and m == Z32.shape[0] and np.array_equal(queries, np.arange(m)):
        D32, cand = _numpy_all(Z32, metric, n_cand, report)
        for start in range(0, m, _NUMPY_QUERY_CHUNK):
            block = queries[start:start + _NUMPY_QUERY_CHUNK]
            yield start, block, D32[block], cand[block]
        return
    search, chunk = (
        (_faiss_searcher(faiss, Z32, metric), _FAISS_QUERY_CHUNK)
        if faiss is not None
        else (_numpy_searcher(Z32, metric), _NUMPY_QUERY_CHUNK)
    )
    del Z32
    for start in range(0, m, chunk):
        block = queries[start:start + chunk]
        D32, cand = search(block, n_cand)
        yield start, block, D32, cand
        done = min(start + chunk, m)
        report(done / m, say("search_items", done=done, total=m))


def _faiss_searcher(faiss, Z32: np.ndarray, metric: str):
    index = faiss.IndexFlatIP(Z32.shape[1]) if metric == "cosine" else faiss.IndexFlatL2(Z32.shape[1])
    index.add(Z32)
    stored = faiss.rev_swig_ptr(index.get_xb(), index.ntotal * index.d).reshape(index.ntotal, index.d)

    def search(block: np.ndarray, n_cand: int):
        D, I = index.search(stored[block], n_cand)
        return D, I.astype(np.int64)

    return search


def _numpy_searcher(Z32: np.ndarray, metric: str):
    """Exact float32 top-m by blocked products (BLAS sgemm) and a per-row threshold.

    The columns are visited in a seeded random order; the m-th best score among
    the first ``_THRESHOLD_SAMPLE`` of them is a lower bound for the row's true
    m-th best, so only scores at or above it are kept from the later blocks.
    Memory: one permuted float32 copy plus one query × column block.
    """
    n, d = Z32.shape
    perm = np.random.default_rng(0).permutation(n)
    where = np.empty(n, dtype=np.int64)
    where[perm] = np.arange(n)
    if metric == "euclidean":
        # q·x - |x|²/2 (larger = nearer) in one product: |q - x|² = |q|² - 2 (q·x - |x|²/2)
        P = np.empty((n, d + 1), dtype=np.float32)
        P[:, :d] = Z32[perm]
        P[:, d] = -0.5 * np.einsum("ij,ij->i", P[:, :d], P[:, :d])
    else:
        P = Z32[perm]

    def search(block: np.ndarray, m: int):
        Q = P[where[block]]
        if metric == "euclidean":
            qsq = np.einsum("ij,ij->i", Q[:, :d], Q[:, :d])
            Q[:, d] = 1.0
        s = min(n, max(_THRESHOLD_SAMPLE, 4 * m))
        G = Q @ P[:s].T
        t = np.partition(G, s - m, axis=1)[:, s - m]
        found = [_above(G, t, 0, 0)]
        for start in range(s, n, _COLUMN_BLOCK):
            found.append(_above(Q @ P[start:start + _COLUMN_BLOCK].T, t, 0, start))
        r, c, v = (np.concatenate(part) for part in zip(*found))
        order = np.lexsort((-v, r))
        r, c, v = r[order], c[order], v[order]
        pos = np.searchsorted(r, np.arange(len(block)))[:, None] + np.arange(m)
        ids, best = perm[c[pos]], v[pos].astype(np.float64)
        if metric == "euclidean":
            best = qsq[:, None] - 2.0 * best
        return best, ids

    return search


def _numpy_all(Z32: np.ndarray, metric: str, m: int, report):
    """Float32 top-m of EVERY item, using each product block for both of its items (half the sgemm).

    Items are visited in a seeded random order. Phase 1 scores all items against
    the first ``s`` (a random sample): each row's m-th best there is a lower
    bound for its true m-th best (its threshold), and the same blocks, read
    column-wise, feed the sample items. Phase 2 covers the remaining upper
    triangle of square blocks, each read row-wise and column-wise, keeping only
    scores at or above the rows' thresholds; compaction keeps each row's best m
    and raises its threshold to the m-th best seen.

    The blocks run on ``_workers()`` threads, each with a single-threaded BLAS
    (see ``_one_blas_thread``); this thread gathers their hits in submission
    order, compacts and reports progress. A block may see a threshold older than
    the latest (lower, so still a valid bound): it only keeps more hits.
    """
    n, d = Z32.shape
    B = _ROW_BLOCK
    perm = np.random.default_rng(0).permutation(n)
    if metric == "euclidean":
        # x_i·x_j - |x_i|²/2 - |x_j|²/2 = -|x_i - x_j|²/2, symmetric, in one product
        half = np.empty(n, dtype=np.float32)
        A = np.empty((n, d + 2), dtype=np.float32)
        A[:, :d] = Z32[perm]
        half[:] = 0.5 * np.einsum("ij,ij->i", A[:, :d], A[:, :d])
        Bm = A.copy()
        A[:, d], A[:, d + 1] = 1.0, -half
        Bm[:, d], Bm[:, d + 1] = -half, 1.0
    else:
        A = Bm = Z32[perm]
    s = min(n, -(-max(_THRESHOLD_SAMPLE, 4 * m) // B) * B)  # a whole number of blocks
    w = min(s, max(2048, 8 * m))  # a first threshold from part of the sample (cheap); compaction raises it
    t = np.full(n, -np.inf, dtype=np.float32)  # written by this thread only
    store = _TopStore(n, m)
    total = n * s + sum((min(i0 + B, n) - i0) * (n - i0) for i0 in range(s, n, B))  # for progress
    done, shown = 0, -1.0

    def sample_block(r0: int, t_sample: np.ndarray | None):  # phase 1: rows r0.. against the sample
        G = A[r0:r0 + B] @ Bm[:s].T
        t_rows = np.partition(G[:, :w], w - m, axis=1)[:, w - m]
        hits = [_above(G, t_rows, r0, 0)]
        if t_sample is not None:  # read column-wise: the sample rows' scores against these rows
            hits.append(_above_by_column(G, t_sample, r0, 0))
        return r0, t_rows, hits, G.shape[0] * s

    def square_block(i0: int, j0: int, t_rows: np.ndarray, t_cols: np.ndarray):  # phase 2
        G = A[i0:i0 + B] @ Bm[j0:j0 + B].T
        hits = [_above(G, t_rows, i0, j0)] if j0 == i0 else _both_ways(G, t_rows, t_cols, i0, j0)
        return i0, None, hits, G.size

    def take(result) -> None:
        nonlocal t, done, shown
        r0, t_rows, hits, work = result
        if t_rows is not None:
            t[r0:r0 + len(t_rows)] = t_rows
        for hit in hits:
            store.add(*hit)
        if store.full():
            t = store.compact(t)
        done += work
        if done / total >= shown + 0.005 or done == total:  # every 0.5%, not every block
            shown = done / total
            report(shown, say("search_share", share=shown))

    workers = _workers()
    pending: deque = deque()

    def submit(pool, fn, *args) -> None:
        pending.append(pool.submit(fn, *args))
        while len(pending) >= _IN_FLIGHT * workers:
            take(pending.popleft().result())

    def drain() -> None:
        while pending:
            take(pending.popleft().result())

    with _one_blas_thread(), ThreadPoolExecutor(workers, thread_name_prefix="knn") as pool:
        try:
            for r0 in range(0, s, B):  # the sample rows first: their thresholds serve the column reads
                submit(pool, sample_block, r0, None)
            drain()
            for r0 in range(s, n, B):
                submit(pool, sample_block, r0, t[:s].copy())
            drain()
            t = store.compact(t)
            for i0 in range(s, n, B):  # phase 2: upper triangle of the rest
                for j0 in range(i0, n, B):
                    submit(pool, square_block, i0, j0, t[i0:i0 + B].copy(), t[j0:j0 + B].copy())
            drain()
        except BaseException:
            for future in pending:
                future.cancel()
            raise
    store.compact(t)
    best, ids = store.vals.astype(np.float64), perm[store.ids.astype(np.int64)]
    out_best, out_ids = np.empty_like(best), np.empty_like(ids)
    out_best[perm], out_ids[perm] = best, ids
    if metric == "euclidean":
        out_best *= -2.0
    return out_best, out_ids


def _workers() -> int:
    """Threads for the symmetric search: one per core we may use (at most 8)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(8, cores))


_blas_lock = threading.Lock()
_blas_users = 0
_blas_limiter = None


@contextmanager
def _one_blas_thread():
    """BLAS limited to one thread while any search runs (process-wide, counted across threads).

    Our worker threads already use every core; a multi-threaded BLAS under them
    would oversubscribe. And on a busy machine OpenBLAS's own threads wait on
    each other: a 512×50×512 sgemm took 15-50 ns per output with 2 threads vs
    1.5 ns with 1 (measured here, 2 cores shared with other jobs). Other threads
    of the process get a one-thread BLAS meanwhile: slower, never wrong.
    """
    global _blas_users, _blas_limiter
    with _blas_lock:
        if _blas_users == 0:
            try:
                from threadpoolctl import threadpool_limits  # noqa: PLC0415 - scikit-learn's dependency

                _blas_limiter = threadpool_limits(1, user_api="blas")
            except Exception:  # pragma: no cover - no threadpoolctl: run with BLAS as it is
                _blas_limiter = None
        _blas_users += 1
    try:
        yield
    finally:
        with _blas_lock:
            _blas_users -= 1
            if _blas_users == 0 and _blas_limiter is not None:
                _blas_limiter.restore_original_limits()
                _blas_limiter = None


class _TopStore:
    """Per-row best-m candidates of the symmetric search; pending hits compacted in batches."""

    def __init__(self, n: int, m: int):
        self.n, self.m = n, m
        self.vals = np.full((n, m), -np.inf, dtype=np.float32)
        self.ids = np.zeros((n, m), dtype=np.int32)
        self.pending: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self.size = 0

    def add(self, r: np.ndarray, c: np.ndarray, v: np.ndarray) -> None:
        if len(r):
            self.pending.append((r, c, v))
            self.size += len(r)

    def full(self) -> bool:
        return self.size > max(_COMPACT_AT, 2 * self.n * self.m)

    def compact(self, t: np.ndarray) -> np.ndarray:
        """Keep each row's best m; return thresholds raised to each row's m-th best."""
        if not self.pending:
            return t
        r = np.concatenate([np.repeat(np.arange(self.n, dtype=np.int32), self.m)] + [p[0] for p in self.pending])
        c = np.concatenate([self.ids.ravel()] + [p[1] for p in self.pending])
        v = np.concatenate([self.vals.ravel()] + [p[2] for p in self.pending])
        self.pending, self.size = [], 0
        order = np.argsort(_row_then_descending(r, v))  # one int64 sort: ~5× faster than lexsort
        first = np.searchsorted(r[order], np.arange(self.n))
        pick = order[first[:, None] + np.arange(self.m)]  # every row holds >= m entries
        self.vals, self.ids = v[pick], c[pick]
        return np.maximum(t, self.vals[:, -1])


def _row_then_descending(r: np.ndarray, v: np.ndarray) -> np.ndarray:
    """int64 keys ordering by row, then by float32 value from high to low."""
    bits = v.astype(np.float32).view(np.int32).astype(np.int64)
    ordered = np.where(bits < 0, bits ^ 0x7FFFFFFF, bits)  # same order as the floats
    return (r.astype(np.int64) << 32) | (0x7FFFFFFF - ordered)


def _above(G: np.ndarray, t: np.ndarray, r0: int, c0: int):
    """(row + r0, column + c0, value) of every entry of G at or above its row's threshold t."""
    flat = np.flatnonzero(G >= t[:, None])  # 4× faster than a 2-D nonzero here
    r, c = np.divmod(flat, G.shape[1])
    return (r + r0).astype(np.int32), (c + c0).astype(np.int32), G.ravel()[flat]


def _both_ways(G: np.ndarray, t_rows: np.ndarray, t_cols: np.ndarray, r0: int, c0: int) -> list:
    """_above and _above_by_column of one block with a single scan for the hits."""
    mask = G >= t_rows[:, None]
    mask |= G >= t_cols[None, :]
    flat = np.flatnonzero(mask)
    r, c = np.divmod(flat, G.shape[1])
    v = G.ravel()[flat]
    r, c = r.astype(np.int32), c.astype(np.int32)
    return [(rows[keep], cols[keep], v[keep])
            for keep, rows, cols in ((v >= t_rows[r], r + r0, c + c0), (v >= t_cols[c], c + c0, r + r0))]


def _above_by_column(G: np.ndarray, t: np.ndarray, r0: int, c0: int):
    """The same read column-wise (G's columns as rows, thresholds per column), without a transpose copy."""
    flat = np.flatnonzero(G >= t[None, :])
    r, c = np.divmod(flat, G.shape[1])
    return (c + c0).astype(np.int32), (r + r0).astype(np.int32), G.ravel()[flat]
