"""Timeline page chart: every event as a dot on a date axis, one row per actor, in the actor's
provider colour where the actor is a provider."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .. import i18n
from .base import MUTED, TITLE_TOP_PX, Caption, empty_figure, finish, sources_label

OTHER_COLOR = "#8C8C8C"
# Markers labelled on the timeline: the 2024 beginning, the deals and words the article turns on, and
# what came after (the labels are timeline.key.<event_id>; the event's title where a language has none).
LABELLED = ("2024-01-19-openai-fabs", "2025-01-21-openai", "2025-09-10-oracle", "2025-10-28-microsoft",
            "2025-11-03-aws", "2025-11-06-white-house", "2025-11-06-openai", "2026-02-27-aws",
            "2026-04-27-microsoft", "2026-07-27-nvidia-backstop")
SYMBOLS = ["circle", "diamond", "square", "triangle-up", "star", "hexagon", "cross", "x"]


def _label_positions(rows: pd.DataFrame, start, end) -> list[str]:
    """Above and below a row in turn (two labels on one actor's row do not collide), and towards the
    middle of the axis (a label at either end stays inside the plot)."""
    mid = start + (end - start) / 2
    seen: dict[str, int] = {}
    out = []
    for actor, when in zip(rows["actor"], rows["event_date"], strict=True):
        n = seen.get(actor, 0)
        seen[actor] = n + 1
        out.append(("top" if n % 2 == 0 else "bottom") + (" right" if when < mid else " left"))
    return out


def events_dots(events: pd.DataFrame, categories: list[str], as_of: str, latest_event: str | None,
                direct_sale: dict | None = None, subtitle_extra: str = "", lang: str = i18n.DEFAULT) -> go.Figure:
    """Dots on a date axis: rows are actors, colour the actor's provider colour, symbol the category."""
    tl = lambda key, **kw: i18n.t(f"timeline.{key}", lang, **kw)  # noqa: E731
    when = lambda d: i18n.date(d.date(), lang, "month")  # noqa: E731
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
                           f"%{{customdata[1]}}<br>{i18n.t('common.source', lang)}{i18n.colon(lang)}"
                           "%{customdata[2]} (%{customdata[3]})<br>"
                           f"{i18n.t('common.confidence', lang)}{i18n.colon(lang)}"
                           "%{customdata[4]}<extra></extra>"),
        ))
    labelled = ev[ev["event_id"].isin(LABELLED)].sort_values("event_date") if "event_id" in ev else ev.iloc[0:0]
    if len(labelled):  # the story's turning points carry their label, so a screenshot reads without hovering
        fig.add_trace(go.Scatter(
            x=labelled["event_date"], y=labelled["actor"], mode="text", showlegend=False, hoverinfo="skip",
            text=[i18n.t_or(f"timeline.key.{e}", lang, t) for e, t in zip(labelled["event_id"], labelled["title"],
                                                                          strict=True)],
            textposition=_label_positions(labelled, ev["event_date"].min(), ev["event_date"].max()),
            textfont=dict(size=10, color="#1F2328"),
        ))
    if direct_sale and direct_sale.get("date") is not None:
        fig.add_vline(x=pd.Timestamp(direct_sale["date"]).timestamp() * 1000, line=dict(color="#111111", dash="dot"))
        fig.add_annotation(x=pd.Timestamp(direct_sale["date"]), y=1.0, yref="paper", yanchor="bottom", xanchor="right",
                           showarrow=False, text=tl("c_altman", date=i18n.as_of(direct_sale["date"], lang)),
                           font=dict(size=11, color="#111111"))
    if latest_event:
        fig.add_vline(x=pd.Timestamp(latest_event).timestamp() * 1000, line=dict(color=MUTED, dash="dash"))
        fig.add_annotation(x=pd.Timestamp(latest_event), y=1.0, yref="paper", yanchor="bottom", xanchor="right",
                           yshift=16, showarrow=False,
                           text=tl("c_latest", date=i18n.as_of(latest_event, lang)),
                           font=dict(size=11, color=MUTED))
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=actors, autorange="reversed",
                     showgrid=True, gridcolor="#F0F1F3")
    fig.update_xaxes(type="date", showgrid=True, gridcolor="#F0F1F3", dtick="M3", tickformat=tl("tickformat"))
    fig.update_layout(legend=dict(title_text=tl("c_legend"), orientation="v", x=1.01, xanchor="left", y=1,
                                  yanchor="top"))
    return finish(fig, caption, height=max(440, 220 + 34 * len(actors)), lang=lang)


# The events the article turns on, marked where they happened on the time-series charts (market shares
# and size by quarter, OpenAI's spend by year, the deals timeline), so a screenshot tells the story.
KEY_EVENTS = ("2025-09-10-oracle", "2025-10-28-microsoft", "2025-11-03-aws", "2025-11-06-openai")
EVENT_INK = "#B5546A"


def key_events(events: pd.DataFrame) -> pd.DataFrame:
    """The key events present in `events` (a timeline_events frame), in date order."""
    ev = events[events["event_id"].isin(KEY_EVENTS)].copy()
    ev["event_date"] = pd.to_datetime(ev["event_date"])
    return ev.sort_values("event_date").reset_index(drop=True)


# One row of the event band per label (px): a 10 px font's line with its white box.
EVENT_ROW_PX = 14


def _axis_fraction(fig: go.Figure, x, axis: str, quarters: list[str] | None) -> float | None:
    """Where x sits along the x axis (0 left, 1 right), when the figure says its range; None if unknown."""
    if axis == "quarter":
        return quarters.index(x) / max(1, len(quarters) - 1) if quarters and x in quarters else None
    lo_hi = fig.layout.xaxis.range
    if lo_hi is None or None in lo_hi:
        return None
    lo, hi = (float(v) for v in lo_hi)
    return (x - lo) / (hi - lo) if hi > lo else None


def mark_events(fig: go.Figure, events: pd.DataFrame, axis: str, lang: str = i18n.DEFAULT,
                quarters: list[str] | None = None, year_offset: float = 0.0) -> go.Figure:
    """Dotted lines with short labels for the key events. axis 'quarter': x is a category like 2025Q3 (events
    outside `quarters` are left off); axis 'year': x is a number of years, the event at its fraction of
    the year (plus year_offset: -0.5 where bars are centred on the year). Events in one quarter share a
    line.

    The labels sit in a band of their own between the legend and the plot, one row per label: at any
    width (a phone's 390 px column, a laptop, the exported PNG) they never print over the bars, their
    value labels, the legend or each other. The plot keeps its height: the figure grows by the band."""
    ev = key_events(events)
    if ev.empty:
        return fig
    ev["quarter"] = ev["event_date"].dt.to_period("Q").astype(str)
    marks = []  # (x, [labels]) per quarter shown
    for q, group in ev.groupby("quarter", sort=True):
        if axis == "quarter":
            if quarters is not None and q not in quarters:
                continue
            x = q
        else:
            d = group["event_date"].iloc[0]
            x = d.year + (d.day_of_year - 1) / (366 if d.is_leap_year else 365) + year_offset
        marks.append((x, [i18n.t_or(f"timeline.key.{e}", lang, t)
                          for e, t in zip(group["event_id"], group["title"], strict=True)]))
    n_rows = sum(len(labels) for _, labels in marks)
    if not n_rows:
        return fig
    band = EVENT_ROW_PX * n_rows + 6
    height = int(fig.layout.height or 480)
    margin = fig.layout.margin
    plot = max(120, height - int(margin.t or 110) - int(margin.b or 90))
    share = 1.1 * band / (plot + band)  # a little more than the band: automargin can shrink the plot
    for name in {"yaxis"} | {k for k in fig.layout.to_plotly_json() if k.startswith("yaxis")}:
        lo, hi = fig.layout[name].domain or (0.0, 1.0)
        fig.layout[name].domain = (lo * (1 - share), hi * (1 - share))
    fig.update_layout(height=height + band, title=dict(y=1 - TITLE_TOP_PX / (height + band)))
    row = 0
    for x, labels in marks:
        fig.add_shape(type="line", xref="x", yref="paper", x0=x, x1=x, y0=0, y1=1,
                      line=dict(color=EVENT_INK, width=1.5, dash="dot"), layer="below")
        where = _axis_fraction(fig, x, axis, quarters)
        right = where is not None and where > 0.6  # near the right end the label runs leftwards from its line
        for label in labels:
            fig.add_annotation(x=x, y=1, xref="x", yref="paper", yanchor="top", yshift=-EVENT_ROW_PX * row,
                               xanchor="right" if right else "left", xshift=-3 if right else 3,
                               showarrow=False, text=label, font=dict(size=10, color=EVENT_INK),
                               bgcolor="white", borderpad=0, name="event")
            row += 1
    return fig
