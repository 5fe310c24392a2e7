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
METHOD_TITLES = {"linear": "the linear map", "pca": "PCA", "tsne": "t-SNE", "umap": "UMAP"}
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
        what = "a whole number" if integer else "a number"
        if allow:
            what += " or " + " or ".join(repr(a) for a in allow)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ProjectionError(f"{name}={value!r} must be {what}")
        if integer and float(value) != int(value):
            raise ProjectionError(f"{name}={value!r} must be a whole number")
        value = int(value) if integer else float(value)
        if low is not None and (value <= low if low_open else value < low):
            rule = "greater than" if low_open else "at least"
            raise ProjectionError(f"{name}={value:g} must be {rule} {low:g}")
        if high is not None and value > high:
            raise ProjectionError(f"{name}={value:g} must be at most {high:g}")
        return value

    return check


def _fit_rows(name: str, value: Any) -> int:
    try:
        return _number(integer=True, low=FIT_ROWS_MIN)(name, value)
    except ProjectionError as error:
        raise ProjectionError(
            f"{error} (fit_rows is how many rows the layout is fitted on; the other rows are placed into it);"
            f" give a whole number from {FIT_ROWS_MIN} up, e.g. {FIT_ROWS_DEFAULT}, the default"
        ) from None


def _choice(*options: str) -> Callable[[str, Any], str]:
    def check(name: str, value: Any) -> str:
        if value not in options:
            valid = ", ".join(repr(o) for o in options)
            raise ProjectionError(f"{name}={value!r} is not one of {valid}")
        return value

    return check


def _names(name: str, value: Any) -> list[str] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ProjectionError(f"{name} must be a list of column names, got {value!r}")
    return value


def _vector(name: str, value: Any) -> list[float] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in value
    ):
        raise ProjectionError(f"{name} must be a list of numbers, got {value!r}")
    return [float(v) for v in value]


def _matrix(name: str, value: Any) -> list[list[float]] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not value or not all(isinstance(r, list) for r in value):
        raise ProjectionError(f"{name} must be a list of rows (k lists of d numbers), got {value!r}")
    rows = [_vector(f"{name} row {i + 1}", r) for i, r in enumerate(value)]
    widths = sorted({len(r) for r in rows})
    if len(widths) != 1 or widths[0] == 0:
        raise ProjectionError(
            f"{name} rows have different lengths {widths}: every row needs one number per feature"
        )
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
            raise ProjectionError(f"{where}={value} is not a finite number")
        return float(value)
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return [_plain(v, where) for v in value]
    raise ProjectionError(
        f"{where} has a value of type {type(value).__name__}; use numbers, text or lists of them"
    )


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
            raise ProjectionError(f"params must be a mapping of name to value, got {self.params!r}")
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
            valid = ", ".join(repr(m) for m in METHODS)
            raise ProjectionError(f"method={self.method!r} is not one of {valid}")
        if isinstance(self.dims, bool) or self.dims not in (2, 3):
            raise ProjectionError(f"dims={self.dims!r} must be 2 or 3")
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or not 0 <= self.seed < 2**32:
            raise ProjectionError(f"seed={self.seed!r} must be a whole number from 0 to {2**32 - 1}")
        schema = PARAMS[self.method]
        unknown = sorted(set(self.params) - set(schema))
        if unknown:
            valid = ", ".join(schema) or "none"
            raise ProjectionError(
                f"{self.title} has no parameter {', '.join(map(repr, unknown))}; valid parameters: {valid}"
            )
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
            raise ProjectionError(f"the projection recipe is not valid JSON: {error}") from None
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "ProjectionSpec":
        if not isinstance(data, Mapping):
            raise ProjectionError(f"a projection recipe must be a JSON object, got {type(data).__name__}")
        keys = ("method", "dims", "seed", "params")
        unknown = sorted(set(data) - set(keys))
        if unknown:
            raise ProjectionError(
                f"unknown key {', '.join(map(repr, unknown))} in the projection recipe; valid keys: {', '.join(keys)}"
            )
        if "method" not in data:
            raise ProjectionError("the projection recipe has no 'method'; use one of " + ", ".join(METHODS))
        return cls(method=data["method"], dims=data.get("dims", 2), seed=data.get("seed", 0),
                   params=data.get("params") or {})


def _validate_linear(params: dict[str, Any], dims: int, n_features: int | None,
                     features: Sequence[str] | None) -> None:
    W = params["weights"]
    if W is None:
        raise ProjectionError(
            f"the linear map needs weights: a {dims}×d matrix W (one row per axis); "
            "build one with a preset (random, pca, features, axis) or type it in"
        )
    k, width = len(W), len(W[0])
    if k != dims:
        raise ProjectionError(f"weights have {k} rows but dims={dims}: give W one row per output axis")
    for name in ("bias", "axis_names"):
        if params[name] is not None and len(params[name]) != k:
            raise ProjectionError(f"{name} has {len(params[name])} entries but W has {k} rows: give one per axis")
    named = params["features"]
    if named is not None:
        if len(named) != width:
            raise ProjectionError(
                f"W has {width} columns but names {len(named)} features: give one column per named feature"
            )
        if len(set(named)) != len(named):
            raise ProjectionError("the linear map names a feature twice; each column of W needs its own feature")
        if features is not None:
            missing = [f for f in named if f not in features]
            if missing:
                raise ProjectionError(
                    f"the linear map uses feature {', '.join(map(repr, missing))}, which the table does not have;"
                    f" valid features: {', '.join(features)}"
                )
        elif n_features is not None:
            raise ProjectionError(
                "the linear map names its feature columns, so project() needs features=<the table's feature names>"
            )
    elif n_features is not None and width != n_features:
        raise ProjectionError(
            f"W is {k}×{width} but the data has {n_features} features: W needs {n_features} columns"
            " (or name the columns it uses in params['features'])"
        )


def _validate_size(method: str, params: dict[str, Any], dims: int, n: int,
                   d: int | None, notes: list[str]) -> None:
    if method == "pca":
        if d is not None and d < dims:
            raise ProjectionError(
                f"PCA to {dims} dimensions needs at least {dims} feature columns; the table has {d};"
                f" choose {d} dimensions or other feature columns"
            )
        if n < dims:
            raise ProjectionError(
                f"PCA to {dims} dimensions needs at least {dims} rows; the table has {n}; choose 2 dimensions"
            )
    elif method == "tsne":
        if n < TSNE_MIN_ROWS:
            raise ProjectionError(say("too_few_rows_neighbours", method="t-SNE", n=n, least=TSNE_MIN_ROWS))
        limit = (n - 1) / 3
        if params["perplexity"] > limit:
            notes.append(
                f"perplexity={params['perplexity']:g} is too large for {n} rows (at most (n-1)/3 = {limit:.3g});"
                f" using {limit:.3g}"
            )
            params["perplexity"] = limit
        if dims == 3 and params["engine"] == "fft":
            raise ProjectionError("engine='fft' only draws 2 dimensions; use engine='bh' (or 'auto') for 3-D t-SNE")
    elif method == "umap":
        if n < UMAP_MIN_ROWS:
            raise ProjectionError(say("too_few_rows_neighbours", method="UMAP", n=n, least=UMAP_MIN_ROWS))
        if params["n_neighbors"] > n - 1:
            notes.append(
                f"n_neighbors={params['n_neighbors']} is too large for {n} rows (at most n-1 = {n - 1}); using {n - 1}"
            )
            params["n_neighbors"] = n - 1
