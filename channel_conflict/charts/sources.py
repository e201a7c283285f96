"""Sources page charts: how sure each table is, and how recent its sources are."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..schema import CONFIDENCE
from .base import NEUTRAL_SEQUENCE, Caption, empty_figure, finish

BLUE, ORANGE, GREEN, RED, PURPLE, GREY, TEAL = NEUTRAL_SEQUENCE
CONFIDENCE_COLORS = {"confirmed": GREEN, "reported": BLUE, "estimate": ORANGE, "assumption": GREY}


def confidence_bars(counts: pd.DataFrame, caption: Caption, selected: str | None = None) -> go.Figure:
    """Rows per table, stacked by confidence; one bar per table, the selected one in bold."""
    if counts.empty:
        return empty_figure(caption, "No tables with a confidence column")
    totals = counts.groupby("table_name")["rows"].sum().sort_values()
    tables = totals.index.tolist()
    ticks = [f"<b>{t}</b>" if t == selected else t for t in tables]
    fig = go.Figure()
    for level in CONFIDENCE:
        rows = counts[counts["confidence"] == level].set_index("table_name").reindex(tables)["rows"].fillna(0)
        if not rows.any():
            continue
        share = (100 * rows / totals.reindex(tables)).round(0)
        fig.add_trace(go.Bar(
            y=tables, x=rows, name=level, orientation="h", marker_color=CONFIDENCE_COLORS.get(level, PURPLE),
            customdata=[[s, caption.source] for s in share],
            hovertemplate=("<b>%{y}</b>: %{x:.0f} rows " + level + " (%{customdata[0]:.0f}% of the table)"
                           "<br>Source: %{customdata[1]}<br>Confidence: " + level + "<extra></extra>"),
        ))
    fig.update_layout(barmode="stack", legend_traceorder="normal")
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=tables, tickvals=tables, ticktext=ticks)
    fig.update_xaxes(title_text="rows", showgrid=True, gridcolor="#E6E8EB", rangemode="tozero")
    return finish(fig, caption, height=max(420, 230 + 34 * len(tables)))


def source_dates(sources: pd.DataFrame, caption: Caption) -> go.Figure:
    """How many sources were published each quarter."""
    if sources.empty:
        return empty_figure(caption, "No sources")
    published = pd.to_datetime(sources["published"])
    per_q = published.dt.to_period("Q").astype(str).value_counts().sort_index()
    fig = go.Figure(go.Bar(
        x=per_q.index, y=per_q.values, marker_color=BLUE, name="Sources",
        customdata=[[caption.source, "see each row (a source list)"]] * len(per_q),
        hovertemplate=("<b>%{x}</b>: %{y} sources published<br>Source: %{customdata[0]}"
                       "<br>Confidence: %{customdata[1]}<extra></extra>"),
    ))
    fig.update_xaxes(type="category", title_text="quarter published")
    fig.update_yaxes(title_text="sources", rangemode="tozero")
    return finish(fig, caption, height=380)
