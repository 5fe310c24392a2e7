"""Lines that pair a label with a vector: ``"机器学习" → [0.2, 0.5, 0.8]``, also ``->`` ``=>`` ``:`` ``=``,
a tab or spaces before the list, and an optional header line.
"""
from __future__ import annotations

import json
import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import InputError
from ..table import PLAIN_NUMBER
from ..words import Message, delimiter_name, joined, say
from . import records
from .limits import SAMPLE_BYTES


_SEPARATORS = ("→".encode(), b"->", b"=>", "：".encode(), b":", b"=")


_QUOTES = (('"', '"'), ("'", "'"), ("“", "”"), ("‘", "’"), ("「", "」"))


_SPLIT = r"\s*[,;]\s*|\s+"


def _unquote(label: str) -> str:
    for left, right in _QUOTES:
        if len(label) >= 2 and label.startswith(left) and label.endswith(right):
            inner = label[1:-1]
            if left == '"' and "\\" in inner:
                try:
                    return json.loads(label)
                except ValueError:
                    pass
            return inner
    return label


def _split_line(line: bytes) -> tuple[bytes, bytes, str] | None:
    """b'"apple" → [0.2, 0.5]' -> (label, numbers text, separator), or None for another kind of line."""
    s = line.strip()
    if s.endswith(b","):
        s = s[:-1].rstrip()
    if not s.endswith(b"]"):
        return None
    cut = s.rfind(b"[")
    inner = s[cut + 1:-1]
    if cut <= 0 or b"]" in inner:
        return None
    head = s[:cut]
    stripped = head.rstrip()
    sep = next((sep for sep in _SEPARATORS if stripped.endswith(sep)), None)
    if sep is not None:
        label, shown = stripped[: -len(sep)].strip(), sep.decode()
    elif len(stripped) < len(head):
        label, shown = stripped.strip(), "\t" if b"\t" in head[len(stripped):] else " "
    else:
        return None
    if not label or b"\t" in label or label[-1:] in b",;|":  # that is a delimited table
        return None
    return label, inner, shown


def _listlike(inner: bytes) -> bool:
    """Numbers between the brackets, or something in their place that an error will name: no quotes or braces."""
    return not re.search(rb"[\"'{}]", inner) and (not inner.strip() or re.search(rb"(?i)\d|nan|inf", inner) is not None)


def label_lines(text: bytes, name: str, lenient: bool) -> tuple[pa.Table | None, Message]:
    """Lines like '"机器学习" → [0.2, 0.5, 0.8]' (also -> => : = tab or spaces before the list)."""
    sample = text[: SAMPLE_BYTES].decode("utf-8", "ignore").encode("utf-8")
    lines = [line for line in sample.split(b"\n")[:60 if len(sample) < len(text) else None] if line.strip()]
    if len(sample) < len(text) and len(lines) > 1:
        lines.pop()  # may be cut
    skip = (b"{", b"}", b"{}") if lenient else ()
    lines = [line for line in lines if line.strip() not in skip and not line.lstrip().startswith((b"#", b"//"))]
    hits = [_split_line(line) for line in lines]
    good = sum(h is not None and _listlike(h[1]) for h in hits)
    if not lines or good < max(1, 0.8 * len(lines)):
        return None, ""
    labels: list[str] = []
    inners: list[bytes] = []
    numbers: list[int] = []
    seps: dict[str, int] = {}
    header: list[str] | None = None
    skipped = 0
    for number, line in enumerate(text.split(b"\n"), 1):
        stripped = line.strip(b" \t\r\n" + (b"\xef\xbb\xbf" if number == 1 else b""))
        if not stripped:
            continue
        hit = _split_line(stripped)
        if hit is None:
            if stripped in skip or stripped.startswith((b"#", b"//")):
                skipped += 1
                continue
            names = [p.strip() for p in re.split(rb"\t|\s*(?:" + b"|".join(map(re.escape, _SEPARATORS)) + rb")\s*|\s+",
                                                 stripped) if p.strip()]
            if not labels and header is None and len(names) == 2 and not re.search(rb"[\[\]{}]", stripped):
                header = [_unquote(n.decode("utf-8", "replace")) for n in names]
                continue
            raise InputError(say("line_not_like_others", name=name, line=number,
                                 text=records.short(stripped.decode("utf-8", "replace"))))
        label, inner, sep = hit
        labels.append(_unquote(label.decode("utf-8", "replace")))
        inners.append(inner)
        numbers.append(number)
        seps[sep] = seps.get(sep, 0) + 1
    vectors, k = _parse_vectors(inners, numbers, name)
    del inners
    label_name, vector_name = header or ("label", "dim")
    table = pa.Table.from_arrays([pa.array(labels, pa.string()), vectors], names=[label_name, vector_name])
    if len(labels) * (k + 1) > records.MAX_CELLS:
        raise InputError(say("line_cells", name=name, n=len(labels), k=k, limit=records.MAX_CELLS))
    sep = max(seps, key=seps.get)
    said = [say("note_label_lines", n=len(labels), sep=delimiter_name(sep) if sep in "\t " else sep, k=k)]
    if header:
        said.append(say("note_header_names", label=header[0], vector=header[1]))
    if skipped:
        said.append(say("note_lines_skipped", n=skipped))
    return table, joined(said, "; ") if len(said) > 1 else said[0]


def _parse_vectors(inners: list[bytes], numbers: list[int], name: str) -> tuple[pa.Array, int]:
    """The numbers between the brackets, all lines at once (pyarrow), as a list<double> column."""
    text = pc.utf8_trim(pa.array(inners, pa.large_binary()).cast(pa.large_string()), characters=" \t\r\n\f\v,;")
    empty = np.asarray(pc.equal(pc.utf8_length(text), 0).to_numpy(zero_copy_only=False))
    if empty.any():
        line = numbers[int(np.flatnonzero(empty)[0])]
        raise InputError(say("line_vector_empty", name=name, line=line))
    tokens = pc.split_pattern_regex(text, _SPLIT)
    offsets = np.asarray(tokens.offsets.to_numpy(), dtype=np.int64)
    flat = pc.list_flatten(tokens)
    plain = np.asarray(pc.match_substring_regex(flat, PLAIN_NUMBER).to_numpy(zero_copy_only=False))

    def line_of(position: int) -> tuple[int, int]:
        row = int(np.searchsorted(offsets, position, side="right") - 1)
        return numbers[row], position - int(offsets[row]) + 1

    if not plain.all():
        where = int(np.flatnonzero(~plain)[0])
        line, entry = line_of(where)
        token = flat[where].as_py()
        why = (say("why_empty_entry") if not token else
               say("why_not_finite", value=records.short(token)) if re.fullmatch(r"(?i)[+-]?(nan|inf(inity)?)", token)
               else say("why_not_number", value=records.short(token)))
        raise InputError(say("line_entry_bad", name=name, line=line, entry=entry, why=why))
    values = np.asarray(flat.cast(pa.float64()).to_numpy(zero_copy_only=False))
    finite = np.isfinite(values)
    if not finite.all():
        line, entry = line_of(int(np.flatnonzero(~finite)[0]))
        raise InputError(say("line_entry_bad", name=name, line=line, entry=entry, why=say("why_too_large")))
    lengths = np.diff(offsets)
    wrong = np.flatnonzero(lengths != lengths[0])
    if wrong.size:
        row = int(wrong[0])
        raise InputError(say("line_lengths", name=name, line=numbers[row], n=int(lengths[row]), first=numbers[0],
                             k=int(lengths[0])))
    k = int(lengths[0])
    return pa.ListArray.from_arrays(pa.array(offsets.astype(np.int32)), pa.array(values)), k
