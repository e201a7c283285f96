"""Contracts, Market and Sources charts read the same in both languages: one unit per axis, human names,
one period form, no text over a line (pure checks on the figures, built from the test DB)."""
from __future__ import annotations

import re

import pytest

from channel_conflict import i18n
from channel_conflict.views import contracts as view


def _ticks_state_the_label_unit(axis, labels, lang):
    """Every non-zero tick is written by i18n.money, as the value labels are (no '$' prefix on a 億 chart)."""
    unit = i18n.money(123.0, lang).replace("1,230", "").replace("123", "")  # '$B' / '億美元'
    ticks = [t for t in axis.ticktext if t != "0"]
    assert ticks and not axis.tickprefix
    assert all(t == i18n.money(v, lang) for t, v in zip(axis.ticktext[1:], axis.tickvals[1:], strict=True))
    assert any(unit[-3:] in t for t in labels) == any(unit[-3:] in t for t in ticks)


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_money_axes_use_the_value_labels_unit(q, lang):
    values = {"lang": lang}
    totals = view.commitments_by_partner(q, values, "2026-11-30").figure
    bars = next(t for t in totals.data if t.type == "bar")
    _ticks_state_the_label_unit(totals.layout.xaxis, list(bars.text), lang)
    per_year = view.commitments_per_year(q, values, "2026-11-30").figure
    years = list(next(t for t in per_year.data if t.type == "bar").x)
    labels = next(t for t in per_year.data if t.type == "scatter" and list(t.x) == years).text
    _ticks_state_the_label_unit(per_year.layout.yaxis, [x for x in labels if x], lang)
    if lang == "zh-TW":
        assert all("$" not in t for t in per_year.layout.yaxis.ticktext)
        assert not re.search(r"\$\d", " ".join(totals.layout.xaxis.ticktext))
    for bar in (t for t in per_year.data if t.type == "bar"):  # the hover's amount too, in the labels' unit
        assert "%{y" not in bar.hovertemplate and all(row[4] for row in bar.customdata)
        assert all(("億美元" in row[4]) == (lang == "zh-TW") for row in bar.customdata if row[4] != "$0")


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_no_internal_ids_in_chart_text(q, lang):
    """A reader sees the superseding deal's partner and month, and a source's name, never a row id or table name."""
    from channel_conflict.views import market

    deals = q("contracts_deals")
    totals = view.commitments_by_partner(q, {"lang": lang}, "2026-11-30").figure
    shown = totals.layout.title.text + " ".join(a.text for a in totals.layout.annotations)
    later = deals[deals["contract_id"].isin(deals["superseded_by"].dropna())]
    assert len(later)
    for r in later.itertuples():
        assert r.contract_id not in shown
        assert i18n.t("contracts.reason.superseded", lang, seller=r.seller,
                      month=i18n.date(r.announced, lang, "month")) in shown
    groups = market.groups_chart(q, {"lang": lang, "firm": "Synergy"}, "2026-11-30").figure
    assert "partner_exposure" not in groups.to_json()


def test_no_event_line_runs_through_a_yearly_total(q):
    """Each year's total label sits on the side of its year that no event line crosses."""
    fig = view.commitments_per_year(q, {"lang": "en"}, "2026-11-30").figure
    lines = [float(s.x0) for s in fig.layout.shapes if s.type == "line" and s.x0 == s.x1]
    totals = next(t for t in fig.data if t.type == "scatter" and t.mode == "text")
    pos = totals.textposition
    pos = pos if isinstance(pos, tuple | list) else [pos] * len(totals.x)
    assert lines
    crossed = 0
    for x, p in zip(totals.x, pos, strict=True):
        span = {"top center": (x - 0.25, x + 0.25), "top left": (x - 0.5, x), "top right": (x, x + 0.5)}[p]
        crossed += any(span[0] < v < span[1] for v in lines)
    assert crossed == 0


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_exposure_labels_state_periods_one_way(q, lang):
    """'(2025-12)' beside '(2025Q3)': a month is written as i18n.date writes a month, a quarter as 2025Q3."""
    rows = view.partner_exposure(q, {"lang": lang}, "2026-11-30").data
    assert not any(re.search(r"\d{4}-\d{2}", lab) for lab in rows["label"])
    months = [p for p in rows["period"].astype(str) if re.fullmatch(r"\d{4}-\d{2}", p)]
    assert months and all(any(i18n.date(f"{p}-01", lang, "month") in lab for lab in rows["label"]) for p in months)
    assert all(i18n.colon(lang) in lab for lab in rows["label"])
    assert i18n.period("2025Q3", lang) == "2025Q3" and i18n.period("2025", lang) == "2025"


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_per_year_hover_names_deals_and_says_confidence_in_the_page_language(q, lang):
    """The hover showed 'Deals: oracle-300' and, in Chinese, '可信度：reported': deals by seller and month,
    confidence in the page's words."""
    from channel_conflict.charts.contracts import deal_name

    deals = q("contracts_deals")
    fig = view.commitments_per_year(q, {"lang": lang}, "2026-11-30").figure
    bars = [t for t in fig.data if t.type == "bar"]
    # a long list is wrapped onto lines (charts.base.hover_lines): read it as one
    shown = " ".join(str(row[1]) + " " + str(row[3]) for t in bars for row in t.customdata).replace("<br>", " ")
    assert not any(cid in shown for cid in deals["contract_id"])
    counted = deals[view.is_counted(deals) & deals["value_usd_bn"].notna()]
    assert all(deal_name(r.seller, r.announced, lang) in shown for r in counted.itertuples())
    words = {i18n.confidence(c, lang) for c in counted["confidence"]}
    assert all(w in shown for w in words)
    if lang == "zh-TW":
        assert not re.search(r"[A-Za-z]{4,}", " ".join(str(row[3]) for t in bars for row in t.customdata))


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_per_year_totals_share_one_precision(q, lang):
    """'$60B' and '$144B' sat beside '$96.5B': every total label has the same number of decimals."""
    fig = view.commitments_per_year(q, {"lang": lang}, "2026-11-30").figure
    totals = next(t for t in fig.data if t.type == "scatter" and t.mode == "text")
    places = {len(m.group(1)) if m.group(1) else 0
              for m in (re.search(r"\d(?:\.(\d+))?\D*$", x) for x in totals.text if x) if m}
    assert len(places) == 1, list(totals.text)


def test_zh_money_sits_in_the_sentence_without_spaces(q):
    """'每年 1,757億美元 的高峰': a Chinese amount (it ends in 億美元) joins the words around it unspaced."""
    stray = re.compile(r"[\u4e00-\u9fff] [\d,.]+[億兆]美元|美元 [\u4e00-\u9fff]")
    values = {"lang": "zh-TW"}
    figs = [c.figure for c in view.charts_for(q, values, "2026-11-30")]
    text = " ".join(f.layout.title.text + " ".join(str(getattr(t, "hovertemplate", "") or "") for t in f.data)
                    for f in figs)
    assert "億美元" in text and not stray.search(text), stray.search(text)
    per_year = view.commitments_per_year(q, values, "2026-11-30").figure
    bar = next(t for t in per_year.data if t.type == "bar")
    hover = bar.hovertemplate.replace("%{customdata[4]}", bar.customdata[-1][4])
    assert not stray.search(hover), hover


@pytest.mark.parametrize("lang, angle", [("zh-TW", 0), ("en", 0)])
def test_the_overviews_role_names_lie_level_where_they_fit(q, lang, angle):
    """The Overview's compact role chart slanted its headers ('投資者', two or three characters) though the
    Contracts chart sets its names level, and the longest, 'Distributor', fits a phone's column level."""
    from channel_conflict.views import overview

    (roles,) = [c for c in overview.charts_for(q, {"lang": lang}, "2026-11-30") if c.name.startswith("partner-roles")]
    assert roles.figure.layout.xaxis.tickangle == angle
