"""The tutorial the product grew out of, worked through with live numbers.

Its tables come from ``data/`` (``movies.csv``, ``movies_2d.csv``, ``words.csv``),
never from numbers typed here. The cosine exercise is computed exactly as the
tutorial's own ``cosine_similarity`` function computes it, step by step, so every
intermediate number can be shown; the map ``E(x) = Wx + b`` is the one fitted to the
tutorial's 2-D picture of its original table, applied to the table as it is now.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .. import ingest
from ..project import LinearFit, fit_linear, rows_of
from ..table import FeatureTable

# The tutorial's exercise 1, as printed there (shown on the page beside the worked numbers).
COSINE_CODE = '''# 计算两部电影的相似度
def cosine_similarity(movie1, movie2):
    dot_product = sum(a * b for a, b in zip(movie1, movie2))
    norm1 = sum(a * a for a in movie1) ** 0.5
    norm2 = sum(b * b for b in movie2) ** 0.5
    return dot_product / (norm1 * norm2)'''
# The tutorial's exercise 2, its picture drawn in text, as printed there (data/movies_2d.csv holds its numbers).
PICTURE_TEXT = """电影A (0.8, 0.3)  *
电影B (0.2, 0.7)      *
电影C (0.6, 0.4)   *"""


@dataclass(frozen=True)
class CosineSteps:
    """Every number the tutorial's ``cosine_similarity(movie1, movie2)`` computes on its way."""

    a: tuple[float, ...]
    b: tuple[float, ...]
    products: tuple[float, ...]  # a_i * b_i
    dot: float  # dot_product
    squares_a: tuple[float, ...]
    squares_b: tuple[float, ...]
    norm_a: float  # norm1
    norm_b: float  # norm2
    value: float  # dot / (norm1 * norm2); NaN when a vector is all zeros (the tutorial's code divides by 0)


def cosine_steps(movie1: Sequence[float], movie2: Sequence[float]) -> CosineSteps:
    """The tutorial's ``cosine_similarity``, line by line, in the same order of operations (plain Python floats)."""
    a, b = tuple(float(v) for v in movie1), tuple(float(v) for v in movie2)
    dot_product = sum(x * y for x, y in zip(a, b))
    norm1 = sum(x * x for x in a) ** 0.5
    norm2 = sum(y * y for y in b) ** 0.5
    value = dot_product / (norm1 * norm2) if norm1 * norm2 > 0 else math.nan
    return CosineSteps(a=a, b=b, products=tuple(x * y for x, y in zip(a, b)), dot=dot_product,
                       squares_a=tuple(x * x for x in a), squares_b=tuple(y * y for y in b),
                       norm_a=norm1, norm_b=norm2, value=value)


@dataclass(frozen=True)
class AxisTerms:
    """One coordinate of ``E(x) = Wx + b``: the products ``W[i, j] * x[j]``, the bias and the sum."""

    terms: tuple[float, ...]
    bias: float
    value: float


def formula_terms(W: np.ndarray, b: np.ndarray, x: Sequence[float]) -> list[AxisTerms]:
    """``E(x) = Wx + b`` written out per output axis, for one item ``x``."""
    x = np.asarray(x, dtype=float)
    return [AxisTerms(terms=tuple((row * x).tolist()), bias=float(bias), value=float(row @ x + bias))
            for row, bias in zip(np.asarray(W, float), np.asarray(b, float))]


@dataclass(frozen=True)
class Tutorial:
    """The tutorial's tables as shipped in ``data/``, and the map fitted to its picture."""

    movies: FeatureTable  # 电影A/B/C × 动作, 喜剧, 爱情, 科幻
    picture: np.ndarray  # the tutorial's 2-D picture, one row per movie in ``movies`` order
    picture_axes: list[str]
    words: FeatureTable  # the tutorial's word vectors (来源 = 教程) and ours
    fit: LinearFit  # E(x) = Wx + b fitted to the picture on the original table

    @property
    def features(self) -> list[str]:
        return list(self.movies.features)

    @property
    def labels(self) -> list[str]:
        return self.movies.labels()


def load() -> Tutorial:
    """The tutorial's movie table, its picture and word vectors, read from ``data/``."""
    movies = ingest.load_sample("movies")
    labels, T, axes = ingest.read_targets(ingest.TUTORIAL_PICTURE)
    X = movies.values()
    order = rows_of(labels, movies.labels(), what=ingest.TUTORIAL_PICTURE.name)  # picture rows in table order
    picture = T[order]
    fit = fit_linear(X, picture, features=movies.features)
    return Tutorial(movies=movies, picture=picture, picture_axes=axes, words=ingest.load_sample("words"), fit=fit)


def picture_targets(labels: Sequence[str]) -> tuple[np.ndarray, np.ndarray, list[str]] | None:
    """The tutorial's 2-D picture as targets for a table holding its movies: (rows, positions, axes), else None."""
    names, T, axes = ingest.read_targets(ingest.TUTORIAL_PICTURE)
    if not set(names) <= set(map(str, labels)):
        return None
    return rows_of(labels, names, what=ingest.TUTORIAL_PICTURE.name), T, axes


def number(value: float, places: int = 4) -> str:
    """A number as a person writes it: at most ``places`` decimals, no trailing zeros (0.63, not 0.6299999999999999)."""
    if not math.isfinite(value):
        return "—"
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
