"""Overview at /: the story in one screen, linking every page."""
import streamlit as st

from channel_conflict import i18n, text
from channel_conflict.charts.contracts import money_in
from channel_conflict.ui import chart, data, lang, layout, nav
from channel_conflict.ui.linkstate import LinkControls
from channel_conflict.ui.page import guarded
from channel_conflict.ui.share import share_bar
from channel_conflict.views import overview as view

lg = lang()
HEADLINE = layout.HEADLINE_FIGURES


def t(key: str, **kwargs) -> str:
    return i18n.t(f"overview.{key}", lg, **kwargs)


def day(value: str | None) -> str | None:
    return i18n.as_of(value, lg)


with guarded(t("what")):
    st.title(t("title"))
    LinkControls().show_notice()  # no controls here: a link's parameters are all unknown, and said so
    as_of = data.as_of()
    h = view.headline(data.query, lg)
    oq = h["open_question"]
    r = h["reported"]
    st.markdown(t("intro"))
    shown_as_of = i18n.as_of(as_of, lg)
    layout.headline_style()
    c1, c2, c3, c4 = st.container(key=HEADLINE).columns(list(view.CARD_WEIGHTS))
    c1.metric(t("m_counted"), money_in(h["counted_usd_bn"], lg), border=True, help=t("m_counted_help"))
    c1.caption(t("m_counted_cap", n=h["counted_deals"], more=h["undisclosed_deals"], as_of=shown_as_of))
    if r is not None:
        c2.metric(t("m_reported"), money_in(r.value, lg), border=True)
        c2.caption(t("m_reported_cap", notes=text.md(h["reported_note"]), period=text.md(i18n.period(r.period, lg)),
                     link=text.link(r.publisher, r.url), published=day(f"{r.published:%Y-%m-%d}")))
    c3.metric(t("m_partners"), h["partners"], border=True)
    c3.caption(t("m_partners_cap", as_of=shown_as_of))
    c4.metric(t("m_latest"), day(oq["latest"]) or t("none"), border=True)  # as the callout below writes it
    c4.caption(t("m_latest_cap"))

    st.warning(t("open_question", latest=day(oq["latest"]))
               + (t("last_word", link=text.link(oq["title"], oq["url"]), date=day(oq["date"])) if oq["date"] else ""),
               icon=":material/help:")
    if note := i18n.t("common.data_text_note", lg):  # empty where the data's own language is the page's
        st.caption(note)

    st.subheader(t("article.heading"), divider="gray")
    st.caption(t("article.lead"))
    for group in view.GROUPS:  # one line each, full width: a link's label is never cut short
        head, links = st.columns([1, 5], vertical_alignment="top")
        head.markdown(f"**{t(f'article.{group}')}**")
        with links:
            for point in (p for p in view.ARTICLE if p.group == group):
                st.page_link(point.page, label=t(f"article.{point.key}"), icon=":material/arrow_forward:",
                             query_params=view.link_params(point, lg), width="stretch")

    values = dict(("lang", v) for v in i18n.link_lang(lg))  # none in English: the charts' links stay bare
    charts = data.charts_for(view, values, as_of)
    # One under the other, each the full width: side by side at 1366 px, each chart's title, subtitle
    # and source line shrank to fit half the page (to ~11, 7 and 5 px).
    for c in charts[:2]:
        chart.show(c.figure, c.name)

    st.subheader(t("explore"))
    cols = st.columns(2)
    for i, p in enumerate(nav.PAGES[1:]):
        with cols[i % 2]:
            st.page_link(p.file, label=f"**{nav.title(p, lg)}**: {nav.blurb(p, lg)}", icon=p.icon)
    share_bar("overview", charts, values)
