"""Capital page charts: guarantee savings, book vs economic value, GPU-hour cost vs market prices.

Each function takes the numbers already computed (channel_conflict.capital) plus the caption
text, and returns a finished house-style figure. No data access here.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .base import NEUTRAL_SEQUENCE, Caption, empty_figure, finish

BLUE, ORANGE, GREEN, RED, PURPLE, GREY, TEAL = NEUTRAL_SEQUENCE

TIER_LABELS = {
    "hyperscaler": "Hyperscalers",
    "specialty": "Specialty GPU clouds",
    "long_tail": "Long-tail GPU clouds",
    "market": "Market (all tiers)",
    "market_index": "Market rental index",
}
INK_LINE = "#1F2328"
TIER_COLORS = {"hyperscaler": BLUE, "specialty": ORANGE, "long_tail": GREEN, "market": GREY, "market_index": PURPLE}


def _hover(unit: str) -> str:
    return ("<b>%{fullData.name}</b> %{x}: %{y:,.2f} " + unit +
            "<br>Source: %{customdata[0]}<br>Confidence: %{customdata[1]}<extra></extra>")


def savings_chart(schedule: pd.DataFrame, caption: Caption, provenance: tuple[str, str]) -> go.Figure:
    """Interest saved each year (bars) and cumulatively (lines, nominal and present value)."""
    if schedule.empty:
        return empty_figure(caption, "No build-out years to show")
    years = schedule["year"].astype(str)
    cd = [list(provenance)] * len(schedule)
    fig = go.Figure()
    fig.add_trace(go.Bar(x=years, y=schedule["saved_usd_bn"], name="Saved that year", marker_color=BLUE,
                         customdata=cd, hovertemplate=_hover("US$ bn")))
    fig.add_trace(go.Scatter(x=years, y=schedule["cumulative_usd_bn"], name="Cumulative", mode="lines+markers",
                             line=dict(color=ORANGE, width=2.5), customdata=cd, hovertemplate=_hover("US$ bn")))
    fig.add_trace(go.Scatter(x=years, y=schedule["cumulative_pv_usd_bn"], name="Cumulative, present value",
                             mode="lines", line=dict(color=ORANGE, width=2, dash="dot"), customdata=cd,
                             hovertemplate=_hover("US$ bn (discounted at the base rate)")))
    fig.update_yaxes(title_text="US$ billion", rangemode="tozero", tickprefix="$")
    fig.update_xaxes(type="category", title_text="Build-out year")
    return finish(fig, caption)


def depreciation_chart(monthly: pd.DataFrame, yearly: pd.DataFrame, caption: Caption,
                       provenance: tuple[str, str]) -> go.Figure:
    """Book value (straight line) vs economic value (steps at each generation), % of cost; gap bars by year."""
    if monthly.empty:
        return empty_figure(caption, "No years to show")
    cost = monthly["book"].iloc[0] or 1.0
    cd_m = [list(provenance)] * len(monthly)
    gap_years = yearly[yearly["t_years"] > 0]
    fig = go.Figure()
    fig.add_trace(go.Bar(x=gap_years["t_years"], y=100 * gap_years["gap"] / cost, name="Write-down risk (book − economic)",
                         marker_color=RED, opacity=0.75, width=0.45, customdata=[list(provenance)] * len(gap_years),
                         hovertemplate=_hover("% of cost, end of year")))
    fig.add_trace(go.Scatter(x=monthly["t_years"], y=100 * monthly["book"] / cost, name="Book value (straight line)",
                             mode="lines", line=dict(color=BLUE, width=2.5), customdata=cd_m,
                             hovertemplate=_hover("% of cost")))
    fig.add_trace(go.Scatter(x=monthly["t_years"], y=100 * monthly["economic"] / cost,
                             name="Economic value (drops at each new generation)", mode="lines",
                             line=dict(color=ORANGE, width=2.5, shape="hv"), customdata=cd_m,
                             hovertemplate=_hover("% of cost")))
    fig.update_yaxes(title_text="% of purchase cost", range=[0, 105], ticksuffix="%")
    fig.update_xaxes(title_text="Years since purchase", dtick=1, rangemode="tozero")
    return finish(fig, caption)


PRICE_CUSTOM = ["publisher", "published", "confidence", "pricing", "notes", "price_low_usd", "price_high_usd"]


def _custom(frame: pd.DataFrame) -> list:
    f = frame[PRICE_CUSTOM].astype(object)
    return f.where(f.notna(), "").values.tolist()


def price_label(row) -> str:
    return f"{row['as_of']} · {row['gpu']} · {TIER_LABELS.get(row['provider_tier'], row['provider_tier'])}"


def gpu_price_chart(prices: pd.DataFrame, cost: float, direct_price: float, caption: Caption,
                    cost_provenance: tuple[str, str]) -> go.Figure:
    """Market price ranges (bars from low to high, a diamond for single figures) with the implied
    cost and direct-sale price as vertical lines. Rows without a price level are not drawn."""
    priced = prices.dropna(subset=["price_low_usd", "price_high_usd"], how="all").copy()
    if priced.empty:
        return empty_figure(caption, "No GPU prices with a level in this file")
    priced["price_low_usd"] = priced["price_low_usd"].fillna(priced["price_high_usd"])
    priced["price_high_usd"] = priced["price_high_usd"].fillna(priced["price_low_usd"])
    priced["label"] = priced.apply(price_label, axis=1)
    order = priced["label"].tolist()[::-1]  # oldest at the bottom, newest on top
    fig = go.Figure()
    for tier, rows in priced.groupby("provider_tier", sort=False):
        color = TIER_COLORS.get(tier, GREY)
        name = TIER_LABELS.get(tier, tier)
        hover = ("<b>%{y}</b><br>US$ %{customdata[5]:.2f}–%{customdata[6]:.2f} per GPU-hour (%{customdata[3]})"
                 "<br>Source: %{customdata[0]} (%{customdata[1]})<br>Confidence: %{customdata[2]}"
                 "<br>%{customdata[4]}<extra></extra>")
        rows = rows.assign(ranged=rows["price_low_usd"] != rows["price_high_usd"])
        r = rows[rows["ranged"]]
        if len(r):
            fig.add_trace(go.Bar(
                y=r["label"], x=r["price_high_usd"] - r["price_low_usd"], base=r["price_low_usd"], orientation="h",
                name=name, legendgroup=tier, marker_color=color, width=0.55,
                customdata=_custom(r), hovertemplate=hover,
            ))
        p = rows[~rows["ranged"]]
        if len(p):
            fig.add_trace(go.Scatter(
                y=p["label"], x=p["price_low_usd"], mode="markers", name=name, legendgroup=tier,
                showlegend=not len(r), marker=dict(symbol="diamond", size=13, color=color),
                customdata=_custom(p), hovertemplate=hover,
            ))
    cost_hover = ("<b>%{fullData.name}</b>: US$ %{x:.2f} per GPU-hour<br>Source: %{customdata[0]}"
                  "<br>Confidence: %{customdata[1]}<extra></extra>")
    for x, name, dash, color in ((cost, "Implied cost per billed hour", "solid", INK_LINE),
                                 (direct_price, "Direct-sale price (cost + markup)", "dash", RED)):
        fig.add_trace(go.Scatter(x=[x, x], y=[order[0], order[-1]], mode="lines", name=f"{name}: ${x:.2f}",
                                 line=dict(color=color, width=2.5, dash=dash),
                                 customdata=[list(cost_provenance)] * 2, hovertemplate=cost_hover))
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=order, title_text="", showgrid=False)
    fig.update_xaxes(title_text="US$ per GPU-hour", rangemode="tozero", tickprefix="$", showgrid=True,
                     gridcolor="#E6E8EB")
    fig.update_layout(barmode="overlay", bargap=0.35)
    return finish(fig, caption, height=max(480, 260 + 38 * len(order)))


def cost_stack_chart(parts: pd.DataFrame, caption: Caption) -> go.Figure:
    """What one billed GPU-hour costs, built up: capital, opex, idle hours, markup."""
    if parts.empty:
        return empty_figure(caption, "No cost to show")
    colors = [BLUE, TEAL, GREY, RED]
    fig = go.Figure()
    for (_, row), color in zip(parts.iterrows(), colors, strict=False):
        fig.add_trace(go.Bar(
            y=["Direct-sale price"], x=[row["usd_per_hour"]], name=row["part"], orientation="h",
            marker_color=color, text=[f"${row['usd_per_hour']:.2f}"], textposition="inside",
            insidetextanchor="middle", customdata=[[row["source"], row["confidence"]]],
            hovertemplate=("<b>" + row["part"] + "</b>: US$ %{x:.2f} per billed GPU-hour"
                           "<br>Source: %{customdata[0]}<br>Confidence: %{customdata[1]}<extra></extra>"),
        ))
    fig.update_layout(barmode="stack", bargap=0.3, legend_traceorder="normal")
    fig.update_xaxes(title_text="US$ per billed GPU-hour", tickprefix="$", rangemode="tozero", showgrid=True,
                     gridcolor="#E6E8EB")
    fig.update_yaxes(showticklabels=False)
    return finish(fig, caption, height=330)
