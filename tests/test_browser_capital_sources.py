"""In Debian's Chromium: /capital and /sources open by deep link, paint their charts with a source
footer, keep their controls in the URL, and /sources downloads the table it shows."""
from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import Page, expect

from .browser_helpers import CHART, assert_no_exception, chart_footers, chart_titles, full_screenshot, wait_idle

SLOW = 45000  # ms: these pages share two cores with other test runs


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    wait_idle(page, SLOW)
    page.wait_for_load_state("networkidle", timeout=SLOW)
    wait_idle(page, SLOW)


def _charts_painted(page: Page, n: int) -> None:
    expect(page.locator('[data-testid="stPlotlyChart"]')).to_have_count(n, timeout=SLOW)
    expect(page.locator(CHART).first).to_be_visible()
    expect(page.locator('[data-testid="stPlotlyChart"] .gtitle')).to_have_count(n)
    footers = chart_footers(page)
    assert len(footers) >= n and all("Data as of" in f for f in footers), footers


def test_capital_deep_link_paints_every_chart(page: Page, app_server, screenshots):
    open_page(page, app_server.url + "/capital")
    assert_no_exception(page)
    _charts_painted(page, 7)
    titles = chart_titles(page)
    assert any("CHIPS Act" in t for t in titles), titles  # where guarantees land comes first
    assert any("lower spread saves" in t for t in titles) and any("does not seek" in t for t in titles), titles
    assert any("Implied cost" in t for t in titles), titles
    page.get_by_text("Assumptions behind these charts").click()
    expect(page.locator('[data-testid="stExpander"] [data-testid="stDataFrame"]')).to_be_visible(timeout=SLOW)
    full_screenshot(page, screenshots / "capital.png")


# Each chart's plot width (px) beside the width Plotly drew the whole chart at.
PLOT_WIDTHS_JS = """() => Array.from(document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')).map(gd =>
  [gd._context.toImageButtonOptions.filename, gd._fullLayout._size.w, gd._fullLayout.width])"""


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_capital_charts_keep_a_plot_on_a_phone(page: Page, app_server, lang):
    """At 390 px a chart is drawn 640 px wide and swiped sideways; its labels and legend must leave the
    bars room (the CHIPS awards chart's one-line DOE names left them 64 px)."""
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, app_server.url + f"/capital?lang={lang}")
    page.wait_for_function(f"() => ({PLOT_WIDTHS_JS})().length === 7", timeout=SLOW)
    widths = page.evaluate(PLOT_WIDTHS_JS)
    assert len(widths) == 7 and all(w == 640 for _, _, w in widths), widths
    narrow = [(name, plot) for name, plot, _ in widths if plot < 150]
    assert not narrow, narrow


def test_capital_slider_lives_in_the_url(page: Page, app_server, screenshots):
    open_page(page, app_server.url + "/capital")
    slider = page.get_by_role("slider", name=re.compile("Spread cut"))
    before = int(float(slider.input_value()))
    slider.focus()
    page.keyboard.press("ArrowRight")
    wait_idle(page, SLOW)
    expect(page).to_have_url(re.compile(rf"spread_cut_bps={before + 10}"), timeout=SLOW)
    expect(page.locator('[data-testid="stPlotlyChart"] .gtitle', has_text=f"{before + 10} bps").first).to_be_visible(
        timeout=SLOW)
    url = page.url

    page.goto("about:blank")
    open_page(page, url)
    assert_no_exception(page)
    slider = page.get_by_role("slider", name=re.compile("Spread cut"))
    expect(slider).to_have_value(str(before + 10))
    expect(page.locator('[data-testid="stPlotlyChart"] .gtitle', has_text=f"{before + 10} bps").first).to_be_visible(
        timeout=SLOW)
    # no bad-link notice (the one box left is the open question under the CHIPS Act chart)
    expect(page.locator('[data-testid="stAlert"]').filter(has_not_text="first thing to watch")).to_have_count(0)
    full_screenshot(page, screenshots / "capital-from-link.png")


def test_sources_deep_link_and_csv_download(page: Page, app_server, screenshots, tmp_path):
    open_page(page, app_server.url + "/sources?table=gpu_prices")
    assert_no_exception(page)
    _charts_painted(page, 2)
    expect(page.get_by_text("Whether OpenAI has begun selling compute to third parties")).to_be_visible()
    shown = int(re.search(r"(\d+) rows", page.get_by_text(re.compile(r"rows of")).first.text_content()).group(1))
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile("Download .* as CSV")).click()
    download = info.value
    assert download.suggested_filename == "gpu_prices.csv"
    target = tmp_path / "gpu_prices.csv"
    download.save_as(target)
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert rows[0][:5] == ["as_of", "gpu", "provider_tier", "price_low_usd", "price_high_usd"]
    assert {"confidence", "source_url", "source_publisher", "source_published"} <= set(rows[0])
    assert len(rows) - 1 == shown > 0
    full_screenshot(page, screenshots / "sources.png")


def test_sources_table_choice_lives_in_the_url(page: Page, app_server):
    open_page(page, app_server.url + "/sources?table=events&confidence=confirmed")
    assert_no_exception(page)
    expect(page.locator('[data-testid="stAlert"]')).to_have_count(0)
    text = page.get_by_text(re.compile(r"rows of")).first.text_content()
    assert "events" in text
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile("Download .* as CSV")).click()
    body = open(info.value.path(), encoding="utf-8").read().splitlines()
    conf = body[0].split(",").index("confidence")
    assert all(line.split(",")[conf] == "confirmed" for line in body[1:] if line.count(",") == body[0].count(","))
