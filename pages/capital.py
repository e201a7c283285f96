"""Capital: what a loan guarantee saves, book life vs the accelerator cadence, the cost of a GPU-hour."""
import streamlit as st

from channel_conflict import i18n
from channel_conflict.ui import chart, data, lang
from channel_conflict.ui.linkstate import LinkControls
from channel_conflict.ui.page import guarded
from channel_conflict.ui.share import share_bar
from channel_conflict.views import capital as view


@st.fragment
def scenario() -> None:
    """The slider-driven part: a slider move reruns only this, and every query result is cached."""
    lg = lang()
    t = lambda key: i18n.t(f"capital.{key}", lg)  # noqa: E731
    with guarded(t("what")):
        links = LinkControls()
        groups = view.section_params(data.query, lg)
        areas = {}
        values = {"lang": lg}
        for name, params in groups.items():
            st.subheader(t(f"section.{name}"), divider="gray")
            cols = st.columns(len(params))
            for col, p in zip(cols, params, strict=True):
                values[p.key] = links.render(p, container=col)
            areas[name] = st.container()
        links.show_notice()
        charts = {c.name: c for c in data.charts_for(view, values, data.as_of())}
        for name, area in areas.items():
            with area:
                for chart_name in view.SECTION_CHARTS[name]:
                    c = charts[chart_name]
                    chart.show(c.figure, c.name)
                st.caption(t(f"note.{name}"))
        with st.expander(t("assumptions"), expanded=False):
            st.dataframe(
                view.assumption_table(data.query, values),
                hide_index=True, width="stretch",
                column_order=("name", "value", "default", "unit", "confidence", "source", "published", "rationale",
                              "publisher", "slider"),
                column_config={
                    "name": t("col_name"), "slider": t("col_slider"),
                    "value": st.column_config.NumberColumn(t("col_value"), format="%g"),
                    "default": st.column_config.NumberColumn(t("col_default"), format="%g"),
                    "unit": t("col_unit"), "rationale": st.column_config.TextColumn(t("col_rationale"), width="large"),
                    "confidence": t("col_confidence"),
                    "source": st.column_config.LinkColumn(t("col_source"), display_text=t("col_open")),
                    "publisher": t("col_publisher"),
                    "published": st.column_config.DateColumn(t("col_published")),
                },
            )
        # Inside the fragment: the link and the pack follow every slider move.
        share_bar("capital", list(charts.values()), values)


with guarded(i18n.t("capital.what", lang())):
    st.title(i18n.t("capital.title", lang()))
    st.markdown(i18n.t("capital.intro", lang()))
    if lang() != i18n.DEFAULT:
        st.caption(i18n.t("common.data_text_note", lang()))
    scenario()
