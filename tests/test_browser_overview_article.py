"""In Debian's Chromium: the overview's article list is clickable, and a link lands on the view it
names (page, tab and controls in the URL and on screen), without a 'Page not found' dialog."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .browser_helpers import (
    assert_no_exception,
    chart_titles,
    full_screenshot,
    open_page,
    view_choice,
    wait_charts,
    wait_idle,
)

SLOW = 30000


def test_overview_article_link_opens_the_scenario_it_names(page: Page, app_server, screenshots):
    open_page(page, app_server.url + "/")
    wait_charts(page)
    expect(page.get_by_text("Three things to watch", exact=True)).to_be_visible()
    full_screenshot(page, screenshots / "overview-article.png")
    page.get_by_role("link", name=re.compile("How direct compute sales are designed and priced")).click()
    expect(page).to_have_url(re.compile(r"/overlap\?.*rho=0\.2"), timeout=SLOW)
    wait_idle(page, SLOW)
    wait_charts(page)
    assert_no_exception(page)
    expect(page.get_by_text("Page not found")).to_have_count(0)
    expect(view_choice(page, "Market share", chosen=True)).to_be_visible(timeout=SLOW)
    assert any("share" in t.lower() for t in chart_titles(page)), chart_titles(page)
    expect(page.locator('[data-testid="stAlert"]', has_text="cannot show")).to_have_count(0)  # no bad-link notice


# Text an element shows past its own box (cut by an ellipsis or an overflow clip).
CUT_JS = """sel => [...document.querySelectorAll(sel)].filter(e => e.scrollWidth > e.clientWidth + 1)
  .map(e => [e.textContent.slice(0, 40), e.scrollWidth, e.clientWidth])"""


def test_overview_shows_its_figures_and_links_whole(page: Page, app_server):
    """At 1366 px in Chinese the headline figures ('7,304億美元', '2026年8月14日') fit their cards;
    at 390 px the article's lines and the Explore links wrap instead of being cut mid-word."""
    open_page(page, app_server.url + "/?lang=zh-TW")
    expect(page.locator('[data-testid="stMetricValue"]')).to_have_count(4)
    assert not page.evaluate(CUT_JS, '[data-testid="stMetricValue"] > div'), "a headline figure is cut"
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, app_server.url + "/")
    links = '[data-testid="stMain"] [data-testid="stPageLink-NavLink"] span'
    expect(page.locator(links).first).to_be_visible()
    assert page.locator(links).count() >= 14
    assert not page.evaluate(CUT_JS, links), "a link's label is cut"
