"""Streamlit glue: cached data access, page frame, URL-bound controls, chart display."""
