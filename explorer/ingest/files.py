"""Reading a table: a path, an upload's bytes or a sample -> a FeatureTable with the reader's notes.

Every cell is first read as text, so nothing is guessed away ("NA" stays "NA", no column
silently becomes the index); ``explorer.table.build_table`` then decides what is a number, a
vector, the label or a category. The reader's own guesses (encoding, delimiter, header, skipped
lines) go into the table's notes.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

from ..errors import DataError, ExplorerError, InputError
from ..table import FeatureTable, build_table
from ..words import say
from .detect import read_any
from .projector import attach_metadata


DATA_DIR = Path(__file__).resolve().parents[2] / "data"


SAMPLES: dict[str, Path] = {n: DATA_DIR / f"{n}.csv" for n in ("movies", "words", "iris", "wine", "digits")}


TUTORIAL_PICTURE = DATA_DIR / "movies_2d.csv"  # the tutorial's own 2-D picture of the movies sample


def load_sample(name: str) -> FeatureTable:
    """One of the bundled example tables (see ``SAMPLES`` and data/README.md)."""
    key = str(name).strip().lower()
    if key not in SAMPLES:
        raise DataError(say("unknown_sample", name=name, samples=", ".join(SAMPLES)))
    return read_table(SAMPLES[key])


def read_table(source: str | os.PathLike | bytes, *, filename: str | None = None,
               metadata: str | os.PathLike | bytes | None = None, metadata_filename: str | None = None,
               label: str | None = None, features: Sequence[str] | None = None, exclude: Sequence[str] = (),
               max_bytes: int | None = None) -> FeatureTable:
    """Read a table file (path or bytes) into a FeatureTable; only ExplorerError is raised.

    ``filename`` names bytes (its extension hints the format); ``metadata`` is a
    TF-Projector metadata.tsv for header-less vectors; ``label``/``features``/
    ``exclude`` override the roles guessed from the columns.
    """
    shown = filename or (Path(source).name if isinstance(source, (str, os.PathLike)) else say("uploaded_data"))
    try:
        data, name = _load(source, filename, max_bytes)
        notes: list[str] = []
        table, delimiter, comma = read_any(data, name, notes)
        del data
        text_only: range = range(0)
        if metadata is not None:
            meta, meta_name = _load(metadata, metadata_filename, max_bytes)
            table, text_only = attach_metadata(table, meta, meta_name, name, notes)
            name = f"{name} + {meta_name}"
        return build_table(table, notes=notes, source=name, comma=comma, delimiter=delimiter,
                           text_only=text_only, label=label, features=features, exclude=exclude)
    except ExplorerError:
        raise
    except MemoryError:
        raise InputError(say("out_of_memory", name=shown)) from None
    except Exception as exc:  # a bug of ours: say so, but never show a traceback to the user
        raise InputError(say("internal_error", name=shown, error_type=type(exc).__name__, error=exc)) from exc


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else say("bytes", n=n)


def _load(source, filename: str | None, max_bytes: int | None) -> tuple[bytes, str]:
    """The file's bytes and a name for messages, refusing files over ``max_bytes``."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data, name = bytes(source), filename or say("uploaded_data")
    elif hasattr(source, "read"):  # an open file or Streamlit's UploadedFile
        data, name = source.read(), filename or (Path(str(source.name)).name if hasattr(source, "name")
                                                 else say("uploaded_data"))
        data = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    elif isinstance(source, (str, os.PathLike)):
        path = Path(source)
        name = filename or path.name
        try:
            size = path.stat().st_size
            if not path.is_file():
                raise InputError(say("not_a_file", path=str(path)))
            if max_bytes is not None and size > max_bytes:
                raise InputError(say("too_big", name=name, size=_size(size), limit=_size(max_bytes)))
            data = path.read_bytes()
        except (OSError, ValueError) as exc:
            hint = say("cannot_open_pasted") if "\n" in str(source) else ""
            raise InputError(say("cannot_open", path=str(source)[:200],
                                 reason=getattr(exc, "strerror", None) or exc, hint=hint)) from None
    else:
        raise InputError(say("cannot_read_type", kind=type(source).__name__))
    if max_bytes is not None and len(data) > max_bytes:
        raise InputError(say("too_big", name=name, size=_size(len(data)), limit=_size(max_bytes)))
    return data, name


def read_weights(source: str | os.PathLike | bytes, *, filename: str | None = None) -> tuple[list[str], np.ndarray]:
    """A linear map W from CSV: a header of feature names, one row per output axis -> (names, k×d W).

    A text column, if any, names the axes and is ignored; every other cell must be a number.
    """
    table = read_table(source, filename=filename or "weights.csv")
    names = [c for c in table.data.columns if c != table.label]
    table = read_table(source, filename=filename or "weights.csv", label=table.label, features=names)
    W = table.values()
    if not np.isfinite(W).all():
        row, col = np.argwhere(~np.isfinite(W))[0]
        raise DataError(say("weights_cell", row=row + 1, column=names[col]))
    return names, W


def read_targets(source: str | os.PathLike | bytes, *, filename: str | None = None
                 ) -> tuple[list[str], np.ndarray, list[str]]:
    """Target positions from a table: a label column and 2 or 3 numeric columns -> (labels, n×k array, axis names)."""
    name = filename or (Path(source).name if isinstance(source, (str, os.PathLike)) else "targets.csv")
    table = read_table(source, filename=name)
    if table.label is None or len(table.features) not in (2, 3):
        found = [f"label {table.label!r}" if table.label else "no label column"]
        found.append(f"{len(table.features)} numeric {'column' if len(table.features) == 1 else 'columns'}"
                     + (f" ({', '.join(table.features)})" if table.features else ""))
        raise DataError(say("fit_targets_columns", name=name, found=", ".join(found)))
    T = table.values()
    if not np.isfinite(T).all():
        row, col = np.argwhere(~np.isfinite(T))[0]
        raise DataError(say("targets_cell", name=name, row=row + 1, column=table.features[col]))
    return table.labels(), T, list(table.features)


def frame_to_bytes(frame: pd.DataFrame) -> bytes:
    """An edited table as CSV bytes that read_table reads back to the same values (floats exactly)."""
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
