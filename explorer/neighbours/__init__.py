"""Exact similarity: anchor similarity, top-k neighbours, small similarity matrices."""
