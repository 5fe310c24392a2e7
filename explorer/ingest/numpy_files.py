"""NumPy files: .npy (one n × d array) and .npz (the vectors plus same-length arrays of labels).

Never unpickled: the header is read and checked against the bytes that follow
before an array is made, so an object array is refused without being loaded,
a header that claims more than the file holds is refused, and an .npz member is
sized from its header before one byte of its data is decompressed.
"""
from __future__ import annotations

import io
import math
import zipfile
from pathlib import Path

import numpy as np
import pyarrow as pa

from ..errors import ExplorerError, InputError
from ..words import Message, joined, say
from .limits import MAX_CELLS
from ..table import LABEL_NAMES, names_list

MATRIX_NAMES = ("embeddings", "embedding", "vectors", "vector", "vecs", "emb", "x", "features", "data")
MAX_TEXT_BYTES = 256 << 20  # one .npz member of labels


def _member(name: str, key: str) -> Message:
    return say("npz_member", name=name, array=key)


def _header(stream, name: str | Message) -> tuple[tuple[int, ...], bool, np.dtype, int]:
    """An .npy header -> (shape, Fortran order, dtype, bytes before the data), read without unpickling."""
    fmt = np.lib.format
    try:
        version = fmt.read_magic(stream)
        if version == (1, 0):
            shape, fortran, dtype = fmt.read_array_header_1_0(stream)
        elif version == (2, 0):
            shape, fortran, dtype = fmt.read_array_header_2_0(stream)
        else:
            raise InputError(say("npy_version", name=name, version=f"{version[0]}.{version[1]}"))
    except ExplorerError:
        raise
    except Exception as exc:  # numpy's header checks: ValueError, and friends for a damaged header
        raise InputError(say("npy_header", name=name, error=exc)) from None
    return tuple(int(s) for s in shape), bool(fortran), dtype, stream.tell()


def _array(raw: bytes, offset: int, shape, fortran: bool, dtype: np.dtype, name: str | Message) -> np.ndarray:
    """The array of a checked header over the bytes that follow it (a view: no copy)."""
    count = math.prod(shape)
    if len(raw) - offset < count * dtype.itemsize:
        raise InputError(say("npy_cut", name=name, shape=" × ".join(map(str, shape)), size=dtype.itemsize,
                             have=len(raw) - offset))
    array = np.frombuffer(raw, dtype=dtype, count=count, offset=offset)
    return array.reshape(shape[::-1]).T if fortran else array.reshape(shape)


def _what(dtype: np.dtype) -> Message | str:
    """What an array holds, in words: text, dates, … (the dtype's name for numbers)."""
    if dtype.hasobject:
        return say("dtype_objects")
    if dtype.names:
        return say("dtype_records")
    key = {"U": "dtype_text", "S": "dtype_bytes", "c": "dtype_complex", "M": "dtype_dates", "m": "dtype_timedeltas",
           "V": "dtype_raw"}.get(dtype.kind)
    return say(key) if key else dtype.name


def _refuse_objects(dtype: np.dtype, name: str | Message) -> None:
    if dtype.hasobject:
        raise InputError(say("npy_objects", name=name))


def _matrix(shape, dtype: np.dtype, name: str | Message) -> None:
    """Refuse what is not an n × d array of numbers, before any of it is read."""
    _refuse_objects(dtype, name)
    if dtype.names or dtype.kind not in "biuf":
        raise InputError(say("npy_not_numbers", name=name, what=_what(dtype)))
    if len(shape) != 2:
        hint = (say("npy_hint_1d") if len(shape) == 1 else say("npy_hint_0d") if not shape else
                say("npy_hint_nd", rows=shape[0]))
        raise InputError(say("npy_dims", name=name, ndim=len(shape), shape=shape, hint=hint))
    if shape[0] == 0 or shape[1] == 0:
        raise InputError(say("npy_empty", name=name, shape=shape))
    if shape[0] * shape[1] > MAX_CELLS:
        raise InputError(say("npy_too_big", name=name, rows=shape[0], cols=shape[1], limit=MAX_CELLS))


def _vector_column(array: np.ndarray, name: str | Message) -> pa.Array:
    """An n × d array of numbers -> list<double> column (float32 kept as it is: roles widens it)."""
    native = np.float32 if array.dtype.kind == "f" and array.dtype.itemsize <= 4 else np.float64
    matrix = np.ascontiguousarray(array, dtype=native)
    finite = np.isfinite(matrix)
    if not finite.all():
        row, col = (int(i) for i in np.argwhere(~finite)[0])
        raise InputError(say("npy_not_finite", name=name, row=row + 1, col=col + 1, value=matrix[row, col]))
    n, d = matrix.shape
    offsets = pa.array(np.arange(0, n * d + 1, d, dtype=np.int32))
    return pa.ListArray.from_arrays(offsets, pa.array(matrix.reshape(-1)))


def read_npy(data: bytes, name: str, notes: list[str]) -> pa.Table:
    shape, fortran, dtype, offset = _header(io.BytesIO(data), name)
    _matrix(shape, dtype, name)
    column = _vector_column(_array(data, offset, shape, fortran, dtype, name), name)
    notes.append(say("note_npy", rows=shape[0], cols=shape[1], dtype=dtype.name))
    return pa.Table.from_arrays([column], names=["dim"])


def read_npz(data: bytes, name: str, notes: list[str]) -> pa.Table | None:
    """An .npz archive: the 2-D array of numbers, and same-length 1-D text or integer arrays as columns."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception as exc:  # BadZipFile, NotImplementedError ("zip file version 24.4"), …
        if Path(name).suffix.lower() == ".npz":
            raise InputError(say("npz_damaged", name=name, error=f"{type(exc).__name__}: {exc}")) from None
        return None  # the Excel reader explains
    with archive:
        infos = [i for i in archive.infolist() if not i.filename.endswith("/")]
        if not infos or not all(i.filename.endswith(".npy") for i in infos):
            return None  # a workbook or another archive
        try:
            members = {}
            for info in infos:
                key = info.filename[:-4]
                with archive.open(info) as stream:
                    members[key] = (*_header(stream, _member(name, key)), info)
            choice = _choose_matrix(members, name)
            shape, fortran, dtype, offset, info = members[choice]
            _matrix(shape, dtype, _member(name, choice))
            columns, used, unused = [], [choice], []
            n = shape[0]
            for key, (s, f, t, o, i) in members.items():
                if key == choice:
                    continue
                if len(s) == 1 and s[0] == n and (t.kind in "USiub" or t.hasobject) and not t.names:
                    _refuse_objects(t, _member(name, key))
                    if s[0] * t.itemsize > MAX_TEXT_BYTES:
                        raise InputError(say("npz_text_too_big", name=_member(name, key), mb=s[0] * t.itemsize / 1e6,
                                             limit=MAX_TEXT_BYTES >> 20))
                    columns.append((key, _text_column(_read(archive, i, o, s, f, t, key, name))))
                    used.append(key)
                else:
                    unused.append(key)
            matrix = _read(archive, info, offset, shape, fortran, dtype, choice, name)
            vectors = _vector_column(matrix, _member(name, choice))
        except ExplorerError:
            raise
        except Exception as exc:  # zipfile and zlib on a damaged archive: BadZipFile, zlib.error, IndexError, …
            raise InputError(say("npz_damaged", name=name, error=f"{type(exc).__name__}: {exc}")) from None
    columns.sort(key=lambda c: c[0].strip().lower() not in LABEL_NAMES)
    head = [say("note_npz", rows=shape[0], cols=shape[1], dtype=dtype.name, array=choice),
            say("note_npz_text", names=names_list([c for c, _ in columns], 4)) if columns
            else say("note_npz_no_labels")]
    said = [joined(head, ", ")] + ([say("note_npz_unused", names=names_list(unused, 6))] if unused else [])
    notes.append(joined(said, "; ") if unused else said[0])
    names = [c for c, _ in columns] + ["dim"]
    return pa.Table.from_arrays([c for _, c in columns] + [vectors], names=names)


def _choose_matrix(members: dict, name: str) -> str:
    candidates = [k for k, (shape, _, dtype, _, _) in members.items()
                  if len(shape) == 2 and dtype.kind in "biuf" and not dtype.names]
    for wanted in MATRIX_NAMES:
        for key in candidates:
            if key.lower() == wanted:
                return key
    if len(candidates) == 1:
        return candidates[0]
    listed = joined([say("npz_array", array=k, shape=" × ".join(map(str, s)) or "()",
                         what=_what(t) if t.kind not in "biuf" else t.name)
                     for k, (s, _, t, _, _) in list(members.items())[:12]], ", ")
    raise InputError(say("npz_several" if candidates else "npz_no_matrix", name=name, arrays=listed))


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, offset: int, shape, fortran: bool, dtype: np.dtype,
          key: str, name: str) -> np.ndarray:
    """One member's array: only as many bytes as its checked header says are read."""
    size = offset + math.prod(shape) * dtype.itemsize
    with archive.open(info) as stream:
        raw = stream.read(size)
    return _array(raw, offset, shape, fortran, dtype, _member(name, key))


def _text_column(array: np.ndarray) -> pa.Array:
    if array.dtype.kind == "S":
        return pa.array([b.decode("utf-8", "replace") for b in array.tolist()], pa.string())
    if array.dtype.kind == "b":
        return pa.array(["true" if v else "false" for v in array.tolist()], pa.string())
    return pa.array([str(v) for v in array.tolist()], pa.string())
