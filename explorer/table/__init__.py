"""A table's columns and their roles, cell parsing, and preparation into the matrix X."""
