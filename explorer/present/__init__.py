"""What a page or a file shows: anchor views and tables, figures (the only Plotly code), exports."""
