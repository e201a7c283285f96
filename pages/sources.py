"""Sources: every table, every row's source link, date and confidence; CSV download; known gaps."""
import streamlit as st

from channel_conflict.ui import chart, data
from channel_conflict.ui.linkstate import LinkControls
from channel_conflict.ui.page import guarded
from channel_conflict.views import sources as view

with guarded("the Sources page"):
    as_of = data.as_of()
    st.title("Sources")
    st.markdown(f"Every figure in this dashboard comes from a row below, with the page it came from, that page's "
                f"date and how sure we are of it. **Data as of {as_of}** (the newest source in the file).")

    st.subheader("What we do not know yet", divider="gray")
    for _, statement, _open in view.gaps(data.query):
        st.markdown(f"- {statement}")

    st.subheader("Where sources disagree", divider="gray")
    st.markdown(view.PRIMARY_RULE)
    alt = view.disagreements(data.query)
    if len(alt):
        st.dataframe(alt, hide_index=True, width="stretch", column_order=(
        "quarter", "research_firm", "provider_id", "used_pct", "used_source_url", "alternative_pct",
        "alternative_source_url", "notes"), column_config={
            "used_pct": st.column_config.NumberColumn("Used, %"),
            "alternative_pct": st.column_config.NumberColumn("Alternative, %"),
            "used_source_url": st.column_config.LinkColumn("Source used", display_text="open"),
            "alternative_source_url": st.column_config.LinkColumn("Alternative's source", display_text="open"),
        })

    st.subheader("Every table, every row", divider="gray")
    links = LinkControls()
    cols = st.columns([1, 2])
    params = view.params(data.query)
    values = {params[0].key: links.render(params[0], container=cols[0]),
              params[1].key: links.render(params[1], container=cols[1])}
    links.show_notice()
    table = values["table"]
    frame = view.rows(data.query, table, values["confidence"])
    st.caption(view.DESCRIPTIONS.get(table, ""))
    if table not in view.FACT_TABLES:
        st.caption("A reference table: its rows carry no source or confidence of their own.")
    left, right = st.columns([3, 1])
    left.markdown(f"**{len(frame)} rows** of `{table}`"
                  + (" at the chosen confidence levels" if table in view.FACT_TABLES else ""))
    right.download_button(f"Download {len(frame)} rows as CSV", view.csv_bytes(frame), file_name=f"{table}.csv",
                          mime="text/csv", icon=":material/download:", key="download_csv")
    config = {c: st.column_config.DateColumn(c, format="YYYY-MM-DD") for c in view.date_columns(frame)}
    config |= {c: st.column_config.LinkColumn(c, display_text=r"https?://(?:www\.)?([^/]+)")
               for c in view.link_columns(frame)}
    st.dataframe(frame, hide_index=True, width="stretch", column_order=view.display_order(frame), column_config=config)

    st.subheader("How sure is each table", divider="gray")
    for c in view.charts_for(data.query, values, as_of):
        chart.show(c.figure, c.name)
