"""Capital: where guarantees land (CHIPS Act, fabs, the DOE precedent), what a lower spread saves on a fab beside
the data-centre case OpenAI does not seek, asset lives, and the cost of a GPU-hour."""
import streamlit as st

from channel_conflict import i18n, tables
from channel_conflict.ui import chart, data, lang
from channel_conflict.ui.linkstate import LinkControls
from channel_conflict.ui.page import guarded
from channel_conflict.ui.share import share_bar
from channel_conflict.views import capital as view

SLIDERS_PER_ROW = 5


def fab_projects(lg: str) -> None:
    """The open question on fab guarantees and the table of fab projects, under the fab charts."""
    f = lambda key: i18n.t(f"capital.fab.{key}", lg)  # noqa: E731
    st.info(view.open_question_text(data.query, lg), icon=":material/help:")
    st.markdown(f"**{f('projects')}**")
    st.dataframe(
        view.fab_table(data.query, lg), hide_index=True, width="stretch",
        column_order=("company", "site", "product", "capex_usd_bn", "expected_start", "url", "notes"),
        # Widths (px) that keep the figures and the source link in view at 1366 px (the product names pushed
        # the start year, the source and the notes off to the right); a cut cell shows whole on hover.
        column_config={
            "company": st.column_config.TextColumn(f("col_company"), width=80),
            "site": st.column_config.TextColumn(f("col_site"), width=180),
            "product": st.column_config.TextColumn(f("col_product"), width=210),
            "capex_usd_bn": st.column_config.TextColumn(f("col_capex"), width=100),
            "expected_start": st.column_config.TextColumn(f("col_start"), width=120),
            "url": st.column_config.LinkColumn(f("col_source"), display_text=i18n.t("capital.col_open", lg),
                                               width=70),
            "notes": st.column_config.TextColumn(f("col_notes"), width=300),
        },
    )


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
            for row in range(0, len(params), SLIDERS_PER_ROW):  # the fab and data-centre sliders take two rows
                chunk = params[row:row + SLIDERS_PER_ROW]
                for col, p in zip(st.columns(SLIDERS_PER_ROW)[:len(chunk)], chunk, strict=True):
                    values[p.key] = links.render(p, container=col)
            areas[name] = st.container()
        links.show_notice()
        charts = {c.name: c for c in data.charts_for(view, values, data.as_of())}
        for name, area in areas.items():
            with area:
                # Every chart the full width, the fab's savings above the data-centre case's: side by side
                # at 1366 px their titles and footers shrank to 7-9 px to fit half the page.
                for chart_name in view.SECTION_CHARTS[name]:
                    chart.show(charts[chart_name].figure, chart_name)
                if name == "fabs":
                    fab_projects(lg)
                st.caption(t(f"note.{name}"))
        with st.expander(t("assumptions"), expanded=False):
            st.dataframe(
                tables.shown(view.assumption_table(data.query, values, lang())),
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
    if note := i18n.t("common.data_text_note", lang()):  # empty where the data's own language is the page's
        st.caption(note)
    scenario()
