"""The benchmark's pure helpers (no browser, no server): percentiles and the synthetic DB."""
from __future__ import annotations

import math

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench import report, synth
from bench.stats import percentile, summary


def test_percentile_matches_linear_interpolation():
    xs = [5, 1, 4, 2, 3]
    assert percentile(xs, 0) == 1 and percentile(xs, 100) == 5 and percentile(xs, 50) == 3
    assert percentile([10, 20], 95) == pytest.approx(19.5)
    assert math.isnan(percentile([], 50))
    with pytest.raises(ValueError):
        percentile(xs, 101)


def test_summary():
    assert summary([]) == {"n": 0, "median": None, "p95": None, "max": None}
    s = summary(range(1, 101))
    assert s["n"] == 100 and s["median"] == 50.5 and s["p95"] == pytest.approx(95.0, abs=0.1) and s["max"] == 100


def _columns(con, table: str) -> list:
    return con.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index",
                       [table]).fetchall()


def test_synthetic_db_keeps_schema_and_keys(built_db, tmp_path):
    out = tmp_path / "big.duckdb"
    info = synth.generate(built_db, out, factor=3)
    with duckdb.connect(str(built_db), read_only=True) as a, duckdb.connect(str(out), read_only=True) as b:
        for (table,) in a.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall():
            n = a.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            assert b.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == 3 * n == info["rows"][table]
            assert _columns(a, table) == _columns(b, table)
        # Primary keys are declared, and filters grow with the data.
        pk = "SELECT count(*) FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'"
        assert b.execute(pk).fetchone()[0] == a.execute(pk).fetchone()[0] > 0
        firm = "SELECT count(*) FROM market_share WHERE research_firm = 'Synergy'"
        assert b.execute(firm).fetchone()[0] == 3 * a.execute(firm).fetchone()[0]
        # Copies keep references to existing rows.
        orphans = b.execute("SELECT count(*) FROM market_share m ANTI JOIN providers p USING (provider_id)").fetchone()
        assert orphans[0] == 0
    with duckdb.connect(str(out)) as rw, pytest.raises(duckdb.ConstraintException):
        rw.execute("INSERT INTO providers SELECT * FROM providers LIMIT 1")


def test_readme_block_is_replaced_only_between_markers(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"# T\n\nbefore\n{report.README_START}\nold\n{report.README_END}\nafter\n")
    assert report.update_readme(readme, "| new |")
    assert readme.read_text() == f"# T\n\nbefore\n{report.README_START}\n| new |\n{report.README_END}\nafter\n"
    plain = tmp_path / "plain.md"
    plain.write_text("nothing")
    assert not report.update_readme(plain, "x") and plain.read_text() == "nothing"


def test_model_monte_carlo_is_measured_and_reported(built_db):
    from bench import model_mc, report

    result = {"monte_carlo": model_mc.measure(built_db, 3)}
    assert result["monte_carlo"]["draws"] == 2000 and result["monte_carlo"]["stats"]["n"] == 3
    row = next(r for r in report.rows(result) if "Monte Carlo" in r["what"])
    assert row["target"] == "<= 50" and row["median"] != "-"


def test_every_timing_has_its_bare_page_ratio_with_the_issue_target():
    from bench import report

    def s(median):
        return {"median": median, "p95": median, "max": median, "n": 3}

    r = {"slider": {"page": "/overlap", "control": "slider 'x'", "stats": s(140)}, "bare": {"stats": s(100)},
         "ratio": 1.4, "link": {"url": "/overlap?rho=0.2", "stats": s(2800), "bare": s(2000)},
         "startup": {"page": "overlap", "stats": s(8000), "health": s(1500), "bare": s(4500)}}
    ratios = {x["what"]: (x["median"], x["target"], x["ok"]) for x in report.rows(r) if "ratio" in x["what"]}
    assert ratios == {
        "  ratio ours / bare, slider move (medians)": ("1.40x", "<= 1.5", True),
        "  ratio ours / bare, link in a new tab (medians)": ("1.40x", "<= 1.3", False),
        "  ratio ours / bare, start to first chart (medians)": ("1.78x", "<= 1.5", False),
    }


def test_protocol_load_runs_each_sessions_script_and_takes_every_move(app_server):
    """bench.load: sessions over Streamlit's websocket, no browser; each move must reach the chart."""
    from bench.load import run_load

    r = run_load(app_server.url, 2, 3.0)
    assert r["opened"] == 2 and r["errors"] == 0, r["error_kinds"]
    assert r["runs"]["n"] >= 2 and r["runs"]["median"] > 0


def test_protocol_load_runs_inside_a_running_event_loop(app_server):
    """Under pytest-xdist a Playwright sync fixture may already run a loop in this thread: run_load must still work."""
    import asyncio
    import threading

    from bench.load import run_load

    async def inside():
        return run_load(app_server.url, 1, 1.0)

    # A thread of its own, where this test starts the loop (pytest's thread may already run one).
    out: dict = {}
    worker = threading.Thread(target=lambda: out.update(r=asyncio.run(inside())))
    worker.start()
    worker.join(60)
    r = out["r"]
    assert r["opened"] == 1 and r["errors"] == 0, r["error_kinds"]


def test_ratio_interval_brackets_the_ratio_and_is_reproducible():
    from bench.stats import ratio_interval

    ours = [120, 125, 130, 128, 140, 122, 135, 190, 126, 131]
    bare = [60, 62, 64, 61, 90, 63, 65, 59, 66, 62]
    lo, hi = ratio_interval(ours, bare)
    assert lo <= 129.5 / 62.5 <= hi and hi - lo < 0.5
    assert ratio_interval(ours, bare) == (lo, hi)  # seeded
    assert ratio_interval([100] * 5, [50] * 5) == (2.0, 2.0)
    assert ratio_interval([], bare) is None


@given(st.lists(st.floats(1, 1e4), min_size=1, max_size=30), st.lists(st.floats(1, 1e4), min_size=1, max_size=30))
@settings(max_examples=40, deadline=None)
def test_ratio_interval_is_ordered_and_within_the_samples_extremes(ours, bare):
    from bench.stats import ratio_interval

    lo, hi = ratio_interval(ours, bare, draws=200)
    assert lo <= hi
    assert min(ours) / max(bare) - 0.01 <= lo and hi <= max(ours) / min(bare) + 0.01


def test_ratio_row_says_whether_the_noise_reaches_across_the_target():
    from bench import report

    def s(median):
        return {"median": median, "p95": median, "max": median, "n": 3}

    base = {"slider": {"page": "/overlap", "control": "slider 'x'", "stats": s(140)}, "bare": {"stats": s(100)},
            "ratio": 1.4}
    for interval, words in (((1.3, 1.45), "whole interval meets"), ((1.45, 1.6), "straddles"),
                            ((1.55, 1.7), "whole interval misses")):
        row = next(x for x in report.rows(base | {"ratio_interval": interval}) if "ratio" in x["what"])
        assert words in row["note"] and words in report.markdown(base | {"ratio_interval": interval, "meta": {
            "when": "t", "commit": "c", "cpus": 2, "quick": True, "seconds": 1}})
