"""Show a house-style figure with the 2x PNG camera button."""
import plotly.graph_objects as go
import streamlit as st

from ..charts.base import image_config


def show(fig: go.Figure, filename: str, key: str | None = None) -> None:
    # theme=None: the page shows our house template, exactly as the camera button and chart pack save it.
    st.plotly_chart(fig, config=image_config(filename), key=key, width="stretch", theme=None)
