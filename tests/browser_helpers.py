"""Small waits and probes for the Playwright tests, shared so each test reads as what it checks."""
from __future__ import annotations

from playwright.sync_api import Page, expect

APP = '[data-testid="stApp"]'
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
CHART = '[data-testid="stPlotlyChart"] .js-plotly-plot .main-svg'


def wait_idle(page: Page, timeout: float = 15000) -> None:
    page.wait_for_selector(IDLE, timeout=timeout)


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    wait_idle(page)
    page.wait_for_load_state("networkidle")
    wait_idle(page)


def assert_no_exception(page: Page) -> None:
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    expect(page.get_by_text("Page not found")).to_have_count(0)


def chart_titles(page: Page) -> list[str]:
    return [t.text_content() or "" for t in page.locator('[data-testid="stPlotlyChart"] .gtitle').all()]


def chart_footers(page: Page) -> list[str]:
    return [t.text_content() or "" for t in page.locator('[data-testid="stPlotlyChart"] .annotation-text').all()
            if (t.text_content() or "").startswith("Source:")]
