"""What every section shares: seeded data, timing, peak memory, subprocess cases, tables, the machine."""
from __future__ import annotations

import importlib.metadata
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
RESULT_MARK = "BENCH-RESULT "
PACKAGES = ("numpy", "scipy", "scikit-learn", "openTSNE", "umap-learn", "numba", "faiss-cpu", "pandas",
            "plotly", "streamlit", "threadpoolctl")
BLAS_ENV = ("OPENBLAS_CORETYPE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "OMP_WAIT_POLICY")


# ---------------------------------------------------------------- results
@dataclass
class Section:
    """One section of the report: a target, a table, and what the numbers mean."""

    key: str
    title: str
    target: str
    columns: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    verdict: str = ""
    seconds: float = 0.0

    def markdown(self) -> str:
        lines = [f"## {self.title}", "", f"**Target:** {self.target}", ""]
        if self.verdict:
            lines += [f"**Result:** {self.verdict}", ""]
        lines += table(self.columns, self.rows)
        if self.notes:
            lines += [""] + [f"- {note}" for note in self.notes]
        lines += ["", f"_Section ran in {self.seconds:.1f} s._", ""]
        return "\n".join(lines)


def fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}"
    if isinstance(value, (float, np.floating)):
        v = float(value)
        if v != v:
            return "—"
        if abs(v) >= 100:
            return f"{v:,.0f}"
        if abs(v) >= 10:
            return f"{v:.1f}"
        if abs(v) >= 1:
            return f"{v:.2f}"
        return f"{v:.4f}" if v else "0"
    return str(value)


def table(columns: list[str], rows: list[dict[str, Any]]) -> list[str]:
    """A Markdown table (also readable as plain text)."""
    out = ["| " + " | ".join(columns) + " |", "|" + "|".join("---" for _ in columns) + "|"]
    for row in rows:
        out.append("| " + " | ".join(fmt(row.get(c)).replace("|", "\\|") for c in columns) + " |")
    return out


# ---------------------------------------------------------------- data
def gaussian_mixture(n: int, d: int, clusters: int = 10, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """n points in d dimensions around ``clusters`` seeded centres (spread 2, noise 1); (X, cluster ids)."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(clusters, d)) * 2.0
    ids = rng.integers(0, clusters, n)
    return centres[ids] + rng.normal(size=(n, d)), ids


def item_labels(n: int) -> list[str]:
    """12-character labels, as a table of named items would have."""
    return [f"item-{i:07d}" for i in range(n)]


# ---------------------------------------------------------------- timing
def median(values) -> float:
    values = [v for v in values if v is not None]
    return float(statistics.median(values)) if values else float("nan")


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def load() -> float:
    return os.getloadavg()[0]


# ---------------------------------------------------------------- memory
def _status(key: str) -> int:
    text = Path("/proc/self/status").read_text()
    match = re.search(rf"^{key}:\s+(\d+) kB", text, re.M)
    return int(match.group(1)) * 1024 if match else 0


def rss() -> int:
    """Resident set size now, bytes."""
    return _status("VmRSS")


def peak_rss() -> int:
    """Resident set size high-water mark since start or the last reset_peak(), bytes."""
    return _status("VmHWM")


def reset_peak() -> bool:
    """Reset the RSS high-water mark (Linux: write 5 to /proc/self/clear_refs); False if not allowed."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def measure_peak(fn: Callable[[], Any]) -> tuple[float, int, Any]:
    """(seconds, peak RSS above the RSS before the call in bytes, result) of one call."""
    import gc  # noqa: PLC0415

    gc.collect()
    before = rss()
    ok = reset_peak()
    seconds, result = timed(fn)
    extra = peak_rss() - before if ok else -1
    return seconds, extra, result


def mb(nbytes: float) -> float:
    return nbytes / 2**20


# ---------------------------------------------------------------- subprocess cases
def run_case(module: str, function: str, timeout: float = 3600, **kwargs) -> dict:
    """Call benchmarks.<module>.<function>(**kwargs) in a fresh Python; its JSON result plus the
    process's peak RSS ("process_peak_mb") and wall time ("process_seconds")."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.case", module, function, json.dumps(kwargs)],
        cwd=ROOT, capture_output=True, text=True, timeout=timeout,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith(RESULT_MARK)]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-15:]
        raise RuntimeError(f"case {module}.{function}({kwargs}) failed (exit {proc.returncode}):\n" + "\n".join(tail))
    result = json.loads(lines[-1][len(RESULT_MARK):])
    result["process_seconds"] = time.perf_counter() - start
    return result


# ---------------------------------------------------------------- the machine
def machine() -> dict[str, Any]:
    """Where the numbers come from: CPU, cores, memory, BLAS/OpenMP pools, package versions."""
    import scipy.linalg  # noqa: F401, PLC0415 - load the BLAS libraries before asking threadpoolctl
    import sklearn.manifold  # noqa: F401, PLC0415
    from threadpoolctl import threadpool_info  # noqa: PLC0415

    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:
        affinity = None
    memory = None
    try:
        memory = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1)) * 1024
    except (OSError, AttributeError):
        pass
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "not installed"
    pools = [
        {k: info.get(k) for k in ("user_api", "internal_api", "prefix", "version", "num_threads",
                                   "architecture", "threading_layer")}
        for info in threadpool_info()
    ]
    return {
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "cpu": cpu,
        "os.cpu_count": os.cpu_count(),
        "usable cores": affinity,
        "memory_gb": round(memory / 2**30, 1) if memory else None,
        "load average at start": os.getloadavg(),
        "env": {k: os.environ.get(k) for k in BLAS_ENV},
        "threadpools": pools,
        "versions": versions,
    }


def machine_markdown(info: dict[str, Any]) -> str:
    lines = [
        f"- **Platform:** {info['platform']}, Python {info['python']}",
        f"- **CPU:** {info['cpu']}; `os.cpu_count()` = {info['os.cpu_count']}, usable cores = {info['usable cores']};"
        f" memory {info['memory_gb']} GB",
        f"- **Load average at start:** {', '.join(f'{v:.2f}' for v in info['load average at start'])}"
        " (the machine is shared with other jobs: expect noise)",
        "- **BLAS/OpenMP environment:** " + ", ".join(f"`{k}={v}`" for k, v in info["env"].items() if v is not None)
        if any(v is not None for v in info["env"].values()) else "- **BLAS/OpenMP environment:** none of "
        + ", ".join(f"`{k}`" for k in info["env"]) + " is set",
        "- **threadpoolctl:**",
    ]
    for pool in info["threadpools"]:
        lines.append("  - " + ", ".join(f"{k}={v}" for k, v in pool.items() if v is not None))
    lines.append("- **Versions:** " + ", ".join(f"{k} {v}" for k, v in info["versions"].items()))
    return "\n".join(lines)
