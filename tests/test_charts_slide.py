"""Slide-ready charts: pure checks on the figures (no browser)."""
from __future__ import annotations

import pandas as pd

from channel_conflict.charts.base import Caption
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
