"""Binary tables: Parquet (nested fields flattened to columns) and the first sheet of an Excel workbook.
"""
from __future__ import annotations

import datetime
import io
import warnings
import zipfile

import pyarrow as pa

from ..errors import ExplorerError, InputError
from ..table import names_list
from ..words import say
from .delimited import header_layout
from .limits import MAX_CELLS, XLSX_MAX_CELLS


def read_parquet(data: bytes, name: str) -> pa.Table:
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


def read_xlsx(data: bytes, name: str, notes: list[str]) -> pa.Table:
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
    layout = header_layout(records, notes)
    header = records.pop(0) if layout.header else layout.names
    if not records:
        raise InputError(say("header_row_no_rows", name=name, names=names_list(header, 6)))
    columns = [pa.array([r[j] for r in records], pa.string()) for j in range(width)]
    return pa.Table.from_arrays(columns, names=[str(h) for h in header])
