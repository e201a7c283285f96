"""Market: quarterly cloud-infrastructure market size and provider shares."""
import streamlit as st

from channel_conflict.ui import chart, data
from channel_conflict.ui.linkstate import LinkControls
from channel_conflict.ui.page import guarded
from channel_conflict.ui.share import share_bar
from channel_conflict.views import market as view

with guarded("the Market page"):
    st.title("The cloud market OpenAI buys from")
    st.markdown("Three hyperscalers hold about two thirds of cloud infrastructure spend. Oracle, OpenAI's biggest "
                "single supplier by contract value, has a few percent; the GPU neoclouds such as CoreWeave are not "
                "even broken out by the research firms.")
    links = LinkControls()
    values = links.render_all(view.params(data.query))
    links.show_notice()
    firm = values["firm"]

    cols = st.columns(3)
    for col, k in zip(cols, view.kpis(data.query, firm), strict=False):
        with col:
            st.metric(f"{k['label']}, {k['quarter']}", k["value"], help=k["note"] or None, border=True)
            st.caption(f"{k['note'] + ' · ' if k['note'] else ''}Source: {k['source']} · {k['quarter']}"
                       f"{' · ' + k['confidence'] if k['confidence'] else ''}")

    known = data.query("market_quarters", firm=firm)
    with_share = sorted(known.loc[known["has_share"], "quarter"])
    inner = [x for x in view.quarters(data.query, firm) if with_share and with_share[0] < x < with_share[-1]
             and x not in with_share]
    if inner:
        st.info(f"No {firm} provider shares are in the data for {', '.join(inner)}: the charts leave "
                "that quarter as a shaded gap rather than joining the lines across it.", icon=":material/info:")

    charts = view.charts_for(data.query, values, data.as_of())
    for c in charts:
        chart.show(c.figure, c.name)
    share_bar("market", charts, values)
