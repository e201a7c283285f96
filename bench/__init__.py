"""`python -m bench` (or `make bench`): how fast the dashboard feels, measured in a real browser.

Starts `streamlit run` on loopback against a freshly built DB (and a bare one-slider page for
comparison), drives Debian's Chromium with Playwright, times named queries on the real DB and
on a synthetic one 1000x larger, and writes bench/results/latest.json plus a table.
See README.md, "Performance".
"""
