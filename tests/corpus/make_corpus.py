"""Write the hostile corpus for tests/test_readers.py: python tests/corpus/make_corpus.py [out_dir]

Every file here is small and made on purpose to break a naive reader: each
encoding × delimiter, Excel habits, ragged rows, odd numbers, hostile labels
(HTML, templates, formulas, control characters), binary garbage, Parquet,
Excel, TF-Projector vectors + metadata. EXPECTED.json says, per case, either the
shape read (rows, features, label, categories, substrings of notes) or the error
class and a substring of its message. Re-running rewrites the same files.
"""
from __future__ import annotations

import datetime
import io
import json
import random
import re
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE  # where the files go; the tests regenerate into a temporary folder and compare
CASES: dict[str, dict] = {}

MOVIES = [["电影", "动作", "喜剧", "爱情", "科幻"],
          ["星际穿越", 3, 1, 2, 5], ["泰坦尼克号", 1, 1, 5, 0], ["功夫", 5, 4, 1, 0], ["大话西游", 3, 5, 4, 1],
          ["流浪地球", 4, 0, 1, 5], ["霸王别姬", 0, 1, 5, 0], ["让子弹飞", 4, 4, 0, 0], ["无间道", 5, 1, 1, 0]]


def write(name: str, content: bytes | str, expect: dict, *, encoding: str = "utf-8", **case) -> None:
    data = content.encode(encoding) if isinstance(content, str) else content
    (OUT / name).write_bytes(data)
    CASES[case.pop("case", name)] = {"file": name, **case, "expect": expect}


def stable_zip(data: bytes) -> bytes:
    """The same zip with fixed timestamps, so that re-running writes the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the time of saving
                content = re.sub(rb"<dcterms:modified([^>]*)>[^<]*<", rb"<dcterms:modified\1>2024-01-01T00:00:00Z<",
                                 content)
            dst.writestr(zipfile.ZipInfo(info.filename, (2024, 1, 1, 0, 0, 0)), content)
    return out.getvalue()


def table(rows, delimiter=",", quote_all=False) -> str:
    out = []
    for row in rows:
        cells = []
        for cell in row:
            cell = str(cell)
            if quote_all or any(ch in cell for ch in (delimiter, '"', "\n", "\r")):
                cell = '"' + cell.replace('"', '""') + '"'
            cells.append(cell)
        out.append(delimiter.join(cells))
    return "\n".join(out) + "\n"


def shape(rows, features, label=None, categories=None, notes=(), values=None, labels=None, picture_error=None) -> dict:
    """What the reader finds; ``picture_error``: the file reads, but with the default preparation (missing rows
    dropped) it cannot be projected, and the message says this."""
    out = {"rows": rows, "features": features, "label": label}
    if picture_error is not None:
        out["picture_error"] = picture_error
    if categories is not None:
        out["categories"] = categories
    if notes:
        out["notes"] = list(notes)
    if values is not None:
        out["values"] = values  # {feature: [values, null for NaN]}
    if labels is not None:
        out["labels"] = labels
    return out


def error(kind: str, match: str) -> dict:
    return {"error": kind, "match": match}


def encodings_and_delimiters() -> None:
    delimiters = {"comma": (",", "csv"), "semicolon": (";", "csv"), "tab": ("\t", "tsv"), "pipe": ("|", "txt")}
    encodings = {"utf8": ("utf-8", None), "utf8bom": ("utf-8-sig", None), "gbk": ("gbk", "gb18030"),
                 "utf16": ("utf-16", "UTF-16")}
    for ename, (codec, note) in encodings.items():
        for dname, (delim, ext) in delimiters.items():
            notes = [note] if note else []
            if delim not in (",", "\t"):
                notes.append(f"delimiter: {delim!r}")
            write(f"enc_{ename}_{dname}.{ext}", table(MOVIES, delim),
                  shape(8, 4, "电影", notes=notes, labels=[r[0] for r in MOVIES[1:]],
                        values={"动作": [r[1] for r in MOVIES[1:]]}), encoding=codec)
    write("cp1252.csv", "name,x,y\ncafé,1,2\nnaïve,5,3\nZoë,3,1\nfiancé,4,4\nsmörgåsbord,2,0\n",
          shape(5, 2, "name", notes=["encoding guessed: cp1252"],
                labels=["café", "naïve", "Zoë", "fiancé", "smörgåsbord"]), encoding="cp1252")
    write("utf16_nobom.csv", "name,x,y\nalpha,1,2\nbeta,3,4\ngamma,5,6\n".encode("utf-16-le"),
          shape(3, 2, "name", notes=["UTF-16-LE"]))
    write("crlf.csv", "name,x,y\r\na,1,2\r\nb,3,4\r\nc,5,6\r\n", shape(3, 2, "name", labels=["a", "b", "c"]))
    write("cr_only.csv", "name,x,y\ra,1,2\rb,3,4\rc,5,6\r", shape(3, 2, "name", labels=["a", "b", "c"]))


def excel_habits() -> None:
    write("decimal_comma.csv", "名称;x;y;z\n苹果;1,5;2,25;-0,5\n香蕉;0,3;1,0;2,75\n汽车;3,1;0,2;1,1\n卡车;1.234,5;0;0\n",
          shape(4, 3, "名称", notes=["delimiter: ';' with decimal comma"],
                values={"x": [1.5, 0.3, 3.1, 1234.5], "z": [-0.5, 2.75, 1.1, 0.0]}))
    write("sep_line.csv", "sep=;\nname;a;b\nx;1,5;2\ny;3;4\nz;5;6\n",
          shape(3, 2, "name", notes=["sep=;"], values={"a": [1.5, 3, 5]}))
    write("sep_line_comma.csv", '"sep=,"\nname,a,b\nx,1,2\ny,3,4\n', shape(2, 2, "name"))
    write("quoted_newlines.csv", table([["name", "x", "y"], ["line one\nline two", 1, 2],
                                        ['He said "hi"', 3, 4], ["a,b", 5, 6]]),
          shape(3, 2, "name", labels=["line one\nline two", 'He said "hi"', "a,b"]))
    write("trailing_delimiter.csv", "name,x,y\na,1,2,\nb,3,4,\nc,5,6,\n",
          shape(3, 2, "name", notes=["extra ','"]))
    write("trailing_delimiter_header.csv", "name,x,y,\na,1,2,\nb,3,4,\nc,5,6,\n",
          shape(3, 2, "name", notes=["empty column"]))
    write("extra_field_every_row.csv", "x,y,z\nr1,1,2,3\nr2,4,5,6\nr3,7,8,1\nr4,2,2,2\n",
          shape(4, 3, "Unnamed: 0", notes=["unnamed column"], values={"x": [1, 4, 7, 2]}))
    write("empty_rows.csv", "name,x,y\na,1,2\n,,\nb,3,4\n,,\nc,5,6\n",
          shape(3, 2, "name", notes=["skipped 2 empty rows"]))
    write("blank_lines.csv", "name,x,y\n\na,1,2\n   \nb,3,4\n\n\nc,5,6\n\n",
          shape(3, 2, "name", notes=["holding only spaces"]))


def broken_files() -> None:
    write("empty.csv", b"", error("InputError", "empty"))
    write("whitespace_only.csv", "\n  \n\t\n", error("InputError", "empty"))
    write("bom_only.csv", b"\xef\xbb\xbf", error("InputError", "empty"))
    write("header_only.csv", "name,x,y\n", error("InputError", "no data rows"))
    write("sep_line_only.csv", "sep=;\n", error("InputError", "no rows"))
    write("ragged_long.csv", "name,x,y\na,1,2\nb,3,4,5\nc,5,6\n", error("InputError", "row 2 (line 3) has 4 fields"))
    write("ragged_short.csv", "name,x,y\na,1,2\nb,3\nc,5,6\nd,1,1\n",
          error("InputError", "row 2 (line 3) has 2 fields"))
    write("ragged_after_quotes.csv", 'name,x,y\n"a\nb",1,2\nc,3,4,5\n', error("InputError", "row 2 (line 4) has 4"))
    write("unclosed_quote.csv", 'name,x,y\na,1,2\n"b,3,4\nc,5,6\n', error("InputError", "never closed"))
    write("text_only.csv", "name,colour\napple,red\npear,green\nplum,purple\n",
          error("DataError", "no numeric column"))
    write("json_file.json", '[{"a": 1, "b": 2}, {"a": 3, "b": 4}]', shape(2, 2, None, notes=["JSON: 2 records"]))
    rng = random.Random(7)
    write("binary_garbage.bin", bytes(rng.randrange(256) for _ in range(3000)), error("InputError", "text table"))
    write("binary_garbage.csv", bytes(rng.randrange(256) for _ in range(500)), error("InputError", "text table"))
    write("png_image.csv", b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(200)),
          error("InputError", "PNG"))
    write("nul_bytes.csv", b"name,x\n" + b"a\x00\x00\x00,1\n" * 20 + b"\x00" * 200, error("InputError", "text table"))
    write("gzip_file.csv", b"\x1f\x8b\x08\x00" + bytes(40), error("InputError", "gzip"))
    write("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), error("InputError", "old Office"))
    write("fake.xlsx", "name,x\na,1\n", error("InputError", "not a workbook"))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("inner.csv", "a,b\n1,2\n")
    write("archive.zip", stable_zip(buf.getvalue()), error("InputError", "zip archive"))


def numbers() -> None:
    write("special_values.csv", table([
        ["name", "huge", "tiny", "odd"],
        ["a", "1e39", "1e-30", "inf"], ["b", "1e200", "-1e-300", "-inf"], ["c", "1e308", "0", "nan"],
        ["d", "-1e308", "5e-324", "NaN"], ["e", "1.7976931348623157e308", "1e-30", "1e400"], ["f", "1", "2", "3"]]),
        shape(6, 3, "name", notes=["infinite", "count as missing"],
              values={"huge": [1e39, 1e200, 1e308, -1e308, 1.7976931348623157e308, 1],
                      "tiny": [1e-30, -1e-300, 0, 5e-324, 1e-30, 2], "odd": [None, None, None, None, None, 3]},
              picture_error="at least 2 rows"))
    write("unicode_minus.csv", "name,x,y\na,−3,１２\nb,−0.5,２.５\nc, 4 ,－1\n",
          shape(3, 2, "name", notes=["full-width"], values={"x": [-3, -0.5, 4], "y": [12, 2.5, -1]}))
    write("thousands.csv", 'name,pop,x\na,"1,234",1\nb,"1,234,567.5",2\nc,12,3\n',
          shape(3, 2, "name", notes=["thousands"], values={"pop": [1234, 1234567.5, 12]}))
    write("percent.csv", "name,rate,x\na,10%,1\nb,55.5%,2\nc,0%,3\nd,100 %,4\n",
          shape(4, 2, "name", notes=["percentages"], values={"rate": [0.1, 0.555, 0, 1]}))
    write("missing_tokens.csv", "name,x,y\na,1,2\nb,NA,3\nc,,4\nd,null,5\ne,-,6\nf,N/A,7\ng,7,8\n",
          shape(7, 2, "name", notes=["5 empty or NA cells"], values={"x": [1, None, None, None, None, None, 7]}))
    rows = [["name", "x", "y"]] + [[f"item {i}", i * 0.5, (i * 7) % 11] for i in range(1, 21)]
    rows[7][1] = "abc"
    write("mixed_bad_cells.csv", table(rows), shape(20, 2, "name", notes=["row 7 'abc'"]))
    write("mostly_text_column.csv", "name,code,x\na,1,1\nb,x2,2\nc,y3,3\nd,4,4\n",
          shape(4, 1, "name", notes=["text columns not used"]))
    write("number_forms.csv", "name,x\na,+5\nb,.5\nc,5.\nd,-0\ne,1E5\nf,99999999999999999999999\n",
          shape(6, 1, "name", values={"x": [5, 0.5, 5, 0, 1e5, 1e23]}))
    write("all_missing_column.csv", "name,x,y\na,NA,1\nb,NA,2\nc,,3\n", shape(3, 1, "name"))
    write("identical_rows.csv", "name,x,y,z\nsame,1,2,3\nsame,1,2,3\nsame,1,2,3\nsame,1,2,3\nsame,1,2,3\n",
          shape(5, 3, None, picture_error="identical"))
    write("zero_vectors.csv", "name,x,y,z\nzero,0,0,0\nalso zero,0.0,-0,0e5\none,1,0,0\ntwo,0,2,0\n",
          shape(4, 3, "name"))
    write("single_column_numbers.csv", "x\n1.5\n2.5\n3.5\n", shape(3, 1, None))
    header = ["name"] + [f"f{j}" for j in range(5000)]
    rng = random.Random(5000)
    rows = [header] + [[f"row {i}"] + [f"{rng.random():.4f}" for _ in range(5000)] for i in range(5)]
    write("wide_5000.csv", table(rows), shape(5, 5000, "name"))
    write("headerless_numbers.csv", "0.1,0.2,0.3\n0.4,0.5,0.6\n0.7,0.8,0.9\n",
          shape(3, 3, None, notes=["no header line"], values={"dim_1": [0.1, 0.4, 0.7]}))
    write("headerless_one_line.csv", "0.1,0.2,0.3\n", shape(1, 3, None, picture_error="at least 2 rows"))
    write("numeric_header.csv", "0,1,2\n0.5,0.25,0.125\n1.5,1.25,1.125\n2.5,2.25,2.125\n", shape(3, 3, None))
    write("glove.txt", "the 0.418 0.24968 -0.41242\n, 0.013441 0.23682 -0.16899\nof 0.70853 0.57088 -0.4716\n"
          "to 0.68047 -0.039263 0.30186\n", shape(4, 3, "label", labels=["the", ",", "of", "to"]))


def roles() -> None:
    write("duplicate_columns.csv", "name,a,a,b,b,b\nx,1,2,3,4,5\ny,6,7,8,9,10\nz,1,1,1,1,1\n",
          shape(3, 5, "name", notes=["'a' -> 'a_2'", "'b' -> 'b_3'"]))
    write("id_column.csv", "id,name,x,y\n" + "".join(f"{i},item {i},{i * 0.3:.1f},{10 - i}\n" for i in range(1, 8)),
          shape(7, 2, "name", notes=["'id' is not a feature"]))
    write("row_number_column.csv", "n,name,x\n" + "".join(f"{i},w{i},{(i * 7) % 5}\n" for i in range(0, 8)),
          shape(8, 1, "name", notes=["like a row number"]))
    write("unnamed_index.csv", ",name,x,y\n0,a,1.5,2\n1,b,2.5,3\n2,c,3.5,1\n",
          shape(3, 2, "name", notes=["'Unnamed: 0' is not a feature"]))
    write("bool_category.csv", "name,flag,group,x\n" + "".join(
        f"item{i},{'true' if i % 2 else 'false'},{'g' + str(i % 3)},{i}.5\n" for i in range(12)),
        shape(12, 1, "name", categories=["flag", "group"]))
    write("label_named.csv", "code,title,x\nA,first,1\nB,second,2\nC,third,3\n", shape(3, 1, "title"))
    write("dates_column.csv", "name,when,x\n" + "".join(f"{c},2024-0{i % 2 + 1}-01,{i * 7 % 5}\n"
                                                         for i, c in enumerate("abcdef")),
          shape(6, 1, "name", categories=["when"]))


def hostile_labels() -> None:
    html = ['<img src=x onerror=alert(1)>', '<a href="javascript:alert(1)">x</a>', '<a href="%">',
            '<div style="position:fixed;top:0;left:0;width:100%;height:100%;background:red">overlay</div>',
            "<script>alert('x')</script>", "&lt;b&gt;bold&amp;", "</td></tr></table>"]
    write("html_labels.csv", table([["name", "x", "y"]] + [[h, i + 0.5, i % 3] for i, h in enumerate(html)]),
          shape(len(html), 2, "name", labels=html))
    templates = ["%{hovertext}", "{{x}}", "${x}", "%{customdata[0]}", "{0}", "<b>%{x}</b>", "%s%s%s%n", "{__class__}"]
    write("template_labels.csv", table([["name", "x", "y"]] + [[t, i + 0.5, -i] for i, t in enumerate(templates)]),
          shape(len(templates), 2, "name", labels=templates))
    formulas = ["=1+2", "+cmd|' /C calc'!A0", "-2", "@SUM(1+1)", "\t=1+2", "=HYPERLINK(\"http://x\",\"y\")", "-1+1"]
    write("formula_labels.csv", table([["name", "x", "y"]] + [[f, i + 0.5, 1] for i, f in enumerate(formulas)]),
          shape(len(formulas), 2, "name", labels=formulas))
    nas = ["NA", "None", "null", "nan", "N/A", "NaN", ""]
    write("na_labels.csv", table([["name", "x", "y"]] + [[v, i + 0.5, i * 2] for i, v in enumerate(nas)]),
          shape(len(nas), 2, "name", labels=nas))
    controls = ["bell\x07", "\x1b[31mred\x1b[0m", "vt\x0bff\x0c", "del\x7f", "rtl\u202eevil", "zero\u200bwidth",
                "emoji 😀", "combining e\u0301"]
    write("control_chars.csv", table([["name", "x", "y"]] + [[c, i + 0.5, 1] for i, c in enumerate(controls)]),
          shape(len(controls), 2, "name", labels=controls))
    long = ["L" * 20_000, "M" * 200_000, "短" * 5000]
    write("long_labels.csv", table([["name", "x", "y"]] + [[s, i, 1] for i, s in enumerate(long)]),
          shape(3, 2, "name", labels=long))


def vectors() -> None:
    write("vector_cell.csv", '词,向量\n机器学习,"[0.2, 0.5, 0.8]"\n深度学习,"[0.25, 0.55, 0.75]"\n空,\n'
          '苹果,"(0.9; 0.1; 0.2)"\n',
          shape(4, 3, "词", notes=["expanded"], values={"向量_1": [0.2, 0.25, None, 0.9]}))
    write("vector_cell_space.csv", "word,vec,x\na,0.2 0.5 0.8,1\nb,0.1 -0.2 1e-3,2\nc,[1 2 3],3\n",
          shape(3, 4, "word", values={"vec_2": [0.5, -0.2, 2]}))
    write("vector_cell_unequal.csv", 'w,v\na,"[1, 2, 3]"\nb,"[1, 2, 3]"\nc,"[1, 2]"\n',
          error("InputError", "row 3 holds 2"))
    write("vector_cell_bad.csv", 'w,v\na,"[1, 2, 3]"\nb,"[1, 2, 3]"\nc,"[1, 2, 3]"\nd,"[1, 2, 3]"\n'
          'e,"[1, 2, 3]"\nf,"[1, 2, 3]"\ng,"[1, 2, 3]"\nh,"[1, 2, 3]"\ni,"[1, 2, 3]"\nj,"[1, 2, 3]"\nk,"[1, x, 3]"\n',
          error("InputError", "row 11"))
    rng = random.Random(3)
    vecs = [[round(rng.uniform(-1, 1), 6) for _ in range(5)] for _ in range(10)]
    write("vectors.tsv", "".join("\t".join(map(str, v)) + "\n" for v in vecs),
          shape(10, 5, None, notes=["no header line"]))
    words = ["king", "queen", "man", "woman", '"quoted"', "a,b", "NA", "", "x\ty", "end"]
    write("metadata_one.tsv", "".join(w.replace("\t", " ") + "\n" for w in words),
          error("DataError", "no numeric column"))
    CASES["vectors.tsv + metadata_one.tsv"] = {
        "file": "vectors.tsv", "metadata": "metadata_one.tsv",
        "expect": shape(10, 5, "label", labels=[w.replace("\t", " ") for w in words])}
    pos = ["noun", "noun", "noun", "noun", "other", "other", "other", "other", "noun", "other"]
    write("metadata_multi.tsv", "word\tpos\tcount\n" + "".join(f"w{i}\t{p}\t{i * 10}\n" for i, p in enumerate(pos)),
          shape(10, 1, "word", categories=["pos"]))
    CASES["vectors.tsv + metadata_multi.tsv"] = {
        "file": "vectors.tsv", "metadata": "metadata_multi.tsv",
        "expect": shape(10, 5, "word", categories=["pos"], notes=["metadata: 3 columns"])}
    write("metadata_header_one.tsv", "word\n" + "".join(f"w{i}\n" for i in range(10)),
          error("DataError", "no numeric column"))
    CASES["vectors.tsv + metadata_header_one.tsv"] = {
        "file": "vectors.tsv", "metadata": "metadata_header_one.tsv",
        "expect": shape(10, 5, "word", notes=["read as the column name"])}
    write("metadata_wrong.tsv", "".join(f"w{i}\n" for i in range(8)), error("DataError", "no numeric column"))
    CASES["vectors.tsv + metadata_wrong.tsv"] = {
        "file": "vectors.tsv", "metadata": "metadata_wrong.tsv",
        "expect": error("InputError", "has 10 rows but the metadata file metadata_wrong.tsv has 8")}


def embedding_files() -> None:
    """Vectors as people save them: the tutorial's "label → [vector]" lines, JSON Lines, .npz, a pickled .npy."""
    import numpy as np

    words = {"机器学习": [0.2, 0.5, 0.8], "深度学习": [0.25, 0.55, 0.75], "人工智能": [0.3, 0.4, 0.9],
             "苹果": [0.9, 0.1, 0.2], "香蕉": [0.85, 0.15, 0.1], "汽车": [0.1, 0.9, 0.3]}
    labels = list(words)
    write("words_arrow.txt", "".join(f'"{w}" → {v}\n' for w, v in words.items()),
          shape(6, 3, "label", notes=["'label → [vector]'"], labels=labels,
                values={"dim_1": [v[0] for v in words.values()]}))
    write("words.jsonl", "".join(json.dumps({"id": i, "text": w, "topic": "tech" if i < 3 else "thing",
                                             "embedding": v}, ensure_ascii=False) + "\n"
                                 for i, (w, v) in enumerate(words.items())),
          shape(6, 3, "text", categories=["topic"], notes=["JSON Lines: 6 records"], labels=labels,
                values={"embedding_3": [v[2] for v in words.values()]}))
    buf = io.BytesIO()
    np.savez(buf, embeddings=np.array(list(words.values()), dtype=np.float32), labels=np.array(labels))
    write("words.npz", stable_zip(buf.getvalue()), shape(6, 3, "labels", notes=["NumPy .npz"], labels=labels))
    buf = io.BytesIO()
    np.save(buf, np.array([{"vector": [0.1, 0.2]}, "text"], dtype=object), allow_pickle=True)
    write("pickled_objects.npy", buf.getvalue(), error("InputError", "Python objects"))


def binary_formats() -> None:
    import openpyxl
    import pyarrow as pa
    import pyarrow.parquet as pq

    t = pa.table({
        "name": ["a", "b", "c", "d", None],
        "kind": pa.array(["x", "y", "x", "y", "x"]).dictionary_encode(),
        "f1": [1.5, 2.5, None, 4.5, float("nan")],
        "f2": pa.array([3, 1, 4, 1, 5], pa.int64()),
        "flag": [True, False, True, False, True],
        "when": pa.array([datetime.date(2024, 1, d) for d in range(1, 6)]),
        "emb": pa.array([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6], None, [0.9, 1.0]], pa.list_(pa.float32())),
    })
    buf = io.BytesIO()
    pq.write_table(t, buf)
    write("table.parquet", buf.getvalue(), shape(5, 4, "name", categories=["kind", "flag"]))
    write("truncated.parquet", buf.getvalue()[: len(buf.getvalue()) // 2], error("InputError", "Parquet"))
    write("not_parquet.parquet", "name,x\na,1\n", error("InputError", "not one"))

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "data"
    sheet.append(["name", "x", "y", "when"])
    for i in range(11):
        sheet.append([f"item {i}", i * 1.5, (i * 3) % 7, datetime.datetime(2024, 1, 1 + i)])
    sheet.append(["=1+2", 2, "text", None])
    book.create_sheet("other").append(["ignored", 1])
    book.properties.created = book.properties.modified = datetime.datetime(2024, 1, 1)
    buf = io.BytesIO()
    book.save(buf)
    write("table.xlsx", stable_zip(buf.getvalue()), shape(12, 2, "name", notes=["first of 2 sheets", "row 12 'text'"],
                                              values={"x": [i * 1.5 for i in range(11)] + [2]}))


def main(out: Path = HERE) -> None:
    global OUT
    OUT = out
    CASES.clear()
    for old in OUT.iterdir():
        if old.name not in ("make_corpus.py", "__init__.py") and old.is_file():
            old.unlink()
    for make in (encodings_and_delimiters, excel_habits, broken_files, numbers, roles, hostile_labels, vectors,
                 embedding_files, binary_formats):
        make()
    (OUT / "EXPECTED.json").write_text(json.dumps(CASES, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
    print(f"{len(CASES)} cases written to {OUT}")
