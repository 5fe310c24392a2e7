"""Project an n×d table to 2-D or 3-D: a linear map ``E(x) = Wx + b``, PCA, t-SNE or UMAP.

``project(X, spec)`` is the one entry point. The spec is checked in one place
(:meth:`ProjectionSpec.validate`, in ``spec.py``); the input matrix is checked
before any method runs and the output after, so a method never hands the page a
silent NaN. The linear map, PCA and the linear presets live here; t-SNE and UMAP
in ``manifold.py``, imported only when they run. Above ``fit_rows`` rows t-SNE and
UMAP are fitted on a seeded random sample and the other rows placed into that
layout (``manifold.place_many``); the result says so in its warnings.
"""
from __future__ import annotations

import dataclasses

import math
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np

from ..errors import ProjectionCancelled, ProjectionError
from ..words import Message, say
from .spec import METHOD_TITLES, METHODS, PARAMS, ProjectionSpec

__all__ = ["METHODS", "METHOD_TITLES", "PARAMS", "PRESETS", "LinearFit", "Projection", "ProjectionSpec",
           "check_matrix", "fit_linear", "linear_preset", "pca_basis", "project"]

PRESETS = ("random", "pca", "features", "axis")

Progress = Callable[[float, str], "bool | None"]


# --------------------------------------------------------------------------- result


@dataclass(eq=False)
class Projection:
    """The picture: coordinates Y (n×k float64) plus what the method reports about it."""

    Y: np.ndarray
    spec: ProjectionSpec
    diagnostics: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- entry point


class Reporter:
    """Passes progress to the caller's callback; a False answer stops the run (ProjectionCancelled)."""

    def __init__(self, progress: Progress | None, title: str) -> None:
        self.progress, self.title = progress, title
        self.fraction, self.message = 0.0, ""

    def __call__(self, fraction: float, message: str) -> None:
        self.fraction, self.message = min(max(float(fraction), 0.0), 1.0), message
        self.repeat()

    def repeat(self) -> None:
        """Ask again with the latest news (a heartbeat, so a cancel is seen while nothing happens)."""
        if self.progress is not None and self.progress(self.fraction, self.message) is False:
            raise ProjectionCancelled(say("cancelled", method=self.title, fraction=self.fraction, message=self.message))


def project(X: Any, spec: ProjectionSpec, *, features: Sequence[str] | None = None,
            progress: Progress | None = None) -> Projection:
    """Project the rows of X (n×d) to ``spec.dims`` dimensions with ``spec.method``.

    ``progress(fraction, message)`` is called along the way; returning False
    stops the run with ProjectionCancelled. Same spec and seed give the same
    coordinates. Raises ProjectionError for input the method cannot use.
    """
    start = time.perf_counter()
    if not isinstance(spec, ProjectionSpec):
        raise ProjectionError(say("not_a_spec", kind=type(spec).__name__))
    X = check_matrix(X, features)
    params, notes = spec.validate(X.shape[0], X.shape[1], features=features)
    report = Reporter(progress, spec.title)
    report(0.0, say("progress_start", method=spec.title))
    try:
        if X.shape[0] > params.get("fit_rows", X.shape[0]):
            Y, diagnostics, notes = _fit_sample_and_place(X, spec, params, features, report)
        else:
            Y, diagnostics = _RUNNERS[spec.method](X, spec, params, features, report, notes)
    except MemoryError:
        raise ProjectionError(say("projection_memory", method=spec.title, n=X.shape[0], d=X.shape[1],
                                  fix=say("fix_fewer_rows_fit" if "fit_rows" in params else "fix_fewer_rows"))) from None
    Y = _check_output(Y, spec, X.shape[0])
    report(1.0, say("progress_done", method=spec.title))
    return Projection(Y=Y, spec=spec, diagnostics=diagnostics,
                      seconds=time.perf_counter() - start, warnings=notes)


def check_matrix(X: Any, features: Sequence[str] | None = None, *, fit: bool = True) -> np.ndarray:
    """X as a finite n×d float64 array, or ProjectionError; to fit a layout, at least two different rows."""
    try:
        X = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ProjectionError(say("matrix_not_numbers", error=error)) from None
    if X.ndim != 2:
        raise ProjectionError(say("matrix_not_2d", shape=X.shape))
    n, d = X.shape
    if features is not None and len(features) != d:
        raise ProjectionError(say("matrix_names", n=len(features), d=d))
    if d == 0:
        raise ProjectionError(say("matrix_no_features"))
    if n < 2 and fit:
        raise ProjectionError(say("matrix_one_row", n=n))
    if n == 0:
        return X
    high, low = X.max(axis=0), X.min(axis=0)  # NaN and inf show up here too: no extra pass
    if not (np.isfinite(high).all() and np.isfinite(low).all()):
        row, col = map(int, np.argwhere(~np.isfinite(X))[0])
        name = repr(features[col]) if features is not None else f"{col + 1}"
        raise ProjectionError(say("matrix_not_finite", row=row + 1, name=name, value=X[row, col]))
    if fit and np.array_equal(high, low):
        raise ProjectionError(say("matrix_identical", n=n))
    return X


def _check_output(Y: np.ndarray, spec: ProjectionSpec, n: int) -> np.ndarray:
    Y = np.ascontiguousarray(Y, dtype=np.float64)
    if Y.shape != (n, spec.dims):
        raise ProjectionError(say("output_shape", method=spec.title, shape=Y.shape, n=n, dims=spec.dims))
    bad = ~np.isfinite(Y).all(axis=1)
    if bad.any():
        cause = say({"linear": "cause_linear", "pca": "cause_pca"}.get(spec.method, "cause_diverged"))
        raise ProjectionError(say("output_not_finite", method=spec.title, bad=int(bad.sum()), n=n,
                                  first=int(np.argmax(bad)) + 1, cause=cause))
    return Y


# --------------------------------------------------------------------------- linear map and PCA


def _run_linear(X, spec, params, features, report, notes):
    W = np.asarray(params["weights"], dtype=np.float64)
    b = np.zeros(len(W)) if params["bias"] is None else np.asarray(params["bias"], dtype=np.float64)
    if params["features"] is not None:
        X = X[:, [list(features).index(f) for f in params["features"]]]
    with np.errstate(over="ignore", invalid="ignore"):
        Y = center_project(X, W) + b
    names = params["axis_names"] or [say("axis_n", i=i + 1) for i in range(len(W))]
    return Y, {"W": W.tolist(), "b": b.tolist(), "axis_names": names,
               "features": params["features"] or (list(features) if features is not None else None)}


def pca_basis(X: np.ndarray, k: int, *, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Leading k principal directions of X: (components k×d, mean d, variances k, total variance).

    Signs follow sklearn: the largest-magnitude loading of each component is positive.
    The solver is chosen for speed: the d×d covariance when n >= d (chunked, so the
    data is centred exactly without an n×d copy: 1M×50 in ~0.5 s), an SVD of the
    centred rows when n < d, and a randomized SVD when both are large.
    """
    n, d = X.shape
    mean = X.mean(axis=0)
    if n >= d and d <= 2000:
        def covariance(scale: float) -> np.ndarray:
            C = np.zeros((d, d))
            for s in range(0, n, _CHUNK):
                block = X[s:s + _CHUNK] - mean
                if scale != 1.0:
                    block /= scale
                C += block.T @ block
            return C / max(n - 1, 1)

        scale = 1.0
        C = covariance(scale)
        if not np.isfinite(C).all() or not C.any():  # squares over- or underflowed: rescale, redo
            scale = float(np.abs(X - mean).max()) or 1.0
            C = covariance(scale)
        components, variances, total = components_from_covariance(C, k)
    else:
        scale = float(np.abs(X - mean).max()) or 1.0
        Xc = (X - mean) / scale
        if min(n, d) <= 3000:
            _, s, Vt = np.linalg.svd(Xc, full_matrices=False)
        else:
            from sklearn.utils.extmath import randomized_svd
            _, s, Vt = randomized_svd(Xc, k, n_iter=7, random_state=seed)
        variances, components = (s[:k] ** 2) / max(n - 1, 1), _sklearn_signs(Vt[:k])
        total = float((Xc ** 2).sum() / max(n - 1, 1))
    if components.shape[0] < k:  # fewer directions than asked: pad with zero-variance ones
        extra = np.zeros((k - components.shape[0], d))
        components, variances = np.vstack([components, extra]), np.concatenate([variances, np.zeros(len(extra))])
    return components, mean, variances * scale**2, total * scale**2


def components_from_covariance(C: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, float]:
    """Leading k eigenvectors of a covariance matrix, signed as sklearn signs them: (components, variances, total)."""
    values, vectors = np.linalg.eigh(C)
    order = np.argsort(values)[::-1][:k]
    return _sklearn_signs(vectors[:, order].T), np.maximum(values[order], 0.0), float(np.trace(C))


def _sklearn_signs(components: np.ndarray) -> np.ndarray:
    """Each component turned so that its largest-magnitude loading is positive."""
    signs = np.sign(components[np.arange(len(components)), np.argmax(np.abs(components), axis=1)])
    signs[signs == 0] = 1.0
    return components * signs[:, None]


_CHUNK = 8192  # rows per block: small blocks keep BLAS in cache (1M×50 @ 50×2: 0.1 s vs 0.4 s whole)


def center_project(X: np.ndarray, W: np.ndarray, center: np.ndarray | None = None) -> np.ndarray:
    """(X - center) @ W.T in blocks: exact for large offsets, no n×d temporary."""
    out = np.empty((X.shape[0], W.shape[0]))
    Wt = np.ascontiguousarray(W.T)
    for s in range(0, X.shape[0], _CHUNK):
        block = X[s:s + _CHUNK] if center is None else X[s:s + _CHUNK] - center
        np.matmul(block, Wt, out=out[s:s + _CHUNK])
    return out


def _run_pca(X, spec, params, features, report, notes):
    components, mean, variances, total = pca_basis(X, spec.dims, seed=spec.seed)
    Y = center_project(X, components, mean)
    ratio = (variances / total) if total > 0 else np.zeros_like(variances)
    # A direction without variance (the data spans fewer dimensions, e.g. the tutorial's three movies lie on a
    # line) holds only rounding noise (~1e-16): its coordinates are 0, not noise a chart would magnify.
    Y[:, ratio <= 1e-12] = 0.0
    return Y, {
        "explained_variance_ratio": ratio.tolist(),
        "explained_variance": variances.tolist(),
        "loadings": components.tolist(),
        "mean": mean.tolist(),
        "axis_names": [say("axis_pc", i=i + 1, share=r) for i, r in enumerate(ratio)],
        "features": list(features) if features is not None else None,
    }


# --------------------------------------------------------------------------- a linear map fitted to positions


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
    from fractions import Fraction

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
            import difflib

            close = difflib.get_close_matches(str(label), list(where), n=3)
            raise ProjectionError(say("fit_unknown_item", label=label, what=what,
                                      hint=", ".join(close) if close else "—"))
        if len(found) > 1:
            raise ProjectionError(say("fit_ambiguous_item", label=label, rows=", ".join(str(i + 1) for i in found[:5])))
        rows.append(found[0])
    return np.asarray(rows, dtype=np.int64)


# --------------------------------------------------------------------------- linear presets


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


def _run_manifold(name: str) -> Callable[..., tuple[np.ndarray, dict[str, Any]]]:
    def run(*args: Any) -> tuple[np.ndarray, dict[str, Any]]:
        from . import manifold  # t-SNE/UMAP code (and their libraries) load on first use

        return getattr(manifold, name)(*args)

    return run


_RUNNERS: dict[str, Callable[..., tuple[np.ndarray, dict[str, Any]]]] = {
    "linear": _run_linear,
    "pca": _run_pca,
    "tsne": _run_manifold("run_tsne"),
    "umap": _run_manifold("run_umap"),
}


# The fit's share of the progress bar when the other rows are placed afterwards: placing is a
# neighbour search (200k rows into a 20k-row layout, d=50: 10-26 s on 2 busy shared cores),
# fitting t-SNE or UMAP on 100k rows takes minutes.
FIT_SHARE = 0.9


def fit_sample(n: int, fit_rows: int, seed: int) -> np.ndarray:
    """The rows (sorted indices) a t-SNE/UMAP layout of n rows is fitted on: all, or a seeded random sample."""
    if n <= fit_rows:
        return np.arange(n)
    return np.sort(np.random.default_rng(seed).choice(n, size=fit_rows, replace=False))


def _fit_sample_and_place(X, spec, params, features, report):
    """t-SNE/UMAP on a seeded sample of fit_rows rows, the other rows placed into that layout.

    The sample is fitted exactly as ``project(X[sample], spec)`` would fit it; every
    row of X gets coordinates, in its own place.
    """
    from . import manifold

    n = X.shape[0]
    # a row without a direction would stop the run after the fit; say so now, with its row number
    manifold.check_directions(X, params["metric"])
    fit_rows = params["fit_rows"]
    sample = fit_sample(n, fit_rows, spec.seed)
    params, notes = spec.validate(len(sample), X.shape[1], features=features)
    X_fit = X[sample]
    Y_fit, diagnostics = _RUNNERS[spec.method](
        X_fit, spec, params, features, lambda f, m: report(FIT_SHARE * f, m), notes)
    Y_fit = _check_output(Y_fit, spec, len(sample))
    rest = np.ones(n, dtype=bool)
    rest[sample] = False
    rest = np.flatnonzero(rest)
    Y = np.empty((n, spec.dims))
    Y[sample] = Y_fit
    Y[rest] = manifold.place_many(X_fit, Y_fit, X, spec, diagnostics,
                                  lambda f, m: report(FIT_SHARE + (1 - FIT_SHARE) * f, m), rows=rest)
    diagnostics.update(fitted_rows=len(sample), placed_rows=len(rest))
    notes.append(say("fitted_on_sample", method=spec.title, fitted=len(sample), n=n, seed=spec.seed,
                     fit_rows=fit_rows, placed=len(rest)))
    return Y, diagnostics, notes


def place_new(X_base: Any, base: Projection, X_new: Any, *, features: Sequence[str] | None = None
              ) -> tuple[np.ndarray, bool]:
    """Coordinates for new rows in an existing layout, without moving the old ones: (Y_new, exact).

    Linear and PCA place them exactly (the same map); t-SNE uses openTSNE's
    ``transform`` (optimises only the new points against the fixed layout) and
    UMAP the median position of the new point's nearest items; both are
    approximate, and say so with ``exact=False``. A layout fitted on a sample of
    X_base is extended from that sample, the rows that shaped it.
    """
    X_base, X_new = check_matrix(X_base, features), check_matrix(X_new, features, fit=False)
    if X_new.shape[0] == 0:
        return np.zeros((0, base.Y.shape[1])), True
    if X_base.shape[0] != base.Y.shape[0]:
        raise ProjectionError(say("layout_rows", layout=base.Y.shape[0], given=X_base.shape[0]))
    diag = base.diagnostics
    if base.spec.method == "linear":
        if diag.get("features") and features is not None:
            X_new = X_new[:, [list(features).index(f) for f in diag["features"]]]
        return center_project(X_new, np.asarray(diag["W"])) + np.asarray(diag["b"]), True
    if base.spec.method == "pca":
        return center_project(X_new, np.asarray(diag["loadings"]), np.asarray(diag["mean"])), True
    from . import manifold

    Y_base = base.Y
    if "fitted_rows" in diag:
        fitted = fit_sample(X_base.shape[0], base.spec.validate()[0]["fit_rows"], base.spec.seed)
        X_base, Y_base = X_base[fitted], Y_base[fitted]
    Y = manifold.place_few(X_base, Y_base, X_new, base.spec, diag)
    return _check_output(Y, base.spec, X_new.shape[0]), False


def extend(X: Any, new: np.ndarray, base: Projection, *, features: Sequence[str] | None = None
           ) -> tuple[np.ndarray, bool]:
    """Coordinates of every row of X, where ``base`` was fitted on the rows not in the mask ``new``."""
    X, new = check_matrix(X, features), np.asarray(new, dtype=bool)
    Y = np.empty((X.shape[0], base.Y.shape[1]))
    Y[~new] = base.Y
    Y[new], exact = place_new(X[~new], base, X[new], features=features)
    return Y, exact


SWEEPS = {"tsne": ("perplexity", (5.0, 30.0, 50.0)), "umap": ("n_neighbors", (5, 15, 50))}


def variants(spec: ProjectionSpec, vary: str = "seed", runs: int = 3) -> list[ProjectionSpec]:
    """Reruns of a stochastic method for a stability check: other seeds, or a small parameter sweep."""
    if vary == "seed":
        return [dataclasses.replace(spec, seed=spec.seed + i) for i in range(runs)]
    name, values = SWEEPS[spec.method]
    return [dataclasses.replace(spec, params={**spec.params, name: value}) for value in values]


def warm_up_methods() -> None:
    """Import the heavy method libraries and compile UMAP's kernels on a tiny input."""
    X = np.random.default_rng(0).standard_normal((40, 4))
    project(X, ProjectionSpec("tsne", params={"n_iter": 30}))
    project(X, ProjectionSpec("umap"))
