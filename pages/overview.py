"""Overview at /: the story in one screen, linking every page."""
import streamlit as st

from channel_conflict.ui import nav
from channel_conflict.ui.page import guarded

with guarded("the overview"):
    st.title("If OpenAI sells compute, its suppliers become its rivals")
    st.markdown(
        "OpenAI has committed roughly **$1.4 trillion** to compute over about eight years, through long contracts "
        "with Microsoft, Oracle, AWS, CoreWeave, Google Cloud and chipmakers. In November 2025 Sam Altman said "
        "OpenAI is looking at selling compute directly. This dashboard sizes how much such an \"AI cloud\" would "
        "collide with the partners it buys from."
    )
    for p in nav.PAGES[1:]:
        st.page_link(p.file, label=f"**{p.title}**: {p.blurb}", icon=p.icon)
