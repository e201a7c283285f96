"""A broken database, end to end: `streamlit run` with DASHBOARD_DB at a bad file, seen in Chromium.

Each case must show one clear message that names the file and says how to fix it, with no
traceback on the page, and must never create or change the file it was pointed at.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
from playwright.sync_api import Page, expect

from .browser_helpers import open_page
from .conftest import held_write_lock

ALERT = '[data-testid="stAlert"]'


def message_on(page: Page, url: str) -> str:
    open_page(page, url)
    expect(page.locator(ALERT).first).to_be_visible(timeout=15000)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    text = " ".join(page.locator(ALERT).all_inner_texts())
    assert "Traceback" not in page.content()
    return text


def test_missing_file_is_named_and_not_created(page: Page, start_server, tmp_path):
    path = tmp_path / "nope.duckdb"
    server = start_server(path)
    text = message_on(page, server.url + "/market")
    assert "Database not found" in text and path.name in text and str(path.parent) not in text and "make data" in text
    assert not path.exists() and not Path(str(path) + ".wal").exists()


def test_not_a_duckdb_file(page: Page, start_server, tmp_path):
    path = tmp_path / "junk.duckdb"
    path.write_bytes(b"this is not a database\n" * 200)
    before = path.read_bytes()
    server = start_server(path)
    text = message_on(page, server.url + "/market")
    assert ("Not a DuckDB database" in text and path.name in text and str(path.parent) not in text
            and "make data" in text)
    assert path.read_bytes() == before


def test_missing_table_and_column(page: Page, start_server, tmp_path, built_db):
    path = tmp_path / "partial.duckdb"
    shutil.copy(built_db, path)
    with duckdb.connect(str(path)) as con:
        con.execute("DROP TABLE events")
        con.execute("ALTER TABLE market_share DROP COLUMN confidence")
    server = start_server(path)
    text = message_on(page, server.url + "/market")
    assert path.name in text and str(path.parent) not in text and "make data" in text
    # Markdown code spans render without their backticks.
    assert "table events is missing" in text and "market_share lacks column confidence" in text


def test_locked_by_a_writer(page: Page, start_server, tmp_path, built_db):
    path = tmp_path / "locked.duckdb"
    shutil.copy(built_db, path)
    with held_write_lock(path):
        server = start_server(path)
        text = message_on(page, server.url + "/market")
        assert ("Database is locked" in text and path.name in text and str(path.parent) not in text
                and "reload the page" in text)


def test_hostile_link_is_shown_as_text_in_the_real_renderer(page: Page, app_server):
    """The issue's phishing link, in Streamlit's own markdown renderer: the notice quotes it, and the page
    has no link or image pointing at it (AppTest and markdown-it cover the rest, tests/test_inert_text.py)."""
    from urllib.parse import quote

    payload = ("x` [Sign in again](https://evil.example/login) ` ![](http://evil.example/p.png) "
               "<a href=//evil.example>a</a>")
    text = message_on(page, f"{app_server.url}/market?firm={quote(payload)}&{quote(payload)}=1")
    assert "Sign in again" in text and "evil.example" in text
    expect(page.locator('a[href*="evil.example"], img[src*="evil.example"]')).to_have_count(0)
