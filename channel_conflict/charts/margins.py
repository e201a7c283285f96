"""Side margins set wide enough for what Plotly would push them out for.

Plotly's automargin grows a margin to fit long category labels, a colour bar or a legend beside the
plot, and it does so by drawing the figure, measuring, and drawing it again. In the browser that second
draw came with every slider move: 25-30 ms of the Overlap chart's repaint (A/B in one browser, 1 Dec
2026). A margin already as wide as the push leaves Plotly nothing to grow, so it draws once. The
widths here are upper bounds (charts.labels.text_px); automargin stays on as a safety net, so a label
an estimate misses is still never clipped, only drawn twice.
"""
from __future__ import annotations

import math

import plotly.graph_objects as go

from ..text import plotly_plain
from .labels import text_px

FONT_PX = 13  # the template's font (charts.base)
TICK_PAD = 16  # Plotly's pad around an axis's tick labels, and 4 px the estimate ran short on the roles chart
LEGEND_SYMBOL_PX = 40  # a legend item's symbol and the gap before its text
COLORBAR_PX = 30  # Plotly's default colour bar thickness
COLORBAR_PAD = 10  # its xpad, each side
COLORBAR_SLACK = 16  # its outline and tick marks, and a CJK title that ran past the estimate above
# text_px is an upper bound for the 11 px annotations it was measured on, and held for 13 px tick labels
# (Overlap's rows: 169 px estimated, 163 pushed); a colour bar's 13 px title ran 13% wider than it in
# Chromium, so that title gets a fifth more. More than needed narrows the plot: kept to where it is needed.
TITLE_SAFETY = 1.2
NARROWEST_PX = 640  # a chart is never drawn narrower: a phone scrolls it sideways (ui.layout)
MAX_MARGIN_SHARE = 0.6


def _lines(text) -> list[str]:
    return [plotly_plain(line) for line in str(text).split("<br>")]


def _widest(texts, size: float) -> float:
    return max((text_px(line, size) for t in texts for line in _lines(t)), default=0.0)


def _size(font, default: float = FONT_PX) -> float:
    return float(font.size) if font is not None and font.size else default


def left_px(fig: go.Figure) -> float:
    """The y axis's category labels (horizontal bars, heatmap rows): numbers fit the template's margin."""
    axis = fig.layout.yaxis
    if axis.visible is False or axis.showticklabels is False:
        return 0.0
    if axis.ticktext:
        labels = list(axis.ticktext)
    else:
        labels = [v for tr in fig.data if getattr(tr, "yaxis", "y") in (None, "y")
                  for v in (tr.y if tr.y is not None else ()) if isinstance(v, str)]
    return _widest(labels, _size(axis.tickfont, _size(fig.layout.font))) + TICK_PAD if labels else 0.0


def _colorbar(tr) -> float:
    bar = tr.colorbar
    thickness = bar.thickness if bar.thickness is not None else COLORBAR_PX
    top = max(abs(v) for v in (tr.zmin or 0, tr.zmax or 0)) or 100
    ticks = f"{top:,.0f}{bar.ticksuffix or ''}"
    title = bar.title.text if bar.title and bar.title.text else ""
    widest = max(_widest([ticks], FONT_PX) + TICK_PAD, TITLE_SAFETY * _widest([title], FONT_PX))
    return thickness + 2 * COLORBAR_PAD + COLORBAR_SLACK + widest


def _right(fig: go.Figure) -> float:
    """A colour bar, or a legend in a column right of the plot."""
    need = max((_colorbar(tr) for tr in fig.data if tr.type == "heatmap" and tr.showscale is not False),
               default=0.0)
    legend = fig.layout.legend
    if fig.layout.showlegend is not False and legend.orientation == "v" and (legend.x or 0) >= 1:
        names = [tr.name for tr in fig.data if tr.name and tr.showlegend is not False]
        if names:
            need = max(need, _widest(names, _size(legend.font)) + LEGEND_SYMBOL_PX + 2 * TICK_PAD)  # x=1.02: a gap
    return need


def reserve(fig: go.Figure) -> go.Figure:
    """Widen the side margins to what the figure's labels, colour bar and side legend need (never
    narrow them). Returns the same figure. Margins that would leave the plot under NARROWEST_PX *
    (1 - MAX_MARGIN_SHARE) are left to automargin, which shrinks its pushes to keep a plot: fixed
    ones would not (the CHIPS chart's 697 px of labels left a 640 px phone chart a 2 px plot)."""
    m, tm = fig.layout.margin, fig.layout.template.layout.margin
    left = m.l if m.l is not None else tm.l or 0
    right = m.r if m.r is not None else tm.r or 0
    need_l, need_r = left_px(fig), _right(fig)
    if max(left, need_l) + max(right, need_r) > MAX_MARGIN_SHARE * NARROWEST_PX:
        return fig
    if need_l > left or need_r > right:
        fig.update_layout(margin=dict(l=math.ceil(max(left, need_l)), r=math.ceil(max(right, need_r))))
    return fig
