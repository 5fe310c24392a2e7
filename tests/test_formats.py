"""Embedding files that are not CSV: JSON, JSON Lines, .npy/.npz, "label → [vector]" lines (explorer/ingest/)."""
from __future__ import annotations

import io
import json
import pickle
import zipfile

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.metrics.pairwise import cosine_similarity
from explorer.ingest import detect, json_files, records
from explorer.cli import main
from explorer.errors import ExplorerError, InputError
from explorer.words import localise
from explorer.ingest import read_table
from conftest import ROOT

# The tutorial's word vectors (data/words.csv).
WORDS = {"机器学习": [0.2, 0.5, 0.8], "深度学习": [0.3, 0.6, 0.7], "人工智能": [0.4, 0.7, 0.6],
         "苹果": [0.9, 0.1, 0.2], "香蕉": [0.85, 0.15, 0.1], "汽车": [0.1, 0.9, 0.3]}
LABELS = list(WORDS)
X = np.array(list(WORDS.values()))


def npy(array: np.ndarray, **kwargs) -> bytes:
    buf = io.BytesIO()
    np.save(buf, array, **kwargs)
    return buf.getvalue()


def npz(**arrays) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


def arrow_lines(sep: str, quote: str = '"') -> bytes:
    return "".join(f"{quote}{w}{quote}{sep}[{', '.join(map(str, v))}]\n" for w, v in WORDS.items()).encode()


RECORDS = [{"text": w, "embedding": v} for w, v in WORDS.items()]
JSONL = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS).encode()

# name -> (bytes, filename, labels expected: True for the words, False for row numbers)
LABELLED = {
    "arrow": (arrow_lines(" → "), "words.txt"),
    "arrow ascii": (arrow_lines(" -> ", ""), "words.txt"),
    "fat arrow": (arrow_lines(" => ", ""), "words"),
    "colon": (arrow_lines(": "), "words.txt"),
    "full-width colon, curly quotes": ("".join(f"“{w}”：[{', '.join(map(str, v))}]\n"
                                               for w, v in WORDS.items()).encode(), "words.txt"),
    "equals": (arrow_lines(" = ", ""), "words.txt"),
    "tab": (arrow_lines("\t", ""), "words.tsv"),
    "spaces": (arrow_lines("  ", ""), "words.txt"),
    "python dict lines": (b"{\n" + arrow_lines(": ", "'").replace(b"]\n", b"],\n") + b"}\n", "words.txt"),
    "dict json": (json.dumps(WORDS, ensure_ascii=False).encode(), "words.json"),
    "dict json, no extension": (json.dumps(WORDS, ensure_ascii=False, indent=2).encode(), "upload"),
    "records json": (json.dumps(RECORDS, ensure_ascii=False).encode(), "words.json"),
    "records with extra fields": (json.dumps([{"id": f"w{i}", "word": r["text"], "vector": r["embedding"],
                                              "kind": "tech" if i < 3 else "thing"}
                                             for i, r in enumerate(RECORDS)], ensure_ascii=False).encode(), "w.json"),
    "jsonl": (JSONL, "words.jsonl"),
    "jsonl named .txt": (JSONL, "words.txt"),
    "jsonl with blank lines and CRLF": (JSONL.replace(b"\n", b"\r\n\r\n"), "words.jsonl"),
    "jsonl, utf-16": ("\ufeff".encode("utf-16-le") + JSONL.decode().encode("utf-16-le"), "words.jsonl"),
    "openai response": (json.dumps({"object": "list", "model": "m", "usage": {"total_tokens": 6},
                                    "data": [{"object": "embedding", "index": i, "embedding": v}
                                             for i, v in enumerate(WORDS.values())],
                                    "input": LABELS}, ensure_ascii=False).encode(), "response.json"),
    "columns": (json.dumps({"labels": LABELS, "embeddings": X.tolist()}, ensure_ascii=False).encode(), "c.json"),
    "dict of records": (json.dumps({w: {"embedding": v} for w, v in WORDS.items()}, ensure_ascii=False).encode(),
                        "d.json"),
    "npz": (npz(embeddings=X, labels=np.array(LABELS)), "words.npz"),
    "npz float32, bytes labels, other names": (npz(vecs=X.astype(np.float32), words=np.array([w.encode() for w in LABELS]),
                                           other=np.arange(3)), "words.npz"),
}
UNLABELLED = {
    "npy": (npy(X), "words.npy"),
    "npy float32, Fortran order": (npy(np.asfortranarray(X.astype(np.float32))), "w.npy"),
    "npy big-endian": (npy(X.astype(">f8")), "w.npy"),
    "npy float16": (npy(X.astype(np.float16)), "w"),
    "json matrix": (json.dumps(X.tolist()).encode(), "m.json"),
    "jsonl matrix": (b"".join(json.dumps(v).encode() + b"\n" for v in X.tolist()), "m.jsonl"),
    "npz single array": (npz(X=X), "m.npz"),
}


@pytest.mark.parametrize("case", sorted(LABELLED))
def test_labelled_formats_read_the_tutorial_vectors(case):
    data, filename = LABELLED[case]
    table = read_table(data, filename=filename)
    assert table.labels() == LABELS, table.notes
    atol = 1e-3 if "float32" in case else 0
    np.testing.assert_allclose(table.values(), X, atol=atol, rtol=0)
    assert table.values().dtype == np.float64
    assert not any("internal error" in n for n in table.notes)


@pytest.mark.parametrize("case", sorted(UNLABELLED))
def test_unlabelled_formats_name_rows_and_dims_like_a_headerless_csv(case):
    data, filename = UNLABELLED[case]
    table = read_table(data, filename=filename)
    assert table.label is None
    assert table.labels() == [f"row {i}" for i in range(1, 7)]
    assert table.features == ["dim_1", "dim_2", "dim_3"]
    np.testing.assert_allclose(table.values(), X, atol=1e-3 if "16" in case or "32" in case else 0)


def test_notes_say_what_was_read():
    table = read_table(LABELLED["dict json"][0], filename="words.json")
    assert "JSON: 6 items, label from keys, 3-dimensional vectors" in table.notes
    table = read_table(JSONL, filename="words.jsonl")
    assert any(n.startswith("JSON Lines: 6 records") and "from field 'embedding'" in n for n in table.notes)
    table = read_table(LABELLED["arrow"][0], filename="words.txt")
    assert "text: 6 lines 'label → [vector]', 3-dimensional vectors" in table.notes
    table = read_table(UNLABELLED["npy"][0], filename="w.npy")
    assert "NumPy .npy: 6 × 3 float64 array, no labels" in table.notes
    table = read_table(LABELLED["openai response"][0], filename="r.json")
    note = next(n for n in table.notes if n.startswith("JSON:"))
    assert "items from key 'data'" in note and "fields: input, object, index" in note and "usage" in note
    assert "'index' is not a feature" in " ".join(table.notes)  # 0, 1, 2 … : an id, as in a CSV


def test_other_fields_become_columns_decided_by_roles():
    table = read_table(LABELLED["records with extra fields"][0], filename="w.json")
    assert table.label == "word" and table.categories == ["kind"]
    assert table.features == ["vector_1", "vector_2", "vector_3"]
    flat = read_table(b'[{"name": "a", "x": 1, "y": 2.5, "ok": true}, {"name": "b", "x": 3, "y": 4, "ok": false},'
                      b' {"name": "c", "x": 5, "y": null, "ok": true}]', filename="flat.json")
    assert flat.label == "name" and flat.features == ["x", "y"]
    assert flat.data["y"].isna().tolist() == [False, False, True]
    nested = read_table(b'{"text": "a", "meta": {"lang": "en", "score": 0.5}, "embedding": [1, 2]}\n'
                        b'{"text": "b", "meta": {"lang": "zh", "score": 0.7}, "embedding": [3, 4]}\n', filename="n")
    assert "meta.score" in nested.features and "meta.lang" in nested.data.columns


def test_jsonl_fast_and_careful_readers_agree():
    """pyarrow reads regular lines; the line-by-line reader takes the rest: same table either way."""
    lines = [{"text": f"w{i}", "embedding": [i, i / 2, 1], "tags": ["a"], "when": "2024-01-0" + str(i % 9 + 1),
              "ok": i % 2 == 0, "n": i if i % 3 else None, "meta": {"a": {"b": i}}} for i in range(30)]
    data = "".join(json.dumps(r) + "\n" for r in lines).encode()
    fast = json_files._lines_fast(data)
    assert fast is not None
    slow = json_files._lines_slow(data, "x")
    assert [n for n, _ in fast.columns] == [n for n, _ in slow.columns]
    for (name, a), (_, b) in zip(fast.columns, slow.columns):
        assert a.cast(b.type).to_pylist() == b.to_pylist(), name
    assert fast.dropped == slow.dropped == {"tags": "why_other_lists"}
    assert records.describe(fast, "x") == records.describe(slow, "x")


@pytest.mark.parametrize("case", ["arrow", "dict json", "jsonl", "npz", "records json"])
def test_cli_neighbours_equal_the_csv_and_sklearn(case, tmp_path, capsys):
    data, filename = LABELLED[case]
    path = tmp_path / filename
    path.write_bytes(data)
    assert main(["neighbors", str(path), "--item", "机器学习", "-k", "5"]) == 0
    out, err = capsys.readouterr()
    assert "error" not in err
    assert main(["neighbors", str(ROOT / "data" / "words.csv"), "--item", "机器学习", "-k", "5"]) == 0
    expected, _ = capsys.readouterr()
    assert out == expected
    cosines = cosine_similarity(X)[0]
    for line in out.splitlines()[1:]:
        _, label, similarity = line.split(",")
        assert float(similarity) == pytest.approx(cosines[LABELS.index(label)], abs=5e-5)


def test_cli_reads_npy_with_row_labels(tmp_path, capsys):
    path = tmp_path / "m.npy"
    path.write_bytes(npy(X.astype(np.float32)))
    assert main(["neighbors", str(path), "--item", "row 1", "-k", "2"]) == 0
    out, _ = capsys.readouterr()
    cosines = cosine_similarity(X)[0]
    assert out.splitlines()[1] == f"1,row 2,{cosines[1]:.4f}"


# ---------------------------------------------------------------- errors: one clear message each

def objects_npy() -> bytes:
    return npy(np.array([{"a": 1}, None], dtype=object), allow_pickle=True)


ERRORS = [
    # (bytes, filename, fragments of the one message)
    (b"", "e.json", ["e.json is empty"]),
    (b"  \n", "e.jsonl", ["is empty"]),
    (b"", "e.npy", ["is empty"]),
    (b"42", "n.json", ["single JSON value", "a number"]),
    (b'"hello"', "s.json", ["single JSON value"]),
    (b"[]", "l.json", ["holds no items"]),
    (b"{}", "o.json", ["empty JSON object"]),
    (b'{"a": [1, 2], "b": [1, 2, 3]}', "u.json", ["key 'b'", "3 numbers but key 'a' has 2", "same length"]),
    (b'{"a": [1, 2], "b": [1, "x"]}', "x.json", ["key 'b'", "entry 2", "'x'", "not a number"]),
    (b'{"a": [1, 2], "b": [1, true]}', "t.json", ["key 'b'", "entry 2", "true"]),
    (b'{"a": [1, 2], "b": [NaN, 1]}', "nan.json", ["key 'b'", "entry 1", "nan", "finite"]),
    (b'{"a": [1, 2], "b": [1e999, 1]}', "inf.json", ["key 'b'", "finite"]),
    (b'{"a": [1, 2], "b": "oops"}', "s.json", ["key 'b'", "'oops'", "not a list of numbers"]),
    (b'{"a": [1, 2], "a": [3, 4]}', "d.json", ["'a' appears twice"]),
    (b'{"a": [], "b": []}', "empty.json", ["empty ([])"]),
    (b'[[1, 2], [3]]', "m.json", ["item 2", "1 numbers but item 1 has 2"]),
    (b'[[1, 2], {"a": 1}]', "m.json", ["item 2", "an object but item 1 is a list"]),
    (b'["a", "b"]', "m.json", ["item 1", "a text"]),
    (b'[1, 2, 3]', "m.json", ["item 1", "a number"]),
    (b'[["a", "b"]]', "m.json", ["item 1", "'a'", "not a number"]),
    (b'[{"text": "a", "embedding": [1, 2]}, {"text": "b", "embedding": [1, 2, 3]}]', "r.json",
     ["item 2", "field 'embedding' has 3 numbers but item 1 has 2"]),
    (b'[{"text": "a", "embedding": [1, 2]}, {"text": "b", "embedding": "n/a"}]', "r.json",
     ["item 2", "'n/a'", "not a list of numbers"]),
    (b'[{"text": "a", "v": [1, 2], "w": [3, 4]}]', "r.json", ["several lists of numbers", "'v', 'w'"]),
    (b'[{"a": {"b": {"c": {"d": {"e": 1}}}}}]', "deep.json", ["item 1", "'a.b.c.d'", "nested more than 3 levels"]),
    (b"[" * 100_000, "deep.json", ["nested too deeply"]),
    (b'{"a": [1, 2],}', "comma.json", ["not valid JSON", "line 1"]),
    (b'{"a": [1, 2]\n "b": [3, 4]}', "broken.json", ["not valid JSON", "line 2"]),
    (b"[1" + b"0" * 5000 + b"]", "big.json", ["cannot read a value"]),
    (b'{"text": "a", "embedding": [1, 2]}\n{"text": "b", "embedding": [1, 2, 3]}\n', "r.jsonl",
     ["line 2", "field 'embedding' has 3 numbers but line 1 has 2"]),
    (b'{"text": "a", "embedding": [1, 2]}\n\n{"text": "b", "embedding": [1, NaN]}\n', "r.jsonl",
     ["line 3", "entry 2", "finite"]),
    (b'{"text": "a", "embedding": [1, 2]}\n{"text": "b", "embedding": [1, null]}\n', "r.jsonl",
     ["line 2", "entry 2", "null"]),
    (b'{"text": "a", "embedding": [1, 2]}\n{"text": "b", "embedding": [1, 2]\n', "r.jsonl",
     ["line 2", "not valid JSON"]),
    (b'{"a": 1}\n[1, 2]\n', "mixed.jsonl", ["line 2", "a list but line 1 is an object"]),
    ("苹果 → [0.9, 0.1]\n香蕉 → [0.8, 0.2, 0.1]\n汽车 → [0.1, 0.9]\n".encode(), "w.txt",
     ["line 2", "3 numbers but line 1 has 2"]),
    ("苹果 → [0.9, 0.1]\n香蕉 → [0.8, abc]\n汽车 → [0.1, 0.9]\n".encode(), "w.txt", ["line 2", "entry 2", "'abc'"]),
    ("苹果 → [0.9, 0.1]\n香蕉 → [0.8, nan]\n汽车 → [0.1, 0.9]\n".encode(), "w.txt", ["line 2", "not a finite"]),
    ("苹果 → [0.9, 0.1]\n香蕉 → [0.8,, 0.1]\n汽车 → [0.1, 0.9]\n".encode(), "w.txt", ["line 2", "empty entry"]),
    ("苹果 → [0.9, 0.1]\n香蕉 → []\n汽车 → [0.1, 0.9]\n西瓜 → [1, 2]\n".encode(), "w.txt", ["line 2", "empty"]),
    ("苹果 → [0.9, 0.1]\n香蕉 → [0.8, 0.1]\n\n汽车 → [0.1, 0.9]\noops\n西瓜 → [1, 2]\n".encode(), "w.txt",
     ["line 5", "'oops'", "not like the other lines"]),
    (objects_npy(), "o.npy", ["Python objects", "not loaded", "can run any code"]),
    (npy(np.zeros(5)), "v.npy", ["1-dimensional", "np.stack"]),
    (npy(np.zeros((2, 3, 4))), "c.npy", ["3-dimensional", "reshape(2, -1)"]),
    (npy(np.zeros((0, 3))), "z.npy", ["empty array"]),
    (npy(np.array(5.0)), "s.npy", ["0-dimensional", "a single number"]),
    (npy(np.array([["a", "b"]])), "t.npy", ["holds text, not numbers"]),
    (npy(np.zeros(3, dtype=[("x", "f8"), ("y", "f8")])), "r.npy", ["records (a structured array)"]),
    (npy(np.zeros((2, 2), dtype=complex)), "c.npy", ["complex numbers"]),
    (npy(np.array([[1.0, np.nan], [2.0, 3.0]])), "n.npy", ["row 1, dimension 2 is nan", "finite"]),
    (npy(np.zeros((40, 3)))[:-50], "cut.npy", ["cut short"]),
    (b"\x93NUMPY\x01\x00\x10\x00{'descr': nonsense", "h.npy", ["cannot read this .npy header"]),
    (npz(a=np.zeros((3, 2)), b=np.ones((3, 2))), "two.npz", ["several 2-D arrays", "'a'", "'b'", "embeddings"]),
    (npz(labels=np.array(["a", "b"])), "none.npz", ["no 2-D array of numbers", "'labels' (2 text)"]),
    (npz(embeddings=np.zeros((2, 2)), labels=np.array(["a", None], dtype=object)), "obj.npz",
     ["member 'labels'", "Python objects", "not loaded"]),
    (npz(embeddings=np.array([[1.0, np.inf], [1.0, 2.0]])), "inf.npz", ["member 'embeddings'", "row 1",
                                                                      "finite"]),
]


@pytest.mark.parametrize("data,filename,fragments", ERRORS, ids=[f"{i}-{e[1]}" for i, e in enumerate(ERRORS)])
def test_each_problem_gives_one_clear_input_error(data, filename, fragments):
    with pytest.raises(InputError) as caught:
        read_table(data, filename=filename)
    message = str(caught.value)
    assert "internal error" not in message and "Traceback" not in message
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    assert len(message) < 600


def test_errors_through_the_command_are_one_line(tmp_path, capsys):
    for data, filename, fragments in ERRORS[:: 4]:
        path = tmp_path / filename
        path.write_bytes(data)
        assert main(["neighbors", str(path), "--item", "x"]) == 2
        _, err = capsys.readouterr()
        errors = [line for line in err.splitlines() if line.startswith("error:")]
        assert len(errors) == 1 and fragments[-1] in errors[0], err


class _Boom:
    """Unpickling this calls open(PATH, "w"): proof that a file was unpickled."""

    path = ""

    def __reduce__(self):
        return (open, (self.path, "w"))


def test_pickled_npy_and_npz_are_never_unpickled(tmp_path):
    _Boom.path = str(tmp_path / "pwned")
    evil = np.empty(1, dtype=object)
    evil[0] = _Boom()
    for data, filename in ((npy(evil, allow_pickle=True), "evil.npy"),
                           (npz(embeddings=np.zeros((1, 2)), labels=evil), "evil.npz")):
        with pytest.raises(InputError, match="Python objects"):
            read_table(data, filename=filename)
    raw = pickle.dumps(_Boom())
    with pytest.raises(InputError):
        read_table(raw, filename="evil.npy")
    assert not (tmp_path / "pwned").exists()


def test_npz_zip_bomb_is_refused_from_its_header():
    """A member that says it holds 10^12 values is refused before anything is decompressed."""
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, {"descr": "<f8", "fortran_order": False,
                                                  "shape": (1_000_000, 1_000_000)})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("embeddings.npy", header.getvalue() + bytes(1 << 20))
    with pytest.raises(InputError, match="over the limit"):
        read_table(buf.getvalue(), filename="bomb.npz")


def test_zip_that_python_cannot_open_is_an_input_error():
    data = bytearray(npz(embeddings=X))
    central = data.index(b"PK\x01\x02")
    data[central + 6] = 244  # "version needed to extract": zipfile raises NotImplementedError
    for filename, fragment in (("d.npz", "cannot read this .npz archive"), ("d.zip", "Excel workbook")):
        with pytest.raises(InputError, match=fragment):
            read_table(bytes(data), filename=filename)


def test_xlsx_and_other_zips_still_go_to_their_readers():
    table = read_table(ROOT / "tests" / "corpus" / "table.xlsx")
    assert table.n_rows == 12
    with pytest.raises(InputError, match="zip archive"):
        read_table(ROOT / "tests" / "corpus" / "archive.zip")


def test_json_document_limits(monkeypatch):
    monkeypatch.setattr(json_files, "MAX_JSON_VALUES", 100)
    with pytest.raises(InputError, match="JSON Lines"):
        read_table(json.dumps([[0.5] * 10] * 20).encode(), filename="big.json")
    monkeypatch.setattr(json_files, "MAX_JSON_BYTES", 50)
    with pytest.raises(InputError, match="over the limit of 0 MB|over the limit"):
        read_table(json.dumps(WORDS).encode(), filename="big.json")


def test_hostile_labels_are_kept_as_data():
    labels = ["<script>alert(1)</script>", "=1+2", "%{x}", "a\u202eb", "NA", "", "{{x}}"]
    data = json.dumps({l: [i, 1.0] for i, l in enumerate(labels)}).encode()
    assert read_table(data, filename="h.json").labels()[:5] == labels[:5]
    arrow = "".join(f"{json.dumps(l)} → [{i}, 1]\n" for i, l in enumerate(labels)).encode()
    assert read_table(arrow, filename="h.txt").labels()[:5] == labels[:5]


# ---------------------------------------------------------------- in the reader's language

def test_notes_and_errors_can_be_said_in_chinese():
    table = read_table(LABELLED["dict json"][0], filename="words.json")
    assert localise(table.notes[0], "zh") == "JSON 文件：6 个条目，标签取自键，3 维向量"
    table = read_table(JSONL, filename="words.jsonl")
    assert localise(table.notes[0], "zh") == ("JSON Lines 文件：6 条记录，每行一条，3 维向量，取自字段 'embedding'；"
                                              "其他字段：text")
    with pytest.raises(InputError) as caught:
        read_table(b'{"text": "a", "embedding": [1, 2]}\n{"text": "b", "embedding": [1, 2, 3]}\n', filename="r.jsonl")
    assert localise(caught.value, "zh") == ("r.jsonl，第 2 行：字段 'embedding'有 3 个数字，而第 1 行有 2 个；"
                                            "所有向量的长度必须相同：请修正或删除第 2 行")
    with pytest.raises(InputError) as caught:
        read_table(npz(labels=np.array(["a", "b"])), filename="none.npz")
    assert "（现有：数组 'labels'（2 文本））" in localise(caught.value, "zh")


# ---------------------------------------------------------------- what stays a table

@pytest.mark.parametrize("text", [
    "name,x,y\na,1,2\nb,3,4\n",
    'w,v\na,"[1, 2, 3]"\nb,"[4, 5, 6]"\n',
    "word,vec,x\na,0.2 0.5 0.8,1\nb,0.1 -0.2 1e-3,2\nc,[1 2 3],3\n",
    "name\tcat\tvec\napple\tfruit\t[0.1, 0.2]\npear\tfruit\t[0.3, 0.4]\ncar\tthing\t[0.9, 0.1]\n",
    "[id],x,y\n[1],1,2\n[2],3,4\n",
    "name,x,[unit]\na,1,[2]\nb,3,[4]\n",
])
def test_csv_files_are_left_to_the_table_reader(text):
    notes: list[str] = []
    assert detect.read_other(text.encode(), "t.tsv" if "\t" in text else "t.csv", notes,
                              lambda raw, said: raw) is None
    read_table(text.encode(), filename="t.tsv" if "\t" in text else "t.csv")


def test_corpus_json_file_reads_as_flat_records():
    table = read_table(ROOT / "tests" / "corpus" / "json_file.json")
    assert table.features == ["a", "b"] and table.n_rows == 2


# ---------------------------------------------------------------- fuzz: random bytes after a format's first bytes

@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from([b"{", b"[", b"\x93NUMPY", b"\x93NUMPY\x01\x00", b"PK\x03\x04", b'{"a": [',
                               b"[[", b'[{"', "a → [".encode(), b"\xef\xbb\xbf{"]),
       body=st.binary(max_size=300), name=st.sampled_from(["f.json", "f.jsonl", "f.npy", "f.npz", "f.txt", "f"]))
def test_random_bytes_give_only_input_errors(prefix, body, name):
    try:
        read_table(prefix + body, filename=name)
    except ExplorerError as exc:
        assert "internal error" not in str(exc), str(exc)


TOKENS = [b"{", b"}", b"[", b"]", b",", b":", b'"', b"1", b"-2.5e3", b"NaN", b"true", b"null", b"\n", b" ",
          b'"embedding"', b'"text"', b"[1, 2]", b"\xe2\x86\x92", b"->", b"\t", b"Infinity", b"1e999", b"\\", b"\x00"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS), max_size=60), st.sampled_from(["f.json", "f.jsonl", "f.txt"]))
def test_json_like_token_soup_gives_only_input_errors(tokens, name):
    try:
        read_table(b"".join(tokens), filename=name)
    except ExplorerError as exc:
        assert "internal error" not in str(exc), str(exc)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(min_size=1, max_size=200), st.integers(0, 400))
def test_damaged_npy_and_npz_give_only_input_errors(noise, at):
    for data in (npy(X), npz(embeddings=X, labels=np.array(LABELS))):
        at_ = at % len(data)
        for damaged in (data[:at_] + noise + data[at_ + len(noise):], data[:at_]):
            try:
                read_table(damaged, filename="d.npz")
            except ExplorerError as exc:
                assert "internal error" not in str(exc), str(exc)
