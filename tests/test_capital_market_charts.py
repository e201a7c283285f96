"""Capital and Market charts read the same in both languages: one money unit per axis (the labels' and the
cards'), enough figures on small amounts, dates as the page writes them, legends clear of the subtitle
(pure checks on the figures, built from the test DB)."""
from __future__ import annotations

import re

import pytest

from channel_conflict.views import capital, market
from tests.test_contracts_charts import _ticks_state_the_label_unit

AS_OF = "2026-11-30"
ISO = re.compile(r"\b\d{4}-\d{2}(-\d{2})?\b")



def _capital(q, lang, name):
    return capital.charts_for(q, {"lang": lang}, AS_OF, only=name)[0].figure


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_money_axes_use_the_value_labels_unit(q, lang):
    fab = _capital(q, lang, "capital-fab-support")
    labels = [t for tr in fab.data if tr.type == "bar" for t in tr.text]
    _ticks_state_the_label_unit(fab.layout.xaxis, labels, lang)
    for name in ("capital-guarantee-savings", "capital-fab-guarantee-savings"):
        fig = _capital(q, lang, name)
        _ticks_state_the_label_unit(fig.layout.yaxis, [fig.layout.title.text], lang)
        assert fig.layout.yaxis.range[1] >= max(max(t.y) for t in fig.data)  # every bar and line on the axis
    size = market.charts_for(q, {"lang": lang, "firm": "Synergy"}, AS_OF, only="market-size")[0].figure
    cards = [k["value"] for k in market.kpis(q, "Synergy", lang)]
    _ticks_state_the_label_unit(size.layout.yaxis, cards, lang)
    if lang == "zh-TW":  # no axis title names a unit its ticks do not use
        titles = [fab.layout.xaxis.title.text, size.layout.yaxis.title.text,
                  _capital(q, lang, "capital-guarantee-savings").layout.yaxis.title.text]
        assert not any("十億" in t for t in titles), titles
        assert not any(re.search(r"\$\d", t) for t in fab.layout.xaxis.ticktext + size.layout.yaxis.ticktext)


def test_small_chips_awards_keep_two_figures_in_chinese(q):
    fab = _capital(q, "zh-TW", "capital-fab-support")
    small = [(x, t) for tr in fab.data if tr.type == "bar" for x, t in zip(tr.x, tr.text, strict=True) if x < 1]
    assert small
    for x, text in small:  # US$0.15B -> '1.5億美元', never '1億美元' or '2億美元'
        assert text == f"{x * 10:.1f}億美元", (x, text)


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_capital_dates_are_written_as_the_page_writes_them(q, lang):
    fab = _capital(q, lang, "capital-fab-support")
    ticks = list(fab.layout.yaxis.categoryarray)
    gpu = _capital(q, lang, "capital-gpu-hour-vs-market")
    rows = list(gpu.layout.yaxis.categoryarray)
    notes = [a.text for a in fab.layout.annotations if a.y == 1]  # the stake notes over the plot
    assert not [t for t in ticks + rows + notes if ISO.search(t)], "ISO month in a label"
    if lang == "zh-TW":
        assert any(re.search(r"\d{4}年\d{1,2}月", t) for t in ticks) and any("年" in r for r in rows)
        footers = [a.text for name in capital.CHARTS for a in _capital(q, lang, name).layout.annotations]
        assert not [f for f in footers if re.search(r"\(\d{4}-\d{2}-\d{2}\)", f)], "ISO date in a footer"


def test_legend_rows_follow_plotly_and_count_chinese_wide():
    """The top margin's legend estimate (base._legend_rows) as Plotly lays a wrapping legend out: ungrouped
    entries all take the widest one's width, grouped ones their own; a CJK character counts as two."""
    import plotly.graph_objects as go

    from channel_conflict.charts.base import _legend_rows

    names = ["AWS", "Azure", "Google Cloud", "Everyone else (100% − the big three; includes Oracle)"]
    flat = go.Figure([go.Scatter(x=[1], y=[1], name=n) for n in names])
    grouped = go.Figure([go.Scatter(x=[1], y=[1], name=n, legendgroup=n) for n in names])
    assert _legend_rows(flat) == 4 and _legend_rows(grouped) == 2
    zh_names = ("市場（所有級別）", "每計費小時隱含成本", "直接售價（成本＋加成）")
    zh = go.Figure([go.Scatter(x=[1], y=[1], name=n) for n in zh_names])
    latin = go.Figure([go.Scatter(x=[1], y=[1], name="x" * len(t.name)) for t in zh.data])
    assert _legend_rows(zh) > _legend_rows(latin) == 1


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_capital_and_market_legends_get_their_rows(q, lang):
    """The GPU-hour chart's legend (zh: three rows at 1366 px) and the share chart's (one entry a row on a phone,
    ungrouped) have the room finish() reserves above the plot."""
    from channel_conflict.charts.base import _legend_rows

    gpu = _capital(q, lang, "capital-gpu-hour-vs-market")
    assert _legend_rows(gpu) >= 3
    share = market.charts_for(q, {"lang": lang, "firm": "Synergy"}, AS_OF, only="market-share")[0].figure
    lines = [t for t in share.data if t.mode == "lines+markers"]
    assert len({t.legendgroup for t in lines}) == len(lines) and _legend_rows(share) == 2


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_capital_hovers_write_amounts_as_the_axis_does(q, lang):
    """The savings hovers said '12.35 十億美元' under an axis ticked in 億美元; the CHIPS hover said
    'US$ 0.150 bn' in Chinese. Each amount in a hover is now money() text, as the ticks and labels."""
    for name in ("capital-guarantee-savings", "capital-fab-guarantee-savings", "capital-fab-support"):
        fig = _capital(q, lang, name)
        for tr in fig.data:
            assert "十億" not in tr.hovertemplate and "US$ %{" not in tr.hovertemplate, (name, tr.hovertemplate)
            if tr.type == "bar" or name != "capital-fab-support":
                amounts = [row[4] if name == "capital-fab-support" else row[2] for row in tr.customdata]
                unit = "億美元" if lang == "zh-TW" else "B"
                assert amounts and all(a.endswith(unit) or a.endswith("兆美元") for a in amounts), (name, amounts)


def test_capital_hovers_say_codes_and_dates_in_words_in_chinese(q):
    """The review found 'reported', '(on_demand)', '2026-05-01T00:00:00' and '6.00000 年' in Chinese
    hovers, and '$' ticks that read as NT$ there."""
    import datetime as dt

    raw = re.compile(r"\b(reported|estimate|assumption|confirmed|on_demand|rental_index)\b|T00:00|%\{x:g\}")
    for name in ("capital-gpu-hour-vs-market", "capital-fab-support", "capital-asset-lives"):
        fig = _capital(q, "zh-TW", name)
        for tr in fig.data:
            cells = [str(v) for row in (tr.customdata if tr.customdata is not None else []) for v in row]
            texts = [tr.hovertemplate or "", *cells]
            assert not any(raw.search(t) for t in texts), (name, [t for t in texts if raw.search(t)])
            assert not any(isinstance(v, (dt.date, dt.datetime)) for v in cells)
    assert _capital(q, "zh-TW", "capital-gpu-hour-vs-market").layout.xaxis.tickprefix == "US$"
    assert _capital(q, "en", "capital-gpu-hour-vs-market").layout.xaxis.tickprefix == "$"
