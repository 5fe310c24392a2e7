"""Changing the anchor on a cached projection: one Streamlit rerun of app.py, through AppTest.

A 10k×50 CSV is uploaded; the first run computes (PCA, neighbours, scores, all
cached); then the anchor is changed with the search box and each rerun timed.
One extra rerun is profiled (cProfile on the script thread) to say what the
time goes to.
"""
from __future__ import annotations

import cProfile
import io
import pstats
import sys
import threading
import time
from pathlib import Path

import numpy as np

from .common import ROOT, Section, gaussian_mixture, item_labels, median, run_case, timed

TARGET = "< 0.3 s per rerun after changing the anchor on a cached 10k-row projection"
ANCHOR_LABEL = "Anchor item (type to search, or click a point)"


def _csv(n: int, d: int) -> bytes:
    X = gaussian_mixture(n, d)[0]
    out = io.StringIO()
    out.write("name," + ",".join(f"f{j}" for j in range(d)) + "\n")
    for label, row in zip(item_labels(n), X):
        out.write(label + "," + ",".join(f"{v:.5f}" for v in row) + "\n")
    return out.getvalue().encode()


def _children_cpu() -> float:
    """CPU seconds used so far by this process's children (the page's warm worker process)."""
    me, total = str(Path("/proc/self").resolve().name), 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[1] == me:  # ppid
            total += (int(fields[11]) + int(fields[12])) / 100.0  # utime + stime, clock ticks
    return total


def _wait_children_idle(limit: float = 120.0) -> float:
    """Wait until the page's background worker (imports, JIT warm-up) stops using CPU; seconds waited."""
    start = time.perf_counter()
    last = _children_cpu()
    while time.perf_counter() - start < limit:
        time.sleep(1.0)
        now = _children_cpu()
        if now - last < 0.05:
            break
        last = now
    return time.perf_counter() - start


def _selectbox(at, label: str):
    return next(w for w in at.selectbox if w.label == label)


def _profile_rerun(action) -> list[tuple[str, float, float]]:
    """Run action() with cProfile on the first new thread (AppTest's script thread)."""
    profiler, started = cProfile.Profile(), threading.Event()

    def hook(frame, event, arg):
        sys.setprofile(None)
        if not started.is_set():
            started.set()
            profiler.enable()

    threading.setprofile(hook)
    try:
        action()
    finally:
        threading.setprofile(None)
    stats = pstats.Stats(profiler)
    rows = []
    for (filename, line, name), (_, _, tottime, cumtime, _) in stats.stats.items():
        where = filename.replace(str(ROOT) + "/", "")
        if "site-packages/" in where:
            where = where.split("site-packages/", 1)[1]
        rows.append((f"{where}:{line}({name})", tottime, cumtime))
    return rows


def case(n: int, d: int, changes: int) -> dict:
    from streamlit.testing.v1 import AppTest  # noqa: PLC0415

    data = _csv(n, d)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=900)
    first_page, _ = timed(at.run)
    at.sidebar.radio(key="source").set_value("upload").run()
    upload_s, _ = timed(lambda: at.file_uploader(key="upload").set_value((f"bench-{n}.csv", data, "text/csv")).run())
    if at.exception:
        raise RuntimeError(f"the page failed after the upload: {at.exception[0].value}")
    summary = "\n".join(m.value for m in at.markdown)
    if f"{n:,}" not in summary and str(n) not in summary:
        raise RuntimeError(f"the upload of {n} rows did not reach the page: {summary[:300]}")
    waited = _wait_children_idle()
    rng = np.random.default_rng(0)
    picks = [int(i) for i in rng.choice(np.arange(1, n), size=changes + 3, replace=False)]
    for i in picks[:2]:  # warm: first reruns fill the caches of this anchor path
        _selectbox(at, ANCHOR_LABEL).set_value(i).run()
    times = []
    for i in picks[2:2 + changes]:
        seconds, _ = timed(lambda: _selectbox(at, ANCHOR_LABEL).set_value(i).run())
        if at.exception:
            raise RuntimeError(f"the page failed after an anchor change: {at.exception[0].value}")
        if item_labels(n)[i].split("-")[1] not in "\n".join(m.value for m in at.markdown):  # md() escapes "-"
            raise RuntimeError(f"the anchor did not change to item {i}")
        times.append(seconds)
    profile = _profile_rerun(lambda: _selectbox(at, ANCHOR_LABEL).set_value(picks[-1]).run())
    by_cum = sorted(profile, key=lambda r: -r[2])
    by_tot = sorted(profile, key=lambda r: -r[1])
    return {"n": n, "d": d, "first_page_s": first_page, "upload_s": upload_s, "waited_s": waited,
            "times": times, "profile_cum": by_cum[:40], "profile_tot": by_tot[:20]}


def _interesting(rows, limit: int) -> list[str]:
    """The profile lines worth reading: our code, and the big library calls."""
    keep = []
    for name, tottime, cumtime in rows:
        if any(skip in name for skip in ("threading.py", "<built-in method builtins.exec>", "script_runner",
                                         "exec_code", "code_execution", "{built-in method builtins.exec}")):
            continue
        keep.append(f"`{name}` {cumtime * 1000:.0f} ms cumulative, {tottime * 1000:.0f} ms own")
        if len(keep) >= limit:
            break
    return keep


def run(size: str = "full", repeats: int = 5) -> Section:
    n, d, changes = (600, 10, 2) if size == "smoke" else (10_000, 50, max(5, repeats))
    section = Section(
        "anchor", "Anchor change: one rerun of the page on a cached projection", TARGET,
        ["rows × features", "reruns timed", "median s", "min s", "max s", "first upload run s"],
    )
    result = run_case("anchor", "case", n=n, d=d, changes=changes)
    times = result["times"]
    section.rows.append({"rows × features": f"{n:,}×{d}", "reruns timed": len(times), "median s": median(times),
                         "min s": min(times), "max s": max(times), "first upload run s": result["upload_s"],
                         "_median": median(times)})
    met = median(times) < 0.3
    section.verdict = (f"{'met' if met else 'MISSED'}: median {median(times):.2f} s per anchor change"
                       + ("" if size == "full" else " (smoke size: not the target case)"))
    section.notes += [
        f"AppTest of app.py: upload a {n:,}×{d} CSV (label column + {d} features), first run computes"
        " (default PCA panel), wait until the page's background worker is idle"
        f" ({result['waited_s']:.0f} s), two untimed anchor changes, then {len(times)} timed"
        " `selectbox('Anchor item…').set_value(i).run()` with seeded random items. Each time includes"
        " AppTest's own work (running the script in a thread, parsing every element it sends).",
        "Per rerun (s): " + ", ".join(f"{t:.3f}" for t in times),
        "Profile of one more rerun (script thread, cumulative):",
        *[f"  {line}" for line in _interesting(result["profile_cum"], 18)],
        "Largest own times:",
        *[f"  {line}" for line in _interesting(result["profile_tot"], 10)],
    ]
    return section
