"""Overview at /: the story in one screen, linking every page."""
import streamlit as st

from channel_conflict.ui import chart, data, nav
from channel_conflict.ui.linkstate import LinkControls
from channel_conflict.ui.page import guarded
from channel_conflict.ui.share import share_bar
from channel_conflict.views import overview as view

with guarded("the overview"):
    st.title("If OpenAI sells compute, its suppliers become its rivals")
    LinkControls().show_notice()  # no controls here: a link's parameters are all unknown, and said so
    as_of = data.as_of()
    h = view.headline(data.query)
    oq = h["open_question"]
    r = h["reported"]
    st.markdown(
        "OpenAI has signed long take-or-pay compute contracts with Microsoft, Oracle, AWS, CoreWeave, Google Cloud "
        "and the chipmakers, and several of those partners are also its investors, distributors and rivals. "
        "In November 2025 Sam Altman said OpenAI is looking at selling compute directly: an \"AI cloud\" would "
        "compete with the very clouds it buys from. This dashboard sizes that collision."
    )
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Counted commitments", view.money(h["counted_usd_bn"]), border=True,
              help="Deals that count in totals with a disclosed value, each counted once (see Contracts).")
    c1.caption(f"{h['counted_deals']} deals, no double counting; {h['undisclosed_deals']} more undisclosed · "
               f"data as of {as_of}")
    if r is not None:
        c2.metric("Reported commitments", view.money(r.value), border=True)
        c2.caption(f"{r.notes} ({r.period}) · Source: [{r.publisher}]({r.url}), {r.published:%Y-%m-%d}")
    c3.metric("Partners with compute deals", h["partners"], border=True)
    c3.caption(f"clouds, neoclouds and chipmakers (the Stargate JV not counted as one) · as of {as_of}")
    c4.metric("Latest sourced event", oq["latest"] or "none", border=True)
    c4.caption("the data runs to this date; see Timeline")

    st.warning(f"**The open question:** as of the latest sourced event ({oq['latest']}), whether OpenAI has begun "
               "selling raw compute is **unknown**."
               + (f" The last word in the data: [{oq['title']}]({oq['url']}) ({oq['date']})." if oq["date"] else ""),
               icon=":material/help:")

    charts = view.charts_for(data.query, {}, as_of)
    left, right = st.columns(2)
    with left:
        chart.show(charts[0].figure, charts[0].name)
    with right:
        chart.show(charts[1].figure, charts[1].name)

    st.subheader("Explore")
    cols = st.columns(2)
    for i, p in enumerate(nav.PAGES[1:]):
        with cols[i % 2]:
            st.page_link(p.file, label=f"**{p.title}**: {p.blurb}", icon=p.icon)
    share_bar("overview", charts, {})
