"""The only Plotly code: scatter panels, similarity heatmap, loadings biplot.

Every string that comes from data (labels, categories, column and file names)
passes through ``safe_text`` before it reaches Plotly: plotly.js renders a
subset of HTML in hover text, legends and titles, so data is escaped, stripped
of control characters and shortened for display. Data never goes into a
``hovertemplate``: templates hold only our own words and ``%{...}`` fields.
"""
from __future__ import annotations

import html
import re
from typing import Sequence

import numpy as np
import plotly.graph_objects as go

from .i18n import t

WEBGL_FROM = 2000
NAMES_ON_CHART_UP_TO = 40  # small tables (the tutorial's) show every label beside its point
MAX_LABEL = 60
PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#393b79", "#e7ba52", "#843c39", "#7b4173", "#3182bd", "#31a354",
    "#756bb1", "#636363", "#e6550d", "#969696",
)
OTHER_COLOR = "#c7c7c7"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


def safe_text(value: object, max_len: int = MAX_LABEL) -> str:
    """Data → text plotly.js shows literally: no markup, no control characters, bounded length."""
    text = _CONTROL.sub(" ", str(value))
    if len(text) > max_len:
        text = text[: max_len - 1] + "…"
    return html.escape(text, quote=True)


def category_colors(values: Sequence[object]) -> dict[str, str]:
    """A stable colour per category (sorted order), so every panel uses the same colours."""
    names = sorted({str(v) for v in values})
    return {name: PALETTE[i] if i < len(PALETTE) else OTHER_COLOR for i, name in enumerate(names)}


def _layout(figure: go.Figure, title: str, axis_names: Sequence[str], dims: int) -> None:
    axes = [safe_text(a, 40) for a in axis_names]
    common = dict(
        title=dict(text=title, font=dict(size=14)),
        template="plotly_white",
        margin=dict(l=10, r=10, t=40, b=10),
        legend=dict(itemsizing="constant"),
        clickmode="event+select",
        dragmode="pan" if dims == 2 else "orbit",
        hoverlabel=dict(align="left"),
        uirevision="keep",
    )
    if dims == 3:
        figure.update_layout(scene=dict(xaxis_title=axes[0], yaxis_title=axes[1], zaxis_title=axes[2]), **common)
    else:
        figure.update_layout(xaxis_title=axes[0], yaxis_title=axes[1], **common)


def scatter(
    Y: np.ndarray,
    labels: Sequence[str],
    *,
    title: str = "",
    axis_names: Sequence[str] = ("x", "y", "z"),
    color: Sequence[object] | np.ndarray | None = None,
    color_name: str = "",
    anchor: int | None = None,
    similarity: np.ndarray | None = None,
    ranks: tuple[np.ndarray, np.ndarray] | None = None,
    details: Sequence[str] | None = None,
    marked: Sequence[int] = (),
    added: Sequence[int] = (),
    lang: str = "en",
) -> go.Figure:
    """One layout as a scatter; point i is row i of ``Y`` in the first trace.

    ``similarity``: cosine to the anchor in the original space; ``ranks``:
    (rank among the anchor's neighbours in the original space, in this layout);
    ``details``: per-point extra hover lines, from data (escaped here);
    ``marked``: items drawn with a ring (false neighbours of the anchor);
    ``added``: items placed into an existing layout (what-if rows), drawn as squares.
    """
    n, dims = Y.shape
    coords = {axis: Y[:, j].astype(np.float32) for j, axis in enumerate("xyz"[:dims])}
    numbers = []
    template = "<b>%{hovertext}</b>"
    if similarity is not None:
        numbers.append(similarity)
        template += f"<br>{t('hover_cosine', lang)}: %{{customdata[0]:.4f}}"
    if ranks is not None:
        numbers.extend(ranks)
        first = len(numbers) - 2
        template += (
            f"<br>{t('hover_rank', lang)}: {t('original', lang)} %{{customdata[{first}]:.0f}}"
            f" · {t('layout', lang)} %{{customdata[{first + 1}]:.0f}}"
        )
    if details is not None:
        template += "<br>%{text}"
    template += "<extra></extra>"

    size = 12 if n <= NAMES_ON_CHART_UP_TO else 7 if n < WEBGL_FROM else 4
    marker: dict = dict(size=size, opacity=0.85, line=dict(width=0))
    legend_items: list[tuple[str, str]] = []
    if color is not None:
        values = np.asarray(color, dtype=object)
        numeric = all(isinstance(v, (int, float, np.number)) and not isinstance(v, bool) for v in values)
        if numeric:
            marker.update(
                color=np.asarray(values, dtype=np.float32),
                colorscale="Viridis",
                showscale=True,
                colorbar=dict(title=dict(text=safe_text(color_name, 30)), thickness=12),
            )
        else:
            palette = category_colors(values)
            marker["color"] = [palette[str(v)] for v in values]
            legend_items = list(palette.items())[: len(PALETTE)]

    kind = go.Scatter3d if dims == 3 else (go.Scattergl if n >= WEBGL_FROM else go.Scatter)
    if dims == 3:
        marker["size"] = 4
    trace = kind(
        **coords,
        mode="markers",
        marker=marker,
        hovertext=[safe_text(label) for label in labels],
        text=None if details is None else [safe_text(d, 400).replace("\n", "<br>") for d in details],
        customdata=np.column_stack(numbers).astype(np.float32) if numbers else None,
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
    if len(marked):
        idx = np.asarray(marked, dtype=int)
        figure.add_trace(kind(
            **{axis: c[idx] for axis, c in coords.items()},
            marker=dict(size=14, symbol="circle-open", color="#d62728", line=dict(width=2)),
            **overlay,
        ))
    if len(added):
        idx = np.asarray(added, dtype=int)
        figure.add_trace(kind(
            **{axis: c[idx] for axis, c in coords.items()},
            marker=dict(size=16, symbol="square-open", color="#ff7f0e", line=dict(width=3)),
            **overlay,
        ))
    if anchor is not None:
        figure.add_trace(kind(
            **{axis: c[[anchor]] for axis, c in coords.items()},
            marker=dict(size=18, symbol="diamond" if dims == 3 else "star", color="#000000",
                        line=dict(width=1, color="#ffffff")),
            **overlay,
        ))
    _layout(figure, title, axis_names, dims)
    if legend_items:
        figure.update_layout(legend_title_text=safe_text(color_name, 30))
    return figure


def heatmap(S: np.ndarray, labels: Sequence[str], *, title: str = "", lang: str = "en") -> go.Figure:
    """Cosine-similarity matrix; rows/columns addressed by position so equal labels never merge."""
    names = [safe_text(label, 24) for label in labels]
    positions = list(range(len(names)))
    figure = go.Figure(go.Heatmap(
        z=S,
        x=positions,
        y=positions,
        zmin=-1 if S.min() < 0 else 0,
        zmax=1,
        colorscale="RdBu_r" if S.min() < 0 else "Blues",
        texttemplate="%{z:.2f}" if len(names) <= 15 else None,
        customdata=np.array([[f"{a} · {b}" for b in names] for a in names], dtype=object),
        hovertemplate=f"%{{customdata}}<br>{t('hover_cosine_pair', lang)}: %{{z:.4f}}<extra></extra>",
    ))
    axis = dict(tickmode="array", tickvals=positions, ticktext=names, showgrid=False)
    figure.update_layout(
        title=title, template="plotly_white", margin=dict(l=10, r=10, t=40, b=10),
        xaxis=axis, yaxis=dict(axis, autorange="reversed"), height=max(300, min(900, 28 * len(names) + 120)),
    )
    return figure


def loadings(W: np.ndarray, features: Sequence[str], *, axis_names: Sequence[str] = ("x", "y"),
             title: str = "", top: int = 20) -> go.Figure:
    """Biplot arrows: where each feature points in the first two axes of a linear map (rows of ``W``)."""
    W = np.asarray(W, dtype=float)
    order = np.argsort(-np.hypot(W[0], W[1]))[:top]
    figure = go.Figure()
    for j in order:
        name = safe_text(features[j], 30)
        figure.add_trace(go.Scatter(
            x=[0, W[0, j]], y=[0, W[1, j]], mode="lines+markers+text",
            marker=dict(size=[0, 8], symbol="arrow", angleref="previous"),
            text=["", name], textposition="top center", hovertext=["", name],
            hovertemplate="<b>%{hovertext}</b><br>(%{x:.3f}, %{y:.3f})<extra></extra>", showlegend=False,
        ))
    axes = [safe_text(a, 40) for a in axis_names]
    figure.update_layout(
        title=title, template="plotly_white", margin=dict(l=10, r=10, t=40, b=10),
        xaxis=dict(title=axes[0], zeroline=True), yaxis=dict(title=axes[1], zeroline=True, scaleanchor="x"),
    )
    return figure
