"""Slide-ready charts: pure checks on the figures (no browser)."""
from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from channel_conflict.charts.base import Caption, _char_width, wrap_footer
from channel_conflict.charts.overlap import NEGATIVE, exposure_bars


def test_net_bars_are_coloured_by_sign_and_undisclosed_is_said_under_the_name():
    partners = pd.DataFrame({
        "partner": ["AWS", "Google Cloud", "Others"], "from_openai": [10.0, 0.0, 0.0],
        "revenue_at_risk": [2.0, 1.5, 4.0], "net": [8.0, -1.5, -4.0],
        "p10": [1.0, 1.0, 3.0], "p90": [3.0, 2.0, 5.0], "net_p10": [7.0, -2.0, -5.0], "net_p90": [9.0, -1.0, -3.0]})
    fig = exposure_bars(partners, Caption("t", "s", "src", "2026-11-30"), undisclosed=["Google Cloud"])
    net = next(t for t in fig.data if t.name == "Net position")
    assert list(net.marker.color) == [net.marker.color[0], NEGATIVE, NEGATIVE] and net.marker.color[0] != NEGATIVE
    assert "undisclosed" in fig.layout.xaxis.ticktext[1] and "undisclosed" not in fig.layout.xaxis.ticktext[0]
    # no arrow through the bars and their value labels
    assert not [a for a in fig.layout.annotations if a.showarrow]


def test_a_legend_that_wraps_pushes_the_plot_down_instead_of_covering_the_subtitle():
    import plotly.graph_objects as go

    from channel_conflict.charts.base import LEGEND_ROW_PX, finish

    def top(n: int) -> int:
        fig = go.Figure([go.Bar(x=[1], y=[1], name=f"Provider number {i}") for i in range(n)])
        return finish(fig, Caption("t", "s", "src", "2026-11-30")).layout.margin.t

    assert top(2) == top(1)
    assert top(9) >= top(2) + 2 * LEGEND_ROW_PX


def test_event_labels_sit_in_a_band_above_the_plot_one_row_each():
    import plotly.graph_objects as go

    from channel_conflict.charts.base import MODEBAR_PX, finish
    from channel_conflict.charts.timeline import EVENT_ROW_PX, KEY_EVENTS, mark_events

    events = pd.DataFrame({"event_id": list(KEY_EVENTS), "title": ["a", "b", "c", "d"],
                           "event_date": ["2025-09-10", "2025-10-28", "2025-11-03", "2025-11-06"]})
    fig = finish(go.Figure(go.Bar(x=[2025, 2026], y=[5, 9], text=["$5B", "$9B"], textposition="outside")),
                 Caption("t", "s", "src", "2026-11-30"), height=500)
    mark_events(fig, events, "year")
    labels = [a for a in fig.layout.annotations if a.name == "event"]
    assert len(labels) == 4 and len({a.yshift for a in labels}) == 4  # one row each: none prints over another
    assert all(a.yref == "paper" and a.y == 1 and a.yanchor == "top" for a in labels)
    band = EVENT_ROW_PX * 4
    plot_px = (fig.layout.height - fig.layout.margin.t - fig.layout.margin.b)
    assert fig.layout.height == 500 + band + 6 + MODEBAR_PX  # (the toolbar's strip under the footer)
    # the plot (and the bars' value labels) end below the lowest label row
    assert (1 - fig.layout.yaxis.domain[1]) * plot_px >= band


def test_market_groups_says_how_many_times_the_big_three_and_its_ticks_do_not_touch():
    from channel_conflict.charts.market import market_groups

    def share(pid, group, q, pct):
        return dict(quarter=q, provider_id=pid, group=group, share_pct=pct, publisher="p", published="2026-01-01",
                    confidence="confirmed")

    groups = pd.DataFrame([share("big_three", "Big three", "2025Q2", 60.0),
                           share("big_three", "Big three", "2025Q3", 63.0),
                           share("oracle", "Oracle", "2025Q2", 2.0), share("oracle", "Oracle", "2025Q3", 3.0)])
    implied = pd.DataFrame([dict(share("coreweave", "CoreWeave (implied from its revenue)", "2025Q2", 1.25),
                                 revenue_usd_bn=1.2, period="2025Q2", market_usd_bn=96.0)])
    fig = market_groups(groups, implied, {}, "Synergy", "2026-11-30", ["2025Q2", "2025Q3"], ["CoreWeave"])
    title = fig.layout.title.text.replace("<br>", " ")
    # the latest quarter each is known beside the big three: 63/3 and 60/1.25
    assert "21× Oracle's (2025Q3)" in title and "48× CoreWeave's (2025Q2)" in title, title
    ticks = list(fig.layout.yaxis.tickvals)
    assert all(b / a >= 2 for a, b in zip(ticks, ticks[1:], strict=False)), ticks  # 50 and 70 printed over each other


def test_quadrant_labels_every_bubble_and_keeps_a_bubble_at_0_whole():
    """Label placement itself is checked at every width in tests/test_quadrant_labels.py."""
    from channel_conflict.charts.overlap import quadrant

    partners = pd.DataFrame({"partner": ["Oracle", "Azure"], "partner_id": ["oracle", "azure"],
                             "overlap_index": [0.45, 0.7], "at_risk_pct": [0.05, 1.1],
                             "contract_value": [300.0, 250.0]})
    fig = quadrant(partners, {}, 0.5, 1.5, Caption("t", "s", "src", "2026-11-30"), [])
    assert [a.text.split("<br>")[0] for a in fig.layout.annotations if a.name == "bubble"] == ["Oracle", "Azure"]
    assert fig.layout.yaxis.range[0] < 0 and min(fig.layout.yaxis.tickvals) == 0  # a bubble at 0% is not cut in half


def test_a_stacked_share_label_is_printed_at_full_size_or_left_out():
    from channel_conflict.charts import labels
    from channel_conflict.charts.overlap import SHARE_LABEL_PX, SHARE_PLOT_PX, _share_label

    assert _share_label("Oracle", 33.4) == "Oracle 33.4%"
    assert _share_label("Google Cloud", 12.2) == "12.2%"  # the name would have to shrink to ~5 px to fit
    assert _share_label("CoreWeave", 1.1) == ""
    for pct in (0.5, 3, 7, 12, 25, 60):
        text = _share_label("Google Cloud", pct)
        assert not text or labels.text_px(text, SHARE_LABEL_PX) <= SHARE_PLOT_PX * pct / 100


@given(st.text(alphabet=st.sampled_from(list("的中有個倍年夥伴領先 0123456789,.")), min_size=1, max_size=120),
       st.integers(20, 110))
@settings(max_examples=300, deadline=None)
def test_a_wrapped_chinese_line_never_ends_on_a_number_whose_counter_starts_the_next(text, width):
    """'…中有 3' / '個仍領先' read as two broken phrases on a slide: a number stays with its counter or unit;
    and wrapping loses no character but the spaces it breaks at."""
    lines = wrap_footer(text, width)
    assert "".join(lines).replace(" ", "") == text.lstrip(" ·").replace(" ", "")
    for line, following in zip(lines, lines[1:], strict=False):
        if (line.strip() and following.strip() and line.rstrip()[-1].isdigit()
                and _char_width(following.lstrip()[0]) == 2):
            # only where moving the number down would have left a line under a third of the width
            before_number = line.rstrip().rstrip("0123456789,.")
            assert len(before_number) <= width // 3, (line, following)


def test_the_title_that_broke_3_from_its_counter_keeps_them_together():
    title = "大於其作為客戶所付的金額（2030 年 OpenAI 仍付款的 3 個夥伴中有 3 個仍領先）"
    lines = wrap_footer(title, 60)
    assert len(lines) == 2 and lines[1].startswith("3 個"), lines
