"""In Debian's Chromium: the app opens and paints the market chart with its footer."""
from __future__ import annotations

from playwright.sync_api import Page, expect

from .browser_helpers import CHART, assert_no_exception, chart_footers, chart_titles, open_page


def test_market_page_paints_share_chart(page: Page, app_server, screenshots):
    open_page(page, app_server.url + "/market")
    expect(page.locator(CHART).first).to_be_visible(timeout=15000)
    assert_no_exception(page)
    assert any("of cloud infrastructure spend in" in t for t in chart_titles(page))
    assert all("Data as of" in f for f in chart_footers(page)) and chart_footers(page)
    page.screenshot(path=str(screenshots / "market.png"), full_page=True)


def test_landing_page_at_root(page: Page, app_server, screenshots):
    open_page(page, app_server.url + "/")
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="If OpenAI sells compute")).to_be_visible()
    page.screenshot(path=str(screenshots / "overview.png"), full_page=True)
