"""The figures beside the scatter panels: the similarity heatmap, the loadings biplot, target positions.

Plotly code like ``figures`` and under its rules: every string from data passes through ``safe_text``, data
never enters a ``hovertemplate``.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import plotly.graph_objects as go

from ..words import t
from .figures import PALETTE, _template, follows_anchor, safe_text


def heatmap(S: np.ndarray, labels: Sequence[str], *, metric: str = "cosine", title: str = "",
            lang: str = "en") -> go.Figure:
    """Cosine similarities (or euclidean distances) of a few items, each pair once a cell.

    The colours span the range of the values off the diagonal (an item with itself says
    nothing), shown on a colour bar, so that the differences that are there can be seen: real
    embeddings put most cosines between 0.8 and 1. Rows and columns are addressed by position,
    so equal labels never merge.
    """
    names = [safe_text(label, 24) for label in labels]
    positions = list(range(len(names)))
    off = S[~np.eye(len(S), dtype=bool)] if len(S) > 1 else S.ravel()
    low, high = (float(off.min()), float(off.max())) if off.size else (0.0, 1.0)
    if high - low < 1e-12:
        low, high = low - 0.5, high + 0.5
    word = t(f"pair_{metric}", lang)
    figure = go.Figure(go.Heatmap(
        z=S, x=positions, y=positions, zmin=low, zmax=high,
        # close is dark: large cosines, small distances
        colorscale="Blues" if metric == "cosine" else "Blues_r",
        colorbar=dict(title=dict(text=word, side="right"), thickness=12),
        texttemplate="%{z:.2f}" if len(names) <= 15 else None,
        customdata=np.array([[f"{a} · {b}" for b in names] for a in names], dtype=object),
        hovertemplate=f"%{{customdata}}<br>{word}: %{{z:.4f}}<extra></extra>",
        meta=follows_anchor("z", "zmin", "zmax", "customdata", "x", "y"),  # the anchor's nearest items
    ))
    axis = dict(tickmode="array", tickvals=positions, ticktext=names, showgrid=False)
    figure.update_layout(
        title=title, **_template(), margin=dict(l=10, r=10, t=40, b=10),
        xaxis=axis, yaxis=dict(axis, autorange="reversed"), height=max(300, min(900, 28 * len(names) + 120)),
        meta=follows_anchor("xaxis.tickvals", "xaxis.ticktext", "yaxis.tickvals", "yaxis.ticktext"),
    )
    return figure


def loadings(W: np.ndarray, features: Sequence[str], *, axis_names: Sequence[str] = ("x", "y"),
             title: str = "", top: int = 20) -> go.Figure:
    """Biplot arrows: where each feature points in the first two axes of a linear map (rows of ``W``)."""
    W = np.asarray(W, dtype=float)
    order = np.argsort(-np.hypot(W[0], W[1]))[:top]
    names = [safe_text(features[j], 30) for j in order]
    tips = W[:2, order]
    # Two traces whatever the number of features (one per arrow cost ~40 ms per rerun at 20 arrows):
    # the shafts as one line broken by gaps, the heads as arrow markers turned to point away from 0.
    shafts = [[v for tip in axis.tolist() for v in (0.0, tip, None)] for axis in tips]
    figure = go.Figure([
        go.Scatter(x=shafts[0], y=shafts[1], mode="lines", line=dict(color=PALETTE[0], width=2),
                   hoverinfo="skip", showlegend=False),
        go.Scatter(x=tips[0], y=tips[1], mode="markers+text", text=names, hovertext=names, textposition="top center",
                   marker=dict(size=11, symbol="arrow", color=PALETTE[0],
                               angle=90 - np.degrees(np.arctan2(tips[1], tips[0]))),  # clockwise from up
                   hovertemplate="<b>%{hovertext}</b><br>(%{x:.3f}, %{y:.3f})<extra></extra>", showlegend=False),
    ])
    axes = [safe_text(a, 40) for a in axis_names]
    figure.update_layout(
        title=title, **_template(), margin=dict(l=10, r=10, t=40, b=10),
        xaxis=dict(title=axes[0], zeroline=True), yaxis=dict(title=axes[1], zeroline=True, scaleanchor="x"),
    )
    return figure


def add_targets(figure: go.Figure, Y: np.ndarray, targets: np.ndarray, name: str) -> go.Figure:
    """Where each point was meant to be (open rings) and a line from there to where it is."""
    Y, targets = np.asarray(Y, float)[:, :2], np.asarray(targets, float)[:, :2]
    gaps = [[v for a, b in zip(targets[:, j].tolist(), Y[:, j].tolist()) for v in (a, b, None)] for j in (0, 1)]
    figure.add_trace(go.Scatter(x=gaps[0], y=gaps[1], mode="lines", line=dict(color="#d62728", width=1, dash="dot"),
                                hoverinfo="skip", showlegend=False))
    figure.add_trace(go.Scatter(x=targets[:, 0], y=targets[:, 1], mode="markers", showlegend=False,
                                marker=dict(size=14, symbol="circle-open", color="#d62728", line=dict(width=2)),
                                hovertemplate=f"{safe_text(name)}: (%{{x:.4g}}, %{{y:.4g}})<extra></extra>"))
    return figure
