"""A bad database file gives one clear message naming the file and the fix, never a traceback.

Visitors see the file's name, never the server path (that goes to the server log)."""
from __future__ import annotations

import shutil

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from channel_conflict import db
from channel_conflict.paths import ROOT

from .conftest import held_write_lock


def _error_text(at) -> str:
    return " ".join(e.value for e in at.error)


def _names_file_only(text: str, path) -> bool:
    return path.name in text and str(path.parent) not in text


def _run_market(monkeypatch, path) -> AppTest:
    monkeypatch.setenv("DASHBOARD_DB", str(path))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=20)
    at.switch_page("pages/market.py").run()
    assert not at.exception, at.exception
    return at


def test_missing_file_is_reported_and_not_created(monkeypatch, tmp_path, caplog):
    path = tmp_path / "nope.duckdb"
    with caplog.at_level("WARNING", logger="channel_conflict"):
        at = _run_market(monkeypatch, path)
    assert str(path) in caplog.text  # the operator still gets the full path
    text = _error_text(at)
    assert "Database not found" in text and _names_file_only(text, path) and "make data" in text
    assert not path.exists()


def test_not_a_duckdb_file(monkeypatch, tmp_path):
    path = tmp_path / "junk.duckdb"
    path.write_bytes(b"this is not a database" * 100)
    before = path.read_bytes()
    text = _error_text(_run_market(monkeypatch, path))
    assert "Not a DuckDB database" in text and _names_file_only(text, path)
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
    with held_write_lock(path):
        text = _error_text(_run_market(monkeypatch, path))
        assert "Database is locked" in text and _names_file_only(text, path)


def test_directory_instead_of_file(tmp_path):
    with pytest.raises(db.DataError) as info:
        db.open_readonly(tmp_path)
    assert "directory" in info.value.detail


def test_view_reading_a_file_fails_the_schema_check(monkeypatch, tmp_path, built_db):
    """A DuckDB file is data: a `sources` view over read_text() must not show that file's content."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    path = tmp_path / "sneaky.duckdb"
    shutil.copy(built_db, path)
    with duckdb.connect(str(path)) as con:
        con.execute("DROP TABLE sources CASCADE")
        con.execute(f"CREATE VIEW sources AS SELECT 'x' AS source_id, content AS url, 'p' AS publisher, "
                    f"DATE '2025-01-01' AS published, content AS title FROM read_text('{secret}')")
    at = _run_market(monkeypatch, path)
    text = _error_text(at)
    assert "view `sources` reads a file or the network" in text and "TOP-SECRET" not in text
    with pytest.raises(db.DataError) as info:
        con = db.open_readonly(path)
        try:
            db.check_schema(con, path)
        finally:
            con.close()
    assert "reads a file or the network" in info.value.detail


def test_connection_has_no_external_access(built_db, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("x")
    con = db.open_readonly(built_db)
    try:
        for sql in (f"SELECT * FROM read_text('{secret}')", "SET enable_external_access = true",
                    f"ATTACH '{tmp_path / 'other.duckdb'}' AS other", "INSTALL httpfs", "LOAD httpfs"):
            with pytest.raises(duckdb.Error):
                con.execute(sql).fetchall()
        assert db.run(con, "data_as_of")["as_of"].notna().all()  # the app's own queries still work
    finally:
        con.close()
    assert not (tmp_path / "other.duckdb").exists()


def _with_as_of(built_db, dst, day: str) -> None:
    """A copy of the DB whose newest source is dated `day` (the as-of date every page shows)."""
    tmp = dst.with_suffix(".tmp")
    shutil.copy(built_db, tmp)
    with duckdb.connect(str(tmp)) as con:
        con.execute("UPDATE sources SET published = ? WHERE source_id = (SELECT min(source_id) FROM sources)",
                    [day])
    tmp.replace(dst)  # atomic rename, as `make data` does


def test_replaced_file_is_read_on_the_next_rerun(monkeypatch, tmp_path, built_db):
    """Swap the file under an open session: the next rerun shows the new as-of date; garbage shows the error
    box (the old connection is not used for it); a good file again recovers."""
    from channel_conflict.ui import data

    path = tmp_path / "live.duckdb"
    _with_as_of(built_db, path, "2030-01-02")
    at = _run_market(monkeypatch, path)
    assert not at.error
    assert data.as_of() == "2030-01-02"
    old_key = data.current_db()[1]

    _with_as_of(built_db, path, "2031-03-04")
    at.run()
    assert not at.error and not at.exception
    assert data.as_of() == "2031-03-04"
    assert data.current_db()[1] != old_key
    assert "2031" in " ".join(c.value for c in at.caption) + " ".join(m.value for m in at.markdown) + \
        " ".join(str(p.proto.spec) for p in at.get("plotly_chart"))

    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(b"garbage, not a database " * 500)
    tmp.replace(path)
    at.run()
    assert not at.exception
    assert "Not a DuckDB database" in _error_text(at)
    assert not at.get("plotly_chart")  # nothing drawn from the old file
    with pytest.raises(db.DataError):
        data.query("data_as_of")

    _with_as_of(built_db, path, "2032-05-06")
    at.run()
    assert not at.error and data.as_of() == "2032-05-06"


@pytest.mark.parametrize("message,shown", [
    ("/srv/app/data/market.duckdb cannot be opened", "market.duckdb cannot be opened"),
    ("[Errno 13] Permission denied: '/var/lib/app/out.zip'", "[Errno 13] Permission denied: 'out.zip'"),
    ('Could not read from file "./data/x.duckdb": y', 'Could not read from file "x.duckdb": y'),
    ("see https://example.com/a/b/c", "see https://example.com/a/b/c"),
])
def test_messages_for_visitors_carry_no_server_paths(message, shown):
    from channel_conflict.text import without_paths

    assert without_paths(message) == shown
