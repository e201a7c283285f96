"""charts.margins: side margins widened to what Plotly would push them to, never narrowed."""
import plotly.graph_objects as go

from channel_conflict.charts import margins
from channel_conflict.charts.base import TEMPLATE_NAME


def _fig(*traces, **layout) -> go.Figure:
    return go.Figure(traces, layout=dict(template=TEMPLATE_NAME, **layout))


def test_long_category_labels_widen_the_left_margin_by_their_width():
    short = margins.reserve(_fig(go.Bar(y=["A", "B"], x=[1, 2], orientation="h")))
    assert short.layout.margin.l is None, "labels that fit the template's margin leave it alone"
    long = margins.reserve(_fig(go.Bar(y=["After: OpenAI sells direct", "Before"], x=[1, 2], orientation="h")))
    longer = margins.reserve(_fig(go.Bar(y=["After: OpenAI sells direct to everyone", "B"], x=[1, 2],
                                         orientation="h")))
    assert 60 < long.layout.margin.l < longer.layout.margin.l


def test_numbers_on_the_y_axis_need_no_more_than_the_template():
    assert margins.reserve(_fig(go.Scatter(x=[1, 2], y=[1e6, 2e6]))).layout.margin.l is None


def test_hidden_tick_labels_need_no_room():
    fig = _fig(go.Bar(y=["After: OpenAI sells direct to everyone"], x=[1], orientation="h"))
    fig.update_yaxes(showticklabels=False)
    assert margins.reserve(fig).layout.margin.l is None


def test_a_colour_bar_and_a_side_legend_widen_the_right_margin():
    heat = margins.reserve(_fig(go.Heatmap(z=[[1, 2]], colorbar=dict(title=dict(text="at risk,<br>% of segment")))))
    assert heat.layout.margin.r > 100
    hidden = margins.reserve(_fig(go.Heatmap(z=[[1, 2]], showscale=False)))
    assert hidden.layout.margin.r is None
    side = margins.reserve(_fig(go.Scatter(x=[1], y=[1], name="Microsoft Azure (estimate)"),
                                go.Scatter(x=[1], y=[2], name="B"), legend=dict(orientation="v", x=1.02)))
    assert side.layout.margin.r > 150
    top = margins.reserve(_fig(go.Scatter(x=[1], y=[1], name="Microsoft Azure (estimate)"),
                               go.Scatter(x=[1], y=[2], name="B"), legend=dict(orientation="h", y=1.0)))
    assert top.layout.margin.r is None, "a legend above the plot pushes no side"


def test_a_margin_the_chart_set_wider_is_kept():
    fig = margins.reserve(_fig(go.Bar(y=["After: OpenAI sells direct"], x=[1], orientation="h"), margin=dict(l=400)))
    assert fig.layout.margin.l == 400


def test_margins_that_would_crowd_out_a_phone_chart_are_left_to_plotly():
    """A 640 px chart with 700 px of labels: fixed margins would leave no plot; automargin shrinks."""
    long = "Georgia Power and partners (Vogtle 3 and 4) (DOE LPO) guarantee 2019-03"
    fig = _fig(go.Bar(y=[long], x=[1], orientation="h"), legend=dict(orientation="v", x=1.02),
               margin=dict(r=300))
    assert margins.reserve(fig).layout.margin.l is None


def test_a_footer_under_wide_row_labels_wraps_shorter_so_its_lines_end_inside_the_chart():
    """The footer starts at the plot's left edge: a left margin widened for long row labels takes
    its width off every footer line (the tornado's footer ran past a 790 px chart's right edge)."""
    import plotly.graph_objects as go

    from channel_conflict.charts.base import FOOTER_CHAR_PX, FOOTER_CHARS, TEMPLATE_LEFT_PX, Caption, finish

    def footer_lines(fig):
        return next(a.text for a in fig.layout.annotations if a.name == "footer").split("<br>")

    cap = Caption(title="t", subtitle="s", source="A long list of publishers, " * 6, as_of="2026-11-30")
    plain = finish(go.Figure(go.Bar(x=[1, 2], y=["a", "b"], orientation="h")), cap)
    wide = finish(go.Figure(go.Bar(x=[1, 2], y=["A very long row label, forty characters", "b"],
                                   orientation="h")), cap)
    indent = wide.layout.margin.l - TEMPLATE_LEFT_PX
    assert indent > 100
    assert max(map(len, footer_lines(wide))) <= FOOTER_CHARS - indent / FOOTER_CHAR_PX + 1
    assert max(map(len, footer_lines(wide))) < max(map(len, footer_lines(plain)))
