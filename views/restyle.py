"""Charts that stay drawn while the anchor moves: the part of a chart that follows the anchor is handed to the
browser on its own and restyled into the chart already there (``figures.anchor_part``).

A Plotly chart in Streamlit is drawn anew whenever its figure changes (its identity is its figure); drawing a
10k-point WebGL chart took ~0.5 s in Chromium here, restyling it ~0.15 s. The rest of the figure is the same
for every anchor, so the chart keeps its identity, its zoom and its WebGL context.
"""
from __future__ import annotations

import json

import streamlit as st

from explorer.present.figures import AnchorPart

# For each chart (by its key) the updates it should carry: put into the chart under `.st-key-<chart>` once, and
# again whenever that chart is drawn anew (a new figure: new trace data, on which the updates are not yet noted;
# a zoom keeps the data). window.Plotly is the plotly.js that draws Streamlit's charts.
_JS = """
export default function ({ data }) {
  const charts = JSON.parse(data);
  const carried = (window.__explorerCarried = window.__explorerCarried || new WeakMap());
  const apply = () => {
    for (const [chart, { id, traces, layout }] of Object.entries(charts)) {
      const gd = document.querySelector(`.st-key-${chart} .js-plotly-plot`);
      if (!gd || !gd._fullData || !gd.data || !window.Plotly || carried.get(gd.data) === id) continue;
      // one update of every trace and the layout (each call redraws the chart); values a trace does not
      // have are left as they are (undefined)
      const present = traces.filter(([number]) => number < gd._fullData.length);
      const numbers = present.map(([number]) => number);
      const update = {};
      present.forEach(([number, values], i) => {
        for (const [name, value] of Object.entries(values)) {
          update[name] = update[name] || new Array(numbers.length).fill(undefined);
          update[name][i] = value;
        }
      });
      window.Plotly.update(gd, update, layout, numbers);
      carried.set(gd.data, id);
    }
  };
  clearInterval(window.__explorerRestyle);
  apply();
  const timer = (window.__explorerRestyle = setInterval(apply, 50));
  return () => clearInterval(timer);
}
"""
_restyle = st.components.v2.component("explorer_restyle", js=_JS)


def restyle(charts: dict[str, AnchorPart]) -> None:
    """Put into each chart drawn with ``key=`` a key of ``charts`` its part that follows the anchor (the
    fragment draws this after all its charts)."""
    # handed over as one JSON text: Streamlit hashes a dict's canonical JSON for the element's identity,
    # a text in one pass (1 MB at 10k points)
    text = json.dumps({chart: {"id": part.key, "traces": part.traces, "layout": part.layout}
                       for chart, part in charts.items()},
                      separators=(",", ":"), ensure_ascii=False)
    _restyle(key="restyle", data=text)
