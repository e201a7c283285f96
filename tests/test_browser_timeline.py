"""In Debian's Chromium at a phone's 390 px: the Timeline's category pills wrap onto more lines, all
of them in view, instead of one row cut mid-pill that scrolls with no sign of it."""
from __future__ import annotations

from playwright.sync_api import Page, expect

from .browser_helpers import open_page

PILLS = ".st-key-category [data-testid='stButtonGroup'] > div:has(> button)"


def test_category_pills_wrap_on_a_phone(page: Page, app_server):
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, app_server.url + "/timeline")
    expect(page.locator(PILLS + " > button").first).to_be_visible()
    # every pill inside the row's box, the row no wider than its column (it wraps, it does not scroll)
    page.wait_for_function(
        """sel => { const row = document.querySelector(sel); if (!row) return false;
             const box = row.getBoundingClientRect();
             return row.scrollWidth <= row.clientWidth + 1
               && [...row.querySelectorAll(':scope > button')]
                    .every(b => b.getBoundingClientRect().right <= box.right + 1); }""",
        arg=PILLS, timeout=5000)
    assert page.locator(PILLS + " > button").count() >= 6
