"""Market page charts: provider shares and market size over quarters."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .base import Caption, empty_figure, finish, sources_label

HOVER_SHARE = ("<b>%{fullData.name}</b> %{x}: %{y:.0f}% of spend<br>"
               "Source: %{customdata[0]} (%{customdata[1]})<br>Confidence: %{customdata[2]}<extra></extra>")


def share_lines(shares: pd.DataFrame, colors: dict[str, str], firm: str, as_of: str,
                providers: list[str] | None = None) -> go.Figure:
    """Share of cloud infrastructure spend per provider, one line each, quarters on x."""
    caption = Caption(
        title=f"Cloud infrastructure market share by provider ({firm})",
        subtitle=f"Share of worldwide cloud infrastructure services spend, %, by quarter · {firm} figures only",
        source=f"{firm} via {sources_label(shares)}" if len(shares) else firm,
        as_of=as_of,
    )
    data = shares if providers is None else shares[shares["provider_id"].isin(providers)]
    if data.empty:
        return empty_figure(caption, "No share figures for this selection")
    quarters = sorted(shares["quarter"].unique())
    fig = go.Figure()
    for provider_id, rows in data.groupby("provider_id", sort=False):
        rows = rows.set_index("quarter").reindex(quarters)  # gaps stay gaps, not joined lines
        name = rows["provider"].dropna().iloc[0]
        fig.add_trace(go.Scatter(
            x=quarters, y=rows["share_pct"], name=name, mode="lines+markers",
            line=dict(color=colors.get(provider_id, "#888"), width=2.5), marker=dict(size=6),
            customdata=rows[["publisher", "published", "confidence"]].astype(str).values,
            hovertemplate=HOVER_SHARE, connectgaps=False,
        ))
    fig.update_yaxes(title_text="% of spend", rangemode="tozero", ticksuffix="%")
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=quarters)
    return finish(fig, caption)


def size_bars(size: pd.DataFrame, firm: str, as_of: str) -> go.Figure:
    caption = Caption(
        title=f"Quarterly cloud infrastructure spend ({firm})",
        subtitle="Worldwide cloud infrastructure services spend, US$ billion per quarter; labels show growth year on year",
        source=f"{firm} via {sources_label(size)}" if len(size) else firm,
        as_of=as_of,
    )
    if size.empty:
        return empty_figure(caption, "No market-size figures for this research firm")
    growth = size["yoy_growth_pct"].map(lambda g: "" if pd.isna(g) else f"+{g:.0f}%")
    fig = go.Figure(go.Bar(
        x=size["quarter"], y=size["total_usd_bn"], marker_color="#4C6A92", text=growth, textposition="outside",
        customdata=size[["publisher", "published", "confidence"]].astype(str).values,
        hovertemplate=("<b>%{x}</b>: $%{y:.1f}B<br>Source: %{customdata[0]} (%{customdata[1]})"
                       "<br>Confidence: %{customdata[2]}<extra></extra>"),
        name="Market size",
    ))
    fig.update_yaxes(title_text="US$ billion", rangemode="tozero", tickprefix="$")
    fig.update_xaxes(type="category")
    return finish(fig, caption)
