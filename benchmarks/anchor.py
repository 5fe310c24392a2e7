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


# What-ifs for app.py (its owner decides): (name, [(text in app.py, replacement)]). Each runs as a copy of
# app.py in a temporary directory, its reruns interleaved with the real page's; a what-if whose text is no
# longer in app.py is reported as not applicable.
_REASONS = ("HOVER_REASONS_UP_TO = 20_000", "HOVER_REASONS_UP_TO = 2_000")
_LOADINGS = ('if linear_maps:\n    with st.expander(tr("loadings")):',
             'if linear_maps and st.toggle(tr("loadings"), key="show_loadings"):\n    with st.container():')
_HEATMAP = ('st.subheader(tr("heatmap"))\nmembers = explain.heatmap_members(prepared.X, anchor, all_up_to=HEATMAP_ALL_UP_TO)'
            '\nst.plotly_chart(figures.heatmap(',
            'if st.toggle(tr("heatmap"), value=prepared.n <= HEATMAP_ALL_UP_TO, key="show_heatmap"):'
            '\n  members = explain.heatmap_members(prepared.X, anchor, all_up_to=HEATMAP_ALL_UP_TO)'
            '\n  st.plotly_chart(figures.heatmap(')
WHAT_IF = [
    ("hover reasons only up to 2,000 items (app.py HOVER_REASONS_UP_TO = 2_000)", [_REASONS]),
    ("… and the loadings and heatmap figures built only when asked for (st.toggle)", [_REASONS, _LOADINGS, _HEATMAP]),
]


def _start(script: str, data: bytes, name: str):
    from streamlit.testing.v1 import AppTest  # noqa: PLC0415

    at = AppTest.from_file(script, default_timeout=900)
    first_page, _ = timed(at.run)
    at.sidebar.radio(key="source").set_value("upload").run()
    upload_s, _ = timed(lambda: at.file_uploader(key="upload").set_value((name, data, "text/csv")).run())
    if at.exception:
        raise RuntimeError(f"{script} failed after the upload: {at.exception[0].value}")
    return at, first_page, upload_s


def _change(at, n: int, i: int) -> tuple[float, float]:
    """(wall, CPU seconds of this process) of one anchor change; checks that it happened."""
    cpu = time.process_time()
    seconds, _ = timed(lambda: _selectbox(at, ANCHOR_LABEL).set_value(i).run())
    cpu = time.process_time() - cpu
    if at.exception:
        raise RuntimeError(f"the page failed after an anchor change: {at.exception[0].value}")
    if item_labels(n)[i].split("-")[1] not in "\n".join(m.value for m in at.markdown):  # md() escapes "-"
        raise RuntimeError(f"the anchor did not change to item {i}")
    return seconds, cpu


def case(n: int, d: int, changes: int, what_if: bool = True) -> dict:
    import tempfile  # noqa: PLC0415

    data = _csv(n, d)
    name = f"bench-{n}.csv"
    at, first_page, upload_s = _start(str(ROOT / "app.py"), data, name)
    summary = "\n".join(m.value for m in at.markdown)
    if f"{n:,}" not in summary and str(n) not in summary:
        raise RuntimeError(f"the upload of {n} rows did not reach the page: {summary[:300]}")
    pages = {"app.py as it is": at}
    skipped = []
    with tempfile.TemporaryDirectory() as tmp:
        source = (ROOT / "app.py").read_text(encoding="utf-8")
        for k, (title, edits) in enumerate(WHAT_IF if what_if else []):
            script = source
            if not all(old in script for old, _ in edits):
                skipped.append(title)
                continue
            for old, new in edits:
                script = script.replace(old, new)
            path = Path(tmp) / f"app_what_if_{k}.py"
            path.write_text(script, encoding="utf-8")
            pages[title] = _start(str(path), data, name)[0]
        waited = _wait_children_idle()
        rng = np.random.default_rng(0)
        picks = [int(i) for i in rng.choice(np.arange(1, n), size=changes + 3, replace=False)]
        for i in picks[:2]:  # warm: the first reruns fill the caches of this anchor path
            for page in pages.values():
                _change(page, n, i)
        times: dict[str, list] = {title: [] for title in pages}
        for i in picks[2:2 + changes]:  # the pages take turns: the same machine load for each
            for title, page in pages.items():
                times[title].append(_change(page, n, i))
        profile = _profile_rerun(lambda: _selectbox(at, ANCHOR_LABEL).set_value(picks[-1]).run())
    by_cum = sorted(profile, key=lambda r: -r[2])
    by_tot = sorted(profile, key=lambda r: -r[1])
    return {"n": n, "d": d, "first_page_s": first_page, "upload_s": upload_s, "waited_s": waited,
            "times": [t for t, _ in times["app.py as it is"]], "cpu": [c for _, c in times["app.py as it is"]],
            "what_if": {title: [t for t, _ in v] for title, v in times.items() if title != "app.py as it is"},
            "skipped": skipped, "profile_cum": by_cum[:40], "profile_tot": by_tot[:20]}


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
        ["page", "rows × features", "reruns timed", "median s", "min s", "max s", "CPU s (median)"],
    )
    result = run_case("anchor", "case", n=n, d=d, changes=changes, what_if=size != "smoke")
    times = result["times"]
    section.rows.append({"page": "app.py as it is", "rows × features": f"{n:,}×{d}", "reruns timed": len(times),
                         "median s": median(times), "min s": min(times), "max s": max(times),
                         "CPU s (median)": median(result["cpu"])})
    for title, values in result["what_if"].items():
        section.rows.append({"page": f"what-if: {title}", "rows × features": f"{n:,}×{d}",
                             "reruns timed": len(values), "median s": median(values), "min s": min(values),
                             "max s": max(values)})
    met = median(times) < 0.3
    section.verdict = (f"{'met' if met else 'MISSED'}: median {median(times):.2f} s per anchor change"
                       + ("" if size == "full" else " (smoke size: not the target case)"))
    section.notes += [
        f"AppTest of app.py: upload a {n:,}×{d} CSV (label column + {d} features; first run"
        f" {result['upload_s']:.1f} s computes the default PCA panel), wait until the page's background worker"
        f" is idle ({result['waited_s']:.0f} s), two untimed anchor changes, then {len(times)} timed"
        " `selectbox('Anchor item…').set_value(i).run()` with seeded random items. Each time includes"
        " AppTest's own work (running the script in a thread, parsing every element it sends). CPU s: this"
        " process's CPU time per rerun, all threads (AppTest's polling loop included, hence above the wall time).",
        "Per rerun (s): " + ", ".join(f"{t:.3f}" for t in times),
        "What-if rows: copies of app.py with one change each (see `WHAT_IF` in benchmarks/anchor.py), their"
        " reruns interleaved with the real page's on the same anchors, so the same machine load."
        + (f" Not applicable to this app.py (text not found): {'; '.join(result['skipped'])}."
           if result["skipped"] else ""),
        "Profile of one more rerun of the real page (cProfile on the script thread, so slower than unprofiled;"
        " cumulative):",
        *[f"  {line}" for line in _interesting(result["profile_cum"], 18)],
        "Largest own times:",
        *[f"  {line}" for line in _interesting(result["profile_tot"], 10)],
    ]
    return section
