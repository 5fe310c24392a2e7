"""One path from a file to pictures, shared by the page and the command.

A :class:`Source` (a file's bytes, fingerprinted once) with :class:`Roles` (which columns
are the label and the features) and a :class:`Preparation` (scaling, missing values) makes a
:class:`Pipeline`: its table, its prepared matrix, projections run where the run policy says,
the cache keys the page needs, and what a user takes away (coordinates, a recipe).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Sequence

import pandas as pd

from . import ingest
from .neighbours import similarity
from .present import export
from .project import Progress, Projection, ProjectionSpec
from .run import policy
from .table import FeatureTable, Prepared, prepare


@dataclass(frozen=True)
class Source:
    """A table's bytes and name (plus a TF-Projector metadata file), fingerprinted once, when made."""

    data: bytes = field(repr=False)
    name: str
    meta: bytes | None = field(default=None, repr=False)
    meta_name: str | None = None
    set_aside: tuple[str, ...] = ()  # uploads that came before and are not part of this source
    fingerprint: str = field(init=False)

    def __post_init__(self) -> None:
        digest = hashlib.sha256(self.data)
        if self.meta is not None:
            digest.update(b"\0metadata\0" + self.meta)
        object.__setattr__(self, "fingerprint", "sha256:" + digest.hexdigest())

    @classmethod
    def from_path(cls, path: str | Path, metadata: str | Path | None = None) -> "Source":
        path = Path(path)
        meta = Path(metadata) if metadata is not None else None
        return cls(path.read_bytes(), path.name, meta.read_bytes() if meta else None, meta.name if meta else None)

    @classmethod
    def sample(cls, name: str) -> "Source":
        return cls.from_path(ingest.SAMPLES[name])

    @classmethod
    def uploads(cls, files: Sequence[tuple[str, bytes]]) -> "Source":
        """The newest uploaded table, with its TF-Projector metadata file if one came along (see
        ``ingest.pair_projector_files``); earlier uploads are named in ``set_aside``."""
        (name, data), meta, aside = ingest.pair_projector_files(files)
        return cls(data, name, meta[1] if meta else None, meta[0] if meta else None, tuple(aside))


@dataclass(frozen=True)
class Roles:
    """Column roles chosen by the user; None / empty: the reader decides (and says so in its notes)."""

    label: str | None = None
    features: tuple[str, ...] | None = None
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class Preparation:
    scaling: str = "none"
    missing: str = "drop"
    keep: tuple[str, ...] = ()  # columns never dropped as constant (the ones a user's W names)


def read(source: Source, roles: Roles = Roles(), *, max_bytes: int | None = None) -> FeatureTable:
    """The source's table with its roles (only ExplorerError is raised)."""
    return ingest.read_table(source.data, filename=source.name, metadata=source.meta,
                             metadata_filename=source.meta_name, label=roles.label, features=roles.features,
                             exclude=roles.exclude, max_bytes=max_bytes)


def prepared(table: FeatureTable, preparation: Preparation) -> Prepared:
    return prepare(table, scaling=preparation.scaling, missing=preparation.missing, keep=preparation.keep)


class Pipeline:
    """A source read with roles and prepared: every later step computed once, when first asked for."""

    def __init__(self, source: Source, roles: Roles = Roles(), preparation: Preparation = Preparation(), *,
                 max_bytes: int | None = None, table: FeatureTable | None = None) -> None:
        """``table``: the source already read with these roles (one reading serves every preparation)."""
        self.source, self.roles, self.preparation, self.max_bytes = source, roles, preparation, max_bytes
        if table is not None:
            self.__dict__["table"] = table

    @cached_property
    def table(self) -> FeatureTable:
        return read(self.source, self.roles, max_bytes=self.max_bytes)

    @cached_property
    def prepared(self) -> Prepared:
        return prepared(self.table, self.preparation)

    @property
    def data_key(self) -> str:
        """Names the table with its roles: equal keys, equal tables."""
        return f"{self.source.fingerprint}|{self.table.label}|{','.join(self.table.features)}"

    @property
    def prep_key(self) -> str:
        """Names the prepared matrix: equal keys, equal X."""
        return f"{self.data_key}|{self.preparation.scaling}|{self.preparation.missing}"

    def project(self, spec: ProjectionSpec, *, progress: Progress | None = None,
                timeout: float | None = None) -> Projection:
        """``spec`` on the prepared matrix, in this process or a worker (``run.policy``)."""
        X, features = self.prepared.X, self.prepared.features
        return policy.run(X, spec, features=features, progress=progress, timeout=timeout, warm=False)

    def coordinates(self, result: Projection, *, neighbors: int = 0) -> pd.DataFrame:
        """Labels, categories and coordinates (and each item's most similar items when ``neighbors`` > 0)."""
        prep = self.prepared
        near = None
        if neighbors:
            near = export.neighbors_text(prep.labels, *similarity.neighbors(prep.X, k=neighbors))
        return export.coordinates_frame(prep.labels, result.Y, label_name=self.table.label or "label",
                                        categories=self.table.category_values(prep.rows), neighbors=near)

    def recipe(self, spec: ProjectionSpec) -> export.Recipe:
        """What replays this picture: the input's fingerprint, roles, preparation and the spec."""
        roles = {"label": self.table.label, "features": self.table.features, "exclude": list(self.roles.exclude)}
        return export.Recipe(projection=spec.to_dict(), input_name=self.source.name,
                             input_fingerprint=self.source.fingerprint, roles=roles,
                             preprocess={"scaling": self.preparation.scaling, "missing": self.preparation.missing})
