"""Below the pictures: how far each can be trusted (scoreboard, the anchor's neighbours in the data vs each
layout, loadings, stability over reruns) and the cosine-similarity heatmap."""
from __future__ import annotations

import numpy as np
import streamlit as st

from explorer import quality
from explorer.errors import ExplorerError
from explorer.neighbours import similarity
from explorer.present import charts, figures, tables
from explorer.project import Projection, variants
from explorer.run import policy
from views.cached import K, stable_scores
from views.common import lang, md, tr
from views.panels import Scene, job_key, run_projections, show_failure, show_pending
from views.restyle import chart

HEATMAP_ALL_UP_TO = 40


def scoreboard_columns() -> dict:
    """Each metric's plain-language meaning, shown on hover of its column name."""
    config = {"method": st.column_config.TextColumn(tr("methods"))}
    config["seconds"] = st.column_config.NumberColumn(tr("col_seconds"), help=tr("help_seconds"), format="%.2f")
    for metric in tables.METRICS:
        config[metric] = st.column_config.NumberColumn(tr(f"col_{metric}"), help=tr(f"help_{metric}"))
    return config


def trust(scene: Scene) -> None:
    """The scoreboard and the anchor's nearest items in the data vs in each layout."""
    labels = scene.pipeline.prepared.labels
    measure = tr(f"pair_{scene.metric}")
    if scene.scoreboard:
        st.subheader(tr("scoreboard"))
        st.dataframe(tables.scoreboard_frame(scene.scoreboard), hide_index=True, width="stretch",
                     column_config=scoreboard_columns())
        st.caption(tr("measured_by", measure=measure))
    if scene.layouts:
        st.subheader(tr("neighbours_of", label=md(labels[scene.anchor_view.anchor])))
        # a static table: every cell whole, wrapped rather than cut; st.table reads cells as Markdown, so each
        # is escaped to show as the text it is
        table = tables.neighbour_table(labels, scene.anchor_view, scene.layouts, k=K, lang=lang())
        st.table(table.astype(str).map(lambda cell: md(cell, 200)), hide_index=True)
        st.caption(tr("neighbours_legend", k=K))
        for title, view in scene.layouts.items():
            if view.missed.size:
                st.caption(tr("pushed_away", method=title, labels=", ".join(md(labels[i]) for i in view.missed)))


def loadings(scene: Scene, results: dict) -> None:
    """Where each feature points, for every picture that is a linear map (the linear map, PCA)."""
    linear = {method: r for method, r in results.items() if isinstance(r, Projection) and r.linear_map is not None}
    if not linear or not st.toggle(tr("loadings"), key="show_loadings"):  # built only when asked for: a chart
        return                                                          # in a closed expander is still drawn
    with st.container(border=True):
        for column, (method, result) in zip(st.columns(len(linear)), linear.items()):
            lmap = result.linear_map
            column.plotly_chart(charts.loadings(lmap.W, lmap.features or scene.pipeline.prepared.features,
                                                 axis_names=result.axis_names, title=tr(f"method_{method}")),
                                key=f"loadings_{method}")


def stability(scene: Scene, specs) -> None:
    """Three reruns of a t-SNE/UMAP picture (seeds, or a parameter sweep), aligned, with a per-item score."""
    prepared, key = scene.pipeline.prepared, scene.pipeline.prep_key
    stochastic = [spec for spec in specs if policy.runs_in_worker(spec.method)]
    with st.expander(tr("stability")):
        if not stochastic:
            st.caption(tr("stability_needs"))
            return
        left, right = st.columns(2)
        chosen = left.selectbox(tr("methods"), stochastic, format_func=lambda s: tr(f"method_{s.method}"),
                                key="stability_method")
        vary = right.radio(tr("stability_vary"), ["seed", "param"], horizontal=True, key="stability_vary",
                           format_func=lambda v: tr(f"stability_{v}_{chosen.method}" if v == "param"
                                                    else "stability_seed"))
        if not st.toggle(tr("stability_run"), key="stability_run"):
            return
        runs_specs = variants(chosen, vary)
        runs = run_projections(prepared.X, prepared.features, key, runs_specs)
        failed = [r for r in runs if isinstance(r, ExplorerError)]
        waiting = [r for r in runs if not isinstance(r, (ExplorerError, Projection))]
        if failed:
            show_failure(failed[0], job_key(key, runs_specs[runs.index(failed[0])]), "stability")
            return
        if waiting:
            scene.pending.extend(waiting)
            show_pending(waiting[0], "stability")
            return
        per_item, overall = stable_scores([r.Y for r in runs], key, tuple(v.to_json() for v in runs_specs))
        st.metric(tr("stability_overall"), f"{overall:.2f}", help=tr("stability_help"))
        for column, spec_i, run in zip(st.columns(len(runs)), runs_specs, runs):
            caption = f"seed {spec_i.seed}" if vary == "seed" else \
                ", ".join(f"{k}={v:g}" for k, v in spec_i.params.items() if k in ("perplexity", "n_neighbors"))
            column.plotly_chart(figures.scatter(
                quality.procrustes_align(run.Y, runs[0].Y)[scene.drawn], scene.part(prepared.labels),
                title=figures.safe_text(caption), color=per_item[scene.drawn],
                color_name=tr("stability_item"), selected=np.flatnonzero(np.isin(scene.drawn, scene.selected)),
                lang=lang()), key=f"stability_{caption}")


def heatmap(scene: Scene) -> None:
    prepared = scene.pipeline.prepared
    st.subheader(tr(f"heatmap_{scene.metric}"))
    members = tables.heatmap_members(prepared.X, scene.anchor_view.anchor, all_up_to=HEATMAP_ALL_UP_TO,
                                     metric=scene.metric)
    S = similarity.matrix(prepared.X[members], scene.metric)
    figure = charts.heatmap(S, [prepared.labels[i] for i in members], metric=scene.metric, lang=lang())
    chart(scene.restyles, figure, "heatmap")
