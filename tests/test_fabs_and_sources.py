"""Where guarantees land (fab_projects, fab_support), second sources and primary sources: the build's
contract for them, and the data slips of issue 11 staying fixed."""
from __future__ import annotations

import duckdb
import pytest

from channel_conflict.build import BuildError, build
from channel_conflict.schema import TABLES


def _append(path, line):
    with path.open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")


@pytest.fixture(scope="module")
def con(built_db):
    c = duckdb.connect(str(built_db), read_only=True)
    yield c
    c.close()


def test_every_source_is_primary_or_secondary_and_cited(con):
    kinds = dict(con.execute("SELECT kind, count(*) FROM sources GROUP BY kind").fetchall())
    assert set(kinds) == {"primary", "secondary"} and kinds["primary"] >= 20
    citing = [f'SELECT "{c.name}" AS source_id FROM "{t.name}"' for t in TABLES if t.name != "sources"
              for c in t.columns if c.references == "sources.source_id"]
    unused = con.execute("SELECT source_id FROM sources EXCEPT (" + " UNION ALL ".join(citing) + ")").fetchall()
    assert unused == []


def test_confirmed_rows_of_the_headline_tables_rest_on_a_primary_source(con):
    for table in ("contracts", "openai_financials", "fab_support"):
        n = con.execute(f"""SELECT count(*) FROM {table} t JOIN sources s USING (source_id)
                            WHERE t.confidence = 'confirmed' AND s.kind <> 'primary'""").fetchone()[0]
        assert n == 0, table


def test_the_issue_11_slips_stay_fixed(con):
    aws = con.execute("SELECT start_year, end_year FROM contracts WHERE contract_id = 'aws-38'").fetchone()
    assert aws == (2025, 2031)  # seven years, inclusive
    cw = con.execute("SELECT contract_id, start_year, end_year FROM contracts WHERE seller_id = 'coreweave'").fetchall()
    assert {(s, e) for _, s, e in cw} == {(2025, 2029)}  # the March contract's five years; add-ons run with it
    metrics = dict(con.execute("SELECT metric, value FROM openai_financials WHERE period = '2025-03'").fetchall())
    assert metrics.get("post_money_valuation") == 300 and "pre_money_valuation" not in metrics
    logged = {r[0] for r in con.execute(
        "SELECT row_key FROM data_changes WHERE change_date = DATE '2026-11-30'").fetchall()}
    assert {"aws-38", "coreweave-mar25", "pre_money_valuation|2025-03"} <= logged


def test_intel_grant_conversion_is_a_later_stage_of_the_final_award(con):
    rows = {r[0]: r[1:] for r in con.execute(
        "SELECT support_id, instrument, stage, amount_usd_bn, supersedes FROM fab_support "
        "WHERE company = 'Intel'").fetchall()}
    assert rows["intel-final"][:3] == ("grant", "final", 7.865)
    assert rows["intel-equity"] == ("equity", "converted", 5.7, "intel-final")
    assert con.execute("SELECT count(*) FROM fab_support WHERE program = 'DOE LPO'").fetchone()[0] >= 2


@pytest.mark.parametrize(("file", "line", "column"), [
    ("second_sources.csv", "contracts,no-such-deal,crn-2025-02-06,x", "row_key"),
    ("second_sources.csv", "no_such_table,x,crn-2025-02-06,x", "table_name"),
    ("second_sources.csv", "contracts,aws-38,no-such-source,x", "source_id"),
    ("fab_support.csv", "x1,Intel,,CHIPS Act,grant,final,2023-01-01,1,intel-final,commerce-2024-11-26,confirmed,",
     "supersedes"),  # a stage cannot replace a later one
    ("fab_support.csv", "x2,Micron,,CHIPS Act,subsidy,final,2025-01-01,1,,commerce-2024-11-26,confirmed,",
     "instrument"),
    ("fab_support.csv", "x3,Micron,no-such-fab,CHIPS Act,grant,final,2025-01-01,1,,commerce-2024-11-26,confirmed,",
     "project_id"),
    ("fab_projects.csv", "x4,Micron,Boise,DRAM,-5,,commerce-2024-11-26,confirmed,", "capex_usd_bn"),
])
def test_a_bad_row_stops_the_build(csv_copy_factory, tmp_path, file, line, column):
    src = csv_copy_factory()
    _append(src / file, line)
    with pytest.raises(BuildError) as info:
        build(src, tmp_path / "m.duckdb")
    assert info.value.file == file and info.value.column == column


def test_a_good_second_source_builds(csv_copy_factory, tmp_path):
    src = csv_copy_factory()
    _append(src / "second_sources.csv", "market_size,2025Q1|Synergy,crn-2025-02-06,x")
    counts = build(src, tmp_path / "m.duckdb")
    assert counts["second_sources"] == len((src / "second_sources.csv").read_text().splitlines()) - 1


def test_sources_page_counts_rows_on_a_primary_source(use_db, built_db):
    from tests.test_app_market import run_page
    at = run_page("pages/sources.py")
    table = next(d.value for d in at.dataframe if "primary_rows" in d.value.columns)
    with duckdb.connect(str(built_db), read_only=True) as c:
        expect = c.execute("""SELECT count(*) FILTER (WHERE s.kind = 'primary'), count(*) FROM contracts
                              JOIN sources AS s USING (source_id)""").fetchone()
    row = table.set_index("table_name").loc["contracts"]
    assert (row["primary_rows"], row["rows"]) == expect
    assert set(table["table_name"]) >= {"contracts", "events", "fab_support", "market_share"}
