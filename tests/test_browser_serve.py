"""The app's own start (channel_conflict.serve, behind `make run`): a fresh server is warmed up
through `/` before any visitor, so a first visit to a deep link is routed by dashboard.py at once,
with no page file run on its own and rerun (ui/page.py's fallback), and a bare `streamlit run`
still gets the fallback."""
from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

from playwright.sync_api import Page, expect

from channel_conflict import serve
from channel_conflict.ui import activity
from channel_conflict.ui.page import FALLBACK

from .browser_helpers import assert_no_exception, open_page
from .conftest import require_browser

SIDEBAR_NAV = '[data-testid="stSidebar"] [data-testid="stPageLink"]'


def test_warmed_server_routes_the_first_deep_link_through_dashboard(page: Page, built_db, start_server):
    require_browser()
    server = start_server(built_db, extra_env={serve.QUIET_ENV: "0.5"})
    server.wait_for_log(serve.ROUTED)
    open_page(page, f"{server.url}/market")
    assert_no_exception(page)
    expect(page.locator(SIDEBAR_NAV)).to_have_count(7)  # dashboard.py's sidebar: routed by st.navigation
    expect(page.locator('[data-testid="stMain"] h1')).to_contain_text("market", ignore_case=True)
    server.wait_for_log(serve.WARMED)
    log = server.log_text()
    assert FALLBACK not in log, "the page file ran on its own and had to be rerun"
    assert "'overlap'" in log.split(serve.WARMED, 1)[1].splitlines()[0], "every page is warmed, not only /"
    # channel_conflict.asgi names the server's root in the page: the front end probed /market/_stcore/health
    # first (a 404, then its 100 ms retry backoff) before it found /_stcore/health.
    probes = page.evaluate("performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)"
                           ".filter(p => p.endsWith('/_stcore/health'))")
    assert probes and set(probes) == {"/_stcore/health"}, probes


def test_warm_up_waits_for_quiet_time():
    async def after_a_run() -> float:
        with activity.running():
            assert activity.quiet_for() == 0
        t0 = time.monotonic()
        await serve._quiet(0.3)
        return time.monotonic() - t0

    with ThreadPoolExecutor(1) as pool:
        waited = pool.submit(asyncio.run, after_a_run()).result()
    assert 0.25 <= waited < 2 and activity.quiet_for() >= 0.3


def test_bare_streamlit_run_still_gets_the_frame_by_the_fallback(page: Page, built_db, start_server):
    require_browser()
    server = start_server(built_db, plain=True)
    open_page(page, f"{server.url}/market")
    assert_no_exception(page)
    expect(page.locator(SIDEBAR_NAV)).to_have_count(7)
    assert FALLBACK in server.log_text()


def test_warm_up_runs_each_page_over_the_protocol(app_server):
    # In a thread of its own: Playwright's sync API keeps an event loop in the test thread.
    with ThreadPoolExecutor(1) as pool:
        took = pool.submit(asyncio.run, serve.warm(app_server.url, ["", "timeline"], timeout=60)).result()
    assert set(took) == {"/", "timeline"} and all(t >= 0 for t in took.values())


def test_base_url_from_streamlit_options():
    assert serve.base_url(["--server.port", "8600"]) == "http://127.0.0.1:8600"
    assert serve.base_url(["--server.address=0.0.0.0", "--server.port=9"]) == "http://127.0.0.1:9"
    assert serve.base_url([]) == "http://127.0.0.1:8501"
