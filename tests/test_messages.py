"""Messages about the user's data: English as before, Chinese on request, data always verbatim."""
from __future__ import annotations

import ast
import pickle
import re
import string

import numpy as np
import pytest

from explorer.table import preprocess, roles
from explorer import ingest
from explorer.errors import DataError, ExplorerError, InputError
from explorer.words import CATALOGUE, Message, joined, localise, say
from explorer.table.preprocess import prepare
from conftest import ROOT, make_table

CORPUS = ROOT / "tests" / "corpus"
CJK = re.compile(r"[\u4e00-\u9fff]")
# Only punctuation or names to translate: "{name!r}（{kind}）", method names, the tutorial's own argument names.
NO_CJK = {"column_kind", "method_tsne", "method_umap", "title_tsne", "title_umap", "stability_param_umap", "tut_movie1", "tut_movie2"}


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_message_has_both_languages_with_the_same_placeholders(key):
    english, chinese = CATALOGUE[key]
    assert english and chinese
    assert fields(english) == fields(chinese), key
    assert key in NO_CJK or CJK.search(chinese), f"{key}: no Chinese in {chinese!r}"
    assert not any(spec and spec.startswith("?") for _, _, spec, _ in string.Formatter().parse(chinese)), \
        f"{key}: Chinese has no plural forms"


def said_keys() -> tuple[set[str], tuple[str, ...]]:
    """Every string constant in the package, the page and its views, and the leading text of every
    f-string (``tr(f"method_{m}")`` says every key that starts with ``method_``): read from the syntax
    tree, so it does not matter which module says what."""
    constants, prefixes = set(), set()
    for path in [*(ROOT / "explorer").rglob("*.py"), ROOT / "app.py", *(ROOT / "views").glob("*.py")]:
        if path.parent.name == "words" and path.name != "speech.py":
            continue  # the catalogue itself
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                constants.add(node.value)
            elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                prefixes.add(node.values[0].value)
    return constants, tuple(p for p in prefixes if p.endswith("_"))


def test_every_catalogue_entry_is_said_somewhere():
    """No dead catalogue entry."""
    constants, prefixes = said_keys()
    unused = [k for k in CATALOGUE if k not in constants and not k.startswith(prefixes)]
    assert not unused, f"nothing says {unused}: remove them from explorer/words/"


def test_english_plurals_and_data_as_given():
    assert say("blank_lines", n=1) == "skipped 1 line holding only spaces"
    assert say("blank_lines", n=3) == "skipped 3 lines holding only spaces"
    message = say("label_column", name="{x}<b>*")
    assert message == "label column: '{x}<b>*'"
    assert localise(message, "zh") == "标签列：'{x}<b>*'"


def test_message_is_its_english_text_and_survives_pickling():
    message = say("column_note", name="价格", note=say("cells_not_numbers", n=2, cells=joined(
        [say("row_cell", row=3, cell="'abc'"), say("row_cell", row=5, cell="'—'")])))
    assert isinstance(message, str) and str(message) == message
    assert message == "column '价格': 2 cells are not a number and count as missing: row 3 'abc', row 5 '—'"
    assert localise(message, "en") == message and type(localise(message, "en")) is str
    zh = "列 '价格'：2 个单元格不是数字，按缺失值处理：第 3 行 'abc'，第 5 行 '—'"
    assert localise(message, "zh") == zh
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        assert localise(pickle.loads(pickle.dumps(message, protocol)), "zh") == zh
    error = pickle.loads(pickle.dumps(DataError(message)))
    assert str(error) == message and localise(error, "zh") == zh


def test_plain_text_and_other_languages_fall_back_to_english():
    assert localise("perplexity=50 must be less than n_samples=30", "zh") == \
        "perplexity=50 must be less than n_samples=30"
    assert localise(ExplorerError("plain"), "zh") == "plain"
    assert localise(say("no_label"), "fr") == "no label column: points are named row 1, row 2, …"


# ---------------------------------------------------------------- real inputs, both languages

def error_of(call) -> ExplorerError:
    with pytest.raises(ExplorerError) as caught:
        call()
    return caught.value


def test_gbk_file_notes():
    table = ingest.read_table(CORPUS / "enc_gbk_comma.csv")
    assert table.notes == ["encoding guessed: gb18030", "label column: '电影'",
                           "features: 4 numeric columns (动作, 喜剧, 爱情, 科幻)"]
    assert [localise(n, "zh") for n in table.notes] == [
        "编码（推测）：gb18030", "标签列：'电影'", "特征：4 个数值列（动作, 喜剧, 爱情, 科幻）"]


def test_non_numeric_cell_note_and_missing_value_error():
    data = "名称,价格,数量\n苹果,1,2\n香蕉,abc,3\n" + "".join(f"水果{i},{i},{i * 7 % 5}\n" for i in range(9))
    table = ingest.read_table(data.encode("utf-8"), filename="水果.csv")
    note = next(n for n in table.notes if "abc" in n)
    assert note == "column '价格': 1 cell is not a number and counts as missing: row 2 'abc'"
    assert localise(note, "zh") == "列 '价格'：1 个单元格不是数字，按缺失值处理：第 2 行 'abc'"
    error = error_of(lambda: prepare(table, missing="error"))
    assert isinstance(error, DataError)
    assert str(error) == ("1 row(s) have missing or unreadable values ('价格': rows 2); "
                          "fill them in, or choose missing='drop' or 'mean'")
    assert localise(error, "zh") == ("1 行有缺失或无法读取的值（'价格'：行号 2）；"
                                     "请补全这些值，或选择 missing='drop' 或 'mean'")
    dropped = prepare(table).notes
    assert localise(dropped[0], "zh") == "删除了 1 个含缺失值的行（行号 2；'价格'：行号 2）"


@pytest.mark.parametrize("name, english, chinese", [
    ("empty.csv", "empty.csv is empty; choose a file with a header line and rows of values",
     "empty.csv 是空文件；请选择一个含表头和数据行的文件"),
    ("header_only.csv", "header_only.csv has a header line (name, x, y) but no data rows; add rows of values under it",
     "header_only.csv 只有表头（name, x, y），没有数据行；请在表头下面添加数据行"),
    ("unclosed_quote.csv",
     "unclosed_quote.csv: ragged rows: the header has 3 fields (delimiter ',') but row 2 (line 3) has 1 field. "
     "Fix those lines: quote cells that contain the delimiter, or add the missing cells as empty fields. "
     "A quote (\") opened in row 2 (line 3) is never closed: close it or remove it",
     "unclosed_quote.csv：各行字段数不一致：表头有 3 个字段（分隔符 ','），但第 2 行（文件第 3 行）有 1 个字段。"
     "请修改这些行：给包含分隔符的单元格加上引号，或把缺少的单元格补为空字段。"
     "第 2 行（文件第 3 行）开始的引号（\"）没有闭合：请补上闭合引号或删除它"),
    ("old.xls", "old.xls is an old Office file (.xls or .doc); open it in Excel or LibreOffice and save it as "
                ".xlsx or CSV",
     "old.xls 是旧版 Office 文件（.xls 或 .doc）；请用 Excel 或 LibreOffice 打开，另存为 .xlsx 或 CSV"),
])
def test_unreadable_files(name, english, chinese):
    error = error_of(lambda: ingest.read_table(CORPUS / name))
    assert isinstance(error, InputError)
    assert str(error) == english
    assert localise(error, "zh") == chinese


def test_notes_with_counts_and_rows():
    table = ingest.read_table(CORPUS / "empty_rows.csv")
    assert table.notes[0] == "skipped 2 empty rows (rows 2, 4)"
    assert localise(table.notes[0], "zh") == "跳过了 2 个空行（第 2, 4 行）"
    glove = ingest.read_table(CORPUS / "glove.txt")
    assert "delimiter: space" in glove.notes
    assert "分隔符：空格" in [localise(n, "zh") for n in glove.notes]


def test_roles_errors_name_the_columns_verbatim():
    data = b"name,colour,x\na,red,1\nb,blue,2\nc,red,3\n"
    error = error_of(lambda: ingest.read_table(data, filename="t.csv", features=["colour"]))
    assert str(error) == ("column 'colour' holds text, not numbers (e.g. row 1: 'red'), so it cannot be a feature; "
                          "numeric columns: 'x'")
    assert localise(error, "zh") == "列 'colour' 中是文本而不是数字（例如第 1 行：'red'），因此不能作为特征；数值列：'x'"
    none = error_of(lambda: ingest.read_table(b"name,t\na,p\nb,q\n", filename="t.csv", features=["t"]))
    assert str(none).endswith("numeric columns: none") and localise(none, "zh").endswith("数值列：无")
    kinds = error_of(lambda: ingest.read_table(data, filename="t.csv", features=[]))
    assert "'x' (number)" in str(kinds) and "'x'（数值）" in localise(kinds, "zh")


def test_preparation_notes():
    X = np.array([[1.0, 1e5, 0.0], [2.0, 3e5, 0.0], [3.0, 2e5, 0.0]])
    notes = prepare(make_table(X)).notes
    assert notes == ["dropped 1 constant column(s): f2",
                     "feature scales differ by 100000× (widest vs typical column): the widest columns will dominate; "
                     "consider scaling='standard'"]
    assert [localise(n, "zh") for n in notes] == [
        "删除了 1 个常数列：f2",
        "各特征的尺度相差 100000 倍（最宽的列对比典型列）：最宽的列将起主导作用；建议使用 scaling='standard'"]


def test_every_stage_raises_messages_not_plain_text():
    """A sample of each stage's errors carries a Message, so the page can say it in the reader's language."""
    import pyarrow as pa

    from explorer import quality
    from explorer.neighbours import similarity
    from explorer.present.export import Recipe
    from explorer.project import ProjectionSpec, check_matrix, fit_linear, project

    calls = (lambda: ingest.read_table(b"", filename="e.csv"),
             lambda: roles.build_table(pa.table({"a": ["", " "]}), notes=[]),
             lambda: preprocess.prepare(make_table(np.ones((2, 1))), scaling="zz"),
             lambda: ProjectionSpec("tsne", params={"perplexity": -1}),
             lambda: ProjectionSpec("pca", dims=4),
             lambda: check_matrix(np.ones((3, 2))),
             lambda: project(np.eye(2), ProjectionSpec("tsne")),
             lambda: fit_linear(np.eye(3), [[0, 1]], [0]),
             lambda: similarity.to_anchor(np.eye(3), 7),
             lambda: quality.score(np.eye(2), np.eye(2)),
             lambda: Recipe.from_json("{}"))
    for call in calls:
        error = error_of(call)
        assert isinstance(error.args[0], Message) and error.args[0].key, (error, call)
        assert localise(error, "zh") != str(error)  # said again in Chinese


def test_notes_about_data_left_out_need_attention_and_others_do_not():
    from explorer import ingest
    from explorer.words import needs_attention

    notes = ingest.read_table("名称,动作,喜剧\n甲,7,1\n乙,1,abc\n丙,5,1\n".encode(), filename="m.csv").notes
    assert [n for n in notes if needs_attention(n)] == [n for n in notes if "'abc'" in n]
    assert not needs_attention("plain text") and sum(map(needs_attention, notes)) == 1
