"""t-SNE with openTSNE: the gradient engine chosen by size, measured settings, progress, and a
cancel that keeps the layout reached (openTSNE's ``OptimizationInterrupt`` carries it)."""
from __future__ import annotations

import warnings
from typing import Any, Callable

import numpy as np

from ..errors import ProjectionCancelled
from ..words import say
from .neighbour_space import ANNOY_TREES, n_threads, prepare_for_metric
from .pca import center_project, pca_basis
from .result import TsneFit

Report = Callable[..., None]  # (fraction, message[, the layout reached])

# openTSNE's FFT gradient costs a roughly constant 15-30 ms per iteration here
# (a numpy FFT of the grid, whatever n), Barnes-Hut grows as n log n. Measured on
# 2 shared cores, 750 iterations: 1,797 rows BH 5-8 s vs FFT 28-38 s; 5,000 rows
# BH 21 s vs FFT 12 s; 10,000 rows BH 46-75 s vs FFT 18-26 s.
TSNE_FFT_FROM_ROWS = 4000
# A coarser FFT grid (2 grid cells per unit instead of 1) halves the late-phase
# cost at 10k rows with no measurable loss (trustworthiness 0.9900 vs 0.9908).
TSNE_FFT_INTS_IN_INTERVAL = 2
TSNE_FFT_MIN_INTERVALS = 50  # openTSNE's default
# openTSNE's floor of 50 grid cells per axis makes the compact early-exaggeration layout
# (span ~10 at 10k rows) pay for a 50×50 grid with cells 0.2 wide, 10× finer than the rule
# above. With a floor of 20 cells are still at most 2 units wide (finer while the layout spans
# under 40), and at 10k rows the early phase took 5.6-6.8 s instead of 9.7-12.1 s, trustworthiness
# unchanged (10k mixture 0.9713 vs 0.9711-0.9713, 10.8k noisy Digits 0.9983 vs 0.9982, 5k mixture
# 0.973 both).
TSNE_FFT_EARLY_MIN_INTERVALS = 20
CALLBACK_EVERY = 25  # iterations between progress reports (and chances to cancel)


def _pca_init(X: np.ndarray, dims: int, seed: int) -> np.ndarray:
    """openTSNE's PCA initialisation: first axis scaled to std 1e-4, plus 1% jitter."""
    components, mean, _, _ = pca_basis(X, dims, seed=seed)
    Y = center_project(X, components, mean)
    Y *= 1e-4 / (np.std(Y[:, 0]) or 1.0)
    Y += np.random.RandomState(seed).normal(0, 1e-6, Y.shape)
    return Y


class _Progress:
    """openTSNE callback: iterations as progress, the KL divergence remembered. A cancel (the reporter
    raising ProjectionCancelled) stops openTSNE the way its own callbacks do, by answering True."""

    def __init__(self, report: Report, start: float, total: int) -> None:
        self.report, self.start, self.total = report, start, total
        self.offset, self.done, self.kl = 0, 0, float("nan")
        self.stopped = False

    def optimization_about_to_start(self) -> None:
        self.offset = self.done

    def __call__(self, iteration: int, error: float, embedding: Any) -> bool:
        self.done = self.offset + iteration
        self.kl = float(error)
        try:
            self.report(self.start + (1 - self.start) * self.done / self.total,
                        say("tsne_iteration", done=self.done, total=self.total), np.asarray(embedding))
        except ProjectionCancelled:
            self.stopped = True
            return True  # openTSNE raises OptimizationInterrupt with the layout reached
        return False


def run_tsne(X, spec, params, features, report: Report, notes) -> tuple[np.ndarray, list[str], TsneFit]:
    from openTSNE import TSNE  # OpenMP threads sleep when idle: see explorer/__init__.py
    from openTSNE.tsne import OptimizationInterrupt

    n = X.shape[0]
    engine = params["engine"]
    if engine == "auto":
        engine = "bh" if spec.dims == 3 or n < TSNE_FFT_FROM_ROWS else "fft"
    Xs, metric = prepare_for_metric(X, params["metric"])
    early = min(params["early_exaggeration_iter"], params["n_iter"] // 3)
    late = params["n_iter"] - early
    init = params["init"]
    if init == "spectral" and n <= spec.dims + 1:  # an eigenproblem that needs more rows than dims + 1
        init = "pca"
        notes.append(say("tiny_spectral_init", method="t-SNE", n=n, dims=spec.dims))
    if init == "pca":  # openTSNE's own needs d >= dims; ours pads and is faster
        init = _pca_init(Xs, spec.dims, spec.seed)
    callback = _Progress(report, 0.1, early + late)
    tsne = TSNE(
        n_components=spec.dims, perplexity=params["perplexity"], learning_rate=params["learning_rate"],
        early_exaggeration_iter=early, n_iter=late, exaggeration=params["exaggeration"],
        initialization=init, metric=metric, n_jobs=n_threads(),
        negative_gradient_method=engine, ints_in_interval=TSNE_FFT_INTS_IN_INTERVAL,
        min_num_intervals=TSNE_FFT_MIN_INTERVALS,
        knn_kwargs={"n_trees": ANNOY_TREES} if n >= 1000 else None,
        callbacks=callback, callbacks_every_iters=CALLBACK_EVERY,
        random_state=spec.seed, verbose=False,
    )
    report(0.02, say("tsne_neighbours", n=n))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        embedding = tsne.prepare_initial(Xs)
        report(0.1, say("tsne_optimising"))
        try:  # the two phases of openTSNE.TSNE.fit, called here so progress can report between them
            if early:
                coarse = {"min_num_intervals": TSNE_FFT_EARLY_MIN_INTERVALS} if engine == "fft" else {}
                embedding.optimize(n_iter=early, exaggeration=tsne.early_exaggeration,
                                   momentum=tsne.initial_momentum, inplace=True, propagate_exception=True, **coarse)
            embedding.optimize(n_iter=late, exaggeration=tsne.exaggeration, momentum=tsne.final_momentum,
                               inplace=True, propagate_exception=True)
        except OptimizationInterrupt as stop:
            if not callback.stopped:
                raise
            raise ProjectionCancelled(say("cancelled_partial", method="t-SNE", done=callback.done,
                                          total=early + late),
                                      partial=np.array(stop.final_embedding, dtype=np.float64)) from None
    fit = TsneFit(perplexity=float(params["perplexity"]), kl_divergence=callback.kl,
                  engine="openTSNE BH" if engine == "bh" else "openTSNE FFT", n_iter=early + late,
                  learning_rate=params["learning_rate"], metric=params["metric"], init=params["init"])
    return np.asarray(embedding), [f"t-SNE {i + 1}" for i in range(spec.dims)], fit
