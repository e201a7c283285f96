"""Sources: every table, every row's source link, date and confidence; CSV download; known gaps."""
import streamlit as st

from channel_conflict import i18n, tables, text
from channel_conflict.ui import chart, data, dataexport, lang
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
    version = view.version_info(data.query)
    st.caption(t("data_version", version=version["version"], date=i18n.as_of(str(version["revision_date"])[:10], lg))
               if version else t("data_unversioned"))
    if note := i18n.t("common.data_text_note", lg):  # empty where the data's own language is the page's
        st.caption(note)

    st.subheader(t("gaps"), divider="gray")
    for _, statement, still_open in view.gaps(data.query, lg):
        if still_open:  # a gap this file has closed is not a gap: its rows are in the tables below
            st.markdown(f"- {statement}")

    st.subheader(t("disagree"), divider="gray")
    st.markdown(t("primary_rule"))
    alt = tables.shown(view.disagreements(data.query))
    if len(alt):
        st.dataframe(alt, hide_index=True, width="stretch", column_order=(
        "quarter", "research_firm", "provider", "used_pct", "used_source_url", "alternative_pct",
        "alternative_source_url", "notes"), column_config=view.headers(alt, lg) | {
            "used_pct": t("col_used"), "alternative_pct": t("col_alt"),
            "used_source_url": st.column_config.LinkColumn(t("col_used_src"), display_text=t("col_open")),
            "alternative_source_url": st.column_config.LinkColumn(t("col_alt_src"), display_text=t("col_open")),
        })

    st.subheader(t("changes"), divider="gray")
    st.markdown(t("changes_intro"))
    changed = tables.shown(view.changes(data.query))
    if len(changed):
        st.dataframe(changed, hide_index=True, width="stretch", key="data_changes",
                     column_order=view.display_order(changed),
                     column_config=view.headers(changed, lg) | {
                         "change_date": st.column_config.DateColumn(view.header("change_date", lg),
                                                                    format=i18n.date_column_format(lg)),
                         "source_url": st.column_config.LinkColumn(view.header("source_url", lg),
                                                                   display_text=r"https?://(?:www\.)?([^/]+)")})
    else:
        st.caption(t("changes_none"))

    st.subheader(t("primary.heading"), divider="gray")
    st.caption(t("primary.lead"))
    st.dataframe(view.primary_counts(data.query), hide_index=True, width="stretch", column_config={
        "table_name": t("primary.col_table"), "rows": t("primary.col_rows"),
        "primary_rows": t("primary.col_primary"), "secondary_rows": t("primary.col_secondary"),
        "unsourced_rows": t("primary.col_unsourced"),
        "primary_pct": st.column_config.ProgressColumn(t("primary.col_pct"), format="%d%%", min_value=0, max_value=100),
    })

    st.subheader(t("every_table"), divider="gray")
    links = LinkControls()
    cols = st.columns([1, 2])
    params = i18n.localise_params(view.params(data.query, lg), lg, "sources")
    values = {params[0].key: links.render(params[0], container=cols[0]),
              params[1].key: links.render(params[1], container=cols[1])}
    links.show_notice()
    table = values["table"]
    frame = view.rows(data.query, table, values["confidence"])
    st.caption(view.description(table, lg))
    if table not in view.FACT_TABLES:
        st.caption(t("reference"))
    left, right = st.columns([3, 1])
    left.markdown(t("rows", n=len(frame), table=table) + (t("rows_filtered") if table in view.FACT_TABLES else ""))
    right.download_button(t("download", n=len(frame)), view.csv_bytes(frame), file_name=f"{table}.csv",
                          mime="text/csv", icon=":material/download:", key="download_csv")
    table_shown = tables.shown(frame)
    config = view.headers(frame, lg)
    config |= {c: st.column_config.DateColumn(config[c], format=i18n.date_column_format(lg))
               for c in view.date_columns(table_shown)}
    config |= {c: st.column_config.LinkColumn(config[c], display_text=r"https?://(?:www\.)?([^/]+)")
               for c in view.link_columns(frame)}
    st.dataframe(table_shown, hide_index=True, width="stretch", column_order=view.display_order(frame),
                 column_config=config)

    st.subheader(t("take_all"), divider="gray")
    st.markdown(t("take_all_what"))
    st.button(t("zip_prepare"), key="data_zip_prepare", icon=":material/folder_zip:", on_click=dataexport.prepare)
    if failed := st.session_state.get("data_zip_error"):
        st.warning(t("zip_failed", why=text.md(failed)), icon=":material/error:")
    if zipped := st.session_state.get("data_zip"):
        st.download_button(t("zip_download", name=zipped[0], kb=len(zipped[1]) // 1024), zipped[1],
                           file_name=zipped[0], mime="application/zip", icon=":material/download:",
                           key="data_zip_download")

    st.subheader(t("how_sure"), divider="gray")
    values |= {"lang": lg}
    charts = data.charts_for(view, values, as_of)
    for c in charts:
        chart.show(c.figure, c.name)
    share_bar("sources", charts, values)
