"""The linear map ``E(x) = Wx + b``: applying it, starting W from a preset, and fitting W and b
to target positions of some items.
"""
from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from ..errors import ProjectionError
from ..words import Message, say
from .checks import check_matrix
from .pca import center_project, pca_basis
from .result import LinearMap


PRESETS = ("random", "pca", "features", "axis")


def run_linear(X, spec, params, features, report, notes) -> tuple[np.ndarray, list[str], LinearMap]:
    fit = LinearMap(W=np.asarray(params["weights"], dtype=np.float64),
                    b=np.zeros(len(params["weights"])) if params["bias"] is None else np.asarray(params["bias"], float),
                    features=params["features"] or (list(features) if features is not None else None))
    columns = fit.columns(features) if params["features"] is not None else None
    with np.errstate(over="ignore", invalid="ignore"):
        Y = center_project(X if columns is None else X[:, columns], fit.W) + fit.b
    return Y, params["axis_names"] or [say("axis_n", i=i + 1) for i in range(len(fit.W))], fit


@dataclass(frozen=True)
class LinearFit:
    """``E(x) = Wx + b`` fitted to target positions of some rows (``rows``, counted from 0).

    ``residuals`` holds, per fitted row, the distance between ``E(x)`` and its
    target; ``exact`` says that every target is met (up to rounding). When it is
    not, ``dependency`` is usually why: ``(k, {i: w_i})``, fitted row k is the
    weighted mean ``Σ w_i x_i`` of other fitted rows (weights summing to 1), so
    every map ``E`` puts it at ``Σ w_i E(x_i)``, wherever its target is.
    """

    W: np.ndarray
    b: np.ndarray
    rows: np.ndarray
    residuals: np.ndarray
    exact: bool
    dependency: tuple[int, dict[int, float]] | None = None


def fit_linear(X: Any, targets: Any, rows: Sequence[int] | None = None, *,
               features: Sequence[str] | None = None) -> LinearFit:
    """The W and b of ``E(x) = Wx + b`` that carry the rows ``X[rows]`` (all rows by default) to ``targets``.

    Least squares, with b free and, among the maps that fit equally well, the W of
    smallest norm (scikit-learn's ``LinearRegression`` finds the same). When the
    targets can be met exactly (as the tutorial's 3 movies in 4 dimensions can),
    this is the minimum-norm exact map; otherwise ``residuals`` say by how much
    each target is missed.
    """
    X = check_matrix(X, features, fit=False)
    T = np.asarray(targets, dtype=np.float64)
    rows = np.arange(X.shape[0]) if rows is None else np.asarray(rows, dtype=np.int64)
    if T.ndim != 2 or T.shape[1] not in (2, 3) or T.shape[0] != len(rows):
        raise ProjectionError(say("fit_shape", shape=T.shape, rows=len(rows)))
    if not np.isfinite(T).all():
        at = int(np.argwhere(~np.isfinite(T))[0][0])
        raise ProjectionError(say("fit_not_finite", row=int(rows[at]) + 1))
    if len(set(rows.tolist())) != len(rows):
        raise ProjectionError(say("fit_twice"))
    if len(rows) < 2:
        raise ProjectionError(say("fit_too_few", n=len(rows)))
    Xr = X[rows]
    x_mean, t_mean = Xr.mean(axis=0), T.mean(axis=0)
    Wt, *_ = np.linalg.lstsq(Xr - x_mean, T - t_mean, rcond=None)
    W = Wt.T
    b = t_mean - W @ x_mean
    residuals = np.linalg.norm(Xr @ Wt + b - T, axis=1)
    scale = max(1.0, float(np.abs(T).max()), float(np.abs(Xr).max()))
    exact = bool(residuals.max() <= 1e-9 * scale)
    return LinearFit(W=W, b=b, rows=rows, residuals=residuals, exact=exact,
                     dependency=None if exact or len(rows) > X.shape[1] + 1 else affine_dependency(Xr, rows))


def explain_fit(fitted: LinearFit, labels: Sequence[str]) -> list[Message]:
    """What a fit achieved, as notes: exact or by how much each target is missed, and why."""
    names = [str(labels[i]) for i in fitted.rows]
    if fitted.exact:
        return [say("fitted_map", n=len(names), how=say("fitted_exact", worst=float(fitted.residuals.max())))]
    missed = ", ".join(f"{name} {r:.4g}" for name, r in zip(names, fitted.residuals))
    notes = [say("fitted_map", n=len(names), how=say("fitted_least_squares", residuals=missed))]
    if fitted.dependency is not None:
        k, weights = fitted.dependency
        mix = " + ".join(f"{_weight(w)}·{labels[i]}" for i, w in weights.items())
        notes.append(say("fit_dependency", item=labels[k], mix=mix, others=", ".join(str(labels[i]) for i in weights)))
    elif len(names) > fitted.W.shape[1] + 1:
        notes.append(say("fit_too_many", m=len(names), d=fitted.W.shape[1]))
    return notes


def _weight(w: float) -> str:
    """5/7 rather than 0.714 where a small fraction is what the weight is."""
    simple = Fraction(w).limit_denominator(20)
    return f"{simple}" if abs(float(simple) - w) < 1e-9 else f"{w:.3g}"


def affine_dependency(Xr: np.ndarray, rows: np.ndarray) -> tuple[int, dict[int, float]] | None:
    """One row of ``Xr`` written as a weighted mean of the others (weights sum to 1), if there is one.

    Such a row is where no affine map can move it on its own: ``E(x_k) = Σ w_i E(x_i)``.
    Returned with table rows (``rows[i]``); None when the rows are affinely independent.
    """
    m = Xr.shape[0]
    M = np.vstack([Xr.T, np.ones(m)])  # columns: the rows, each with a 1 (the weights' sum)
    _, s, Vt = np.linalg.svd(M)
    s = np.concatenate([s, np.zeros(m - len(s))])
    free = np.flatnonzero(s <= max(M.shape) * np.finfo(float).eps * max(float(s[0]), 1.0))
    if not free.size:
        return None
    c = Vt[free[0]]  # Σ c_i x_i = 0 and Σ c_i = 0
    k = int(np.argmax(np.abs(c)))
    weights = {int(rows[i]): float(-c[i] / c[k]) for i in range(m) if i != k and abs(c[i]) > 1e-12 * abs(c[k])}
    return int(rows[k]), weights


def rows_of(labels: Sequence[str], wanted: Sequence[str], *, what: str = "target") -> np.ndarray:
    """The row of each label in ``wanted``; a clear error for a label that names no row, or several."""
    where: dict[str, list[int]] = {}
    for i, label in enumerate(labels):
        where.setdefault(str(label), []).append(i)
    rows = []
    for label in wanted:
        found = where.get(str(label), [])
        if not found:
            close = difflib.get_close_matches(str(label), list(where), n=3)
            raise ProjectionError(say("fit_unknown_item", label=label, what=what,
                                      hint=", ".join(close) if close else "—"))
        if len(found) > 1:
            raise ProjectionError(say("fit_ambiguous_item", label=label, rows=", ".join(str(i + 1) for i in found[:5])))
        rows.append(found[0])
    return np.asarray(rows, dtype=np.int64)


def linear_preset(X: Any, features: Sequence[str] | None, preset: str, *, dims: int = 2, seed: int = 0,
                  item_a: int | None = None, item_b: int | None = None,
                  axis_features: Sequence[str] | None = None,
                  labels: Sequence[str] | None = None) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """A starting (W, b, axis_names) for the linear map ``E(x) = Wx + b``.

    random: seeded Gaussian rows / sqrt(d). pca: the PCA loadings with
    b = -W·mean, so E equals PCA. features: the named features as axes.
    axis: item_a → item_b (row indices) as the first axis, then the leading
    principal directions of X orthogonal to it. (A map fitted to target
    positions: :func:`fit_linear`.)
    """
    X = check_matrix(X, features)
    n, d = X.shape
    if preset not in PRESETS:
        raise ProjectionError(say("bad_preset", value=preset, valid=", ".join(map(repr, PRESETS))))
    if dims not in (2, 3):
        raise ProjectionError(say("bad_dims", value=dims))
    if preset != "features" and d < dims:
        raise ProjectionError(say("preset_features_needed", dims=dims, preset=preset, d=d))
    names = list(features) if features is not None else [say("axis_feature", j=j + 1) for j in range(d)]
    if preset == "random":
        W = np.random.default_rng(seed).standard_normal((dims, d)) / math.sqrt(d)
        return W, np.zeros(dims), [say("axis_random", i=i + 1) for i in range(dims)]
    if preset == "pca":
        W, mean, variances, total = pca_basis(X, dims, seed=seed)
        ratio = variances / total if total > 0 else np.zeros(dims)
        return W, -W @ mean, [say("axis_pc", i=i + 1, share=r) for i, r in enumerate(ratio)]
    if preset == "features":
        chosen = list(axis_features) if axis_features is not None else names[:dims]
        if len(chosen) != dims:
            raise ProjectionError(say("preset_choose_features", dims=dims, n=len(chosen), names=", ".join(chosen)))
        unknown = [c for c in chosen if c not in names]
        if unknown:
            raise ProjectionError(say("unknown_feature", names=", ".join(map(repr, unknown)), valid=", ".join(names)))
        W = np.zeros((dims, d))
        W[np.arange(dims), [names.index(c) for c in chosen]] = 1.0
        return W, np.zeros(dims), chosen
    # axis
    for which, item in (("item_a", item_a), ("item_b", item_b)):
        if isinstance(item, bool) or not isinstance(item, (int, np.integer)) or not 0 <= item < n:
            raise ProjectionError(say("preset_item", which=which, value=item, high=n - 1))
    tag = (lambda i: labels[i]) if labels is not None else (lambda i: say("axis_row", i=i + 1))
    direction = X[item_b] - X[item_a]
    length = float(np.linalg.norm(direction))
    if length == 0 or not math.isfinite(length):
        raise ProjectionError(say("preset_no_direction", a=tag(item_a), b=tag(item_b)))
    u = direction / length
    Xc = X - X.mean(axis=0)
    rest = Xc - np.outer(Xc @ u, u)  # the data with the A→B direction removed
    basis, _, _, _ = pca_basis(rest, dims, seed=seed)  # dims-1 are needed; u itself may come back as one
    rows = [u]
    for v in basis:  # leading directions still orthogonal to the ones chosen (zero-variance ones fill in)
        v = v - sum((v @ r) * r for r in rows)
        norm = np.linalg.norm(v)
        if norm > 1e-8:
            rows.append(v / norm)
        if len(rows) == dims:
            break
    for j in range(d):  # data has fewer directions than dims: complete with coordinate axes
        if len(rows) == dims:
            break
        v = np.eye(d)[j] - sum(r[j] * r for r in rows)
        if np.linalg.norm(v) > 1e-8:
            rows.append(v / np.linalg.norm(v))
    W = np.vstack(rows)
    b = -W @ X.mean(axis=0)
    b[0] = -u @ X[item_a]  # first coordinate: 0 at A, |B - A| at B
    return W, b, [f"{tag(item_a)} → {tag(item_b)}"] + [say("axis_pc_orthogonal", i=i) for i in range(1, dims)]
