"""The Market charts state what they show, and only what they draw (a Canalys review, 1 Dec 2026)."""
from __future__ import annotations

import pytest

from channel_conflict import i18n
from channel_conflict.dataversion import as_of_from
from channel_conflict.views import market as view


def _charts(q, firm: str, lang: str) -> dict:
    return {c.name.rsplit("-", 1)[0]: c for c in view.charts_for(q, {"firm": firm, "lang": lang}, as_of_from(q))}


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_the_groups_title_claims_nothing_it_does_not_draw(q, lang):
    """Canalys gives no Oracle or neocloud share: its title said 'Oracle and the neoclouds are small'
    over a chart of the big three alone."""
    groups = _charts(q, "Canalys", lang)["market-groups"]
    drawn = {tr.name for tr in groups.figure.data}
    title = groups.figure.layout.title.text
    assert not any("Oracle" in n for n in drawn)
    assert ("gives no Oracle" if lang == "en" else "未提供") in title, title
    big = groups.data[groups.data["provider_id"] == "big_three"].sort_values("quarter").iloc[-1]
    assert f"{big['share_pct']:.0f}%" in title and big["quarter"] in title


@pytest.mark.parametrize("firm", ["Synergy", "Canalys"])
def test_each_chart_runs_from_its_own_first_figure_to_its_last(q, firm):
    for name, c in _charts(q, firm, "en").items():
        axis = list(c.figure.layout.xaxis.categoryarray)
        have = sorted(set(c.data["quarter"]))
        assert axis[0] == have[0] and axis[-1] == have[-1], (name, axis[:2], have[:2])


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_share_and_size_titles_state_the_latest_figure(q, lang):
    charts = _charts(q, "Synergy", lang)
    share = charts["market-share"]
    big = share.data[share.data["market_group"] == "big_three"]
    last = big[big["quarter"] == big["quarter"].max()].sort_values("share_pct", ascending=False)
    title = share.figure.layout.title.text
    assert last["quarter"].iloc[0] in title and all(f"{v:.0f}%" in title for v in last["share_pct"]), title
    assert title.index(last["provider"].iloc[0]) < title.index(last["provider"].iloc[1])
    size = charts["market-size"]
    known = size.data.dropna(subset=["total_usd_bn"]).sort_values("quarter").iloc[-1]
    title = size.figure.layout.title.text
    assert known["quarter"] in title and i18n.money(float(known["total_usd_bn"]), lang, 0) in title, title


def test_a_gap_label_sits_in_the_plot_not_under_an_event_label(q):
    """With events marked, the band above the plot holds their labels: a gap's label at the paper's
    top printed under 'Oracle $300B'."""
    share = _charts(q, "Canalys", "en")["market-share"]
    gaps = [a for a in share.figure.layout.annotations if a.name == "gap"]
    assert gaps and all(a.yref == "y domain" and a.y == 1 for a in gaps)
