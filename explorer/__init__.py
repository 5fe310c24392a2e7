"""Embedding Explorer: project a table of items × features and judge the picture."""

__version__ = "0.1.0"
