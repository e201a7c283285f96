"""Market: quarterly cloud-infrastructure market size and provider shares."""
import streamlit as st

from channel_conflict import i18n, text
from channel_conflict.ui import chart, data, lang
from channel_conflict.ui.linkstate import LinkControls
from channel_conflict.ui.page import guarded
from channel_conflict.ui.share import share_bar
from channel_conflict.views import market as view

lg = lang()


def t(key: str, **kwargs) -> str:
    return i18n.t(f"market.{key}", lg, **kwargs)


with guarded(t("what")):
    st.title(t("title"))
    st.markdown(t("intro"))
    links = LinkControls()
    values = links.render_all(i18n.localise_params(view.params(data.query), lg, "market")) | {"lang": lg}
    links.show_notice()
    firm = values["firm"]

    cols = st.columns(3)
    src = i18n.labelled(i18n.t("common.source", lg), "", lg)
    for col, k in zip(cols, view.kpis(data.query, firm, lg), strict=False):
        with col:
            st.metric(t("kpi_label", label=k["label"], quarter=text.md(k["quarter"])), k["value"],
                      help=text.md(k["note"]) if k["note"] else None, border=True)
            # Notes, publishers and quarters are DB text: inert in markdown (channel_conflict.text).
            st.caption(f"{text.md(k['note']) + ' · ' if k['note'] else ''}{src}{text.md(k['source'])} · "
                       f"{text.md(k['quarter'])}{' · ' + text.md(k['confidence']) if k['confidence'] else ''}")

    if inner := view.share_gaps(data.query, firm):
        st.info(t("gap_info", firm=text.md(firm), quarters=text.md(i18n.join(inner, lg))), icon=":material/info:")

    charts = data.charts_for(view, values, data.as_of())
    for c in charts:
        chart.show(c.figure, c.name)
    share_bar("market", charts, values)
