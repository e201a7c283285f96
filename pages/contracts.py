"""Contracts: OpenAI's compute deals, totals without double counting, spend per year,
each partner's exposure, and the partner-role matrix as of a date."""
import streamlit as st

from channel_conflict.ui import chart, data
from channel_conflict.ui.linkstate import LinkControls
from channel_conflict.ui.page import guarded
from channel_conflict.ui.share import share_bar
from channel_conflict.views import contracts as view

with guarded("the Contracts page"):
    st.title("OpenAI's compute deals, and what each partner is to OpenAI")
    as_of = data.as_of()
    h = view.headline(data.query)
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Counted commitments", view.fmt_bn(h["counted_usd_bn"]), border=True,
              help="Sum of the deals that count in totals and have a disclosed value; each deal counted once.")
    c1.caption(f"{h['counted_deals']} deals · contracts table · data as of {as_of}")
    if h["reported"] is not None:
        r = h["reported"]
        c2.metric("Reported total commitments", view.fmt_bn(r.value), border=True)
        c2.caption(f"{r.notes} ({r.period}) · Source: [{r.publisher}]({r.url}), {r.published:%Y-%m-%d} · {r.confidence}")
    c3.metric("Deals with undisclosed value", h["undisclosed_deals"], border=True)
    c3.caption("undisclosed, not zero: " + ", ".join(h["undisclosed_sellers"]))
    c4.metric("Deals left out of totals", len(h["excluded"]), border=True)
    c4.caption("to avoid double counting or counting money flowing into OpenAI")

    st.subheader("Who is what to OpenAI")
    st.caption("Investor, supplier, distributor and rival at once: move the date to see the roles pile up.")
    links = LinkControls()
    values = links.render_all(view.params(data.query))
    links.show_notice()
    charts = view.charts_for(data.query, values, as_of)
    chart.show(charts[0].figure, charts[0].name)

    st.subheader("The deals")
    for c in charts[1:3]:
        chart.show(c.figure, c.name)
    if len(h["excluded"]):
        st.markdown("**Left out of the totals, and why:**\n" + "\n".join(
            f"- **{r.seller}** `{r.contract_id}` ({view.fmt_bn(r.value_usd_bn)}): {r.reason}."
            for r in h["excluded"].itertuples()))
    for c in charts[3:]:
        chart.show(c.figure, c.name)

    with st.expander("Every deal, with its source"):
        deals = data.query("contracts_deals")
        table = deals.assign(
            value=[view.fmt_bn(v) for v in deals["value_usd_bn"]],
            counted=view.is_counted(deals),
        )[["seller", "contract_id", "announced", "start_year", "end_year", "value", "capacity_gw", "value_kind",
           "counted", "superseded_by", "confidence", "notes", "url"]]
        st.dataframe(table, hide_index=True, width="stretch", column_config={
            "url": st.column_config.LinkColumn("Source", display_text="open source"),
            "announced": st.column_config.DateColumn("Announced", format="YYYY-MM-DD"),
            "capacity_gw": st.column_config.NumberColumn("GW"),
            "value": st.column_config.TextColumn("Value (US$)"),
        })
    share_bar("contracts", charts, values)
