"""AppTest: the Overlap page's controls drive the model, and the figures carry the numbers,
the scenario, the source and the date; presets, reset, links, pinning and saved scenarios."""
from __future__ import annotations

import base64
import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from channel_conflict import i18n, store
from channel_conflict.model import mix_table, preset, revenue_table, run
from channel_conflict.paths import ROOT
from channel_conflict.views.overlap import CHART_LABELS, partner_name

from .app_helpers import isolated_store, open_app

PAGE = "pages/overlap.py"
DEFAULT_SCENARIO = "resale 10% · discount 15% · cannibalised 50% · differentiated 20% · enterprise-led · 2030"


@pytest.fixture
def env(monkeypatch, built_db, tmp_path):
    return isolated_store(monkeypatch, built_db, tmp_path / "scenarios")


def open_page(params: dict | None = None) -> AppTest:
    at = open_app(PAGE, params, timeout=60)
    check(at)
    return at


def check(at: AppTest) -> None:
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]


TABS = {name: i18n.t(key) for name, key in CHART_LABELS.items()}


def shown(at: AppTest) -> dict[str, dict]:
    """The figures on the page as it is now (the open tab's chart, and the comparison if pinned)."""
    out = {}
    for c in at.get("plotly_chart"):
        out[json.loads(c.proto.config)["toImageButtonOptions"]["filename"]] = json.loads(c.proto.spec)
    return out


def figures(at: AppTest) -> dict[str, dict]:
    """Every chart of the page: one is drawn at a time, so pick each in turn."""
    out = {}
    for label in TABS.values():
        at.session_state["chart"] = label
        at.run()
        assert not at.exception, at.exception
        out.update(shown(at))
    return out


def arr(v) -> list:
    if isinstance(v, dict) and "bdata" in v:
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"])).tolist()
    return list(v)


def bars(at: AppTest) -> dict[str, dict[str, float]]:
    """measure -> partner -> US$ bn, from the grouped bar chart."""
    fig = figures(at)["overlap-exposure-bars"]
    return {t["name"]: dict(zip(arr(t["x"]), arr(t["y"]), strict=True)) for t in fig["data"]}


def title(fig: dict) -> str:
    return fig["layout"]["title"]["text"].replace("<br>", " ")


def footer(fig: dict) -> str:
    return next(a["text"] for a in fig["layout"]["annotations"] if a["text"].startswith("Source:"))


def test_defaults_draw_five_sourced_dated_scenario_stated_charts(env, inputs):
    at = open_page()
    figs = figures(at)
    assert list(figs) == ["overlap-heatmap", "overlap-exposure-bars", "overlap-net-projection", "overlap-quadrant",
                          "overlap-market-share", "overlap-tornado", "overlap-partner"]
    for name, fig in figs.items():
        assert f"Scenario: {DEFAULT_SCENARIO}" in title(fig), name
        assert "Data as of" in footer(fig) and "Overlap model" in footer(fig), name
        assert fig["layout"]["meta"]["scenario"] == DEFAULT_SCENARIO
    r = run(inputs)
    expected = r.partners.set_index("partner")
    got = bars(at)
    for partner, v in got["At risk from OpenAI (rival)"].items():
        assert v == pytest.approx(expected.loc[partner, "revenue_at_risk"])
    for partner, v in got["Paid by OpenAI (customer)"].items():
        assert v == pytest.approx(expected.loc[partner, "from_openai"])
    metrics = {m.label: m.value for m in at.metric}
    d2030 = r.openai.set_index("year").loc[2030, "direct_revenue"]
    assert metrics["OpenAI direct revenue, 2030"] == f"${d2030:,.1f}B"
    assert metrics["Most revenue at risk, 2030"] in set(r.partners["partner"])
    # the risk charts carry 10th-90th percentile bands from the Monte Carlo
    whiskers = {t["name"]: t.get("error_y") for t in figs["overlap-exposure-bars"]["data"]}
    assert whiskers["At risk from OpenAI (rival)"] and whiskers["Net position"]
    assert any(t.get("fill") == "toself" for t in figs["overlap-net-projection"]["data"])
    # the calibration table and the model document are drawn only once opened (lazy expanders)
    assert not any("reported" in d.value.columns for d in at.dataframe)
    at.session_state["ov_calibration_open"] = True
    at.session_state["ov_how_open"] = True
    at.run()
    check(at)
    assert any("worked example" in m.value.lower() for m in at.markdown)
    # the calibration table, the one-partner view and the plain-words model note are on the page
    tables = [d.value for d in at.dataframe]
    cal = next(t for t in tables if "reported" in t.columns and "modelled" in t.columns)
    assert set(cal["partner"]) == {"AWS", "Azure", "Google Cloud", "Oracle", "CoreWeave"} and cal["within"].all()
    assert cal["source"].str.startswith("http").all()
    glance = next(t for t in tables if "measure" in t.columns)  # figures() left the one-partner tab open
    assert glance["measure"].str.contains("Revenue at risk").any() and glance["p90"].notna().any()
    at.session_state["chart"] = TABS["overlap-heatmap"]
    at.run()
    assert not any("measure" in d.value.columns for d in at.dataframe), "the one-partner table is in its own tab"
    assert any("How the model works" in e.label for e in at.expander)
    # the undisclosed deals are said plainly
    assert any("value is undisclosed" in i.value and "Google Cloud" in i.value for i in at.info)
    # market chart: OpenAI only after
    market = {t["name"]: arr(t["x"]) for t in figs["overlap-market-share"]["data"]}
    assert market["OpenAI"][0] == 0 and market["OpenAI"][1] > 0


def test_rho_zero_gives_zero_risk_and_the_title_follows(env):
    at = open_page()
    at.slider(key="rho").set_value(0.0).run()
    check(at)
    assert all(v == 0 for v in bars(at)["At risk from OpenAI (rival)"].values())
    assert "Scenario: resale 0% ·" in title(figures(at)["overlap-exposure-bars"])
    assert {m.label: m.value for m in at.metric}["OpenAI direct revenue, 2030"] == "$0.0B"


def test_full_protection_zeroes_that_partner_only(env):
    at = open_page()
    at.slider(key="protect_aws").set_value(1.0).run()
    check(at)
    risk = bars(at)["At risk from OpenAI (rival)"]
    assert risk["AWS"] == 0 and risk["Azure"] > 0
    assert "protection AWS 100%" in title(figures(at)["overlap-heatmap"])


def test_presets_set_the_controls_and_reset_restores_them(env, inputs):
    at = open_page()
    before = bars(at)["At risk from OpenAI (rival)"]
    at.button(key="ov_preset_enterprise").click().run()
    check(at)
    p = preset("enterprise", inputs)
    assert at.slider(key="rho").value == pytest.approx(p.rho)
    assert at.slider(key="w_large_enterprise").value == pytest.approx(p.weights["large_enterprise"])
    assert "Enterprise-first AI cloud: resale 20%" in title(figures(at)["overlap-quadrant"])
    after = bars(at)["At risk from OpenAI (rival)"]
    expected = run(inputs, p).partners.set_index("partner")["revenue_at_risk"]
    assert after["Azure"] == pytest.approx(expected["Azure"]) and after["Azure"] > before["Azure"]
    at.button(key="ov_preset_all_out").click().run()
    assert at.slider(key="rho").value == pytest.approx(0.5)
    at.button(key="ov_reset").click().run()
    check(at)
    assert at.slider(key="rho").value == pytest.approx(inputs.defaults.rho)
    assert f"Scenario: {DEFAULT_SCENARIO}" in title(figures(at)["overlap-heatmap"])


def test_weights_not_summing_to_one_are_normalised_with_a_note(env):
    at = open_page()
    at.slider(key="w_consumers").set_value(0.55).run()
    check(at)
    note = [i.value for i in at.info if "target weights add up to" in i.value]
    assert note and "150%" in note[0]
    heat = figures(at)["overlap-heatmap"]
    assert "target 37%" in " ".join(arr(heat["data"][0]["x"]))  # 0.55 / 1.5


def test_link_values_open_the_same_view_and_bad_values_get_a_notice(env, inputs):
    at = open_page({"rho": "0.3", "year": "2032", "w_large_enterprise": "0.5"})
    assert at.slider(key="rho").value == pytest.approx(0.3)
    assert "· 2032" in title(figures(at)["overlap-net-projection"])
    lines = [t for t in figures(at)["overlap-net-projection"]["data"] if t.get("mode") == "lines+markers"]
    years = arr(lines[0]["x"])
    assert years[-1] == 2032
    bad = open_page({"rho": "5", "nonsense": "1"})
    assert bad.slider(key="rho").value == pytest.approx(inputs.defaults.rho)
    notice = " ".join(w.value for w in bad.warning)
    assert "rho=5" in notice and "nonsense" in notice


def test_pin_then_move_shows_the_deltas(env):
    at = open_page()
    at.button(key="ov_pin").click().run()
    at.slider(key="rho").set_value(0.3).run()
    check(at)
    figs = figures(at)
    assert "overlap-compare-pinned" in figs
    delta = {t["name"]: dict(zip(arr(t["x"]), arr(t["y"]), strict=True))
             for t in figs["overlap-compare-pinned"]["data"]}
    assert all(v > 0 for k, v in delta["Change in revenue at risk"].items())
    assert "Pinned: resale 10%" in title(figs["overlap-compare-pinned"])
    assert any("vs pinned" in (m.delta or "") for m in at.metric)
    at.button(key="ov_unpin").click().run()
    assert "overlap-compare-pinned" not in figures(at)


def test_save_then_reopen_by_name_in_a_new_session(env, inputs):
    at = open_page()
    at.slider(key="kappa").set_value(0.8).run()
    at.text_input(key="ov_save_name").input("Kappa push #1").run()
    at.button(key="ov_save").click().run()
    check(at)
    sid = at.session_state["scenario"]
    assert sid.startswith("kappa-push-1-") and (env / f"{sid}.json").exists()
    assert any("Saved as" in s.value and sid in s.value.replace("\\", "") for s in at.success)  # may be md-escaped
    # the same name again makes a new scenario: the first is never changed
    at.slider(key="kappa").set_value(0.2).run()
    at.text_input(key="ov_save_name").input("Kappa push #1").run()
    at.button(key="ov_save").click().run()
    check(at)
    assert at.session_state["scenario"] != sid and len(list(env.glob("kappa-push-1-*.json"))) == 2
    assert json.loads((env / f"{sid}.json").read_text())["values"]["kappa"] == pytest.approx(0.8)
    # a fresh session (as after a restart) reopens it from the link
    again = open_page({"scenario": sid})
    assert again.slider(key="kappa").value == pytest.approx(0.8)
    assert "saved “Kappa push #1”" in title(figures(again)["overlap-exposure-bars"])


def test_saved_scenario_with_edited_assumptions_is_marked_edited(env, inputs):
    rev = revenue_table(inputs)[["partner_id", "cloud_revenue", "ai_fraction", "growth_pct"]]
    rev.loc[rev.partner_id == "microsoft", "cloud_revenue"] = 200.0
    mix = mix_table(inputs).drop(columns=["partner"])
    saved = store.get().save("Bigger Azure", {"rho": 0.1}, rev, mix, changed=["cloud_revenue.microsoft"])
    at = open_page({"scenario": saved.id})
    figs = figures(at)
    for name, fig in figs.items():
        assert "edited assumptions" in title(fig), name
    assert not any("100 → 200" in c.value for c in at.caption), "the editors are drawn only when opened"
    at.session_state["ov_edit_open"] = True
    at.run()
    # named and in its unit as a reader says it, not 'cloud_revenue.microsoft 100 → 200'
    azure = partner_name(inputs, "microsoft")
    assert any(f"{azure} cloud revenue $100B → $200B" in c.value for c in at.caption), [c.value for c in at.caption]
    # back to sourced defaults drops the edits
    at.button(key="ov_back_sourced").click().run()
    check(at)
    assert "edited assumptions" not in title(figures(at)["overlap-heatmap"])


def test_chinese_editor_shows_revenue_in_the_pages_unit_and_an_untouched_editor_edits_nothing(env, inputs):
    at = open_page({"lang": "zh-TW"})
    at.session_state["ov_edit_open"] = True
    at.run()
    check(at)
    shown = next(e for e in at.dataframe if "cloud_revenue" in e.value.columns).value
    model = revenue_table(inputs).set_index("partner_id")["cloud_revenue"]
    # 億美元, ten to a US$ bn, as the page's cards and charts; opened and left alone, nothing reads as edited
    assert np.allclose(shown.set_index("partner_id")["cloud_revenue"], model * 10)
    assert not any(i18n.t("overlap.tables.edited", "zh-TW") in c.value for c in at.caption)
    # the mix's confidence said once above its grid, not in each of five headers
    mix_note = i18n.t("overlap.tables.mix", "zh-TW", confidence=i18n.confidence("assumption", "zh-TW"))
    assert any(c.value == mix_note for c in at.caption)
    assert "已編輯假設" not in title(figures(at)["overlap-heatmap"])


def test_corrupt_saved_file_gives_a_message_not_a_crash(env):
    env.mkdir(parents=True, exist_ok=True)
    (env / "broken.json").write_text("{ not json", encoding="utf-8")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["scenario"] = "broken"
    at.switch_page(PAGE).run()
    assert not at.exception
    assert any("damaged" in e.value for e in at.error)
    assert len(figures(at)) == len(TABS)


def test_cli_export_for_overlap_matches_the_page(env, tmp_path, built_db, capsys):
    from channel_conflict.export import cli

    class Stub:
        def render(self, fig, fmt, scale=2, width=None, height=None) -> bytes:
            return b"<svg/>" if fmt == "svg" else b"\x89PNG stub"

    out = tmp_path / "pack"
    code = cli.main(["export", "--page", "overlap", "--params", "rho=0.2", "--out", str(out), "--db", str(built_db),
                     "--format", "files"], renderer=Stub())
    assert code == 0, capsys.readouterr().err
    scenario = json.loads((out / "scenario.json").read_text(encoding="utf-8"))
    assert scenario["params"]["rho"] == 0.2 and scenario["link"].endswith("/overlap?rho=0.2")
    at = open_page({"rho": "0.2"})
    page_titles = [title(f) for f in figures(at).values()]
    assert [c["title"] for c in scenario["charts"]] == [t.split(" Scenario:")[0].split("<span")[0]
                                                         .replace("<b>", "").replace("</b>", "").strip()
                                                         for t in page_titles]
    assert all(c["scenario"].startswith("resale 20%") for c in scenario["charts"])
    # the banded charts' CSVs carry the 10th and 90th percentiles beside the central value
    import pandas as pd

    for name, central in (("overlap-exposure-bars", "revenue_at_risk"), ("overlap-net-projection", "net"),
                          ("overlap-partner", "revenue_at_risk")):
        data = pd.read_csv(out / f"{name}.csv")
        # pack CSVs carry the unit in the header (US$ bn) and round to a readable precision
        assert {central + "_usd_bn", "p10_usd_bn", "p90_usd_bn"} <= set(data.columns), name
        both = data[["p10_usd_bn", "p90_usd_bn"]].dropna()  # a net band is blank where the deal's value is unknown
        assert len(both) and (both["p10_usd_bn"] <= both["p90_usd_bn"] + 1e-9).all(), name
        assert (both["p10_usd_bn"].round(3) == both["p10_usd_bn"]).all(), name
    tor = pd.read_csv(out / "overlap-tornado.csv")
    assert len(tor) == 5 and {"input", "low", "high", "at_risk_low_usd_bn", "at_risk_high_usd_bn"} <= set(tor.columns)
    # low, current and high hold a revenue (US$ bn) beside a share (0.15): each row names its unit
    units = ["US$ bn per year", "fraction", "% per year", "ratio", "slope (0 = even payments)", "calendar year"]
    assert tor["unit"].notna().all() and tor["unit"].isin(units).all(), tor["unit"]


def test_one_chart_at_a_time_and_the_tab_is_in_the_link(env):
    at = open_page()
    assert list(shown(at)) == ["overlap-heatmap"], "only the open tab's chart is built and sent"
    at = open_page({"chart": TABS["overlap-market-share"]})
    assert list(shown(at)) == ["overlap-market-share"]
    at = open_page({"chart": "no such chart"})
    assert list(shown(at)) == ["overlap-heatmap"]
    assert any("This link asked for values" in w.value and "chart=no such chart" in w.value for w in at.warning)


def test_a_chart_named_in_either_language_opens_in_both(env):
    """A link names the chart by its label in its sender's language; a reader in the other opens it."""
    zh = i18n.t("overlap.tab_market", "zh-TW")
    for params in ({"chart": TABS["overlap-market-share"], "lang": "zh-TW"}, {"chart": zh}):
        at = open_page(params)
        assert list(shown(at)) == ["overlap-market-share"], params
        assert not at.warning, [w.value for w in at.warning]


def test_outside_the_sourced_world_is_said_and_the_headline_names_who_risks_more(env, inputs):
    at = open_page({"rho": "1", "delta": "0", "ratio": "2.5", "kappa": "1", "diff": "0", "year": "2030"})
    notes = " ".join(w.value for w in at.warning)
    assert "Outside the sourced world" in notes and "revenue forecast" in notes and "28" in notes
    t2 = title(figures(at)["overlap-exposure-bars"])
    r = run(inputs, inputs.defaults.with_(rho=1, delta=0, ratio=2.5, kappa=1, diff=0))
    p = r.partners.set_index("partner")
    worse = [n for n in ("AWS", "Azure", "Oracle", "CoreWeave")
             if p.loc[n, "revenue_at_risk"] > p.loc[n, "from_openai"]]
    assert worse, "this corner should leave some partner risking more than it earns"
    assert "risk more from OpenAI as a rival than they earn" in t2 and all(n in t2 for n in worse)
    quiet = open_page()
    assert not any("Outside the sourced world" in w.value for w in quiet.warning)


def test_one_partner_at_a_glance_follows_the_selector_and_the_link(env, inputs):
    at = open_page({"partner": "Oracle", "chart": TABS["overlap-partner"]})
    assert at.selectbox(key="partner").value == "Oracle"
    assert not any("This link asked for values" in w.value for w in at.warning)
    fig = shown(at)["overlap-partner"]
    assert title(fig).startswith("<b>Oracle in 2030")
    glance = next(d.value for d in at.dataframe if "measure" in d.value.columns)
    g = glance.set_index("measure")
    a = run(inputs).arrays
    i = inputs.partners.index("oracle")
    assert g.loc["Paid by OpenAI, 2030 (US$ bn)", "value"] == pytest.approx(a.K_p[i, -1], abs=0.005)  # shown to 0.01
    risk = g.loc["Revenue at risk, 2030 (US$ bn)"]
    assert risk["p10"] - 0.005 <= a.RaR[i, -1] <= risk["p90"] + 0.005 and risk["p10"] < risk["p90"]
    at.selectbox(key="partner").set_value("Azure").run()
    check(at)
    assert shown(at)["overlap-partner"]["layout"]["title"]["text"].startswith("<b>Azure")
    stake = next(d.value for d in at.dataframe if "measure" in d.value.columns)
    assert stake["measure"].str.contains("stake in OpenAI").any()
