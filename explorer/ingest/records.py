"""Records and vectors, one item at a time -> the columns of a pyarrow Table.

Shared by the JSON and JSON Lines readers (json_files.py): vectors are checked
as they arrive (numbers only, finite, one length; the first problem names its
key, item or line), nested objects are flattened to "a.b" fields, and the
vector field is chosen by its name (embedding, vector, …) or as the only list
of numbers. The vectors become one list<double> column that
``roles.build_table`` expands into features; every other field stays an
ordinary column, so roles (label, categories, numeric features) are decided
exactly as for a CSV.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from ..errors import InputError
from ..words import Message, joined, say
from ..table import names_list
from .limits import MAX_CELLS

MAX_FIELDS = 100_000  # distinct fields across the records
MAX_DEPTH = 3  # levels of objects inside a record, flattened to "a.b.c.d"
VECTOR_NAMES = ("embedding", "embeddings", "vector", "vectors", "vec", "vecs", "emb", "values", "features", "x",
                "data")
Place = tuple  # where an item is, said by ``where``: ("at_line", 7, None), ("at_key", None, "'apple'"), …


def where(at: Place) -> Message:
    """("at_line", 7, None) -> "line 7", said in the reader's language."""
    return say(at[0], n=at[1], of=at[2])


def short(value, limit: int = 40) -> str:
    """A value for a message: text quoted, anything else as JSON, cut to ``limit`` characters."""
    if isinstance(value, list) and len(value) > 8:
        value = value[:8] + ["…"]
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return repr(text) if isinstance(value, str) else text


# ---------------------------------------------------------------- vectors, one item at a time

class VectorColumn:
    """Vectors added one item at a time; the first problem is kept, and ``array`` raises it."""

    def __init__(self, source: str, what: Message):
        self.source, self.what = source, what  # file name; "the vector" or "field 'embedding'"
        self.parts: list[np.ndarray | None] = []
        self.k: int | None = None
        self.first: Place | None = None
        self.problem: InputError | None = None
        self.kind = "empty"  # numbers, other (a list of text, objects, …) or empty: no non-empty list yet

    def _fail(self, key: str, at: Place, **params) -> None:
        self.parts.append(None)
        if self.problem is None:
            self.problem = InputError(say(key, name=self.source, at=where(at), what=self.what, **params))

    def add(self, value, at: Place) -> None:
        if self.kind == "other" or self.problem is not None:
            self.parts.append(None)
            return
        if value is None:
            self.parts.append(None)
            return
        if not isinstance(value, list):
            return self._fail("vector_not_list", at, value=short(value))
        if value and self.kind == "empty":
            first = value[0]
            self.kind = "numbers" if type(first) in (int, float) else "other"
            if self.kind == "other":
                self.parts.append(None)
                return
        if not set(map(type, value)) <= {int, float}:  # exact types: true/false are not numbers
            i, bad = next((i, v) for i, v in enumerate(value) if type(v) not in (int, float))
            return self._fail("vector_entry_not_number", at, entry=i + 1, value=short(bad))
        try:
            vector = np.array(value, dtype=np.float64)
        except OverflowError:
            i = next(i for i, v in enumerate(value) if isinstance(v, int) and abs(v) > 1e308)
            return self._fail("vector_entry_huge", at, entry=i + 1, digits=len(str(abs(value[i]))))
        if self.k is None:
            self.k, self.first = len(vector), at
        elif len(vector) != self.k:
            return self._fail("vector_lengths", at, n=len(vector), first=where(self.first), k=self.k)
        finite = np.isfinite(vector)
        if not finite.all():
            i = int(np.flatnonzero(~finite)[0])
            return self._fail("vector_not_finite", at, entry=i + 1, value=value[i])
        self.parts.append(vector)

    def array(self) -> pa.Array:
        """The vectors as a list<double> column (null where an item had none); raises the first problem."""
        if self.problem is not None:
            raise self.problem
        if self.k == 0:
            raise InputError(say("vectors_empty", name=self.source, what=self.what, first=where(self.first)))
        present = [p for p in self.parts if p is not None]
        if not present:
            raise InputError(say("no_vectors", name=self.source, what=self.what, fix=say("fix_records")))
        missing = np.fromiter((p is None for p in self.parts), dtype=bool, count=len(self.parts))
        offsets = np.zeros(len(self.parts) + 1, dtype=np.int32)
        offsets[1:] = np.cumsum(np.where(missing, 0, self.k))
        values = pa.array(np.concatenate(present))
        return pa.ListArray.from_arrays(pa.array(offsets), values, mask=pa.array(missing) if missing.any() else None)


# ---------------------------------------------------------------- records

def scalar_array(values: list) -> pa.Array:
    """A field's values: numbers (and nulls) as float64, anything else as text, like a CSV cell."""
    kinds = set(map(type, values)) - {type(None)}
    if not kinds:
        return pa.nulls(len(values))
    if kinds <= {int, float}:
        try:
            return pa.array([math.nan if v is None else float(v) for v in values], pa.float64(),
                            mask=np.fromiter((v is None for v in values), bool, len(values)))
        except OverflowError:
            pass
    return pa.array([None if v is None else ("true" if v else "false") if isinstance(v, bool)
                     else v if isinstance(v, str) else repr(v) if isinstance(v, float) else str(v)
                     for v in values], pa.string())


@dataclass
class Parts:
    """What a reader found: columns in order, the vector column's name and the fields left out."""

    n: int
    columns: list[tuple[str, pa.Array]]
    vector: str | None = None
    k: int = 0
    dropped: dict[str, str] = field(default_factory=dict)  # field -> message key saying why
    unused_keys: list[str] = field(default_factory=list)  # of an object around the items


class Records:
    """Records (dicts) added one at a time -> Parts; every field a column, lists kept apart as vectors."""

    def __init__(self, source: str):
        self.source = source
        self.n = 0
        self.order: list[str] = []  # field names, first seen first
        self.scalars: dict[str, list] = {}
        self.lists: dict[str, VectorColumn] = {}
        self.places: list[Place] = []

    def _flat(self, record: dict, at: Place, prefix: str = "", depth: int = 0):
        for key, value in record.items():
            name = f"{prefix}{key}"
            if isinstance(value, dict):
                if depth + 1 > MAX_DEPTH:
                    raise InputError(say("nested_too_deep", name=self.source, at=where(at), field=name,
                                         depth=MAX_DEPTH))
                yield from self._flat(value, at, f"{name}.", depth + 1)
            else:
                yield name, value

    def add(self, record: dict, at: Place) -> None:
        for name, value in dict(self._flat(record, at)).items():  # "a.b" twice in one record: the last wins
            if name not in self.scalars and name not in self.lists:
                if len(self.order) >= MAX_FIELDS:
                    raise InputError(say("too_many_fields", name=self.source, at=where(at), n=MAX_FIELDS))
                self.order.append(name)
                self.scalars[name] = []
            column = self.lists.get(name)
            if column is None and isinstance(value, list):  # from now on a list field: earlier values move over
                column = self.lists[name] = VectorColumn(self.source, say("what_field", field=name))
                earlier = self.scalars.pop(name)
                for i, old in enumerate(earlier + [None] * (self.n - len(earlier))):
                    column.add(old, self.places[i])
            if column is not None:
                column.parts += [None] * (self.n - len(column.parts))
                column.add(value, at)
            else:
                values = self.scalars[name]
                values += [None] * (self.n - len(values))
                values.append(value)
        self.places.append(at)
        self.n += 1

    def parts(self) -> Parts:
        numbers = [name for name, c in self.lists.items()
                   if c.kind == "numbers" or (c.kind == "empty" and name.lower() in VECTOR_NAMES)]
        chosen = pick_vector(numbers, self.source)
        out = Parts(n=self.n, columns=[])
        for name in self.order:
            if name not in self.lists:
                values = self.scalars[name]
                out.columns.append((name, scalar_array(values + [None] * (self.n - len(values)))))
            elif name != chosen:
                out.dropped[name] = "why_not_the_vector" if name in numbers else "why_other_lists"
            else:
                column = self.lists[name]
                column.parts += [None] * (self.n - len(column.parts))
                out.columns.append((name, column.array()))
                out.vector, out.k = name, column.k
        return out


def pick_vector(candidates: list[str], source: str) -> str | None:
    """The vector field: by its name (embedding, vector, …), else the only list of numbers."""
    for wanted in VECTOR_NAMES:
        for name in candidates:
            if name.lower() == wanted:
                return name
    if len(candidates) > 1:
        raise InputError(say("several_vectors", name=source, fields=", ".join(map(repr, candidates))))
    return candidates[0] if candidates else None


def numpy_of(array) -> np.ndarray:
    return np.asarray(array.to_numpy(zero_copy_only=False))


def describe(parts: Parts, how: Message) -> Message:
    """"6 items, label from keys, 3-dimensional vectors" and the like, for the note."""
    head = [say("desc_items" if parts.vector == "dim" else "desc_records", n=parts.n), how]
    if parts.vector == "dim":
        head.append(say("desc_dims", k=parts.k))
    elif parts.vector is not None:
        head.append(say("desc_dims_field", k=parts.k, field=parts.vector))
    said = [joined(head, ", ")]
    others = [n for n, _ in parts.columns if n != parts.vector]
    if others and parts.vector != "dim":
        said.append(say("desc_other_fields" if parts.vector else "desc_fields", names=names_list(others, 6)))
    if parts.dropped:
        said.append(say("desc_not_used", fields=joined(
            [say("desc_dropped", field=n, why=say(why)) for n, why in list(parts.dropped.items())[:6]], ", ")))
    if parts.unused_keys:
        said.append(say("desc_keys_unused", names=names_list(parts.unused_keys, 6)))
    return joined(said, "; ")


def to_table(parts: Parts, source: str) -> pa.Table:
    """The parts as one table, within the cell limit."""
    width = len(parts.columns) + max(parts.k - 1, 0)
    if parts.n * width > MAX_CELLS:
        raise InputError(say("json_cells", name=source, n=parts.n, width=width, limit=MAX_CELLS))
    if not parts.columns:
        raise InputError(say("no_fields", name=source, fix=say("fix_records")))
    return pa.Table.from_arrays([c for _, c in parts.columns], names=[n for n, _ in parts.columns])
