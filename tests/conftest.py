"""Shared fixtures: small tables built in memory, the repository root."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from explorer.table import FeatureTable

ROOT = Path(__file__).resolve().parent.parent
# Scores that reproduce the tutorial's cosines: cos(A, C) = 0.9498, cos(A, B) = 0.3467.
MOVIES = np.array([[7, 1, 0, 5], [1, 4, 7, 3], [5, 1, 2, 5]], dtype=float)
GENRES = ["动作", "喜剧", "爱情", "科幻"]


def make_table(X, labels=None, features=None, **extra) -> FeatureTable:
    X = np.asarray(X, dtype=float)
    features = features or [f"f{j}" for j in range(X.shape[1])]
    frame = pd.DataFrame(X, columns=features)
    label = None
    if labels is not None:
        frame.insert(0, "label", list(labels))
        label = "label"
    for name, values in extra.items():
        frame[name] = list(values)
    return FeatureTable(data=frame, features=features, label=label, categories=list(extra), source="test")


@pytest.fixture
def movies() -> FeatureTable:
    return make_table(MOVIES, ["电影A", "电影B", "电影C"], GENRES)
