"""The workbench layout: controls in one column, the chart in view pinned beside them.

At a laptop's 1366x768 a page of sixteen sliders above a chart forces scrolling back and forth
between the control moved and the chart it moves. Here the right column (headline figures,
chart picker, chart) sticks below Streamlit's header while the controls scroll past it; under 640 px
Streamlit stacks the columns and the chart comes first, one column, nothing pinned.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from ..charts.margins import NARROWEST_PX
from ..params import Param

CONTROLS = "ov_controls"  # keys of the two containers; Streamlit gives each the class st-key-<key>
PINNED = "ov_pinned"
PICKER = "chart"  # the key of the chart picker in the pinned column (LinkControls.picker)
HEADER_REM = 3.75  # Streamlit's fixed header

CSS = f"""<style>
@media (min-width: 641px) {{
  div[data-testid="stColumn"]:has(> div > .st-key-{PINNED}),
  div[data-testid="stColumn"]:has(.st-key-{PINNED}) {{
    position: sticky; top: {HEADER_REM}rem; align-self: flex-start; z-index: 2;
    max-height: calc(100vh - {HEADER_REM}rem); overflow-y: auto; overflow-x: hidden;
  }}
}}
/* This page only (the style goes with it): room for the chart beside the controls. */
[data-testid="stMainBlockContainer"] {{ padding-left: 1.5rem; padding-right: 1.5rem; padding-top: 4.5rem; }}
[data-testid="stMainBlockContainer"] h1 {{ font-size: 2rem; padding-top: 0; }}
.st-key-{CONTROLS} h2 {{ font-size: 1.35rem; padding-top: 0; }}
.st-key-{PINNED} [data-testid="stMetricValue"] {{ font-size: 1.75rem; }}
/* The seven chart buttons fit the pinned column in one row at 1366 px. */
.st-key-{PINNED} .st-key-{PICKER} button {{ padding: 0.2rem 0.4rem; min-height: 2rem; }}
.st-key-{PINNED} .st-key-{PICKER} button p {{ font-size: 0.74rem; }}
@media (max-width: 640px) {{
  div[data-testid="stColumn"]:has(.st-key-{PINNED}) {{ order: -1; }}
}}
</style>"""


def workbench_style() -> None:
    st.html(CSS)


def grid(links, params: Sequence[Param], per_row: int = 2, on_change=None) -> dict[str, Any]:
    """URL-bound controls two to a row (short labels: segments, partners); returns their values."""
    values: dict[str, Any] = {}
    for i in range(0, len(params), per_row):
        cols = st.columns(per_row)
        for col, p in zip(cols, params[i:i + per_row], strict=False):
            values[p.key] = links.render(p, container=col, on_change=on_change)
    return values


# Chart titles, subtitles and footers are wrapped on the server for a slide (~760 px and wider);
# Plotly cannot rewrap them in a narrower column (the pinned column, a phone) and clips them on
# the right. Each chart is a CSS size container, and below FIT_PX its title block and footer
# shrink in proportion to its width, so the image keeps its lines whole, as the saved PNG does.
FIT_PX = 760


def _fit(px: int) -> str:
    return f"min({px}px, {100 * px / FIT_PX:.3f}cqw)"


PHONE_CHART_PX = NARROWEST_PX  # a phone shows a chart at least this wide, swiped sideways, not squeezed

# The box a phone swipes a chart in (a chart is drawn at least PHONE_CHART_PX wide).
CHART_SCROLLER = ('[data-testid="stElementContainer"]'
                  ':has(> [data-testid="stFullScreenFrame"] > [data-testid="stPlotlyChart"])')
SCROLLBAR_THUMB, SCROLLBAR_TRACK = "#9AA1A9", "#EEF0F2"

CHART_CSS = f"""<style>
[data-testid="stPlotlyChart"] {{ container-type: inline-size; }}
/* Plotly's toolbar (camera, zoom) shows on hover at the top right, over a long title: put it at the
   bottom right, beside the footer's end, where it covers no title, legend or data. */
[data-testid="stPlotlyChart"] .modebar-container {{ top: auto !important; bottom: 0; }}
[data-testid="stPlotlyChart"] .modebar-container .modebar {{ top: auto !important; bottom: 2px; }}
@media (max-width: 640px) {{
  [data-testid="stFullScreenFrame"]:has(> [data-testid="stPlotlyChart"]) {{ min-width: {PHONE_CHART_PX}px; }}
  /* Streamlit draws every scroll bar transparent until hovered, and a phone has no hover: a chart cut
     at the screen's edge gave no sign that the rest of it is a swipe away. This bar stays drawn
     (the standard properties for Chrome and Firefox, the -webkit- ones for Safari). */
  {CHART_SCROLLER} {{ overflow-x: auto; overflow-y: hidden; scrollbar-width: thin;
    scrollbar-color: {SCROLLBAR_THUMB} {SCROLLBAR_TRACK}; }}
  {CHART_SCROLLER}::-webkit-scrollbar {{ height: 6px; }}
  {CHART_SCROLLER}::-webkit-scrollbar-thumb {{ background: {SCROLLBAR_THUMB}; border-radius: 3px; }}
}}
@container (max-width: {FIT_PX - 1}px) {{
  .gtitle {{ font-size: {_fit(18)} !important; }}
  .gtitle tspan[style*="font-size"] {{ font-size: {_fit(13)} !important; }}
  .annotation-text[data-unformatted^="Source"], .annotation-text[data-unformatted^="資料來源"] {{
    font-size: {_fit(11)} !important; }}
}}
</style>"""


def fit_charts() -> None:
    """Once per run (dashboard.py): chart titles that fit narrow columns."""
    st.html(CHART_CSS)


# A page's headline figures (the Overview's and the Contracts page's four cards) show whole at 1366 px
# in every language (the longest, '7,304億美元' and '2026年8月14日', ran past a quarter of the page at
# Streamlit's 2.25rem); and Streamlit keeps a page link's label on one line and clips it, so the
# Overview's article lines and Explore blurbs, sentences cut mid-word at 390 px, wrap here instead.
HEADLINE_FIGURES = "headline_figures"  # the headline cards' container (class st-key-headline_figures)
HEADLINE_CSS = f"""<style>
.st-key-{HEADLINE_FIGURES} [data-testid="stMetricValue"] {{ font-size: 1.75rem; }}
[data-testid="stMain"] [data-testid="stPageLink-NavLink"] span,
[data-testid="stMain"] [data-testid="stPageLink-NavLink"] [data-testid="stMarkdownContainer"],
[data-testid="stMain"] [data-testid="stPageLink-NavLink"] p {{ white-space: normal; overflow: visible; }}
</style>"""

# Timeline: Streamlit keeps pills on one line that scrolls sideways with no sign of it; at 390 px the
# categories were cut mid-pill. They wrap onto more lines instead.
WRAPPED_PILLS = "category"  # the key of the Timeline's category pills
PILLS_CSS = f"""<style>
.st-key-{WRAPPED_PILLS} [data-testid='stButtonGroup'] > div:has(> button) {{
  flex-wrap: wrap; overflow-x: visible; row-gap: 0.4rem; }}
</style>"""


def headline_style() -> None:
    """Before a page's headline cards, in st.container(key=HEADLINE_FIGURES)."""
    st.html(HEADLINE_CSS)


def wrapped_pills_style() -> None:
    st.html(PILLS_CSS)
