"""Reading: the bytes of a file, an upload or a sample -> a FeatureTable, with the reader's notes.

``files`` is the entry (``read_table``); ``detect`` tells what a file is by its content;
one module per kind of file: ``delimited`` (CSV/TSV/TXT), ``sheets`` (Parquet, Excel),
``projector`` (TF-Projector vectors + metadata), ``json_files`` with ``records`` (JSON, JSON
Lines), ``numpy_files`` (.npy/.npz, never unpickled), ``labelled_lines`` ("label → [vector]");
``encoding`` decodes text; ``limits`` says how much is taken in.
"""
from .files import (DATA_DIR, SAMPLES, TUTORIAL_PICTURE, frame_to_bytes, load_sample, read_table, read_targets,
                    read_weights)
from .limits import MAX_CELLS
from .projector import pair_projector_files

__all__ = ["DATA_DIR", "MAX_CELLS", "SAMPLES", "TUTORIAL_PICTURE", "frame_to_bytes", "load_sample",
           "pair_projector_files", "read_table", "read_targets", "read_weights"]
