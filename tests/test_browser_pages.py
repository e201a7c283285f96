"""In Debian's Chromium: Overview, Market, Contracts and Timeline open by deep link, paint every
chart with its footer, keep their controls in the URL, and show each page once in the sidebar."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from channel_conflict.ui import nav

from .browser_helpers import (
    assert_no_exception,
    chart_footers,
    chart_titles,
    full_screenshot,
    open_page,
    sidebar_links,
    wait_charts,
    wait_idle,
)


def check_page(page: Page, url: str) -> int:
    open_page(page, url)
    n = wait_charts(page)
    assert_no_exception(page)
    footers = chart_footers(page)
    assert len(footers) == n and all("Data as of" in f for f in footers)
    links = sidebar_links(page)
    assert sorted(links) == sorted(p.title for p in nav.PAGES), links  # each page once, no stray entry
    width = page.evaluate(
        "() => document.querySelector('[data-testid=\"stMainBlockContainer\"]').getBoundingClientRect().width")
    assert width > 900, f"layout is not wide ({width}px)"
    return n


def reopen(page: Page, url: str) -> None:
    page.goto("about:blank")
    open_page(page, url)
    wait_charts(page)


def change_firm(page: Page) -> str:
    page.get_by_text("Canalys", exact=True).first.click()
    wait_idle(page)
    page.wait_for_url(re.compile(r"firm=Canalys"))
    page.wait_for_function("() => Array.from(document.querySelectorAll('[data-testid=\"stPlotlyChart\"] .gtitle'))"
                           ".some(t => t.textContent.includes('(Canalys)'))")
    return "Canalys"


def change_role_date(page: Page) -> str:
    slider = page.get_by_role("slider").first
    slider.focus()
    for _ in range(3):
        slider.press("ArrowLeft")
    wait_idle(page)
    page.wait_for_url(re.compile(r"as_of=\d{4}-\d{2}-\d{2}"))
    return "On " + re.search(r"as_of=(\d{4}-\d{2}-\d{2})", page.url).group(1)


def drop_category(page: Page) -> str:
    before = next(t for t in chart_titles(page) if "event" in t)
    page.get_by_role("button", name="contract", exact=True).click()
    wait_idle(page)
    page.wait_for_url(re.compile(r"category="))
    page.wait_for_function("(b) => Array.from(document.querySelectorAll('[data-testid=\"stPlotlyChart\"] .gtitle'))"
                           ".some(t => t.textContent.includes('event') && t.textContent !== b)", arg=before)
    after = next(t for t in chart_titles(page) if "event" in t)
    assert int(after.split()[0]) < int(before.split()[0])
    return after.split(" from ")[0]


@pytest.mark.parametrize(("path", "change"), [("/", None), ("/market", change_firm),
                                              ("/contracts", change_role_date), ("/timeline", drop_category)])
def test_page_by_deep_link(page: Page, app_server, screenshots, path, change):
    """Deep link: no error, every chart painted with its footer, wide layout, one sidebar entry per page,
    a full-page screenshot; then a control change reaches the URL and reopening that URL restores it."""
    check_page(page, app_server.url + path)
    full_screenshot(page, str(screenshots / f"page-{path.strip('/') or 'overview'}.png"))
    if change is None:
        return
    expected = change(page)
    url = page.url
    reopen(page, url)
    assert_no_exception(page)
    page.wait_for_function("(x) => Array.from(document.querySelectorAll('[data-testid=\"stPlotlyChart\"] .gtitle'))"
                           ".some(t => t.textContent.includes(x))", arg=expected, timeout=20000)
    assert any(expected in t for t in chart_titles(page)), (expected, chart_titles(page))
