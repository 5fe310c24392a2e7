"""The Tutorial / 教程 view: the tutorial's sections with live numbers (widgets and layout only)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from explorer.present import charts, figures, tutorial
from explorer.neighbours import similarity
from explorer.errors import ExplorerError
from explorer.project import ProjectionSpec, explain_fit, project
from explorer.run import policy
from views.common import lang, md, said, tr

ITEM, OTHER, TABLE = "tut_item", "tut_other", "tut_table"
DRAW_WITH = ("picture", "linear", "pca", "tsne", "umap")


@st.cache_resource
def tutorial_data() -> tutorial.Tutorial:
    return tutorial.load()


@st.cache_data(max_entries=32, show_spinner=False)
def layout(X: np.ndarray, method: str) -> np.ndarray:
    """A 2-D layout of the (edited) movie table; t-SNE and UMAP run in a worker process."""
    return policy.run(X, ProjectionSpec(method)).Y


def pick(index: int) -> None:
    st.session_state[ITEM] = int(index)


def on_click(chart_key: str) -> None:
    for point in st.session_state.get(chart_key, {}).get("selection", {}).get("points", []):
        if point.get("curve_number", 0) == 0 and "point_index" in point:
            pick(point["point_index"])
            return


def reset_table() -> None:
    st.session_state.pop(TABLE, None)


def edited_values(tut: tutorial.Tutorial) -> np.ndarray | None:
    """The movie table as the user left it, or None (after saying which cell is empty)."""
    original = tut.movies.data[[tut.movies.label, *tut.features]]
    frame = st.data_editor(original, key=TABLE, hide_index=True, width="stretch", num_rows="fixed",
                           disabled=[tut.movies.label])
    X = frame[tut.features].apply(pd.to_numeric, errors="coerce").to_numpy(float)
    base = tut.movies.values()
    for i, j in np.argwhere(~np.isfinite(X)):
        st.error(tr("tut_bad_cell", label=md(tut.labels[i]), feature=md(tut.features[j]), value=base[i, j]))
        return None
    changed = [f"{tut.labels[i]} · {tut.features[j]} {tutorial.number(base[i, j])} → {tutorial.number(X[i, j])}"
               for i, j in np.argwhere(X != base)]
    if changed:
        left, right = st.columns([4, 1])
        left.caption(tr("tut_edited", cells=md("; ".join(changed), 400)))
        right.button(tr("tut_reset"), on_click=reset_table, key="tut_reset")
    return X


def panel(Y: np.ndarray, tut: tutorial.Tutorial, X: np.ndarray, *, title: str, axes, key: str,
          about: list[str] | None = None, targets: np.ndarray | None = None) -> None:
    chosen = st.session_state[ITEM]
    figure = figures.scatter(Y, tut.labels, title=title, axis_names=axes, anchor=chosen,
                             closeness=similarity.to_anchor(X, chosen), about=about, lang=lang())
    if targets is not None:
        charts.add_targets(figure, Y, targets, tr("tut_target"))
    st.plotly_chart(figure, key=key, on_select=lambda: on_click(key), selection_mode="points",
                    config={"displaylogo": False})


def formula_lines(W: np.ndarray, b: np.ndarray, X: np.ndarray, axes) -> list[str]:
    """Per movie, E(x) written out for the hover: ``x = 0.2115×0.9 − … + 0.491 = 0.7872``."""
    lines = []
    for x in X:
        rows = [f"{axis} = {written(terms)}" for axis, terms in zip(axes, tutorial.formula_terms(W, b, x))]
        lines.append("E(x) = Wx + b\n" + "\n".join(rows))
    return lines


def written(axis: tutorial.AxisTerms) -> str:
    """``0.1904 − 0.0212 + 0.491 = 0.7872``: each term of one coordinate, signed, then the sum."""
    text = ""
    for i, value in enumerate([*axis.terms, axis.bias]):
        sign = "−" if value < 0 else "" if i == 0 else "+"
        text += f"{' ' if i else ''}{sign}{' ' if i and sign else ''}{tutorial.number(abs(value))}"
    return f"{text} = {tutorial.number(axis.value)}"


def latex_matrix(M) -> str:
    M = np.atleast_2d(np.asarray(M, dtype=float))
    rows = [" & ".join(tutorial.number(v) for v in row) for row in M]
    return r"\begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}"


def show() -> None:
    tut = tutorial_data()
    st.header(tr("tut_title"))
    st.caption(tr("tut_intro"))

    st.subheader(tr("tut_what"))
    st.markdown(tr("tut_what_text"))
    st.code("原始数据 (高维) -----> 嵌入空间 (低维)\n[1000个特征]         [2-3个维度]", language=None)

    st.subheader(tr("tut_movies"))
    st.markdown(tr("tut_movies_text"))
    X = edited_values(tut)
    if X is None:
        return
    st.markdown(tr("tut_to_2d"))
    st.code("\n".join(f"{label}: ({tutorial.number(x)}, {tutorial.number(y)})"
                      for label, (x, y) in zip(tut.labels, tut.picture)), language=None)
    st.caption(tr("tut_panels"))
    chosen = st.selectbox(tr("tut_item"), range(len(X)), format_func=lambda i: tut.labels[i], key=ITEM)
    fit, axes = tut.fit, tut.picture_axes
    Y_fit = X @ fit.W.T + fit.b
    try:
        pca = project(X, ProjectionSpec("pca"))
    except ExplorerError as error:
        pca = error
    left, middle, right = st.columns(3)
    with left:
        panel(tut.picture, tut, X, title=tr("tut_picture"), axes=axes, key="chart_tut_picture")
    with middle:
        if isinstance(pca, ExplorerError):
            st.error(said(pca))
        else:
            panel(pca.Y, tut, X, title=tr("tut_pca"), axes=pca.axis_names, key="chart_tut_pca")
    with right:
        panel(Y_fit, tut, X, title=tr("tut_fitted"), axes=axes, key="chart_tut_fitted",
              about=formula_lines(fit.W, fit.b, X, axes), targets=tut.picture)
    with st.container(border=True):
        st.markdown(f"**{tr('tut_why_title')}**")
        st.markdown(tr("tut_why_exact" if fit.exact else "tut_why_not"))
        for note in tutorial_fit_notes(tut):
            st.markdown(f"- {said(note)}")
        if not isinstance(pca, ExplorerError):
            share = pca.fit.explained_variance_ratio[1]
            st.markdown(tr("tut_pca_line", share=f"{share:.1%}"))

    st.subheader(tr("tut_words"))
    st.markdown(tr("tut_words_text"))
    words = tut.words
    st.code("\n".join(f'"{label}" -----> [{", ".join(tutorial.number(v) for v in row)}]'
                      for label, row, source in zip(words.labels(), words.values(), words.data[words.categories[0]])
                      if source == "教程"), language=None)
    st.caption(tr("tut_words_ours"))
    W_sim = similarity.matrix(words.values())
    st.markdown(f"**{tr('tut_words_similar')}**")
    st.dataframe(pd.DataFrame(np.round(W_sim, 4), index=words.labels(), columns=words.labels()), width="stretch")

    st.subheader(tr("tut_math"))
    st.markdown(tr("tut_math_text"))
    st.latex(r"E(x) = Wx + b")
    st.markdown(tr("tut_math_terms"))
    st.markdown(tr("tut_math_live", label=md(tut.labels[chosen])))
    st.latex(f"{latex_matrix(fit.W)} {latex_matrix(X[chosen][:, None])} + {latex_matrix(fit.b[:, None])}"
             f" = {latex_matrix(Y_fit[chosen][:, None])}")
    st.code("\n".join(f"{axis} = {written(terms)}"
                      for axis, terms in zip(axes, tutorial.formula_terms(fit.W, fit.b, X[chosen]))), language=None)

    st.subheader(tr("tut_ex1"))
    st.markdown(tr("tut_ex1_text"))
    st.code(tutorial.COSINE_CODE, language="python")
    one, two = st.columns(2)
    one.markdown(f"{tr('tut_movie1')} = **{md(tut.labels[chosen])}** · {tr('tut_movie1_how')}")
    st.session_state.setdefault(OTHER, len(X) - 1)  # the tutorial's pair: 电影A and 电影C
    other = two.selectbox(tr("tut_movie2"), range(len(X)), format_func=lambda i: tut.labels[i], key=OTHER)
    steps = tutorial.cosine_steps(X[chosen], X[other])
    st.code(cosine_worked(steps, tut.labels[chosen], tut.labels[other]), language="python")
    for label, norm in ((tut.labels[chosen], steps.norm_a), (tut.labels[other], steps.norm_b)):
        if norm == 0:
            st.warning(tr("tut_ex1_zero", label=md(label)))
    if np.isfinite(steps.value):
        st.success(tr("tut_ex1_same", a=md(tut.labels[chosen]), b=md(tut.labels[other]),
                      value=f"{similarity.to_anchor(X, chosen)[other]:.4f}"))
    st.markdown(f"**{tr('tut_ex1_all')}**")
    st.dataframe(pd.DataFrame(np.round(similarity.matrix(X), 4), index=tut.labels, columns=tut.labels), width="stretch")

    st.subheader(tr("tut_ex2"))
    st.markdown(tr("tut_ex2_text"))
    method = st.radio(tr("tut_ex2_method"), DRAW_WITH, horizontal=True, key="tut_draw",
                      format_func=lambda m: tr("tut_ex2_picture") if m == "picture" else tr(f"method_{m}"))
    text, drawn = st.columns([2, 3])
    text.code(tutorial.PICTURE_TEXT, language=None)
    with drawn:
        try:
            Y = tut.picture if method == "picture" else Y_fit if method == "linear" else layout(X, method)
            panel(Y, tut, X, title=tr("tut_ex2_picture") if method == "picture" else tr(f"method_{method}"),
                  axes=axes if method in ("picture", "linear") else ("1", "2"), key="chart_tut_ex2")
        except ExplorerError as error:
            st.error(said(error))

    st.subheader(tr("tut_benefits"))
    st.markdown(tr("tut_benefits_text"))
    go_movies, go_words = st.columns(2)
    go_movies.button(tr("tut_explore"), on_click=explore, args=("movies",), key="tut_go_movies")
    go_words.button(tr("tut_explore_words"), on_click=explore, args=("words",), key="tut_go_words")


@st.cache_data(show_spinner=False)
def tutorial_fit_notes(_tut: tutorial.Tutorial) -> list:
    return explain_fit(_tut.fit, _tut.labels)


def cosine_worked(steps: tutorial.CosineSteps, name1: str, name2: str) -> str:
    """The tutorial's function with every value filled in (as Python comments and assignments)."""
    n = tutorial.number
    a, b = ", ".join(map(n, steps.a)), ", ".join(map(n, steps.b))
    return "\n".join([
        f"movie1 = [{a}]  # {name1}",
        f"movie2 = [{b}]  # {name2}",
        "dot_product = " + " + ".join(f"{n(x)}*{n(y)}" for x, y in zip(steps.a, steps.b)),
        "            = " + " + ".join(map(n, steps.products)) + f" = {n(steps.dot)}",
        "norm1 = (" + " + ".join(f"{n(x)}*{n(x)}" for x in steps.a) + ") ** 0.5",
        "      = (" + " + ".join(map(n, steps.squares_a)) + f") ** 0.5 = {n(sum(steps.squares_a))} ** 0.5"
        f" = {n(steps.norm_a)}",
        "norm2 = (" + " + ".join(f"{n(y)}*{n(y)}" for y in steps.b) + ") ** 0.5",
        "      = (" + " + ".join(map(n, steps.squares_b)) + f") ** 0.5 = {n(sum(steps.squares_b))} ** 0.5"
        f" = {n(steps.norm_b)}",
        f"cosine_similarity = dot_product / (norm1 * norm2) = {n(steps.dot)} / ({n(steps.norm_a)} * {n(steps.norm_b)})",
        f"                  = {n(steps.dot)} / {n(steps.norm_a * steps.norm_b)} = {n(steps.value)}",
    ])


def explore(sample: str) -> None:
    """Switch to the Explore view on a sample (a button's callback: widgets are not drawn yet)."""
    st.session_state.update(view="explore", source="sample", sample=sample)
