"""Embedding Explorer — the page. Widgets, session state, caching and layout only;
every computation is a call into the ``explorer`` package."""
from __future__ import annotations

import dataclasses
import re
import time

import numpy as np
import streamlit as st

from explorer.present import explain, export, figures, tutorial
from explorer import quality
from explorer import ingest
from explorer.neighbours import similarity
from explorer.errors import ExplorerError
from explorer.words import LANGS, t
from explorer.run.jobs import JobBoard
from explorer.words import localise, needs_attention
from explorer.table.preprocess import MISSING, SCALINGS, prepare
from explorer.project import (METHODS, ProjectionSpec, explain_fit, extend, fit_linear, linear_preset, project,
                                 variants)
from explorer.project import FIT_ROWS_DEFAULT, FIT_ROWS_MIN
from explorer.run.worker import project_isolated, warm_up
from views import tutorial as tutorial_view

UPLOAD_LIMIT_MB = 200  # keep equal to server.maxUploadSize in .streamlit/config.toml
IN_PROCESS = ("linear", "pca")  # exact, fast, cannot crash on finite input: no worker needed
WAIT_BEFORE_PROGRESS = 3.0  # seconds a small t-SNE/UMAP may take before the page shows progress instead
HEATMAP_ALL_UP_TO = 40
HOVER_REASONS_UP_TO = 20_000
DRAW_UP_TO = 100_000
K = 10

figures.use_our_template_by_default()  # cheaper figures on every rerun (see figures.py)
st.set_page_config(page_title="Embedding Explorer", page_icon="🧭", layout="wide")


# ---------------------------------------------------------------- cached engine calls
@st.cache_resource
def job_board() -> JobBoard:
    warm_up()
    return JobBoard()


@st.cache_data(max_entries=8, show_spinner=False)
def load_table(data: bytes, name: str, meta: bytes | None, meta_name: str | None,
               label: str | None, features: tuple[str, ...] | None, exclude: tuple[str, ...]):
    return ingest.read_table(data, filename=name, metadata=meta, metadata_filename=meta_name,
                              label=label, features=features, exclude=exclude,
                              max_bytes=UPLOAD_LIMIT_MB * 1024 * 1024)


@st.cache_data(max_entries=8, show_spinner=False)
def prepare_table(_table, key: str, scaling: str, missing: str, keep: tuple[str, ...]):
    return prepare(_table, scaling=scaling, missing=missing, keep=keep)


@st.cache_data(max_entries=32, show_spinner=False)
def project_here(_X, key: str, spec: ProjectionSpec, features: tuple[str, ...]):
    return project(_X, spec, features=list(features))


@st.cache_data(max_entries=8, show_spinner=False)
def hover_neighbors(_X, _labels, key: str) -> list[str]:
    """Each item's 3 most similar items, as hover text (computed once per prepared table)."""
    return explain.neighbor_lines(_labels, *similarity.neighbors(_X, k=3))


@st.cache_data(max_entries=64, show_spinner=False)
def layout_scores(_X, _Y, key: str, spec_json: str, metric: str):
    """(scores or None when the table is too small to score, per-item kept neighbours)."""
    try:
        scores = quality.score(_X, _Y, k=K, metric=metric)
    except ExplorerError:
        scores = None
    return scores, quality.per_item(_X, _Y, k=K, metric=metric)


# ---------------------------------------------------------------- small UI helpers
def md(value: object, limit: int = 60) -> str:
    """Data (or a message quoting data) shown in Markdown as the literal text it is: no links, colours,
    maths or emphasis. Streamlit renders st.markdown/error/warning/caption text as Markdown."""
    text = str(value) if len(str(value)) <= limit else str(value)[: limit - 1] + "…"
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|~<>$&:])", r"\\\1", text)


def lang() -> str:
    return st.session_state.get("lang", "en")


def said(message: object) -> str:
    """A note or error about the user's data, in the page's language, as literal Markdown."""
    return md(localise(message, lang()), 2000)


def tr(key: str, **values) -> str:
    return t(key, lang(), **values)


def set_anchor(index: int) -> None:
    st.session_state["anchor"] = int(index)


def on_point_click(chart_key: str) -> None:
    """Copy a clicked point into our own state (a chart's selection is lost when its figure changes)."""
    points = st.session_state.get(chart_key, {}).get("selection", {}).get("points", [])
    for point in points:
        if point.get("curve_number", 0) == 0 and "point_index" in point:
            drawn = st.session_state.get("drawn_rows")  # the chart's point i is the table's row drawn[i]
            set_anchor(point["point_index"] if drawn is None else drawn[point["point_index"]])
            return


def source_widgets():
    """Sidebar: where the table comes from. Returns (bytes, name, meta bytes, meta name)."""
    st.sidebar.radio(tr("source"), ["sample", "upload", "edit"], key="source",
                     format_func=lambda s: tr(f"source_{s}"), horizontal=True)
    source = st.session_state["source"]
    if source == "upload":
        files = st.sidebar.file_uploader(
            tr("upload", mb=UPLOAD_LIMIT_MB), accept_multiple_files=True, key="upload",
            help=tr("upload_help"),  # no type filter: the reader explains what a .zip or .xls needs
        )
        if files:
            main, meta = ingest.pair_projector_files([(f.name, f.getvalue()) for f in files])
            return main[1], main[0], meta[1] if meta else None, meta[0] if meta else None
        st.sidebar.info(tr("upload_hint"))
    name = st.sidebar.selectbox(tr("sample"), list(ingest.SAMPLES), key="sample",
                                format_func=lambda s: tr(f"sample_{s}"))
    return ingest.SAMPLES[name].read_bytes(), ingest.SAMPLES[name].name, None, None


def role_widgets(table, source_key: str):
    """Sidebar: what the reader decided about each column, changeable. Returns overrides or None."""
    columns = [str(c) for c in table.data.columns]
    with st.sidebar.expander(tr("roles"), expanded=False):
        label_options = [None, *[c for c in columns if c not in table.features]]
        label = st.selectbox(tr("label_column_pick"), label_options, index=label_options.index(table.label),
                             format_func=lambda c: tr("row_numbers") if c is None else c, key=f"label_{source_key}")
        features = st.multiselect(tr("feature_columns"), [c for c in columns if c != label],
                                  default=table.features, key=f"features_{source_key}")
    changed = label != table.label or features != table.features
    return (label, tuple(features)) if changed else None


def fit_rows_widget(method: str) -> dict:
    """t-SNE/UMAP: how many rows the layout is fitted on; only a changed value enters the spec (cache keys stay)."""
    value = int(st.number_input(tr("fit_rows"), FIT_ROWS_MIN, 10_000_000, FIT_ROWS_DEFAULT, step=10_000,
                                key=f"{method}_fit_rows", help=tr("fit_rows_help")))
    return {} if value == FIT_ROWS_DEFAULT else {"fit_rows": value}


def spec_widgets(prepared) -> list[ProjectionSpec]:
    """Sidebar: methods and their parameters."""
    sb = st.sidebar
    sb.subheader(tr("methods"))
    st.session_state.setdefault("methods", ["pca"])
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
        W_frame, b_frame = explain.linear_frames(W, bias, prepared.features, axis_names)
        # a new preset (or its inputs) starts a fresh editor; edits persist until then
        editor = f"{preset}_{dims}_{seed}_{export.fingerprint(repr(kwargs).encode())[7:23]}"
        left, right = st.columns([6, 1])
        W_edit, b_edit, names = explain.linear_from_frames(
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
    frame = explain.targets_frame(prepared.labels, *picture)
    item = (st.column_config.SelectboxColumn(tr("target_item"), options=sorted(set(prepared.labels)), required=False)
            if prepared.n <= 5000 else st.column_config.TextColumn(tr("target_item")))
    st.caption(tr("targets_help"))
    edited = st.data_editor(frame, key=f"{TARGETS}_{dims}_{st.session_state.get(TARGETS, 0)}", num_rows="dynamic",
                            hide_index=True, width="stretch", column_config={"item": item})
    return explain.targets_from_frame(edited, prepared.labels)


def draw_tutorial_picture() -> None:
    """One click: the linear map fitted to the tutorial's 2-D picture, beside what is shown."""
    methods = st.session_state.get("methods", ["pca"])
    st.session_state.update(methods=[m for m in methods if m != "linear"][:3] + ["linear"], linear_preset="fit", dims=2)
    st.session_state[TARGETS] = st.session_state.get(TARGETS, 0) + 1  # a fresh targets editor: the picture itself


def scoreboard_columns() -> dict:
    """Each metric's plain-language meaning, shown on hover of its column name."""
    config = {"method": st.column_config.TextColumn(tr("methods"))}
    config["seconds"] = st.column_config.NumberColumn(tr("col_seconds"), help=tr("help_seconds"), format="%.2f")
    for metric in explain.METRICS:
        config[metric] = st.column_config.NumberColumn(tr(f"col_{metric}"), help=tr(f"help_{metric}"))
    return config


def run_projections(X, features: list[str], key: str, specs: list[ProjectionSpec]) -> list:
    """For each spec a finished Projection, a running Job, or an ExplorerError — never blocks for long.

    Linear and PCA run here (exact, fast, cannot crash on finite input); t-SNE and
    UMAP start in worker processes, all at once, and get WAIT_BEFORE_PROGRESS seconds
    together before the page shows their progress instead.
    """
    started = {}
    for spec in specs:
        if spec.method not in IN_PROCESS:
            started[spec] = job_board().submit((key, spec.to_json()), project_isolated, X, spec, features=features)
    deadline = time.perf_counter() + WAIT_BEFORE_PROGRESS
    results = []
    for spec in specs:
        try:
            if spec in started:
                results.append(started[spec].result(timeout=max(0.0, deadline - time.perf_counter())))
            else:
                results.append(project_here(X, key, spec, tuple(features)))
        except ExplorerError as error:
            results.append(error)
        except TimeoutError:
            results.append(started[spec])
    return results


def show_pending(job, key: str) -> None:
    st.progress(job.fraction, text=tr("running", message=job.message, seconds=job.elapsed))
    if st.button(tr("cancel"), key=f"cancel_{key}"):
        job.cancel()


@st.cache_data(max_entries=16, show_spinner=False)
def stable_scores(_layouts, key: str, specs: tuple[str, ...]):
    return quality.stability(_layouts, k=K)


@st.cache_data(max_entries=32, show_spinner=False)
def with_what_if(_X, _new, _base, key: str, spec_json: str, features: tuple[str, ...]):
    """Every row's coordinates: the fitted rows as they were, added/edited rows placed into the layout."""
    try:
        return extend(_X, _new, _base, features=list(features))
    except ExplorerError as error:
        return error


# ---------------------------------------------------------------- the page
def relabel() -> None:
    """After a language switch, hand every translated widget its value again: the browser keeps the old
    language's label as the selection, which matches none of the new labels."""
    for key in list(st.session_state):
        if isinstance(key, str) and (key in TRANSLATED or key.split("_")[0] in TRANSLATED):
            st.session_state[key] = st.session_state[key]


TRANSLATED = {"source", "sample", "methods", "scaling", "missing", "metric", "colour", "linear", "stability", "label",
              "view", "tut_draw", "tut_item", "tut_other"}
st.sidebar.radio("Language / 语言", list(LANGS), format_func=LANGS.get, key="lang", horizontal=True,
                 on_change=relabel)
if st.query_params.get("view") == "tutorial" and "view" not in st.session_state:
    st.session_state["view"] = "tutorial"
st.sidebar.radio(tr("view"), ["explore", "tutorial"], key="view", horizontal=True,
                 format_func=lambda v: tr(f"view_{v}"))
st.title(tr("title"))
if st.session_state["view"] == "tutorial":
    tutorial_view.show()
    st.stop()
st.caption(tr("tagline"))
with st.container(border=True):
    hint, go = st.columns([5, 1], vertical_alignment="center")
    hint.markdown(tr("tut_cta"))
    go.button(tr("tut_open"), key="tut_open", on_click=lambda: st.session_state.update(view="tutorial"))

try:
    data, name, meta, meta_name = source_widgets()
    table = load_table(data, name, meta, meta_name, None, None, ())
    overrides = role_widgets(table, export.fingerprint(data + (meta or b""))[7:23])
    if overrides:
        table = load_table(data, name, meta, meta_name, *overrides, ())
    if st.session_state["source"] == "edit":
        st.subheader(tr("edit_table"))
        edited = st.data_editor(table.data, num_rows="dynamic", key=f"editor_{name}", width="stretch")
        data, name = ingest.frame_to_bytes(edited), f"edited-{name.rsplit('.', 1)[0]}.csv"
        original, table = table, load_table(data, name, None, None, table.label, tuple(table.features), ())
except ExplorerError as error:
    st.error(said(error))
    st.stop()

st.sidebar.subheader(tr("prepare"))
scaling = st.sidebar.radio(tr("scaling"), SCALINGS, key="scaling", horizontal=True,
                           format_func=lambda s: tr(f"scaling_{s}"))
missing = st.sidebar.radio(tr("missing"), MISSING, key="missing", horizontal=True,
                           format_func=lambda s: tr(f"missing_{s}"))
metric = st.sidebar.radio(tr("metric"), ["euclidean", "cosine"], key="metric", horizontal=True,
                          format_func=lambda m: tr(f"metric_{m}"), help=tr("metric_help"))

data_key = f"{export.fingerprint(data)}|{table.label}|{','.join(table.features)}"
try:
    prepared = prepare_table(table, data_key, scaling, missing, ())
except ExplorerError as error:
    st.error(said(error))
    st.stop()
prep_key = f"{data_key}|{scaling}|{missing}|{metric}"

summary = tr("summary", rows=prepared.n, features=len(prepared.features),
             label=md(table.label) if table.label else tr("row_numbers"),
             categories=", ".join(md(c) for c in table.categories) or "—")
st.markdown(summary)
if tutorial.picture_targets(prepared.labels) is not None:
    st.button(tr("draw_tutorial_picture"), on_click=draw_tutorial_picture, key="draw_tutorial_picture")
# What preparation changed, and reader notes about data the picture will not use as written, in plain sight
for note in [n for n in table.notes if needs_attention(n)] + prepared.notes:
    st.warning(said(note), icon="⚠️")
if table.notes:
    with st.expander(tr("notes", n=len(table.notes))):
        st.dataframe({tr("what_reader_did"): [localise(note, lang()) for note in table.notes]}, hide_index=True,
                     width="stretch")

specs = spec_widgets(prepared)
if not specs:
    st.info(tr("pick_method"))
    st.stop()

# ---- anchor: a click on any panel or the search box
if st.session_state.get("anchor_key") != prep_key or st.session_state.get("anchor", 0) >= prepared.n:
    st.session_state["anchor"], st.session_state["anchor_key"] = 0, prep_key
search, colour_col = st.columns([3, 2])
query = search.selectbox(tr("find_item"), range(prepared.n), index=None, placeholder=tr("find_item_hint"),
                         format_func=lambda i: prepared.labels[i], key=f"find_{prep_key}")
if query is not None and st.session_state.get("last_query") != (prep_key, query):
    st.session_state["last_query"] = (prep_key, query)
    set_anchor(query)
anchor = st.session_state["anchor"]
colour_options = ["none", *[f"cat:{c}" for c in table.categories], "distortion",
                  *[f"num:{c}" for c in prepared.features[:50]]]
colour = colour_col.selectbox(tr("colour_by"), colour_options, key=f"colour_{data_key}",
                              index=1 if table.categories else 0,
                              format_func=lambda c: tr(f"colour_{c}") if ":" not in c else c.split(":", 1)[1])

anchor_view = explain.anchor_view(prepared.X, anchor, prepared.features, metric=metric,
                                  reasons=prepared.n <= HOVER_REASONS_UP_TO)
neighbor_lines = hover_neighbors(prepared.X, prepared.labels, prep_key)
st.markdown(tr("anchor_is", label=md(prepared.labels[anchor])))

# ---- panels, side by side
def downloads(spec: ProjectionSpec, result, figure) -> None:
    """CSV, HTML and recipe, built only when clicked (a rerun never ships them to the browser)."""
    categories = {c: table.data[c].iloc[prepared.rows].astype(str).tolist() for c in table.categories}
    recipe = export.Recipe(projection=result.spec.to_dict(), input_name=name, input_fingerprint=export.fingerprint(data),
                           roles={"label": table.label, "features": table.features},
                           preprocess={"scaling": scaling, "missing": missing})
    files = {
        "csv": (tr("download_csv"), "text/csv", f"{spec.method}-coordinates.csv", lambda: export.csv_bytes(
            export.coordinates_frame(prepared.labels, result.Y, label_name=table.label or "label",
                                     categories=categories))),
        "html": (tr("download_html"), "text/html", f"{spec.method}.html", lambda: export.figure_html(figure)),
        "recipe": (tr("download_recipe"), "application/json", f"{spec.method}-recipe.json", recipe.to_json),
    }
    for column, (kind, (label, mime, file_name, make)) in zip(st.columns(len(files)), files.items()):
        column.download_button(label, make, file_name=file_name, mime=mime, key=f"dl_{kind}_{spec.method}",
                               on_click="ignore", width="stretch")


# In the editor, added or edited rows are placed into the layout of the rows as they were (what-if).
what_if = np.zeros(prepared.n, dtype=bool)
if st.session_state["source"] == "edit":
    what_if = explain.changed_rows(original.data, table.data)[prepared.rows]
    if what_if.all():
        what_if[:] = False
fit_X = prepared.X[~what_if]
fit_key = prep_key if not what_if.any() else f"{prep_key}|fit:{export.fingerprint(fit_X.tobytes())}"
results = dict(zip([spec.method for spec in specs], run_projections(fit_X, prepared.features, fit_key, specs)))
if what_if.any():
    st.info(tr("what_if", n=int(what_if.sum()), labels=", ".join(md(label) for label in np.asarray(prepared.labels)[what_if][:5])))
# Panels whose orientation is arbitrary (PCA's signs, t-SNE's and UMAP's rotation) are turned to match the first of
# them; a linear map's axes are the user's W and stay as computed.
reference = next((r.Y for m, r in results.items() if m != "linear" and hasattr(r, "Y")), None)
layouts: dict[str, explain.LayoutView] = {}
drawn = st.session_state["drawn_rows"] = explain.drawn_rows(prepared.n, DRAW_UP_TO, anchor)


def drawn_part(values):
    """The drawn rows' entries of a per-row list or array."""
    if len(drawn) == len(values):
        return values
    return values[drawn] if isinstance(values, np.ndarray) else [values[i] for i in drawn]


pending, scoreboard = [], []
details = explain.hover_details(anchor_view, neighbor_lines, lang())
for column, spec in zip(st.columns(len(specs)), specs):
    result, title = results[spec.method], tr(f"method_{spec.method}")
    with column:
        if isinstance(result, ExplorerError):
            st.markdown(f"**{title}**")
            st.error(said(result))
            continue
        if not hasattr(result, "Y"):  # still running: show progress, the finished panels stay usable
            st.markdown(f"**{title}**")
            pending.append(result)
            show_pending(result, spec.method)
            continue
        st.markdown(f"**{title}** · {tr('panel_title', seconds=result.seconds)}")
        if what_if.any():
            placed = with_what_if(prepared.X, what_if, result, fit_key, spec.to_json(), tuple(prepared.features))
            if isinstance(placed, ExplorerError):
                st.error(said(placed))
                continue
            result = dataclasses.replace(result, Y=placed[0])
            st.caption(tr("placed_exact" if placed[1] else "placed_approx"))
        Y = result.Y if spec.method == "linear" or reference is None or reference is result.Y \
            or reference.shape != result.Y.shape \
            else quality.procrustes_align(result.Y, reference)
        scores, kept = layout_scores(prepared.X, result.Y, prep_key, spec.to_json(), metric)
        view = layouts[title] = explain.layout_view(Y, anchor, anchor_view, k=K)
        color, color_name = explain.colour_values(table, prepared, colour, kept)
        for warning in result.warnings:
            st.caption(f"⚠️ {said(warning)}")
        figure = figures.scatter(
            Y[drawn], drawn_part(prepared.labels),
            axis_names=result.axis_names,
            color=None if color is None else drawn_part(color), color_name=color_name,
            anchor=int(np.searchsorted(drawn, anchor)),
            similarity=anchor_view.similarity[drawn], ranks=(anchor_view.rank[drawn], view.rank[drawn]),
            details=drawn_part(details), marked=np.flatnonzero(np.isin(drawn, view.false)),
            added=np.flatnonzero(what_if[drawn]), lang=lang(),
        )
        if len(drawn) < prepared.n:
            st.caption(tr("drawn_sample", shown=len(drawn), n=prepared.n))
        chart_key = f"chart_{spec.method}"
        st.plotly_chart(figure, key=chart_key, on_select=lambda k=chart_key: on_point_click(k),
                        selection_mode="points", config={"displaylogo": False})
        if scores is not None:
            scoreboard.append(explain.scoreboard_row(title, result.seconds, scores))
        downloads(spec, result, figure)

# ---- how far each picture can be trusted
if scoreboard:
    st.subheader(tr("scoreboard"))
    st.dataframe(explain.scoreboard_frame(scoreboard), hide_index=True, width="stretch",
                 column_config=scoreboard_columns())
if layouts:
    st.subheader(tr("neighbours_of", label=md(prepared.labels[anchor])))
    st.dataframe(explain.neighbour_table(prepared.labels, anchor_view, layouts, k=K, lang=lang()),
                 hide_index=True, width="stretch")
    for title, view in layouts.items():
        if view.missed.size:
            st.caption(tr("pushed_away", method=title, labels=", ".join(md(prepared.labels[i]) for i in view.missed)))

linear_maps = {method: r for method, r in results.items() if method in IN_PROCESS and hasattr(r, "Y")}
if linear_maps:
    with st.expander(tr("loadings")):
        for column, (method, result) in zip(st.columns(len(linear_maps)), linear_maps.items()):
            linear = result.linear_map
            column.plotly_chart(figures.loadings(linear.W, linear.features or prepared.features,
                                                 axis_names=result.axis_names,
                                                 title=tr(f"method_{method}")), key=f"loadings_{method}")

stochastic = [spec for spec in specs if spec.method not in IN_PROCESS]
with st.expander(tr("stability")):
    if not stochastic:
        st.caption(tr("stability_needs"))
    else:
        left, right = st.columns(2)
        chosen = left.selectbox(tr("methods"), stochastic, format_func=lambda s: tr(f"method_{s.method}"),
                                key="stability_method")
        vary = right.radio(tr("stability_vary"), ["seed", "param"], horizontal=True, key="stability_vary",
                           format_func=lambda v: tr(f"stability_{v}_{chosen.method}" if v == "param" else "stability_seed"))
        if st.toggle(tr("stability_run"), key="stability_run"):
            runs_specs = variants(chosen, vary)
            runs = run_projections(prepared.X, prepared.features, prep_key, runs_specs)
            failed = [r for r in runs if isinstance(r, ExplorerError)]
            waiting = [r for r in runs if not isinstance(r, ExplorerError) and not hasattr(r, "Y")]
            if failed:
                st.error(said(failed[0]))
            elif waiting:
                pending.extend(waiting)
                show_pending(waiting[0], "stability")
            else:
                per_item, overall = stable_scores([r.Y for r in runs], prep_key, tuple(v.to_json() for v in runs_specs))
                st.metric(tr("stability_overall"), f"{overall:.2f}", help=tr("stability_help"))
                for column, spec_i, run in zip(st.columns(len(runs)), runs_specs, runs):
                    caption = f"seed {spec_i.seed}" if vary == "seed" else \
                        ", ".join(f"{k}={v:g}" for k, v in spec_i.params.items() if k in ("perplexity", "n_neighbors"))
                    column.plotly_chart(figures.scatter(
                        quality.procrustes_align(run.Y, runs[0].Y)[drawn], drawn_part(prepared.labels),
                        title=figures.safe_text(caption), color=per_item[drawn],
                        color_name=tr("stability_item"), lang=lang()), key=f"stability_{caption}")

st.subheader(tr("heatmap"))
members = explain.heatmap_members(prepared.X, anchor, all_up_to=HEATMAP_ALL_UP_TO)
st.plotly_chart(figures.heatmap(similarity.matrix(prepared.X[members]), [prepared.labels[i] for i in members],
                                lang=lang()), key="heatmap")

if pending:  # progressive display: show what is ready, poll until the rest is
    time.sleep(0.5)
    st.rerun()
