"""Running a page under AppTest the way every page test does."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from channel_conflict.paths import ROOT


def run_app(page: str, params: dict | None = None, timeout: float = 30) -> AppTest:
    """Open `page` through dashboard.py with `params` in the URL; fail on any exception or error box."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=timeout)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.switch_page(page).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at
