"""Charts that stay drawn while the anchor moves: the part of a chart that follows the anchor is handed to the
browser on its own and restyled into the chart already there (``figures.anchor_part``).

A Plotly chart in Streamlit is drawn anew whenever its figure changes (its identity is its figure); drawing a
10k-point WebGL chart took ~0.5 s in Chromium here, restyling it ~0.15 s. The rest of the figure is the same
for every anchor, so the chart keeps its identity, its zoom and its WebGL context.
"""
from __future__ import annotations

import base64
import json

import numpy as np
import streamlit as st

from explorer.present.figures import AnchorPart, anchor_part

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
      // Plotly emits a selection whenever layout.selections changes, and Streamlit first sets it (to []) just
      // after the first click on a chart: that empty selection could override the next click's point. Set
      // here, before any click, it never changes from nothing to [] later.
      window.Plotly.update(gd, update, gd.layout.selections ? layout : { ...layout, selections: [] }, numbers);
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


def chart(restyles: dict[str, AnchorPart], figure, key: str, **options) -> AnchorPart:
    """``st.plotly_chart`` of ``figure`` without its part that follows the anchor, which goes into ``restyles``
    under ``key`` for :func:`restyle`: the chart stays drawn as the anchor moves."""
    part = restyles[key] = anchor_part(figure)
    st.plotly_chart(figure, key=key, **options)
    return part


def restyle(charts: dict[str, AnchorPart]) -> None:
    """Put into each chart drawn with ``key=`` a key of ``charts`` its part that follows the anchor (the
    fragment draws this after all its charts)."""
    # handed over as one JSON text: Streamlit hashes a dict's canonical JSON for the element's identity,
    # a text in one pass
    text = json.dumps({chart: {"id": part.key, "layout": _browser(part.layout),
                               "traces": [(number, _browser(values)) for number, values in part.traces]}
                       for chart, part in charts.items()},
                      separators=(",", ":"), ensure_ascii=False)
    _restyle(key="restyle", data=text)


_TYPED = {"f4": "<f4", "f8": "<f8", "i4": "<i4", "u1": "<u1"}  # plotly.js typed arrays: their dtype, ours


def _browser(values: dict) -> dict:
    """Arrays as plotly.js takes them: numbers as typed arrays in base64, as plotly.py ships a figure's (the
    bytes drawn, so the star lies exactly on its float32 point; 10k × 3 hover numbers: 160 KB in 0.5 ms
    against 287 KB in 12 ms as a JSON list); anything else (text, numbers beside text) as a list."""
    out = {}
    for name, array in values.items():
        if not isinstance(array, np.ndarray):  # a number
            out[name] = array
            continue
        kind = next((short for short, dtype in _TYPED.items() if array.dtype == dtype), None)
        if array.size and kind:
            out[name] = {"dtype": kind, "bdata": base64.b64encode(np.ascontiguousarray(array)).decode("ascii"),
                         "shape": ",".join(map(str, array.shape))}
        else:
            out[name] = array.tolist()
    return out
