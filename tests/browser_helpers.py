"""Small waits and probes for the Playwright tests, shared so each test reads as what it checks."""
from __future__ import annotations

import re

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


def _texts(page: Page, selector: str) -> list[str]:
    # One snapshot in the page: during a rerun old and new charts coexist for a moment, and a
    # locator list taken element by element can lose an element it counted a moment before.
    return page.eval_on_selector_all(selector, "els => els.map(e => e.textContent || '')")


def chart_titles(page: Page) -> list[str]:
    return _texts(page, '[data-testid="stPlotlyChart"] .gtitle')


def chart_footers(page: Page) -> list[str]:
    return [t for t in _texts(page, '[data-testid="stPlotlyChart"] .annotation-text') if t.startswith("Source:")]


def wait_charts(page: Page, timeout: float = 30000) -> int:
    """Wait until every Plotly chart on the page is painted; returns how many there are."""
    page.wait_for_function(
        "() => { const n = document.querySelectorAll('[data-testid=\"stPlotlyChart\"]').length;"
        " return n > 0 && document.querySelectorAll('" + CHART + "').length >= n; }", timeout=timeout)
    return page.locator('[data-testid="stPlotlyChart"]').count()


def full_screenshot(page: Page, path: str) -> None:
    """The whole page: Streamlit scrolls inside its own container, so grow the viewport to fit it first."""
    size = page.viewport_size or {"width": 1400, "height": 1000}
    height = page.evaluate("() => { const m = document.querySelector('[data-testid=\"stMain\"]');"
                           " return m ? m.scrollHeight : document.body.scrollHeight; }")
    painted = page.evaluate(PAINTED_JS)
    page.set_viewport_size({"width": size["width"], "height": min(max(size["height"], int(height) + 40), 12000)})
    wait_charts_fit(page, painted)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)


PAINTED_JS = "() => document.querySelectorAll('[data-testid=\"stPlotlyChart\"] .js-plotly-plot .main-svg').length"


def wait_charts_fit(page: Page, painted: int = 0, timeout: float = 10000) -> None:
    """After a viewport change: wait until at least `painted` charts are drawn again (a phone page grown to
    its full height redrew its first chart, and a screenshot caught it blank) and every Plotly chart has
    re-laid out to its container's width (a resize can add or drop the scroll bar), two frames since."""
    page.wait_for_function(
        """(painted) => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => {
            const plots = [...document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')];
            done(plots.filter(p => p.querySelector('.main-svg')).length >= painted && plots.every(p => {
              const svg = p.querySelector('.main-svg');
              return svg && Math.abs(svg.getBoundingClientRect().width - p.getBoundingClientRect().width) < 2;
            }));
        })))""", arg=painted, timeout=timeout)


def sidebar_links(page: Page) -> list[str]:
    """The page links a reader sees in the sidebar (visible ones; the text without the icon's name)."""
    return [(a.inner_text() or "").split("\n")[-1].strip()
            for a in page.locator('[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"]:visible').all()]


def view_choice(page: Page, label: str, chosen: bool | None = None):
    """The tab, or the button of a chart picker (Overlap, ui.linkstate.picker), named `label`;
    with `chosen=True` only if it is the one open."""
    tab, radio = '[role="tab"]', '[role="radio"]'
    if chosen:
        tab, radio = tab + '[aria-selected="true"]', radio + '[aria-checked="true"]'
    return page.locator(f'[data-testid="stMain"] :is({tab}, {radio})').filter(has_text=re.compile(
        rf"^\s*{re.escape(label)}\s*$"))
