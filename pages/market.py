"""Market: quarterly cloud-infrastructure market size and provider shares."""
import streamlit as st

from channel_conflict.charts import market as charts
from channel_conflict.ui import chart, data
from channel_conflict.ui.linkstate import LinkControls
from channel_conflict.ui.page import guarded

with guarded("the Market page"):
    st.title("The cloud market OpenAI buys from")
    notice = st.empty()
    firms = data.query("research_firms")["research_firm"].tolist()
    links = LinkControls(notice)
    firm = links.segmented_control("Research firm", "firm", options=firms, default=firms[0], required=True,
                                   help="The two firms measure differently: never mix them in one series.")
    links.show_notice()
    shares = data.query("market_share", firm=firm)
    size = data.query("market_size", firm=firm)
    as_of = data.as_of()
    chart.show(charts.share_lines(shares, data.provider_colors(), firm, as_of), f"market-share-{firm}")
    chart.show(charts.size_bars(size, firm, as_of), f"market-size-{firm}")
