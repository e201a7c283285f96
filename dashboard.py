"""Entry point: `streamlit run dashboard.py`. Routes to the pages; each page keeps its own path."""
import streamlit as st

from channel_conflict.ui import layout, nav

st.set_page_config(page_title="Channel conflict: OpenAI and its cloud partners", page_icon=":material/join_inner:",
                   layout="wide", initial_sidebar_state="auto")

page = st.navigation(nav.streamlit_pages(), position="hidden")
nav.sidebar()
layout.fit_charts()
page.run()
