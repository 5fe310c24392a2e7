"""Peak memory of the whole path for a 100k×384 table, in a fresh process:
CSV bytes → ingest.read_table → preprocess.prepare → PCA → neighbours (k=3) → the figure (and its JSON).

Every object the page keeps (bytes, table, prepared matrix, layout, hover text)
stays alive to the end, as the page's caches keep them. The CSV is written by
another process first.
"""
from __future__ import annotations

import gc
import tempfile
from pathlib import Path
from .common import (Section, gaussian_mixture, item_labels, mb, peak_rss, reset_peak, rss, run_case, timed)

TARGET = "report the peak RSS of 100k×384 end to end (no fixed limit)"
DRAW_UP_TO = 100_000  # app.py
HOVER_REASONS_UP_TO = 20_000  # app.py


def write_csv(path: str, n: int, d: int) -> dict:
    """A label column and d features at 4 decimals (what an exported embedding table looks like)."""
    X = gaussian_mixture(n, d, seed=3)[0]
    labels = item_labels(n)
    with open(path, "w", encoding="utf-8") as out:
        out.write("name," + ",".join(f"dim{j}" for j in range(d)) + "\n")
        for start in range(0, n, 2000):
            rows = X[start:start + 2000].tolist()
            out.write("".join(labels[start + i] + "," + ",".join(f"{v:.4f}" for v in row) + "\n"
                              for i, row in enumerate(rows)))
    return {"bytes": Path(path).stat().st_size}


def pipeline(path: str) -> dict:
    import plotly.io as pio  # noqa: PLC0415

    from explorer import ingest  # noqa: PLC0415
    from explorer.neighbours import similarity  # noqa: PLC0415
    from explorer.present import anchor as explain, figures  # noqa: PLC0415
    from explorer.table.preprocess import prepare  # noqa: PLC0415
    from explorer.project import ProjectionSpec, project  # noqa: PLC0415

    stages, kept = [], {}
    overall = rss()

    def stage(name: str, fn):
        nonlocal overall
        gc.collect()
        before = rss()
        reset_peak()
        seconds, result = timed(fn)
        peak = peak_rss()
        overall = max(overall, peak)
        stages.append({"stage": name, "seconds": seconds, "peak_mb": mb(peak), "rss_after_mb": mb(rss()),
                       "extra_mb": mb(peak - before)})
        kept[name] = result
        return result

    start_rss = rss()
    data = stage("read the upload's bytes", lambda: Path(path).read_bytes())
    table = stage("ingest.read_table", lambda: ingest.read_table(data, filename=Path(path).name))
    prepared = stage("preprocess.prepare", lambda: prepare(table, scaling="none", missing="drop"))
    result = stage("PCA", lambda: project(prepared.X, ProjectionSpec("pca"), features=prepared.features))
    lines = stage("neighbours k=3 + hover lines",
                  lambda: explain.neighbor_lines(prepared.labels, *similarity.neighbors(prepared.X, k=3)))
    n = prepared.n

    def figure():
        view_a = explain.anchor_view(prepared.X, 0, prepared.features, reasons=n <= HOVER_REASONS_UP_TO)
        details = explain.hover_details(view_a, "en")
        view = explain.layout_view(result.Y, 0, view_a, k=10)
        shown = slice(0, DRAW_UP_TO)
        return figures.scatter(
            result.Y[shown], prepared.labels[shown], axis_names=result.axis_names, anchor=0,
            closeness=view_a.closeness[shown], ranks=(view_a.rank[shown], view.rank[shown]),
            details=None if details is None else details[shown],
            about=explain.nearest_lines(lines[shown], "en"), marked=[i for i in view.false if i < DRAW_UP_TO], lang="en")

    fig = stage("anchor view + figure", figure)
    stage("figure JSON (as st.plotly_chart)", lambda: pio.to_json(fig, validate=False))
    return {"n": n, "d": len(prepared.features), "labels_ok": prepared.labels[:2] == item_labels(2),
            "stages": stages, "start_mb": mb(start_rss), "peak_mb": mb(overall), "final_rss_mb": mb(rss()),
            "x_mb": prepared.X.nbytes / 2**20}


def run(size: str = "full", repeats: int = 1) -> Section:
    n, d = (2_000, 384) if size == "smoke" else (100_000, 384)
    section = Section(
        "memory", f"Memory: {n:,}×{d} end to end in one process", TARGET,
        ["stage", "seconds", "peak RSS during stage MB", "above RSS before MB", "RSS after MB"],
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / f"table-{n}x{d}.csv")
        size_bytes = run_case("memory", "write_csv", path=path, n=n, d=d)["bytes"]
        result = run_case("memory", "pipeline", path=path)
    for s in result["stages"]:
        section.rows.append({"stage": s["stage"], "seconds": s["seconds"], "peak RSS during stage MB": s["peak_mb"],
                             "above RSS before MB": s["extra_mb"], "RSS after MB": s["rss_after_mb"]})
    section.rows.append({"stage": "**whole path**", "seconds": sum(s["seconds"] for s in result["stages"]),
                         "peak RSS during stage MB": result["peak_mb"], "RSS after MB": result["final_rss_mb"]})
    section.verdict = (f"peak RSS {result['peak_mb']:,.0f} MB for a {size_bytes / 2**20:,.0f} MB CSV of"
                       f" {n:,}×{d} (the float64 matrix alone is {result['x_mb']:,.0f} MB; Python and the"
                       f" libraries take {result['start_mb']:,.0f} MB before the file)")
    section.notes += [
        "One fresh process; RSS from /proc/self/status; the high-water mark is reset before each stage"
        " (/proc/self/clear_refs), so 'peak during stage' is that stage's own peak with everything kept before it.",
        "Everything stays referenced to the end, as the page's caches keep it (bytes, table, matrix, layout,"
        " neighbour lines, figure).",
        f"The CSV is {size_bytes / 2**20:,.0f} MB at 4 decimals: above the page's 200 MB upload limit"
        " (app.py UPLOAD_LIMIT_MB) at this size, so on the page a table this large comes as Parquet or with"
        " fewer decimals; the reader was called without a size limit here."
        if size_bytes > 200 * 2**20 else f"The CSV is {size_bytes / 2**20:,.1f} MB at 4 decimals.",
    ]
    return section
