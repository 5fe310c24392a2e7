"""Projections: declared parameters, the linear map and PCA, t-SNE, UMAP, placing new rows; a typed,
saveable result. Nothing here draws.

``engine.project(X, spec)`` is the entry point; ``params`` declares and checks every method's
parameters; ``linear`` and ``pca`` are exact and fast; ``tsne`` and ``umap`` load their
libraries on first use; ``placement`` puts rows into a finished layout; ``result`` is what
comes back.
"""
from .checks import Progress, Reporter, check_matrix, check_output
from .engine import SWEEPS, project, variants, warm_up_methods
from .linear import PRESETS, LinearFit, explain_fit, fit_linear, linear_preset, rows_of
from .params import FIT_ROWS_DEFAULT, FIT_ROWS_MIN, METHOD_TITLES, METHODS, PARAMS, ProjectionSpec
from .pca import center_project, components_from_covariance, pca_basis
from .placement import Placer, extend, fit_sample, place_new
from .result import LinearMap, PcaFit, Projection, SampleFit, TsneFit, UmapFit

__all__ = ["FIT_ROWS_DEFAULT", "FIT_ROWS_MIN", "METHODS", "METHOD_TITLES", "PARAMS", "PRESETS", "SWEEPS",
           "LinearFit", "LinearMap", "PcaFit", "Placer", "Progress", "Projection", "ProjectionSpec", "Reporter",
           "SampleFit", "TsneFit", "UmapFit", "center_project", "check_matrix", "check_output",
           "components_from_covariance", "explain_fit", "extend", "fit_linear", "fit_sample", "linear_preset",
           "pca_basis", "place_new", "project", "rows_of", "variants", "warm_up_methods"]
