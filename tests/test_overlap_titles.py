"""Overlap chart titles state what their chart shows: a title never claims what a line on it contradicts."""
from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from channel_conflict import i18n
from channel_conflict.dataversion import as_of_from
from channel_conflict.params import parse
from channel_conflict.views import overlap as view

NET = "overlap-net-projection"



def _net(q, **values):
    defaults, problems = parse(view.params(q), {})
    assert not problems
    chart = view.charts_for(q, defaults | values, as_of_from(q), only=NET)[0]
    return chart.figure.layout.title.text, chart.data


def test_a_partner_whose_contracts_end_and_goes_negative_is_named_in_the_title(q):
    title, data = _net(q)
    named = data[data["partner_id"] != "others"]
    below = named[named["net"] < 0]
    first_paid = named[named["from_openai"] > 0].groupby("partner_id")["year"].min()
    ended = below[below["year"] > below["partner_id"].map(first_paid)]
    assert len(ended), "the sourced data has a contract that ends before the horizon (CoreWeave's, 2025-2029)"
    first = ended.sort_values("year").iloc[0]
    assert first["partner"] in title and str(int(first["year"])) in title
    assert "outweighs the risk" not in title


@given(rho=st.sampled_from([0.05, 0.1, 0.3, 0.6, 0.9]), kappa=st.sampled_from([0.1, 0.5, 0.9]),
       year=st.sampled_from([2027, 2028, 2029, 2030]))
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_title_never_says_every_contract_outweighs_the_risk_over_a_negative_line(q, rho, kappa, year):
    title, data = _net(q, rho=rho, kappa=kappa, year=year)
    named = data[data["partner_id"] != "others"]
    first_paid = named[named["from_openai"] > 0].groupby("partner_id")["year"].min()
    later = named[named["year"] >= named["partner_id"].map(first_paid)]  # from each contract's first payment on
    if (later["net"] < 0).any():
        assert "outweighs the risk" not in title


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_charts_name_inputs_and_partners_in_the_readers_language(q, lang):
    defaults, _ = parse(view.params(q), {})
    charts = {c.name: c for c in view.charts_for(q, defaults | {"lang": lang}, as_of_from(q))}
    tornado = charts["overlap-tornado"]
    labels = [str(y) for y in tornado.figure.data[0].y] + [tornado.figure.layout.title.text]
    assert labels and not any("_" in x for x in labels), labels  # 'ai_fraction AWS' was the column name
    names = {t.name for c in ("overlap-net-projection", "overlap-market-share") for t in charts[c].figure.data}
    assert ("Others" in names) == (lang == "en") and (("其他" in names) == (lang == "zh-TW"))


def test_the_paid_vs_at_risk_title_agrees_in_number_and_counts_only_partners_still_paid(q):
    defaults, _ = parse(view.params(q), {})
    chart = view.charts_for(q, defaults, as_of_from(q), only="overlap-exposure-bars")[0]
    title = chart.figure.layout.title.text
    data = chart.data
    behind = data[(data["partner_id"] != "others") & (data["revenue_at_risk"] > data["from_openai"])
                  & (data["from_openai"] == 0) & data["partner"].isin(["CoreWeave"])]
    if len(behind) == 1 and "risk" in title:
        assert "CoreWeave risks more" in title and "it earns" in title and "still pays" in title


def test_the_chinese_scenario_line_has_no_spaces_inside_its_phrases(q):
    defaults, _ = parse(view.params(q), {})
    title = view.charts_for(q, defaults | {"lang": "zh-TW"}, as_of_from(q), only=NET)[0].figure.layout.title.text
    assert "以 " not in title and " 為主" not in title and ("為主" in title or "多為" in title or "平均" in title)


MONEY_CHARTS = ("overlap-exposure-bars", "overlap-net-projection", "overlap-tornado", "overlap-partner")


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_overlap_money_is_in_the_unit_of_the_cards_above_it(q, lang):
    """The cards write 億美元 in Chinese; the charts under them said 十億美元 (ten times fewer of a unit
    ten times larger): every axis, hover and title now plots and writes the cards' unit."""
    defaults, _ = parse(view.params(q), {})
    charts = {c.name: c for c in view.charts_for(q, defaults | {"lang": lang, view.PARTNER_KEY: "CoreWeave"},
                                                       as_of_from(q), only=None)
              if c.name in MONEY_CHARTS}
    assert set(charts) == set(MONEY_CHARTS)
    scale = 10 if lang == "zh-TW" else 1
    for name, c in charts.items():
        fig = c.figure
        texts = [fig.layout.title.text, fig.layout.xaxis.title.text or "", fig.layout.yaxis.title.text or "",
                 *(tr.hovertemplate or "" for tr in fig.data)]
        assert not any("十億" in t for t in texts), (name, texts)
        if lang == "zh-TW":
            axis = fig.layout.xaxis if name == "overlap-tornado" else fig.layout.yaxis
            assert "億美元" in axis.title.text, (name, axis.title.text)
            assert all("US$" not in t for t in texts), (name, texts)
    bars = charts["overlap-exposure-bars"]
    net = bars.figure.data[-1]  # paid, at risk, net (charts.overlap.MEASURES)
    # An undisclosed deal's net is unknown: blank in the CSV, a "?" at zero on the chart
    unknown = bars.data["net"].isna()
    assert unknown.any() and bars.data.loc[unknown, "from_openai"].isna().all()
    assert [t for t, u in zip(net.text, unknown, strict=True) if u] == ["?"] * int(unknown.sum())
    assert list(net.y) == pytest.approx(list(bars.data["net"].fillna(0) * scale))
    # A bar's label says its plotted value (one decimal of US$ bn, whole 億)
    assert net.text[0] == f"{bars.data['net'].iloc[0] * scale:,.{1 if scale == 1 else 0}f}"
    # The tornado's input ranges state their units (a revenue range in the axis's unit, shares in %)
    rows = list(charts["overlap-tornado"].figure.data[0].y)
    revenue = [r for r in rows if "雲端營收" in r or "cloud revenue" in r]
    assert revenue and all(("億美元" if lang == "zh-TW" else "$") in r for r in revenue), rows
    assert all(r.endswith("%)") for r in rows if "AI" in r and ("share" in r or "占比" in r)), rows


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_a_partner_unpaid_in_the_horizon_year_is_said_in_words(q, lang):
    """CoreWeave's disclosed contract ends before 2030: its title said "is paid $0B" / "只支付 0億美元"."""
    defaults, _ = parse(view.params(q), {})
    chart = view.charts_for(q, defaults | {"lang": lang, view.PARTNER_KEY: "CoreWeave"}, as_of_from(q),
                            only="overlap-partner")[0]
    assert float(chart.data[chart.data["year"] == chart.data["year"].max()]["from_openai"].iloc[0]) == 0
    title = chart.figure.layout.title.text
    assert ("pays it nothing" if lang == "en" else "沒有付款") in title, title
    assert "$0B" not in title and " 0億" not in title
    # a hover writes an amount as the title and cards do ('$19.32B' / '193.2億美元', not '19.32 US$ bn')
    hovered = [tr for tr in chart.figure.data if tr.hovertemplate]
    assert hovered
    for tr in hovered:
        assert "%{customdata}" in tr.hovertemplate and "US$ bn" not in tr.hovertemplate, tr.hovertemplate
        for cell in tr.customdata:
            assert (re.fullmatch(r"-?\$[\d,.]+[MBT]", cell) if lang == "en" else
                    re.fullmatch(r"-?[\d,.]+(百萬|億|兆)美元", cell)), cell


def test_the_calibration_table_is_in_the_unit_of_the_charts(q):
    """In Chinese its figures were 十億美元 under charts in 億美元: now ten times the English numbers,
    labelled 億美元 (every figure of the table is money: schema.py allows three, all US$ bn)."""
    from channel_conflict.model.inputs import load_inputs

    inputs = load_inputs(q)
    en, zh = view.calibration(inputs, q, "en"), view.calibration(inputs, q, "zh-TW")
    assert list(zh["modelled"]) == pytest.approx(list(en["modelled"] * 10))
    assert list(zh["reported"]) == pytest.approx(list(en["reported"] * 10))
    assert list(zh["diff_pct"]) == pytest.approx(list(en["diff_pct"]), nan_ok=True)
    assert all("億美元" in w and "十億" not in w for w in zh["what"])


def test_the_one_partner_table_is_in_the_unit_of_its_chart(q):
    """Its money rows in 億美元 in Chinese (ten times the English numbers), its share row as it is."""
    from channel_conflict.model import run
    from channel_conflict.model.inputs import load_inputs

    inputs = load_inputs(q)
    defaults, _ = parse(view.params(q), {})
    result = run(inputs, view.scenario_from(defaults, inputs))
    en, zh = (view.glance_table(result, "AWS", q("overlap_stakes"), lg) for lg in ("en", "zh-TW"))
    money = en["unit"] == "US$ bn"
    assert money.sum() >= 3 and (zh.loc[money, "unit"] == "億美元").all()
    assert list(zh.loc[money, "value"]) == pytest.approx(list(en.loc[money, "value"] * 10), abs=0.06)
    assert list(zh.loc[~money, "value"]) == pytest.approx(list(en.loc[~money, "value"]))


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_an_undisclosed_payment_is_not_drawn_as_zero(q, lang):
    """Google's deal value is undisclosed: its "paid by OpenAI" bar was labelled 0 (0.0), which a slide
    reader takes for nothing paid. Its label is '?' and its hover says the value is undisclosed."""
    defaults, _ = parse(view.params(q), {})
    chart = view.charts_for(q, defaults | {"lang": lang}, as_of_from(q), only="overlap-exposure-bars")[0]
    paid = chart.figure.data[0]
    undisclosed = [i for i, name in enumerate(paid.x) if name.startswith("Google")]
    assert undisclosed, list(paid.x)
    for i in range(len(paid.x)):
        name, amount = paid.customdata[i]
        assert name == paid.x[i]  # the partner alone, not the tick's caveat lines under it
        if i in undisclosed:
            assert paid.text[i] == "?" and amount == i18n.t("overlap.deal_undisclosed", lang)
        else:
            assert paid.text[i] != "?" and re.search(r"\d", amount), amount
    assert all("%{x}" not in t.hovertemplate for t in chart.figure.data if t.hovertemplate)


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_an_undisclosed_partner_alone_is_not_said_to_be_paid_nothing(q, lang):
    """The one-partner chart for Google said "OpenAI pays it nothing that year" and drew the paid line at
    0 and the net at minus the risk; its deal's value is unknown. The title says so, only the risk is
    drawn, and the CSVs leave paid and net blank (the net chart too, whose subtitle names it)."""
    defaults, _ = parse(view.params(q), {})
    chart = view.charts_for(q, defaults | {"lang": lang, view.PARTNER_KEY: "Google Cloud"}, as_of_from(q),
                            only="overlap-partner")[0]
    title = chart.figure.layout.title.text
    assert ("undisclosed" if lang == "en" else "未揭露") in title and "nothing" not in title and "沒有付款" not in title
    drawn = {tr.name for tr in chart.figure.data if tr.name}
    assert drawn == {i18n.t("overlap.at_risk", lang)}, drawn
    assert chart.data["from_openai"].isna().all() and chart.data["net"].isna().all()
    assert chart.data["revenue_at_risk"].notna().all()
    net = view.charts_for(q, defaults | {"lang": lang}, as_of_from(q), only=NET)[0]
    google = net.data[net.data["partner_id"] == "google"]
    assert len(google) and google[["from_openai", "net", "p10", "p90"]].isna().all().all()
    assert not [tr for tr in net.figure.data if (tr.name or "").startswith("Google")]


def test_a_title_says_all_when_every_partner_paid_stays_ahead(q):
    """'(3 of the 3 partners OpenAI still pays stay ahead)' read oddly: it is 'all 3'."""
    defaults, _ = parse(view.params(q), {})
    for lang, said, odd in (("en", "all 3 partners", "3 of the 3"), ("zh-TW", "3 個夥伴全都仍領先", "中有 3 個")):
        title = view.charts_for(q, defaults | {"lang": lang}, as_of_from(q),
                                only="overlap-exposure-bars")[0].figure.layout.title.text.replace("<br>", "")
        assert said in title and odd not in title, title
    # with no resale nobody is outweighed: the other title, the same rule
    title = view.charts_for(q, defaults | {"rho": 0.0}, as_of_from(q),
                            only="overlap-exposure-bars")[0].figure.layout.title.text.replace("<br>", " ")
    assert "all 3 partners paid by OpenAI earn more" in title and "3 of 3" not in title, title


def test_the_chinese_source_line_uses_full_width_separators(q):
    """The footer's clauses were joined with a half-width '; ' ('11 則公告與報導; 價格比') and the
    prefix left a space before them ('依據 雲端營收估計')."""
    defaults, _ = parse(view.params(q), {})
    chart = view.charts_for(q, defaults | {"lang": "zh-TW"}, as_of_from(q), only=NET)[0]
    footer = " ".join(a.text for a in chart.figure.layout.annotations if "docs/model.md" in (a.text or ""))
    assert "；" in footer and "; " not in footer and "依據 " not in footer, footer


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_the_heatmap_hover_names_a_segment_on_one_line(q, lang):
    """%{x} is the tick's wrapped label: the hover broke 'Startups / and / developers' over three lines."""
    defaults, _ = parse(view.params(q), {})
    heat = view.charts_for(q, defaults | {"lang": lang}, as_of_from(q), only="overlap-heatmap")[0].figure.data[0]
    assert "%{x}" not in heat.hovertemplate and "%{customdata}" in heat.hovertemplate
    cells = [c for row in heat.customdata for c in row]
    assert cells and not any("<br>" in c for c in cells)
    assert all(any(seg.startswith(c.split(" · ")[0].split(" ")[0]) for seg in heat.x) for c in cells)
