"""Delimited text: CSV, TSV, TXT. The delimiter, Excel's sep= line and the header are guessed from
the first lines; every cell is read as text (pyarrow), ragged rows are refused with their line numbers.
"""
from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ..errors import InputError
from ..table import names_list, parse_cell
from ..words import delimiter_name, joined, say
from .encoding import check_text, decode
from .limits import MAX_CELLS, SAMPLE_BYTES


DELIMITERS = (",", "\t", ";", "|")


_BLOCK = 1 << 24  # pyarrow parse block; grown when one row is longer


csv.field_size_limit(2**31 - 1)  # a very long label is a cell, not an error


def _sample(data: bytes) -> tuple[str, bool]:
    """The first lines as text (at least ~40 of them when the file has them), and whether that is all."""
    size = SAMPLE_BYTES
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


def header_layout(records: list[list[str]], notes: list[str]) -> _Layout:
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


def read_delimited(data: bytes, name: str, ext: str, notes: list[str]) -> tuple[pa.Table, str, str]:
    data = decode(data, name, notes)
    if re.fullmatch(rb"(?:\xef\xbb\xbf)?\s*", data):
        raise InputError(say("empty_file", name=name))
    sample, complete = _sample(data)
    check_text(sample, name)
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
    layout = header_layout(records, notes)
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
