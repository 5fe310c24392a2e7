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


def is_metadata(name: str) -> bool:
    """Named like a TF-Projector metadata file (metadata.tsv, meta.tsv, words_metadata.txt …)."""
    return "meta" in name.lower()


Upload = tuple[str, bytes]


def pair_projector_files(files: Sequence[Upload]) -> tuple[Upload, Upload | None, list[str]]:
    """Uploaded files, oldest first -> (the table, its metadata file or None, the names set aside).

    A new upload replaces the table: the newest file that is not metadata is the table, and the
    newest metadata file (if any) goes with it, as TF Projector pairs vectors.tsv with metadata.tsv;
    earlier tables are set aside, never mixed in. Metadata alone is not a table: the error says to
    add its vectors file.
    """
    files = list(files)
    tables = [f for f in files if not is_metadata(f[0])]
    metas = [f for f in files if is_metadata(f[0])]
    if not tables:
        raise InputError(say("metadata_alone", name=metas[-1][0]))
    table, meta = tables[-1], metas[-1] if metas else None
    return table, meta, [name for name, _ in files if name not in (table[0], meta[0] if meta else None)]
