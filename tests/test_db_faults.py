"""A bad database file gives one clear message naming the file and the fix, never a traceback."""
from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from channel_conflict import db
from channel_conflict.paths import ROOT


def _error_text(at) -> str:
    return " ".join(e.value for e in at.error)


def _run_market(monkeypatch, path) -> AppTest:
    monkeypatch.setenv("DASHBOARD_DB", str(path))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=20)
    at.switch_page("pages/market.py").run()
    assert not at.exception, at.exception
    return at


def test_missing_file_is_reported_and_not_created(monkeypatch, tmp_path):
    path = tmp_path / "nope.duckdb"
    at = _run_market(monkeypatch, path)
    text = _error_text(at)
    assert "Database not found" in text and str(path) in text and "make data" in text
    assert not path.exists()


def test_not_a_duckdb_file(monkeypatch, tmp_path):
    path = tmp_path / "junk.duckdb"
    path.write_bytes(b"this is not a database" * 100)
    before = path.read_bytes()
    text = _error_text(_run_market(monkeypatch, path))
    assert "Not a DuckDB database" in text and str(path) in text
    assert path.read_bytes() == before


def test_missing_table_and_column(monkeypatch, tmp_path, built_db):
    path = tmp_path / "partial.duckdb"
    shutil.copy(built_db, path)
    with duckdb.connect(str(path)) as con:
        con.execute("DROP TABLE events")
        con.execute("ALTER TABLE market_share DROP COLUMN confidence")
    text = _error_text(_run_market(monkeypatch, path))
    assert "table `events` is missing" in text
    assert "table `market_share` lacks column `confidence`" in text


def test_locked_by_a_writer(monkeypatch, tmp_path, built_db):
    path = tmp_path / "locked.duckdb"
    shutil.copy(built_db, path)
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import duckdb, sys, time
        con = duckdb.connect({str(path)!r})
        print("locked", flush=True)
        time.sleep(60)
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        text = _error_text(_run_market(monkeypatch, path))
        assert "Database is locked" in text and str(path) in text
    finally:
        holder.kill()
        holder.wait()


def test_directory_instead_of_file(tmp_path):
    with pytest.raises(db.DataError) as info:
        db.open_readonly(tmp_path)
    assert "directory" in info.value.detail
