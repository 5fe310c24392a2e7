"""ingest.read_table and roles: formats, encodings, number rules, roles, errors, fuzzing."""
from __future__ import annotations

import importlib.util
import io
import json
import math
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import pandas as hpd
from explorer.errors import DataError, ExplorerError, InputError
from explorer.ingest import SAMPLES, load_sample, read_table
from explorer.table.cells import parse_cell
from explorer.table.feature_table import FeatureTable

TESTS = Path(__file__).resolve().parent
CORPUS = TESTS / "corpus"
CASES = json.loads((CORPUS / "EXPECTED.json").read_text(encoding="utf-8"))


def read(text: str | bytes, filename: str = "t.csv", **kwargs) -> FeatureTable:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return read_table(data, filename=filename, **kwargs)


def has_note(table: FeatureTable, fragment: str) -> bool:
    return any(fragment in note for note in table.notes)


def column(table: FeatureTable, name: str) -> list:
    return [None if isinstance(v, float) and math.isnan(v) else v for v in table.data[name].tolist()]


# ---------------------------------------------------------------- the corpus

@pytest.mark.parametrize("case", sorted(CASES))
def test_corpus_case(case):
    spec = CASES[case]
    expect = spec["expect"]
    kwargs = {"metadata": CORPUS / spec["metadata"]} if "metadata" in spec else {}
    try:
        table = read_table(CORPUS / spec["file"], **kwargs)
    except ExplorerError as exc:
        assert "internal error" not in str(exc)
        assert "error" in expect, f"unexpected {type(exc).__name__}: {exc}"
        assert type(exc).__name__ == expect["error"], str(exc)
        assert expect["match"] in str(exc)
        return
    assert "error" not in expect, f"expected {expect['error']}, read {table.data.shape}; notes: {table.notes}"
    assert (table.n_rows, len(table.features), table.label) == (expect["rows"], expect["features"], expect["label"])
    assert table.values().shape == (expect["rows"], expect["features"])
    assert all(table.data[f].dtype == np.float64 for f in table.features)
    if "categories" in expect:
        assert table.categories == expect["categories"]
    for fragment in expect.get("notes", []):
        assert has_note(table, fragment), (fragment, table.notes)
    if "labels" in expect:
        assert table.labels() == expect["labels"]
    for name, values in expect.get("values", {}).items():
        assert column(table, name) == values


def test_every_corpus_file_has_a_case():
    files = {p.name for p in CORPUS.iterdir() if p.is_file()} - {"make_corpus.py", "EXPECTED.json"}
    used = {c["file"] for c in CASES.values()} | {c["metadata"] for c in CASES.values() if "metadata" in c}
    assert files == used
    assert len(files) >= 40


def test_corpus_generator_reproduces_the_committed_files(tmp_path):
    subprocess.run([sys.executable, str(CORPUS / "make_corpus.py"), str(tmp_path)], check=True, capture_output=True)
    for path in tmp_path.iterdir():
        assert path.read_bytes() == (CORPUS / path.name).read_bytes(), path.name


# ---------------------------------------------------------------- samples

def test_samples_exist_and_read():
    assert set(SAMPLES) >= {"movies", "words", "iris", "wine", "digits"}
    shapes = {"movies": (3, 4), "words": (6, 3), "iris": (150, 4), "wine": (178, 13), "digits": (1797, 64)}
    for name, shape in shapes.items():
        table = load_sample(name)
        assert table.values().shape == shape
        assert np.isfinite(table.values()).all()
        assert table.label is not None
    assert load_sample("iris").categories == ["species"]
    assert load_sample("wine").categories == ["cultivar"]
    assert load_sample("digits").categories == ["digit"]
    assert sorted(set(load_sample("iris").data["species"])) == ["setosa", "versicolor", "virginica"]


def test_movies_sample_is_the_tutorial_table():
    table = load_sample("movies")
    assert SAMPLES["movies"].read_text(encoding="utf-8") == (
        "电影,动作,喜剧,爱情,科幻\n电影A,0.9,0.1,0.2,0.8\n电影B,0.2,0.8,0.9,0.1\n电影C,0.7,0.3,0.4,0.6\n")
    assert table.labels() == ["电影A", "电影B", "电影C"]
    assert table.features == ["动作", "喜剧", "爱情", "科幻"]
    assert table.notes == ["label column: '电影'", "features: 4 numeric columns (动作, 喜剧, 爱情, 科幻)"]
    a, b, c = table.values()

    def cosine(u, v):
        return float(u @ v / np.linalg.norm(u) / np.linalg.norm(v))

    # the tutorial's exercise: cos(电影A, 电影C) = 0.9498, cos(电影A, 电影B) = 0.3467
    assert round(cosine(a, c), 4) == 0.9498
    assert round(cosine(a, b), 4) == 0.3467


def test_words_sample_vectors_are_exact():
    table = load_sample("words")
    assert table.features == ["向量_1", "向量_2", "向量_3"]
    assert table.labels()[0] == "机器学习"
    assert table.values()[0].tolist() == [0.2, 0.5, 0.8]
    assert dict(zip(table.labels(), table.values().tolist()))["深度学习"] == [0.3, 0.6, 0.7]
    assert table.categories == ["来源"]  # 教程 (the tutorial's words) or 补充 (ours)


def test_unknown_sample():
    with pytest.raises(DataError, match="movies"):
        load_sample("nope")


# ---------------------------------------------------------------- sources, size

def test_sources_path_str_bytes_filelike(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("name,x\na,1.5\nb,2\n", encoding="utf-8")
    for source in (path, str(path), path.read_bytes(), bytearray(path.read_bytes()), io.BytesIO(path.read_bytes())):
        table = read_table(source, filename="m.csv")
        assert table.values().tolist() == [[1.5], [2.0]]
    assert read_table(path).source == "m.csv"


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="cannot open"):
        read_table(tmp_path / "nope.csv")
    with pytest.raises(InputError, match="not a file"):
        read_table(tmp_path)


def test_max_bytes(tmp_path):
    data = b"name,x\n" + b"a,1\n" * 1000
    with pytest.raises(InputError, match="over the limit"):
        read(data, max_bytes=100)
    path = tmp_path / "big.csv"
    path.write_bytes(data)
    with pytest.raises(InputError, match="over the limit of 100 bytes"):
        read_table(path, max_bytes=100)
    assert read(data, max_bytes=len(data)).n_rows == 1000


# ---------------------------------------------------------------- encodings and delimiters

@pytest.mark.parametrize("encoding, note", [("utf-8", None), ("utf-8-sig", None), ("gbk", "encoding guessed: gb18030"),
                                            ("gb18030", "encoding guessed: gb18030"), ("utf-16", "UTF-16")])
def test_encodings(encoding, note):
    text = "名称,甲,乙\n北京大学,1,2\n清华大学,3,4\n复旦大学,5,6\n浙江大学,7,8\n"
    table = read(text.encode(encoding))
    assert table.labels() == ["北京大学", "清华大学", "复旦大学", "浙江大学"]
    assert table.features == ["甲", "乙"]
    encoding_notes = [n for n in table.notes if "encoding" in n]
    assert encoding_notes == ([] if note is None else [encoding_notes[0]])
    if note:
        assert note in encoding_notes[0]


def test_strict_utf8_first():
    # Short UTF-8 text that a detector might call something else: it must stay UTF-8.
    table = read("word,x\nnaïve,1\ncafé,2\n".encode("utf-8"))
    assert table.labels() == ["naïve", "café"]
    assert not has_note(table, "encoding")


def test_undecodable_is_input_error():
    with pytest.raises(InputError):
        read(b"name,x\n" + bytes(range(128, 256)) * 3 + b",1\n")


@pytest.mark.parametrize("delimiter, name", [(",", "csv"), (";", "csv"), ("\t", "tsv"), ("|", "txt"), ("\t", "csv")])
def test_delimiters(delimiter, name):
    rows = [["name", "x", "y"], ["a, b", "1", "2"], ["c; d", "3", "4"], ["e|f", "5", "6"]]
    text = "\n".join(delimiter.join(f'"{c}"' if delimiter in c else c for c in row) for row in rows) + "\n"
    table = read(text, filename=f"t.{name}")
    assert table.labels() == ["a, b", "c; d", "e|f"]
    assert table.values().tolist() == [[1, 2], [3, 4], [5, 6]]


def test_semicolon_means_decimal_comma():
    table = read("name;x;y\na;1,5;2\nb;2,25;1.234,5\nc;3;4\n")
    assert column(table, "x") == [1.5, 2.25, 3]
    assert column(table, "y") == [2, 1234.5, 4]
    assert "delimiter: ';' with decimal comma" in table.notes


def test_decimal_comma_in_a_comma_file_when_unambiguous():
    table = read('name,x\na,"1,5"\nb,"2,25"\nc,3\n')
    assert column(table, "x") == [1.5, 2.25, 3]
    assert has_note(table, "decimal commas read")


def test_excel_sep_line():
    table = read("sep=|\nname|x\na|1\nb|2\n")
    assert table.labels() == ["a", "b"]
    assert has_note(table, "sep=|")


def test_quoted_newlines_and_quotes():
    table = read('name,x\n"two\nlines",1\n"say ""hi""",2\n')
    assert table.labels() == ["two\nlines", 'say "hi"']


# ---------------------------------------------------------------- pandas' traps

def test_na_like_labels_stay_text():
    table = read("name,x\nNA,1.5\nNone,2\nnull,3\nnan,4\n-,5\n")
    assert table.labels() == ["NA", "None", "null", "nan", "-"]
    assert table.data["name"].tolist() == ["NA", "None", "null", "nan", "-"]


def test_one_extra_field_is_an_error_with_the_line_not_an_index():
    with pytest.raises(InputError, match=r"row 3 \(line 4\) has 4 fields"):
        read("name,x,y\na,1,2\nb,3,4\nc,5,6,7\nd,7,8\n")
    with pytest.raises(InputError, match=r"row 1 \(line 2\) has 4 fields"):
        read("name,x,y\na,1,2,3\nb,3,4\n")


def test_every_row_one_extra_field_is_an_unnamed_first_column():
    table = read("x,y\nr1,1,2\nr2,3,4\nr3,5,6\n")
    assert table.data.columns.tolist() == ["Unnamed: 0", "x", "y"]
    assert table.labels() == ["r1", "r2", "r3"]
    assert has_note(table, "unnamed column")


def test_ragged_lists_several_rows_and_counts():
    bad = "name,x,y\n" + "".join("a,1,2\n" if i % 3 else "b,1\n" for i in range(30))
    with pytest.raises(InputError) as info:
        read(bad)
    message = str(info.value)
    assert "row 1 (line 2) has 2 fields" in message and "more rows" in message


# ---------------------------------------------------------------- numbers

@pytest.mark.parametrize("cell, value, status", [
    ("1,234", 1234, "ok"), ("1,234,567.25", 1234567.25, "ok"), ("10%", 0.1, "ok"), ("−3", -3, "ok"),
    ("１２.５", 12.5, "ok"), ("  7 ", 7, "ok"), ("\u30004\u3000", 4, "ok"), ("1e300", 1e300, "ok"),
    ("-1E-5", -1e-5, "ok"), ("", None, "missing"), ("NA", None, "missing"), ("nan", None, "missing"),
    ("null", None, "missing"), ("-", None, "missing"), ("inf", None, "infinite"), ("1e999", None, "infinite"),
    ("abc", None, "bad"), ("1_000", None, "bad"), ("0x10", None, "bad"), ("1.2.3", None, "bad")])
def test_parse_cell(cell, value, status):
    got, got_status, _ = parse_cell(cell)
    assert got_status == status
    assert (math.isnan(got) if value is None else got == pytest.approx(value, rel=1e-15))


def test_numeric_column_conversions_and_notes():
    table = read('name,n\na,"1,234"\nb,10%\nc,−3\nd,５\ne, 6 \nf,NA\ng,\nh,inf\ni,1e300\nj,7\n'
                 "k,8\nl,9\n")
    assert column(table, "n") == [1234, 0.1, -3, 5, 6, None, None, None, 1e300, 7, 8, 9]
    assert has_note(table, "percentages read as fractions ('10%' -> 0.1)")
    assert has_note(table, "thousands separators removed")
    assert has_note(table, "2 empty or NA cells count as missing (rows 6, 7)")
    assert has_note(table, "1 infinite or overflowing value counts as missing: row 8 'inf'")


def test_bad_cells_in_a_numeric_column_are_named():
    rows = "".join(f"w{i},{i * 1.5}\n" for i in range(1, 30))
    table = read("name,x\n" + rows + "w30,oops\n")
    assert column(table, "x")[-1] is None
    assert has_note(table, "1 cell is not a number and counts as missing: row 30 'oops'")


def test_mostly_text_column_stays_text():
    table = read("name,code,x\na,1,1.5\nb,B2,2.5\nc,C3,3.5\nd,D4,4.5\n")
    assert table.features == ["x"]
    assert table.data["code"].tolist() == ["1", "B2", "C3", "D4"]


def test_huge_values_are_read_not_judged():
    table = read("name,x\na,1e300\nb,-1e308\nc,1e-300\n")
    assert column(table, "x") == [1e300, -1e308, 1e-300]


# ---------------------------------------------------------------- TF Projector, vectors in a cell

def test_projector_vectors_and_metadata(tmp_path):
    vectors = "0.1\t0.2\t0.3\n0.4\t0.5\t0.6\n0.7\t0.8\t0.9\n"
    table = read(vectors, filename="vectors.tsv")
    assert table.n_rows == 3 and table.features == ["dim_1", "dim_2", "dim_3"] and table.label is None
    assert has_note(table, "no header line")
    one = read(vectors, filename="vectors.tsv", metadata=b"king\nqueen\nNA\n", metadata_filename="metadata.tsv")
    assert one.label == "label" and one.labels() == ["king", "queen", "NA"]
    multi = read(vectors, filename="vectors.tsv", metadata="word\tpos\nking\tnoun\nrun\tverb\nqueen\tnoun\n".encode(),
                 metadata_filename="metadata.tsv")
    assert multi.label == "word" and multi.labels() == ["king", "run", "queen"]
    assert multi.data["pos"].tolist() == ["noun", "verb", "noun"]
    with pytest.raises(InputError, match="has 3 rows but the metadata file metadata.tsv has 2"):
        read(vectors, filename="vectors.tsv", metadata=b"a\nb\n", metadata_filename="metadata.tsv")


def test_vector_cells():
    table = read('词,向量\n机器学习,"[0.2, 0.5, 0.8]"\n苹果,"[0.9,0.1,0.2]"\n汽车,0.1 0.9 0.3\n')
    assert table.features == ["向量_1", "向量_2", "向量_3"]
    assert table.values().tolist() == [[0.2, 0.5, 0.8], [0.9, 0.1, 0.2], [0.1, 0.9, 0.3]]
    numpy_style = read('w,v\na,"[0.1  0.2\n 0.3]"\nb,"[1e-3 -2. 3]"\n')
    assert numpy_style.values().tolist() == [[0.1, 0.2, 0.3], [0.001, -2.0, 3.0]]
    with pytest.raises(InputError, match="row 2 holds 2"):
        read('w,v\na,"[1, 2, 3]"\nb,"[1, 2]"\n')


def test_vector_column_in_features_and_exclude():
    text = 'w,v,x\na,"[1, 2]",5\nb,"[3, 4]",6\n'
    assert read(text, features=["v"]).features == ["v_1", "v_2"]
    assert read(text, exclude=["v_2"]).features == ["v_1", "x"]
    excluded = read('w,v,x\na,"[1, 2]",5\nb,"[3]",6\n', exclude=["v"])  # the bad vector is never parsed
    assert excluded.features == ["x"]


# ---------------------------------------------------------------- roles

def test_roles_label_categories_features():
    rows = "".join(f"item {i},{'red' if i % 2 else 'blue'},{'yes' if i % 3 else 'no'},{i * 0.5},{i % 4}\n"
                   for i in range(12))
    table = read("name,colour,ok,x,y\n" + rows)
    assert table.label == "name"
    assert table.categories == ["colour", "ok"]
    assert table.features == ["x", "y"]
    assert "label column: 'name'" in table.notes
    assert "categories: 'colour', 'ok'" in table.notes


def test_label_prefers_a_named_column():
    table = read("code,title,x\nA1,first,1.5\nB2,second,2.5\nC3,third,3.5\n")
    assert table.label == "title"


def test_no_label_column():
    table = read("x,y\n1.5,2\n2.5,3\n")
    assert table.label is None
    assert table.labels() == ["row 1", "row 2"]
    assert has_note(table, "no label column")


@pytest.mark.parametrize("header, values", [("id", "7,3,9,1,4"), ("Unnamed: 0", "0,1,2,3,4"), ("", "0,1,2,3,4"),
                                            ("n", "1,2,3,4,5"), ("n", "0,1,2,3,4")])
def test_id_columns_are_not_features(header, values):
    cells = values.split(",")
    table = read(f"{header},name,x\n" + "".join(f"{c},w{i},{i * 0.5 + 0.25}\n" for i, c in enumerate(cells)))
    assert table.features == ["x"]
    assert has_note(table, "is not a feature")


def test_overrides():
    text = "name,other,x,y,z\na,p,1,2,3\nb,q,4,5,6\nc,r,7,8,9.5\n"
    assert read(text, label="other").label == "other"
    assert read(text, features=["z", "x"]).features == ["z", "x"]
    table = read(text, exclude=["y", "name"])
    assert table.features == ["x", "z"] and table.label == "other"
    assert read(text, label="x").features == ["y", "z"]
    assert read(text, label="x").labels() == ["1", "4", "7"]


@pytest.mark.parametrize("kwargs", [{"label": "nope"}, {"features": ["x", "nope"]}, {"exclude": ["nope"]}])
def test_unknown_override_names_list_the_columns(kwargs):
    with pytest.raises(DataError, match=r"unknown column 'nope'.*'name', 'x', 'y'"):
        read("name,x,y\na,1,2\nb,3,4\n", **kwargs)


def test_text_column_as_feature_is_refused():
    with pytest.raises(DataError, match="holds text"):
        read("name,x\na,1\nb,2\n", features=["name"])


def test_duplicate_names_are_made_unique():
    table = read("a,a,name,b,a\n1,2,x,3,4\n5,6,y,7,8\n")
    assert table.data.columns.tolist() == ["a", "a_2", "name", "b", "a_3"]
    assert has_note(table, "'a' -> 'a_2'")


# ---------------------------------------------------------------- errors

@pytest.mark.parametrize("data, kind, fragment", [
    (b"", InputError, "empty"), (b"\n\n  \n", InputError, "empty"), (b"name,x\n", InputError, "no data rows"),
    (b"name,colour\na,red\nb,blue\n", DataError, "no numeric column"),
    (bytes(range(256)) * 4, InputError, "text table"), (b"PAR1garbagePAR1", InputError, "Parquet"),
    (b"PK\x03\x04garbage", InputError, "Excel")])
def test_errors(data, kind, fragment):
    with pytest.raises(kind, match=fragment):
        read(data)


def test_unreadable_parquet_and_xlsx_by_name():
    with pytest.raises(InputError, match="Parquet"):
        read(b"name,x\na,1\n", filename="t.parquet")
    with pytest.raises(InputError, match="Excel"):
        read(b"name,x\na,1\n", filename="t.xlsx")


def test_parquet_types():
    table = pa.table({"name": ["a", "b", "c"], "n": pa.array([3, 1, 2], pa.int32()), "f": [0.5, None, 1.5],
                      "emb": pa.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], pa.list_(pa.float64()))})
    buf = io.BytesIO()
    pq.write_table(table, buf)
    got = read(buf.getvalue(), filename="t.parquet")
    assert got.features == ["n", "f", "emb_1", "emb_2"]
    assert got.values()[:, 2:].tolist() == [[1, 2], [3, 4], [5, 6]]
    assert has_note(got, "1 empty or NA cell")


def test_xlsx_cells():
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["name", "x", "y"])
    sheet.append(["NA", 1.5, 2])
    sheet.append(["TRUE", 2.5, None])
    buf = io.BytesIO()
    book.save(buf)
    table = read(buf.getvalue(), filename="t.xlsx")
    assert table.labels() == ["NA", "TRUE"]
    assert column(table, "y") == [2, None]


# ---------------------------------------------------------------- properties and fuzzing

@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000), st.sampled_from(["t.csv", "t.tsv", "t.txt", "t.parquet", "t.xlsx", "t"]))
def test_arbitrary_bytes_raise_only_explorer_errors(data, filename):
    try:
        read_table(data, filename=filename)
    except ExplorerError as exc:
        assert "internal error" not in str(exc)


frames = hpd.data_frames(
    columns=[hpd.column("label", elements=st.text(max_size=12)), hpd.column("a", dtype=float),
             hpd.column("b", dtype=int),
             hpd.column("c", elements=st.one_of(st.text(max_size=8), st.floats(), st.none())),
             hpd.column("flag", dtype=bool)],
    index=hpd.range_indexes(max_size=15))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frames, st.booleans(), st.sampled_from([",", ";", "\t", "|"]))
@pytest.mark.slow
def test_written_frames_raise_only_explorer_errors(frame, index, sep):
    data = frame.to_csv(index=index, sep=sep).encode("utf-8")
    try:
        table = read_table(data, filename="frame.csv")
    except ExplorerError as exc:
        assert "internal error" not in str(exc)
        return
    assert table.n_rows <= len(frame)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hpd.data_frames(columns=[hpd.column("label", elements=st.text("abcxyz ", min_size=1).map("w{}".format)),
                                hpd.column("a", elements=st.floats(allow_nan=False, allow_infinity=False)),
                                hpd.column("b", elements=st.floats(allow_nan=False, allow_infinity=False))],
                       index=hpd.range_indexes(min_size=1, max_size=15)))
def test_floats_round_trip_exactly(frame):
    table = read(frame.to_csv(index=False), label="label", features=["a", "b"])
    assert table.values().tolist() == frame[["a", "b"]].to_numpy().tolist()
    assert table.labels() == frame["label"].tolist()


@pytest.mark.slow
def test_fuzz_briefly():
    spec = importlib.util.spec_from_file_location("fuzz_readers", TESTS / "fuzz_readers.py")
    fuzz = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fuzz)
    stats = fuzz.run(seconds=4, seed=12345)
    assert stats["runs"] > 100
    assert not stats["failures"], stats["failures"][0][1]


# ---------------------------------------------------------------- size

def test_a_few_megabytes_read_quickly(tmp_path):
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(rng.standard_normal((40_000, 10)).round(6), columns=[f"f{i}" for i in range(10)])
    frame.insert(0, "name", [f"item {i}" for i in range(len(frame))])
    path = tmp_path / "big.csv"
    frame.to_csv(path, index=False)
    import time
    start = time.perf_counter()
    table = read_table(path)
    assert time.perf_counter() - start < 3
    assert table.values().shape == (40_000, 10)
    assert np.array_equal(table.values(), frame.iloc[:, 1:].to_numpy())


@pytest.mark.slow
def test_memory_stays_near_a_few_times_the_file(tmp_path):
    path = tmp_path / "big.csv"
    rng = np.random.default_rng(1)
    with open(path, "w") as f:
        f.write("name," + ",".join(f"f{j}" for j in range(20)) + "\n")
        for start in range(0, 200_000, 50_000):
            block = rng.standard_normal((50_000, 20))
            f.write("".join(f"item {start + i}," + ",".join(f"{v:.6f}" for v in row) + "\n"
                            for i, row in enumerate(block)))
    script = textwrap.dedent(f"""
        import resource, explorer.ingest as r
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t = r.read_table({str(path)!r})
        print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) * 1024)
    """)
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True)
    assert int(out.stdout.strip()) < 4.5 * path.stat().st_size
