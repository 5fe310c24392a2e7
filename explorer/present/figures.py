"""The only Plotly code (with ``charts``): scatter panels and their shared legend.

Every string that comes from data (labels, categories, column and file names)
passes through ``safe_text`` before it reaches Plotly: plotly.js renders a
subset of HTML in hover text, legends and titles, so data is escaped, stripped
of control characters and shortened for display. Data never goes into a
``hovertemplate``: templates hold only our own words and ``%{...}`` fields.
"""
from __future__ import annotations

import hashlib
import html
import math
import re
import unicodedata
from typing import Iterable, NamedTuple, Sequence

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

from ..words import localise, t

WEBGL_FROM = 2000
NAMES_ON_CHART_UP_TO = 40  # small tables (the tutorial's) show every label beside its point
MAX_LABEL = 60
LEGEND_WIDTH = 520  # px the shared legend has at least (a 1,000 px window with the sidebar open)
PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#393b79", "#e7ba52", "#843c39", "#7b4173", "#3182bd", "#31a354",
    "#756bb1", "#636363", "#e6550d", "#969696",
)
OTHER_COLOR = "#c7c7c7"
COLORSCALE = "Viridis"
# hover titles of anchor.hover_details and nearest_lines, said once in the template when every point has them
_DETAIL_TITLES = ("hover_neighbours", "hover_why_cosine", "hover_why_euclidean")
_WHITE = None
TEMPLATE = "explorer_white"  # our template's name in plotly.io.templates
_WHITE_LAYOUT = ("autotypenumbers", "colorway", "font", "hovermode", "hoverlabel", "paper_bgcolor", "plot_bgcolor",
                 "coloraxis", "colorscale", "xaxis", "yaxis", "scene", "shapedefaults", "annotationdefaults", "title")
_FIXED_WIDTH_MAX = 16_000_000  # characters (64 MB) in one fixed-width string array; more: an object array
_JOIN, _NEWLINE = "\ue000", "\ue001"  # private-use characters: markers for safe_texts
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


def plotly_white() -> go.layout.Template:
    """Plotly's "plotly_white" look, restricted to what our figures use (2-D/3-D scatter, heatmap).

    Plotly copies and checks a figure's whole template every time a figure is
    built (and again in st.plotly_chart): the full one (polar, geo, ternary, 24
    trace types) cost ~11 ms per figure here, this subset ~4 ms, and ships 2 KB
    instead of 7 KB. Our figures look the same: only unused parts are left out.
    """
    global _WHITE
    if _WHITE is None:
        full = pio.templates["plotly_white"]
        _WHITE = go.layout.Template(
            layout={key: full.layout[key] for key in _WHITE_LAYOUT},
            data={kind: full.data[kind] for kind in ("scatter", "scattergl", "scatter3d", "heatmap")},
        )
        pio.templates[TEMPLATE] = _WHITE
    return _WHITE


def use_our_template_by_default() -> None:
    """Make our template plotly's default in this process (the page calls it once).

    A default template is attached to each new figure without being checked again:
    ~1 ms per figure instead of ~7 ms for ``template=`` (3-4 figures per rerun).
    """
    plotly_white()
    pio.templates.default = TEMPLATE


def _template() -> dict:
    """``template=`` for a figure's layout, unless ours is already the default."""
    return {} if pio.templates.default == TEMPLATE else {"template": plotly_white()}


def safe_text(value: object, max_len: int = MAX_LABEL) -> str:
    """Data → text plotly.js shows literally: no markup, no control characters, bounded length."""
    text = _CONTROL.sub(" ", str(value))
    if len(text) > max_len:
        text = text[: max_len - 1] + "…"
    # quote=False: plotly.js decodes &lt; &gt; &amp; but shows &quot; literally; quotes are harmless
    # once no tag can open
    return html.escape(text, quote=False)


def safe_texts(values: Sequence[object], max_len: int = MAX_LABEL, *, newlines: bool = False) -> np.ndarray:
    """``safe_text`` of every value, as a numpy string array (Plotly takes it without checking each element).

    The values are escaped together, joined by a private-use character, in one
    pass of ``safe_text`` (10k labels: ~5 ms instead of ~35 ms one by one, and
    Plotly's per-element validation of a list, ~40 ms, is skipped). A fixed-width
    array is copied as one block when Plotly and Streamlit deep-copy the figure
    (an object array: string by string); past ``_FIXED_WIDTH_MAX`` characters in
    all it is an object array. ``newlines=True``: a newline becomes <br> rather
    than a space (hover details have lines).
    """
    texts = [v if isinstance(v, str) else str(v) for v in values]
    if not texts:
        return np.empty(0, dtype=object)
    joined = _JOIN.join(texts)
    if joined.count(_JOIN) != len(texts) - 1 or _NEWLINE in joined:  # the data holds our markers: one by one
        parts = [safe_text(t.replace("\n", _NEWLINE) if newlines else t, max_len) for t in texts]
        return _string_array([p.replace(_NEWLINE, "<br>") for p in parts] if newlines else parts)
    if max(map(len, texts)) > max_len:
        joined = _JOIN.join(t if len(t) <= max_len else t[: max_len - 1] + "…" for t in texts)
    if newlines:
        joined = joined.replace("\n", _NEWLINE)
    joined = safe_text(joined, len(joined))  # the same escaping, no shortening (done above)
    if newlines:
        joined = joined.replace(_NEWLINE, "<br>")
    return _string_array(joined.split(_JOIN))


def _string_array(parts: list[str]) -> np.ndarray:
    width = max(map(len, parts))
    if width * len(parts) <= _FIXED_WIDTH_MAX:
        return np.array(parts, dtype=f"<U{max(width, 1)}")
    out = np.empty(len(parts), dtype=object)
    out[:] = parts
    return out


def natural_key(text: str) -> list:
    """Sort key that puts "c2" before "c10" and "digit 9" before "digit 10"."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part.lower()) for part in re.split(r"(\d+)", text) if part]


_NUMBER = re.compile(r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*")
_MISSING = {"", "nan", "none", "null", "na", "n/a", "<na>"}


def natural_order(names: Iterable[str]) -> list[str]:
    """Categories in the order a person expects: all numbers by value ("-1" < "2.5" < "10"), otherwise
    natural order ("c2" before "c10"); empty and missing-value names last."""
    names = list(dict.fromkeys(names))
    present = [n for n in names if n.strip().lower() not in _MISSING]
    absent = sorted((n for n in names if n.strip().lower() in _MISSING), key=natural_key)
    if present and all(_NUMBER.fullmatch(n) for n in present):
        return sorted(present, key=lambda n: (float(n), n)) + absent
    return sorted(present, key=natural_key) + absent


def category_colors(values: Sequence[object]) -> dict[str, str]:
    """A stable colour per category (in natural order), so every panel uses the same colours."""
    names = natural_order({str(v) for v in values})
    return {name: PALETTE[i] if i < len(PALETTE) else OTHER_COLOR for i, name in enumerate(names)}


def _layout(figure: go.Figure, title: str, axis_names: Sequence[str], dims: int, lang: str) -> None:
    axes = [safe_text(localise(a, lang), 40) for a in axis_names]
    common = dict(
        title=dict(text=title, font=dict(size=14)),
        **_template(),
        margin=dict(l=10, r=10, t=40, b=10),
        legend=dict(itemsizing="constant"),
        clickmode="event+select",
        dragmode="pan" if dims == 2 else "orbit",
        hoverlabel=dict(align="left"),
        uirevision="keep",
    )
    if dims == 3:
        figure.update_layout(scene=dict(xaxis_title=axes[0], yaxis_title=axes[1], zaxis_title=axes[2],
                                        aspectmode="data"), **common)  # equal units on every axis
    else:
        # Equal units on both axes: a picture of distances must not be stretched, and an axis whose spread is
        # negligible against the other (rounding noise, a table on a line) is drawn flat, not magnified.
        figure.update_layout(xaxis=dict(title=axes[0]), yaxis=dict(title=axes[1], scaleanchor="x", scaleratio=1),
                             **common)


def scatter(
    Y: np.ndarray,
    labels: Sequence[str],
    *,
    title: str = "",
    axis_names: Sequence[str] = ("x", "y", "z"),
    color: Sequence[object] | np.ndarray | None = None,
    color_name: str = "",
    color_range: tuple[float, float] | None = None,
    legend: bool = True,
    anchor: int | None = None,
    closeness: np.ndarray | None = None,
    metric: str = "cosine",
    ranks: tuple[np.ndarray, np.ndarray] | None = None,
    details: Sequence[str] | None = None,
    about: Sequence[str] | None = None,
    marked: Sequence[int] = (),
    added: Sequence[int] = (),
    selected: Sequence[int] | None = None,
    lang: str = "en",
) -> go.Figure:
    """One layout as a scatter; point i is row i of ``Y`` in the first trace.

    ``closeness``: each item's cosine with (``metric`` "cosine") or distance to ("euclidean")
    the anchor in the original space; ``ranks``: (rank among the anchor's neighbours in the
    original space, in this layout); ``details``: per-point hover lines that follow the anchor (why it is
    close), from data (escaped here); ``about``: per-point hover lines about the point itself (its nearest
    items, a formula), the same for every anchor, from data (escaped here); ``marked``: items drawn with a
    ring (false neighbours of the anchor); ``added``: items placed into an existing layout (what-if rows), drawn as squares.
    ``selected``: items selected (a search, a box or lasso): drawn in full colour with a dark outline,
    every other point faded; an empty selection fades nothing. Points whose colour number is missing
    (NaN) are drawn grey.
    ``legend=False`` leaves the categories' legend and the colour bar to one shared
    :func:`legend` for several panels.
    """
    n, dims = Y.shape
    coords = {axis: Y[:, j].astype(np.float32) for j, axis in enumerate("xyz"[:dims])}
    numbers = []
    template = "<b>%{hovertext}</b>"
    if closeness is not None:
        numbers.append(closeness)
        template += f"<br>{t(f'hover_{metric}', lang)}: %{{customdata[0]:{'.4f' if metric == 'cosine' else '.4g'}}}"
    if ranks is not None:
        numbers.extend(ranks)
        first = len(numbers) - 2
        template += (
            f"<br>{t('hover_rank', lang)}: {t('original', lang)} %{{customdata[{first}]:.0f}}"
            f" · {t('layout', lang)} %{{customdata[{first + 1}]:.0f}}"
        )
    if details is None:
        customdata = np.column_stack(numbers).astype(np.float32) if numbers else None
    else:  # after the numbers, in customdata: all that changes with the anchor in one array
        lines, lead = _detail_lines(details, lang)
        customdata = np.empty((n, len(numbers) + 1), dtype=object)
        for j, column in enumerate(numbers):  # as JSON numbers: 6 places are more than a hover shows
            customdata[:, j] = np.round(np.asarray(column, dtype=np.float64), 6)
        customdata[:, -1] = lines
        template += f"<br>{lead}%{{customdata[{len(numbers)}]}}"
    text = None
    if about is not None:
        text, lead = _detail_lines(about, lang)
        template += f"<br>{lead}%{{text}}"
    template += "<extra></extra>"

    size = 12 if n <= NAMES_ON_CHART_UP_TO else 7 if n < WEBGL_FROM else 4
    chosen = np.asarray([] if selected is None else selected, dtype=int)
    marker: dict = dict(size=size, opacity=0.25 if chosen.size else 0.85, line=dict(width=0))
    legend_items: list[tuple[str, str]] = []
    missing = np.empty(0, dtype=int)
    if color is not None:
        values = np.asarray(color, dtype=object)
        if _numeric(values):
            shade = np.asarray(values, dtype=np.float32)
            missing = np.flatnonzero(np.isnan(shade))
            if missing.size:  # drawn grey on top (an overlay); plotly.js has no colour for NaN
                shade = np.where(np.isnan(shade), np.nanmin(shade) if missing.size < n else 0, shade)
            marker.update(color=shade, colorscale=COLORSCALE, showscale=legend,
                          colorbar=dict(title=dict(text=safe_text(color_name, 30)), thickness=12))
            if color_range is None:  # said, so that the selection's overlay is coloured on the same scale
                finite = shade[np.isfinite(shade)]
                color_range = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
            marker.update(cmin=color_range[0], cmax=color_range[1])  # one scale for every panel
        else:
            palette = category_colors(values)
            marker.update(_category_marker(values, palette))
            legend_items = list(palette.items())[: len(PALETTE)] if legend else []

    kind = go.Scatter3d if dims == 3 else (go.Scattergl if n >= WEBGL_FROM else go.Scatter)
    if dims == 3:
        marker["size"] = 4
    trace = kind(
        **coords,
        mode="markers",
        marker=marker,
        meta=follows_anchor("customdata"),  # its hover's numbers and lines about the anchor
        hovertext=safe_texts(labels),
        text=text,
        customdata=customdata,
        hovertemplate=template,
        showlegend=False,
        name="",
    )
    figure = go.Figure(trace)
    for name, colour in legend_items:
        empty = {axis: [None] for axis in coords}
        figure.add_trace(
            kind(**empty, mode="markers", marker=dict(color=colour, size=8), name=safe_text(name, 30),
                 showlegend=True, hoverinfo="skip")
        )
    overlay = {"hoverinfo": "skip", "showlegend": False, "mode": "markers"}
    if n <= NAMES_ON_CHART_UP_TO:
        figure.add_trace(kind(**coords, **dict(overlay, mode="text"), text=[safe_text(label, 20) for label in labels],
                              textposition="top center", textfont=dict(size=12, color="#444444")))
    # The selection in its own colours, at full strength and outlined, over the faded rest.
    pick = {key: marker[key][chosen] if isinstance(marker.get(key), np.ndarray) else marker[key]
            for key in ("color", "colorscale", "cmin", "cmax") if key in marker}
    pick.setdefault("color", PALETTE[0])
    # Overlays, always present (empty when unused): a constant trace count keeps the chart's
    # identity across reruns, so a click that lands during a rerun is not lost.
    overlays = (
        (missing, dict(size=marker["size"], color=OTHER_COLOR, opacity=marker["opacity"])),  # no colour number
        (chosen, dict(pick, size=marker["size"] + (2 if dims == 2 else 1), showscale=False,
                      line=dict(width=1.5, color="#222222"))),  # the selection
        (marked, dict(size=14, symbol="circle-open", color="#d62728", line=dict(width=2))),  # false neighbours
        (added, dict(size=16, symbol="square-open", color="#ff7f0e", line=dict(width=3))),  # what-if rows
        ([] if anchor is None else [anchor],
         dict(size=18, symbol="diamond" if dims == 3 else "star", color="#000000", line=dict(width=1, color="#ffffff"))),
    )
    for number, (members, style) in enumerate(overlays):
        idx = np.asarray(members, dtype=int)
        follows = number in (2, 4)  # the false neighbours and the anchor's star change with the anchor
        figure.add_trace(kind(**{axis: c[idx] for axis, c in coords.items()}, marker=style, **overlay,
                              meta=follows_anchor(*coords) if follows else None))
    if dims == 2:  # a click selects its point in Plotly, which would fade every other point (and the star) until
        # the chart is drawn anew; the chart now stays drawn, so selection leaves every trace as it is drawn
        for trace in figure.data:
            same = dict(marker=dict(opacity=1 if trace.marker.opacity is None else trace.marker.opacity))
            trace.update(selected=same, unselected=same)
    _layout(figure, title, axis_names, dims, lang)
    if legend_items:
        figure.update_layout(legend_title_text=safe_text(color_name, 30))
    return figure


_FOLLOWS = "follows-anchor"


def follows_anchor(*names: str) -> str:
    """A trace's (or the layout's) ``meta`` naming its attributes that change with the anchor (``xaxis.ticktext``
    for a layout's): :func:`anchor_part` takes them out."""
    return " ".join((_FOLLOWS, *names))


class AnchorPart(NamedTuple):
    """What in a figure follows the anchor: ``traces`` [(trace, {attribute: numpy array or number})],
    ``layout`` {attribute path: numpy array or number}, and ``key``, their digest."""

    key: str
    traces: list
    layout: dict


def anchor_part(figure: go.Figure) -> AnchorPart:
    """Take out of ``figure`` what changes with the anchor (the attributes its ``meta`` names, see
    :func:`follows_anchor`), as restyle and relayout updates.

    What is left is the same figure for every anchor: the page keeps that chart drawn in the browser and
    updates only this part when the anchor moves (drawing a 10k-point scatter anew took ~0.5 s there, a
    restyle ~0.15 s). :func:`with_anchor_part` puts it back.
    """
    digest = hashlib.blake2b(digest_size=8)

    def take(owner, names, blank) -> dict:
        values = {}
        for name in names:
            value = owner[name]
            if value is None:
                continue
            array = np.asarray(value)
            digest.update(f"{name}{array.dtype}{array.shape}".encode())
            digest.update(array.tobytes() if array.dtype != object else "\0".join(map(str, array.ravel())).encode())
            values[name] = array if array.ndim else array.item()
            owner[name] = blank(name)
        return values

    traces = [(number, take(trace, _named(trace.meta), lambda name: [] if name in ("x", "y", "z") else None))
              for number, trace in enumerate(figure.data) if _named(trace.meta)]
    layout = take(figure.layout, _named(figure.layout.meta), lambda name: None)
    return AnchorPart(digest.hexdigest(), traces, layout)


def _named(meta) -> list[str]:
    words = meta.split() if isinstance(meta, str) else []
    return words[1:] if words[:1] == [_FOLLOWS] else []


def with_anchor_part(figure: go.Figure, part: AnchorPart) -> go.Figure:
    """A copy of ``figure`` with its :func:`anchor_part` put back (the whole picture, e.g. to download)."""
    whole = go.Figure(figure)
    for number, values in part.traces:
        whole.data[number].update(values)
    for name, value in part.layout.items():
        whole.layout[name] = value
    return whole


def _category_marker(values: np.ndarray, palette: dict[str, str]) -> dict:
    """Categories as numbers on a stepped colour scale: Plotly checks a list of colour names one string at a
    time (10k points: ~0.3 s a figure), an array of numbers not at all."""
    names = list(palette)
    index = {name: i for i, name in enumerate(names)}
    codes = np.fromiter((index[str(v)] for v in values), dtype=np.float32, count=len(values)) + 0.5
    return dict(color=codes, colorscale=_steps(palette), cmin=0, cmax=len(names), showscale=False)


def _steps(palette: dict[str, str]) -> list:
    """A colour scale that is ``palette``'s i-th colour on [i/k, (i+1)/k]."""
    colours, k = list(palette.values()), len(palette)
    return [pair for i, colour in enumerate(colours) for pair in ([i / k, colour], [(i + 1) / k, colour])]


def _numeric(values: np.ndarray) -> bool:
    return all(isinstance(v, (int, float, np.number)) and not isinstance(v, bool) for v in values)


def legend(color: Sequence[object] | np.ndarray, color_name: str) -> go.Figure:
    """The one legend of several panels coloured alike: each category's colour, or the colour bar of a number."""
    values = np.asarray(color, dtype=object)
    figure = go.Figure()
    if _numeric(values):
        numbers = np.asarray(values, dtype=np.float64)
        low, high = (float(np.nanmin(numbers)), float(np.nanmax(numbers))) if np.isfinite(numbers).any() else (0.0, 1.0)
        figure.add_trace(go.Scatter(x=[None], y=[None], mode="markers", hoverinfo="skip", showlegend=False,
                                    marker=dict(color=[low, high], colorscale=COLORSCALE,
                                                cmin=low, cmax=high, showscale=True,
                                                colorbar=dict(orientation="h", thickness=12, len=0.6, x=0.5, y=0.75,
                                                              yanchor="middle"))))
        # the name left of the bar, as an annotation: a horizontal colour bar's own title was drawn out of sight
        figure.add_annotation(text=safe_text(color_name, 30), x=0.19, y=0.75, xref="paper", yref="paper",
                              xanchor="right", yanchor="middle", showarrow=False, font=dict(size=13))
        height = 60
    else:
        palette = list(category_colors(values).items())
        entries = [(safe_text(name, 30), colour) for name, colour in palette[: len(PALETTE)]]
        if len(palette) > len(PALETTE):
            entries.append((f"+{len(palette) - len(PALETTE)}", OTHER_COLOR))
        for name, colour in entries:
            figure.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=name,
                                        marker=dict(color=colour, size=10), hoverinfo="skip"))
        # Every entry as wide as the widest name, so the rows plotly.js wraps the entries into are the rows
        # counted here (it measured the names itself before the page's font had loaded, and cut a row's end),
        # and the legend may take the whole figure (a horizontal one is cut at half its height, scrolled)
        entry = 10 + 7 * max(_shown_width(html.unescape(name)) for name, _ in entries)  # px of a name
        rows = math.ceil(len(entries) / max(1, LEGEND_WIDTH // (entry + 45)))  # + its marker and gaps
        height = 34 + 24 * rows
        figure.update_layout(showlegend=True, legend=dict(
            orientation="h", x=0, y=1, yanchor="top", itemclick=False, itemdoubleclick=False, entrywidth=entry,
            entrywidthmode="pixels", maxheight=1, title=dict(text=safe_text(color_name, 30), side="top left")))
    figure.update_layout(**_template(), height=height, margin=dict(l=0, r=0, t=0, b=0),
                         xaxis=dict(visible=False), yaxis=dict(visible=False))
    return figure


def _shown_width(text: str) -> int:
    """Width in narrow characters: a CJK (wide or full-width) character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _detail_lines(details: Sequence[str], lang: str) -> tuple[np.ndarray, str]:
    """Escaped hover lines ("\n" → <br>) and the title every one of them starts with, if any.

    When every item's details open with the same one of our own hover titles
    ("nearest: ", "why: "), the title is said once in the template instead of once
    per point: the hover reads the same and 100k points ship ~9 bytes each less.
    Only our own words can move into the template, never data.
    """
    title = ""
    for key in _DETAIL_TITLES:
        word = f"{t(key, lang)}: "
        if details and all(d.startswith(word) for d in details):
            title = word
            break
    cut = len(title)
    return safe_texts([d[cut:] for d in details] if cut else details, 400, newlines=True), title
