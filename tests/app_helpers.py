"""Running a page under AppTest the way every page test does."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from channel_conflict import store
from channel_conflict.paths import ROOT


def open_app(page: str, params: dict | None = None, timeout: float = 30) -> AppTest:
    """Open `page` through dashboard.py with `params` in the URL; fail on any exception (error boxes allowed)."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=timeout)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def run_app(page: str, params: dict | None = None, timeout: float = 30) -> AppTest:
    """open_app, and fail on any error box too."""
    at = open_app(page, params, timeout)
    assert not at.error, [e.value for e in at.error]
    return at


def isolated_store(monkeypatch, db, folder):
    """The app on the test DB with saved scenarios in `folder` (created), no operator switch or cap set."""
    monkeypatch.setenv("DASHBOARD_DB", str(db))
    monkeypatch.setenv(store.ENV, str(folder))
    for name in (store.STORE_ENV, store.SAVING_ENV, *store.LIMIT_ENVS.values()):
        monkeypatch.delenv(name, raising=False)
    folder.mkdir(exist_ok=True)
    return folder
