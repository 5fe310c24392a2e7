"""Projections: declared parameters, the linear map and PCA, t-SNE, UMAP, placing rows."""
