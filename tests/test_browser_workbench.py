"""In Debian's Chromium: the workbench on one screen at 1366x768, a phone layout at 390 px with
nothing clipped or overprinted, and every page's copied link reopening the same view (tab included).
Screenshots of every page at both sizes go to test-artifacts/screenshots/."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from channel_conflict.ui import layout, nav

from .browser_helpers import (
    assert_no_exception,
    chart_titles,
    full_screenshot,
    view_choice,
    wait_charts,
    wait_idle,
)

SLOW = 30000
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
MIN_CHART_PX = 300
PAGES = [p.url_path for p in nav.PAGES]

# How far each page's chart is in view once the slider moved is scrolled into view: the part of the
# pinned chart between Streamlit's header and the bottom of the window.
VISIBLE = """([sel, header]) => {
  const el = document.querySelector(sel);
  if (!el) return -1;
  const r = el.getBoundingClientRect();
  return Math.min(r.bottom, window.innerHeight) - Math.max(r.top, header);
}"""

# Text boxes inside every chart's SVG that overlap another (ticks, legend, labels, title, footer),
# and titles that run past the chart's right edge.
TEXT_CLASHES = """() => {
  const out = [];
  document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot').forEach((plot, i) => {
    const svg = plot.querySelector('.main-svg').getBoundingClientRect();
    const title = plot.querySelector('.gtitle');
    const name = title ? title.textContent.slice(0, 50) : `chart ${i}`;
    if (title) {
      const t = title.getBoundingClientRect();
      if (t.right > svg.right + 1 || t.left < svg.left - 1) out.push(`${name}: title clipped`);
    }
    const boxes = [];
    plot.querySelectorAll('text').forEach((el) => {
      if (!el.textContent.trim() || el.closest('.hoverlayer') || el.closest('.modebar')) return;
      // A rotated label's upright bounding box overlaps its neighbour's although the glyphs do not.
      if ((el.getAttribute('transform') || '').includes('rotate')) return;
      const r = el.getBoundingClientRect();
      if (r.width < 1 || r.height < 1) return;
      boxes.push([el.textContent.trim().slice(0, 30), r]);
    });
    for (let a = 0; a < boxes.length; a++) for (let b = a + 1; b < boxes.length; b++) {
      const [ta, ra] = boxes[a], [tb, rb] = boxes[b];
      const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
      const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
      if (w > 2 && h > 2) out.push(`${name}: "${ta}" over "${tb}"`);
    }
  });
  return out;
}"""

CLIPPED_LABELS = """() => Array.from(document.querySelectorAll(
    '[data-testid="stMain"] button p, [data-testid="stMain"] h1'))
  .filter((el) => el.offsetParent && el.scrollWidth > el.clientWidth + 1).map((el) => el.textContent)"""


def _open(page: Page, url: str) -> None:
    """open_page with room for a cold server on a busy machine (the first load compiles every import)."""
    page.goto(url, timeout=60000)
    wait_idle(page, 2 * SLOW)
    page.wait_for_load_state("networkidle")
    wait_idle(page, SLOW)


def _shot(page: Page, screenshots, name: str) -> None:
    page.screenshot(path=str(screenshots / f"{name}.png"))


def test_overlap_every_slider_beside_300px_of_chart_at_1366(page: Page, app_server, screenshots):
    page.set_viewport_size(LAPTOP)
    _open(page, app_server.url + "/overlap")
    wait_charts(page, SLOW)
    assert_no_exception(page)
    assert page.evaluate(CLIPPED_LABELS) == [], "preset and button labels fit their buttons"
    header = page.evaluate("() => { const h = document.querySelector('[data-testid=\"stHeader\"]');"
                           " return h ? h.getBoundingClientRect().bottom : 0; }")
    chart = f".st-key-{layout.PINNED} [data-testid='stPlotlyChart']"
    sliders = page.locator(f".st-key-{layout.CONTROLS} [data-testid='stSlider']")
    page.wait_for_function(  # strategy, target weights, protection: every slider of the page is drawn
        f"() => document.querySelectorAll(\".st-key-{layout.CONTROLS} [data-testid='stSlider']\").length >= 16",
        timeout=SLOW)
    n = sliders.count()
    short = []
    for i in range(n):
        s = sliders.nth(i)
        s.evaluate("el => el.scrollIntoView({block: 'nearest'})")  # as a reader scrolls to it
        box = s.bounding_box()
        assert (box and header <= box["y"]
                and box["y"] + box["height"] <= LAPTOP["height"] + 1), f"slider {i} not in view"
        seen = page.evaluate(VISIBLE, [chart, header])
        if seen < MIN_CHART_PX:
            short.append((s.inner_text().split("\n")[0], round(seen)))
        if i in (0, n - 1):
            _shot(page, screenshots, f"overlap-1366-slider-{i}")
    assert short == [], f"chart less than {MIN_CHART_PX}px in view beside these sliders: {short}"
    # Moving the last slider (scrolled furthest down) repaints the chart still in view.
    before = chart_titles(page)[0]
    s = sliders.nth(n - 1).get_by_role("slider")
    s.focus()
    page.keyboard.press("ArrowLeft" if s.input_value() != s.get_attribute("min") else "ArrowRight")
    wait_idle(page, SLOW)
    expect(page.locator(chart + " .gtitle").first).not_to_have_text(before, timeout=SLOW)
    assert page.evaluate(VISIBLE, [chart, header]) >= MIN_CHART_PX


# Text of a chart under its toolbar (shown while the mouse is over the chart).
UNDER_TOOLBAR = """(plot) => {
  const bar = plot.querySelector('.modebar');
  if (!bar || !bar.getBoundingClientRect().width) return null;
  const b = bar.getBoundingClientRect();
  return Array.from(plot.querySelectorAll('.main-svg text')).filter((el) => {
    if (!el.textContent.trim() || el.closest('.hoverlayer')) return false;
    const r = el.getBoundingClientRect();
    return Math.min(r.right, b.right) - Math.max(r.left, b.left) > 1
      && Math.min(r.bottom, b.bottom) - Math.max(r.top, b.top) > 1;
  }).map((el) => el.textContent.slice(0, 40));
}"""


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_the_chart_toolbar_covers_no_text_while_hovered(page: Page, app_server, lang):
    """A review found the toolbar (at the bottom right, away from the titles) over the end of the
    footer's last line while the mouse was on the chart; finish() now leaves it a strip of its own."""
    page.set_viewport_size(LAPTOP)
    from urllib.parse import quote

    from channel_conflict import i18n
    from channel_conflict.views import overlap

    label = i18n.t(overlap.CHART_LABELS["overlap-net-projection"], lang)
    _open(page, app_server.url + f"/overlap?lang={lang}&chart={quote(label)}")
    wait_charts(page, SLOW)
    plot = page.locator(f".st-key-{layout.PINNED} [data-testid='stPlotlyChart'] .js-plotly-plot").first
    plot.locator(".nsewdrag").first.hover()
    page.wait_for_function(f"(p) => ({UNDER_TOOLBAR})(p) !== null", arg=plot.element_handle(), timeout=SLOW)
    assert plot.evaluate(UNDER_TOOLBAR) == []


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "overview")
def test_phone_one_column_nothing_clipped_or_overprinted(page: Page, app_server, screenshots, path):
    page.set_viewport_size(PHONE)
    _open(page, app_server.url + "/" + path)
    wait_charts(page, SLOW)
    assert_no_exception(page)
    page.wait_for_function("() => document.fonts.status === 'loaded'")
    full_screenshot(page, str(screenshots / f"{path or 'overview'}-390.png"))
    width = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollWidth")
    assert width <= PHONE["width"], "one column: nothing wider than the phone"
    # every chart wider than the phone sits in a box whose scroll bar is coloured, not Streamlit's
    # transparent-until-hovered one (the cue to swipe; headless Chromium hides bars, so the style is read)
    bars = page.evaluate(f"""() => Array.from(document.querySelectorAll('{layout.CHART_SCROLLER}'))
        .filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => getComputedStyle(el).scrollbarColor)""")
    assert bars and set(bars) == {"rgb(154, 161, 169) rgb(238, 240, 242)"}, bars
    if path in ("", "overlap", "contracts"):
        assert page.evaluate(CLIPPED_LABELS) == []
        assert page.evaluate(TEXT_CLASHES) == []


CHANGES = {  # one non-default control per page (and the open tab on /overlap)
    "": "",
    "market": "firm=Canalys",
    "contracts": "as_of=2025-03-10",
    "overlap": "rho=0.3&chart=Net+over+the+years",
    "capital": "debt_pct=70",
    "timeline": "actor=Oracle",
    "sources": "table=events",
}


def test_every_pages_copied_link_reopens_the_same_view(page: Page, app_server, screenshots):
    page.set_viewport_size(LAPTOP)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_server.url)
    other = page.context.new_page()
    other.set_viewport_size(LAPTOP)
    for path in PAGES:
        query = CHANGES[path]
        url = app_server.url + "/" + path + (f"?{query}" if query else "")
        _open(page, url)
        wait_charts(page, SLOW)
        assert_no_exception(page)
        _shot(page, screenshots, f"{path or 'overview'}-1366")
        button = page.get_by_role("button", name="Copy link")
        expect(button).to_have_count(1)
        button.scroll_into_view_if_needed()
        button.click()
        expect(page.get_by_text("Link copied")).to_be_visible(timeout=10000)
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == url, path
        _open(other, copied)
        wait_charts(other, SLOW)
        assert_no_exception(other)
        expect(other.get_by_text("This link asked for values")).to_have_count(0)
        assert chart_titles(other) == chart_titles(page), path
        if "chart=" in query:
            label = re.search(r"chart=([^&]+)", query).group(1).replace("+", " ")
            expect(view_choice(other, label, chosen=True)).to_have_count(1)
        # The embed box and the pack's link are the same link (tests/test_app_share.py checks their text).
        assert other.locator(f'button[data-link="{copied}"]').count() == 1
    other.close()


def test_copy_link_and_the_link_box_follow_a_slider_move(page: Page, app_server):
    """A move reruns the chart side only (the share bar below too only while it shows values): the
    Copy link beside the chart, and the link box once opened, must still carry the moved value."""
    page.set_viewport_size(LAPTOP)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_server.url)
    _open(page, app_server.url + "/overlap")
    wait_charts(page, SLOW)
    rho = page.locator(".st-key-rho").get_by_role("slider")
    rho.press("ArrowRight")
    expect(page.locator('[data-testid="stPlotlyChart"] .gtitle').first).to_contain_text("resale 11%", timeout=SLOW)
    button = page.get_by_role("button", name="Copy link")
    expect(button).to_have_attribute("data-link", re.compile(r"/overlap\?rho=0\.11$"), timeout=SLOW)
    button.click()
    expect(page.get_by_text("Link copied")).to_be_visible(timeout=10000)
    assert page.evaluate("navigator.clipboard.readText()").endswith("/overlap?rho=0.11")

    page.get_by_text("Link and embed").click()  # open: from now on the part below follows each move
    box = page.locator('[data-testid="stCode"]').first
    expect(box).to_contain_text("rho=0.11", timeout=SLOW)
    rho.press("ArrowRight")
    expect(box).to_contain_text("rho=0.12", timeout=SLOW)
    expect(button).to_have_attribute("data-link", re.compile(r"rho=0\.12$"), timeout=SLOW)
    assert_no_exception(page)
