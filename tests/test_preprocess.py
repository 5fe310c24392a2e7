import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra.numpy import arrays
from explorer.errors import DataError
from explorer.table.preprocess import ColumnStats, prepare
from conftest import MOVIES, make_table


def test_default_keeps_the_tutorial_numbers(movies):
    prepared = prepare(movies)
    np.testing.assert_array_equal(prepared.X, MOVIES)
    assert prepared.labels == ["电影A", "电影B", "电影C"]
    assert prepared.notes == []


def test_standardize_and_l2():
    X = np.array([[1.0, 100.0], [2.0, 300.0], [3.0, 200.0]])
    standard = prepare(make_table(X), scaling="standard").X
    np.testing.assert_allclose(standard.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(standard.std(axis=0), 1)
    l2 = prepare(make_table(X), scaling="l2").X
    np.testing.assert_allclose(np.linalg.norm(l2, axis=1), 1)


def test_scale_warning_suggests_standardize():
    X = np.array([[1.0, 1e5], [2.0, 3e5], [3.0, 2e5]])
    notes = prepare(make_table(X)).notes
    assert any("standard" in note for note in notes)


def test_missing_policies_name_rows_and_columns():
    X = np.array([[1.0, 2.0], [np.nan, 3.0], [4.0, np.inf], [5.0, 6.0]])
    table = make_table(X, ["a", "b", "c", "d"], ["x", "y"])
    dropped = prepare(table, missing="drop")
    assert dropped.labels == ["a", "d"] and list(dropped.rows) == [0, 3]
    assert "rows 2, 3" in dropped.notes[0] and "'x'" in dropped.notes[0]
    filled = prepare(table, missing="mean")
    np.testing.assert_allclose(filled.X[1, 0], (1 + 4 + 5) / 3)
    np.testing.assert_allclose(filled.X[2, 1], (2 + 3 + 6) / 3)
    with pytest.raises(DataError, match=r"'x': rows 2.*'y': rows 3"):
        prepare(table, missing="error")


def test_constant_column_dropped_unless_named():
    X = np.array([[1.0, 7.0], [2.0, 7.0], [3.0, 7.0]])
    assert prepare(make_table(X)).features == ["f0"]
    assert prepare(make_table(X), keep=["f1"]).features == ["f0", "f1"]


def test_zero_rows_and_duplicates_are_kept():
    X = np.array([[0.0, 0.0], [1.0, 2.0], [1.0, 2.0]])
    assert prepare(make_table(X), scaling="l2").X.shape == (3, 2)


@pytest.mark.parametrize("big", [1e39, 1e200, 1e-30, 5e-324])
def test_extreme_magnitudes_are_rescaled_with_a_note(big):
    X = np.array([[big, 2 * big], [3 * big, big], [0.0, big]])
    prepared = prepare(make_table(X))
    assert 0.1 <= np.abs(prepared.X).max() < 10
    assert "divided by" in prepared.notes[-1]


@pytest.mark.parametrize("size", [1e-300, 1e-200, 1.0, 1e200, 1e307])
def test_column_statistics_merged_block_by_block_equal_numpy_at_any_magnitude(size):
    """What batch mode gathers a block at a time is what the whole column gives; no square over- or underflows."""
    rng = np.random.default_rng(1)
    X = rng.normal(size=(500, 3)) * size * np.array([1.0, 0.3, 0.01]) + np.array([0.0, 5.0, -2.0]) * size
    X[rng.random(X.shape) < 0.1] = np.nan
    whole, blocks = ColumnStats(3), ColumnStats(3)
    whole.add(X)
    for s in range(0, 500, 37):
        blocks.add(X[s:s + 37])
    filled = np.where(np.isnan(X), np.nanmean(X / size, axis=0) * size, X)  # missing='mean'
    for stats in (whole, blocks):
        assert stats.rows == 500 and (stats.count == (~np.isnan(X)).sum(axis=0)).all()
        np.testing.assert_allclose(stats.mean / size, np.nanmean(X / size, axis=0), rtol=1e-13)
        np.testing.assert_allclose(stats.std() / size, np.std(filled / size, axis=0), rtol=1e-12)
        assert (stats.low == np.nanmin(X, axis=0)).all() and (stats.high == np.nanmax(X, axis=0)).all()


@pytest.mark.parametrize("size", [1e-200, 1e200])
def test_standard_scaling_of_extreme_magnitudes(size):
    X = np.array([[1.0, 10.0], [2.0, 30.0], [4.0, 20.0]])
    prepared = prepare(make_table(X * size), scaling="standard")
    np.testing.assert_allclose(prepared.X, prepare(make_table(X), scaling="standard").X, atol=1e-12)


def test_bad_options_list_the_choices(movies):
    with pytest.raises(DataError, match="none, standard, l2"):
        prepare(movies, scaling="zscore")
    with pytest.raises(DataError, match="not in the table"):
        prepare(movies, keep=["票房"])


@settings(max_examples=200, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(1, 8), st.integers(1, 5)),
              elements=st.floats(allow_nan=True, allow_infinity=True, width=64)),
       st.sampled_from(["none", "standard", "l2"]), st.sampled_from(["drop", "mean", "error"]))
def test_prepare_gives_finite_output_or_a_data_error(X, scaling, missing):
    try:
        prepared = prepare(make_table(X), scaling=scaling, missing=missing)
    except DataError:
        return
    assert np.isfinite(prepared.X).all()
    assert prepared.X.shape[0] == len(prepared.labels) == len(prepared.rows)
