"""Overlap page charts: pure builders from the model's tidy frames (channel_conflict.model.Result).

Each takes the frames it draws, the partner colours and a Caption; the view writes the titles.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from .. import i18n
from ..text import plotly as inert
from . import labels
from .base import GRID, LEGEND_ROW_PX, MUTED, TEMPLATE_NAME, Caption, _legend_rows, finish, money_cells, wrap_footer

MEASURES = (("from_openai", "#4C6A92"), ("revenue_at_risk", "#B5546A"), ("net", "#5FA36B"))
NEGATIVE = "#C23B22"  # a net position below zero
MEASURE_KEYS = {"from_openai": "paid", "revenue_at_risk": "at_risk", "net": "net"}


def _o(key: str, lang: str, **kw) -> str:
    return i18n.t(f"overlap.{key}", lang, **kw)


def overlap_heatmap(seg: pd.DataFrame, partner_order: list[str], segment_order: list[str],
                    weights: dict[str, float], overlap_index: dict[str, float], caption: Caption,
                    lang: str = i18n.DEFAULT, value: str = "overlap") -> go.Figure:
    """Rows partners, columns segments; row label carries O[p]. The cell is min(mix, weight) in %
    (value="overlap"), or the share of the partner's non-OpenAI segment revenue at risk
    (value="at_risk_pct"), which responds to every strategy control."""
    risk = value == "at_risk_pct"
    z = seg.pivot(index="partner", columns="segment", values=value)  # one row per cell: no aggregation needed
    mix = seg.pivot(index="partner", columns="segment", values="mix")
    z = z.reindex(index=partner_order, columns=segment_order) * (1 if risk else 100)
    mix = mix.reindex(index=partner_order, columns=segment_order) * 100
    mix_word = _o("mix", lang)
    fmt = "{:.1f}%" if risk else "{:.0f}%"
    # Two short lines, not one long one: a cell keeps its label whole down to a 640 px chart.
    zs, ms = z.to_numpy(), mix.to_numpy()  # plain arrays: .iloc per cell cost ~30 ms of a slider move
    text = [[f"{fmt.format(zv)}<br>({mix_word} {mv:.0f}%)" for zv, mv in zip(zr, mr, strict=True)]
            for zr, mr in zip(zs, ms, strict=True)]
    y = [f"{p} (O = {overlap_index.get(p, 0):.0%})" for p in partner_order]
    aims = [_o("aims", lang, pct=f"{weights.get(s, 0):.0%}") for s in segment_order]
    x = ["<br>".join(wrap_footer(s, 12)) + f"<br><i>{a}</i>" for s, a in zip(segment_order, aims, strict=True)]
    # The hover names the segment on one line: %{x} is the tick's wrapped label ('Startups / and / developers').
    seg_names = [f"{s} · {a}" for s, a in zip(segment_order, aims, strict=True)]
    fig = go.Figure(go.Heatmap(
        z=z.to_numpy(), x=x, y=y, text=text, texttemplate="%{text}", zmin=0,
        customdata=[seg_names] * len(partner_order),
        zmax=max(5.0 if risk else 50.0, float(np.nanmax(z))),
        colorscale=[[0, "#F4F6F8"], [0.5, "#E3A3B0"], [1, "#8E2F46"]], xgap=2, ygap=2, textfont=dict(size=12),
        colorbar=dict(title=dict(text=_o("model.colorbar" if risk else "colorbar", lang), side="top"), ticksuffix="%",
                      thickness=12),
        hovertemplate=_o("model.hover_heat" if risk else "hover_heat", lang),
    ))
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_xaxes(side="bottom", tickangle=0, tickfont=dict(size=11))
    fig.update_layout(margin=dict(b=120))
    return finish(fig, caption, height=560, lang=lang)  # rows tall enough for two-line cells


def exposure_bars(partners: pd.DataFrame, caption: Caption, undisclosed: list[str],
                  lang: str = i18n.DEFAULT) -> go.Figure:
    """Grouped bars per partner: paid by OpenAI, at risk, net, for the horizon year (in the page's
    money unit, i18n.plot_money)."""
    fig = go.Figure()
    pm = i18n.plot_money(lang)
    bands = {"revenue_at_risk": ("p10", "p90"), "net": ("net_p10", "net_p90")}
    for col, color in MEASURES:
        label = i18n.t(f"overlap.{MEASURE_KEYS[col]}", lang)
        lo, hi = bands.get(col, (None, None))
        err = (dict(type="data", array=pm(partners[hi] - partners[col]).clip(lower=0).to_numpy(),
                    arrayminus=pm(partners[col] - partners[lo]).clip(lower=0).to_numpy(), color="#333333",
                    thickness=1.2, width=4) if lo in partners else None)
        if col == "net":  # a partner that loses more than it earns from OpenAI shows in red, not green
            color = [color if v >= 0 else NEGATIVE for v in partners[col]]
        # An undisclosed payment is not a payment of zero: its bar, and the net bar that depends on it, say
        # "?" (the caveat is under the name).
        unknown = [col in ("from_openai", "net") and n in undisclosed for n in partners["partner"]]
        fig.add_bar(x=partners["partner"], name=label, marker_color=color,
                    y=[0 if u else v for v, u in zip(pm(partners[col]), unknown, strict=True)],
                    text=["?" if u else pm.text(v, 1) for v, u in zip(partners[col], unknown, strict=True)],
                    textposition="outside", cliponaxis=False, error_y=err,
                    # the partner from customdata: %{x} would print the tick's caveat lines too
                    customdata=[[n, _o("deal_undisclosed", lang) if u else amount] for n, amount, u
                                in zip(partners["partner"], money_cells(partners[col].fillna(0), lang, 2), unknown,
                                       strict=True)],
                    hovertemplate=_o("hover_bn", lang) + label + "</extra>")
    # Said under the partner's name, not by an arrow through the bars and their value labels.
    names = list(partners["partner"])
    fig.update_xaxes(tickmode="array", tickvals=names, ticktext=[
        n + "".join(f"<br><span style='font-size:10px;color:{MUTED}'>{part}</span>"
                    for part in (_o("undisclosed_mark", lang).split("<br>") if n in undisclosed else []))
        for n in names])
    fig.update_layout(barmode="group", bargap=0.25, yaxis_title=_o("y_bn_year", lang))
    fig.add_hline(y=0, line_color="#9AA1A9", line_width=1)
    return finish(fig, caption, height=480, lang=lang)


def net_lines(partner_year: pd.DataFrame, colors: dict[str, str], caption: Caption,
              lang: str = i18n.DEFAULT) -> go.Figure:
    """Net position per partner over the years, in provider colours."""
    fig = go.Figure()
    pm = i18n.plot_money(lang)
    # A partner whose net is unknown (an undisclosed deal) has no line and no legend entry: the subtitle names it.
    partner_year = partner_year[partner_year.groupby("partner", sort=False)["net"].transform("count") > 0]
    if "p10" in partner_year:
        for name, g in partner_year.groupby("partner", sort=False):
            c = colors.get(g["partner_id"].iloc[0], "#888888")
            fig.add_scatter(x=list(g["year"]) + list(g["year"])[::-1], y=list(pm(g["p90"])) + list(pm(g["p10"]))[::-1],
                            mode="lines", fill="toself", fillcolor=_alpha(c, 0.15), line=dict(width=0),
                            hoverinfo="skip", showlegend=False, name=f"{name} p10–p90")
    for name, g in partner_year.groupby("partner", sort=False):
        pid = g["partner_id"].iloc[0]
        fig.add_scatter(x=g["year"], y=pm(g["net"]), name=name, mode="lines+markers",
                        line=dict(color=colors.get(pid, "#888888"), width=2.5, dash="dot" if pid == "others" else None),
                        customdata=money_cells(g["net"], lang, 2),
                        hovertemplate=name + _o("hover_net", lang, value="%{customdata}"))
    fig.add_hline(y=0, line_color="#9AA1A9", line_width=1)
    fig.update_xaxes(dtick=1, tickformat="d")
    fig.update_layout(yaxis_title=_o("y_bn_year", lang),
                      legend=dict(orientation="v", x=1.02, y=1, yanchor="top"))
    return finish(fig, caption, height=460, lang=lang)


def _alpha(color: str, a: float) -> str:
    c = color.lstrip("#")
    if len(c) != 6:
        return f"rgba(136,136,136,{a})"
    return f"rgba({int(c[0:2], 16)},{int(c[2:4], 16)},{int(c[4:6], 16)},{a})"


def tornado(tor: pd.DataFrame, caption: Caption, lang: str = i18n.DEFAULT) -> go.Figure:
    """Horizontal bars: the chosen partner's revenue at risk with each input at its low and its high."""
    fig = go.Figure()
    pm = i18n.plot_money(lang)
    t = tor.iloc[::-1]
    base = pm(float(t["at_risk_current"].iloc[0])) if len(t) else 0.0
    labels = [f"{r.label} ({r.range})" for r in t.itertuples()]
    for col, key, color in (("at_risk_low", "model.at_low", "#7FA7C9"), ("at_risk_high", "model.at_high", "#B5546A")):
        name = _o(key, lang)
        fig.add_bar(y=labels, x=pm(t[col]) - base, base=base, orientation="h", name=name, marker_color=color,
                    customdata=money_cells(t[col], lang, 2),
                    hovertemplate=f"%{{y}}<br>{name}{i18n.colon(lang)}%{{customdata}}<extra></extra>")
    fig.add_vline(x=base, line_color="#333333", line_width=1)
    fig.update_layout(barmode="overlay", xaxis_title=_o("model.x_tornado", lang), margin=dict(l=10))
    return finish(fig, caption, height=420, lang=lang)


def partner_lines(pf: pd.DataFrame, caption: Caption, lang: str = i18n.DEFAULT) -> go.Figure:
    """One partner over the years: paid by OpenAI, revenue at risk with its p10-p90 band, and net."""
    fig = go.Figure()
    pm = i18n.plot_money(lang)
    x = list(pf["year"])
    for lo, hi, color in (("revenue_at_risk_p10", "revenue_at_risk_p90", "#B5546A"), ("net_p10", "net_p90", "#5FA36B")):
        if pf[lo].isna().all():  # unknown (an undisclosed deal's net): nothing drawn, the subtitle says why
            continue
        fig.add_scatter(x=x + x[::-1], y=list(pm(pf[hi])) + list(pm(pf[lo]))[::-1], mode="lines", fill="toself",
                        fillcolor=_alpha(color, 0.18),
                        line=dict(width=0), hoverinfo="skip", showlegend=False)
    for col, color in MEASURES:
        if pf[col].isna().all():
            continue
        name = i18n.t(f"overlap.{MEASURE_KEYS[col]}", lang)
        fig.add_scatter(x=x, y=pm(pf[col]), name=name, mode="lines+markers", line=dict(color=color, width=2.5),
                        customdata=money_cells(pf[col], lang, 2),
                        hovertemplate=f"{name}{i18n.colon(lang)}%{{customdata}}<extra>%{{x}}</extra>")
    fig.add_hline(y=0, line_color="#9AA1A9", line_width=1)
    fig.update_xaxes(dtick=1, tickformat="d")
    fig.update_layout(yaxis_title=_o("y_bn_year", lang))
    return finish(fig, caption, height=440, lang=lang)


# The widths (CSS px) the quadrant chart is drawn at: a phone's minimum chart (ui.layout.PHONE_CHART_PX),
# the pinned column at 1366x768 (~830), the chart pack's PNG (export.render.DEFAULT_WIDTH, 1100), up to
# a full-HD screen's width. Its labels are placed to print over nothing at every width in between.
QUAD_WIDTHS = (640, 1920)


def quadrant_plot(fig: go.Figure) -> tuple[float, tuple[float, float]]:
    """The plot's height (fixed) and its width range (px) over QUAD_WIDTHS, from a finished figure."""
    m, tm = fig.layout.margin, pio.templates[TEMPLATE_NAME].layout.margin
    lr = (m.l if m.l is not None else tm.l) + (m.r if m.r is not None else tm.r)
    height = fig.layout.height - (m.t if m.t is not None else tm.t) - (m.b if m.b is not None else tm.b)
    return float(height), (QUAD_WIDTHS[0] - lr, QUAD_WIDTHS[1] - lr)


def quadrant(partners: pd.DataFrame, colors: dict[str, str], x_mid: float, y_mid: float, caption: Caption,
             undisclosed: list[str], lang: str = i18n.DEFAULT) -> go.Figure:
    """x overlap index, y revenue at risk as % of AI revenue; bubble area = contract value. Each bubble's
    label takes a place around it where, at every width the chart is shown (QUAD_WIDTHS), it prints over
    no other label, bubble, corner note or the plot's edge (charts.labels.place); a bubble whose label
    has no such place is named in the legend instead."""
    fig = go.Figure()
    vmax = max(float(partners["contract_value"].max() or 0), 1.0)
    x_hi = max(1.0, float(partners["overlap_index"].max()) * 1.05)
    x_lo = -0.04 * x_hi
    rows = []
    for _, r in partners.iterrows():
        known = r["contract_value"] > 0
        size = 14 + 56 * np.sqrt(r["contract_value"] / vmax) if known else 14
        value = i18n.money(float(r["contract_value"]), lang, 0, scaled=False)
        note = (_o("contracts_bn", lang, value=value) if known
                else _o("deal_undisclosed" if r["partner"] in undisclosed else "no_contract", lang))
        rows.append((r, known, size, note))
        color = colors.get(r["partner_id"], "#888888")
        fig.add_scatter(
            x=[r["overlap_index"]], y=[r["at_risk_pct"]], name=inert(str(r["partner"])), mode="markers",
            marker=dict(size=size, color=color, opacity=0.8 if known else 1,
                        line=dict(color="white" if known else color, width=2),
                        symbol="circle" if known else "circle-open"),
            hovertemplate=inert(str(r["partner"])) + _o("hover_quad", lang) + note + "<extra></extra>",
            showlegend=False,
        )
    fig.add_vline(x=x_mid, line_color=GRID, line_width=2, line_dash="dash")
    fig.add_hline(y=y_mid, line_color=GRID, line_width=2, line_dash="dash")
    fig.update_xaxes(title=_o("x_quad", lang), range=[x_lo, x_hi], tickformat=".0%",
                     tickvals=[k / 5 for k in range(int(x_hi * 5 + 1e-9) + 1)])
    fig.update_layout(legend=dict(itemsizing="constant"))
    fig = finish(fig, caption, height=520, lang=lang)
    fx = lambda v: (v - x_lo) / (x_hi - x_lo)  # noqa: E731
    best = None
    for head in QUAD_HEADROOM:  # more room above the highest bubble only when a label or note has none
        y_hi = max(float(partners["at_risk_pct"].max()) * head, y_mid * 2, 1.0)
        y_lo = -0.14 * y_hi  # room for a big bubble near the axis: none cut in half
        fy = lambda v, y_lo=y_lo, y_hi=y_hi: (v - y_lo) / (y_hi - y_lo)  # noqa: E731
        points = [labels.Point(fx(float(r["overlap_index"])), fy(float(r["at_risk_pct"])), size / 2 + 1,
                               [str(r["partner"]), note]) for r, _, size, note in rows]
        height, p_range = quadrant_plot(fig)
        dividers = [labels.Box(fx(x_mid), -1, fx(x_mid), 1, 0, height),
                    labels.Box(0, 0, 1, 0, fy(y_mid) * height - 1, fy(y_mid) * height + 1)]
        placed, corners = _place_quadrant(points, height, p_range, dividers, lang)
        score = (len(placed.legend), sum(QUAD_CORNER_WEIGHT[k] for k in QUAD_CORNER_WEIGHT) -
                 sum(QUAD_CORNER_WEIGHT[k] for _, _, k in corners))
        if best is None or score < best[0]:
            best = (score, y_lo, y_hi, points, dividers, placed, corners)
        if score == (0, 0):
            break
    _, y_lo, y_hi, points, dividers, placed, corners = best
    in_legend: set[int] = set()
    legend_rows = _legend_rows(fig)
    while not set(placed.legend) <= in_legend:  # a legend row more shortens the plot: place again
        in_legend |= set(placed.legend)
        for i in in_legend:
            fig.data[i].update(showlegend=True, name=f"{inert(str(rows[i][0]['partner']))}: {rows[i][3]}")
        fig.update_layout(showlegend=True)
        grown, legend_rows = _legend_rows(fig) - legend_rows, _legend_rows(fig)
        fig.update_layout(margin=dict(t=fig.layout.margin.t + LEGEND_ROW_PX * grown))
        height, p_range = quadrant_plot(fig)
        fy = lambda v, y_lo=y_lo, y_hi=y_hi: (v - y_lo) / (y_hi - y_lo)  # noqa: E731
        dividers = [labels.Box(fx(x_mid), -1, fx(x_mid), 1, 0, height),
                    labels.Box(0, 0, 1, 0, fy(y_mid) * height - 1, fy(y_mid) * height + 1)]
        placed, corners = _place_quadrant(points, height, p_range, dividers, lang, frozenset(in_legend))
    step = next(s for s in (0.5, 1, 2, 5, 10, 20, 50, 100) if y_hi / s <= 6)
    y_ticks = [k * step for k in range(int(y_hi / step + 1e-9) + 1)]  # none below 0 in the padding
    fig.update_yaxes(title=_o("y_quad", lang), range=[y_lo, y_hi], tickvals=y_ticks,
                     ticktext=[f"{v:g}%" for v in y_ticks])
    for i, ((r, _, size, note), side, shift, lead) in enumerate(zip(rows, placed.sides, placed.shifts, placed.leaders,
                                                                    strict=True)):
        if side is None or i in in_legend:  # named in the legend in an earlier pass: not twice
            continue
        sx, sy, xa, ya = shift
        where = (dict(showarrow=True, ax=sx, ay=-sy, axref="pixel", ayref="pixel", arrowhead=0, arrowwidth=1,
                      arrowcolor=MUTED, standoff=size / 2 + 1) if lead else dict(showarrow=False, xshift=sx, yshift=sy))
        fig.add_annotation(x=r["overlap_index"], y=r["at_risk_pct"], xanchor=xa, yanchor=ya,
                           align="center" if xa == "center" else xa, text=f"{inert(str(r['partner']))}<br>{note}",
                           font=dict(size=labels.FONT_PX), borderpad=labels.BORDER / 2,
                           bgcolor="rgba(255,255,255,0.85)", name="bubble", **where)
    for (x, y, xa, ya, text), _, _ in corners:
        fig.add_annotation(x=x, y=y, xref="paper", yref="paper", xanchor=xa, yanchor=ya, text=f"<i>{text}</i>",
                           showarrow=False, font=dict(size=labels.FONT_PX, color=MUTED), name="quadrant")
    return fig


# How far the y axis reaches above the highest bubble, as a multiple of its value: the first that leaves
# every label and corner note a place, else the one that leaves out least.
QUAD_HEADROOM = (1.45, 1.8)
# A corner note left out when a bubble's label needs its place: the conflict zone's last.
QUAD_CORNER_WEIGHT = {"q_tr": 3, "q_tl": 1, "q_bl": 1, "q_br": 1}


def _place_quadrant(points: list, height: float, p_range: tuple[float, float], dividers: list, lang: str,
                    skip: frozenset[int] = frozenset()):
    """Labels placed (labels.place) around the corner notes a bubble leaves free; while a label has no
    place, the least important note whose removal gives it one is left out."""
    corners = quadrant_corners(lang, height, points, p_range)
    placed = labels.place(points, height, p_range, fixed=[b for _, b, _ in corners], lines=dividers, skip=skip)
    while len(placed.legend) > len(skip) and corners:
        tries = [(labels.place(points, height, p_range, fixed=[b for _, b, _ in corners[:k] + corners[k + 1:]],
                               lines=dividers, skip=skip), k) for k in range(len(corners))]
        retry, k = min(tries, key=lambda t: (len(t[0].legend), QUAD_CORNER_WEIGHT[corners[t[1]][2]], t[1]))
        if len(retry.legend) >= len(placed.legend):
            break
        placed, corners = retry, corners[:k] + corners[k + 1:]
    return placed, corners


def quadrant_corners(lang: str, height: float, points: list, p_range: tuple[float, float]) -> list:
    """The four quadrant notes in the plot's corners as (annotation, box, key), less any a bubble would
    touch at some width."""
    out = []
    circles = [labels.Circle(p.fx, p.fy * height, p.r) for p in points]
    for x, y, xa, ya, key in ((0.02, 0.98, "left", "top", "q_tl"), (0.98, 0.98, "right", "top", "q_tr"),
                              (0.02, 0.02, "left", "bottom", "q_bl"), (0.98, 0.02, "right", "bottom", "q_br")):
        text = _o(key, lang)
        w, h = labels.text_box([text])
        x0 = 0.0 if xa == "left" else -w
        y0 = y * height - (h if ya == "top" else 0)
        box = labels.Box(x, x0, x, x0 + w, y0, y0 + h)
        if not any(labels._ever_circle(c, box, *p_range) for c in circles):
            out.append(((x, y, xa, ya, text), box, key))
    return out


def market_before_after(market: pd.DataFrame, colors: dict[str, str], order: list[str], caption: Caption,
                        lang: str = i18n.DEFAULT) -> go.Figure:
    """Two 100% stacked bars: AI-compute revenue shares before and after OpenAI sells directly."""
    fig = go.Figure()
    rows = [_o("before", lang), _o("after", lang)]
    for pid in order:
        g = market[market["partner_id"] == pid]
        if g.empty:
            continue
        name = g["partner"].iloc[0]
        vals = [float(g["share_before_pct"].iloc[0]), float(g["share_after_pct"].iloc[0])]
        fig.add_bar(y=rows, x=vals, name=name, orientation="h", marker_color=colors.get(pid, "#888888"),
                    text=[_share_label(name, v) for v in vals], textposition="inside",
                    insidetextanchor="middle", textfont=dict(color="white", size=SHARE_LABEL_PX),
                    hovertemplate=f"{name}: %{{x:.1f}}%<extra>%{{y}}</extra>")
    # A label Plotly would have to shrink below this size to fit its bar is left out, not printed tiny.
    fig.update_layout(barmode="stack", xaxis=dict(range=[0, 100], ticksuffix="%", title=_o("x_share", lang)),
                      yaxis=dict(autorange="reversed"), legend=dict(traceorder="normal"),
                      uniformtext=dict(minsize=SHARE_LABEL_PX - 1, mode="hide"))
    return finish(fig, caption, height=400, lang=lang)


SHARE_LABEL_PX = 11
SHARE_PLOT_PX = 440  # the plot's width in the narrowest chart (640 px less the row labels and margins)


def _share_label(name: str, pct: float) -> str:
    """A stacked share's label at full size: name and share where both fit the bar's width in the
    narrowest chart, the share alone where only it fits, else none (the legend and hover name it)."""
    bar_px = SHARE_PLOT_PX * pct / 100 - 6
    full, short = f"{name} {pct:.1f}%", f"{pct:.1f}%"
    for text in (full, short):
        if labels.text_px(text, SHARE_LABEL_PX) <= bar_px:
            return text
    return ""


def delta_bars(delta: pd.DataFrame, caption: Caption, lang: str = i18n.DEFAULT) -> go.Figure:
    """Current minus pinned, per partner: change in revenue at risk and in net (the page's money unit)."""
    fig = go.Figure()
    pm = i18n.plot_money(lang)
    for col, label, color in (("d_revenue_at_risk", _o("d_risk", lang), "#B5546A"),
                              ("d_net", _o("d_net", lang), "#5FA36B")):
        fig.add_bar(x=delta["partner"], y=pm(delta[col]), name=label, marker_color=color,
                    text=[pm.text(v, 2, sign=True) for v in delta[col]], textposition="outside", cliponaxis=False)
    fig.add_hline(y=0, line_color="#9AA1A9", line_width=1)
    fig.update_layout(barmode="group", yaxis_title=_o("y_delta", lang))
    return finish(fig, caption, height=430, lang=lang)
