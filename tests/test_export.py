import io
import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st
from explorer.present import export
from explorer.errors import InputError


def test_formula_cells_are_neutralised_and_numbers_untouched():
    frame = export.coordinates_frame(["=1+2", "+cmd", "-2", "@SUM(A1)", "\tx", "\rx", "电影A"],
                                     np.arange(14, dtype=float).reshape(7, 2) - 3)
    text = export.csv_bytes(frame).decode("utf-8-sig")
    back = pd.read_csv(io.StringIO(text), keep_default_na=False)
    assert back["label"].tolist() == ["'=1+2", "'+cmd", "'-2", "'@SUM(A1)", "'\tx", "'\rx", "电影A"]
    assert back["x"].tolist() == [-3.0, -1.0, 1.0, 3.0, 5.0, 7.0, 9.0]


def test_csv_has_a_bom_for_excel():
    data = export.csv_bytes(export.coordinates_frame(["电影A"], np.zeros((1, 2))))
    assert data.startswith(b"\xef\xbb\xbf") and "电影A".encode() in data


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(), min_size=1, max_size=6),
       st.lists(st.floats(allow_nan=False, allow_infinity=False, width=64), min_size=18, max_size=18))
def test_round_trip_and_no_trigger_at_the_start(labels, values):
    Y = np.array(values[: 3 * len(labels)]).reshape(-1, 3)[: len(labels)]
    if len(Y) < len(labels):
        return
    data = export.csv_bytes(export.coordinates_frame(labels, Y, categories={"c": labels}))
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False, dtype={"label": str, "c": str})
    np.testing.assert_allclose(back[["x", "y", "z"]].to_numpy(float), Y, rtol=1e-12, atol=0)
    for cell in back["label"].tolist() + back["c"].tolist():
        assert not str(cell).startswith(export.FORMULA_TRIGGERS)


def test_neighbours_text_matches_the_cli_format():
    assert export.neighbors_text(["电影A", "电影B", "电影C"], np.array([[2, 1]]), np.array([[0.94983, 0.34674]])) == [
        "电影C:0.9498|电影B:0.3467"]


def test_recipe_round_trip_and_bad_recipe():
    recipe = export.Recipe(projection={"method": "pca", "dims": 2, "seed": 0, "params": {}}, input_name="电影.csv",
                           input_fingerprint=export.fingerprint(b"abc"), roles={"label": "电影"})
    again = export.Recipe.from_json(recipe.to_json())
    assert again == recipe
    assert json.loads(recipe.to_json())["input"]["fingerprint"].startswith("sha256:")
    with pytest.raises(InputError, match="recipe"):
        export.Recipe.from_json("{not json")
    with pytest.raises(InputError, match="recipe"):
        export.Recipe.from_json("[1, 2]")
