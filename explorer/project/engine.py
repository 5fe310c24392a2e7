"""``project(X, spec)``: the one entry point. The spec is checked in one place
(:meth:`ProjectionSpec.validate`), the input matrix before any method runs and the output
after, so a method never hands back a silent NaN. t-SNE and UMAP load their libraries when
they first run; above ``fit_rows`` rows they are fitted on a seeded sample and the other rows
placed into that layout (the result says so in its warnings).
"""
from __future__ import annotations

import dataclasses
import time
from typing import Any, Callable, Sequence

import numpy as np

from ..errors import ProjectionCancelled, ProjectionError
from ..words import say
from .checks import Progress, Reporter, check_matrix, check_output
from .linear import run_linear
from .params import ProjectionSpec
from .pca import run_pca
from .placement import fit_sample_and_place
from .result import Projection


def _tsne(*args: Any):
    from .tsne import run_tsne  # openTSNE loads on first use

    return run_tsne(*args)


def _umap(*args: Any):
    from .umap import run_umap  # umap-learn and numba load on first use

    return run_umap(*args)


RUNNERS: dict[str, Callable[..., tuple]] = {"linear": run_linear, "pca": run_pca, "tsne": _tsne, "umap": _umap}


def project(X: Any, spec: ProjectionSpec, *, features: Sequence[str] | None = None,
            progress: Progress | None = None) -> Projection:
    """Project the rows of X (n×d) to ``spec.dims`` dimensions with ``spec.method``.

    ``progress(fraction, message)`` is called along the way; returning False
    stops the run with ProjectionCancelled (for t-SNE carrying the layout reached, in
    ``partial``). Same spec and seed give the same coordinates. Raises ProjectionError
    for input the method cannot use.
    """
    start = time.perf_counter()
    if not isinstance(spec, ProjectionSpec):
        raise ProjectionError(say("not_a_spec", kind=type(spec).__name__))
    X = check_matrix(X, features)
    params, notes = spec.validate(X.shape[0], X.shape[1], features=features)
    report = Reporter(progress, spec.title, shape=(X.shape[0], spec.dims))
    report(0.0, say("progress_start", method=spec.title))
    sample = None
    try:
        if X.shape[0] > params.get("fit_rows", X.shape[0]):
            Y, axis_names, fit, notes, sample = fit_sample_and_place(X, spec, params, features, report,
                                                                    RUNNERS[spec.method])
        else:
            Y, axis_names, fit = RUNNERS[spec.method](X, spec, params, features, report, notes)
    except ProjectionCancelled as stop:
        if stop.partial is not None and stop.partial.shape != (X.shape[0], spec.dims):
            stop.partial = None  # a layout of a sample only: no picture of every row to show
        raise
    except MemoryError:
        raise ProjectionError(say("projection_memory", method=spec.title, n=X.shape[0], d=X.shape[1],
                                  fix=say("fix_fewer_rows_fit" if "fit_rows" in params else "fix_fewer_rows"))) from None
    Y = check_output(Y, spec, X.shape[0])
    report(1.0, say("progress_done", method=spec.title))
    return Projection(Y=Y, spec=spec, axis_names=list(axis_names), fit=fit, seconds=time.perf_counter() - start,
                      warnings=notes, sample=sample)


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
