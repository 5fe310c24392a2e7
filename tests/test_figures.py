import base64
import json

import numpy as np
import plotly.io as pio

from explorer.present import charts, figures

HOSTILE = [
    '<img src=x onerror=alert(1)>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="%">bad</a>',
    '<span style="position:fixed;width:300px;height:300px">o</span>',
    '%{hovertext}',
    '%{customdata[0]}',
    'tab\there\x00\x1b[31m',
    'x' * 500,
]


def strings_in(obj):
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for key, value in obj.items():
            yield from strings_in(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from strings_in(value)


def test_data_strings_never_reach_plotly_as_markup():
    n = len(HOSTILE)
    figure = figures.scatter(
        np.random.default_rng(0).normal(size=(n, 2)), HOSTILE, title="t", axis_names=HOSTILE[:2],
        color=HOSTILE, color_name=HOSTILE[3], anchor=0, closeness=np.linspace(-1, 1, n),
        ranks=(np.arange(n), np.arange(n)), details=HOSTILE, marked=[1],
    )
    spec = json.loads(pio.to_json(figure))
    for text in strings_in(spec["data"]):
        assert "<a" not in text and "<img" not in text and "<span" not in text and "\x00" not in text
    plain = figures.scatter(np.zeros((n, 2)), ["a"] * n, closeness=np.zeros(n), ranks=(np.arange(n),) * 2,
                            details=["d"] * n)
    assert spec["data"][0]["hovertemplate"] == plain.data[0].hovertemplate  # data never enters a template
    assert all(len(label) <= figures.MAX_LABEL * 6 for label in spec["data"][0]["hovertext"])
    assert spec["data"][0]["hovertext"][0] == "&lt;img src=x onerror=alert(1)&gt;"
    legend = [trace["name"] for trace in spec["data"][1:] if trace.get("showlegend")]
    assert "&lt;img src=x onerror=alert(1)&gt;" in legend
    assert "<" not in json.dumps(spec["layout"]["xaxis"]["title"])


def test_point_i_is_row_i_and_webgl_for_large_tables():
    Y = np.random.default_rng(1).normal(size=(3000, 2))
    figure = figures.scatter(Y, [str(i) for i in range(3000)])
    assert figure.data[0].type == "scattergl"
    np.testing.assert_allclose(np.asarray(figure.data[0].x), Y[:, 0].astype(np.float32))
    assert figures.scatter(Y[:10], list("abcdefghij")).data[0].type == "scatter"
    assert figures.scatter(np.zeros((4, 3)), list("abcd")).data[0].type == "scatter3d"


def test_same_category_same_colour_in_every_panel():
    a = figures.category_colors(["b", "a", "c"])
    b = figures.category_colors(["c", "c", "a", "b"])
    assert a == b


def test_heatmap_keeps_duplicate_labels_apart():
    figure = charts.heatmap(np.eye(3), ["同", "同", "<b>x</b>"])
    assert list(figure.layout.xaxis.ticktext) == ["同", "同", "&lt;b&gt;x&lt;/b&gt;"]
    assert figure.data[0].z.shape == (3, 3)


def test_heatmap_spans_the_values_there_are_and_names_its_measure():
    S = np.array([[1.0, 0.93, 0.81], [0.93, 1.0, 0.88], [0.81, 0.88, 1.0]])  # real embeddings: all near 1
    figure = charts.heatmap(S, ["a", "b", "c"])
    assert (figure.data[0].zmin, figure.data[0].zmax) == (0.81, 0.93)  # not 0..1: a solid block otherwise
    assert figure.data[0].colorbar.title.text == "cosine similarity"
    distances = charts.heatmap(np.array([[0, 2.0], [2.0, 0]]), ["a", "b"], metric="euclidean", lang="zh")
    assert distances.data[0].colorbar.title.text == "欧氏距离" and "欧氏距离" in distances.data[0].hovertemplate


def test_categories_in_natural_order_and_one_shared_legend():
    names = ["c10", "c2", "c1", "c0", "digit 9", "digit 10"]
    assert list(figures.category_colors(names)) == ["c0", "c1", "c2", "c10", "digit 9", "digit 10"]
    panel = figures.scatter(np.zeros((6, 2)), list("abcdef"), color=names, legend=False)
    assert not any(trace.showlegend for trace in panel.data)  # the page draws one legend for every panel
    shared = figures.legend(names + ["<b>x</b>"], "kind")
    assert [trace.name for trace in shared.data] == ["&lt;b&gt;x&lt;/b&gt;", "c0", "c1", "c2", "c10", "digit 9",
                                                     "digit 10"]
    bar = figures.legend(np.array([0.0, 0.5, 1.0]), "kept")
    assert bar.data[0].marker.showscale and bar.data[0].marker.colorbar.orientation == "h"


def test_both_axes_have_the_same_units():
    Y = np.c_[np.linspace(-1, 1, 5), 1e-16 * np.arange(5)]  # three points on a line: y is rounding noise
    figure = figures.scatter(Y, list("abcde"))
    assert figure.layout.yaxis.scaleanchor == "x" and figure.layout.yaxis.scaleratio == 1


def test_loadings_draws_the_longest_arrows_with_escaped_names():
    W = np.array([[0.1, -0.9, 0.0, 0.5], [0.2, 0.1, 0.05, 0.5]])
    names = ["a", "<img src=x onerror=alert(1)>", "c", "动作"]
    figure = charts.loadings(W, names, top=3)
    shafts, heads = figure.data
    assert list(heads.text) == ["&lt;img src=x onerror=alert(1)&gt;", "动作", "a"]
    assert list(zip(heads.x, heads.y)) == [(-0.9, 0.1), (0.5, 0.5), (0.1, 0.2)]
    np.testing.assert_allclose(heads.marker.angle, [90 - np.degrees(np.arctan2(0.1, -0.9)), 45, 90 - np.degrees(np.arctan2(0.2, 0.1))])
    assert list(shafts.x) == [0.0, -0.9, None, 0.0, 0.5, None, 0.0, 0.1, None]  # each arrow starts at the origin


def test_hover_details_do_not_replace_the_figure_title():
    figure = figures.scatter(np.zeros((2, 2)) + [[0, 0], [1, 1]], ["a", "b"], title="seed 1",
                             about=["nearest: b .90", "nearest: a .90"])
    assert figure.layout.title.text == "seed 1"
    assert "nearest: %{text}" in figure.data[0].hovertemplate


def test_our_template_as_plotly_default_gives_the_same_figure(monkeypatch):
    Y, labels = np.array([[0.0, 1.0], [2.0, 3.0]]), ["a", "b"]
    explicit = figures.scatter(Y, labels, title="t").to_plotly_json()
    monkeypatch.setattr(pio.templates, "default", pio.templates.default)  # restored after the test
    figures.use_our_template_by_default()
    by_default = figures.scatter(Y, labels, title="t").to_plotly_json()
    assert json.dumps(by_default, sort_keys=True, default=str) == json.dumps(explicit, sort_keys=True, default=str)
    assert by_default["layout"]["template"]["layout"]["plot_bgcolor"] == "white"


def test_what_follows_the_anchor_is_taken_out_and_put_back():
    """The page hands the browser the anchor's part on its own, so the rest of a figure must be the same for every
    anchor (the chart then stays drawn), and putting the part back must give the whole figure."""
    Y = np.random.default_rng(0).normal(size=(50, 2))
    labels = [f"item {i}" for i in range(50)]

    def scatter(anchor):
        closeness = -np.linalg.norm(Y - Y[anchor], axis=1)
        return figures.scatter(Y, labels, anchor=anchor, closeness=closeness, ranks=(np.argsort(closeness),) * 2,
                               details=[f"why: {anchor}\nnearest: x"] * 50, marked=[anchor + 1], metric="euclidean")

    whole = [scatter(3), scatter(7)]
    shells = [scatter(3), scatter(7)]
    parts = [figures.anchor_part(shell) for shell in shells]
    assert shells[0].to_json() == shells[1].to_json()  # one chart for every anchor
    assert parts[0].key != parts[1].key and parts[0].key == figures.anchor_part(scatter(3)).key
    star = parts[1].traces[-1][1]
    assert star["x"] == [float(np.float32(Y[7, 0]))] and star["y"] == [float(np.float32(Y[7, 1]))]
    for figure, shell, part in zip(whole, shells, parts):  # (hover numbers come back to 6 decimals)
        assert same_numbers(json.loads(figures.with_anchor_part(shell, part).to_json()), json.loads(figure.to_json()))


def test_the_heatmap_keeps_one_chart_for_every_anchor():
    S = np.eye(3)
    a, b = charts.heatmap(S, ["a", "b", "c"]), charts.heatmap(S * 0.5 + 0.1, ["d", "e", "f"])
    part_a, part_b = figures.anchor_part(a), figures.anchor_part(b)
    assert a.to_json() == b.to_json()
    assert part_b.layout["xaxis.ticktext"].tolist() == ["d", "e", "f"] and part_a.key != part_b.key
    assert list(figures.with_anchor_part(b, part_b).layout.yaxis.ticktext) == ["d", "e", "f"]


def same_numbers(a, b) -> bool:
    """Equal JSON figures, plotly's typed arrays ({dtype, bdata}) and JSON lists compared by their numbers."""
    typed = lambda v: isinstance(v, dict) and "bdata" in v  # noqa: E731
    if typed(a) or typed(b):
        return np.allclose(np.asarray(unpack(a), float), np.asarray(unpack(b), float))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_numbers(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_numbers(x, y) for x, y in zip(a, b))
    return a == b


def unpack(array):
    if not isinstance(array, dict):
        return array
    values = np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"]))
    return values.reshape([int(s) for s in str(array["shape"]).split(",")]) if "shape" in array else values
