"""The page on an uploaded table: time to the first picture, against the command on the same file, and
the cost of changing the anchor (one rerun through AppTest; until the browser settles, in Chromium).

The table is a 10k × 384 CSV shaped like sentence embeddings (unit rows around 12 topics, a label and a
topic column). The command's time is ``explorer project FILE --method pca`` as a user runs it (a fresh
process); the page's is from choosing the file in the uploader to the PCA scatter drawn with every point.
"""
from __future__ import annotations

import io
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from .common import ROOT, Section, median, run_case, timed

TARGET = ("first picture on the page within 2× the command's time; an anchor change under 0.3 s (median rerun, "
          "AppTest) and under 1 s until the browser settles")
ANCHOR_LABEL = "Anchor item (type to search, or click a point)"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
IDLE = """() => { const app = document.querySelector('[data-testid="stApp"]');
   return app && app.getAttribute('data-test-script-state') === 'notRunning'
          && !document.querySelector('[data-testid="stStatusWidget"]'); }"""
DRAWN = """([n]) => { const gd = document.querySelector('.st-key-chart_pca .js-plotly-plot');
   const tr = gd && gd._fullData && gd._fullData[0]; return !!(tr && tr.x && tr.x.length === n); }"""
STAR_ON = """([i]) => { const gd = document.querySelector('.st-key-chart_pca .js-plotly-plot');
   const star = gd && gd._fullData && gd._fullData.find(t => t.marker && t.marker.symbol === 'star');
   return !!star && star.x[0] === gd._fullData[0].x[i] && star.y[0] === gd._fullData[0].y[i]; }"""
HOVERED = """([i]) => { const h = document.querySelector('.st-key-chart_pca .js-plotly-plot')._hoverdata;
   return !!h && h.length > 0 && h[0].curveNumber === 0 && h[0].pointNumber === i; }"""
POINT = """([i]) => { const gd = document.querySelector('.st-key-chart_pca .js-plotly-plot');
   const fl = gd._fullLayout, tr = gd._fullData[0], r = gd.getBoundingClientRect();
   return {x: r.left + fl.xaxis._offset + fl.xaxis.d2p(tr.x[i]), y: r.top + fl.yaxis._offset + fl.yaxis.d2p(tr.y[i])}; }"""


def embeddings_csv(n: int, d: int, path: Path) -> Path:
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(12, d))
    topics = rng.integers(0, 12, n)
    X = centres[topics] + 0.6 * rng.normal(size=(n, d))
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    out = io.StringIO()
    out.write("text,topic," + ",".join(f"d{j}" for j in range(d)) + "\n")
    for i, (topic, row) in enumerate(zip(topics, X)):
        out.write(f"sentence {i},topic {topic}," + ",".join(f"{v:.6f}" for v in row) + "\n")
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def command_seconds(path: Path, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        seconds, proc = timed(lambda: subprocess.run(
            [sys.executable, "-m", "explorer", "project", str(path), "--method", "pca", "--out", str(path) + ".out"],
            cwd=ROOT, capture_output=True, text=True, timeout=600))
        if proc.returncode:
            raise RuntimeError(f"the command failed: {proc.stderr[-500:]}")
        times.append(seconds)
    return times


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def browser_case(path: Path, n: int, changes: int) -> dict:
    """Upload → first picture, and click → settled, in Chromium against a fresh server (nothing cached)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: PLC0415
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                               "--server.headless", "true"], cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    url, first, settle = f"http://127.0.0.1:{port}", [], []
    try:
        _wait_healthy(url, server)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1400})
            page.set_default_timeout(600_000)
            page.goto(url)
            page.wait_for_selector(".st-key-chart_pca .js-plotly-plot")
            page.wait_for_function(IDLE)
            page.locator(".st-key-source [data-testid='stRadioOption']").filter(has_text="upload").click()
            page.wait_for_function(IDLE)
            start = time.perf_counter()
            page.locator(".st-key-upload input[type='file']").set_input_files(str(path))
            page.wait_for_function(DRAWN, arg=[n], polling=50)
            first.append(time.perf_counter() - start)
            page.wait_for_selector("text=How faithful is each picture?")  # the background scores are in
            _wait_quiet(page)  # and every other background job: no more polling reruns
            for i in _lonely_points(page, 4 * changes):
                if len(settle) > changes:
                    break
                page.locator(".st-key-chart_pca .js-plotly-plot").scroll_into_view_if_needed()
                page.mouse.move(5, 5)
                xy = page.evaluate(POINT, [i])
                page.mouse.move(xy["x"], xy["y"], steps=4)
                try:  # a point under others cannot be clicked alone: take another
                    page.wait_for_function(HOVERED, arg=[i], timeout=5_000)
                except PlaywrightTimeout:
                    continue
                start = time.perf_counter()
                page.mouse.click(xy["x"], xy["y"])
                page.wait_for_function(STAR_ON, arg=[i], polling=20)
                page.wait_for_function(IDLE, polling=20)
                settle.append(time.perf_counter() - start)
            settle = settle[1:]  # the first click also warms the browser's paths
            page.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(15)
    return {"first": first, "settle": settle}


def _lonely_points(page, count: int) -> list[int]:
    """``count`` points of the PCA chart farthest from their nearest other point, in a seeded random order: a
    point under others cannot be hovered (and clicked) alone."""
    from scipy.spatial import cKDTree  # noqa: PLC0415

    xy = np.array(page.evaluate("""() => { const t = document.querySelector('.st-key-chart_pca .js-plotly-plot')
        ._fullData[0]; return [Array.from(t.x), Array.from(t.y)]; }""")).T
    gap = cKDTree(xy).query(xy, k=2)[0][:, 1]
    gap[0] = -1  # the first anchor, under its star
    return [int(i) for i in np.random.default_rng(1).permutation(np.argsort(-gap)[:count])]


def _wait_quiet(page, seconds: float = 2.0) -> None:
    """Until the page has not run its script for ``seconds`` (it reruns every 0.5 s while jobs run)."""
    quiet = None
    while quiet is None or time.perf_counter() - quiet < seconds:
        idle = page.evaluate(IDLE)
        quiet = (quiet or time.perf_counter()) if idle else None
        time.sleep(0.1)


def _wait_healthy(url: str, server: subprocess.Popen, limit: float = 90.0) -> None:
    import urllib.request  # noqa: PLC0415

    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the page's server did not start within {limit:g} s")


def apptest_case(path: Path, n: int, changes: int) -> dict:
    from streamlit.testing.v1 import AppTest  # noqa: PLC0415

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=900).run()
    at.sidebar.radio(key="source").set_value("upload").run()
    upload_s, _ = timed(lambda: at.file_uploader(key="upload").set_value(
        (path.name, path.read_bytes(), "text/csv")).run())  # includes every rerun until the background work is done
    if at.exception:
        raise RuntimeError(f"the page failed after the upload: {at.exception[0].value}")
    rng = np.random.default_rng(0)
    picks = [int(i) for i in rng.choice(np.arange(1, n), size=changes + 2, replace=False)]
    times = []
    for i in picks:
        typed = [w for w in at.text_input if w.label == ANCHOR_LABEL]  # a long table's anchor box, else a list
        seconds, _ = timed(lambda: typed[0].input(f"sentence {i}").run() if typed else
                           next(w for w in at.selectbox if w.label == ANCHOR_LABEL).set_value(i).run())
        if at.exception or f"sentence {i}" not in "\n".join(m.value for m in at.markdown):
            raise RuntimeError(f"the anchor did not change to item {i}")
        times.append(seconds)
    return {"upload_until_settled_s": upload_s, "times": times[2:]}  # two warm-up changes


def case(n: int, d: int, changes: int, repeats: int, browser: bool) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = embeddings_csv(n, d, Path(tmp) / f"embeddings-{n}x{d}.csv")
        command = command_seconds(path, repeats)
        shown = browser_case(path, n, changes) if browser else {"first": [], "settle": []}
        for _ in range(1, repeats if browser else 0):  # each on a fresh server: nothing read or cached yet
            shown["first"] += browser_case(path, n, 0)["first"]
        apptest = apptest_case(path, n, changes)
    return {"command": command, **shown, **apptest}


def run(size: str = "full", repeats: int = 3) -> Section:
    n, d, changes = (500, 16, 2) if size == "smoke" else (10_000, 384, max(5, repeats))
    section = Section("page", "The page on an upload: first picture, anchor change", TARGET,
                      ["measure", "rows × features", "runs", "median s", "min s", "max s", "ratio", "target"])
    browser = Path(CHROMIUM).exists()
    result = run_case("page", "case", n=n, d=d, changes=changes, repeats=repeats, browser=browser)
    shape = f"{n:,}×{d}"
    command, first, settle, reruns = result["command"], result["first"], result["settle"], result["times"]
    rows = [("command: explorer project --method pca (a fresh process)", command, None, ""),
            ("page: upload → PCA picture drawn (Chromium)", first, median(first) / median(command) if first else None,
             "≤ 2× the command"),
            ("page: anchor change, one rerun (AppTest)", reruns, None, "< 0.3 s"),
            ("page: click a point → settled (Chromium)", settle, None, "< 1 s")]
    for name, values, ratio, target in rows:
        section.rows.append({"measure": name, "rows × features": shape, "runs": len(values),
                             "median s": median(values) if values else None, "min s": min(values, default=None),
                             "max s": max(values, default=None), "ratio": ratio, "target": target})
    checks = [median(reruns) < 0.3] + ([median(first) <= 2 * median(command), median(settle) < 1.0] if first else [])
    section.verdict = ("met" if all(checks) else "MISSED") + (
        f": first picture {median(first) / median(command):.2f}× the command, " if first else ": ") + (
        f"anchor change {median(reruns):.2f} s (rerun)" + (f", {median(settle):.2f} s to settle" if settle else "")
        + ("" if size == "full" else " (smoke size: not the target case)") + ("" if first else "; no Chromium here"))
    section.notes += [
        "Command: `explorer project FILE --method pca --out OUT` in a fresh Python, as a user runs it (imports, "
        "reading, preparing, PCA, writing the CSV).",
        "Page, first picture: a fresh browser session on a fresh server; from handing the file to the uploader "
        "until the PCA scatter is drawn with every point. The scores, the hover's nearest items and the heatmap "
        "arrive afterwards, in the background; the page is usable meanwhile.",
        f"Page, anchor change: AppTest reruns after typing an item's label into '{ANCHOR_LABEL}', once the upload's "
        f"background work is done (that first run took {result['upload_until_settled_s']:.1f} s in all); and in "
        "Chromium, from a click on a point until the star is on it and the script has stopped (the points clicked "
        "are among those farthest from any other, since one under others cannot be clicked alone; the first "
        "click warms the browser up and is not counted).",
        "Per run (s): command " + ", ".join(f"{t:.2f}" for t in command) + "; first picture "
        + ", ".join(f"{t:.2f}" for t in first) + "; reruns " + ", ".join(f"{t:.3f}" for t in reruns)
        + "; settle " + ", ".join(f"{t:.2f}" for t in settle),
    ]
    return section
