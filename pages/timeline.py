"""Timeline: events from 2024 on, filterable by actor and category, each linked to its source."""
import streamlit as st

from channel_conflict.ui import chart, data
from channel_conflict.ui.linkstate import LinkControls
from channel_conflict.ui.page import guarded
from channel_conflict.ui.share import share_bar
from channel_conflict.views import timeline as view

with guarded("the Timeline page"):
    st.title("From partner to rival: the events since 2024")
    oq = view.open_question(data.query)
    if oq["latest"]:
        said = (f" The last word on it in the data: [{oq['title']}]({oq['url']}) ({oq['date']}, {oq['publisher']})."
                if oq["date"] else "")
        st.warning(f"**Still unknown as of the latest sourced event ({oq['latest']}): whether OpenAI has begun "
                   f"selling raw compute.**{said}", icon=":material/help:")
    links = LinkControls()
    c1, c2 = st.columns([2, 3])
    params = view.params(data.query)
    values = {params[0].key: links.render(params[0], c1), params[1].key: links.render(params[1], c2)}
    links.show_notice()
    charts = view.charts_for(data.query, values, data.as_of())
    for c in charts:
        chart.show(c.figure, c.name)

    ev = view.filtered(data.query, values)
    st.subheader(f"{len(ev)} events, each with its source")
    st.dataframe(
        ev[["event_date", "actor", "category", "title", "description", "confidence", "url"]],
        hide_index=True, width="stretch",
        column_config={
            "event_date": st.column_config.DateColumn("Date", format="YYYY-MM-DD"),
            "actor": "Actor", "category": "Category", "title": "Event", "confidence": "Confidence",
            "url": st.column_config.LinkColumn("Source", display_text="open source"),
            "description": st.column_config.TextColumn("What happened", width="large"),
        },
    )
    share_bar("timeline", charts, values)
