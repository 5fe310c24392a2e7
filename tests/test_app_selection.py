"""The page through AppTest (as tests/test_app.py): search that selects many, isolate, the linked table,
colour by a column of numbers, and a file opened by ``explorer view``."""
from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from explorer.opened import ENV, Opened
from explorer.present.tables import Colour
from test_app import charts, decode, markdown, shown, start, upload, widget

SELECTED_RING = "#222222"  # the outline of selected points (explorer.present.figures.scatter)


def ringed(figure: dict) -> np.ndarray:
    """x of the points drawn as selected in a panel."""
    trace = next(t for t in figure["data"][1:] if t.get("marker", {}).get("line", {}).get("color") == SELECTED_RING)
    return decode(trace["x"]) if "x" in trace else np.empty(0)


def linked(at) -> pd.DataFrame:
    """The linked table (the dataframe whose key starts with linked_)."""
    frames = [el for el in at.dataframe if "linked_" in el.proto.id]
    assert len(frames) == 1, [el.proto.id for el in at.dataframe]
    return frames[0].value


def words_csv() -> bytes:
    """TF Projector's example: searching "rat" selects every word that contains it."""
    words = ["rat", "rats", "rate", "rated", "ratio", "pirate", "karate", "migrate", "gyrate", "strata", "Ratatouille",
             "aspirate", "crater", "cat", "dog", "电影A", "电影B", "a.b", "[x]*", "*bold*"]
    rng = np.random.default_rng(5)
    frame = pd.DataFrame(rng.normal(size=(len(words), 6)).round(4), columns=[f"d{j}" for j in range(6)])
    frame.insert(0, "word", words)
    frame.insert(1, "kind", ["animal" if w in ("rat", "rats", "cat", "dog") else "other" for w in words])
    return frame.to_csv(index=False).encode()


def test_search_selects_many_highlights_every_panel_and_lists_them():
    at = upload(start(), "words.csv", words_csv())
    at.sidebar.multiselect(key="methods").set_value(["pca", "linear"]).run()
    at.text_input(key="select_text").set_value("rat").run()
    assert not at.exception and not at.error
    assert "**13** of 20 items selected" in markdown(at)
    figures = charts(at)
    for key in ("chart_pca", "chart_linear"):  # highlighted in every panel: full colour, outlined; the rest faded
        assert len(ringed(figures[key])) == 13
        assert figures[key]["data"][0]["marker"]["opacity"] == 0.25
    table = linked(at)
    assert len(table) == 13 and set(table["item"]) == {w for w in pd.read_csv(io.BytesIO(words_csv()))["word"]
                                                      if "rat" in w.lower()}
    assert table["selected"].all()
    similarity = table["cosine similarity"].to_numpy()
    assert (np.diff(similarity) <= 1e-12).all()  # closest to the anchor first
    # a search in one text column only
    at.selectbox(key="select_in").set_value("kind").run()
    assert "No item matches rat in kind." in shown(markdown(at))
    at.text_input(key="select_text").set_value("ANIMAL").run()
    assert "**4** of 20 items selected" in markdown(at)
    at.button(key="clear_selection").click().run()
    assert "Nothing selected" in "\n".join(c.value for c in at.caption)
    assert len(ringed(charts(at)["chart_pca"])) == 0
    assert len(linked(at)) == 20  # nothing selected: the rows in view


def test_regex_and_literal_text_with_chinese_and_markup_labels():
    at = upload(start(), "words.csv", words_csv())
    at.radio(key="select_mode").set_value("regex").run()
    at.text_input(key="select_text").set_value("^电影[AB]$").run()
    assert "**2** of 20 items selected" in markdown(at)
    assert sorted(linked(at)["item"]) == ["电影A", "电影B"]
    at.radio(key="select_mode").set_value("substring").run()  # the same text, now taken literally
    assert "No item matches" in shown(markdown(at))
    at.text_input(key="select_text").set_value("*bold*").run()
    assert "**1** of 20 items selected" in markdown(at)
    assert list(linked(at)["item"]) == ["*bold*"]  # data, not Markdown


def test_a_bad_regex_is_said_in_words_in_both_languages():
    at = upload(start(), "words.csv", words_csv())
    at.radio(key="select_mode").set_value("regex").run()
    at.text_input(key="select_text").set_value("rat[").run()
    assert not at.exception
    assert shown(at.error[0].value).startswith("'rat[' is not a valid regular expression (")
    assert "choose plain text matching" in shown(at.error[0].value)
    assert "chart_pca" in charts(at)  # the pictures stay
    at.sidebar.radio(key="lang").set_value("zh").run()
    assert shown(at.error[0].value).startswith("'rat[' 不是有效的正则表达式")
    assert not at.exception


def test_a_runaway_regex_is_stopped_and_said_and_the_page_goes_on(monkeypatch):
    from explorer.present import selection

    monkeypatch.setattr(selection, "SEARCH_SECONDS", 0.5)
    frame = pd.read_csv(io.BytesIO(words_csv()))
    frame.loc[0, "word"] = "a" * 40 + "!"  # (a|aa)+$ tries every way to split its a's
    at = upload(start(), "words.csv", frame.to_csv(index=False).encode())
    at.radio(key="select_mode").set_value("regex").run()
    at.text_input(key="select_text").set_value("(a|aa)+$").run()
    assert not at.exception
    message = shown(at.error[0].value)
    assert "regular expression '(a|aa)+$' was still searching after 0.5 s (at item 'aaaa" in message, message
    assert "choose plain text matching" in message and "chart_pca" in charts(at)
    at.text_input(key="select_text").set_value("^rat").run()  # the page goes on
    assert not at.error and "items selected" in markdown(at)


def test_a_fixed_pattern_clears_the_message():
    at = upload(start(), "words.csv", words_csv())
    at.radio(key="select_mode").set_value("regex").run()
    at.text_input(key="select_text").set_value("rat[").run()
    assert at.error
    at.text_input(key="select_text").set_value("^rat[es]").run()
    assert not at.error and "**3** of 20 items selected" in markdown(at)  # rate, rats, rated


def test_isolate_draws_the_selection_and_its_nearest_only():
    at = start()
    at.sidebar.selectbox(key="sample").set_value("iris").run()
    at.text_input(key="select_text").set_value("iris 1").run()  # iris 1, iris 10-19, iris 100-150
    n = 1 + 10 + 51
    assert f"**{n}** of 150 items selected" in markdown(at)
    at.toggle(key="isolate").set_value(True).run()
    assert not at.exception and not at.error
    caption = next(c.value for c in at.caption if c.value.startswith("Isolated"))
    drawn = int(caption.split("drawing ")[1].split(" ")[0])
    assert n <= drawn < 150
    panel = charts(at)["chart_pca"]
    assert len(decode(panel["data"][0]["x"])) == drawn
    assert len(ringed(panel)) == n
    assert len(linked(at)) == n  # the table lists the selection
    at.toggle(key="isolate").set_value(False).run()
    assert len(decode(charts(at)["chart_pca"]["data"][0]["x"])) == 150


def test_a_box_or_lasso_selection_is_highlighted_and_listed():
    """AppTest cannot drag on a chart (tests/test_browser.py does); a selection made there is kept like this."""
    at = start()
    at.sidebar.selectbox(key="sample").set_value("iris").run()
    at.session_state["selection"] = (at.session_state["anchor_key"], np.array([3, 7, 120]))
    at.run()
    assert "**3** of 150 items selected" in markdown(at)
    assert len(ringed(charts(at)["chart_pca"])) == 3
    assert sorted(linked(at)["item"]) == ["iris 121", "iris 4", "iris 8"]


def test_linked_table_shows_the_rows_in_view_with_the_anchors_similarity():
    at = start()
    table = linked(at)
    assert list(table.columns) == ["item", "cosine similarity", "selected"]
    assert list(table["item"]) == ["电影A", "电影C", "电影B"]
    np.testing.assert_allclose(table["cosine similarity"], [1.0, 0.9498, 0.3467], atol=5e-5)
    widget(at.selectbox, "Anchor item (type to search, or click a point)").set_value(1).run()
    assert list(linked(at)["item"]) == ["电影B", "电影C", "电影A"]
    at.sidebar.radio(key="lang").set_value("zh").run()
    assert list(linked(at).columns) == ["条目", "余弦相似度", "选中"]


def projector_files(tmp_path):
    rng = np.random.default_rng(2)
    vectors = tmp_path / "vectors.tsv"
    vectors.write_text("\n".join("\t".join(f"{v:.4f}" for v in row) for row in rng.normal(size=(40, 8))) + "\n")
    meta = tmp_path / "metadata.tsv"
    rows = [f"词{i}\t{'ab'[i % 2]}\t{'' if i == 5 else i * 2.5}" for i in range(40)]
    meta.write_text("word\tgroup\tscore\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return vectors, meta


def test_colour_by_a_numeric_metadata_column_on_one_scale(tmp_path, monkeypatch):
    vectors, meta = projector_files(tmp_path)
    monkeypatch.setenv(ENV, Opened(str(vectors), str(meta), ("pca", "linear")).to_env()[ENV])
    at = start()
    colour = widget(at.selectbox, "Colour by")
    assert Colour("number", "score") in colour.options or "score (scale)" in colour.options
    colour.set_value(Colour("number", "score")).run()
    assert not at.exception and not at.error
    figures = charts(at)
    for key in ("chart_pca", "chart_linear"):
        marker = figures[key]["data"][0]["marker"]
        assert (marker["cmin"], marker["cmax"]) == (0.0, 97.5) and marker["colorscale"]
    bar = figures["legend"]["data"][0]["marker"]
    assert bar["showscale"] and (bar["cmin"], bar["cmax"]) == (0.0, 97.5)
    assert any("1 items without a number in score are drawn grey" in shown(c.value) for c in at.caption)


def test_a_file_opened_by_explorer_view_is_the_source_with_its_methods(tmp_path, monkeypatch):
    vectors, meta = projector_files(tmp_path)
    monkeypatch.setenv(ENV, Opened(str(vectors), str(meta), ("linear", "pca")).to_env()[ENV])
    at = start()
    assert at.sidebar.radio(key="source").value == "file"
    assert "Opened from the command line: **vectors.tsv + metadata.tsv**" in shown(
        "\n".join(m.value for m in at.sidebar.markdown))
    assert "**40** items × **8** features" in markdown(at)
    assert {"chart_linear", "chart_pca"} <= set(charts(at))
    assert list(charts(at)["chart_pca"]["data"][0]["hovertext"][:2]) == ["词0", "词1"]
    at.sidebar.radio(key="source").set_value("sample").run()  # a sample is still one click away
    assert "**3** items × **4** features" in markdown(at)


def test_without_explorer_view_the_page_starts_on_a_sample(monkeypatch):
    monkeypatch.delenv(ENV, raising=False)
    at = start()
    assert at.sidebar.radio(key="source").options == ["sample", "upload", "edit"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_opened_file_that_went_away_falls_back_to_a_sample(tmp_path, monkeypatch, lang):
    monkeypatch.setenv(ENV, Opened(str(tmp_path / "gone.csv")).to_env()[ENV])
    at = AppTestStart(lang)
    assert not at.exception and not at.error
    words = {"en": "cannot be read any more", "zh": "已无法读取"}[lang]
    assert words in shown(at.sidebar.warning[0].value)
    assert "chart_pca" in charts(at)


def AppTestStart(lang: str):
    at = start()
    if lang != "en":
        at.sidebar.radio(key="lang").set_value(lang).run()
    return at


def test_legends_in_natural_order_numbers_by_value(tmp_path, monkeypatch):
    rng = np.random.default_rng(4)
    vectors = tmp_path / "vectors.tsv"
    vectors.write_text("\n".join("\t".join(f"{v:.4f}" for v in row) for row in rng.normal(size=(24, 5))) + "\n")
    sizes, shelves = ["10", "2", "-1", "2.5"], ["c10", "c2", "c1"]
    meta = tmp_path / "metadata.tsv"
    meta.write_text("name\tsize\tshelf\n" + "\n".join(f"item {i}\t{sizes[i % 4]}\t{shelves[i % 3]}" for i in range(24))
                    + "\n", encoding="utf-8")
    monkeypatch.setenv(ENV, Opened(str(vectors), str(meta)).to_env()[ENV])
    at = start()
    colour = widget(at.selectbox, "Colour by")
    colour.set_value(Colour("category", "size")).run()
    assert [t["name"] for t in charts(at)["legend"]["data"]] == ["-1", "2", "2.5", "10"]
    colour.set_value(Colour("category", "shelf")).run()
    assert [t["name"] for t in charts(at)["legend"]["data"]] == ["c1", "c2", "c10"]
    colour.set_value(Colour("number", "size")).run()  # the same column of numbers, on a scale
    marker = charts(at)["chart_pca"]["data"][0]["marker"]
    assert (marker["cmin"], marker["cmax"]) == (-1.0, 10.0)


def test_the_search_follows_a_new_preparation_and_clear_empties_it():
    at = upload(start(), "words.csv", words_csv())
    at.text_input(key="select_text").set_value("rat").run()
    at.sidebar.radio(key="scaling").set_value("standard").run()  # another prepared table: the same search on it
    assert "**13** of 20 items selected" in markdown(at)
    at.text_input(key="select_text").set_value("zzz").run()
    assert "No item matches zzz in every text column." in shown(markdown(at))
    at.button(key="clear_selection").click().run()
    assert at.text_input(key="select_text").value == ""


def test_isolating_a_large_selection_draws_it_alone(monkeypatch):
    from views import selecting

    monkeypatch.setattr(selecting, "ISOLATE_NEIGHBOURS_UP_TO", 20)
    at = start()
    at.sidebar.selectbox(key="sample").set_value("iris").run()
    at.text_input(key="select_text").set_value("versicolor").run()  # 50 items: more than 20
    at.toggle(key="isolate").set_value(True).run()
    caption = next(c.value for c in at.caption if c.value.startswith("Isolated"))
    assert caption.startswith("Isolated: drawing 51 items — the 50 selected (too many")  # and the anchor, iris 1
    assert len(decode(charts(at)["chart_pca"]["data"][0]["x"])) == 51
