"""The page's views: Streamlit widgets and layout only (every computation is a call into ``explorer``)."""
