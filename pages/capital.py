"""Capital: what a loan guarantee saves, book life vs the accelerator cadence, the cost of a GPU-hour."""
import streamlit as st

from channel_conflict.ui import chart, data
from channel_conflict.ui.linkstate import LinkControls
from channel_conflict.ui.page import guarded
from channel_conflict.views import capital as view


@st.fragment
def scenario() -> None:
    """The slider-driven part: a slider move reruns only this, and every query result is cached."""
    with guarded("the Capital page"):
        links = LinkControls()
        groups = view.section_params(data.query)
        areas = {}
        values = {}
        for name, params in groups.items():
            st.subheader(view.SECTION_TITLES[name], divider="gray")
            cols = st.columns(len(params))
            for col, p in zip(cols, params, strict=True):
                values[p.key] = links.render(p, container=col)
            areas[name] = st.container()
        links.show_notice()
        charts = {c.name: c for c in view.charts_for(data.query, values, data.as_of())}
        for name, area in areas.items():
            with area:
                for chart_name in view.SECTION_CHARTS[name]:
                    c = charts[chart_name]
                    chart.show(c.figure, c.name)
                st.caption(view.SECTION_NOTES[name])
        with st.expander("Assumptions behind these charts: value, unit, rationale, confidence, source", expanded=False):
            st.dataframe(
                view.assumption_table(data.query, values),
                hide_index=True, width="stretch",
                column_order=("name", "value", "default", "unit", "confidence", "source", "published", "rationale",
                              "publisher", "slider"),
                column_config={
                    "name": "Assumption", "slider": "URL key",
                    "value": st.column_config.NumberColumn("Value used", format="%g"),
                    "default": st.column_config.NumberColumn("Default", format="%g"),
                    "unit": "Unit", "rationale": st.column_config.TextColumn("Rationale", width="large"),
                    "confidence": "Confidence",
                    "source": st.column_config.LinkColumn("Source", display_text="open"),
                    "publisher": "Publisher",
                    "published": st.column_config.DateColumn("Published"),
                },
            )


with guarded("the Capital page"):
    st.title("Financing the build-out")
    st.markdown(
        "OpenAI's CFO said federal loan guarantees could lower the cost of its roughly **$1.4 trillion** compute "
        "build-out; the White House said no bailout, and Sam Altman said the guarantees discussed were for chip "
        "fabs. Three questions follow: what would a lower spread be worth, how fast does the hardware lose value "
        "against its accounting life, and what does a GPU-hour cost OpenAI against what the market charges, "
        "i.e. where a direct-sale price could sit. Every slider is an assumption (its confidence in brackets, its "
        "rationale in the tooltip and the table at the bottom); every slider is in the link."
    )
    scenario()
