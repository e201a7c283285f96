"""Sources: every table, every row's source link, date and confidence; CSV download; known gaps."""
import streamlit as st

from channel_conflict import i18n
from channel_conflict.ui import chart, data, lang
from channel_conflict.ui.linkstate import LinkControls
from channel_conflict.ui.page import guarded
from channel_conflict.ui.share import share_bar
from channel_conflict.views import sources as view

lg = lang()


def t(key: str, **kwargs) -> str:
    return i18n.t(f"sources.{key}", lg, **kwargs)


with guarded(t("what")):
    as_of = data.as_of()
    st.title(t("title"))
    st.markdown(t("intro", as_of=i18n.as_of(as_of, lg)))
    if lg != i18n.DEFAULT:
        st.caption(i18n.t("common.data_text_note", lg))

    st.subheader(t("gaps"), divider="gray")
    for _, statement, _open in view.gaps(data.query, lg):
        st.markdown(f"- {statement}")

    st.subheader(t("disagree"), divider="gray")
    st.markdown(t("primary_rule"))
    alt = view.disagreements(data.query)
    if len(alt):
        st.dataframe(alt, hide_index=True, width="stretch", column_order=(
        "quarter", "research_firm", "provider_id", "used_pct", "used_source_url", "alternative_pct",
        "alternative_source_url", "notes"), column_config={
            "used_pct": st.column_config.NumberColumn(t("col_used")),
            "alternative_pct": st.column_config.NumberColumn(t("col_alt")),
            "used_source_url": st.column_config.LinkColumn(t("col_used_src"), display_text=t("col_open")),
            "alternative_source_url": st.column_config.LinkColumn(t("col_alt_src"), display_text=t("col_open")),
        })

    st.subheader(t("every_table"), divider="gray")
    links = LinkControls()
    cols = st.columns([1, 2])
    params = i18n.localise_params(view.params(data.query), lg, "sources")
    values = {params[0].key: links.render(params[0], container=cols[0]),
              params[1].key: links.render(params[1], container=cols[1])}
    links.show_notice()
    table = values["table"]
    frame = view.rows(data.query, table, values["confidence"])
    st.caption(view.DESCRIPTIONS.get(table, ""))
    if table not in view.FACT_TABLES:
        st.caption(t("reference"))
    left, right = st.columns([3, 1])
    left.markdown(t("rows", n=len(frame), table=table) + (t("rows_filtered") if table in view.FACT_TABLES else ""))
    right.download_button(t("download", n=len(frame)), view.csv_bytes(frame), file_name=f"{table}.csv",
                          mime="text/csv", icon=":material/download:", key="download_csv")
    config = {c: st.column_config.DateColumn(c, format="YYYY-MM-DD") for c in view.date_columns(frame)}
    config |= {c: st.column_config.LinkColumn(c, display_text=r"https?://(?:www\.)?([^/]+)")
               for c in view.link_columns(frame)}
    st.dataframe(frame, hide_index=True, width="stretch", column_order=view.display_order(frame), column_config=config)

    st.subheader(t("how_sure"), divider="gray")
    values |= {"lang": lg}
    charts = data.charts_for(view, values, as_of)
    for c in charts:
        chart.show(c.figure, c.name)
    share_bar("sources", charts, values)
