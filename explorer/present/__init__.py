"""What a page or a file shows: the anchor's neighbourhood and why (``anchor``), the tables beside the
pictures (``tables``), figures (the only Plotly code), exports, and the tutorial worked through.
Nothing here computes a projection."""
