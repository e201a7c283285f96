"""In Debian's Chromium: the share bar copies the link to the exact view, the chart pack
downloads as a ZIP with what the page shows, and ?embed=true gives a bare, light page."""
from __future__ import annotations

import io
import json
import struct
import zipfile

from playwright.sync_api import Page, expect

from channel_conflict.views.overlap import ALL_CHARTS

from .browser_helpers import CHART, assert_no_exception, chart_titles, open_page, wait_idle

PACK_TIMEOUT = 120_000  # ms: the first pack starts Chromium for kaleido on a busy 2-core machine


def download_pack(page: Page, screenshots, name: str) -> zipfile.ZipFile:
    prepare = page.get_by_role("button", name="Prepare chart pack")
    prepare.scroll_into_view_if_needed()
    prepare.click()
    download_btn = page.get_by_role("button", name="Download chart pack")
    expect(download_btn).to_be_visible(timeout=PACK_TIMEOUT)
    expect(page.get_by_text("Chart pack ready")).to_be_visible()
    page.screenshot(path=str(screenshots / f"{name}-share-bar.png"), full_page=True)
    with page.expect_download() as info:
        download_btn.click()
    download = info.value
    assert download.suggested_filename.startswith(f"channel-conflict-{name}-")
    assert download.suggested_filename.endswith(".zip")
    return zipfile.ZipFile(io.BytesIO(open(download.path(), "rb").read()))


def check_pack(z: zipfile.ZipFile, page_name: str, page_titles: list[str]) -> dict:
    scenario = json.loads(z.read("scenario.json"))
    assert scenario["page"] == page_name
    names = set(z.namelist())
    assert {"scenario.json", "README.txt"} <= names
    assert len(scenario["charts"]) == len(page_titles) > 0
    for entry in scenario["charts"]:
        assert {entry["png"], entry["svg"], entry["csv"]} <= names
        png = z.read(entry["png"])
        assert struct.unpack(">II", png[16:24]) == (2 * entry["width"], 2 * entry["height"])
        assert b"Source:" in z.read(entry["svg"])
    return scenario


def test_market_chart_pack_downloads_from_the_page(page: Page, app_server, screenshots):
    open_page(page, app_server.url + "/market?firm=Canalys")
    expect(page.locator(CHART).first).to_be_visible(timeout=15000)
    titles = [t.text_content() for t in page.locator('[data-testid="stPlotlyChart"] .gtitle').all()]
    z = download_pack(page, screenshots, "market")
    scenario = check_pack(z, "market", titles)
    assert scenario["params"] == {"firm": "Canalys"}
    assert scenario["link"] == app_server.url + "/market?firm=Canalys"
    assert all(c["name"].endswith("canalys") for c in scenario["charts"])
    assert_no_exception(page)
    # Changing a control makes the prepared pack stale: no download of the old view.
    page.get_by_role("radio", name="Synergy", exact=True).click()
    wait_idle(page)
    expect(page.get_by_role("button", name="Download chart pack")).to_have_count(0)
    expect(page.get_by_text("The controls changed since the last pack")).to_be_visible()


def test_copy_link_copies_the_current_view(page: Page, app_server, screenshots):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_server.url)
    open_page(page, app_server.url + "/market")
    page.get_by_role("radio", name="Canalys", exact=True).click()
    wait_idle(page)
    expect(page).to_have_url(app_server.url + "/market?firm=Canalys", timeout=15000)
    # The share bar is redrawn by the rerun the click caused: take the button that carries the new view.
    button = page.locator('button[data-link$="/market?firm=Canalys"]', has_text="Copy link")
    expect(button).to_have_count(1, timeout=15000)
    button.scroll_into_view_if_needed()
    button.click()
    expect(page.get_by_text("Link copied")).to_be_visible(timeout=10000)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.url == app_server.url + "/market?firm=Canalys"
    # The copied link reopens the same view in a fresh tab.
    other = page.context.new_page()
    open_page(other, copied)
    expect(other.get_by_role("radio", name="Canalys", exact=True)).to_have_attribute("aria-checked", "true",
                                                                                     timeout=15000)
    assert_no_exception(other)
    other.close()


def test_embed_link_hides_sidebar_and_uses_the_light_theme(page: Page, app_server, screenshots):
    page.emulate_media(color_scheme="dark")  # the light theme must win even for a dark-mode reader
    open_page(page, app_server.url + "/market?firm=Canalys&embed=true&embed_options=light_theme")
    expect(page.locator(CHART).first).to_be_visible(timeout=15000)
    assert_no_exception(page)
    expect(page.locator('[data-testid="stSidebar"]')).to_have_count(0)
    expect(page.locator('[data-testid="stToolbar"]')).to_have_count(0)
    expect(page.get_by_text("This link asked for values")).to_have_count(0)  # embed keys are known link keys
    bg = page.evaluate("getComputedStyle(document.querySelector('[data-testid=\"stApp\"]')).backgroundColor")
    assert bg in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), bg
    expect(page.get_by_role("button", name="Prepare chart pack")).to_have_count(0)
    back = page.get_by_role("link", name="Open this view in the channel-conflict dashboard")
    expect(back).to_have_attribute("href", app_server.url + "/market?firm=Canalys")
    page.screenshot(path=str(screenshots / "market-embed.png"), full_page=True)


def test_overlap_chart_pack_downloads(page: Page, app_server, screenshots):
    open_page(page, app_server.url + "/overlap")
    expect(page.locator(CHART).first).to_be_visible(timeout=15000)
    shown = chart_titles(page)
    assert len(shown) == 1, "the page shows one chart (tab) at a time"
    z = download_pack(page, screenshots, "overlap")
    # The pack holds every chart of the page, the tabs not in view included.
    scenario = check_pack(z, "overlap", ["tab"] * len(ALL_CHARTS))
    assert [c["name"] for c in scenario["charts"]] == list(ALL_CHARTS)  # the tornado and one-partner charts too
    assert "".join(scenario["charts"][0]["title"].split()) in "".join(shown[0].split())
    assert scenario["link"].startswith(app_server.url + "/overlap")
