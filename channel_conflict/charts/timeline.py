"""Timeline page chart: every event as a dot on a date axis, one row per actor, in the actor's
provider colour where the actor is a provider."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .. import i18n
from .base import MUTED, Caption, empty_figure, finish, sources_label

OTHER_COLOR = "#8C8C8C"
SYMBOLS = ["circle", "diamond", "square", "triangle-up", "star", "hexagon", "cross", "x"]


def events_dots(events: pd.DataFrame, categories: list[str], as_of: str, latest_event: str | None,
                direct_sale: dict | None = None, subtitle_extra: str = "", lang: str = i18n.DEFAULT) -> go.Figure:
    """Dots on a date axis: rows are actors, colour the actor's provider colour, symbol the category."""
    tl = lambda key, **kw: i18n.t(f"timeline.{key}", lang, **kw)  # noqa: E731
    en = i18n.normalise(lang) == i18n.DEFAULT
    when = (lambda d: f"{d:%b %Y}") if en else (lambda d: i18n.date(d.date(), lang, "month"))  # noqa: E731
    caption = Caption(
        title=tl("c_title" if len(events) != 1 else "c_title_one", n=len(events),
                 start=when(events["event_date"].min()), end=when(events["event_date"].max()))
              if len(events) else tl("c_none"),
        subtitle=tl("c_subtitle") + (f" · {subtitle_extra}" if subtitle_extra else ""),
        source=sources_label(events, lang=lang) if len(events) else tl("c_source_none"),
        as_of=as_of,
    )
    if events.empty:
        return empty_figure(caption, tl("c_empty"), lang=lang)
    ev = events.copy()
    ev["color"] = ev["color"].fillna(OTHER_COLOR)
    ev["when"] = [f"{d:%Y-%m-%d}" if p == "day" else when(d)
                  for d, p in zip(ev["event_date"], ev["date_precision"], strict=False)]
    actors = list(dict.fromkeys(ev.sort_values(["provider_order", "actor"])["actor"]))
    fig = go.Figure()
    for i, cat in enumerate(categories):
        rows = ev[ev["category"] == cat]
        if rows.empty:
            continue
        fig.add_trace(go.Scatter(  # legend key in neutral grey: colour means actor, not category
            x=[None], y=[None], mode="markers", name=cat, legendgroup=cat,
            marker=dict(size=12, color=MUTED, symbol=SYMBOLS[i % len(SYMBOLS)]),
        ))
        fig.add_trace(go.Scatter(
            x=rows["event_date"], y=rows["actor"], mode="markers", name=cat, legendgroup=cat, showlegend=False,
            marker=dict(size=15, color=rows["color"], symbol=SYMBOLS[i % len(SYMBOLS)],
                        line=dict(color="white", width=1.5)),
            customdata=rows[["title", "description", "publisher", "published", "confidence", "when", "category"]]
            .fillna("").astype(str).values,
            hovertemplate=("<b>%{customdata[0]}</b><br>%{y} · %{customdata[5]} · %{customdata[6]}<br>"
                           f"%{{customdata[1]}}<br>{i18n.t('common.source', lang)}{': ' if en else '：'}"
                           "%{customdata[2]} (%{customdata[3]})<br>"
                           f"{i18n.t('common.confidence', lang)}{': ' if en else '：'}"
                           "%{customdata[4]}<extra></extra>"),
        ))
    if direct_sale and direct_sale.get("date") is not None:
        fig.add_vline(x=pd.Timestamp(direct_sale["date"]).timestamp() * 1000, line=dict(color="#111111", dash="dot"))
        fig.add_annotation(x=pd.Timestamp(direct_sale["date"]), y=1.0, yref="paper", yanchor="bottom", xanchor="right",
                           showarrow=False, text=tl("c_altman", date=direct_sale["date"] if en else i18n.date(direct_sale["date"], lang)),
                           font=dict(size=11, color="#111111"))
    if latest_event:
        fig.add_vline(x=pd.Timestamp(latest_event).timestamp() * 1000, line=dict(color=MUTED, dash="dash"))
        fig.add_annotation(x=pd.Timestamp(latest_event), y=1.0, yref="paper", yanchor="bottom", xanchor="right",
                           yshift=16, showarrow=False,
                           text=tl("c_latest", date=latest_event if en else i18n.date(latest_event, lang)),
                           font=dict(size=11, color=MUTED))
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=actors, autorange="reversed",
                     showgrid=True, gridcolor="#F0F1F3")
    fig.update_xaxes(type="date", showgrid=True, gridcolor="#F0F1F3", dtick="M3", tickformat=tl("tickformat"))
    fig.update_layout(legend=dict(title_text=tl("c_legend"), orientation="v", x=1.01, xanchor="left", y=1,
                                  yanchor="top"))
    return finish(fig, caption, height=max(440, 220 + 34 * len(actors)), lang=lang)
