"""Timeline: not built yet (see the open issue)."""
import streamlit as st

st.title("Timeline")
st.info("This page is not built yet.")
