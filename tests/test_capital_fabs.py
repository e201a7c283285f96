"""Capital, reframed (issue 11): the fab case beside the data-centre case, where guarantees land, asset lives."""
from __future__ import annotations

import duckdb
import pytest

from channel_conflict import capital as fin
from tests.test_app_capital import arr, figures, footer, run_page, title, trace


def test_fab_savings_by_hand():
    # $40B, half debt, 2 build years, 10-year life, 100 bps: outstanding 10, 20, then 20, 17.5, ..., 2.5
    s = fin.fab_spread_savings(40, 2, 10, 0.5, 100)
    assert s["debt_usd_bn"].tolist() == pytest.approx([10, 20, 20, 17.5, 15, 12.5, 10, 7.5, 5, 2.5])
    assert s["saved_usd_bn"].sum() == pytest.approx(0.01 * 120)
    assert list(s["phase"]) == ["build"] * 2 + ["repay"] * 8
    with pytest.raises(ValueError):
        fin.fab_spread_savings(40, 5, 5, 0.5, 100)


def test_a_fab_saves_over_decades_what_a_data_centre_saves_in_years():
    # same money, same spread: the fab's loan runs its life, so it saves more per dollar borrowed
    fab = fin.fab_spread_savings(100, 4, 20, 0.5, 150)["cumulative_usd_bn"].iloc[-1]
    dc = fin.spread_savings(100, 4, 0.5, 150)["cumulative_usd_bn"].iloc[-1]
    assert fab > 3 * dc


@pytest.fixture
def page(use_db):
    return run_page()


def test_fab_support_chart_reads_the_awards(page, built_db):
    fig = figures(page)["capital-fab-support"]
    with duckdb.connect(str(built_db), read_only=True) as con:
        total = con.execute("""SELECT sum(amount_usd_bn), count(DISTINCT company) FROM fab_support
                               WHERE program = 'CHIPS Act' AND instrument = 'grant' AND stage = 'final'""").fetchone()
    assert f"${total[0]:.1f}B of final grants to {total[1]} chipmakers" in title(fig).replace("<br>", " ")
    assert "no federal loan guarantee for a chip fab found" in title(fig).replace("<br>", " ")
    equity = trace(fig, "Unpaid grants converted to equity")
    assert [y.split(" · ")[0] for y in equity["y"]] == ["Intel"] and arr(equity["x"]) == [5.7]
    assert any("9.9% US stake" in a["text"] for a in fig["layout"]["annotations"])
    assert "U.S. Department of Commerce" in footer(fig)  # a primary source is named first


def test_fab_case_beside_the_data_centre_case(page):
    figs = figures(page)
    fab, dc = figs["capital-fab-guarantee-savings"], figs["capital-guarantee-savings"]
    assert "fab" in title(fab) and "$65B" in title(fab)  # TSMC Arizona's capex, from fab_projects
    assert "does not seek" in title(dc)
    s = fin.fab_spread_savings(65, 4, 20, page.slider(key="debt_pct").value / 100,
                               page.slider(key="spread_cut_bps").value)
    build = trace(fab, "Saved while it is built")
    assert len(arr(build["x"])) == 4 and len(arr(trace(fab, "Saved while it is repaid")["x"])) == 16
    assert f"${s['cumulative_usd_bn'].iloc[-1]:.1f}B" in title(fab).replace("<br>", " ")


def test_asset_lives_from_the_sliders_and_the_link(use_db):
    at = run_page({"fab_life_years": "30", "server_life_years": "5", "cadence_months": "18"})
    fig = figures(at)["capital-asset-lives"]
    bars = fig["data"][0]
    assert arr(bars["x"]) == [30, 5, 1.5]
    assert "6.0 server lives" in title(fig).replace("<br>", " ") and "20 accelerator" in title(fig).replace("<br>", " ")


def test_open_question_is_on_the_page(page):
    text = " ".join(i.value for i in page.info)
    assert "have any guarantees for AI-chip fabs been offered" in text and "TSMC up to $5B" in text
    assert len(page.dataframe) >= 2  # the fab projects table and the assumptions
