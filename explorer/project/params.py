"""What to project: :class:`ProjectionSpec`, each method's parameters and their checks.

Parameters are declared once per method in :data:`PARAMS` and checked in one place,
:meth:`ProjectionSpec.validate` (sklearn style: the value, the rule, the limit).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from ..errors import ProjectionError
from ..words import say

METHODS = ("linear", "pca", "tsne", "umap")
METHOD_TITLES = {method: say(f"title_{method}") for method in METHODS}  # how a message names each method
# Fewest rows t-SNE / UMAP can lay out: with 2 rows each is the other's only neighbour, the
# objective is the same for every placement, and nothing decides the picture (PCA draws 2 rows
# exactly). From 3 rows on they run, with perplexity / n_neighbors lowered to fit (a note says so).
TSNE_MIN_ROWS = 3
UMAP_MIN_ROWS = 3
MAX_ITERATIONS = 20_000
# t-SNE and UMAP are fitted on at most this many rows (a seeded random sample); the other rows
# are placed into the finished layout (projection.project). 100k is issue 5's "no sample cap up
# to 100k rows"; below FIT_ROWS_MIN rows a sample holds too few neighbourhoods to place by.
FIT_ROWS_DEFAULT = 100_000
FIT_ROWS_MIN = 50


@dataclass(frozen=True)
class _Param:
    default: Any
    check: Callable[[str, Any], Any]  # returns the cleaned value or raises ProjectionError


def _number(*, integer: bool = False, low: float | None = None, low_open: bool = False,
            high: float | None = None, allow: Sequence[str] = ()) -> Callable[[str, Any], Any]:
    """A checker for a number in a range (sklearn style: 'perplexity=-1 must be greater than 0')."""

    def check(name: str, value: Any) -> Any:
        if isinstance(value, str) and value in allow:
            return value
        kind = "param_whole" if integer else "param_number"
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            also = say("param_allow", values=" or ".join(repr(a) for a in allow)) if allow else ""
            raise ProjectionError(say(kind, name=name, value=value, allow=also))
        if integer and float(value) != int(value):
            raise ProjectionError(say("param_whole", name=name, value=value, allow=""))
        value = int(value) if integer else float(value)
        if low is not None and (value <= low if low_open else value < low):
            raise ProjectionError(say("param_greater" if low_open else "param_at_least", name=name, value=value, low=low))
        if high is not None and value > high:
            raise ProjectionError(say("param_at_most", name=name, value=value, high=high))
        return value

    return check


def _fit_rows(name: str, value: Any) -> int:
    try:
        return _number(integer=True, low=FIT_ROWS_MIN)(name, value)
    except ProjectionError as error:
        raise ProjectionError(say("param_fit_rows", error=error.args[0], low=FIT_ROWS_MIN,
                                  default=FIT_ROWS_DEFAULT)) from None


def _choice(*options: str) -> Callable[[str, Any], str]:
    def check(name: str, value: Any) -> str:
        if value not in options:
            raise ProjectionError(say("param_choice", name=name, value=value, valid=", ".join(map(repr, options))))
        return value

    return check


def _names(name: str, value: Any) -> list[str] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ProjectionError(say("param_names", name=name, value=value))
    return value


def _vector(name: str, value: Any) -> list[float] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in value
    ):
        raise ProjectionError(say("param_vector", name=name, value=value))
    return [float(v) for v in value]


def _matrix(name: str, value: Any) -> list[list[float]] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not value or not all(isinstance(r, list) for r in value):
        raise ProjectionError(say("param_matrix", name=name, value=value))
    rows = [_vector(say("param_matrix_row", name=name, row=i + 1), r) for i, r in enumerate(value)]
    widths = sorted({len(r) for r in rows})
    if len(widths) != 1 or widths[0] == 0:
        raise ProjectionError(say("param_matrix_ragged", name=name, widths=widths))
    return rows


_METRICS = ("euclidean", "cosine", "manhattan", "correlation")
PARAMS: dict[str, dict[str, _Param]] = {
    "linear": {
        "weights": _Param(None, _matrix),
        "bias": _Param(None, _vector),
        "features": _Param(None, _names),
        "axis_names": _Param(None, _names),
    },
    "pca": {},
    "tsne": {
        "perplexity": _Param(30.0, _number(low=0, low_open=True)),
        "learning_rate": _Param("auto", _number(low=0, low_open=True, allow=("auto",))),
        # total iterations (as sklearn's max_iter); the first early_exaggeration_iter of them
        # (at most a third) pull clusters apart with exaggeration 12
        "n_iter": _Param(750, _number(integer=True, low=10, high=MAX_ITERATIONS)),
        "early_exaggeration_iter": _Param(250, _number(integer=True, low=0, high=MAX_ITERATIONS)),
        "exaggeration": _Param(1.0, _number(low=0, low_open=True, high=100)),
        "init": _Param("pca", _choice("pca", "random", "spectral")),
        "metric": _Param("euclidean", _choice(*_METRICS)),
        "engine": _Param("auto", _choice("auto", "bh", "fft")),
        "fit_rows": _Param(FIT_ROWS_DEFAULT, _fit_rows),
    },
    "umap": {
        "n_neighbors": _Param(15, _number(integer=True, low=2, high=1000)),
        "min_dist": _Param(0.1, _number(low=0, high=1)),
        "metric": _Param("euclidean", _choice(*_METRICS)),
        "fit_rows": _Param(FIT_ROWS_DEFAULT, _fit_rows),
    },
}


def _plain(value: Any, where: str) -> Any:
    """A JSON-able copy of a parameter value (numpy arrays and tuples become lists)."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, np.integer)) and not isinstance(value, np.bool_):
        return int(value)
    if isinstance(value, (float, np.floating)):
        if not math.isfinite(value):
            raise ProjectionError(say("param_not_finite", name=where, value=value))
        return float(value)
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return [_plain(v, where) for v in value]
    raise ProjectionError(say("param_kind", name=where, kind=type(value).__name__))


@dataclass(frozen=True)
class ProjectionSpec:
    """What to compute: a method, the output dimensions, a seed and the method's parameters.

    ``params`` is stored as a plain dict of JSON values, so a spec can be
    hashed, pickled and written to a recipe file (:meth:`to_dict`).
    """

    method: str
    dims: int = 2
    seed: int = 0
    params: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("dims", "seed"):  # numpy integers from a widget or a recipe become plain ints
            value = getattr(self, name)
            if isinstance(value, np.integer) or (isinstance(value, float) and value.is_integer()):
                object.__setattr__(self, name, int(value))
        if not isinstance(self.params, Mapping):
            raise ProjectionError(say("params_not_mapping", value=self.params))
        object.__setattr__(self, "params", {str(k): _plain(v, str(k)) for k, v in self.params.items()})
        self.validate()

    def __hash__(self) -> int:
        return hash(self.to_json())

    @property
    def title(self) -> str:
        return METHOD_TITLES.get(self.method, self.method)

    def validate(self, n_samples: int | None = None, n_features: int | None = None, *,
                 features: Sequence[str] | None = None) -> tuple[dict[str, Any], list[str]]:
        """Check the spec (against the data's shape when given).

        Returns the parameters with defaults filled in and with values that are
        too large for the data lowered, plus a warning for each such change.
        Raises ProjectionError naming the value, the limit and what to do.
        """
        if self.method not in METHODS:
            raise ProjectionError(say("bad_method", value=self.method, valid=", ".join(map(repr, METHODS))))
        if isinstance(self.dims, bool) or self.dims not in (2, 3):
            raise ProjectionError(say("bad_dims", value=self.dims))
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or not 0 <= self.seed < 2**32:
            raise ProjectionError(say("bad_seed", value=self.seed, high=2**32 - 1))
        schema = PARAMS[self.method]
        unknown = sorted(set(self.params) - set(schema))
        if unknown:
            raise ProjectionError(say("unknown_param", method=self.title, names=", ".join(map(repr, unknown)),
                                      valid=", ".join(schema) or say("none")))
        params = {name: p.default for name, p in schema.items()}
        for name, value in self.params.items():
            params[name] = schema[name].check(name, value)
        notes: list[str] = []
        if self.method == "linear":
            _validate_linear(params, self.dims, n_features, features)
        if n_samples is not None:
            _validate_size(self.method, params, self.dims, n_samples, n_features, notes)
        return params, notes

    def to_dict(self) -> dict[str, Any]:
        return {"method": self.method, "dims": int(self.dims), "seed": int(self.seed),
                "params": dict(self.params)}

    def to_json(self) -> str:
        """Canonical JSON (sorted keys): equal specs give equal text, usable as a cache key."""
        return json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str | bytes) -> "ProjectionSpec":
        try:
            data = json.loads(text)
        except ValueError as error:
            raise ProjectionError(say("recipe_not_json", error=error)) from None
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "ProjectionSpec":
        if not isinstance(data, Mapping):
            raise ProjectionError(say("recipe_not_object", kind=type(data).__name__))
        keys = ("method", "dims", "seed", "params")
        unknown = sorted(set(data) - set(keys))
        if unknown:
            raise ProjectionError(say("recipe_unknown_key", names=", ".join(map(repr, unknown)), valid=", ".join(keys)))
        if "method" not in data:
            raise ProjectionError(say("recipe_no_method", valid=", ".join(METHODS)))
        return cls(method=data["method"], dims=data.get("dims", 2), seed=data.get("seed", 0),
                   params=data.get("params") or {})


def _validate_linear(params: dict[str, Any], dims: int, n_features: int | None,
                     features: Sequence[str] | None) -> None:
    W = params["weights"]
    if W is None:
        raise ProjectionError(say("linear_needs_weights", dims=dims))
    k, width = len(W), len(W[0])
    if k != dims:
        raise ProjectionError(say("linear_rows", k=k, dims=dims))
    for name in ("bias", "axis_names"):
        if params[name] is not None and len(params[name]) != k:
            raise ProjectionError(say("linear_entries", name=name, n=len(params[name]), k=k))
    named = params["features"]
    if named is not None:
        if len(named) != width:
            raise ProjectionError(say("linear_columns_named", width=width, n=len(named)))
        if len(set(named)) != len(named):
            raise ProjectionError(say("linear_feature_twice"))
        if features is not None:
            missing = [f for f in named if f not in features]
            if missing:
                raise ProjectionError(say("linear_unknown_feature", names=", ".join(map(repr, missing)),
                                          valid=", ".join(features)))
        elif n_features is not None:
            raise ProjectionError(say("linear_needs_features"))
    elif n_features is not None and width != n_features:
        raise ProjectionError(say("linear_width", k=k, width=width, d=n_features))


def _validate_size(method: str, params: dict[str, Any], dims: int, n: int,
                   d: int | None, notes: list[str]) -> None:
    if method == "pca":
        if d is not None and d < dims:  # the data spans d directions: the others are drawn flat, at 0
            notes.append(say("pca_flat", dims=dims, d=d, flat=dims - d))
        if n < dims:
            raise ProjectionError(say("pca_rows", dims=dims, n=n))
    elif method == "tsne":
        if n < TSNE_MIN_ROWS:
            raise ProjectionError(say("too_few_rows_neighbours", method="t-SNE", n=n, least=TSNE_MIN_ROWS))
        limit = (n - 1) / 3
        if params["perplexity"] > limit:
            notes.append(say("perplexity_lowered", value=params["perplexity"], n=n, limit=limit))
            params["perplexity"] = limit
        if dims == 3 and params["engine"] == "fft":
            raise ProjectionError(say("fft_3d"))
    elif method == "umap":
        if n < UMAP_MIN_ROWS:
            raise ProjectionError(say("too_few_rows_neighbours", method="UMAP", n=n, least=UMAP_MIN_ROWS))
        if params["n_neighbors"] > n - 1:
            notes.append(say("n_neighbors_lowered", value=params["n_neighbors"], n=n, limit=n - 1))
            params["n_neighbors"] = n - 1
