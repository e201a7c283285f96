"""Timeline page chart: every event as a dot on a date axis, one row per actor, in the actor's
provider colour where the actor is a provider."""
from __future__ import annotations

import math
from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go

from .. import i18n
from ..text import plotly as _inert
from . import labels as placing
from .base import (
    INK,
    MUTED,
    TITLE_TOP_PX,
    Caption,
    empty_figure,
    finish,
    hover_cells,
    inert_figure,
    source_lines,
    sources_label,
)

OTHER_COLOR = "#8C8C8C"
# Markers labelled on the timeline: the 2024 beginning, the deals and words the article turns on, and
# what came after (the labels are timeline.key.<event_id>; the event's title where a language has none).
LABELLED = ("2024-01-19-openai-fabs", "2025-01-21-openai", "2025-09-10-oracle", "2025-10-28-microsoft",
            "2025-11-03-aws", "2025-11-06-white-house", "2025-11-06-openai", "2026-02-27-aws",
            "2026-04-27-microsoft", "2026-07-27-nvidia-backstop")
SYMBOLS = ["circle", "diamond", "square", "triangle-up", "star", "hexagon", "cross", "x"]


# The widths (CSS px) the timeline is drawn at: a phone's minimum chart (ui.layout.PHONE_CHART_PX), the
# chart pack's PNG (export.render.DEFAULT_WIDTH, 1100), the page at 1366 px, up to a full-HD screen.
# The marker labels are placed (charts.labels.place) to print over nothing at every width in between.
TIMELINE_WIDTHS = (640, 1920)
ROW_PX = 34  # one actor's row
HEAD_ROWS = 0.7  # room above the top row, in rows, for a label above its marker
MARKER_PX = 15
# The circle (px) around each symbol at MARKER_PX with its white outline (plotly's symbol paths: a square's
# corner is r*sqrt(2) out, a diamond's 1.3r, a star's 1.4r, a cross arm's end 1.26r).
SYMBOL_R = {"circle": 8.5, "diamond": 10.8, "square": 11.6, "triangle-up": 10.5, "star": 11.5, "hexagon": 8.5,
            "cross": 10.5, "x": 10.5}
# Places around a marker: charts.labels.SIDES, then above or below it starting or ending at its centre
# (a label by a marker near the plot's edge, or with a neighbour on its row).
TIMELINE_SIDES = placing.SIDES + (("above, rightwards", (0, 1), "left", "bottom"),
                                  ("above, leftwards", (0, 1), "right", "bottom"),
                                  ("below, rightwards", (0, -1), "left", "top"),
                                  ("below, leftwards", (0, -1), "right", "top"))
AXIS_FONT_PX = 13  # the template's font: the actor names and the legend


# A numbered marker's number sits beside its marker, in its own row: above or below, a row is 34 px and the
# number read as the next row's ("1" over AWS's marker sat in OpenAI's row).
BADGE_SIDES = tuple(side for side in placing.SIDES if side[0] in ("right", "left"))
# Markers in one row closer than their radii in the chart pack's 1100 px PNG (about the page's width at
# 1366 px) move off the row's line so each shows: two that touch sit half a row (17 px, a marker and its
# outline) apart. (At the narrowest width, 640 px, markers weeks apart touch: moving all of those took the
# room of labels.)
OFFSET_ROWS = 0.5
OFFSET_WIDTH = 1100


def _rows_with_offsets(ev: pd.DataFrame, actors: list[str], radius: list[float], fx, p: float,
                       labelled: set[int] = frozenset()) -> list[float]:
    """Each event's y: its actor's row number, moved up or down a little where markers of that row would
    print over each other in a plot `p` px wide (the same date, or days apart). Of two, a marker with a
    label stays on the line and the other moves below it; of three, a labelled one goes on top, where its
    label has the room above it."""
    y = [float(actors.index(a)) for a in ev["actor"]]
    x = [fx(d) * p for d in ev["event_date"]]
    d = OFFSET_ROWS
    for actor in actors:
        mine = sorted((i for i, a in enumerate(ev["actor"]) if a == actor), key=lambda i: x[i])
        group: list[int] = []
        for i in mine + [None]:
            if i is not None and group and x[i] - x[group[-1]] < radius[i] + radius[group[-1]]:
                group.append(i)
                continue
            n = len(group)
            if n == 2:
                kept = [j for j in group if j in labelled][:1]
                offsets = dict(zip(kept + [j for j in group if j not in kept], (0.0, d) if kept else (-d / 2, d / 2),
                                   strict=True))
            elif n == 3:  # one above, one on, one below the line; a labelled one on top, its label above it
                top = next((j for j in group if j in labelled), group[0])
                rest = [j for j in group if j != top]
                offsets = {top: -d, rest[0]: 0.0, rest[1]: d}
            else:  # none, or a run of many: alternately above and below
                offsets = {j: (d / 2 if k % 2 else -d / 2) for k, j in enumerate(group)} if n > 1 else {}
            for j, off in offsets.items():
                y[j] += off
            group = [] if i is None else [i]
    return y


def timeline_plot(fig: go.Figure) -> tuple[float, tuple[float, float]]:
    """The plot's height (fixed) and its width range (px) over TIMELINE_WIDTHS, from a finished figure
    whose margins the chart set itself (so Plotly's automargin has nothing to grow)."""
    m = fig.layout.margin
    lr = m.l + m.r
    return float(fig.layout.height - m.t - m.b), (TIMELINE_WIDTHS[0] - lr, TIMELINE_WIDTHS[1] - lr)


def _side_margins(actors: list[str], legend: list[str], title: str) -> tuple[int, int]:
    """Left and right margins (px) at least what the actor names and the legend column need: Plotly grows
    a margin that is too small, which would move every marker; one wide enough is kept as set."""
    left = max(placing.text_px(a, AXIS_FONT_PX) for a in actors) + 16
    right = max([placing.text_px(title, AXIS_FONT_PX)] + [44 + placing.text_px(c, AXIS_FONT_PX) for c in legend]) + 24
    return int(math.ceil(left)), int(math.ceil(right))


def _tick_months(tickformat: str, span: pd.Timedelta, p_lo: float) -> int:
    """Months between date ticks: 3 where a tick's label (at a typical width, not the upper bound labels
    use) fits between ticks at the narrowest plot, else 6 or 12, so Plotly never turns them on their side."""
    sample = pd.Timestamp("2024-12-01").strftime(tickformat.replace("%-", "%"))
    em = max(sum(1.0 if "\u2e80" <= ch <= "\u9fff" else 0.67 if ch.isupper() else 0.56 for ch in line)
             for line in sample.split("<br>"))
    per_month = p_lo * pd.Timedelta(days=30.44) / span
    return next((m for m in (3, 6) if m * per_month >= em * AXIS_FONT_PX + 4), 12)


def events_dots(events: pd.DataFrame, categories: list[str], as_of: str, latest_event: str | None,
                direct_sale: dict | None = None, subtitle_extra: str = "", lang: str = i18n.DEFAULT) -> go.Figure:
    """Dots on a date axis: rows are actors, colour the actor's provider colour, symbol the category.

    The story's turning points (LABELLED) carry their label, so a screenshot reads without hovering. Each
    label takes a place around its marker where, at every width the chart is shown (TIMELINE_WIDTHS), it
    prints over no other label or marker and stays inside the plot (charts.labels.place: x is linear in
    time, so every edge is k*P + c px for a plot P px wide, and rows are ROW_PX apart at any width). A
    label with no such place becomes a framed number by its marker, its words in a key under the title
    ("numbered markers: 1 ..."); the marker's hover names the event as always. The margins are set wide
    enough for the actor names and the legend, so Plotly never grows them and P is the width less them."""
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
    symbol = {cat: SYMBOLS[i % len(SYMBOLS)] for i, cat in enumerate(categories)}
    fig = go.Figure()
    lines = []  # the two dated vertical lines: (date, colour, dash, note, yshift)
    if direct_sale and direct_sale.get("date") is not None:
        lines.append((pd.Timestamp(direct_sale["date"]), "#111111", "dot",
                      tl("c_altman", date=i18n.as_of(direct_sale["date"], lang)), 0))
    if latest_event:
        lines.append((pd.Timestamp(latest_event), MUTED, "dash",
                      tl("c_latest", date=i18n.as_of(latest_event, lang)), 16))
    for x, color, dash, note, shift in lines:
        fig.add_vline(x=x.timestamp() * 1000, line=dict(color=color, dash=dash))
        fig.add_annotation(x=x, y=1.0, yref="paper", yanchor="bottom", xanchor="right", yshift=shift, showarrow=False,
                           text=note, font=dict(size=11, color=color), name="line-note")
    shown = [c for c in categories if (ev["category"] == c).any()]
    left, right = _side_margins(actors, shown, tl("c_legend"))
    # The plot gets ROW_PX per actor (and the head room) whatever the title's lines take; only its width
    # changes with the page, P px over p_range.
    p_range = (TIMELINE_WIDTHS[0] - left - right, TIMELINE_WIDTHS[1] - left - right)
    # Dates padded so the first and last markers sit whole inside the plot at the narrowest width.
    t0, t1 = ev["event_date"].min(), max([ev["event_date"].max()] + [x for x, *_ in lines])
    span = (t1 - t0) or pd.Timedelta(days=30)
    edge = max(SYMBOL_R.values()) + placing.PAD
    pad = span * (edge / (p_range[0] - 2 * edge))
    x0, x1 = t0 - pad, t1 + pad
    fx = lambda d: (d - x0) / (x1 - x0)  # noqa: E731
    radius = [SYMBOL_R.get(symbol[c], max(SYMBOL_R.values())) for c in ev["category"]]
    ids = ev["event_id"] if "event_id" in ev else pd.Series("", index=ev.index)
    ev["y"] = _rows_with_offsets(ev, actors, radius, fx, OFFSET_WIDTH - left - right,
                                 {i for i, e in enumerate(ids) if e in LABELLED})
    # A top-row marker moved above its line takes its label's head room with it: the head grows by as much.
    head = HEAD_ROWS + max(0.0, -min(ev["y"]))
    plot_h = float(max(ROW_PX * (len(actors) + head), 200))
    fy = lambda y: (len(actors) - 0.5 - y) / (len(actors) + head)  # noqa: E731
    for cat in categories:
        rows = ev[ev["category"] == cat]
        if rows.empty:
            continue
        fig.add_trace(go.Scatter(  # legend key in neutral grey: colour means actor, not category
            x=[None], y=[None], mode="markers", name=cat, legendgroup=cat,
            marker=dict(size=12, color=MUTED, symbol=symbol[cat]),
        ))
        fig.add_trace(go.Scatter(
            x=rows["event_date"], y=rows["y"], mode="markers", name=cat, legendgroup=cat, showlegend=False,
            cliponaxis=False,  # a bottom-row marker moved below its line stays whole
            marker=dict(size=MARKER_PX, color=rows["color"], symbol=symbol[cat], line=dict(color="white", width=1.5)),
            customdata=hover_cells(rows, ["title", "description", "publisher", "published", "confidence", "when",
                                          "category", "actor"], lang),
            hovertemplate=("<b>%{customdata[0]}</b><br>%{customdata[7]} · %{customdata[5]} · %{customdata[6]}<br>"
                           "%{customdata[1]}" + source_lines(lang, 2, 3, 4) + "<extra></extra>"),
        ))
    text = {e: i18n.t_or(f"timeline.key.{e}", lang, t) for e, t in zip(ids, ev["title"], strict=True) if e in LABELLED}
    # a label above or below clears the biggest symbol in its row, not only its own marker
    row_r = {a: max(r for r, b in zip(radius, ev["actor"], strict=True) if b == a) for a in actors}
    points = [placing.Point(fx(d), fy(y), row_r[a] if e in text else r, [text.get(e, "")])
              for e, d, a, y, r in zip(ids, ev["event_date"], ev["actor"], ev["y"], radius, strict=True)]
    skip = frozenset(i for i, e in enumerate(ids) if e not in text)
    dividers = [placing.Box(fx(x), -1, fx(x), 1, 0, plot_h) for x, *_ in lines]
    # Crowded (the narrowest width, long words): a label with no place becomes a number by its marker and
    # its words go in the key under the title; placed again until every label or number has its place.
    # The labels that have a place keep it if the numbers fit around them; else all are placed again.
    out: set[int] = set()
    placed = placing.place(points, plot_h, p_range, lines=dividers, skip=skip, sides=TIMELINE_SIDES)
    marks = [(i, points[i].lines[0], placed.shifts[i], placed.leaders[i]) for i in range(len(points))
             if i not in skip and placed.sides[i] is not None]
    out = {i for i in placed.legend if i not in skip}
    number = {i: str(k + 1) for k, i in enumerate(sorted(out, key=lambda i: (ev["event_date"].iloc[i], i)))}
    forms = [replace(p, lines=[number[i]]) if i in number else p for i, p in enumerate(points)]
    if out:
        badges = placing.place(forms, plot_h, p_range, fixed=[b for bs in placed.boxes for b in bs], lines=dividers,
                               skip=frozenset(range(len(points))) - out, sides=TIMELINE_SIDES,
                               sides_of=dict.fromkeys(out, BADGE_SIDES))
        marks += [(i, number[i], badges.shifts[i], badges.leaders[i]) for i in out if badges.sides[i] is not None]
        placed = replace(placed, sides=[badges.sides[i] if i in out else s for i, s in enumerate(placed.sides)])
    for _ in range(4 if set(placed.legend) - skip else 0):
        placed = placing.place(forms, plot_h, p_range, lines=dividers, skip=skip, sides=TIMELINE_SIDES,
                               sides_of=dict.fromkeys(out, BADGE_SIDES))
        new = {i for i in placed.legend if i not in skip} - out
        marks = [(i, forms[i].lines[0], placed.shifts[i], placed.leaders[i]) for i in range(len(points))
                 if i not in skip and placed.sides[i] is not None]
        if not new:
            break
        out |= new
        number = {i: str(k + 1) for k, i in enumerate(sorted(out, key=lambda i: (ev["event_date"].iloc[i], i)))}
        forms = [replace(p, lines=[number[i]]) if i in number else p for i, p in enumerate(points)]
    key = [f"{number[i]} {points[i].lines[0]}" if i in number and placed.sides[i] else points[i].lines[0]
           for i in sorted(out, key=lambda i: (ev["event_date"].iloc[i], i))]
    if key:
        said = tl("c_key", items=i18n.join(key, lang, "clauses"))
        caption = replace(caption, subtitle=f"{caption.subtitle} · {said}")
    # Rows by number (actor i at y=i, named by its tick), so markers that share a date can sit a little
    # above and below their row's line.
    fig.update_yaxes(type="linear", tickmode="array", tickvals=list(range(len(actors))), ticktext=actors,
                     showgrid=True, gridcolor="#F0F1F3", zeroline=False,
                     range=[len(actors) - 0.5, -0.5 - head], autorange=False)
    fig.update_xaxes(type="date", showgrid=True, gridcolor="#F0F1F3", tickformat=tl("tickformat"),
                     dtick=f"M{_tick_months(tl('tickformat'), x1 - x0, p_range[0])}",
                     range=[x0, x1], autorange=False)
    fig.update_layout(legend=dict(title_text=tl("c_legend"), orientation="v", x=1.0, xanchor="left", y=1,
                                  yanchor="top"))
    fig = finish(fig, caption, height=max(440, 220 + ROW_PX * len(actors)), lang=lang)
    margin = fig.layout.margin
    height = int(math.ceil(margin.t + margin.b + plot_h))
    fig.update_layout(height=height, title=dict(y=1 - TITLE_TOP_PX / height), margin=dict(l=left, r=right))
    for i, label, (sx, sy, xa, ya), lead in marks:
        where = (dict(showarrow=True, ax=sx, ay=-sy, axref="pixel", ayref="pixel", arrowhead=0, arrowwidth=1,
                      arrowcolor=MUTED, standoff=points[i].r) if lead else dict(showarrow=False, xshift=sx, yshift=sy))
        badge = i in number  # a number in a thin frame, so it reads as a key's mark, not a value
        fig.add_annotation(x=ev["event_date"].iloc[i], y=ev["y"].iloc[i], xanchor=xa, yanchor=ya,
                           text=f"<b>{label}</b>" if badge else _inert(label),
                           font=dict(size=placing.FONT_PX, color=INK), borderpad=placing.BORDER / 2,
                           borderwidth=1 if badge else 0,
                           bordercolor=MUTED, bgcolor="rgba(255,255,255,0.85)",
                           name="event-number" if badge else "event-label", **where)
    if key:
        fig.update_layout(meta={**(fig.layout.meta or {}), "labels_in_key": key})
    return inert_figure(fig)


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


EVENT_GAP_PX = 6  # between an event's dotted line and its label (at 3 px the label's end touched the dots)


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
                               xanchor="right" if right else "left", xshift=-EVENT_GAP_PX if right else EVENT_GAP_PX,
                               showarrow=False, text=label, font=dict(size=10, color=EVENT_INK),
                               bgcolor="white", borderpad=0, name="event")
            row += 1
    return fig
