"""Sources page charts: how sure each table is, and how recent its sources are."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .. import i18n
from ..schema import CONFIDENCE
from .base import NEUTRAL_SEQUENCE, Caption, empty_figure, finish

BLUE, ORANGE, GREEN, RED, PURPLE, GREY, TEAL = NEUTRAL_SEQUENCE
CONFIDENCE_COLORS = {"confirmed": GREEN, "reported": BLUE, "estimate": ORANGE, "assumption": GREY}


def _src_conf(lang: str) -> str:
    colon = i18n.colon(lang)
    return (f"<br>{i18n.t('common.source', lang)}{colon}%{{customdata[1]}}"
            f"<br>{i18n.t('common.confidence', lang)}{colon}")


def confidence_bars(counts: pd.DataFrame, caption: Caption, selected: str | None = None,
                    lang: str = i18n.DEFAULT) -> go.Figure:
    """Rows per table, stacked by confidence; one bar per table, the selected one in bold."""
    if counts.empty:
        return empty_figure(caption, i18n.t("sources.empty_conf", lang), lang=lang)
    totals = counts.groupby("table_name")["rows"].sum().sort_values()
    tables = totals.index.tolist()
    names = [i18n.t_or(f"sources.table_name.{t}", lang, t) for t in tables]  # 'Market shares', not market_share
    ticks = [f"<b>{n}</b>" if t == selected else n for t, n in zip(tables, names, strict=True)]
    fig = go.Figure()
    for level in CONFIDENCE:
        rows = counts[counts["confidence"] == level].set_index("table_name").reindex(tables)["rows"].fillna(0)
        if not rows.any():
            continue
        share = (100 * rows / totals.reindex(tables)).round(0)
        name = i18n.t_or(f"confidence.{level}", lang, level)
        fig.add_trace(go.Bar(
            y=tables, x=rows, name=name, orientation="h", marker_color=CONFIDENCE_COLORS.get(level, PURPLE),
            customdata=[[s, caption.source] for s in share],
            hovertemplate=(i18n.t("sources.hover_rows", lang).replace("{level}", name)
                           + _src_conf(lang) + name + "<extra></extra>"),
        ))
    fig.update_layout(barmode="stack", legend_traceorder="normal")
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=tables, tickvals=tables, ticktext=ticks)
    fig.update_xaxes(title_text=i18n.t("sources.x_rows", lang), showgrid=True, gridcolor="#E6E8EB",
                     rangemode="tozero")
    return finish(fig, caption, height=max(420, 230 + 34 * len(tables)), lang=lang)


def source_dates(sources: pd.DataFrame, caption: Caption, lang: str = i18n.DEFAULT) -> go.Figure:
    """How many sources were published each quarter."""
    if sources.empty:
        return empty_figure(caption, i18n.t("sources.empty_sources", lang), lang=lang)
    published = pd.to_datetime(sources["published"])
    quarters = published.dt.to_period("Q")
    # Every quarter from the first to the last, empty ones at zero: the axis runs evenly in time.
    every = pd.period_range(quarters.min(), quarters.max(), freq="Q")
    per_q = quarters.value_counts().reindex(every, fill_value=0)
    per_q.index = per_q.index.astype(str)
    fig = go.Figure(go.Bar(
        x=per_q.index, y=per_q.values, marker_color=BLUE, name=i18n.t("sources.series_sources", lang),
        customdata=[[caption.source, i18n.t("sources.see_rows", lang)]] * len(per_q),
        hovertemplate=(i18n.t("sources.hover_sources", lang) + _src_conf(lang).replace("customdata[1]", "customdata[0]")
                       + "%{customdata[1]}<extra></extra>"),
    ))
    years = [q for q in per_q.index if q.endswith("Q1")]  # one tick a year: flat labels that do not crowd
    fig.update_xaxes(type="category", title_text=i18n.t("sources.x_quarter", lang), tickangle=0,
                     tickmode="array", tickvals=years, ticktext=[q[:4] for q in years])
    fig.update_yaxes(title_text=i18n.t("sources.y_sources", lang), rangemode="tozero")
    return finish(fig, caption, height=380, lang=lang)
