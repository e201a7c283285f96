"""Market: quarterly cloud-infrastructure market size and provider shares."""
import streamlit as st

from channel_conflict.ui import chart, data
from channel_conflict.ui.linkstate import LinkControls
from channel_conflict.ui.page import guarded
from channel_conflict.ui.share import share_bar
from channel_conflict.views import market as view

with guarded("the Market page"):
    st.title("The cloud market OpenAI buys from")
    links = LinkControls()
    values = links.render_all(view.params(data.query))
    links.show_notice()
    charts = view.charts_for(data.query, values, data.as_of())
    for c in charts:
        chart.show(c.figure, c.name)
    share_bar("market", charts, values)
