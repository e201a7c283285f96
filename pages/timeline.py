"""Timeline: events from 2024 on, filterable by actor and category, each linked to its source."""
import streamlit as st

from channel_conflict import i18n, text
from channel_conflict.ui import chart, data, lang, layout
from channel_conflict.ui.linkstate import LinkControls
from channel_conflict.ui.page import guarded
from channel_conflict.ui.share import share_bar
from channel_conflict.views import timeline as view

lg = lang()


def t(key: str, **kwargs) -> str:
    return i18n.t(f"timeline.{key}", lg, **kwargs)


def day(value: str | None) -> str | None:
    return i18n.as_of(value, lg)


with guarded(t("what")):
    st.title(t("title"))
    oq = view.open_question(data.query)
    if oq["latest"]:
        said = (t("said", link=text.link(oq["title"], oq["url"]), date=day(oq["date"]),
                  publisher=text.md(oq["publisher"]))
                if oq["date"] else "")
        st.warning(t("unknown", latest=day(oq["latest"]), said=said), icon=":material/help:")
    if note := i18n.t("common.data_text_note", lg):  # empty where the data's own language is the page's
        st.caption(note)
    links = LinkControls()
    c1, c2 = st.columns([2, 3])
    params = i18n.localise_params(view.params(data.query, lg), lg, "timeline")
    layout.wrapped_pills_style()  # the category pills wrap at phone width (ui.layout)
    values = {params[0].key: links.render(params[0], c1), params[1].key: links.render(params[1], c2), "lang": lg}
    links.show_notice()
    charts = data.charts_for(view, values, data.as_of())
    for c in charts:
        chart.show(c.figure, c.name)

    ev = view.localised(view.filtered(data.query, values), lg)
    st.subheader(t("n_events", n=len(ev)))
    st.dataframe(
        ev[["event_date", "actor", "category", "title", "description", "confidence", "url"]],
        hide_index=True, width="stretch",
        column_config={
            "event_date": st.column_config.DateColumn(t("col_date"), format=i18n.date_column_format(lg)),
            "actor": t("col_actor"), "category": t("col_category"), "title": t("col_event"),
            "confidence": t("col_confidence"),
            "url": st.column_config.LinkColumn(t("col_source"), display_text=t("col_open")),
            "description": st.column_config.TextColumn(t("col_what"), width="large"),
        },
    )
    share_bar("timeline", charts, values)
