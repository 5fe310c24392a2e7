"""Checks every method shares: the input matrix before a method runs, its output after, and the
progress reporter whose False answer stops a run.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

from ..errors import ProjectionCancelled, ProjectionError
from ..words import say
from .params import ProjectionSpec


Progress = Callable[[float, str], "bool | None"]


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


def check_output(Y: np.ndarray, spec: ProjectionSpec, n: int) -> np.ndarray:
    Y = np.ascontiguousarray(Y, dtype=np.float64)
    if Y.shape != (n, spec.dims):
        raise ProjectionError(say("output_shape", method=spec.title, shape=Y.shape, n=n, dims=spec.dims))
    bad = ~np.isfinite(Y).all(axis=1)
    if bad.any():
        cause = say({"linear": "cause_linear", "pca": "cause_pca"}.get(spec.method, "cause_diverged"))
        raise ProjectionError(say("output_not_finite", method=spec.title, bad=int(bad.sum()), n=n,
                                  first=int(np.argmax(bad)) + 1, cause=cause))
    return Y
