"""The real page in headless Chromium: upload, hover, click, escaping, progressive
display, two sessions at once, language.

Run: ``python -m pytest tests/test_browser.py -q -m browser`` (needs /usr/bin/chromium;
``EXPLORER_UPDATE_DOCS=1`` also refreshes docs/compare.png). Server log and
screenshots land in tests/artifacts/ (gitignored).
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from browser_conftest import ARTIFACTS, copy_to_docs, health  # its fixtures come through conftest.py

try:
    from playwright.sync_api import Page, expect
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:  # CI must run these; a local checkout without the [test] extra skips them
    if os.environ.get("CI"):
        raise
    pytest.skip("playwright is not installed: pip install -e '.[test]'", allow_module_level=True)

pytestmark = [pytest.mark.browser, pytest.mark.slow]  # a real browser: the quick loop (-m "not slow") skips these

CHART = ".st-key-chart_{} .js-plotly-plot"
HOVER = ".st-key-chart_{} g.hoverlayer g.hovertext"
NUMBER = r"-?\d+\.\d+"

XSS_LABELS = [
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<b style="position:fixed;top:0;left:0;width:300px;height:300px;background:red">o</b>',
    "%{hovertext}",
    "=1+2",
    "[md](javascript:alert(1))",  # markdown, not HTML: the page's markdown lines must not link it
    ":red[alarm] $x$ *em*",  # Streamlit markdown: colour directive, LaTeX, emphasis
]
XSS_CATEGORIES = ["<i>cat</i>", '<a href="javascript:alert(2)">dog</a>']


# ---------------------------------------------------------------- tables
def items_table(labels: list[str], categories: list[str], seed: int = 7) -> pd.DataFrame:
    """Label, category and 5 numeric features; the first len(labels) rows point the same way
    (cosine ≈ 1 to row 0, so they are its nearest neighbours) at growing lengths, so PCA
    spreads them apart and a hover at one of them finds that one."""
    rng = np.random.default_rng(seed)
    n = 30
    names = list(labels) + [f"item {i:02d}" for i in range(len(labels), n)]
    X = rng.normal(3.0, 1.0, size=(n, 5))
    direction = np.array([1.0, 2.0, 0.5, 1.5, 1.0])
    for i in range(len(labels)):
        X[i] = direction * (1 + 1.5 * i) + rng.normal(0, 0.02, 5)
    frame = pd.DataFrame(X.round(4), columns=[f"f{j}" for j in range(5)])
    frame.insert(0, "name", names)
    frame.insert(1, "kind", [categories[i % len(categories)] for i in range(n)])
    return frame


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    frame.to_csv(path, index=False)
    return path


def shown(label: str, limit: int) -> str:
    """How the page may display a long label: cut to ``limit`` with an ellipsis."""
    return label if len(label) <= limit else label[: limit - 1] + "…"


# ---------------------------------------------------------------- page helpers
def wait_idle(page: Page) -> None:
    page.wait_for_function(
        """() => { const app = document.querySelector('[data-testid="stApp"]');
                   return app && app.getAttribute('data-test-script-state') === 'notRunning'
                          && !document.querySelector('[data-testid="stStatusWidget"]'); }"""
    )


def open_app(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator("h1")).to_contain_text("Embedding Explorer")
    wait_points(page, "pca", 3)  # the default sample: three movies


def wait_points(page: Page, method: str, n: int) -> None:
    """Until the panel of ``method`` has drawn a scatter of ``n`` points."""
    page.wait_for_function(
        """([selector, n]) => { const gds = document.querySelectorAll(selector);
             const gd = gds.length === 1 && gds[0], tr = gd && gd._fullData && gd._fullData[0];
             return !!(tr && tr.x && tr.x.length === n && gd._fullLayout.xaxis && gd._fullLayout.xaxis.d2p); }""",
        arg=[CHART.format(method), n],
    )


def choose_radio(page: Page, key: str, option: str) -> None:
    page.locator(f".st-key-{key} [data-testid='stRadioOption']").filter(
        has_text=re.compile(rf"^\s*{re.escape(option)}\s*$")).click()


def checked(page: Page, key: str):
    """The selected option of the radio with ``key``."""
    return page.locator(f".st-key-{key} [data-testid='stRadioOption']").filter(has=page.locator("input:checked"))


def choose_select(page: Page, key: str, option: str) -> None:
    """Pick ``option`` (as shown) in the selectbox whose key is ``key`` (or starts with it, for ``key*``)."""
    container = f"[class*='st-key-{key[:-1]}']" if key.endswith("*") else f".st-key-{key}"
    page.locator(container).get_by_role("combobox").click()
    page.get_by_role("option", name=option, exact=True).click()


def add_method(page: Page, option: str) -> None:
    page.locator(".st-key-methods").get_by_role("combobox").click()
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")


def upload(page: Page, path: Path, rows: int) -> None:
    choose_radio(page, "source", "upload")
    page.locator(".st-key-upload input[type='file']").set_input_files(str(path))
    expect(page.locator("[data-testid='stMain']")).to_contain_text(f"{rows} items ×")


def point_xy(page: Page, method: str, i: int) -> dict:
    """Viewport pixel of point ``i`` of the data trace (trace 0) in the panel of ``method``."""
    page.locator(CHART.format(method)).scroll_into_view_if_needed()
    return page.evaluate(
        """([selector, i]) => { const gd = document.querySelector(selector);
             const fl = gd._fullLayout, tr = gd._fullData[0], r = gd.getBoundingClientRect();
             return {x: r.left + fl.xaxis._offset + fl.xaxis.d2p(tr.x[i]),
                     y: r.top + fl.yaxis._offset + fl.yaxis.d2p(tr.y[i])}; }""",
        [CHART.format(method), i],
    )


HOVERED = """([selector, i]) => { const gds = document.querySelectorAll(selector);
    const h = gds.length === 1 && gds[0]._hoverdata;
    return !!h && h.length > 0 && h[0].curveNumber === 0 && h[0].pointNumber === i; }"""


def point_under_mouse(page: Page, method: str, i: int, attempts: int = 4) -> dict:
    """Move the mouse onto point ``i`` until Plotly reports that very point hovered.

    A panel whose figure changed shape is mounted afresh by Streamlit and may still
    move or resize for a moment after it is drawn; then the pixel is measured again."""
    selector = CHART.format(method)
    page.wait_for_function("(s) => document.querySelectorAll(s).length === 1", arg=selector)
    for attempt in range(attempts):
        page.mouse.move(5, 5)  # leave first, so the next move is a fresh hover
        expect(page.locator(HOVER.format(method))).to_have_count(0)
        xy = point_xy(page, method, i)
        page.mouse.move(xy["x"], xy["y"], steps=4)
        try:
            page.wait_for_function(HOVERED, arg=[selector, i], timeout=10_000)
            return xy
        except PlaywrightTimeout:
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


def hover(page: Page, method: str, i: int) -> str:
    """Hover point ``i``; the hover label's text (its lines run together)."""
    point_under_mouse(page, method, i)
    label = page.locator(HOVER.format(method))
    expect(label).to_have_count(1)
    return label.text_content()


def click_point(page: Page, method: str, i: int) -> None:
    xy = point_under_mouse(page, method, i)
    page.mouse.click(xy["x"], xy["y"])


STAR_ON = """([selector, i]) => { const gd = document.querySelector(selector);
    const star = gd && gd._fullData && gd._fullData.find(t => t.marker && t.marker.symbol === 'star');
    const tr = star && gd._fullData[0];
    return !!star && star.x[0] === tr.x[i] && star.y[0] === tr.y[i]; }"""


def wait_star_on(page: Page, method: str, i: int) -> None:
    """Until the panel has been redrawn with the anchor's star on point ``i``."""
    page.wait_for_function(STAR_ON, arg=[CHART.format(method), i])


def click_to_anchor(page: Page, method: str, i: int) -> None:
    """Click point ``i``; wait until the page has made it the anchor and redrawn the panel."""
    before = anchor_line(page).text_content()
    click_point(page, method, i)
    expect(anchor_line(page)).not_to_have_text(before)
    wait_star_on(page, method, i)
    wait_idle(page)


def anchor_line(page: Page):
    return page.locator("[data-testid='stMarkdownContainer']").filter(has_text=re.compile(r"^Anchor: "))


def table_cells(page: Page) -> list[str]:
    """Text of every cell of the static tables (st.table: the neighbour table)."""
    return page.evaluate("() => [...document.querySelectorAll('[data-testid=\"stTable\"] td')].map(c => c.textContent)")


# ---------------------------------------------------------------- 1. upload, hover, click
def test_upload_hover_and_click_moves_the_anchor(page, app_url, tmp_path):
    frame = items_table([], ["red", "blue", "green"])
    labels = frame["name"].tolist()
    open_app(page, app_url)
    upload(page, write_csv(frame, tmp_path / "items.csv"), rows=30)
    wait_points(page, "pca", 30)
    expect(anchor_line(page)).to_contain_text(f"Anchor: {labels[0]}")
    wait_star_on(page, "pca", 0)

    text = hover(page, "pca", 12)
    assert text.startswith(labels[12]), text
    assert re.search(rf"cosine to anchor: {NUMBER}", text), text
    assert re.search(r"rank to anchor: original \d+ · layout \d+", text), text
    # why: the three features that contribute most to the cosine, with their signed shares
    assert re.search(r"why: f\d [+-]\d\.\d\d · f\d [+-]\d\.\d\d · f\d [+-]\d\.\d\d", text), text
    assert "nearest: " in text, text
    cosine = float(re.search(rf"cosine to anchor: ({NUMBER})", text).group(1))
    assert -1.0 <= cosine <= 1.0

    # zoomed in on item 12: a click keeps the chart as it is drawn (the same element, the same zoom), only what
    # follows the anchor changes in it (views/restyle.py)
    zoomed = page.evaluate(ZOOM_ON, [CHART.format("pca"), 12])
    click_to_anchor(page, "pca", 12)
    expect(anchor_line(page)).to_contain_text(f"Anchor: {labels[12]}")
    assert page.evaluate(KEPT, CHART.format("pca")) == zoomed
    # the anchor itself: similarity 1, rank 0
    text = hover(page, "pca", 12)
    assert re.search(r"cosine to anchor: 1\.0000", text), text
    assert "rank to anchor: original 0 · layout 0" in text, text
    # clicks in a row each move the anchor (Plotly once re-emitted an empty selection after a chart's second
    # click, which overrode it)
    page.evaluate("(s) => window.Plotly.relayout(document.querySelector(s), {'xaxis.autorange': true, "
                  "'yaxis.autorange': true})", CHART.format("pca"))
    for i in (3, 20, 7, 28, 3):
        before = anchor_line(page).text_content()
        click_point(page, "pca", i)
        expect(anchor_line(page)).not_to_have_text(before, timeout=15_000)
        expect(anchor_line(page)).to_contain_text(f"Anchor: {labels[i]}")
        wait_star_on(page, "pca", i)
        wait_idle(page)
    assert not page.context.errors


ZOOM_ON = """async ([selector, i]) => { const gd = document.querySelector(selector), tr = gd._fullData[0];
    const [x0, x1] = gd._fullLayout.xaxis.range, [y0, y1] = gd._fullLayout.yaxis.range;
    const w = (x1 - x0) / 3, h = (y1 - y0) / 3;
    await window.Plotly.relayout(gd, {'xaxis.range': [tr.x[i] - w, tr.x[i] + w], 'yaxis.range': [tr.y[i] - h, tr.y[i] + h]});
    gd.dataset.before = 'click';
    return [gd._fullLayout.xaxis.range, gd._fullLayout.yaxis.range]; }"""
KEPT = """(selector) => { const gd = document.querySelector(selector);
    return gd.dataset.before === 'click' ? [gd._fullLayout.xaxis.range, gd._fullLayout.yaxis.range] : 'drawn anew'; }"""


# ---------------------------------------------------------------- 2. hostile labels
def test_labels_are_shown_literally_and_never_run(page, app_url, tmp_path):
    """Every place a label appears shows it as text; nothing in it runs, links or styles.

    Display problems are collected and reported together, so one run lists them all."""
    dialogs: list[str] = []

    def on_dialog(dialog):
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    problems: list[str] = []
    frame = items_table(XSS_LABELS, XSS_CATEGORIES)
    open_app(page, app_url)
    upload(page, write_csv(frame, tmp_path / "hostile.csv"), rows=30)
    wait_points(page, "pca", 30)

    for i, label in enumerate(XSS_LABELS):
        text = hover(page, "pca", i)
        assert "cosine to anchor" in text, text
        if not text.startswith(shown(label, 60)):
            problems.append(f"hover of {label!r} starts {text[:70]!r}")

    # the anchor line, the neighbour table, the legend and the heatmap show them as text
    expect(anchor_line(page)).to_contain_text("Anchor: <img src=x onerror=alert(1)>")
    choose_radio(page, "metric", "cosine")  # by cosine, the hostile rows are row 0's nearest (items_table)
    expect(page.locator("[data-testid='stTable'] th").filter(has_text="cosine similarity")).to_have_count(1)
    cells = table_cells(page)
    for label in XSS_LABELS[1:]:
        if label not in cells:
            problems.append(f"neighbour table lacks {label!r}: {cells}")
    choose_select(page, "colour_*", "kind")
    legend = page.locator(".st-key-legend g.legend text.legendtext")  # one legend for every panel
    expect(legend).to_have_count(len(XSS_CATEGORIES))
    legend = legend.all_text_contents()
    for category in XSS_CATEGORIES:
        if not any(t == shown(category, 30) for t in legend):
            problems.append(f"legend lacks {shown(category, 30)!r}: {legend}")
    ticks = page.locator(".st-key-heatmap g.xtick text").all_text_contents()
    for label in XSS_LABELS:
        if shown(label, 24) not in ticks:
            problems.append(f"heatmap ticks lack {shown(label, 24)!r}: {ticks}")

    # labels as the anchor: the anchor line and the table title are markdown; they must stay literal
    for i in (5, 6, 1, 2):
        click_to_anchor(page, "pca", i)
        line = anchor_line(page).text_content()
        if not any(line.startswith(f"Anchor: {text} —") for text in (XSS_LABELS[i], shown(XSS_LABELS[i], 60))):
            problems.append(f"anchor line for {XSS_LABELS[i]!r} reads {line!r}")
        title = page.locator("h3").filter(has_text="Nearest to").text_content()
        if not any(title.startswith(f"Nearest to {text}:") for text in (XSS_LABELS[i], shown(XSS_LABELS[i], 60))):
            problems.append(f"neighbour table title for {XSS_LABELS[i]!r} reads {title!r}")

    found = page.evaluate(
        """() => { const all = [...document.querySelectorAll('*')];
             const js = v => /^\\s*javascript:/i.test(v || '');
             return {
               jsLinks: all.filter(e => [...e.attributes].some(a => a.name.endsWith('href') && js(a.value)))
                           .map(e => e.outerHTML.slice(0, 200)),
               handlers: all.filter(e => [...e.attributes].some(a => /^on/i.test(a.name)))
                            .map(e => e.outerHTML.slice(0, 200)),
               images: [...document.querySelectorAll('img[src="x"], image[href="x"]')].map(e => e.outerHTML),
               styled: all.filter(e => /background(-color)?:\\s*red/i.test(e.getAttribute('style') || ''))
                          .map(e => e.outerHTML.slice(0, 200)),
             }; }"""
    )
    assert found == {"jsLinks": [], "handlers": [], "images": [], "styled": []}, found
    assert page.locator('a[href^="javascript"]').count() == 0
    page.wait_for_timeout(500)  # an onerror would have fired by now
    assert dialogs == []
    assert not page.context.errors
    assert not problems, "labels not shown literally:\n" + "\n".join(problems)


# ---------------------------------------------------------------- 5. language
def test_chinese_interface(page, app_url):
    open_app(page, app_url)
    choose_radio(page, "scaling", "standardize")  # a choice that must survive the switch
    expect(checked(page, "scaling")).to_have_text("standardize")
    wait_idle(page)

    choose_radio(page, "lang", "中文")
    expect(page.locator("h1")).to_have_text("嵌入探索器")
    wait_points(page, "pca", 3)
    page.wait_for_function(
        """(selector) => { const gd = document.querySelector(selector);
             return gd && /与锚点的余弦相似度/.test(gd._fullData[0].hovertemplate); }""",
        arg=CHART.format("pca"),
    )
    text = hover(page, "pca", 0)
    assert text.startswith("电影A"), text
    assert re.search(r"与锚点的余弦相似度: 1\.0000", text), text
    text = hover(page, "pca", 1)
    assert text.startswith("电影B"), text
    assert re.search(rf"与锚点的余弦相似度: {NUMBER}", text), text
    page.screenshot(path=str(ARTIFACTS / "chinese.png"))

    # the user's choices are kept across the switch, also after the next interaction
    anchor_zh = page.locator("[data-testid='stMarkdownContainer']").filter(has_text=re.compile("^锚点："))
    expect(anchor_zh).to_contain_text("锚点：电影A")
    quick = 20_000  # the page is idle: these need no patience, and a failure should not cost 90 s
    expect(checked(page, "source"), "data source lost its selection after switching language").to_have_text(
        "示例", timeout=quick)
    expect(checked(page, "scaling"), "scaling lost its selection after switching language").to_have_text(
        "标准化", timeout=quick)
    click_point(page, "pca", 1)  # any interaction: a rerun with the widgets' state from the browser
    expect(anchor_zh).to_contain_text("锚点：电影B")
    wait_idle(page)
    expect(checked(page, "scaling"), "scaling reset by the first rerun after switching language").to_have_text(
        "标准化", timeout=quick)
    expect(page.locator(".st-key-methods"), "methods reset after switching language").to_contain_text(
        "PCA", timeout=quick)
    assert not page.context.errors
    # relabel() hands translated widgets their value again: none may also have a default (Streamlit warns)
    log = (ARTIFACTS / "streamlit-server.log").read_text(errors="replace")
    assert "Session State API" not in log, log[-3000:]


# ---------------------------------------------------------------- 4. two sessions at once
def test_a_failing_projection_does_not_disturb_another_session(new_context, app_url, tmp_path):
    a, b = new_context().new_page(), new_context().new_page()
    same = pd.DataFrame({"name": [f"row {i}" for i in range(30)], "f1": 1.0, "f2": 2.0, "f3": 3.0, "f4": 4.0})
    open_app(b, app_url)
    choose_select(b, "sample", "Iris flowers (150 × 4)")
    wait_points(b, "pca", 150)

    open_app(a, app_url)
    upload(a, write_csv(same, tmp_path / "identical.csv"), rows=30)
    add_method(a, "t-SNE")  # must come back as an error message, never a traceback or a dead server

    # meanwhile B keeps working: a new anchor, then a second method computed in a worker
    click_to_anchor(b, "pca", 100)
    add_method(b, "t-SNE")
    wait_points(b, "tsne", 150)
    wait_star_on(b, "tsne", 100)
    wait_points(b, "pca", 150)

    alerts = a.locator("[data-testid='stAlert']")
    expect(alerts.filter(has_text="identical")).to_have_count(2)  # PCA and t-SNE panels
    assert a.locator(".st-key-chart_pca, .st-key-chart_tsne").count() == 0
    for p in (a, b):
        expect(p.locator("[data-testid='stException']")).to_have_count(0)
        assert not p.context.errors
    assert health(app_url) == "ok"


# ---------------------------------------------------------------- 3. progressive display, side by side
PLOT_AREAS = """() => [...document.querySelectorAll('[class*="st-key-chart_"] .js-plotly-plot')].map(gd => ({
    key: gd.closest('[class*="st-key-chart_"]').className.match(/st-key-(chart_\\w+)/)[1],
    width: gd._fullLayout.xaxis._length, height: gd._fullLayout.yaxis._length,
    legends: gd.querySelectorAll('g.legend').length }))"""
CLIPPED = """() => [...document.querySelectorAll('[data-testid="stMain"] button')]
    .filter(b => b.offsetParent !== null && b.scrollWidth > b.clientWidth + 1).map(b => b.textContent)"""


def check_layout(page: Page, methods: list[str]) -> None:
    """Every plot area at least 300 px wide and about as tall as wide, one legend for all, no button text cut."""
    areas = page.evaluate(PLOT_AREAS)
    assert sorted(a["key"] for a in areas) == sorted(f"chart_{m}" for m in methods), areas
    for area in areas:
        assert area["width"] >= 300 and 0.6 <= area["height"] / area["width"] <= 1.4, area
        assert area["legends"] == 0, area  # no panel repeats the legend ...
    expect(page.locator(".st-key-legend g.legend")).to_have_count(1)  # ... it is drawn once
    assert page.evaluate(CLIPPED) == []


def test_pca_is_shown_while_tsne_runs_then_three_and_four_panels_stay_readable(new_context, app_url):
    page = new_context(1400, 2400).new_page()
    open_app(page, app_url)
    choose_select(page, "sample", "Handwritten digits (1,797 × 64)")
    wait_points(page, "pca", 1797)
    add_method(page, "t-SNE")
    # one moment with the PCA scatter drawn and t-SNE still running, its layout so far drawn under its
    # progress bar (watching it converge), then the final layout in its place
    page.wait_for_function(
        """() => !!document.querySelector('.st-key-chart_pca .js-plotly-plot')
                 && !!document.querySelector('.st-key-cancel_tsne')
                 && !!document.querySelector('.st-key-chart_tsne .js-plotly-plot')
                 && !!document.querySelector('[data-testid="stProgress"]')"""
    )
    expect(page.locator("[data-testid='stMain']")).to_contain_text("still converging")
    first = page.evaluate("() => Array.from(document.querySelector('.st-key-chart_tsne .js-plotly-plot')"
                          "._fullData[0].x)")
    expect(page.locator("[data-testid='stProgress']")).to_have_count(0)
    wait_points(page, "tsne", 1797)
    final = page.evaluate("() => Array.from(document.querySelector('.st-key-chart_tsne .js-plotly-plot')"
                          "._fullData[0].x)")
    assert len(first) == len(final) == 1797 and first != final  # the preview was redrawn by the final layout
    wait_idle(page)
    choose_select(page, "colour_*", "digit")
    expect(page.locator(".st-key-legend g.legend g.traces")).to_have_count(10)  # digit 0 … digit 9, in that order
    assert page.locator(".st-key-legend g.legend text.legendtext").all_text_contents() == [
        f"digit {i}" for i in range(10)]
    add_method(page, "UMAP")
    wait_points(page, "umap", 1797)
    wait_idle(page)
    check_layout(page, ["pca", "tsne", "umap"])
    # a hover label near a panel's right edge stays inside the panel
    xy = np.array(page.evaluate("() => { const t = document.querySelector('.st-key-chart_tsne .js-plotly-plot')"
                                "._fullData[0]; return [Array.from(t.x), Array.from(t.y)]; }")).T
    right = int(np.argmax(xy[:, 0]))
    at = point_xy(page, "tsne", right)
    page.mouse.move(at["x"], at["y"], steps=4)  # whichever point is under the mouse there: its label
    expect(page.locator(HOVER.format("tsne"))).to_have_count(1)
    box, panel = (page.locator(HOVER.format("tsne")).bounding_box(),
                  page.locator(CHART.format("tsne")).bounding_box())
    assert box["x"] >= panel["x"] - 1 and box["x"] + box["width"] <= panel["x"] + panel["width"] + 1, (box, panel)
    page.mouse.move(5, 5)
    add_method(page, "Linear E(x) = Wx + b")
    wait_points(page, "linear", 1797)
    wait_idle(page)
    check_layout(page, ["pca", "tsne", "umap", "linear"])
    page.evaluate("() => document.activeElement && document.activeElement.blur()")  # no focus ring in the picture
    page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollTo(0, 0)")
    page.wait_for_timeout(500)
    shot = ARTIFACTS / "compare.png"
    page.screenshot(path=str(shot))
    copy_to_docs(shot, "compare.png")
    choose_radio(page, "lang", "中文")
    expect(page.locator("h1")).to_have_text("嵌入探索器")
    for method in ("pca", "tsne", "umap", "linear"):
        wait_points(page, method, 1797)
    wait_idle(page)
    check_layout(page, ["pca", "tsne", "umap", "linear"])
    page.mouse.move(5, 5)
    page.wait_for_timeout(500)
    shot = ARTIFACTS / "compare_zh.png"
    page.screenshot(path=str(shot))
    copy_to_docs(shot, "compare_zh.png")
    assert not page.context.errors


# ---------------------------------------------------------------- 6. the tutorial
def test_tutorial_view_hover_shows_the_formula_and_a_click_follows_a_movie(new_context, app_url):
    page = new_context(1400, 3200).new_page()
    page.goto(f"{app_url}/?view=tutorial")
    expect(page.locator("h2").first).to_have_text("Embeddings in machine learning: from theory to practice")
    for panel in ("tut_picture", "tut_pca", "tut_fitted"):
        wait_points(page, panel, 3)
    text = hover(page, "tut_fitted", 0)  # 电影A under the closest E(x) = Wx + b
    assert text.startswith("电影A"), text
    assert "cosine to anchor: 1.0000" in text, text
    assert "x = 0.1904 − 0.0212 − 0.0423 + 0.1692 + 0.491 = 0.7872" in text, text
    text = hover(page, "tut_picture", 2)  # 电影C in the tutorial's own picture: the exercise's number
    assert text.startswith("电影C") and "cosine to anchor: 0.9498" in text, text

    click_point(page, "tut_picture", 1)  # follow 电影B: the formula and the exercise follow it
    code = page.locator("[data-testid='stCode']")
    expect(code.filter(has_text="movie1 = [0.2, 0.8, 0.9, 0.1]")).to_have_count(1)
    wait_star_on(page, "tut_fitted", 1)
    wait_idle(page)
    click_point(page, "tut_picture", 0)  # back to 电影A for the picture
    expect(code.filter(has_text="movie1 = [0.9, 0.1, 0.2, 0.8]")).to_have_count(1)
    wait_star_on(page, "tut_fitted", 0)
    wait_idle(page)
    page.mouse.move(5, 5)
    page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollTo(0, 0)")
    page.wait_for_timeout(500)
    shot = ARTIFACTS / "tutorial.png"
    page.screenshot(path=str(shot))
    copy_to_docs(shot, "tutorial.png")

    choose_radio(page, "lang", "中文")
    expect(page.locator("h2").first).to_have_text("机器学习之嵌入（Embeddings）：从理论到实践")
    for panel in ("tut_picture", "tut_pca", "tut_fitted"):
        wait_points(page, panel, 3)
    expect(page.get_by_text("练习1：电影相似度计算")).to_have_count(1)
    text = hover(page, "tut_picture", 2)
    assert text.startswith("电影C") and "与锚点的余弦相似度: 0.9498" in text, text
    wait_idle(page)
    page.mouse.move(5, 5)
    page.wait_for_timeout(500)
    shot = ARTIFACTS / "tutorial_zh.png"
    page.screenshot(path=str(shot))
    copy_to_docs(shot, "tutorial_zh.png")
    assert not page.context.errors


# ---------------------------------------------------------------- 7. selecting many, the linked table, explorer view
RINGED = """([selector, n]) => { const gd = document.querySelector(selector);
    const ring = gd && gd._fullData && gd._fullData.find(t => t.marker && t.marker.line && t.marker.line.color === '#222222');
    return !!ring && (ring.x ? ring.x.length : 0) === n; }"""


def wait_ringed(page: Page, method: str, n: int) -> None:
    """Until the panel draws ``n`` points as selected (full colour, dark outline)."""
    page.wait_for_function(RINGED, arg=[CHART.format(method), n])


def main_text(page: Page):
    return page.locator("[data-testid='stMain']")


def search_for(page: Page, text: str) -> None:
    box = page.locator(".st-key-select_text input")
    box.fill(text)
    box.press("Enter")


def linked_rows(page: Page) -> list[str]:
    """The item names of the linked table's rows the grid has drawn (its accessible copy; the item comes first)."""
    return page.evaluate("""() => [...document.querySelectorAll('[class*="st-key-linked_"] table[role=grid] tbody tr')]
                              .map(r => r.querySelectorAll('th, td')[0].innerText)""")


LINKED_COUNT = """(n) => { const t = document.querySelector('[class*="st-key-linked_"] table[role=grid]');
    return !!t && Number(t.getAttribute('aria-rowcount')) - 1 === n; }"""


def wait_linked_count(page: Page, n: int) -> None:
    """Until the linked table holds ``n`` rows (the grid draws only the ones in sight, and updates a moment later)."""
    page.wait_for_function(LINKED_COUNT, arg=n)


def words_file(tmp_path: Path) -> Path:
    from test_app_selection import words_csv

    path = tmp_path / "words.csv"
    path.write_bytes(words_csv())
    return path


def test_search_selects_many_isolate_and_the_selection_csv(page, app_url, tmp_path):
    open_app(page, app_url)
    upload(page, words_file(tmp_path), rows=20)
    wait_points(page, "pca", 20)
    search_for(page, "rat")  # TF Projector's example: every word holding "rat"
    expect(main_text(page)).to_contain_text("13 of 20 items selected")
    wait_ringed(page, "pca", 13)
    expect(main_text(page)).to_contain_text("Showing the 13 selected items")
    wait_idle(page)
    wait_linked_count(page, 13)
    rows = linked_rows(page)
    assert rows and all("rat" in row.lower() for row in rows), rows
    with page.expect_download() as download:
        page.locator(".st-key-dl_selection button").click()
    csv = pd.read_csv(download.value.path(), encoding="utf-8-sig")
    assert len(csv) == 13 and set(rows) <= set(csv["word"]) and "cosine_to_anchor" in csv.columns
    assert all("rat" in word.lower() for word in csv["word"])

    page.locator(".st-key-isolate label").click()  # only the selection and their nearest items
    expect(main_text(page)).to_contain_text("Isolated: drawing")
    drawn = int(re.search(r"Isolated: drawing (\d+) items", main_text(page).inner_text()).group(1))
    assert 13 <= drawn <= 20
    wait_points(page, "pca", drawn)
    wait_ringed(page, "pca", 13)
    page.locator(".st-key-isolate label").click()
    wait_points(page, "pca", 20)

    search_for(page, "电影")  # Chinese labels
    expect(main_text(page)).to_contain_text("2 of 20 items selected")
    wait_ringed(page, "pca", 2)
    choose_radio(page, "select_mode", "regex")
    search_for(page, "rat[")
    expect(page.locator("[data-testid='stAlertContentError']")).to_contain_text(
        "'rat[' is not a valid regular expression")
    wait_points(page, "pca", 20)  # the pictures stay
    search_for(page, "^rat")
    expect(main_text(page)).to_contain_text("6 of 20 items selected")  # rat, rats, rate, rated, ratio, Ratatouille
    assert not page.context.errors


def test_box_selection_on_the_picture_and_a_table_row_sets_the_anchor(page, app_url, tmp_path):
    open_app(page, app_url)
    upload(page, words_file(tmp_path), rows=20)
    wait_points(page, "pca", 20)
    wait_idle(page)
    page.locator(CHART.format("pca")).scroll_into_view_if_needed()
    page.locator(".st-key-chart_pca").hover()
    page.locator('.st-key-chart_pca .modebar-btn[data-title="Box Select"]').click()
    area = page.evaluate("""(s) => { const gd = document.querySelector(s), fl = gd._fullLayout, r = gd.getBoundingClientRect();
        const inside = [...gd._fullData[0].x.keys()].filter(i => fl.xaxis.d2p(gd._fullData[0].x[i]) < fl.xaxis._length / 2);
        return {x: r.left + fl.xaxis._offset, y: r.top + fl.yaxis._offset, w: fl.xaxis._length, h: fl.yaxis._length,
                n: inside.length}; }""", CHART.format("pca"))
    assert 0 < area["n"] < 20, area
    page.mouse.move(area["x"] + 1, area["y"] + 1)
    page.mouse.down()
    page.mouse.move(area["x"] + area["w"] / 2, area["y"] + area["h"] - 1, steps=8)  # the left half of the picture
    page.mouse.up()
    expect(main_text(page)).to_contain_text(f"{area['n']} of 20 items selected")
    wait_ringed(page, "pca", area["n"])
    wait_idle(page)
    wait_linked_count(page, area["n"])

    rows = linked_rows(page)  # closest to the anchor first; click the third row
    grid = page.locator("[class*='st-key-linked_'] [data-testid='stDataFrame']")
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 35 * 2 + 17)  # its row-selection cell (35 px rows)
    expect(anchor_line(page)).to_contain_text(f"Anchor: {rows[2]} —")
    wait_idle(page)
    label = page.evaluate("(s) => document.querySelector(s)._fullData[0].hovertext[5]", CHART.format("pca"))
    click_to_anchor(page, "pca", 5)  # a click on a point still sets the anchor, box tool or not
    expect(anchor_line(page)).to_contain_text(f"Anchor: {label} —")

    page.locator(CHART.format("pca")).scroll_into_view_if_needed()  # a lasso around the right half
    page.locator(".st-key-chart_pca").hover()
    page.locator('.st-key-chart_pca .modebar-btn[data-title="Lasso Select"]').click()
    area = page.evaluate("""(s) => { const gd = document.querySelector(s), fl = gd._fullLayout, r = gd.getBoundingClientRect();
        const t = gd._fullData[0], right = [...t.x.keys()].filter(i => fl.xaxis.d2p(t.x[i]) > fl.xaxis._length / 2 + 2);
        return {x: r.left + fl.xaxis._offset, y: r.top + fl.yaxis._offset, w: fl.xaxis._length, h: fl.yaxis._length,
                n: right.length}; }""", CHART.format("pca"))
    corners = [(area["w"] / 2 + 2, 1), (area["w"] - 1, 1), (area["w"] - 1, area["h"] - 1), (area["w"] / 2 + 2, area["h"] - 1),
               (area["w"] / 2 + 2, 2)]
    page.mouse.move(area["x"] + corners[0][0], area["y"] + corners[0][1])
    page.mouse.down()
    for cx, cy in corners[1:]:
        page.mouse.move(area["x"] + cx, area["y"] + cy, steps=6)
    page.mouse.up()
    expect(main_text(page)).to_contain_text(f"{area['n']} of 20 items selected")
    wait_ringed(page, "pca", area["n"])
    assert not page.context.errors


def digits_projector_files(folder: Path, rows: int | None = None) -> tuple[Path, Path]:
    """The digits sample as a TF-Projector pair: header-less vectors, metadata with the digit and the ink (a number
    that is not a feature: colour on a scale)."""
    digits = pd.read_csv(Path(__file__).resolve().parent.parent / "data" / "digits.csv", nrows=rows)
    pixels = digits[[c for c in digits.columns if c.startswith("pixel")]]
    vectors, meta = folder / "vectors.tsv", folder / "metadata.tsv"
    pixels.to_csv(vectors, sep="\t", header=False, index=False)
    pd.DataFrame({"image": digits["image"], "digit": digits["digit"], "ink": pixels.sum(axis=1)}).to_csv(
        meta, sep="\t", index=False)
    return vectors, meta


def test_explorer_view_opens_a_file_from_the_command_line(new_context, chromium_path, tmp_path):
    import subprocess
    import sys
    import time

    from browser_conftest import _free_port, _log_tail

    vectors, meta = digits_projector_files(tmp_path)
    port = _free_port()
    log_path = ARTIFACTS / "explorer-view.log"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])}
    with open(log_path, "w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "explorer", "view", str(vectors), "--metadata", str(meta),
                                 "--method", "pca,umap", "--port", str(port)],  # 127.0.0.1 by default
                                cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 90
            while health(url) != "ok":
                assert proc.poll() is None, f"explorer view exited ({proc.returncode}):\n{_log_tail(log_path)}"
                assert time.monotonic() < deadline, f"not healthy after 90 s:\n{_log_tail(log_path)}"
                time.sleep(0.5)
            assert f"Embedding Explorer: vectors.tsv + metadata.tsv at {url}" in log_path.read_text()

            page = new_context(1400, 2200).new_page()
            page.goto(url)
            expect(page.locator("[data-testid='stSidebar']")).to_contain_text(
                "Opened from the command line: vectors.tsv + metadata.tsv")
            expect(checked(page, "source")).to_have_text("opened file")
            wait_points(page, "pca", 1797)
            wait_points(page, "umap", 1797)  # the methods asked for
            expect(main_text(page)).to_contain_text("1797 items × 61 features")
            choose_select(page, "colour_*", "digit")  # a legend in natural order
            expect(page.locator(".st-key-legend g.legend text.legendtext")).to_have_count(10)
            assert page.locator(".st-key-legend g.legend text.legendtext").all_text_contents() == [
                f"digit {i}" for i in range(10)]
            choose_select(page, "colour_*", "ink (scale)")  # a metadata column of numbers: one continuous scale
            expect(page.locator(".st-key-legend .colorbar")).to_have_count(1)
            expect(page.locator(".st-key-legend .annotation-text")).to_have_text("ink")
            page.wait_for_function("""(s) => { const m = document.querySelector(s)._fullData[0].marker;
                                        return m.cmin < m.cmax && Array.isArray(m.colorscale); }""",
                                   arg=CHART.format("umap"))
            search_for(page, "digit 3")
            expect(main_text(page)).to_contain_text("183 of 1,797 items selected")
            page.locator(".st-key-isolate label").click()
            expect(main_text(page)).to_contain_text("Isolated: drawing")
            wait_ringed(page, "pca", 183)
            wait_ringed(page, "umap", 183)
            wait_idle(page)
            grid = page.locator("[class*='st-key-linked_'] [data-testid='stDataFrame']")
            expect(grid).to_be_visible()
            wait_linked_count(page, 183)
            first = linked_rows(page)[0]  # the selected item closest to the anchor becomes the anchor
            grid.scroll_into_view_if_needed()
            box = grid.bounding_box()
            page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)
            expect(anchor_line(page)).to_contain_text(f"Anchor: {first} —")
            page.wait_for_function("(first) => { const rows = [...document.querySelectorAll("
                                   "'[class*=\"st-key-linked_\"] table[role=grid] tbody tr')];"
                                   " return rows.length && rows[0].innerText.startsWith(first); }", arg=first)
            wait_idle(page)
            screenshot(page, "selection.png")
            choose_radio(page, "lang", "中文")
            expect(page.locator("h1")).to_have_text("嵌入探索器")
            expect(main_text(page)).to_contain_text("已选中 1,797 个条目中的 183 个")
            wait_ringed(page, "pca", 183)
            wait_ringed(page, "umap", 183)
            wait_idle(page)
            screenshot(page, "selection_zh.png")
            assert not page.context.errors
        finally:
            proc.terminate()  # explorer view stops the page it started
            code = proc.wait(20)
    assert code == 0, f"explorer view ended with {code}:\n{_log_tail(log_path)}"
    deadline = time.monotonic() + 20
    while health(url) == "ok":
        assert time.monotonic() < deadline, "the page outlived explorer view"
        time.sleep(0.5)


def screenshot(page: Page, name: str) -> None:
    page.mouse.move(5, 5)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollTo(0, 0)")
    page.wait_for_timeout(800)
    shot = ARTIFACTS / name
    page.screenshot(path=str(shot))
    copy_to_docs(shot, name)
