"""Where a projection runs, decided once for the page and the command alike.

The linear map and PCA run in the calling process: exact, fast, and they cannot
crash on the finite matrix ``check_matrix`` lets through. t-SNE and UMAP run in a
worker process (``worker.project_isolated``): their native code (openTSNE, numba,
Annoy) can crash or run away on hostile input, and must take down neither the
server nor the command with a traceback.
"""
from __future__ import annotations

from typing import Any, Sequence

from ..project import Progress, Projection, ProjectionSpec, project
from .worker import DEFAULT_TIMEOUT, project_isolated

IN_PROCESS = frozenset({"linear", "pca"})


def runs_in_worker(method: str) -> bool:
    return method not in IN_PROCESS


def run(X: Any, spec: ProjectionSpec, *, features: Sequence[str] | None = None, progress: Progress | None = None,
        timeout: float | None = DEFAULT_TIMEOUT, warm: bool = True) -> Projection:
    """``spec`` projected where it is safe (see the module's note); the same result and errors either way.

    ``timeout`` (seconds) bounds a worker's run (None: no bound, as for the command);
    ``warm=False`` starts a needed worker without warming t-SNE/UMAP in it first.
    """
    if runs_in_worker(spec.method):
        return project_isolated(X, spec, features=features, progress=progress, timeout=timeout, warm=warm)
    return project(X, spec, features=features, progress=progress)
