"""One item's most similar items over a whole table on Dask: ``explorer neighbors`` as a distributed reduction.

After the statistics pass (``dask_table.scan``, the same preparation as in memory), one pass finds
the item (the first kept row with that label, as ``cli.find_item``) and the largest magnitude, and a
second scores every row against it on the workers and keeps each partition's top k; the client
merges the partitions' top k. Scores are ``explorer.similarity``'s, computed row by row with its own
``_Space`` (cosine of unit rows, euclidean distance of rows divided by one power of two), so they are
bit for bit those of ``similarity.neighbors_of``; ties go to the lower row, as there.
"""
from __future__ import annotations

import difflib
import heapq
from typing import Any, Callable, Sequence

import numpy as np

from ...neighbours import space
from .source import Columns, open_source
from .passes import Offsets, Say, quiet, track, blocks, scan
from ...errors import InputError
from ...words import say
from ...table import Transform, check_options


def _rows(frame, columns: Columns, prep: Transform, missing: str) -> tuple[int, np.ndarray, list[str]]:
    """A partition's first row, its kept rows prepared, and their labels."""
    start = int(frame.index[0]) if len(frame) else 0
    parts = [(prep.apply(X[kept]), columns.labels(block, first + np.flatnonzero(kept), kept))
             for block, first, X, kept in blocks(frame, columns, missing)]
    X = np.concatenate([p[0] for p in parts]) if parts else np.empty((0, len(prep.columns)))
    return start, X, [label for p in parts for label in p[1]]


def _find_part(frame, columns: Columns, prep: Transform, missing: str, item: str) -> tuple:
    """(first row, kept rows, local position of the item's first match or -1, its row, matches, largest |x|)."""
    start, X, labels = _rows(frame, columns, prep, missing)
    matches = [i for i, text in enumerate(labels) if text == item]
    first = matches[0] if matches else -1
    return (start, len(X), first, X[first] if matches else None, len(matches),
            float(np.abs(X).max()) if X.size else 0.0)


def _close_part(frame, columns: Columns, prep: Transform, missing: str, item: str) -> list[tuple[float, str]]:
    """The partition's labels closest to ``item`` with difflib's scores (get_close_matches' choice, n=3)."""
    labels = list(dict.fromkeys(_rows(frame, columns, prep, missing)[2]))
    close = difflib.get_close_matches(item, labels, n=3)
    return [(difflib.SequenceMatcher(None, item, text).ratio(), text) for text in close]


def _space(X: np.ndarray, metric: str, g: float) -> Any:
    rows = space.Space(X, metric)
    rows.g = g  # euclidean: the whole table's power of two (cosine: 1, rows are scaled one by one)
    return rows


def _top_part(frame, columns: Columns, prep: Transform, missing: str, anchor: np.ndarray, anchor_row: int,
              kept_before: Offsets, k: int, metric: str, g: float) -> tuple:
    """The partition's k rows most like the anchor (itself excluded): keys, kept-row numbers, scores, labels."""
    start, X, labels = _rows(frame, columns, prep, missing)
    idx = kept_before[start] + np.arange(len(X))
    if not len(X):
        return np.empty(0), idx, np.empty(0), []
    right = _space(X, metric, g).rows(np.arange(len(X)))
    left = _space(anchor[None, :], metric, g).rows(np.zeros(len(X), dtype=np.int64))
    if metric == "cosine":  # space.pair_scores, pair by pair
        score = np.clip(np.einsum("ij,ij->i", left, right), -1.0, 1.0)
    else:
        diff = left - right
        score = np.sqrt(np.einsum("ij,ij->i", diff, diff))
    key = -score if metric == "cosine" else score
    valid = np.flatnonzero(idx != anchor_row)
    order = valid[np.lexsort((idx[valid], key[valid]))[:k]]
    return key[order], idx[order], score[order], [labels[i] for i in order]


def _gather(client: Any, source, fn: Callable, args: tuple, progress: Say, what: str) -> list:
    from dask import delayed

    futures = client.compute([delayed(fn, pure=True)(part, *args) for part in source.frame().to_delayed()])
    track(client, list(futures), progress, what)
    return client.gather(futures)


def neighbors(client: Any, data: str, item: str, *, k: int = 5, metric: str = "cosine", label: str | None = None,
              features: Sequence[str] | None = None, exclude: Sequence[str] = (), scaling: str = "none",
              missing: str = "drop", batch_rows: int | None = None, progress: Say = quiet,
              warn: Callable[[Sequence[str]], object] = lambda lines: None) -> list[tuple[str, float]]:
    """The k items most similar to the one labelled ``item`` (itself excluded), most alike first:
    (label, cosine similarity or euclidean distance), as ``similarity.neighbors_of`` gives them."""
    check_options(scaling, missing)
    space.check_metric(metric)
    source = open_source(client, data, label=label, features=features, exclude=exclude, batch_rows=batch_rows)
    warn(source.notes)
    found = scan(client, source, missing=missing, scaling=scaling, progress=progress)
    warn(found.notes)
    prep = client.scatter(found.prep, broadcast=True, hash=False)
    parts = _gather(client, source, _find_part, (source.columns, prep, missing, item), progress,
                    say("dask_what_item", item=item))
    hits = [(found.kept_before[start] + first, vector) for start, _, first, vector, _, _ in parts if first >= 0]
    count = sum(p[4] for p in parts)
    if not count:
        close = _gather(client, source, _close_part, (source.columns, prep, missing, item), progress,
                        say("dask_what_close", item=item))
        best = [text for _, text in heapq.nlargest(3, {pair for part in close for pair in part})]
        hint = say("dask_did_you_mean", names=", ".join(best)) if best else say("dask_check_label")
        raise InputError(say("dask_no_item", item=item, hint=hint))
    row, anchor = min(hits, key=lambda hit: hit[0])
    if count > 1:
        warn([say("dask_item_repeated", n=count, item=item, row=row + 1)])
    k = space.clamp_k(k, found.n)
    if k == 0:
        return []
    top = max(p[5] for p in parts)
    # space.Space's rule for euclidean magnitudes: rows divided by a power of two beyond 1e±100
    g = 1.0 if metric == "cosine" or 1e-100 < top < 1e100 or top == 0.0 else float(space.pow2_at_least_half(top))
    kept_before = client.scatter(found.kept_before, broadcast=True, hash=False)  # once per worker, not per task
    best = _gather(client, source, _top_part, (source.columns, prep, missing, anchor, row, kept_before, k, metric, g),
                   progress, say("dask_what_scores", item=item))
    keys = np.concatenate([b[0] for b in best])
    idx = np.concatenate([b[1] for b in best])
    scores = np.concatenate([b[2] for b in best])
    labels = [text for b in best for text in b[3]]
    order = np.lexsort((idx, keys))[:k]
    return [(labels[i], float(scores[i] * g)) for i in order]
