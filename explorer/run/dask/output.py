"""Where the Dask engine's coordinates go: a folder of Parquet part files written by the workers, or a CSV.

Nothing is presented as complete before it is. Parquet parts are written by the workers into
``OUT.part-<token>/`` (each part under a hidden name first, then renamed, so a retried task never
leaves half a part), and that folder becomes OUT only once every part is there. A CSV file is
written by the client, partition after partition in row order, to ``OUT.part`` and renamed; standard
output gets the CSV only once every partition is ready. A failure removes what was written.
Paths are local or any fsspec URL; on object stores a rename is a copy, so the folder appears
part by part there (the last step of a successful run only).
"""
from __future__ import annotations

import contextlib
import sys
import time
import uuid
from collections import deque
from typing import Any, Callable

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from . import cluster
from ...present import export
from ...errors import InputError
from ...words import say

Say = Callable[[str], None]
AXES = ("x", "y", "z")


def is_csv(out: str) -> bool:
    """``-`` and ``*.csv`` are CSV; any other path is a folder of Parquet part files."""
    return out == "-" or out.lower().endswith(".csv")


def _fs(out: str) -> tuple[Any, str]:
    import fsspec

    try:
        return fsspec.core.url_to_fs(out)
    except Exception as error:  # noqa: BLE001 - unknown protocol, missing filesystem package
        raise InputError(say("dask_bad_url", data=out, error_type=type(error).__name__, error=error)) from None


def check(out: str) -> None:
    """Refuse, before any work, to replace a folder that holds anything but an earlier run's part files."""
    if is_csv(out):
        return
    fs, path = _fs(out)
    if fs.isdir(path):
        other = [p for p in fs.ls(path, detail=False) if not p.rsplit("/", 1)[-1].startswith("part.")]
        if other:
            raise InputError(say("dask_out_not_ours", out=out, name=other[0].rsplit("/", 1)[-1]))


def write(client: Any, frame: Any, out: str, *, row_name: str, rows: int, progress: Say) -> int:
    """Compute ``frame`` (the coordinates, a dask DataFrame) into ``out``; returns the rows written."""
    if is_csv(out):
        return _write_csv(client, frame, out, row_name=row_name, rows=rows, progress=progress)
    return _write_parquet(client, frame, out, rows=rows, progress=progress)


def _schema(meta: pd.DataFrame) -> pa.Schema:
    """Row numbers as int64, coordinates as float64, every other column (label, categories) as text."""
    def kind(name: str, position: int) -> pa.DataType:
        if position == 0:
            return pa.int64()
        return pa.float64() if name in AXES else pa.string()

    return pa.schema([pa.field(name, kind(name, i)) for i, name in enumerate(meta.columns)])


def _write_part(frame: pd.DataFrame, fs: Any, folder: str, name: str, schema: pa.Schema) -> int:
    """One partition as one Parquet file (on a worker); its rows."""
    hidden = f"{folder}/.{name}.{uuid.uuid4().hex}"  # readers skip dot files; a retried task rewrites it
    with fs.open(hidden, "wb") as handle:
        pq.write_table(pa.Table.from_pandas(frame, schema=schema, preserve_index=False), handle)
    fs.mv(hidden, f"{folder}/{name}")
    return len(frame)


def _write_parquet(client: Any, frame: Any, out: str, *, rows: int, progress: Say) -> int:
    from dask import delayed

    fs, path = _fs(out)
    token = uuid.uuid4().hex[:8]
    folder = f"{path}.part-{token}"
    parts = frame.to_delayed()
    width = max(5, len(str(len(parts) - 1)))
    schema = _schema(frame._meta)
    fs.makedirs(folder, exist_ok=True)
    try:
        futures = client.compute([delayed(_write_part, pure=False)(part, fs, folder, f"part.{i:0{width}d}.parquet",
                                                                   schema) for i, part in enumerate(parts)])
        written = 0

        def done(future: Any) -> None:
            nonlocal written
            written += future.result()

        _progress_wait(client, futures, done, progress, lambda count, total: say(
            "dask_writing", done=f"{written:,}", total=f"{rows:,}", out=out, parts=f"{count} of {total}"))
        _publish(fs, folder, path, token)
    except BaseException:
        with contextlib.suppress(Exception):
            fs.rm(folder, recursive=True)
        raise
    progress(say("dask_wrote", rows=f"{written:,}", out=out, parts=len(parts)))
    return written


def _publish(fs: Any, folder: str, path: str, token: str) -> None:
    """The finished folder becomes OUT; an earlier run's output there is replaced only now."""
    if fs.exists(path):
        old = f"{path}.old-{token}"
        fs.mv(path, old, recursive=True)
        fs.mv(folder, path, recursive=True)
        fs.rm(old, recursive=True)
    else:
        fs.mv(folder, path, recursive=True)


def _progress_wait(client: Any, futures: list, done: Callable, progress: Say, line: Callable[[int, int], str]) -> None:
    """Wait for the futures, ``done(future)`` for each, and a progress line at most once a second (and the last)."""
    last, count, total = 0.0, 0, len(futures)

    def seen(future: Any) -> None:
        nonlocal last, count
        done(future)
        count += 1
        if count == total or time.monotonic() - last >= 1.0:
            last = time.monotonic()
            progress(line(count, total))

    cluster.wait(client, futures, seen, what=say("dask_what_write"))


def _csv_part(frame: pd.DataFrame, row_name: str, skip: int) -> tuple[bytes, int]:
    """One partition as CSV lines, without the BOM and header every part would repeat, and its rows (on a worker)."""
    return export.csv_bytes(frame.drop(columns=[row_name]))[skip:], len(frame)


def _write_csv(client: Any, frame: Any, out: str, *, row_name: str, rows: int, progress: Say) -> int:
    from dask import delayed

    header = export.csv_bytes(frame._meta.drop(columns=[row_name]))
    futures = deque(client.compute([delayed(_csv_part, pure=False)(part, row_name, len(header))
                                    for part in frame.to_delayed()]))
    total, written, last = len(futures), 0, 0.0
    if out == "-":  # a stream cannot be taken back: nothing is written until every partition is ready
        ready = list(futures)
        _progress_wait(client, list(ready), lambda future: None, progress,
                       lambda count, total: say("dask_progress", what=say("dask_csv_ready"), done=count, total=total))
        sys.stdout.write(header.decode("utf-8-sig"))
        for future in ready:
            data, n = future.result()
            sys.stdout.write(data.decode("utf-8"))
            written += n
        sys.stdout.flush()
        return written
    fs, path = _fs(out)
    part = f"{path}.part"
    try:
        with fs.open(part, "wb") as handle:
            handle.write(header)
            while futures:
                future = futures.popleft()  # in row order; the later partitions keep computing meanwhile
                cluster.wait(client, [future], what=say("dask_what_write"))
                data, n = future.result()
                handle.write(data)
                written += n
                del future, data  # released on the worker once written
                if not futures or time.monotonic() - last >= 1.0:
                    last = time.monotonic()
                    progress(say("dask_writing", done=f"{written:,}", total=f"{rows:,}", out=out,
                                 parts=f"{total - len(futures)} of {total}"))
        fs.mv(part, path)
    finally:
        with contextlib.suppress(Exception):
            if fs.exists(part):
                fs.rm(part)
    return written
