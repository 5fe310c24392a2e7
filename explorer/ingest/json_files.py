"""JSON documents and JSON Lines -> Parts (records.py): the shapes people write embeddings in.

``{"label": [0.2, 0.5], ...}``; a list of records ``[{"text": "...", "embedding":
[...]}, ...]``, also wrapped as in an API response (``{"data": [...], "model":
...}``) or beside same-length columns (``{"labels": [...], "embeddings": [[...],
...]}``); a list of vectors; one record or vector per line. A JSON document is
size- and value-limited before it is parsed (it is read whole); JSON Lines go
through pyarrow when the lines are regular, else line by line, one at a time.
"""
from __future__ import annotations

import io
import json
import re
from typing import Iterable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import InputError
from ..words import Message, joined, say
from .labelled_lines import label_lines
from .limits import SAMPLE_BYTES
from . import records
from .records import MAX_DEPTH, Parts, Place, Records, VectorColumn, numpy_of, pick_vector, scalar_array, short, where

JSON_EXTENSIONS = frozenset({".json", ".jsonl", ".ndjson", ".jsonlines"})
LINES_EXTENSIONS = frozenset({".jsonl", ".ndjson", ".jsonlines"})
MAX_JSON_BYTES = 128 << 20  # a JSON document is parsed whole, into Python objects several times its size
MAX_JSON_VALUES = 16_000_000  # values in one JSON document (each costs ~30-60 bytes as a Python object)


def _hook(duplicates: dict):
    def make(pairs):
        record = dict(pairs)
        if len(record) != len(pairs):
            seen = set()
            duplicates[id(record)] = next(k for k, _ in pairs if k in seen or seen.add(k))
        return record
    return make


def parse_document(text: bytes, source: str, line: int | None = None) -> tuple[object, dict]:
    """One JSON value (of a file, or of its ``line``), within the size limits -> (value, {id of an object: a key
    it holds twice})."""
    at = say("where_line", n=line) if line is not None else ""
    if len(text) > MAX_JSON_BYTES:
        raise InputError(say("json_too_big", name=source, where=at, mb=len(text) / 1e6, limit=MAX_JSON_BYTES >> 20))
    values = text.count(b",") + text.count(b"[") + text.count(b"{")
    if values > MAX_JSON_VALUES:
        raise InputError(say("json_too_many", name=source, where=at, n=values, limit=MAX_JSON_VALUES))
    duplicates: dict = {}
    try:
        return json.loads(text.decode("utf-8-sig"), object_pairs_hook=_hook(duplicates)), duplicates
    except json.JSONDecodeError as exc:
        raise InputError(say("json_invalid", name=source, where=at, reason=exc.msg, line=exc.lineno,
                             column=exc.colno)) from None
    except RecursionError:
        raise InputError(say("json_too_deep", name=source, where=at, fix=say("fix_records"))) from None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise InputError(say("json_bad_value", name=source, where=at, error=exc)) from None


_KINDS = {dict: "json_object", list: "json_list", str: "json_text", bool: "json_bool", type(None): "json_null"}


def _kind(value) -> Message:
    return say(_KINDS.get(type(value), "json_number"))


def from_items(items: Iterable[tuple[object, Place]], source: str) -> Parts:
    """Records or vectors, one at a time with the place each comes from ("item 3", "line 7")."""
    records: Records | None = None
    vectors: VectorColumn | None = None
    first = None
    n = 0
    for item, at in items:
        if first is None:
            if not isinstance(item, (dict, list)):
                raise InputError(say("item_not_record", name=source, at=where(at), kind=_kind(item),
                                     value=short(item), fix=say("fix_records")))
            first = (type(item), at)
            if isinstance(item, dict):
                records = Records(source)
            else:
                vectors = VectorColumn(source, say("what_vector"))
        elif type(item) is not first[0]:
            raise InputError(say("items_mixed", name=source, at=where(at), kind=_kind(item), first=where(first[1]),
                                 first_kind=say(_KINDS[first[0]])))
        if records is not None:
            records.add(item, at)
        else:
            vectors.add(item, at)
            if vectors.kind == "other":
                raise InputError(say("item_not_numbers", name=source, at=where(at), value=short(item[0])))
        n += 1
    if first is None:
        raise InputError(say("no_items", name=source, fix=say("fix_records")))
    if records is not None:
        return records.parts()
    return Parts(n=n, columns=[("dim", vectors.array())], vector="dim", k=vectors.k)


def from_document(value, duplicates: dict, source: str) -> tuple[Parts, Message]:
    """A parsed JSON document -> (parts, how it was read, for the note)."""
    if isinstance(value, list):
        parts = from_items(((v, ("at_item", i + 1, None)) for i, v in enumerate(value)), source)
        return parts, say("how_list_vectors" if parts.columns[0][0] == "dim" else "how_list_records")
    if not isinstance(value, dict):
        raise InputError(say("json_scalar", name=source, kind=_kind(value), value=short(value)))
    if not value:
        raise InputError(say("json_empty_object", name=source))
    if id(value) in duplicates:
        raise InputError(say("json_duplicate_key", name=source, label=short(duplicates[id(value)])))
    nested = [k for k, v in value.items() if isinstance(v, list) and v and isinstance(v[0], (dict, list))]
    others = [v for k, v in value.items() if k not in nested]
    vectors_only = bool(others) and all(isinstance(v, list) and (not v or type(v[0]) in (int, float))
                                        for v in others)
    if nested and not vectors_only:
        if len(nested) > 1:
            raise InputError(say("json_several_lists", name=source, keys=", ".join(map(short, nested[:6]))))
        return _unwrap(value, nested[0], source)
    if all(isinstance(v, dict) for v in value.values()):
        key = "label" if not any("label" in r for r in value.values()) else "key"
        parts = from_items((({key: k, **r}, ("at_key", None, short(k))) for k, r in value.items()), source)
        return parts, say("how_keys_records")
    vectors = VectorColumn(source, say("what_vector"))
    for key, vector in value.items():
        at = ("at_key", None, short(key))
        if not isinstance(vector, list):
            raise InputError(say("json_value_not_vector", name=source, at=where(at), kind=_kind(vector),
                                 value=short(vector)))
        vectors.add(vector, at)
        if vectors.kind == "other":
            raise InputError(say("json_value_not_numbers", name=source, at=where(at), value=short(vector[0])))
    parts = Parts(n=len(value), columns=[("label", pa.array(list(value), pa.string())), ("dim", vectors.array())],
                  vector="dim", k=vectors.k)
    return parts, say("how_keys")


def _unwrap(value: dict, key: str, source: str) -> tuple[Parts, Message]:
    """{"data": [records or vectors], "labels": [...], "model": ...}: the list, plus same-length lists of text."""
    items = value[key]
    parts = from_items(((v, ("at_item_of", i + 1, key)) for i, v in enumerate(items)), source)
    used = []
    for other, column in value.items():
        if other != key and isinstance(column, list) and len(column) == len(items) and all(
                not isinstance(v, (list, dict)) for v in column):
            parts.columns.insert(len(used), (other, scalar_array(column)))
            used.append(other)
    parts.unused_keys = [k for k in value if k != key and k not in used]
    return parts, say("how_wrapped", of=key)


# ---------------------------------------------------------------- JSON Lines

def read_lines(text: bytes, source: str) -> Parts:
    """One record (or vector) per line: pyarrow's reader when the lines are regular, else line by line."""
    return _lines_fast(text) or _lines_slow(text, source)


def _lines_slow(text: bytes, source: str) -> Parts:
    def items():
        for number, line in enumerate(io.BytesIO(text), 1):
            if line.strip(b" \t\r\n" + (b"\xef\xbb\xbf" if number == 1 else b"")):
                yield parse_document(line, source, number)[0], ("at_line", number, None)

    return from_items(items(), source)


def _lines_fast(text: bytes) -> Parts | None:
    """The lines read by pyarrow, if they are plain records; None sends them to the careful reader."""
    import pyarrow.json as pajson

    def read(schema=None, block=1 << 24):  # big blocks: twice as fast as pyarrow's 1 MB on 384-d records
        while True:
            try:
                return pajson.read_json(pa.BufferReader(text), read_options=pajson.ReadOptions(block_size=block),
                                        parse_options=pajson.ParseOptions(explicit_schema=schema))
            except pa.ArrowInvalid as exc:
                if "straddl" in str(exc) and block < len(text):
                    block = min(len(text) + 1, 2**31 - 1)
                    continue
                raise

    try:
        table = read()
        dated = [f for f in table.schema if pa.types.is_temporal(f.type)]
        if dated:  # pyarrow reads "2024-01-01" as a date; keep it as the text it is
            table = read(pa.schema([(f.name, pa.string()) for f in dated])).select(table.column_names)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError, OverflowError):
        return None
    for _ in range(MAX_DEPTH):
        if not any(pa.types.is_struct(f.type) for f in table.schema):
            break
        table = table.flatten()
    if len(set(table.column_names)) < table.num_columns:
        return None  # "a.b" and {"a": {"b": …}} in one record
    columns: list[tuple[str, pa.Array | None]] = []
    lists: dict[str, pa.ChunkedArray] = {}
    for name, column in zip(table.column_names, table.columns):
        t = column.type
        if pa.types.is_list(t) or pa.types.is_large_list(t):
            v = t.value_type
            if pa.types.is_null(v):
                return None
            if pa.types.is_integer(v) or pa.types.is_floating(v):
                lists[name] = column
            columns.append((name, None))
        elif pa.types.is_string(t) or pa.types.is_null(t):
            columns.append((name, column.combine_chunks()))
        elif pa.types.is_boolean(t):
            columns.append((name, column.cast(pa.string()).combine_chunks()))
        elif pa.types.is_integer(t) or pa.types.is_floating(t):
            columns.append((name, column.cast(pa.float64(), safe=False).combine_chunks()))
        else:
            return None  # nested deeper than MAX_DEPTH or an unusual type: the careful reader explains
    try:
        chosen = pick_vector(list(lists), "")
    except InputError:
        return None
    out = Parts(n=table.num_rows, columns=[])
    for name, column in columns:
        if column is not None:
            out.columns.append((name, column))
        elif name != chosen:
            out.dropped[name] = "why_not_the_vector" if name in lists else "why_other_lists"
        else:
            vectors = lists[name].combine_chunks()
            lengths = numpy_of(pc.fill_null(pc.list_value_length(vectors), 0))
            present = lengths[~numpy_of(vectors.is_null())] if vectors.null_count else lengths
            flat = pc.list_flatten(vectors)
            if not present.size or present.min() != present.max() or present[0] == 0 or flat.null_count:
                return None  # the careful reader names the line
            flat = flat.cast(pa.float64(), safe=False)
            if not pc.all(pc.is_finite(flat)).as_py():
                return None
            offsets = np.zeros(len(lengths) + 1, dtype=np.int32)
            np.cumsum(lengths, out=offsets[1:])
            out.columns.append((name, pa.ListArray.from_arrays(
                pa.array(offsets), flat, mask=vectors.is_null() if vectors.null_count else None)))
            out.vector, out.k = name, int(present[0])
    return out


def json_table(text: bytes, start: int, name: str, ext: str) -> tuple[pa.Table | None, Message]:
    end = text.find(b"\n", start)
    first_line = text[start:end if end >= 0 else len(text)].rstrip()
    second = text[end + 1:end + 1 + SAMPLE_BYTES].lstrip()[:1] if end >= 0 else b""
    if ext in LINES_EXTENSIONS or (first_line[-1:] in (b"}", b"]") and second in (b"{", b"[")):
        parts = read_lines(text, name)
        return records.to_table(parts, name), say("note_json_lines", what=records.describe(parts, say("how_lines")))
    try:
        value, duplicates = parse_document(text, name)
    except InputError:
        table, what = label_lines(text, name, lenient=True)  # a Python dict, or a trailing comma
        if table is not None:
            return table, joined([what, say("note_not_json")], "; ")
        if ext not in JSON_EXTENSIONS and re.match(rb"\s*\[[^\[\]{}\"\n]*\]\s*[,;\t|]", text[start:start + 4096]):
            return None, ""  # a CSV whose first header cell is "[…]"
        raise
    parts, how = from_document(value, duplicates, name)
    del value
    return records.to_table(parts, name), say("note_json", what=records.describe(parts, how))


def not_json(text: bytes, name: str) -> tuple[pa.Table | None, Message]:
    """A .json file that does not start with { or [: a lone JSON value says so; anything else is left alone."""
    try:
        value, _ = parse_document(text, name)
    except InputError:
        return None, ""
    from_document(value, {}, name)  # raises: a single value, not a table
    return None, ""
