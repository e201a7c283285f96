"""Contracts: OpenAI's compute deals, totals without double counting, spend per year,
each partner's exposure, and the partner-role matrix as of a date."""
import streamlit as st

from channel_conflict import i18n, tables, text
from channel_conflict.charts.contracts import money_in
from channel_conflict.ui import chart, data, lang, layout
from channel_conflict.ui.linkstate import LinkControls
from channel_conflict.ui.page import guarded
from channel_conflict.ui.share import share_bar
from channel_conflict.views import contracts as view

lg = lang()


def t(key: str, **kwargs) -> str:
    return i18n.t(f"contracts.{key}", lg, **kwargs)


with guarded(t("what")):
    st.title(t("title"))
    as_of = data.as_of()
    h = view.headline(data.query, lg)
    layout.headline_style()
    c1, c2, c3, c4 = st.container(key=layout.HEADLINE_FIGURES).columns(4)
    c1.metric(t("m_counted"), money_in(h["counted_usd_bn"], lg), border=True, help=t("m_counted_help"))
    c1.caption(t("m_counted_cap", n=h["counted_deals"], as_of=i18n.as_of(as_of, lg)))
    if h["reported"] is not None:
        r = h["reported"]
        c2.metric(t("m_reported"), money_in(r.value, lg), border=True)
        c2.caption(t("source_line", notes=text.md(h["reported_note"]), period=text.md(i18n.period(r.period, lg)),
                     link=text.link(r.publisher, r.url), published=i18n.as_of(r.published, lg),
                     confidence=text.md(i18n.confidence(r.confidence, lg))))
    c3.metric(t("m_undisclosed"), h["undisclosed_deals"], border=True)
    c3.caption(t("m_undisclosed_cap", names=text.md(i18n.join(h["undisclosed_sellers"], lg))))
    c4.metric(t("m_excluded"), len(h["excluded"]), border=True)
    c4.caption(t("m_excluded_cap"))
    if note := i18n.t("common.data_text_note", lg):  # empty where the data's own language is the page's
        st.caption(note)

    st.subheader(t("who"))
    st.caption(t("who_cap"))
    links = LinkControls()
    values = links.render_all(i18n.localise_params(view.params(data.query, lg), lg, "contracts")) | {"lang": lg}
    links.show_notice()
    charts = data.charts_for(view, values, as_of)
    chart.show(charts[0].figure, charts[0].name)

    st.subheader(t("deals"))
    for c in charts[1:3]:
        chart.show(c.figure, c.name)
    if len(h["excluded"]):
        st.markdown(t("left_out") + "\n" + "\n".join(view.left_out_lines(h["excluded"], lg)))
    for c in charts[3:]:
        chart.show(c.figure, c.name)

    with st.expander(t("every_deal")):
        deals = data.query("contracts_deals")
        table = deals.assign(
            value=[money_in(v, lg) for v in deals["value_usd_bn"]],
            counted=view.is_counted(deals),
        )[["seller", "contract_id", "announced", "start_year", "end_year", "value", "capacity_gw", "value_kind",
           "counted", "superseded_by", "confidence", "notes", "url"]]
        st.dataframe(tables.shown(table), hide_index=True, width="stretch", column_config={
            "url": st.column_config.LinkColumn(t("col_source"), display_text=t("col_open")),
            "announced": st.column_config.DateColumn(t("col_announced"), format=i18n.date_column_format(lg)),
            "capacity_gw": st.column_config.NumberColumn("GW"),
            "value": st.column_config.TextColumn(t("col_value")),
        })
    share_bar("contracts", charts, values)
