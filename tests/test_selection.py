"""Selecting many items: search, chart selections, isolate, the linked table's frame, the selection CSV,
colouring by a column of numbers, natural-order legends, the file handed to the page by ``explorer view``."""
from __future__ import annotations

import io
import threading
import time

import numpy as np
import pandas as pd
import pytest

from conftest import MOVIES, make_table
from explorer import ingest
from explorer.errors import InputError
from explorer.neighbours import neighbors, to_anchor
from explorer.opened import ENV, Opened, address_url, app_path, opened
from explorer.present import figures, selection, tables
from explorer.table import prepare
from explorer.words import localise

WORDS = ["rat", "rate", "ratio", "pirate", "Rattle", "cat", "bat", "小猫", "电影A", "电影B", "a.b", "[x]*", "c++"]


def word_table():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(len(WORDS), 4))
    return make_table(X, WORDS, kind=["animal" if w in ("rat", "cat", "bat", "小猫") else "other" for w in WORDS],
                      note=["電影 movie" if w.startswith("电影") else "" for w in WORDS])


def found(table, pattern, **kw):
    prepared = prepare(table)
    return [prepared.labels[i] for i in selection.search(table, prepared.labels, prepared.rows, pattern, **kw)]


def test_substring_selects_every_item_containing_it_ignoring_case():
    table = word_table()
    assert found(table, "rat") == ["rat", "rate", "ratio", "pirate", "Rattle"]
    assert found(table, "电影") == ["电影A", "电影B"]
    assert found(table, "猫") == ["小猫"]
    assert found(table, "") == []


def test_substring_takes_regex_characters_as_they_are():
    table = word_table()
    assert found(table, "a.b") == ["a.b"]
    assert found(table, "[x]*") == ["[x]*"]
    assert found(table, "c++") == ["c++"]


def test_regex_anchors_and_classes():
    table = word_table()
    assert found(table, "^rat", mode="regex") == ["rat", "rate", "ratio", "Rattle"]
    assert found(table, "^电影[AB]$", mode="regex") == ["电影A", "电影B"]
    assert found(table, r"^\w\.\w$", mode="regex") == ["a.b"]


def test_text_columns_are_searched_too_or_only_the_one_chosen():
    table = word_table()
    assert found(table, "animal") == ["rat", "cat", "bat", "小猫"]
    assert found(table, "movie") == ["电影A", "电影B"]
    assert found(table, "animal", everywhere=False) == []  # the label only
    assert found(table, "animal", everywhere=False, column="kind") == ["rat", "cat", "bat", "小猫"]
    assert selection.text_columns(table) == ["kind", "note"]


def test_a_bad_regex_names_the_pattern_and_what_to_do_in_both_languages():
    table = word_table()
    with pytest.raises(InputError) as caught:
        found(table, "电影[", mode="regex")
    message = str(caught.value)
    assert message.startswith("'电影[' is not a valid regular expression (")
    assert "choose plain text matching" in message
    assert localise(caught.value, "zh").startswith("'电影[' 不是有效的正则表达式")
    with pytest.raises(InputError, match="keep it under 500"):
        found(table, "a" * 501)


def test_a_regex_that_backtracks_for_ever_is_stopped_and_lets_other_sessions_run(monkeypatch):
    # (a|aa)+$ on 40 a's and a "!" tries every way to split the a's (~10^8 of them): Python's re would hold
    # the server, every session in it, for minutes
    monkeypatch.setattr(selection, "SEARCH_SECONDS", 0.5)
    labels = ["rat", "a" * 40 + "!", "cat"]
    table = make_table(np.eye(3), labels)
    ticks, done = [], threading.Event()

    def another_session():
        while not done.is_set():
            ticks.append(time.monotonic())
            time.sleep(0.01)

    threading.Thread(target=another_session, daemon=True).start()
    started = time.monotonic()
    try:
        with pytest.raises(InputError) as caught:
            found(table, "(a|aa)+$", mode="regex")
    finally:
        done.set()
    assert time.monotonic() - started < 3.0
    assert len(ticks) >= 10, ticks  # the other thread ran while the search did
    message = str(caught.value)
    assert "'(a|aa)+$' was still searching after 0.5 s (at item 'aaaa" in message, message
    assert "choose plain text matching" in message
    assert localise(caught.value, "zh").startswith("正则表达式 '(a|aa)+$' 搜索了 0.5 秒仍未结束")
    assert found(table, "(a|aa)+!$", mode="regex") == [labels[1]]  # the same kind of pattern that can finish


def test_search_follows_prepared_rows_after_a_dropped_row():
    X = MOVIES.copy()
    X = np.vstack([X, [np.nan, 1, 1, 1]])
    table = make_table(X, ["电影A", "电影B", "电影C", "电影D"], kind=["a", "b", "c", "d"])
    prepared = prepare(table)  # 电影D has a missing value: dropped
    assert list(prepared.labels) == ["电影A", "电影B", "电影C"]
    assert found(table, "c", everywhere=False, column="kind") == ["电影C"]


def test_chart_rows_keep_the_data_trace_and_map_drawn_points_to_items():
    points = [{"curve_number": 0, "point_index": 2}, {"curve_number": 3, "point_index": 0},
              {"curve_number": 0, "point_index": 0}, {"curve_number": 0, "point_index": 2}]
    assert selection.chart_rows(points, None).tolist() == [0, 2]
    assert selection.chart_rows(points, np.array([5, 7, 9])).tolist() == [5, 9]
    assert selection.chart_rows([], None).tolist() == []


def test_isolate_is_the_selection_with_each_ones_nearest_and_the_anchor():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 5))
    chosen = np.array([3, 40])
    idx, _ = neighbors(X, k=4, metric="cosine", rows=chosen)
    got = selection.isolate(X, chosen, k=4, metric="cosine", keep=[0])
    assert got.tolist() == sorted({0, 3, 40, *idx.ravel().tolist()})
    assert selection.isolate(X, np.array([], dtype=int), k=4, keep=[7]).tolist() == [7]


def test_items_frame_is_closest_first_with_similarity_and_selected_columns():
    table = make_table(MOVIES, ["电影A", "电影B", "电影C"], kind=["x", "y", "x"])
    prepared = prepare(table)
    closeness = to_anchor(prepared.X, 0, "cosine")
    frame = selection.items_frame(prepared.labels, np.array([0, 1, 2]), closeness, "cosine", table=table,
                                  rows=prepared.rows, selected=np.array([1]), columns=["kind"])
    assert frame.index.tolist() == [0, 2, 1]  # positions, closest first
    assert frame["item"].tolist() == ["电影A", "电影C", "电影B"]
    np.testing.assert_allclose(frame["cosine similarity"], [1.0, 0.9498, 0.3467], atol=5e-5)
    assert frame["selected"].tolist() == [False, False, True]
    assert frame["kind"].tolist() == ["x", "x", "y"]
    zh = selection.items_frame(prepared.labels, np.array([0]), closeness, "euclidean", lang="zh")
    assert list(zh.columns) == ["条目", "欧氏距离"]


def test_closest_keeps_the_nearest_to_the_anchor():
    closeness = np.array([1.0, 0.1, 0.9, 0.5, 0.95])
    assert selection.closest(np.arange(5), closeness, "cosine", 3).tolist() == [0, 2, 4]
    assert selection.closest(np.arange(5), closeness, "euclidean", 2).tolist() == [1, 3]


def test_selection_csv_has_rows_labels_closeness_and_text_columns_neutralised():
    table = make_table(MOVIES, ["电影A", "=1+2", "电影C"], kind=["x", "@y", "x"])
    prepared = prepare(table)
    closeness = to_anchor(prepared.X, 0, "cosine")
    data = selection.selection_csv(prepared.labels, np.array([1, 2]), closeness, "cosine", table=table,
                                   rows=prepared.rows, label_name="电影")
    assert data.startswith("\ufeff".encode())
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(frame.columns) == ["row", "电影", "cosine_to_anchor", "kind"]
    assert frame["row"].tolist() == [2, 3]
    assert frame["电影"].tolist() == ["'=1+2", "电影C"]
    assert frame["kind"].tolist() == ["'@y", "x"]
    np.testing.assert_allclose(frame["cosine_to_anchor"], [0.3467, 0.9498], atol=5e-5)


def test_every_column_of_numbers_can_colour_on_a_scale():
    data = (b"name,year,score,x,y\n" + b"".join(f"item {i},{1990 + i % 4},{i * 0.5 if i != 3 else ''},{i},{i * i % 7}\n"
                                               .encode() for i in range(12)))
    table = ingest.read_table(data, filename="t.csv", features=["x", "y"])
    prepared = prepare(table)
    assert tables.numeric_columns(table) == ["year", "score"]
    choices = tables.colour_choices(table, prepared)
    number = tables.Colour("number", "score")
    assert number in choices and tables.Colour("number", "year") in choices
    assert number.name("en") == "score (scale)" and number.name("zh") == "score（色阶）"
    values, name = tables.colour_values(table, prepared, number, None)
    assert name == "score" and np.isnan(values[3]) and values[4] == 2.0
    assert tables.colour_range(values) == (0.0, 5.5)
    assert tables.missing_numbers(values) == 1
    assert tables.missing_numbers(["a", "b"]) == 0 and tables.colour_range(["1", "2"]) is None


def test_scatter_colours_a_missing_number_grey_and_keeps_one_scale():
    Y = np.arange(8, dtype=float).reshape(4, 2)
    figure = figures.scatter(Y, list("abcd"), color=np.array([1.0, np.nan, 3.0, 5.0]), color_range=(0.0, 10.0))
    marker = figure.data[0].marker
    assert (marker.cmin, marker.cmax) == (0.0, 10.0)
    assert np.isfinite(np.asarray(marker.color)).all()
    grey = [t for t in figure.data[1:] if isinstance(t.marker.color, str) and t.marker.color == figures.OTHER_COLOR]
    assert len(grey) == 1 and list(grey[0].x) == [2.0]


def test_scatter_fades_all_but_the_selection_and_keeps_its_trace_count():
    Y = np.arange(20, dtype=float).reshape(10, 2)
    kinds = ["b", "a"] * 5
    plain = figures.scatter(Y, list("abcdefghij"), color=kinds, legend=False)
    chosen = figures.scatter(Y, list("abcdefghij"), color=kinds, legend=False, selected=[1, 4])
    assert len(plain.data) == len(chosen.data)  # the chart keeps its identity when a selection is made
    assert plain.data[0].marker.opacity == 0.85 and chosen.data[0].marker.opacity == 0.25
    ringed = [t for t in chosen.data[1:] if t.marker.line and t.marker.line.color == "#222222"]
    assert len(ringed) == 1 and list(ringed[0].x) == [2.0, 8.0]
    # in its own category colours, on the same scale as the faded points
    np.testing.assert_array_equal(np.asarray(ringed[0].marker.color), np.asarray(chosen.data[0].marker.color)[[1, 4]])
    assert ringed[0].marker.cmax == chosen.data[0].marker.cmax


def test_legends_in_natural_order():
    assert figures.natural_order(["c10", "c2", "c1"]) == ["c1", "c2", "c10"]
    assert figures.natural_order(["10", "-1", "2.5", "nan", ""]) == ["-1", "2.5", "10", "", "nan"]
    assert figures.natural_order(["digit 10", "digit 9", "None"]) == ["digit 9", "digit 10", "None"]
    assert list(figures.category_colors(["1e3", "20", "3"])) == ["3", "20", "1e3"]


def test_opened_file_travels_in_one_variable(tmp_path):
    path = tmp_path / "电影.csv"
    path.write_text("x\n")
    env = Opened(str(path), None, ("pca", "tsne")).to_env()
    back = opened(env)
    assert back == Opened(str(path.resolve()), None, ("pca", "tsne"))
    assert back.name == "电影.csv"
    assert opened({}) is None and opened({ENV: "not json"}) is None
    assert Opened("v.tsv", "m.tsv").name == "v.tsv + m.tsv"


def test_the_page_is_found_and_its_address_said():
    assert app_path().name == "app.py" and app_path().is_file()
    assert address_url("127.0.0.1", 8501) == "http://127.0.0.1:8501"
    assert address_url("0.0.0.0", 80) == "http://localhost:80"
    assert address_url("::1", 9000) == "http://[::1]:9000"


def test_a_typed_label_finds_the_label_itself_then_its_start_then_a_part():
    labels = ["cat", "Concatenate", "scatter", "猫咪", "dog"]
    assert selection.best_match(labels, "  CAT ") == 0  # the label itself, whatever the case and spacing
    assert selection.best_match(labels, "con") == 1  # else the first that starts with it
    assert selection.best_match(labels, "atte") == 2  # else the first that contains it
    assert selection.best_match(labels, "咪") == 3
    assert selection.best_match(labels, "bird") is None and selection.best_match(labels, " ") is None
