"""What a projection returns: the coordinates and, typed, what each method fitted.

Like scikit-learn's fitted attributes, but a plain value: a :class:`Projection` holds
``Y``, the spec it came from, the axis names and one fit record (:class:`LinearMap`,
:class:`PcaFit`, :class:`TsneFit` or :class:`UmapFit`), plus a :class:`SampleFit` when
t-SNE/UMAP were fitted on a sample. ``save``/``load`` write it as a ``.npz`` of arrays
and JSON (no pickle), so a picture can be kept and placed into later.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Sequence, Union

import numpy as np

from .params import ProjectionSpec


@dataclass(frozen=True)
class LinearMap:
    """``E(x) = Wx + b`` on the feature columns ``features`` (None: every column, in order)."""

    W: np.ndarray  # k × d
    b: np.ndarray  # k
    features: list[str] | None = None

    def columns(self, all_features: Sequence[str] | None) -> list[int] | None:
        """Which columns of a table with ``all_features`` the map reads (None: all of them)."""
        if self.features is None or all_features is None:
            return None
        names = list(all_features)
        return [names.index(f) for f in self.features]


@dataclass(frozen=True)
class PcaFit:
    """Principal components (rows, sklearn's signs), the centre, and the variance along each."""

    components: np.ndarray  # k × d
    mean: np.ndarray  # d
    explained_variance: np.ndarray  # k
    explained_variance_ratio: np.ndarray  # k
    features: list[str] | None = None

    @property
    def linear_map(self) -> LinearMap:
        """PCA as ``E(x) = Wx + b``: W the components, b = -W·mean."""
        return LinearMap(W=self.components, b=-self.components @ self.mean, features=self.features)


@dataclass(frozen=True)
class TsneFit:
    perplexity: float  # as used (lowered for small tables)
    kl_divergence: float  # as of the last progress check
    engine: str  # "openTSNE BH" or "openTSNE FFT"
    n_iter: int
    learning_rate: float | str
    metric: str
    init: str


@dataclass(frozen=True)
class UmapFit:
    n_neighbors: int  # as used
    min_dist: float
    metric: str
    neighbors: str  # "exact" or "Annoy (approximate)"


@dataclass(frozen=True)
class SampleFit:
    """t-SNE/UMAP fitted on ``fitted`` rows (a seeded sample), the other ``placed`` rows placed into that layout."""

    fitted: int
    placed: int


Fit = Union[LinearMap, PcaFit, TsneFit, UmapFit]
_FITS = {cls.__name__: cls for cls in (LinearMap, PcaFit, TsneFit, UmapFit)}


@dataclass(eq=False)
class Projection:
    """The picture: coordinates ``Y`` (n×k float64), the spec, the axis names and what the method fitted."""

    Y: np.ndarray
    spec: ProjectionSpec
    axis_names: list[str]
    fit: Fit
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    sample: SampleFit | None = None

    @property
    def linear_map(self) -> LinearMap | None:
        """The map ``E(x) = Wx + b`` behind a linear or PCA picture (None for t-SNE and UMAP)."""
        if isinstance(self.fit, LinearMap):
            return self.fit
        return self.fit.linear_map if isinstance(self.fit, PcaFit) else None

    @property
    def metric(self) -> str:
        """How closeness between rows was measured to make the layout."""
        return getattr(self.fit, "metric", "euclidean")

    def save(self, path: str | Path) -> None:
        """Write the projection to ``path`` (.npz: the arrays, and everything else as JSON)."""
        arrays = {"Y": self.Y}
        meta = {"spec": self.spec.to_dict(), "axis_names": [str(a) for a in self.axis_names],
                "seconds": self.seconds, "warnings": [str(w) for w in self.warnings],
                "sample": asdict(self.sample) if self.sample else None, "fit": type(self.fit).__name__,
                "fit_values": {}}
        for name, value in asdict(self.fit).items():
            if isinstance(value, np.ndarray):
                arrays[f"fit_{name}"] = value
            else:
                meta["fit_values"][name] = value
        arrays["meta"] = np.frombuffer(json.dumps(meta, ensure_ascii=False).encode("utf-8"), dtype=np.uint8)
        np.savez(Path(path), **arrays)

    @classmethod
    def load(cls, path: str | Path) -> "Projection":
        """A projection written by :meth:`save` (arrays only: nothing is unpickled)."""
        with np.load(Path(path), allow_pickle=False) as data:
            meta = json.loads(bytes(data["meta"]).decode("utf-8"))
            values = dict(meta["fit_values"])
            values.update({key[4:]: data[key] for key in data.files if key.startswith("fit_")})
            Y = data["Y"]
        fit = _FITS[meta["fit"]](**values)
        return cls(Y=Y, spec=ProjectionSpec.from_dict(meta["spec"]), axis_names=meta["axis_names"], fit=fit,
                   seconds=meta["seconds"], warnings=meta["warnings"],
                   sample=SampleFit(**meta["sample"]) if meta["sample"] else None)
