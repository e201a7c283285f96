"""The dashboard's pages, in one list, without Streamlit.

Navigation (ui.nav), the chart packs (export.pack), the command line (export.cli), the bench and
the tests all read this list, so a page is added, renamed or given a pack here and nowhere else.
Titles and blurbs live in the language files under `nav.<key>.title` / `nav.<key>.blurb`; the
English `title` here is for logs, error messages and the CLI's help, which are English.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType

from . import i18n


@dataclass(frozen=True)
class PageSpec:
    key: str  # stable name: the view module, the i18n section, the CLI's --page
    file: str  # the Streamlit script, relative to the project root
    url_path: str  # "" for the landing page at /
    icon: str
    title: str  # English, for messages outside the app
    blurb: str
    view: str  # module under channel_conflict.views: params(q) and charts_for(q, values, as_of)
    share: bool = True  # the page draws the share bar (link, PNG/SVG/CSV and the chart pack)
    pack: bool = True  # `python -m channel_conflict export --page <key>` writes its chart pack

    @property
    def view_module(self) -> str:
        return f"channel_conflict.views.{self.view}"


def _page(key: str, url_path: str, icon: str, title: str, blurb: str, **kw) -> PageSpec:
    return PageSpec(key, f"pages/{key}.py", url_path, icon, title, blurb, view=key, **kw)


PAGES: tuple[PageSpec, ...] = (
    _page("overview", "", ":material/home:", "Overview", "The story in one screen"),
    _page("market", "market", ":material/monitoring:", "Market", "Cloud market size and provider shares"),
    _page("contracts", "contracts", ":material/handshake:", "Contracts",
          "OpenAI's compute deals and each partner's roles"),
    _page("overlap", "overlap", ":material/join_inner:", "Overlap",
          "The channel-conflict model, with scenario sliders"),
    _page("capital", "capital", ":material/account_balance:", "Capital",
          "Financing, depreciation and the cost of a GPU-hour"),
    _page("timeline", "timeline", ":material/timeline:", "Timeline", "Events from 2024 to now"),
    _page("sources", "sources", ":material/menu_book:", "Sources", "Every row's source, date and confidence"),
)
BY_KEY: dict[str, PageSpec] = {p.key: p for p in PAGES}
# Link parameters every page accepts that are not page controls (Streamlit's embed options, the
# language): the app's link check (ui.linkstate) and the CLI (export.cli) do not report them as unknown.
GLOBAL_KEYS: frozenset[str] = frozenset({"embed", "embed_options", "lang"})
KEYS: tuple[str, ...] = tuple(BY_KEY)
LANDING = PAGES[0]


class UnknownPage(KeyError):
    pass


def page_key(page: str) -> str:
    """Normalise a page name: key, url path, title, or '' / '/' for the landing page."""
    key = page.strip().strip("/").lower()
    if not key:
        return LANDING.key
    return next((p.key for p in PAGES if key in (p.key, p.url_path, p.title.lower())), key)


def get(page: str) -> PageSpec:
    key = page_key(page)
    if key not in BY_KEY:
        raise UnknownPage(f"Unknown page {page!r}. Pages: {', '.join(KEYS)}.")
    return BY_KEY[key]


def title(p: PageSpec, lang: str = i18n.DEFAULT) -> str:
    return i18n.t(f"nav.{p.key}.title", lang)


def blurb(p: PageSpec, lang: str = i18n.DEFAULT) -> str:
    return i18n.t(f"nav.{p.key}.blurb", lang)


def view(p: PageSpec) -> ModuleType:
    """The page's view module (imported on first use: the CLI only loads the page it exports)."""
    return importlib.import_module(p.view_module)
