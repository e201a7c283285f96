"""Contracts: not built yet (see the open issue)."""
import streamlit as st

st.title("Contracts")
st.info("This page is not built yet.")
