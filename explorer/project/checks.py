"""Checks every method shares: the input matrix before a method runs, its output after, and the
progress reporter whose False answer stops a run.
"""
from __future__ import annotations

import inspect
from typing import Any, Callable, Sequence

import numpy as np

from ..errors import ProjectionCancelled, ProjectionError
from ..words import say
from .params import ProjectionSpec


Progress = Callable[..., "bool | None"]  # (fraction, message[, layout]) -> False to stop


class Reporter:
    """Passes progress to the caller's callback; a False answer stops the run (ProjectionCancelled).

    A method may show the layout it has reached (t-SNE every few dozen iterations); it is passed on as the
    callback's third argument when it is a picture of every row (``shape``) and the callback takes one.
    """

    def __init__(self, progress: Progress | None, title: str, shape: tuple[int, int] | None = None) -> None:
        self.progress, self.title, self.shape = progress, title, shape
        self.fraction, self.message = 0.0, ""
        self.takes_layout = progress is not None and _takes_three(progress)

    def __call__(self, fraction: float, message: str, layout: np.ndarray | None = None) -> None:
        self.fraction, self.message = min(max(float(fraction), 0.0), 1.0), message
        if layout is not None and self.takes_layout and layout.shape == self.shape:
            self._ask(np.array(layout, dtype=np.float64))
        else:
            self.repeat()

    def repeat(self) -> None:
        """Ask again with the latest news (a heartbeat, so a cancel is seen while nothing happens)."""
        self._ask()

    def _ask(self, *layout: np.ndarray) -> None:
        if self.progress is not None and self.progress(self.fraction, self.message, *layout) is False:
            raise ProjectionCancelled(say("cancelled", method=self.title, fraction=self.fraction, message=self.message))


def _takes_three(fn: Callable) -> bool:
    try:
        inspect.signature(fn).bind(0.0, "", None)
    except TypeError:
        return False
    except ValueError:  # no signature to read (a builtin): do not risk it
        return False
    return True


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
