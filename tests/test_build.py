"""The data build: the contract every table keeps, and the refusals when a CSV breaks it."""
from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import duckdb
import pytest

from channel_conflict import build as build_mod
from channel_conflict.build import BuildError, build
from channel_conflict.schema import CONFIDENCE, TABLES


def rows_of(con, table):
    return con.execute(f'SELECT * FROM "{table}"').fetchall()


@pytest.fixture(scope="module")
def con(built_db):
    c = duckdb.connect(str(built_db), read_only=True)
    yield c
    c.close()


def test_every_table_is_built_with_rows(con):
    for table in TABLES:
        (n,) = con.execute(f'SELECT count(*) FROM "{table.name}"').fetchone()
        assert n > 0, table.name


@pytest.mark.parametrize("table", [t for t in TABLES if t.key], ids=lambda t: t.name)
def test_keys_unique(con, table):
    cols = ", ".join(f'"{k}"' for k in table.key)
    dupes = con.execute(f'SELECT {cols}, count(*) FROM "{table.name}" GROUP BY ALL HAVING count(*) > 1').fetchall()
    assert dupes == []


@pytest.mark.parametrize("table", [t for t in TABLES if t.fact], ids=lambda t: t.name)
def test_no_fact_without_a_source(con, table):
    orphans = con.execute(f'''SELECT count(*) FROM "{table.name}" t LEFT JOIN sources s USING (source_id)
                              WHERE s.source_id IS NULL AND t.confidence <> 'assumption' ''').fetchone()[0]
    assert orphans == 0
    bad = con.execute(f'SELECT DISTINCT confidence FROM "{table.name}"').fetchall()
    assert {b[0] for b in bad} <= set(CONFIDENCE)


def test_references_resolve(con):
    for table in TABLES:
        for col in table.columns:
            if col.references:
                rt, rc = col.references.split(".")
                n = con.execute(f'''SELECT count(*) FROM "{table.name}" t WHERE t."{col.name}" IS NOT NULL
                                    AND t."{col.name}" NOT IN (SELECT "{rc}" FROM "{rt}")''').fetchone()[0]
                assert n == 0, f"{table.name}.{col.name}"


def test_shares_per_quarter_and_firm_at_most_100(con):
    over = con.execute("""SELECT quarter, research_firm, sum(share_pct) FROM market_share WHERE is_primary
                          GROUP BY ALL HAVING sum(share_pct) > 100""").fetchall()
    assert over == []


def test_disagreeing_figures_are_both_kept_and_one_marked(con):
    rows = con.execute("""SELECT share_pct, is_primary FROM market_share
                          WHERE quarter='2024Q3' AND provider_id='google' ORDER BY is_primary DESC""").fetchall()
    assert rows == [(13.0, True), (12.0, False)]


def test_totals_do_not_double_count(con):
    counted = dict(con.execute("SELECT contract_id, counts_in_total FROM contracts").fetchall())
    assert counted["cerebras-20"] and not counted["cerebras-750mw"]  # expansion supersedes
    assert not counted["nvidia-10gw"]  # Nvidia's investment into OpenAI, not OpenAI's spend
    assert counted["aws-38"] and counted["aws-100-expansion"]  # expansion adds
    assert not counted["stargate-500"]  # umbrella that contains the Oracle deal


def test_undisclosed_values_are_null_not_zero(con):
    value = con.execute("SELECT value_usd_bn FROM contracts WHERE contract_id='google-cloud-2025'").fetchone()[0]
    assert value is None


def test_segment_mix_rows_sum_to_one(con):
    sums = con.execute("SELECT provider_id, sum(value) FROM assumptions WHERE param='mix' GROUP BY 1").fetchall()
    assert sums and all(abs(s - 1) < 1e-9 for _, s in sums)


def test_build_is_deterministic(tmp_path, csv_copy_factory):
    src = csv_copy_factory()
    a, b = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    build(src, a)
    build(src, b)
    for table in TABLES:
        with duckdb.connect(str(a), read_only=True) as ca, duckdb.connect(str(b), read_only=True) as cb:
            assert rows_of(ca, table.name) == rows_of(cb, table.name)


def test_build_prints_tables_and_rows(tmp_path, capsys):
    assert build_mod.main(["--out", str(tmp_path / "x.duckdb")]) == 0
    out = capsys.readouterr().out
    assert "market_share" in out and "rows" in out and "built" in out


# --- hostile CSVs: the build names file, row and column, and leaves the previous DB untouched ---

def _edit(path: Path, row: int, column: str, value: str) -> None:
    """Set one cell; `row` counts the header as row 1."""
    with path.open(newline="") as fh:
        rows = list(csv.reader(fh))
    rows[row - 1][rows[0].index(column)] = value
    with path.open("w", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def _drop_column(path: Path, column: str) -> None:
    with path.open(newline="") as fh:
        rows = list(csv.reader(fh))
    i = rows[0].index(column)
    with path.open("w", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([r[:i] + r[i + 1:] for r in rows])


def _append(path: Path, line: str) -> None:
    with path.open("a") as fh:
        fh.write(line + "\n")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


CASES = {
    "missing column": (lambda d: _drop_column(d / "market_size.csv", "research_firm"),
                       "market_size.csv", 1, "research_firm"),
    "bad date": (lambda d: _edit(d / "events.csv", 3, "event_date", "2025-13-45"),
                 "events.csv", 3, "event_date"),
    "duplicate key": (lambda d: _edit(d / "contracts.csv", 3, "contract_id", "stargate-500"),
                      "contracts.csv", 3, "contract_id"),
    "dangling reference": (lambda d: _edit(d / "market_share.csv", 2, "provider_id", "nosuchcloud"),
                           "market_share.csv", 2, "provider_id"),
    "share over 100": (lambda d: _edit(d / "market_share.csv", 2, "share_pct", "140"),
                       "market_share.csv", 2, "share_pct"),
    "shares of a quarter sum over 100": (lambda d: _edit(d / "market_share.csv", 2, "share_pct", "90"),
                                         "market_share.csv", None, "share_pct"),
    "confidence not one of four": (lambda d: _edit(d / "events.csv", 2, "confidence", "rumour"),
                                   "events.csv", 2, "confidence"),
    "fact without a source": (lambda d: _edit(d / "gpu_prices.csv", 2, "source_id", ""),
                              "gpu_prices.csv", 2, "source_id"),
    "years out of order": (lambda d: _edit(d / "contracts.csv", 2, "end_year", "2020"),
                           "contracts.csv", 2, "end_year"),
    "not a number": (lambda d: _edit(d / "market_size.csv", 2, "total_usd_bn", "lots"),
                     "market_size.csv", 2, "total_usd_bn"),
    "ragged row": (lambda d: _append(d / "segments.csv", "x,y"), "segments.csv", 7, None),
    "mix does not sum to one": (lambda d: _edit(d / "assumptions.csv", 2 + 18, "value", "0.99"),
                                "assumptions.csv", None, "value"),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_broken_csv_stops_build_and_keeps_previous_db(case, csv_copy_factory, tmp_path):
    src = csv_copy_factory()
    out = tmp_path / "market.duckdb"
    build(src, out)
    before = _digest(out)
    breaker, fname, row, column = CASES[case]
    breaker(src)
    with pytest.raises(BuildError) as info:
        build(src, out)
    err = info.value
    assert err.file == fname
    if row is not None:
        assert err.row == row
    if column is not None:
        assert column in (err.column or "")
    assert fname in str(err)
    assert _digest(out) == before, "the previous DB must be untouched"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["market.duckdb"], "no temp file left behind"


def test_cli_exit_code_and_message_on_broken_csv(csv_copy_factory, tmp_path, capsys):
    src = csv_copy_factory()
    _edit(src / "events.csv", 4, "event_date", "yesterday")
    assert build_mod.main(["--csv-dir", str(src), "--out", str(tmp_path / "m.duckdb")]) == 1
    err = capsys.readouterr().err
    assert "events.csv, row 4, column 'event_date'" in err
    assert not (tmp_path / "m.duckdb").exists()
