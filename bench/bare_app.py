"""A bare one-slider, one-chart Streamlit page: the floor our pages are compared with."""
import math

import plotly.graph_objects as go
import streamlit as st

level = st.slider("Level", 0, 100, 50, key="level")
xs = list(range(40))
fig = go.Figure(go.Scatter(x=xs, y=[math.sin(x / 6) * level + x for x in xs], mode="lines"))
fig.update_layout(title=f"Level {level}", height=480)
st.plotly_chart(fig, width="stretch")
