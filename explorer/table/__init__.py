"""A table's columns and their roles, cell parsing, and preparation into the matrix X (no I/O here).

``cells`` reads cells as numbers and vectors; ``roles`` chooses features, label and categories
(``build_table``); ``preprocess`` turns a FeatureTable into the finite matrix every method sees.
"""
from .cells import PLAIN_NUMBER, parse_cell, parse_numbers, parse_vectors
from .feature_table import FeatureTable
from .names import names_list, unique_names
from .preprocess import MISSING, SCALINGS, ColumnStats, Prepared, Transform, check_options, prepare
from .roles import LABEL_NAMES, MAX_CATEGORIES, build_table

__all__ = ["LABEL_NAMES", "MAX_CATEGORIES", "MISSING", "PLAIN_NUMBER", "SCALINGS", "ColumnStats", "FeatureTable",
           "Prepared", "Transform", "build_table", "check_options", "names_list", "parse_cell", "parse_numbers",
           "parse_vectors", "prepare", "unique_names"]
