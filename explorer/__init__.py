"""Embedding Explorer: project a table of items × features and judge the picture."""
import os

# Idle OpenMP threads (libgomp, shared by openTSNE and scikit-learn) must sleep, not spin: t-SNE's
# gradient alternates threaded C with numpy/Python steps, and on few, shared cores spinning threads
# slow those down (10k rows: 56 s spinning vs 40 s passive; the command on 3,000×384: 34 s vs 18 s).
# Set here, on import, because it only takes effect before the OpenMP runtime loads; a user's own
# setting wins.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

__version__ = "0.1.0"
