"""Sidebar and editors: which methods, their parameters, and the W/b editor of E(x) = Wx + b with its presets
(PCA loadings, random, features as axes, an item A → item B axis, fit to positions)."""
from __future__ import annotations

import hashlib

import numpy as np
import streamlit as st

from explorer.errors import ExplorerError
from explorer.opened import opened
from explorer.present import tables, tutorial
from explorer.project import (FIT_ROWS_DEFAULT, FIT_ROWS_MIN, METHODS, ProjectionSpec, explain_fit, fit_linear,
                              linear_preset, project)
from explorer.words import localise
from views.common import lang, said, tr


def fit_rows_widget(method: str) -> dict:
    """t-SNE/UMAP: how many rows the layout is fitted on; only a changed value enters the spec (cache keys stay)."""
    value = int(st.number_input(tr("fit_rows"), FIT_ROWS_MIN, 10_000_000, FIT_ROWS_DEFAULT, step=10_000,
                                key=f"{method}_fit_rows", help=tr("fit_rows_help")))
    return {} if value == FIT_ROWS_DEFAULT else {"fit_rows": value}


def spec_widgets(prepared) -> list[ProjectionSpec]:
    """Sidebar: methods and their parameters."""
    sb = st.sidebar
    sb.subheader(tr("methods"))
    chosen = opened()  # explorer view FILE --method …: the methods it asked for, until the user changes them
    st.session_state.setdefault("methods", list(chosen.methods) if chosen else ["pca"])
    methods = sb.multiselect(tr("methods_pick"), METHODS, key="methods", max_selections=4,
                             format_func=lambda m: tr(f"method_{m}"))
    dims = sb.radio(tr("dims"), [2, 3], horizontal=True, key="dims")
    seed = int(sb.number_input(tr("seed"), 0, 2**31 - 1, 0, key="seed"))
    specs = []
    for method in methods:
        params: dict = {}
        if method == "tsne":
            with sb.expander(tr("method_tsne")):
                params = dict(
                    perplexity=st.slider(tr("perplexity"), 2.0, 100.0, 30.0, key="tsne_perplexity"),
                    n_iter=st.slider(tr("iterations"), 250, 2000, 750, step=50, key="tsne_iter"),
                    exaggeration=st.slider(tr("exaggeration"), 1.0, 4.0, 1.0, key="tsne_exag"),
                    init=st.selectbox("init", ["pca", "random", "spectral"], key="tsne_init"),
                )
                learning_rate = st.number_input(tr("learning_rate"), 0.0, 10000.0, 0.0, key="tsne_lr",
                                                help=tr("learning_rate_help"))
                if learning_rate > 0:
                    params["learning_rate"] = learning_rate
                params.update(fit_rows_widget(method))
        elif method == "umap":
            with sb.expander(tr("method_umap")):
                params = dict(
                    n_neighbors=st.slider("n_neighbors", 2, 100, 15, key="umap_k"),
                    min_dist=st.slider("min_dist", 0.0, 0.99, 0.1, key="umap_min_dist"),
                    metric=st.selectbox("metric", ["euclidean", "cosine"], key="umap_metric"),
                )
                params.update(fit_rows_widget(method))
        elif method == "linear":
            params = linear_widgets(prepared, dims, seed)
            if params is None:  # the editor says what is wrong
                continue
        specs.append(ProjectionSpec(method=method, dims=dims, seed=seed, params=params))
    return specs


def linear_widgets(prepared, dims: int, seed: int) -> dict | None:
    """The W/b editor of E(x) = Wx + b, with presets (in the main area, it can be wide)."""
    with st.expander(tr("linear_editor"), expanded=True):
        st.latex(r"E(x) = W x + b")
        left, right = st.columns([2, 3])
        preset = left.selectbox(tr("preset"), ["pca", "random", "features", "axis", "fit"], key="linear_preset",
                                format_func=lambda p: tr(f"preset_{p}"))
        kwargs: dict = {}
        if preset == "features":
            kwargs["axis_features"] = right.multiselect(
                tr("preset_features_pick"), prepared.features, default=prepared.features[:dims],
                max_selections=dims, key="linear_axis_features")
        elif preset == "axis":
            a, b = right.columns(2)
            kwargs["item_a"] = a.selectbox(tr("item_a"), range(prepared.n), format_func=lambda i: prepared.labels[i],
                                           key="linear_item_a")
            kwargs["item_b"] = b.selectbox(tr("item_b"), range(prepared.n), index=min(1, prepared.n - 1),
                                           format_func=lambda i: prepared.labels[i], key="linear_item_b")
        try:
            if preset == "fit":
                rows, targets, axis_names = fit_widgets(prepared, dims)
                fitted = fit_linear(prepared.X, targets, rows)
                W, bias, kwargs = fitted.W, fitted.b, {"targets": targets.tolist(), "rows": rows.tolist()}
                for note in explain_fit(fitted, prepared.labels):
                    st.caption(said(note))
            else:
                W, bias, axis_names = linear_preset(prepared.X, prepared.features, preset, dims=dims, seed=seed,
                                                    labels=prepared.labels, **kwargs)
        except ExplorerError as error:
            st.error(said(error))
            return None
        W_frame, b_frame = tables.linear_frames(W, bias, prepared.features, [localise(a, lang()) for a in axis_names])
        # a new preset (or its inputs) starts a fresh editor; edits persist until then
        editor = f"{preset}_{dims}_{seed}_{hashlib.sha256(repr(kwargs).encode()).hexdigest()[:16]}"
        left, right = st.columns([6, 1])
        W_edit, b_edit, names = tables.linear_from_frames(
            left.data_editor(W_frame, key=f"W_{editor}", width="stretch"),
            right.data_editor(b_frame, key=f"b_{editor}", width="stretch"),
        )
    return {"weights": W_edit.tolist(), "bias": b_edit.tolist(), "features": list(prepared.features),
            "axis_names": names}


TARGETS = "linear_targets"


def fit_widgets(prepared, dims: int):
    """The "fit to positions" preset: an editor of target positions (label, x, y[, z]) for some items."""
    picture = tutorial.picture_targets(prepared.labels) if dims == 2 else None
    if picture is None:  # a start: the first items where PCA puts them
        rows = np.arange(min(3, prepared.n))
        Y = project(prepared.X, ProjectionSpec("pca", dims=dims)).Y if prepared.X.shape[1] >= dims else \
            np.zeros((prepared.n, dims))
        picture = rows, Y[rows], list("xyz"[:dims])
    frame = tables.targets_frame(prepared.labels, *picture)
    item = (st.column_config.SelectboxColumn(tr("target_item"), options=sorted(set(prepared.labels)), required=False)
            if prepared.n <= 5000 else st.column_config.TextColumn(tr("target_item")))
    st.caption(tr("targets_help"))
    edited = st.data_editor(frame, key=f"{TARGETS}_{dims}_{st.session_state.get(TARGETS, 0)}", num_rows="dynamic",
                            hide_index=True, width="stretch", column_config={"item": item})
    return tables.targets_from_frame(edited, prepared.labels)


def draw_tutorial_picture() -> None:
    """One click: the linear map fitted to the tutorial's 2-D picture, beside what is shown."""
    methods = st.session_state.get("methods", ["pca"])
    st.session_state.update(methods=[m for m in methods if m != "linear"][:3] + ["linear"], linear_preset="fit", dims=2)
    st.session_state[TARGETS] = st.session_state.get(TARGETS, 0) + 1  # a fresh targets editor: the picture itself
