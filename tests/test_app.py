"""The page through Streamlit's AppTest: what a person sees after each action."""
from __future__ import annotations

import base64
import json
import re

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest
from conftest import ROOT
from explorer.present.tables import Colour

APP = str(ROOT / "app.py")
CORPUS = ROOT / "tests" / "corpus"
CASES = json.loads((CORPUS / "EXPECTED.json").read_text(encoding="utf-8"))


def start() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180).run()
    assert not at.exception
    return at


def charts(at: AppTest) -> dict[str, dict]:
    """Figure JSON of every plotly chart, by the chart's key (chart_pca, heatmap…), as the browser shows it: with
    the part that follows the anchor (handed over separately, views/restyle.py) put in."""
    figures = {el.proto.id.rsplit("-", 1)[-1]: json.loads(el.proto.spec) for el in at.get("plotly_chart")}
    parts = [json.loads(json.loads(el.proto.json)) for el in at.get("bidi_component") if el.key == "restyle"]
    for chart, part in (parts[0] if parts else {}).items():
        for number, values in part["traces"]:
            figures[chart]["data"][number].update(values)
        for path, value in part["layout"].items():
            *owners, name = path.split(".")
            place = figures[chart]["layout"]
            for owner in owners:
                place = place.setdefault(owner, {})
            place[name] = value
    return figures


def decode(array) -> np.ndarray:
    """A plotly typed array ({'dtype', 'bdata', 'shape'}) or a list, as numpy."""
    if isinstance(array, dict):
        values = np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"]))
        shape = array.get("shape")
        return values.reshape([int(s) for s in str(shape).split(",")]) if shape else values
    return np.asarray(array)


def shown(markdown_text: str) -> str:
    """What a person reads: Markdown backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", markdown_text)


def widget(widgets, label: str):
    return next(w for w in widgets if w.label == label)


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.sidebar.radio(key="source").set_value("upload").run()
    at.file_uploader(key="upload").set_value((name, data, "text/csv")).run()
    return at


def test_default_page_shows_the_movies_with_pca():
    at = start()
    figures = charts(at)
    assert "chart_pca" in figures and "heatmap" in figures
    panel = figures["chart_pca"]["data"][0]
    assert panel["hovertext"] == ["电影A", "电影B", "电影C"]
    similarity = decode(panel["customdata"])[:, 0].astype(float)
    np.testing.assert_allclose(similarity, [1.0, 0.3467, 0.9498], atol=5e-5)
    assert "cosine to anchor" in panel["hovertemplate"]
    assert "**3** items × **4** features" in markdown(at)
    assert "Anchor: **电影A**" in markdown(at)


def test_search_box_sets_the_anchor():
    at = start()
    widget(at.selectbox, "Anchor item (type to search, or click a point)").set_value(2).run()
    assert "Anchor: **电影C**" in markdown(at)
    similarity = decode(charts(at)["chart_pca"]["data"][0]["customdata"])[:, 0].astype(float)
    np.testing.assert_allclose(similarity, [0.9498, 0.6228, 1.0], atol=5e-5)


@pytest.mark.slow
def test_methods_side_by_side_with_a_scoreboard():
    at = start()
    at.sidebar.selectbox(key="sample").set_value("iris").run()
    at.sidebar.multiselect(key="methods").set_value(["pca", "tsne", "umap"]).run()
    assert not at.exception and not at.error
    figures = charts(at)
    assert {"chart_pca", "chart_tsne", "chart_umap"} <= set(figures)
    for key in ("chart_pca", "chart_tsne", "chart_umap"):
        xy = np.column_stack([decode(figures[key]["data"][0]["x"]), decode(figures[key]["data"][0]["y"])])
        assert xy.shape == (150, 2) and np.isfinite(xy).all()
    scoreboard = next(d.value for d in at.dataframe if "method" in d.value.columns)  # (notes and items come first)
    assert list(scoreboard["method"]) == ["PCA", "t-SNE", "UMAP"]
    assert ((scoreboard["trustworthiness"] > 0.5) & (scoreboard["trustworthiness"] <= 1)).all()


@pytest.mark.slow
def test_parameter_change_recomputes_only_that_method():
    at = start()
    at.sidebar.selectbox(key="sample").set_value("iris").run()
    at.sidebar.multiselect(key="methods").set_value(["pca", "tsne"]).run()
    before = charts(at)
    at.sidebar.slider(key="tsne_perplexity").set_value(10.0).run()
    after = charts(at)
    assert not at.exception
    assert after["chart_pca"]["data"][0]["x"] == before["chart_pca"]["data"][0]["x"]
    assert after["chart_tsne"]["data"][0]["x"] != before["chart_tsne"]["data"][0]["x"]


def test_linear_map_editor_and_three_dimensions():
    at = start()
    at.sidebar.multiselect(key="methods").set_value(["linear"]).run()
    at.selectbox(key="linear_preset").set_value("features").run()
    assert not at.exception and not at.error
    panel = charts(at)["chart_linear"]
    assert panel["layout"]["xaxis"]["title"]["text"] == "动作"
    np.testing.assert_allclose(decode(panel["data"][0]["x"]), [0.9, 0.2, 0.7], rtol=1e-6)
    at.sidebar.radio(key="dims").set_value(3).run()
    at.sidebar.multiselect(key="methods").set_value(["pca"]).run()
    assert charts(at)["chart_pca"]["data"][0]["type"] == "scatter3d"


def test_language_switch():
    at = start()
    at.sidebar.radio(key="lang").set_value("zh").run()
    assert at.title[0].value == "嵌入探索器"
    assert "与锚点的余弦相似度" in charts(at)["chart_pca"]["data"][0]["hovertemplate"]


def test_upload_and_hostile_labels_stay_text():
    labels = ['<img src=x onerror=alert(1)>', '<a href="javascript:alert(1)">x</a>', "%{hovertext}", "=1+2", "ok"]
    rows = "\n".join(f'"{label.replace(chr(34), chr(34) * 2)}",{i},{i * i % 3},{(i * 7) % 5}'
                     for i, label in enumerate(labels))
    at = upload(start(), "hostile.csv", f"name,a,b,c\n{rows}\n".encode())
    assert not at.exception and not at.error
    hover = charts(at)["chart_pca"]["data"][0]["hovertext"]
    assert hover[0] == "&lt;img src=x onerror=alert(1)&gt;"
    assert "<a" not in json.dumps(charts(at))
    assert hover[3] == "=1+2"  # shown as text; only downloads neutralise formulas (tests/test_export.py)


def test_bad_upload_gives_an_error_and_the_page_keeps_working():
    at = upload(start(), "broken.csv", b"\x00\x01\x02garbage\xff\xfe")
    assert not at.exception
    assert len(at.error) == 1 and "does not look like a text table" in shown(at.error[0].value)
    at.sidebar.radio(key="source").set_value("sample").run()
    assert not at.exception and not at.error and "chart_pca" in charts(at)


def test_identical_rows_give_a_clear_message_for_tsne():
    table = "name,x,y\n" + "".join(f"r{i},1,2\n" for i in range(20))
    at = upload(start(), "same.csv", table.encode())
    at.sidebar.multiselect(key="methods").set_value(["tsne"]).run()
    assert not at.exception
    assert any("identical" in e.value for e in at.error)


def test_edited_row_appears_in_the_picture():
    at = start()
    before = decode(charts(at)["chart_pca"]["data"][0]["x"])
    at.sidebar.radio(key="source").set_value("edit").run()
    at.session_state["editor_movies.csv"] = {"edited_rows": {}, "deleted_rows": [],
                                "added_rows": [{"电影": "电影D", "动作": 6, "喜剧": 1, "爱情": 1, "科幻": 5}]}
    at.run()
    assert not at.exception and not at.error
    panel = charts(at)["chart_pca"]["data"]
    assert panel[0]["hovertext"] == ["电影A", "电影B", "电影C", "电影D"]
    after = decode(panel[0]["x"])
    np.testing.assert_array_equal(after[:3], before)  # what-if: the old points stay where they were
    assert any(c.value == "new rows placed exactly (same map)" for c in at.caption)
    assert any(trace.get("marker", {}).get("symbol") == "square-open" for trace in panel)


def test_colour_by_distortion():
    at = start()
    at.sidebar.selectbox(key="sample").set_value("iris").run()
    colour = widget(at.selectbox, "Colour by")
    colour.set_value(Colour("distortion")).run()
    marker = charts(at)["chart_pca"]["data"][0]["marker"]
    kept = decode(marker["color"])
    assert kept.shape == (150,) and ((kept >= 0) & (kept <= 1)).all()


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if not c.get("metadata")))
def test_every_corpus_file_through_the_page(name):
    """Zero tracebacks: the expected clear message, or a picture."""
    case = CASES[name]
    at = upload(start(), case["file"], (CORPUS / case["file"]).read_bytes())
    assert not at.exception, at.exception
    expect = case["expect"]
    if "meta" in name:  # a metadata file uploaded alone: the page asks for its vectors file
        expect = {"error": "InputError", "match": "upload its vectors file"}
    if "error" in expect or "picture_error" in expect:
        match = expect.get("match") or expect["picture_error"]
        assert at.error and match.lower() in shown(at.error[0].value).lower(), [e.value for e in at.error]
    else:
        assert not at.error, [e.value for e in at.error]
        assert len(decode(charts(at)["chart_pca"]["data"][0]["x"])) <= expect["rows"]


def test_tf_projector_vectors_and_metadata_uploaded_together():
    at = start()
    at.sidebar.radio(key="source").set_value("upload").run()
    files = [(name, (CORPUS / name).read_bytes(), "text/tab-separated-values")
             for name in ("metadata_multi.tsv", "vectors.tsv")]
    at.file_uploader(key="upload").set_value(files).run()
    assert not at.exception and not at.error
    assert len(charts(at)["chart_pca"]["data"][0]["hovertext"]) == 10


@pytest.mark.slow
def test_stability_reruns_and_loadings():
    at = start()
    at.sidebar.selectbox(key="sample").set_value("wine").run()
    at.sidebar.multiselect(key="methods").set_value(["pca", "umap"]).run()
    at.toggle(key="stability_run").set_value(True).run()
    for _ in range(60):  # the three reruns may still be running: the page polls, so do we
        if any(m.label == "Overall stability" for m in at.metric):
            break
        at.run()
    assert not at.exception and not at.error
    overall = float(next(m.value for m in at.metric if m.label == "Overall stability"))
    assert 0.0 < overall <= 1.0
    figures = charts(at)
    assert {"stability_seed 0", "stability_seed 1", "stability_seed 2"} <= set(figures)
    assert "loadings_pca" not in figures  # drawn only when asked for
    at.toggle(key="show_loadings").set_value(True).run()
    arrows = charts(at)["loadings_pca"]["data"][-1]["text"]
    assert "proline" in arrows


def in_chinese(at: AppTest) -> AppTest:
    """Switch the page to 中文 as the last step: AppTest cannot run a page again once its translated
    selectboxes are in Chinese (it formats their values outside the script, where the language reads as English)."""
    return at.sidebar.radio(key="lang").set_value("zh").run()


@pytest.mark.parametrize("name, data, english, chinese", [
    ("空表.csv", b"", "空表.csv is empty; choose a file with a header line and rows of values",
     "空表.csv 是空文件；请选择一个含表头和数据行的文件"),
    ("header.csv", b"name,x,y\n", "header.csv has a header line (name, x, y) but no data rows; add rows of values under it",
     "header.csv 只有表头（name, x, y），没有数据行；请在表头下面添加数据行"),
])
def test_input_errors_speak_chinese(name, data, english, chinese):
    at = upload(start(), name, data)
    assert not at.exception and shown(at.error[0].value) == english
    at = in_chinese(at)
    assert not at.exception and shown(at.error[0].value) == chinese


def test_reader_notes_speak_chinese():
    at = upload(start(), "电影.csv", (CORPUS / "enc_gbk_comma.csv").read_bytes())
    assert at.dataframe[0].value["note"].tolist()[0] == "encoding guessed: gb18030"
    at = in_chinese(at)
    assert not at.exception and not at.error
    notes = at.dataframe[0].value["说明"].tolist()
    assert notes == ["编码（推测）：gb18030", "标签列：'电影'", "特征：4 个数值列（动作, 喜剧, 爱情, 科幻）"]


def test_cell_and_preparation_notes_speak_chinese():
    at = upload(start(), "bad.csv", (CORPUS / "mixed_bad_cells.csv").read_bytes())
    assert [shown(w.value) for w in at.warning] == ["column 'x': 1 cell is not a number and counts as missing: row 7 'abc'",
                                                    "dropped 1 row(s) with missing values (rows 7; 'x': rows 7)"]
    at = in_chinese(at)
    assert "列 'x'：1 个单元格不是数字，按缺失值处理：第 7 行 'abc'" in at.dataframe[0].value["说明"].tolist()
    assert [shown(w.value) for w in at.warning] == ["列 'x'：1 个单元格不是数字，按缺失值处理：第 7 行 'abc'",
                                                    "删除了 1 个含缺失值的行（行号 7；'x'：行号 7）"]


def test_a_table_larger_than_the_drawing_limit_is_drawn_as_a_random_sample_with_the_anchor(monkeypatch):
    from views import explore

    monkeypatch.setattr(explore, "DRAW_UP_TO", 40)
    rng = np.random.default_rng(0)
    rows = [f"c{c}-{i},{c * 5 + rng.normal():.4f},{rng.normal():.4f},{rng.normal():.4f}"
            for c in range(3) for i in range(40)]  # sorted by class: the first 40 rows are all class 0
    at = start()
    upload(at, "sorted.csv", ("item,a,b,c\n" + "\n".join(rows)).encode())
    assert not at.exception
    drawn = charts(at)["chart_pca"]["data"][0]["hovertext"]
    assert len(drawn) in (40, 41) and {label.split("-")[0] for label in drawn} == {"c0", "c1", "c2"}
    assert "Drawing a random" in " ".join(c.value for c in at.caption)
    outside = next(i for i in range(120) if f"c{i // 40}-{i % 40}" not in drawn)
    widget(at.selectbox, "Anchor item (type to search, or click a point)").set_value(outside).run()
    panel = charts(at)["chart_pca"]["data"]
    assert f"c{outside // 40}-{outside % 40}" in panel[0]["hovertext"]
    star = panel[-1]  # the anchor's marker trace: at the anchor's point
    position = panel[0]["hovertext"].index(f"c{outside // 40}-{outside % 40}")
    assert decode(star["x"])[0] == decode(panel[0]["x"])[position]


@pytest.mark.slow
def test_tsne_fitted_on_a_sample_keeps_every_row_and_says_so():
    at = start()
    at.sidebar.selectbox(key="sample").set_value("iris").run()
    at.sidebar.multiselect(key="methods").set_value(["pca", "tsne"]).run()
    at.number_input(key="tsne_fit_rows").set_value(60).run()
    for _ in range(60):  # the page polls the background run; so do we
        if "chart_tsne" in charts(at):
            break
        at.run()
    assert not at.exception and not at.error
    assert len(decode(charts(at)["chart_tsne"]["data"][0]["x"])) == 150
    notes = " ".join(c.value for c in at.caption)
    assert "fitted on a random sample of 60 of 150 rows" in shown(notes)


def test_a_column_left_out_for_its_text_cells_is_said_in_plain_sight():
    at = upload(start(), "mixed.csv", "名称,动作,喜剧\n电影甲,7,1\n电影乙,1,abc\n电影丙,5,1\n电影丁,3,3\n".encode())
    warnings = [shown(w.value) for w in at.warning]
    assert any("'喜剧'" in w and "'abc'" in w and "not a feature" in w for w in warnings), warnings


# ---------------------------------------------------------------- the tutorial
def tutorial_page(lang: str = "en") -> AppTest:
    at = start()
    at.sidebar.radio(key="view").set_value("tutorial").run()
    if lang == "zh":
        at = in_chinese(at)
    assert not at.exception and not at.error
    return at


def code(at: AppTest) -> str:
    return "\n".join(c.value for c in at.code)


@pytest.mark.parametrize("lang, heading", [("en", "Exercise 1: how similar are two movies?"), ("zh", "练习1：电影相似度计算")])
def test_tutorial_view_works_the_exercise_with_the_tutorials_numbers(lang, heading):
    from explorer.present import tutorial

    at = tutorial_page(lang)
    assert heading in [h.value for h in at.subheader]
    text = code(at)
    # exercise 1, 电影A and 电影C, every term as the tutorial's function computes it
    assert "dot_product = 0.9*0.7 + 0.1*0.3 + 0.2*0.4 + 0.8*0.6" in text
    assert "= 0.63 + 0.03 + 0.08 + 0.48 = 1.22" in text
    assert "= (0.81 + 0.01 + 0.04 + 0.64) ** 0.5 = 1.5 ** 0.5 = 1.2247" in text
    assert "= 1.22 / 1.2845 = 0.9498" in text
    assert tutorial.PICTURE_TEXT in text and '"机器学习" -----> [0.2, 0.5, 0.8]' in text
    panels = charts(at)
    assert {"chart_tut_picture", "chart_tut_pca", "chart_tut_fitted", "chart_tut_ex2"} <= set(panels)
    picture = panels["chart_tut_picture"]["data"][0]
    np.testing.assert_allclose(decode(picture["x"]), [0.8, 0.2, 0.6], rtol=1e-6)
    np.testing.assert_allclose(decode(picture["y"]), [0.3, 0.7, 0.4], rtol=1e-6)
    # the hover's cosine to the followed movie (电影A) is the exercise's number
    np.testing.assert_allclose(decode(picture["customdata"])[:, 0].astype(float), [1.0, 0.3467, 0.9498],
                               atol=5e-5)
    fitted = panels["chart_tut_fitted"]["data"][0]
    fit = tutorial.load().fit
    np.testing.assert_allclose(decode(fitted["x"]), (tutorial.load().movies.values() @ fit.W.T + fit.b)[:, 0],
                               rtol=1e-6)
    assert "E(x) = Wx + b<br>x = 0.1904 − 0.0212 − 0.0423 + 0.1692 + 0.491 = 0.7872" in fitted["text"][0]
    assert panels["chart_tut_fitted"]["layout"]["yaxis"]["scaleanchor"] == "x"
    assert "x = 0.1904 − 0.0212 − 0.0423 + 0.1692 + 0.491 = 0.7872" in text  # the formula section, for 电影A
    said_why = "\n".join(m.value for m in at.markdown)
    assert "5/7·电影A \\+ 2/7·电影B" in said_why  # why no map draws the tutorial's picture exactly


def test_tutorial_follows_a_movie_and_an_edited_cell():
    at = tutorial_page()
    at.selectbox(key="tut_item").set_value(1).run()  # follow 电影B
    at.selectbox(key="tut_other").set_value(0).run()
    assert "= 0.52 / 1.5 = 0.3467" in code(at)
    at.session_state["tut_table"] = {"edited_rows": {0: {"动作": 0.5}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception and not at.error
    text = code(at)
    expected = 0.2 * 0.5 + 0.8 * 0.1 + 0.9 * 0.2 + 0.1 * 0.8
    assert f"= 0.1 + 0.08 + 0.18 + 0.08 = {expected:.2f}" in text
    assert any("电影A · 动作 0.9 → 0.5" in shown(c.value) for c in at.caption)
    fitted = charts(at)["chart_tut_fitted"]["data"][0]
    fit = __import__("explorer.present.tutorial", fromlist=["load"]).load().fit
    X = np.array([[0.5, 0.1, 0.2, 0.8], [0.2, 0.8, 0.9, 0.1], [0.7, 0.3, 0.4, 0.6]])
    np.testing.assert_allclose(decode(fitted["x"]), (X @ fit.W.T + fit.b)[:, 0], rtol=1e-6)  # same map, new x


@pytest.mark.slow
def test_tutorial_draws_the_three_movies_with_tsne_and_umap():
    at = tutorial_page()
    for method in ("tsne", "umap"):
        at.radio(key="tut_draw").set_value(method).run()
        assert not at.exception and not at.error
        xy = decode(charts(at)["chart_tut_ex2"]["data"][0]["x"])
        assert xy.shape == (3,) and np.isfinite(xy).all()


def test_one_click_draws_the_tutorials_picture_with_the_fitted_map():
    from explorer.present import tutorial

    at = start()
    at.button(key="draw_tutorial_picture").click().run()
    assert not at.exception and not at.error
    assert at.session_state["methods"] == ["pca", "linear"] and at.session_state["linear_preset"] == "fit"
    fit = tutorial.load().fit
    Y = tutorial.load().movies.values() @ fit.W.T + fit.b
    panel = charts(at)["chart_linear"]["data"][0]  # as computed: a linear panel is never turned to match PCA
    np.testing.assert_allclose(np.c_[decode(panel["x"]), decode(panel["y"])], Y, rtol=1e-6)
    captions = " ".join(c.value for c in at.caption)
    assert "least squares" in shown(captions) and "5/7·电影A + 2/7·电影B" in shown(captions)


def test_a_second_upload_replaces_the_table_unless_it_is_the_metadata_partner():
    at = start()
    at.sidebar.radio(key="source").set_value("upload").run()
    first = ("a.csv", b"name,x,y\np,1,2\nq,3,1\nr,0,5\n", "text/csv")
    second = ("b.csv", b"item,u,v,w\ns,1,2,3\nt,3,1,0\nu,0,5,1\nv,2,2,2\n", "text/csv")
    at.file_uploader(key="upload").set_value([first, second]).run()
    assert not at.exception and not at.error
    assert decode(charts(at)["chart_pca"]["data"][0]["hovertext"]).tolist() == ["s", "t", "u", "v"]
    assert any("b.csv" in shown(i.value) and "a.csv" in shown(i.value) for i in at.sidebar.info)
    pair = [(name, (CORPUS / name).read_bytes(), "text/tab-separated-values")
            for name in ("vectors.tsv", "metadata_multi.tsv")]
    at.file_uploader(key="upload").set_value([first, *pair]).run()  # vectors + metadata: read together
    assert not at.exception and not at.error
    assert len(charts(at)["chart_pca"]["data"][0]["hovertext"]) == 10


def test_metadata_alone_says_to_add_its_vectors_file():
    at = upload(start(), "metadata.tsv", (CORPUS / "metadata_multi.tsv").read_bytes())
    assert not at.exception
    assert len(at.error) == 1 and "upload its vectors file (vectors.tsv) too" in shown(at.error[0].value)


def test_one_closeness_measure_named_everywhere():
    at = start()
    assert at.sidebar.radio(key="metric").value == "cosine"  # the default, for embeddings
    panel = charts(at)["chart_pca"]["data"][0]
    assert "cosine to anchor" in panel["hovertemplate"]
    assert list(at.table[0].value.columns)[:3] == ["rank", "in the data", "cosine similarity"]
    assert [shown(v) for v in at.table[0].value["cosine similarity"]] == ["0.9498", "0.3467"]
    at.sidebar.radio(key="metric").set_value("euclidean").run()
    panel = charts(at)["chart_pca"]["data"][0]
    assert "distance to anchor" in panel["hovertemplate"] and "differs most in" in json.dumps(charts(at)["chart_pca"])
    np.testing.assert_allclose(decode(panel["customdata"])[:, 0].astype(float), [0.0, 1.4, 0.4], atol=1e-6)
    assert list(at.table[0].value.columns)[2] == "euclidean distance"
    heatmap = charts(at)["heatmap"]["data"][0]
    assert heatmap["colorbar"]["title"]["text"] == "euclidean distance" and heatmap["zmin"] == pytest.approx(0.4)
    assert [h.value for h in at.subheader if "distance" in h.value.lower()] == ["Euclidean distance"]


def test_the_search_box_shows_the_anchor():
    at = start()
    find = next(w for w in at.selectbox if w.label == "Anchor item (type to search, or click a point)")
    assert find.value == 0
    at.session_state["anchor"] = 2  # as a click on a point sets it
    at.run()
    find = next(w for w in at.selectbox if w.label == "Anchor item (type to search, or click a point)")
    assert find.value == 2 and "Anchor: **电影C**" in markdown(at)


def test_above_the_list_limit_the_anchor_box_is_a_text_box_that_shows_the_anchor(monkeypatch):
    """A long table: no list of every label (it was resent and redrawn on every click), a text box instead that
    shows the anchor's label, takes a label (or its start, or a part of it) and says when nothing fits."""
    from views import explore

    monkeypatch.setattr(explore, "FIND_LIST_UP_TO", 10)
    rows = [f"word {i},{i % 7},{i % 5 + 1},{(i * 3) % 11}" for i in range(30)] + ["词语,1,2,3"]
    at = start()
    upload(at, "words.csv", ("item,a,b,c\n" + "\n".join(rows)).encode())
    label = "Anchor item (type to search, or click a point)"
    assert not at.exception and not [w for w in at.selectbox if w.label == label]
    assert widget(at.text_input, label).value == "word 0"
    widget(at.text_input, label).input("WORD 17 ").run()  # the label itself, in other case and spacing
    assert "Anchor: **word 17**" in markdown(at) and widget(at.text_input, label).value == "word 17"
    widget(at.text_input, label).input("词").run()  # a part of one
    assert "Anchor: **词语**" in markdown(at) and widget(at.text_input, label).value == "词语"
    widget(at.text_input, label).input("wor").run()  # the first that starts with it
    assert "Anchor: **word 0**" in markdown(at)
    widget(at.text_input, label).input("nothing like it").run()
    assert "Anchor: **word 0**" in markdown(at)
    assert "No item's label contains “nothing like it”: the anchor stays **word 0**" in " ".join(
        c.value for c in at.caption)
    at.session_state["anchor"] = 5  # as a click on a point sets it
    at.run()
    assert widget(at.text_input, label).value == "word 5" and "No item's label" not in " ".join(
        c.value for c in at.caption)


def test_a_killed_worker_is_said_in_the_pages_language_and_run_again_draws_the_picture(monkeypatch):
    """A worker killed mid-run (the environment, not the data): the panel says so, with a Run again button that
    runs the same settings at once instead of handing back the old failure; in 中文 too."""
    from explorer.errors import WorkerFailure
    from explorer.run import policy
    from explorer.words import say

    real, calls = policy.run, []

    def killed_every_other_time(X, spec, **kwargs):
        calls.append(spec.seed)
        if len(calls) % 2:
            raise WorkerFailure(say("worker_killed", where=say("worker_where", method="t-SNE", n=len(X), d=4)))
        return real(X, spec, **kwargs)

    monkeypatch.setattr(policy, "run", killed_every_other_time)
    at = start()
    at.sidebar.number_input(key="seed").set_value(4242).run()  # jobs of its own on the process-wide board
    at.sidebar.multiselect(key="methods").set_value(["pca", "tsne"]).run()
    assert not at.exception
    assert any("SIGKILL" in e.value and "run it again" in e.value for e in at.error), [e.value for e in at.error]
    assert "chart_tsne" not in charts(at)
    at.button(key="again_tsne").click().run()
    assert not at.exception and not at.error
    assert "chart_tsne" in charts(at) and calls == [4242, 4242]
    at.sidebar.number_input(key="seed").set_value(4243).run()
    in_chinese(at)
    assert any("SIGKILL" in e.value and "重新运行" in e.value for e in at.error), [e.value for e in at.error]
    assert at.button(key="again_tsne").label == "重新运行"
