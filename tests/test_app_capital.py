"""AppTest: the Capital page draws its three questions from the assumptions table, and follows the link."""
from __future__ import annotations

import base64
import json
import re

import duckdb
import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from channel_conflict import capital as fin
from channel_conflict import i18n

from .app_helpers import run_app

PAGE = "pages/capital.py"


def run_page(params: dict | None = None) -> AppTest:
    return run_app(PAGE, params)


def figures(at: AppTest) -> dict[str, dict]:
    """Figures by the PNG file name the camera button uses."""
    out = {}
    for c in at.get("plotly_chart"):
        name = json.loads(c.proto.config)["toImageButtonOptions"]["filename"]
        out[name] = json.loads(c.proto.spec)
    return out


def arr(v) -> list:
    """A Plotly JSON array: a plain list, or a typed array {'dtype', 'bdata'} (Plotly 6+)."""
    if isinstance(v, dict) and "bdata" in v:
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"])).tolist()
    return list(v)


@pytest.fixture(scope="module")
def assumed(built_db) -> dict[str, float]:
    """The assumptions the test DB holds (the data team revises them; the page must follow)."""
    con = duckdb.connect(str(built_db), read_only=True)
    try:
        return dict(con.execute("SELECT name, value FROM assumptions").fetchall())
    finally:
        con.close()


def title(fig: dict) -> str:
    """Title block as text; the house style may wrap long lines with <br>."""
    return fig["layout"]["title"]["text"].replace("<br>", " ")


def footer(fig: dict) -> str:
    return next(a["text"] for a in fig["layout"]["annotations"] if a["text"].startswith("Source:"))


def trace(fig: dict, name_start: str) -> dict:
    return next(t for t in fig["data"] if t["name"].startswith(name_start))


@pytest.fixture
def default_page(use_db):
    return run_page()


def test_defaults_come_from_the_assumptions_table(default_page, assumed):
    at = default_page
    assert at.slider(key="buildout_usd_bn").value == assumed["buildout_usd_bn"]
    assert at.slider(key="buildout_years").value == assumed["buildout_years"]
    assert at.slider(key="debt_pct").value == round(100 * assumed["debt_share"])
    assert at.slider(key="spread_cut_bps").value == assumed["spread_cut_bps"]
    assert at.slider(key="server_life_years").value == assumed["server_life_years"]
    assert at.slider(key="cadence_months").value == assumed["accelerator_cadence_months"]
    assert at.slider(key="utilisation_pct").value == round(100 * assumed["gpu_utilisation"])
    # each slider says whether it is an assumption or a reported figure, and carries its rationale
    debt = at.slider(key="debt_pct")
    assert "(assumption)" in debt.label and "half of the build-out" in debt.help
    assert "(confirmed)" in at.slider(key="buildout_usd_bn").label  # Altman's own post states it


def test_every_chart_with_scenario_and_source(default_page):
    figs = figures(default_page)
    assert set(figs) == {"capital-fab-support", "capital-fab-guarantee-savings", "capital-guarantee-savings",
                         "capital-asset-lives", "capital-depreciation-gap", "capital-gpu-hour-vs-market",
                         "capital-gpu-hour-cost-stack"}
    for name, fig in figs.items():
        assert ("Scenario:" in title(fig)) == (name != "capital-fab-support")  # the awards are data, not a scenario
        assert "Data as of" in footer(fig)


def test_guarantee_savings_default(default_page, assumed):
    fig = figures(default_page)["capital-guarantee-savings"]
    years = int(assumed["buildout_years"])
    expect = fin.spread_savings(assumed["buildout_usd_bn"], years, assumed["debt_share"], assumed["spread_cut_bps"])
    assert f"{assumed['spread_cut_bps']:.0f} bps" in title(fig)
    assert f"${expect['cumulative_usd_bn'].iloc[-1]:,.0f}B" in title(fig)
    assert f"${assumed['buildout_usd_bn']:,.0f}B over {years} years" in title(fig)
    bars = trace(fig, "Saved that year")
    assert arr(bars["x"])[0] == 2026 and len(arr(bars["x"])) == years
    assert arr(bars["y"]) == pytest.approx(expect["saved_usd_bn"].tolist())
    assert arr(trace(fig, "Cumulative")["y"])[-1] == pytest.approx(expect["cumulative_usd_bn"].iloc[-1])
    assert "build-out size:" in footer(fig) and "our assumptions" in footer(fig)


def test_depreciation_default(default_page, assumed):
    fig = figures(default_page)["capital-depreciation-gap"]
    life, cadence = int(assumed["server_life_years"]), assumed["accelerator_cadence_months"]
    expect = fin.depreciation_gap(100, life, cadence, 0.4)
    assert f"{life}-year life vs {cadence:.0f}-month cadence" in title(fig)
    gap = trace(fig, "Write-down risk")
    assert arr(gap["y"]) == pytest.approx(expect["gap"].iloc[1:].tolist())
    peak = expect.loc[expect["gap"].idxmax()]
    assert f"up to {peak['gap']:.0f}% of cost (year {peak['t_years']:.0f})" in title(fig)


def test_hand_checked_depreciation_from_the_link(use_db):
    # life 6, cadence 15, drop 40%: year 2 book 66.7 vs one generation 60; year 3 50 vs 36 (gap 14)
    fig = figures(run_page({"server_life_years": "6", "cadence_months": "15", "gen_drop_pct": "40"}))[
        "capital-depreciation-gap"]
    assert "up to 14% of cost (year 3)" in title(fig)
    assert arr(trace(fig, "Write-down risk")["y"]) == pytest.approx(
        [0, 100 * 2 / 3 - 60, 14, 100 / 3 - 21.6, 100 / 6 - 12.96, 0])


def test_gpu_hour_default(default_page, assumed):
    figs = figures(default_page)
    fig = figs["capital-gpu-hour-vs-market"]
    c = fin.gpu_hour_cost(assumed["gpu_capex_usd"], assumed["server_life_years"], assumed["cost_of_capital_pct"],
                          assumed["gpu_opex_usd_per_hour"], assumed["gpu_utilisation"], 0.25)
    assert f"Implied cost ${c.cost_per_billed_hour:.2f}" in title(fig)
    assert f"direct price ${c.direct_price:.2f}" in title(fig)
    assert "hyperscalers ($3.50–5.00)" in title(fig)
    assert "no level given" in title(fig)  # the 2025-06 hyperscaler row without a price is mentioned, not drawn
    drawn = [y for t in fig["data"] for y in (t.get("y") or []) if isinstance(y, str)]
    assert not any(y.startswith("Jun 2025") for y in drawn)
    hyper = trace(fig, "Hyperscalers")
    assert "May 2026 · H100 · Hyperscalers" in hyper["y"]
    assert "Confidence" in hyper["hovertemplate"] and "Source" in hyper["hovertemplate"]
    assert arr(trace(fig, "Implied cost")["x"])[0] == pytest.approx(c.cost_per_billed_hour)
    stack = figs["capital-gpu-hour-cost-stack"]
    assert sum(arr(t["x"])[0] for t in stack["data"]) == pytest.approx(c.direct_price)


def test_hand_checked_gpu_hour_from_the_link(use_db):
    fig = figures(run_page({"gpu_capex_usd": "45000", "server_life_years": "6", "cost_of_capital_pct": "9",
                            "gpu_opex": "0.45", "utilisation_pct": "70", "margin_pct": "25"}))[
        "capital-gpu-hour-vs-market"]
    # 45,000 x 0.09/(1-1.09^-6) = 10,031.4 a year = $1.1451/h; +0.45 = 1.5951; /0.7 = 2.2788; x1.25 = 2.8485
    assert "Implied cost $2.28" in title(fig) and "direct price $2.85" in title(fig)
    assert "below hyperscalers" in title(fig)


def test_link_values_change_every_chart(use_db):
    at = run_page({"buildout_usd_bn": "1400", "buildout_years": "5", "debt_pct": "100", "spread_cut_bps": "200",
                   "server_life_years": "4", "gen_drop_pct": "20", "utilisation_pct": "50", "margin_pct": "0",
                   "gpu_capex_usd": "45000", "cost_of_capital_pct": "9", "gpu_opex": "0.45"})
    figs = figures(at)
    g = figs["capital-guarantee-savings"]
    # 1,400 x 100% / 5 = 280 a year; 2% of 280 x (1+..+5) = 84
    assert "$84B" in title(g) and "by 2030" in title(g)
    assert arr(trace(g, "Saved that year")["y"])[0] == pytest.approx(5.6)
    d = figs["capital-depreciation-gap"]
    assert "4-year life" in title(d) and "20%" in title(d)
    # life 4, drop 20%: year 1 book 75 vs 100; year 2 50 vs 80; the fleet keeps its value longer than its books
    assert "No write-down risk" in title(d)
    p = figs["capital-gpu-hour-vs-market"]
    # 45,000 x 0.09/(1-1.09^-4) / 8760 = 1.5857; + 0.45 = 2.0357; / 0.5 = 4.0714; no markup
    assert arr(trace(p, "Implied cost")["x"])[0] == pytest.approx(4.0714, rel=1e-3)
    assert arr(trace(p, "Direct-sale")["x"])[0] == pytest.approx(4.0714, rel=1e-3)
    assert "markup 0%" in title(p)


def test_bad_link_value_falls_back_with_a_notice(use_db, assumed):
    at = run_page({"spread_cut_bps": "9999", "debt_pct": "lots"})
    assert at.slider(key="spread_cut_bps").value == assumed["spread_cut_bps"]
    assert at.slider(key="debt_pct").value == round(100 * assumed["debt_share"])
    notice = " ".join(w.value for w in at.warning)
    assert "spread_cut_bps=9999" in notice and "debt_pct=lots" in notice


def test_slider_move_redraws(default_page):
    at = default_page
    at.slider(key="spread_cut_bps").set_value(70).run()
    assert not at.exception
    assert "70 bps" in title(figures(at)["capital-guarantee-savings"])


def test_assumption_table_lists_every_slider(default_page):
    frames = [d.value for d in default_page.dataframe]
    table = next(f for f in frames if "rationale" in f.columns)
    assert {"buildout_usd_bn", "debt_pct", "gen_drop_pct", "margin_pct"} <= set(table["slider"])
    assert {"value", "unit", "rationale", "confidence", "source"} <= set(table.columns)
    row = table.set_index("slider").loc["buildout_usd_bn"]
    assert row["source"].startswith("http") and row["confidence"] == "confirmed"
    assert row["name"] == "Build-out, US$ bn" and row["unit"] == "US$ bn"
    assert "None" not in table.astype(str).to_numpy().ravel().tolist()


def test_assumption_table_in_chinese_names_units_and_confidence_in_chinese():
    """The review found raw keys (fab_capex_usd_bn), units (usd_bn, bps) and 'reported' in Chinese."""
    at = run_page({"lang": "zh-TW"})
    table = next(d.value for d in at.dataframe if "rationale" in d.value.columns)
    raw = {"usd_bn", "bps", "years", "months", "usd_per_gpu", "usd_per_gpu_hour", "reported", "confirmed",
           "assumption", "estimate", "our assumption", "None"}
    cells = set(table[["name", "unit", "confidence", "publisher"]].astype(str).to_numpy().ravel())
    assert not cells & raw, cells & raw
    assert not any("_" in n for n in table["name"]), list(table["name"])


def test_savings_charts_read_as_slides(default_page):
    """The two savings charts: each the page's full width (side by side their titles shrank to 7-9 px),
    year ticks level and at most a dozen, and one legend order (bars, then the cumulative lines)."""
    at = default_page
    assert not [c for c in at.columns if c.get("plotly_chart")], "a chart is drawn in a column"
    figs = figures(at)
    orders = []
    for name in ("capital-fab-guarantee-savings", "capital-guarantee-savings"):
        fig = figs[name]
        axis = fig["layout"]["xaxis"]
        years = sorted({y for t in fig["data"] for y in arr(t["x"])})
        assert axis["tickangle"] == 0 and (years[-1] - years[0]) / axis["dtick"] <= 12, (name, axis)
        assert fig["layout"]["legend"]["traceorder"] == "normal"
        orders.append([t["type"] for t in fig["data"]])
    assert all(o == sorted(o) for o in orders)  # 'bar' before 'scatter' on both


def test_money_is_written_one_way(default_page):
    """Slider dollars carry thousands separators as the charts do; the CHIPS bars share one precision."""
    at = default_page
    assert at.slider(key="buildout_usd_bn").proto.format == "$%,dB"
    assert at.slider(key="gpu_capex_usd").proto.format == "$%,d"
    labels = [x for t in figures(at)["capital-fab-support"]["data"] for x in t.get("text") or []]
    assert labels and {len(x.split(".")[-1]) for x in labels} == {len("00B")}, labels


def test_chinese_sliders_write_no_dollar_billions():
    """'$1,400B' under a 十億美元 label read as NT$ and an English unit: Chinese sliders show the bare
    amount (the label names the unit) and US$ where a dollar sign stays."""
    at = run_page({"lang": "zh-TW"})
    assert not at.exception
    money = at.slider(key="buildout_usd_bn")
    assert money.proto.format == "%,d" and "十億美元" in money.label
    assert at.slider(key="gpu_capex_usd").proto.format == "US$%,d"


def test_the_fab_table_writes_investments_as_the_charts_write_money():
    """In Chinese the table said 投資，十億美元 '165' beside charts and titles in 億美元 and 兆美元."""
    for lang, unit in (("en", r"\$[\d,.]+B"), ("zh-TW", r"[\d,.]+(億|兆)美元")):
        at = run_page({"lang": lang})
        table = next(d.value for d in at.dataframe if "capex_usd_bn" in d.value.columns)
        gap = i18n.t("capital.fab.not_disclosed", lang)
        amounts = [v for v in table["capex_usd_bn"] if v != gap]
        assert amounts and all(re.fullmatch(unit, v) for v in amounts), amounts
