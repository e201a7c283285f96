"""AppTest: the Sources page shows the data version, the change log and builds the whole-data ZIP on request."""
from __future__ import annotations

import io
import zipfile

import duckdb

from .app_helpers import run_app

PAGE = "pages/sources.py"


def _stored(db) -> tuple[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        return (con.execute("SELECT version FROM data_version").fetchone()[0],
                con.execute("SELECT count(*) FROM data_changes").fetchone()[0])


def test_version_changes_and_zip(use_db):
    version, n_changes = _stored(use_db)
    at = run_app(PAGE)
    assert any(f"Data version {version}" in c.value for c in at.caption)
    log = next(d.value for d in at.dataframe if "what_changed" in d.value.columns)
    assert len(log) == n_changes > 0
    assert log["source_url"].str.startswith("http").all()
    assert list(log["change_date"]) == sorted(log["change_date"], reverse=True)
    assert not any("channel-conflict-data-" in b.proto.label for b in at.get("download_button")), "built on request"
    at.button(key="data_zip_prepare").click().run()
    assert not at.exception, at.exception
    button = next(b for b in at.get("download_button") if "channel-conflict-data-" in b.proto.label)
    assert version in button.proto.label
    name, data = at.session_state["data_zip"]
    assert version in name
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        assert {"dictionary.csv", "market.duckdb", "data_changes.csv", "market_share.parquet"} <= set(names)
        assert f"Data version: {version}" in z.read("README.txt").decode()


def test_chinese_page_says_the_same(use_db):
    version, _ = _stored(use_db)
    at = run_app(PAGE, {"lang": "zh-TW"})
    assert any(f"資料版本 {version}" in c.value for c in at.caption)
    assert any("資料的變更紀錄" in h.value for h in at.subheader)
