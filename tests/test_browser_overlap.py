"""In Debian's Chromium: an Overlap slider moves the charts and the URL, and the link reopens the same view."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .browser_helpers import (
    assert_no_exception,
    chart_footers,
    chart_titles,
    full_screenshot,
    open_page,
    wait_charts,
    wait_idle,
)

SLOW = 30000


def test_overlap_slider_moves_chart_and_url_and_the_link_reopens_it(page: Page, app_server, screenshots):
    open_page(page, app_server.url + "/overlap")
    n = wait_charts(page, SLOW)
    assert n == 5
    assert_no_exception(page)
    titles = chart_titles(page)
    assert all("resale 10% · discount 15% · cannibalised 50% · enterprise-led · 2030" in t for t in titles)
    footers = chart_footers(page)
    assert len(footers) == 5 and all("Data as of" in f for f in footers)
    before_bars = page.locator('[data-testid="stPlotlyChart"]').nth(1).locator(".gtitle").text_content()

    slider = page.get_by_role("slider", name=re.compile("Resale share"))
    slider.focus()
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    wait_idle(page, SLOW)
    expect(page).to_have_url(re.compile(r"/overlap\?(.*&)?rho=0\.2\b"), timeout=SLOW)
    first = page.locator('[data-testid="stPlotlyChart"] .gtitle').first
    expect(first).to_contain_text("resale 20%", timeout=SLOW)
    wait_charts(page, SLOW)
    assert "resale 20%" in (page.locator('[data-testid="stPlotlyChart"]').nth(1).locator(".gtitle").text_content()
                            or "")
    assert before_bars != page.locator('[data-testid="stPlotlyChart"]').nth(1).locator(".gtitle").text_content()
    url = page.url

    page.goto("about:blank")
    open_page(page, url)
    wait_charts(page, SLOW)
    assert_no_exception(page)
    expect(page.get_by_role("slider", name=re.compile("Resale share"))).to_have_value("0.2")
    expect(page.locator('[data-testid="stPlotlyChart"] .gtitle').first).to_contain_text("resale 20%", timeout=SLOW)
    expect(page.get_by_text("This link asked for values")).to_have_count(0)
    full_screenshot(page, str(screenshots / "overlap-from-link.png"))
