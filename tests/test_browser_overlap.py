"""In Debian's Chromium: an Overlap slider moves the charts and the URL, and the link reopens the same view."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from channel_conflict import i18n
from channel_conflict.views.overlap import CHART_LABELS

from .browser_helpers import (
    assert_no_exception,
    chart_footers,
    chart_titles,
    full_screenshot,
    open_page,
    view_choice,
    wait_charts,
    wait_idle,
)

SLOW = 30000


def test_overlap_slider_moves_chart_and_url_and_the_link_reopens_it(page: Page, app_server, screenshots):
    open_page(page, app_server.url + "/overlap")
    assert wait_charts(page, SLOW) == 1, "one chart at a time: the one picked"
    assert_no_exception(page)
    scenario = "resale 10% · discount 15% · cannibalised 50% · differentiated 20% · enterprise-led · 2030"
    assert scenario in chart_titles(page)[0]
    assert "Data as of" in chart_footers(page)[0]

    # every chart paints, with the scenario and the source on it; the open one is in the URL
    for name in ("overlap-exposure-bars", "overlap-net-projection", "overlap-quadrant", "overlap-market-share"):
        label = pick(page, name)
        expect(page).to_have_url(re.compile(r"chart=" + label.split()[0]), timeout=SLOW)
        assert scenario in chart_titles(page)[0], label
        assert "Data as of" in chart_footers(page)[0], label
    pick(page, "overlap-exposure-bars")
    before = chart_titles(page)[0]

    slider = page.get_by_role("slider", name=re.compile("Resale share"))
    slider.focus()
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    wait_idle(page, SLOW)
    expect(page).to_have_url(re.compile(r"/overlap\?(.*&)?rho=0\.2\b"), timeout=SLOW)
    first = page.locator('[data-testid="stPlotlyChart"] .gtitle').first
    expect(first).to_contain_text("resale 20%", timeout=SLOW)
    assert before != chart_titles(page)[0]
    url = page.url
    assert "chart=Paid" in url

    page.goto("about:blank")
    open_page(page, url)
    wait_charts(page, SLOW)
    assert_no_exception(page)
    expect(page.get_by_role("slider", name=re.compile("Resale share"))).to_have_value("0.2")
    expect(view_choice(page, "Paid by vs at risk", chosen=True)).to_have_count(1)
    expect(page.locator('[data-testid="stPlotlyChart"] .gtitle').first).to_contain_text("resale 20%", timeout=SLOW)
    expect(page.get_by_text("This link asked for values")).to_have_count(0)
    full_screenshot(page, str(screenshots / "overlap-from-link.png"))


def test_an_edited_assumption_survives_closing_the_editors_and_a_slider_move(page: Page, app_server):
    """The editors are a lazy expander (drawn only while open), so the page keeps their edits itself."""
    open_page(page, app_server.url + "/overlap")
    edit = page.get_by_text("Edit the assumptions")
    edited = page.get_by_text(re.compile(r"cloud revenue \$100B → \$9B"))  # views.overlap.edit_lines
    edit.click()
    grid = page.locator('[data-testid="stDataFrame"]').first
    expect(grid).to_be_visible(timeout=SLOW)
    wait_idle(page, SLOW)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    # Row 2 (Azure) of the revenue grid, its cloud revenue column (rows and the header are ~35 px).
    page.mouse.dblclick(box["x"] + box["width"] * 0.45, box["y"] + 35 + 35 + 17)
    cell = page.locator("#portal input, #portal textarea, .gdg-input").first  # the grid's cell editor
    expect(cell).to_be_visible(timeout=SLOW)
    cell.fill("9")
    cell.press("Enter")
    expect(edited).to_be_visible(timeout=SLOW)
    wait_idle(page, SLOW)
    expect(page.locator('[data-testid="stPlotlyChart"] .gtitle').first).to_contain_text("edited", timeout=SLOW)
    with_edit = chart_titles(page)[0]

    edit.click()  # closed: the grids are gone, the edit is not
    expect(grid).to_have_count(0, timeout=SLOW)
    wait_idle(page, SLOW)
    assert chart_titles(page)[0] == with_edit
    page.locator(".st-key-rho").get_by_role("slider").press("ArrowRight")
    expect(page.locator('[data-testid="stPlotlyChart"] .gtitle').first).to_contain_text("resale 11%", timeout=SLOW)
    assert "edited" in chart_titles(page)[0]
    edit.click()  # reopened: the grids start from the edited table
    expect(edited).to_be_visible(timeout=SLOW)
    assert_no_exception(page)


def pick(page: Page, name: str, lang: str = "en") -> str:
    """Pick a chart with the picker and wait until it, not the one before, is painted and the app idle;
    returns its label."""
    label = i18n.t(CHART_LABELS[name], lang)
    view_choice(page, label).click()
    page.wait_for_function(f"() => ({GROWN_JS})().some(c => c.name === {name!r})", timeout=SLOW)
    wait_idle(page, SLOW)
    wait_charts(page, SLOW)
    return label


# Per chart: the margins it set beside the margins Plotly drew it with (template's where it set none).
GROWN_JS = """() => Array.from(document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')).map(gd => {
  const m = gd.layout.margin || {}, s = gd._fullLayout._size;
  return {name: gd._context.toImageButtonOptions.filename, l: [m.l ?? 60, s.l], r: [m.r ?? 30, s.r]};
})"""


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_every_overlap_chart_is_drawn_once_its_margins_already_wide_enough(page: Page, app_server, lang):
    """Plotly grows a margin too narrow for a long label, colour bar or side legend by drawing the chart
    twice; on a slider move that second draw cost 25-30 ms (charts.margins). Each chart's side margins
    must already hold what it would push (automargin stays on, so nothing can be clipped either way)."""
    open_page(page, app_server.url + f"/overlap?lang={lang}")
    seen = {}
    for name in CHART_LABELS:
        pick(page, name, lang)
        for chart in page.evaluate(GROWN_JS):
            seen[chart["name"]] = chart
    assert set(seen) == set(CHART_LABELS), seen.keys()
    grown = {name: c for name, c in seen.items() if c["l"][1] > c["l"][0] + 0.5 or c["r"][1] > c["r"][0] + 0.5}
    assert not grown, grown
