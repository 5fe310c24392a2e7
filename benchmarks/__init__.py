"""Benchmarks of Embedding Explorer against the reference implementations (issue 5).

``python -m benchmarks.run [--size smoke|full] [--only tsne,neighbors,...]`` runs
them, prints a table per section and writes ``benchmarks/RESULTS.md``. Each
section lives in its own module (``tsne``, ``neighbors``, ``pca``, ``payload``,
``page``, ``memory``, ``dask_pca`` for the section ``dask``) and returns a :class:`benchmarks.common.Section`.
"""
