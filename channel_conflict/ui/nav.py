"""The app's sidebar and Streamlit pages, drawn from the page registry (channel_conflict.registry).

Streamlit's automatic sidebar nav is hidden: with a folder called pages/ it can show a stray
entry after a deep link. We draw our own from the registry's one list instead.
"""
from __future__ import annotations

import streamlit as st

from .. import i18n
from ..registry import PAGES, PageSpec, blurb, title
from . import language

__all__ = ["PAGES", "PageSpec", "blurb", "sidebar", "streamlit_pages", "title"]


def streamlit_pages() -> list:
    lang = language.sync()  # first thing each run: the language the URL asks for
    return [
        st.Page(p.file, title=title(p, lang), icon=p.icon, url_path=p.url_path or None, default=p.url_path == "")
        for p in PAGES
    ]


def sidebar() -> None:
    """Our page list in the sidebar; nothing in an embed (`?embed=true`), so embeds have no sidebar."""
    if st.context.is_embedded:
        return
    lang = language.current()
    with st.sidebar:
        st.markdown("### " + i18n.t("nav.heading", lang))
        st.caption(i18n.t("nav.tagline", lang))
        for p in PAGES:
            st.page_link(p.file, label=title(p, lang), icon=p.icon, help=blurb(p, lang))
        language.control()
