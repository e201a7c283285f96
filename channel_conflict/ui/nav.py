"""The app's pages, their URL paths and the sidebar that links them.

Streamlit's automatic sidebar nav is hidden: with a folder called pages/ it can show a stray
entry after a deep link. We draw our own from this one list instead.
"""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from .. import i18n
from . import language


@dataclass(frozen=True)
class PageSpec:
    file: str
    title: str
    url_path: str  # "" for the landing page at /
    icon: str
    blurb: str


PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/overview.py", "Overview", "", ":material/home:",
             "The story in one screen"),
    PageSpec("pages/market.py", "Market", "market", ":material/monitoring:",
             "Cloud market size and provider shares"),
    PageSpec("pages/contracts.py", "Contracts", "contracts", ":material/handshake:",
             "OpenAI's compute deals and each partner's roles"),
    PageSpec("pages/overlap.py", "Overlap", "overlap", ":material/join_inner:",
             "The channel-conflict model, with scenario sliders"),
    PageSpec("pages/capital.py", "Capital", "capital", ":material/account_balance:",
             "Financing, depreciation and the cost of a GPU-hour"),
    PageSpec("pages/timeline.py", "Timeline", "timeline", ":material/timeline:",
             "Events from 2024 to now"),
    PageSpec("pages/sources.py", "Sources", "sources", ":material/menu_book:",
             "Every row's source, date and confidence"),
)


def title(p: PageSpec, lang: str = i18n.DEFAULT) -> str:
    return i18n.t(f"nav.{p.url_path or 'overview'}.title", lang)


def blurb(p: PageSpec, lang: str = i18n.DEFAULT) -> str:
    return i18n.t(f"nav.{p.url_path or 'overview'}.blurb", lang)


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
