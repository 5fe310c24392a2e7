"""The TF Embedding Projector's pair: header-less vectors.tsv and its metadata.tsv (labels, categories).
"""
from __future__ import annotations

from typing import Sequence

import pyarrow as pa

from ..errors import InputError
from ..words import say
from .encoding import check_text, decode
from .limits import SAMPLE_BYTES


def attach_metadata(table: pa.Table, data: bytes, name: str, vectors: str,
                     notes: list[str]) -> tuple[pa.Table, range]:
    """Add metadata.tsv columns (labels, categories) to the vectors, line for line.

    As in the TF Embedding Projector: one column has no header line; several
    columns are tab-separated under a header line; cells are not quoted.
    """
    said: list[str] = []
    text = decode(data, name, said).decode("utf-8").removeprefix("\ufeff")
    notes += [say("metadata_note", note=note) for note in said]
    check_text(text[:SAMPLE_BYTES], name)
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    if lines and lines[-1] == "":
        lines.pop()
    n = table.num_rows
    if not lines:
        raise InputError(say("metadata_empty", name=name))
    if not any("\t" in line for line in lines):
        if len(lines) == n + 1:
            notes.append(say("metadata_header", line=lines[0][:40]))
            header, rows = lines[:1], [[line] for line in lines[1:]]
        else:
            header, rows = ["label"], [[line] for line in lines]
    else:
        header, rows = lines[0].split("\t"), [line.split("\t") for line in lines[1:]]
    if len(rows) != n:
        after = "" if header == ["label"] else say("metadata_after_header")
        raise InputError(say("metadata_count", vectors=vectors, n=n, name=name, m=len(rows), after=after))
    width = len(header)
    long = [i + 1 for i, r in enumerate(rows) if len(r) > width]
    if long:
        raise InputError(say("metadata_long_row", name=name, width=width, row=long[0],
                             fields=len(rows[long[0] - 1])))
    short = [i + 1 for i, r in enumerate(rows) if len(r) < width]
    if short:
        notes.append(say("metadata_short_rows", n=len(short), row=short[0]))
    notes.append(say("metadata_columns", width=width, name=name))
    columns = [pa.array([r[j] if j < len(r) else "" for r in rows], pa.string()) for j in range(width)]
    start = table.num_columns
    merged = pa.Table.from_arrays(list(table.columns) + columns, names=table.column_names + header)
    return merged, range(start, start + width)


def pair_projector_files(files: Sequence[tuple[str, bytes]]) -> tuple[tuple[str, bytes], tuple[str, bytes] | None]:
    """Uploaded files -> (table, metadata or None): one table, or TF-Projector vectors + metadata."""
    files = list(files)
    if len(files) == 1:
        return files[0], None
    if len(files) != 2:
        raise InputError(say("upload_count", n=len(files)))
    meta = [f for f in files if "meta" in f[0].lower()]
    if len(meta) != 1:
        raise InputError(say("upload_which_metadata", first=files[0][0], second=files[1][0]))
    main = files[1] if meta[0] is files[0] else files[0]
    return main, meta[0]
