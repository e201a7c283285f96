"""In Debian's Chromium: every page opens with ?lang=zh-TW in Traditional Chinese, the sidebar's
language switch writes `lang=zh-TW` into the URL (and keeps it across pages), and a full-page
screenshot of each page is saved as <page>-zh-TW.png to look at for missing glyphs and clipping."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .browser_helpers import assert_no_exception, chart_titles, full_screenshot, open_page, wait_charts, wait_idle

CJK = re.compile(r"[\u3400-\u9fff]")
PAGES = ["overview", "market", "contracts", "overlap", "capital", "timeline", "sources"]
TRANSLATED = set(PAGES)


def h1(page: Page) -> str:
    return page.locator('[data-testid="stMain"] h1').first.inner_text()


@pytest.mark.parametrize("name", PAGES)
def test_page_in_chinese(page: Page, app_server, screenshots, name):
    path = "" if name == "overview" else name
    open_page(page, f"{app_server.url}/{path}?lang=zh-TW")
    wait_charts(page)
    assert_no_exception(page)
    assert "lang=zh-TW" in page.url
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_role("link", name="總覽")).to_be_visible()
    if name in TRANSLATED:
        assert CJK.search(h1(page)), h1(page)
        titles = chart_titles(page)
        assert titles and all(CJK.search(t) for t in titles), titles
    full_screenshot(page, str(screenshots / f"{name}-zh-TW.png"))


def test_language_switch_changes_the_url_and_follows_the_reader(page: Page, app_server):
    open_page(page, app_server.url + "/market")
    wait_charts(page)
    assert not CJK.search(h1(page))
    page.locator('[data-testid="stSidebar"]').get_by_text("繁體中文", exact=True).click()
    wait_idle(page)
    page.wait_for_url(re.compile(r"lang=zh-TW"))
    page.wait_for_function("() => /[\\u3400-\\u9fff]/.test(document.querySelector('[data-testid=\"stMain\"] h1')"
                           ".textContent)")
    wait_charts(page)
    page.wait_for_function("() => { const t = Array.from(document.querySelectorAll("
                           "'[data-testid=\"stPlotlyChart\"] .gtitle'));"
                           " return t.length > 0 && t.every(e => /[\u3400-\u9fff]/.test(e.textContent)); }")
    assert all(CJK.search(t) for t in chart_titles(page))
    # to another page by the sidebar: still Chinese, still in the URL
    page.locator('[data-testid="stSidebar"]').get_by_role("link", name="資料來源").click()
    page.wait_for_url(re.compile(r"/sources"))
    wait_idle(page)
    page.wait_for_url(re.compile(r"lang=zh-TW"))
    expect(page.locator('[data-testid="stMain"] h1').first).to_have_text("資料來源")
    # and back to English: the parameter leaves the URL
    page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
    wait_idle(page)
    page.wait_for_function("() => !location.search.includes('lang=')")
    expect(page.locator('[data-testid="stMain"] h1').first).to_have_text("Sources")
    assert_no_exception(page)


def test_unknown_language_in_a_link_falls_back_to_english(page: Page, app_server):
    open_page(page, app_server.url + "/market?lang=xx")
    wait_charts(page)
    assert_no_exception(page)
    expect(page.get_by_text("which the dashboard does not have")).to_be_visible()
    assert not CJK.search(h1(page))
