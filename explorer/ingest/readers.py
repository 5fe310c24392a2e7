"""Reading tables: CSV/TSV/TXT, Parquet, Excel, TF-Projector vectors + metadata.

Every cell is first read as text, so nothing is guessed away ("NA" stays "NA",
no column silently becomes the index); ``roles.build_table`` then decides what
is a number, a vector, the label or a category. The reader's own guesses —
encoding, delimiter, header, skipped lines — go into the table's notes.
"""
from __future__ import annotations

import codecs
import csv
import datetime
import io
import os
import re
import warnings
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ..errors import DataError, ExplorerError, InputError
from .formats import read_other
from ..words import delimiter_name, joined, say
from ..table.roles import build_table, names_list, parse_cell
from ..table.feature_table import FeatureTable

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
SAMPLES: dict[str, Path] = {n: DATA_DIR / f"{n}.csv" for n in ("movies", "words", "iris", "wine", "digits")}
TUTORIAL_PICTURE = DATA_DIR / "movies_2d.csv"  # the tutorial's own 2-D picture of the movies sample
DELIMITERS = (",", "\t", ";", "|")
MAX_CELLS = 100_000_000  # one float64 table of this size is 800 MB
XLSX_MAX_CELLS = 10_000_000  # openpyxl needs ~1 s per million cells
_SAMPLE = 1 << 16  # bytes looked at to guess the delimiter and the header
_BLOCK = 1 << 24  # pyarrow parse block; grown when one row is longer
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
_CJK = ("gb", "big5", "cp949", "euc", "shift_jis", "cp932", "cp950", "iso2022", "hz", "johab")

csv.field_size_limit(2**31 - 1)  # a very long label is a cell, not an error


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
        table, delimiter, comma = _read_any(data, name, notes)
        del data
        text_only: range = range(0)
        if metadata is not None:
            meta, meta_name = _load(metadata, metadata_filename, max_bytes)
            table, text_only = _attach_metadata(table, meta, meta_name, name, notes)
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


def _read_any(data: bytes, name: str, notes: list[str]) -> tuple[pa.Table, str | None, str]:
    """Dispatch on the content first, the extension second.

    -> (table, the delimiter when it is worth a note, what a comma in a number is)
    """
    ext = Path(name).suffix.lower()
    if data.startswith(b"PAR1"):
        return _read_parquet(data, name), None, "thousands"
    other = read_other(data, name, notes, lambda raw, said: _decode(raw, name, said))
    if other is not None:  # JSON, JSON Lines, NumPy .npy/.npz, "label → [vector]" lines
        return other, None, "thousands"
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data, name, notes), None, "thousands"
    for magic, what in _MAGIC:
        if data.startswith(magic) and not (magic == b"\x1f\x8b" and len(data) < 18):
            raise InputError(say(what, name=name))
    if ext in (".parquet", ".pq"):
        raise InputError(say("fake_parquet", name=name))
    if ext in (".xlsx", ".xlsm", ".xls"):
        raise InputError(say("fake_excel", name=name))
    return _read_text(data, name, ext, notes)


# ---------------------------------------------------------------- text: encoding

def _is_utf8(data: bytes, start: int = 0) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    view = memoryview(data)
    try:
        for i in range(start, len(data), 1 << 20):  # chunks: no full-size copy of a big file
            decoder.decode(view[i:i + (1 << 20)])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _utf16_without_bom(data: bytes) -> str | None:
    head = data[:4096]
    half = len(head) // 2
    if half < 2:
        return None
    even = head[0:2 * half:2].count(0) / half
    odd = head[1:2 * half:2].count(0) / half
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def _looks_chinese(head: bytes) -> bool:
    """GB18030 decodes almost anything; real Chinese text uses the common GB2312 characters."""
    try:
        text = head[: head.rfind(b"\n") + 1 or len(head)].decode("gb18030")
    except UnicodeDecodeError:
        return False
    wide = [c for c in text if ord(c) > 127][:20000]
    common = 0
    for c in wide:
        try:
            c.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return bool(wide) and common >= 0.9 * len(wide)


def _guess_encoding(data: bytes, name: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    head = data[: 1 << 20]
    candidates = [m.encoding for m in from_bytes(head)]
    order = []
    if any(c.startswith(_CJK) for c in candidates) and _looks_chinese(head):
        order.append("gb18030")
    if "cp1252" in candidates:
        order.append("cp1252")  # the usual Windows encoding for Western text, over its near twins
    for enc in dict.fromkeys(order + candidates):
        try:
            return enc, data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    raise InputError(say("unknown_encoding", name=name))


def _decode(data: bytes, name: str, notes: list[str]) -> bytes:
    """The text as UTF-8 bytes (the same object when it already is UTF-8)."""
    bom = next((enc for enc, mark in (("utf-32", codecs.BOM_UTF32_LE), ("utf-32", codecs.BOM_UTF32_BE),
                                      ("utf-16", codecs.BOM_UTF16_LE), ("utf-16", codecs.BOM_UTF16_BE))
                if data.startswith(mark)), None)
    encoding = bom or _utf16_without_bom(data)  # before UTF-8: "a\0,\0" is valid UTF-8 too
    if encoding is None and _is_utf8(data):
        return data
    if encoding is None:
        if b"\x00" in data[:_SAMPLE]:
            raise _binary(name, say("binary_zero_bytes"))
        encoding, text = _guess_encoding(data, name)
        notes.append(say("encoding_guessed", encoding=encoding))
    else:
        how = say("encoding_bom") if bom else say("encoding_zero_bytes")
        notes.append(say("encoding", encoding=encoding.upper(), how=how))
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(say("invalid_encoding", name=name, encoding=encoding.upper(), byte=exc.start)) from None
    return text.encode("utf-8")


def _binary(name: str, why: str) -> InputError:
    return InputError(say("binary", name=name, why=why))


def _check_text(sample: str, name: str) -> None:
    # Random bytes decode to ~12% control characters; a text table has a few at most.
    control = len(re.findall(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", sample))
    if sample and (control > 0.1 * len(sample) or sample.count("\x00") > 0.01 * len(sample)):
        raise _binary(name, say("binary_control", share=control / len(sample)))


# ---------------------------------------------------------------- text: layout

def _sample(data: bytes) -> tuple[str, bool]:
    """The first lines as text (at least ~40 of them when the file has them), and whether that is all."""
    size = _SAMPLE
    while True:
        chunk = data[:size]
        complete = len(chunk) >= len(data)
        if complete or chunk.count(b"\n") + chunk.count(b"\r") >= 42:
            break
        size *= 4
    text = chunk.decode("utf-8", "ignore")  # only a character cut at the end can fail
    return text.removeprefix("\ufeff"), complete


def _records(text: str, delimiter: str, complete: bool, limit: int = 50) -> list[list[str]]:
    """The first records of the sample, parsed like the full file will be (quotes, "" escapes)."""
    out: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', doublequote=True)
    exhausted = True
    try:
        for record in reader:
            if not record or (len(record) == 1 and not record[0].strip()):
                continue  # blank lines: skipped by the parser too
            out.append(record)
            if len(out) > limit:
                exhausted = False
                break
    except csv.Error:
        pass
    if exhausted and not complete and len(out) > 1:
        out.pop()  # the sample may end inside this one
    return out


def _sniff_delimiter(text: str, complete: bool, preferred: str) -> str:
    best, best_score = None, None
    for d in DELIMITERS:
        counts = [len(r) for r in _records(text, d, complete)]
        if not counts:
            continue
        mode, freq = Counter(counts).most_common(1)[0]
        if mode < 2:
            continue
        score = (round(freq / len(counts), 2), counts[0] == mode, d == preferred, mode)
        if best_score is None or score > best_score:
            best, best_score = d, score
    if best is not None:
        return best
    counts = {len(r) for r in _records(text, " ", complete)}
    return " " if len(counts) == 1 and counts.pop() >= 2 else preferred  # word 0.1 0.2 … (GloVe) or one column


def _is_number(cell: str) -> bool:
    return parse_cell(cell)[1] in ("ok", "infinite")


@dataclass
class _Layout:
    header: bool  # the first record names the columns
    extra_first: bool = False  # every row has one field more than the header: unnamed first column
    names: list[str] | None = None  # made-up names when there is no header


def _layout(records: list[list[str]], notes: list[str]) -> _Layout:
    """Is the first record a header? A line of numbers is data (TF-Projector vectors.tsv)."""
    first, rest = records[0], records[1:21]
    width = max(len(r) for r in records[:21])

    def numeric(j: int, rows: list[list[str]]) -> bool:
        cells = [r[j] for r in rows if j < len(r) and parse_cell(r[j])[1] != "missing"]
        return bool(cells) and sum(map(_is_number, cells)) >= 0.5 * len(cells)

    numbers = [j for j, c in enumerate(first) if _is_number(c)]
    if not rest:
        headerless = len(numbers) == len(first)
    else:
        data_numeric = [j for j in range(len(first)) if numeric(j, rest)]
        values = [parse_cell(first[j])[0] for j in numbers]
        counting = len(values) >= 2 and all(v.is_integer() for v in values) and all(
            b - a == 1 for a, b in zip(values, values[1:]))  # "0,1,2" / "1,2,3" names columns
        headerless = bool(numbers) and numbers == data_numeric and not counting
    if not headerless:
        extra = bool(rest) and all(len(r) == len(first) + 1 for r in rest)
        return _Layout(header=True, extra_first=extra)
    kinds = ["dim" if numeric(j, records[:21]) else "text" for j in range(width)]
    texts = kinds.count("text")
    names, dim, txt = [], 0, 0
    for kind in kinds:
        if kind == "dim":
            dim += 1
            names.append(f"dim_{dim}")
        else:
            txt += 1
            names.append("label" if texts == 1 else f"text_{txt}")
    notes.append(say("no_header", names=names_list(names, 4)))
    return _Layout(header=False, names=names)


# ---------------------------------------------------------------- text: parsing

@dataclass
class _RowIssues:
    """Rows the parser refused (wrong number of fields), kept short: first few only."""

    bad: list
    total: int = 0
    blank: int = 0
    header_text: str | None = None


def _physical_lines(data: bytes, delimiter: str, numbers: set[int]) -> dict[int, int]:
    """Record number (as pyarrow counts: blank lines not counted) -> line where it starts."""
    found: dict[int, int] = {}
    reader = csv.reader(io.TextIOWrapper(io.BytesIO(data), "utf-8-sig", newline=""), delimiter=delimiter)
    count = previous = 0
    try:
        for record in reader:
            start, previous = previous + 1, reader.line_num
            if record:
                count += 1
                if count in numbers:
                    found[count] = start
                    if len(found) == len(numbers):
                        break
    except (csv.Error, UnicodeDecodeError):
        pass
    return found


def _ragged(data: bytes, name: str, delimiter: str, skip: int, layout: _Layout, width: int,
            issues: _RowIssues) -> InputError:
    lines = _physical_lines(data, delimiter, {n for n, _, _ in issues.bad})
    where = []
    unclosed = None
    for number, actual, text in issues.bad:
        row = number - skip - (1 if layout.header else 0)
        line = say("ragged_line", line=lines[number]) if number in lines else ""
        where.append(say("ragged_row", row=row, line=line, fields=actual))
        if unclosed is None and text.lstrip().startswith('"') and "\n" in text:
            unclosed = say("ragged_unclosed", at=say("row_at_line", row=row, line=line))
    more = say("ragged_more", n=issues.total - len(issues.bad)) if issues.total > len(issues.bad) else ""
    return InputError(say("ragged", name=name, first=say("ragged_header" if layout.header else "ragged_first_line"),
                          width=width, delimiter=delimiter_name(delimiter), where=joined(where, "; "), more=more,
                          unclosed=unclosed or ""))


def _parse_csv(data: bytes, name: str, delimiter: str, skip: int, width: int,
               layout: _Layout) -> tuple[pa.Table, _RowIssues]:
    names = [f"c{i}" for i in range(width)]
    block = min(_BLOCK, max(len(data), 1 << 16))
    while True:
        issues = _RowIssues(bad=[])

        def refuse(row, issues=issues):
            if layout.extra_first and row.number == skip + 1 and issues.header_text is None:
                issues.header_text = row.text  # the short header line, read separately
            elif not row.text.strip():
                issues.blank += 1
            else:
                issues.total += 1
                if len(issues.bad) < 5:
                    issues.bad.append((row.number, row.actual_columns, row.text[:2000]))
            return "skip"

        try:
            table = pacsv.read_csv(
                pa.BufferReader(data),
                read_options=pacsv.ReadOptions(column_names=names, use_threads=False, skip_rows=skip,
                                               block_size=block),
                parse_options=pacsv.ParseOptions(delimiter=delimiter, quote_char='"', double_quote=True,
                                                 escape_char=False, newlines_in_values=True,
                                                 ignore_empty_lines=True, invalid_row_handler=refuse),
                convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                                     null_values=[], strings_can_be_null=False,
                                                     quoted_strings_can_be_null=False))
            break
        except pa.ArrowInvalid as exc:
            if "straddl" in str(exc) and block < len(data):
                block = min(len(data) + 1, 2**31 - 1)  # one row longer than a block
                continue
            raise InputError(say("unparsable", name=name, delimiter=delimiter_name(delimiter), error=exc)) from None
    if issues.total:
        raise _ragged(data, name, delimiter, skip, layout, width, issues)
    return table, issues


def _read_text(data: bytes, name: str, ext: str, notes: list[str]) -> tuple[pa.Table, str, str]:
    data = _decode(data, name, notes)
    if re.fullmatch(rb"(?:\xef\xbb\xbf)?\s*", data):
        raise InputError(say("empty_file", name=name))
    sample, complete = _sample(data)
    _check_text(sample, name)
    delimiter, skip = None, 0
    first, _, body = sample.partition("\n")
    sep = re.fullmatch(r'"?sep=([\t !#-/:-@\[-`{-~])"?[,;\t|]*\r?', first, re.IGNORECASE)  # one ASCII sign
    if sep:  # Excel's "sep=;" line
        delimiter, skip, sample = sep.group(1), 1, body
        notes.append(say("sep_line", line=first.strip()))
    preferred = "\t" if ext in (".tsv", ".tab") else ","
    delimiter = delimiter or _sniff_delimiter(sample, complete, preferred)
    records = _records(sample, delimiter, complete)
    if not records:
        raise InputError(say("no_rows_after_first", name=name))
    layout = _layout(records, notes)
    width = len(records[0]) + layout.extra_first
    table, issues = _parse_csv(data, name, delimiter, skip, width, layout)
    if issues.blank:
        notes.append(say("blank_lines", n=issues.blank))
    if table.num_rows * table.num_columns > MAX_CELLS:
        raise InputError(say("too_many_cells", name=name, rows=table.num_rows, columns=table.num_columns,
                             limit=MAX_CELLS))
    if layout.header and not layout.extra_first:
        header = [table.column(i)[0].as_py() if table.num_rows else "" for i in range(width)]
        table = table.slice(1)
        if table.num_rows == 0:
            raise InputError(say("header_no_rows", name=name, names=names_list(header, 6)))
    elif layout.extra_first:
        header = next(csv.reader([issues.header_text or ""], delimiter=delimiter), [])
        last = table.column(width - 1)
        if pc.all(pc.equal(pc.utf8_trim_whitespace(last), "")).as_py():
            table = table.drop_columns([table.column_names[-1]])
            notes.append(say("trailing_delimiter", delimiter=delimiter))
        else:
            header = [""] + header
            notes.append(say("unnamed_first", names=width - 1, fields=width))
    else:
        header = layout.names
    header = (list(header) + [""] * table.num_columns)[: table.num_columns]
    return (pa.Table.from_arrays(table.columns, names=[str(h) for h in header]),
            None if delimiter == preferred else delimiter, "decimal" if delimiter == ";" else "thousands")


# ---------------------------------------------------------------- Parquet, Excel

def _read_parquet(data: bytes, name: str) -> pa.Table:
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(pa.BufferReader(data))
        meta = parquet.metadata
        if meta.num_rows * meta.num_columns > MAX_CELLS:
            raise InputError(say("too_many_cells", name=name, rows=meta.num_rows, columns=meta.num_columns,
                                 limit=MAX_CELLS))
        table = parquet.read()
        while any(pa.types.is_struct(f.type) for f in table.schema):
            table = table.flatten()  # nested fields become columns "a.b"
    except ExplorerError:
        raise
    except Exception as exc:
        raise InputError(say("bad_parquet", name=name, error_type=type(exc).__name__, error=exc)) from None
    return table


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)


def _read_xlsx(data: bytes, name: str, notes: list[str]) -> pa.Table:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                raise InputError(say("zip_not_workbook", name=name))
            if sum(i.file_size for i in archive.infolist()) > 2**31:
                raise InputError(say("workbook_too_big", name=name))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it does not know
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            if not book.worksheets:
                raise InputError(say("no_worksheet", name=name))
            sheet, count = book.worksheets[0], len(book.worksheets)
            records, cells = [], 0
            for row in sheet.iter_rows(values_only=True):
                cells += len(row)
                if cells > XLSX_MAX_CELLS:
                    raise InputError(say("sheet_too_big", name=name, limit=XLSX_MAX_CELLS))
                record = [_cell_text(v) for v in row]
                while record and not record[-1].strip():
                    record.pop()
                records.append(record)
        finally:
            book.close()
    except ExplorerError:
        raise
    except Exception as exc:
        raise InputError(say("bad_workbook", name=name, error_type=type(exc).__name__, error=exc)) from None
    if count > 1:
        notes.append(say("first_sheet", sheet=sheet.title, count=count))
    while records and not records[-1]:
        records.pop()
    lead = 0
    while lead < len(records) and not records[lead]:
        lead += 1
    if lead:
        notes.append(say("empty_rows_above", n=lead))
    records = records[lead:]
    if not records:
        raise InputError(say("empty_sheet", name=name, sheet=sheet.title))
    width = max(len(r) for r in records)
    records = [r + [""] * (width - len(r)) for r in records]
    layout = _layout(records, notes)
    header = records.pop(0) if layout.header else layout.names
    if not records:
        raise InputError(say("header_row_no_rows", name=name, names=names_list(header, 6)))
    columns = [pa.array([r[j] for r in records], pa.string()) for j in range(width)]
    return pa.Table.from_arrays(columns, names=[str(h) for h in header])


# ---------------------------------------------------------------- TF-Projector metadata

def _attach_metadata(table: pa.Table, data: bytes, name: str, vectors: str,
                     notes: list[str]) -> tuple[pa.Table, range]:
    """Add metadata.tsv columns (labels, categories) to the vectors, line for line.

    As in the TF Embedding Projector: one column has no header line; several
    columns are tab-separated under a header line; cells are not quoted.
    """
    said: list[str] = []
    text = _decode(data, name, said).decode("utf-8").removeprefix("\ufeff")
    notes += [say("metadata_note", note=note) for note in said]
    _check_text(text[:_SAMPLE], name)
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


# ---------------------------------------------------------------- helpers for the page and the command

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


def frame_to_bytes(frame: pd.DataFrame) -> bytes:
    """An edited table as CSV bytes that read_table reads back to the same values (floats exactly)."""
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
