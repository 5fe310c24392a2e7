"""The benchmark suite runs: `python -m benchmarks.run --size smoke` writes a report with every section."""
from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT

SECTIONS = {
    "tsne": "## t-SNE: ours vs scikit-learn",
    "neighbors": "## Nearest neighbours: exact cosine top-10 of every item",
    "pca": "## First picture: PCA and the linear map of a large table",
    "payload": "## Payload: bytes per point sent to the browser",
    "page": "## The page on an upload: first picture, anchor change",
    "dask": "## Dask engine vs the in-memory command: PCA of a large Parquet file",
    "memory": "## Memory: 2,000×384 end to end in one process",
}


@pytest.mark.slow
def test_smoke_run_writes_every_section(tmp_path):
    out = tmp_path / "RESULTS.md"
    # ~25 s on 2 busy cores; the generous limit is for a loaded CI machine
    proc = subprocess.run([sys.executable, "-m", "benchmarks.run", "--size", "smoke", "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    report = out.read_text(encoding="utf-8")
    for key, heading in SECTIONS.items():
        assert heading in report, f"section {key} missing from the report"
    assert "FAILED" not in report
    assert "threadpoolctl" in report and "**Command:** `python -m benchmarks.run --size smoke" in report
    assert report.count("\n| ") >= 2 * len(SECTIONS)  # a header and at least one row per section's table
    assert proc.stdout.count("**Result:**") == len(SECTIONS)  # each section's table printed as it finished


def test_unknown_section_is_refused():
    proc = subprocess.run([sys.executable, "-m", "benchmarks.run", "--only", "tsne,speed"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "unknown section(s) speed" in proc.stderr
