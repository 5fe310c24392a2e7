"""The pictures: one panel per method, side by side, with progress for the ones still running."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np
import streamlit as st

from explorer import quality
from explorer.errors import ExplorerError, ProjectionCancelled
from explorer.present import anchor as anchors
from explorer.present import export, figures, tables
from explorer.project import Projection, ProjectionSpec
from explorer.run import policy
from explorer.run.jobs import environmental
from explorer.words import say
from views.cached import K, ask, cancel, cancelled_by_me, layout_scores, project_here, run_again, with_what_if
from views.common import lang, md, on_point_click, said, tr
from views.restyle import chart

WAIT_BEFORE_PROGRESS = 3.0  # seconds a new t-SNE/UMAP may take before the page shows progress instead


def job_key(key: str, spec: ProjectionSpec) -> tuple:
    return key, spec.to_json()


def run_projections(X, features: list[str], key: str, specs: list[ProjectionSpec]) -> list:
    """For each spec a finished Projection, a running Job, or an ExplorerError — never blocks for long.

    Where each runs is ``run.policy``'s decision: t-SNE and UMAP start in worker processes, all at once,
    held by this session (``cached.ask``), and a new job gets WAIT_BEFORE_PROGRESS seconds before the page
    shows its progress instead; the linear map and PCA run here. A job this session cancelled comes back
    as ProjectionCancelled, with the layout it had reached when it had one.
    """
    jobs = {spec: ask(job_key(key, spec), policy.run, X, spec, features=features)
            for spec in specs if policy.runs_in_worker(spec.method)}
    results = []
    for spec in specs:
        job = jobs.get(spec)
        try:
            if spec not in jobs:
                results.append(project_here(X, key, spec, tuple(features)))
            elif cancelled_by_me(job_key(key, spec)):
                results.append(cancelled_here(spec, job))
            else:
                results.append(job.result(timeout=max(0.0, WAIT_BEFORE_PROGRESS - job.elapsed)))
        except ExplorerError as error:
            results.append(error)
        except TimeoutError:
            results.append(job)
    return results


def cancelled_here(spec: ProjectionSpec, job) -> ProjectionCancelled:
    """What a session that cancelled a job sees: the job's own end if it stopped, else a note (the job may run
    on for other sessions), with the last layout reached."""
    if job is not None and job.done and isinstance(job.future.exception(), ProjectionCancelled):
        return job.future.exception()
    return ProjectionCancelled(say("cancelled_here", method=spec.title),
                               partial=None if job is None else job.partial)


def show_pending(job, key: str) -> None:
    st.progress(job.fraction, text=tr("running", message=job.message, seconds=job.elapsed))
    st.button(tr("cancel"), key=f"cancel_{key}", on_click=cancel, args=(job.key,))


def show_failure(error: ExplorerError, key: tuple, widget_key: str) -> None:
    """An error; one the environment caused (a killed worker) or a cancel can be run again at once."""
    st.error(said(error))
    if isinstance(error, ProjectionCancelled) or environmental(error):
        st.button(tr("run_again"), key=f"again_{widget_key}", on_click=run_again, args=(key,))


@dataclass
class Scene:
    """What every panel shares: the table, the anchor's view of it, the rows drawn, the colour, what-if rows."""

    pipeline: object
    metric: str
    anchor_view: anchors.AnchorView
    details: list[str] | None  # per row: hover lines that follow the anchor
    about: list[str] | None  # per row: hover lines about the row itself (its nearest items)
    drawn: np.ndarray
    colour: tables.Colour
    what_if: np.ndarray
    fit_key: str
    layouts: dict = field(default_factory=dict)  # panel title -> LayoutView
    restyles: dict = field(default_factory=dict)  # chart key -> the part of its figure that follows the anchor
    #                                              (views.restyle hands it to the browser)
    scoreboard: list = field(default_factory=list)
    pending: list = field(default_factory=list)
    selected: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))  # positions selected
    isolated: bool = False  # drawing only the selection and its nearest items

    def part(self, values):
        """The drawn rows' entries of a per-row list or array."""
        if len(self.drawn) == len(values):
            return values
        return values[self.drawn] if isinstance(values, np.ndarray) else [values[i] for i in self.drawn]


def reference_of(results: dict) -> np.ndarray | None:
    """The layout the others are turned to match: the first whose orientation is arbitrary (PCA's signs, t-SNE's
    and UMAP's rotation). A linear map's axes are the user's W and stay as computed."""
    return next((r.Y for m, r in results.items() if m != "linear" and isinstance(r, Projection)), None)


PER_ROW = 2  # beyond two panels, two per row: at 1,000-1,600 px a panel keeps ~500 px


def panels(scene: Scene, specs: list[ProjectionSpec], results: dict) -> None:
    """The panels, at most two a row, under the one legend they share (their colours are the same)."""
    legend(scene)
    reference = reference_of(results)
    for start in range(0, len(specs), PER_ROW):
        row = specs[start:start + PER_ROW]
        for column, spec in zip(st.columns(PER_ROW if len(specs) > 1 else 1), row):
            with column:
                panel(scene, spec, results[spec.method], reference)


def legend(scene: Scene) -> None:
    """Once for every panel: the categories' colours, or the colour bar of a number."""
    colour = scene.colour
    if colour.kind == "none":
        return
    prepared = scene.pipeline.prepared
    values = [0.0, 1.0] if colour.kind == "distortion" else tables.colour_values(
        scene.pipeline.table, prepared, colour, np.zeros(prepared.n))[0]
    name = tr("colour_distortion") if colour.kind == "distortion" else colour.column
    st.plotly_chart(figures.legend(values, name), key="legend", config={"displayModeBar": False})
    missing = tables.missing_numbers(values)
    if missing:
        st.caption(tr("colour_missing", n=missing, name=md(name)))


def panel(scene: Scene, spec: ProjectionSpec, result, reference: np.ndarray | None) -> None:
    """A finished picture; or an error; or the progress of a running job, under the layout it has reached."""
    title = tr(f"method_{spec.method}")
    if isinstance(result, Projection):
        st.markdown(f"**{title}** · {tr('panel_title', seconds=result.seconds)}")
        picture(scene, spec, result, reference)
        return
    st.markdown(f"**{title}**")
    if isinstance(result, ExplorerError):
        show_failure(result, job_key(scene.fit_key, spec), spec.method)
        partial = getattr(result, "partial", None)
    else:  # still running: its progress, the finished panels stay usable
        scene.pending.append(result)
        show_pending(result, spec.method)
        partial = result.partial
        if partial is not None:
            st.caption(tr("preview", message=result.message))
    if partial is not None and len(partial) == scene.pipeline.prepared.n:  # (what-if rows are placed at the end)
        picture(scene, spec, Projection(Y=partial, spec=spec, axis_names=[f"{spec.title} {i + 1}" for i in
                                                                          range(spec.dims)], fit=None),
                reference, preview=True)


def picture(scene: Scene, spec: ProjectionSpec, result: Projection, reference: np.ndarray | None,
            preview: bool = False) -> None:
    """The scatter of ``result`` (a layout still converging when ``preview``: no scores, no downloads)."""
    prepared = scene.pipeline.prepared
    title = tr(f"method_{spec.method}")
    if scene.what_if.any():
        placed = with_what_if(prepared.X, scene.what_if, result, scene.fit_key, spec.to_json(), tuple(prepared.features))
        if isinstance(placed, ExplorerError):
            st.error(said(placed))
            return
        result = dataclasses.replace(result, Y=placed[0])
        st.caption(tr("placed_exact" if placed[1] else "placed_approx"))
    Y = result.Y if spec.method == "linear" or reference is None or reference is result.Y \
        or reference.shape != result.Y.shape else quality.procrustes_align(result.Y, reference)
    scores, kept = None, None
    evaluated = None if preview else layout_scores(prepared.X, result.Y, scene.pipeline.prep_key, spec.to_json(),
                                                   scene.metric)
    if isinstance(evaluated, tuple):
        scores, kept = evaluated
    elif evaluated is not None:  # still scoring: the picture now, its scores (and distortion colours) on a later rerun
        scene.pending.append(evaluated)
    anchor = scene.anchor_view.anchor
    view = anchors.layout_view(Y, anchor, scene.anchor_view, k=K)
    if not preview:
        scene.layouts[title] = view
    colour, colour_name = None, ""
    if kept is not None or scene.colour.kind != "distortion":
        colour, colour_name = tables.colour_values(scene.pipeline.table, prepared, scene.colour, kept)
    colour_range = (0.0, 1.0) if scene.colour.kind == "distortion" else tables.colour_range(colour)
    for warning in result.warnings:
        st.caption(f"⚠️ {said(warning)}")
    drawn = scene.drawn
    figure = figures.scatter(
        Y[drawn], scene.part(prepared.labels), axis_names=result.axis_names,
        color=None if colour is None else scene.part(colour), color_name=colour_name, color_range=colour_range,
        legend=False, anchor=int(np.searchsorted(drawn, anchor)), metric=scene.metric,
        closeness=scene.anchor_view.closeness[drawn], ranks=(scene.anchor_view.rank[drawn], view.rank[drawn]),
        details=None if scene.details is None else scene.part(scene.details),
        about=None if scene.about is None else scene.part(scene.about),
        marked=np.flatnonzero(np.isin(drawn, view.false)),
        added=np.flatnonzero(scene.what_if[drawn]), selected=np.flatnonzero(np.isin(drawn, scene.selected)),
        lang=lang(),
    )
    if len(drawn) < prepared.n and not scene.isolated:  # isolated: the caption above the pictures says why
        st.caption(tr("drawn_sample", shown=len(drawn), n=prepared.n))
    chart_key = f"chart_{spec.method}"
    part = chart(scene.restyles, figure, chart_key, on_select=lambda k=chart_key: on_point_click(k),
                 selection_mode=("points", "box", "lasso") if spec.dims == 2 else "points",
                 config={"displaylogo": False})
    if scores is not None:
        scene.scoreboard.append(tables.scoreboard_row(title, result.seconds, scores))
    if not preview:
        downloads(scene.pipeline, spec, result, lambda: figures.with_anchor_part(figure, part))


def downloads(pipeline, spec: ProjectionSpec, result: Projection, figure) -> None:
    """CSV, HTML (of the whole ``figure()``) and recipe, built only when clicked (a rerun never ships them to the
    browser)."""
    files = {
        "csv": (tr("download_csv"), "text/csv", f"{spec.method}-coordinates.csv",
                lambda: export.csv_bytes(pipeline.coordinates(result))),
        "html": (tr("download_html"), "text/html", f"{spec.method}.html", lambda: export.figure_html(figure())),
        "recipe": (tr("download_recipe"), "application/json", f"{spec.method}-recipe.json",
                   lambda: pipeline.recipe(result.spec).to_json()),
    }
    with st.popover(tr("downloads"), icon=":material/download:"):  # one compact menu per panel
        for kind, (label, mime, file_name, make) in files.items():
            st.download_button(label, make, file_name=file_name, mime=mime, key=f"dl_{kind}_{spec.method}",
                               on_click="ignore", width="stretch")
