"""AppTest: the Sources page lists every table with its sources, filters by confidence, states the gaps."""
from __future__ import annotations

import base64
import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from channel_conflict import db, schema, tables
from channel_conflict.paths import ROOT
from channel_conflict.views import sources as view

from .app_helpers import run_app

PAGE = "pages/sources.py"


def run_page(params: dict | list | None = None) -> AppTest:
    return run_app(PAGE, params)


def figures(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def arr(v) -> list:
    if isinstance(v, dict) and "bdata" in v:
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"])).tolist()
    return list(v)


def main_table(at: AppTest):
    return at.dataframe[-1].value


def text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_every_table_has_a_whitelisted_query():
    assert set(view.TABLE_QUERIES) == {t.name for t in schema.TABLES}


def test_default_shows_contracts_with_source_links(use_db):
    at = run_page()
    assert at.selectbox(key="table").value == "contracts"
    frame = main_table(at)
    assert {"contract_id", "confidence", "source_url", "source_publisher", "source_published"} <= set(frame.columns)
    assert frame["source_url"].str.startswith("http").all()
    assert "Data as of" in text(at)


def test_known_gaps_and_primary_rule_are_stated(use_db):
    body = text(at := run_page())
    for gap in ("2026Q2 and 2026Q3", "Google Cloud deal", "selling compute to third parties"):
        assert gap in body
    # The built data has Synergy's 2024Q4 shares: that gap is closed, so it is not listed as one.
    con = db.open_readonly(use_db)
    try:
        closed = [what for what, _, still_open in view.gaps(lambda n, **k: db.run(con, n, k)) if not still_open]
    finally:
        con.close()
    assert closed and all(what not in body for what in closed)
    assert "is_primary" in body
    alt = at.dataframe[0].value
    assert {"used_pct", "alternative_pct"} <= set(alt.columns) and len(alt) >= 1


@pytest.mark.parametrize("table", sorted(view.TABLE_QUERIES))
def test_each_table_from_the_link(use_db, table):
    at = run_page({"table": table})
    assert at.selectbox(key="table").value == table
    frame = main_table(at)
    assert len(frame) > 0
    if table in view.FACT_TABLES:
        assert {"confidence", "source_url", "source_published"} <= set(frame.columns)


def test_confidence_filter_from_the_link(use_db, built_db):
    import duckdb
    con = duckdb.connect(str(built_db), read_only=True)
    n = con.execute("SELECT count(*) FROM assumptions WHERE confidence = 'assumption'").fetchone()[0]
    con.close()
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30)
    at.query_params["table"] = "assumptions"
    at.query_params["confidence"] = "assumption"
    at.switch_page(PAGE).run()
    assert not at.exception
    frame = main_table(at)
    assert len(frame) == n and set(frame["confidence"]) == {"assumption"}
    assert f"**{n} rows**" in text(at)


def test_unknown_table_in_link_falls_back_with_notice(use_db):
    at = run_page({"table": "sources; DROP TABLE sources"})
    assert at.selectbox(key="table").value == "contracts"
    assert any("table=" in w.value for w in at.warning)


def test_confidence_chart_counts_rows(use_db, built_db):
    import duckdb
    con = duckdb.connect(str(built_db), read_only=True)
    total = sum(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in view.FACT_TABLES)
    con.close()
    conf, dates = figures(run_page({"table": "events"}))
    assert f"of {total} sourced rows" in conf["layout"]["title"]["text"].replace("<br>", " ")
    assert sum(sum(arr(t["x"])) for t in conf["data"]) == total
    assert {t["name"] for t in conf["data"]} <= set(schema.CONFIDENCE)
    # rows are named as a reader says them ('Events', not the DB's events), the picked table in bold
    ticks = conf["layout"]["yaxis"]["ticktext"]
    assert "<b>Events</b>" in ticks and not [t for t in ticks if "_" in t], ticks
    zh = figures(run_page({"table": "market_share", "lang": "zh-TW"}))[0]["layout"]["yaxis"]["ticktext"]
    assert "<b>市占率</b>" in zh and not [t for t in zh if "_" in t], zh
    for fig in (conf, dates):
        assert any(a["text"].startswith("Source:") for a in fig["layout"]["annotations"])


def test_csv_bytes_are_the_rows_shown(use_db):
    at = run_page({"table": "gpu_prices"})
    frame = main_table(at)
    csv = view.csv_bytes(frame).decode().splitlines()
    assert csv[0].startswith("as_of,gpu,provider_tier,price_low_usd,price_high_usd")
    assert len(csv) == len(frame) + 1


def test_every_column_shown_has_a_header_in_each_language(use_db, built_db):
    """Sources shows readable headers, not column names: every schema column and every column its tables add
    (source links, the share disagreements, the change log) has one in [column] of every language file."""
    from channel_conflict import i18n
    from channel_conflict.ui import data

    shown = {c.name for t in schema.TABLES for c in t.columns}
    for t in view.TABLE_QUERIES:
        shown |= set(view.rows(data.query, t).columns)
    shown |= set(view.disagreements(data.query).columns) | set(view.changes(data.query).columns)
    for lang in i18n.LANGS:
        missing = sorted(c for c in shown if f"column.{c}" not in i18n.strings(lang))
        assert missing == [], (lang, missing)
        assert view.header("research_firm", lang) != "research_firm"
    assert view.header("research_firm", "zh-TW") != view.header("research_firm", "en")


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_gap_sentences_write_dates_one_way(use_db, lang):
    """'looked 2026-11-30; ... 14 August 2026' mixed two forms: every date is i18n.as_of's."""
    import re

    from channel_conflict import i18n

    con = db.open_readonly(use_db)
    try:
        found = view.gaps(lambda n, **k: db.run(con, n, k), lang)
    finally:
        con.close()
    resale = next(s for what, s, _ in found if what == i18n.t("sources.gap_what.resale", lang))
    assert i18n.as_of(view.LOOKED, lang) in resale and i18n.as_of("2026-08-14", lang) in resale
    assert "August" not in resale and "8 月" not in resale
    if lang != "en":
        assert not re.search(r"20\d\d-\d\d-\d\d", resale)


def test_quarter_axis_runs_evenly_and_tables_show_no_none(use_db):
    """Every quarter from the first source to the last is on the axis (empty ones at zero); a missing cell
    reads '—', never 'None'; the disagreements name the provider, not its id."""
    import pandas as pd

    at = run_page()
    by_q = next(f for f in figures(at) if f["layout"]["xaxis"].get("type") == "category"
                and str(arr(f["data"][0]["x"])[0])[:2] == "20")
    xs = arr(by_q["data"][0]["x"])
    assert xs == [str(p) for p in pd.period_range(xs[0], xs[-1], freq="Q")]
    assert 0 in arr(by_q["data"][0]["y"])
    shown = main_table(at)
    assert not shown.isna().any().any() and (shown == tables.MISSING).any().any()
    alt = at.dataframe[0].value
    assert "provider" in alt.columns and "google" not in set(alt["provider"]) and "Google Cloud" in set(alt["provider"])


def test_table_descriptions_follow_the_page_language(use_db):
    """Under zh-TW the table's description is Chinese (English: the schema's own text); every table has one."""
    from channel_conflict import i18n

    for t in view.TABLE_QUERIES:
        assert view.description(t, "en") == view.DESCRIPTIONS[t]
        zh = view.description(t, "zh-TW")
        assert zh and zh != view.DESCRIPTIONS[t] and any("\u4e00" <= ch <= "\u9fff" for ch in zh), t
    at = run_page({"lang": "zh-TW"})
    caps = [c.value for c in at.caption]
    assert view.description("contracts", "zh-TW") in caps and view.DESCRIPTIONS["contracts"] not in caps
    assert i18n.t("sources.title", "zh-TW")
