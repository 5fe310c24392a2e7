"""Shared fixtures: small tables built in memory, the repository root."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from explorer.table.feature_table import FeatureTable

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the page's views (views/) import from the repository root, as `streamlit run` does
    sys.path.insert(0, str(ROOT))
# The browser tests' fixtures, defined once for every module (a session-scoped browser must be one object)
from browser_conftest import app_url, browser, chromium_path, new_context, page  # noqa: E402,F401

# The tutorial's movie table (data/movies.csv): cos(A, C) = 0.9498, cos(A, B) = 0.3467.
MOVIES = np.array([[0.9, 0.1, 0.2, 0.8], [0.2, 0.8, 0.9, 0.1], [0.7, 0.3, 0.4, 0.6]])
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
