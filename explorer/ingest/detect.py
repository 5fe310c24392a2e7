"""What a file is, by its content first and its name second: Parquet, NumPy, JSON, JSON Lines,
"label → [vector]" lines, Excel, delimited text; known non-tables (gzip, PDF, images, old Office
files) are named in the refusal.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import pyarrow as pa

from ..errors import ExplorerError, InputError
from ..words import say
from . import numpy_files
from .delimited import read_delimited
from .encoding import decode
from .json_files import JSON_EXTENSIONS, json_table, not_json
from .limits import SAMPLE_BYTES
from .labelled_lines import label_lines
from .sheets import read_parquet, read_xlsx


_MAGIC = (  # first bytes -> the message (explorer/messages.py) naming what the file is
    (b"\xd0\xcf\x11\xe0", "magic_office"),
    (b"\x1f\x8b", "magic_gzip"),
    (b"\xfd7zXZ\x00", "magic_xz"),
    (b"7z\xbc\xaf\x27\x1c", "magic_7z"),
    (b"\x28\xb5\x2f\xfd", "magic_zstd"),
    (b"%PDF-", "magic_pdf"),
    (b"\x89PNG", "magic_png"),
    (b"\xff\xd8\xff", "magic_jpeg"),
)


NPY_MAGIC = b"\x93NUMPY"


def read_any(data: bytes, name: str, notes: list[str]) -> tuple[pa.Table, str | None, str]:
    """Dispatch on the content first, the extension second.

    -> (table, the delimiter when it is worth a note, what a comma in a number is)
    """
    ext = Path(name).suffix.lower()
    if data.startswith(b"PAR1"):
        return read_parquet(data, name), None, "thousands"
    other = read_other(data, name, notes, lambda raw, said: decode(raw, name, said))
    if other is not None:  # JSON, JSON Lines, NumPy .npy/.npz, "label → [vector]" lines
        return other, None, "thousands"
    if data.startswith(b"PK\x03\x04"):
        return read_xlsx(data, name, notes), None, "thousands"
    for magic, what in _MAGIC:
        if data.startswith(magic) and not (magic == b"\x1f\x8b" and len(data) < 18):
            raise InputError(say(what, name=name))
    if ext in (".parquet", ".pq"):
        raise InputError(say("fake_parquet", name=name))
    if ext in (".xlsx", ".xlsm", ".xls"):
        raise InputError(say("fake_excel", name=name))
    return read_delimited(data, name, ext, notes)


def read_other(data: bytes, name: str, notes: list[str],
               decode: Callable[[bytes, list[str]], bytes]) -> pa.Table | None:
    """The file as a table if it is one of these formats, else None; only ExplorerError is raised.

    ``decode(data, notes)`` turns text in any encoding the text reader knows into UTF-8.
    """
    ext = Path(name).suffix.lower()
    if data.startswith(NPY_MAGIC):
        return numpy_files.read_npy(data, name, notes)
    if data.startswith(b"PK\x03\x04"):
        return numpy_files.read_npz(data, name, notes)
    space = b" \t\r\n\x00\xef\xbb\xbf\xfe\xff"
    if ext in JSON_EXTENSIONS | {".npy", ".npz"} and not data[:SAMPLE_BYTES].strip(space) and not data.strip(space):
        raise InputError(say("file_empty", name=name))
    head = data[:SAMPLE_BYTES]
    if ext not in JSON_EXTENSIONS and b"[" not in head and b"{" not in head:
        return None
    said: list[str] = []
    try:
        text = decode(data, said)
    except ExplorerError:
        return None  # not text: the table readers say what it is
    start = len(text) - len(text.lstrip(b"\xef\xbb\xbf \t\r\n"))
    first = text[start:start + 1]
    if first in (b"{", b"["):
        table, what = json_table(text, start, name, ext)
    elif ext in JSON_EXTENSIONS:
        table, what = not_json(text, name)
    else:
        table, what = label_lines(text, name, lenient=False)
    if table is None:
        return None
    notes += said
    notes.append(what)
    return table
