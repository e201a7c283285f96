"""The timeline's marker labels print over nothing at every width the chart is shown (issue #12).

Pure checks (no browser): the label boxes are rebuilt from the figure itself (each annotation's text,
anchor and shift or leader, the axis ranges, the margins and the plot's height) and tested at a phone's
640 px chart (ui.layout.PHONE_CHART_PX), the chart pack's 1100 px PNG, the page at 1366 and 1920 px,
and every 16 px between. The chart sets its own side margins (wide enough that Plotly's automargin
keeps them), so the plot is the chart's width less those margins; its height is fixed by the figure.
Text widths are estimated by charts.labels.text_px (checked against Chromium in test_quadrant_labels).
Markers are taken at the size of Plotly's symbol paths (a square's corner is r*sqrt(2) out, a star's
point 1.4r), their white outline included.
"""
from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import pytest

from channel_conflict import db, i18n
from channel_conflict.charts import labels
from channel_conflict.charts.timeline import LABELLED

from .box_helpers import hit, hit_circle

WIDTHS = (640, 1100, 1366, 1920)
SWEEP = range(640, 1921, 16)
# how far out each symbol reaches, in units of half its size (plotly's symbol_defs paths)
REACH = {"circle": 1.0, "hexagon": 1.0, "square": math.sqrt(2), "diamond": 1.3, "star": 1.4,
         "triangle-up": math.hypot(2 / math.sqrt(3), 0.5), "cross": math.hypot(1.2, 0.4), "x": 1.2}


def _plain(text: str) -> str:
    for a, b in (("<b>", ""), ("</b>", ""), ("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">")):
        text = text.replace(a, b)
    return text


def scene(fig: go.Figure):
    """Everything drawn in and just above the plot, as a function of the chart's width W, in px from the
    plot's bottom left: labels (boxes with their text), leader lines, markers (circles) and the notes of
    the two dated lines."""
    m = fig.layout.margin
    height = fig.layout.height - m.t - m.b
    x0, x1 = (pd.Timestamp(v) for v in fig.layout.xaxis.range)
    y0, y1 = fig.layout.yaxis.range
    fx = lambda d: (pd.Timestamp(d) - x0) / (x1 - x0)  # noqa: E731
    fy = lambda y: (y - y0) / (y1 - y0)  # noqa: E731  (rows are numbered: y is a row, maybe a little off it)

    def at(w: int) -> dict:
        p = w - m.l - m.r
        out = {"labels": [], "leaders": [], "circles": [], "notes": [], "plot": (0, 0, p, height),
               "chart": (-m.l, p + m.r)}
        for t in fig.data:
            if t.mode != "markers" or t.x is None or t.x[0] is None:
                continue
            r = t.marker.size / 2 * REACH[t.marker.symbol] + t.marker.line.width / 2
            out["circles"] += [(fx(x) * p, fy(y) * height, r, f"{y} {pd.Timestamp(x):%Y-%m-%d}")
                               for x, y in zip(t.x, t.y, strict=True)]
        for a in fig.layout.annotations:
            if a.name not in ("event-label", "event-number", "line-note"):
                continue
            text = _plain(a.text)
            if a.name == "line-note":
                bw, bh = labels.text_px(text, a.font.size), a.font.size * labels.LINE_PX / labels.FONT_PX
                ax_, ay_ = fx(a.x) * p, height + (a.yshift or 0)
            else:
                bw, bh = labels.text_box([text])
                cx, cy = fx(a.x) * p, fy(a.y) * height
                if a.showarrow:
                    ax_, ay_ = cx + a.ax, cy - a.ay
                    d = math.hypot(a.ax, a.ay)  # drawn from the label to `standoff` px short of the centre
                    sx, sy = cx + (ax_ - cx) * a.standoff / d, cy + (ay_ - cy) * a.standoff / d
                    out["leaders"].append((min(sx, ax_) - 1, min(sy, ay_) - 1, max(sx, ax_) + 1, max(sy, ay_) + 1,
                                           text))
                else:
                    ax_, ay_ = cx + (a.xshift or 0), cy + (a.yshift or 0)
            left = {"left": ax_, "center": ax_ - bw / 2, "right": ax_ - bw}[a.xanchor]
            bottom = {"bottom": ay_, "middle": ay_ - bh / 2, "top": ay_ - bh}[a.yanchor]
            out["notes" if a.name == "line-note" else "labels"].append((left, bottom, left + bw, bottom + bh, text))
        return out

    return at




def clashes(fig: go.Figure, widths=WIDTHS) -> list[str]:
    """Every overprint at the given chart widths, in words (empty when there is none)."""
    at, out = scene(fig), []
    for w in widths:
        s = at(w)
        for i, a in enumerate(s["labels"]):
            if a[0] < 0 or a[1] < 0 or a[2] > s["plot"][2] or a[3] > s["plot"][3]:
                out.append(f"{w}: '{a[4]}' past the plot's edge")
            out += [f"{w}: '{a[4]}' over '{b[4]}'" for b in s["labels"][i + 1:] if hit(a, b)]
            out += [f"{w}: '{a[4]}' over marker {c[3]}" for c in s["circles"] if hit_circle(c, a)]
            out += [f"{w}: '{a[4]}' over the leader of '{d[4]}'" for d in s["leaders"] if d[4] != a[4] and hit(a, d)]
            out += [f"{w}: '{a[4]}' over the note '{n[4]}'" for n in s["notes"] if hit(a, n)]
        for d in s["leaders"]:
            out += [f"{w}: leader of '{d[4]}' over marker {c[3]}" for c in s["circles"]
                    if abs(c[0] - (d[0] + d[2]) / 2) > 2 and hit_circle(c, d)]  # not its own marker
        for i, n in enumerate(s["notes"]):
            if n[0] < s["chart"][0] or n[2] > s["chart"][1]:
                out.append(f"{w}: the note '{n[4]}' past the chart's edge")
            out += [f"{w}: the note '{n[4]}' over '{o[4]}'" for o in s["notes"][i + 1:] if hit(n, o)]
    return out


def key_items(fig: go.Figure, lang: str) -> list[str]:
    """The labels said in the key under the title (numbered markers), as in the figure's meta."""
    return list((fig.layout.meta or {}).get("labels_in_key", []))


@pytest.fixture(scope="module")
def q(built_db):
    from channel_conflict.export.cli import _DbQuery

    con = db.open_readonly(built_db)
    yield _DbQuery(con)
    con.close()


def page_figure(q, lang: str, **values) -> tuple[go.Figure, pd.DataFrame]:
    """The chart the page draws by default (every actor, every category), or with `values`."""
    from channel_conflict.views import timeline

    chosen = {p.key: p.default for p in timeline.params(q)} | values | {"lang": lang}
    chart = timeline.events_chart(q, chosen, "2026-11-30")
    return chart.figure, chart.data


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_default_timeline_labels_print_over_nothing_at_every_width(q, lang):
    fig, data = page_figure(q, lang)
    assert data["actor"].nunique() > 10  # all actors: the default shows every one
    assert clashes(fig, WIDTHS) == []
    assert clashes(fig, SWEEP) == []
    on_plot = [_plain(a.text) for a in fig.layout.annotations if a.name == "event-label"]
    numbers = [_plain(a.text) for a in fig.layout.annotations if a.name == "event-number"]
    key = key_items(fig, lang)
    want = {i18n.t_or(f"timeline.key.{e}", lang, t) for e, t in zip(data["event_id"], data["title"], strict=True)
            if e in LABELLED}
    # every turning point is named: by its marker, or by a number there and in the key under the title
    assert set(on_plot) | {k.split(" ", 1)[1] for k in key} == want and not set(on_plot) & set(key)
    assert sorted(numbers, key=int) == [str(k + 1) for k in range(len(key))]
    assert all(k.startswith(f"{n + 1} ") for n, k in enumerate(key))
    if key:
        assert i18n.t("timeline.c_key", lang, items="").rstrip() in fig.layout.title.text
    assert len(on_plot) >= 7, "most labels stay on the plot; only the crowd at the 640 px phone goes to the key"


def test_the_screenshot_review_s_overlaps_are_gone(q):
    """The labels the review saw printed over markers at 1400 px."""
    fig, _ = page_figure(q, "en")
    seen = clashes(fig, (1400,))
    for name in ("Altman's chip-fab network", "Amazon invests $50B", "Microsoft deal goes non-exclusive",
                 "Altman: an 'AI cloud'", "Sacks: no bailout"):
        assert not [c for c in seen if name in c]


def test_the_old_placement_would_fail_the_check(q):
    """The check can fail: the labels put back beside their markers, as the text trace had them."""
    fig, _ = page_figure(q, "en")
    old = go.Figure(fig)
    for a in old.layout.annotations:
        if a.name in ("event-label", "event-number"):
            a.update(showarrow=False, xshift=4, yshift=10, xanchor="left", yanchor="bottom")
    assert clashes(old, (640,)) and clashes(old, (1366,))
    assert clashes(fig, (640, 1366)) == []


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
@pytest.mark.parametrize("actors", [["OpenAI"], ["AWS", "Microsoft"]])
def test_a_filtered_timeline_labels_print_over_nothing(q, lang, actors):
    fig, _ = page_figure(q, lang, actor=actors)
    assert clashes(fig, SWEEP[::2]) == []
    assert [a for a in fig.layout.annotations if a.name == "event-label"]


def test_the_plot_keeps_its_rows_and_the_margins_hold_the_names(q):
    from channel_conflict.charts.timeline import AXIS_FONT_PX, HEAD_ROWS, ROW_PX

    fig, data = page_figure(q, "en")
    m = fig.layout.margin
    lo, hi = fig.layout.yaxis.range  # rows ROW_PX apart; the head at least HEAD_ROWS (more where a top-row
    assert fig.layout.height - m.t - m.b == pytest.approx(ROW_PX * (lo - hi), abs=1)  # marker moved up)
    assert lo == data["actor"].nunique() - 0.5 and -0.5 - hi >= HEAD_ROWS
    assert m.l >= max(labels.text_px(a, AXIS_FONT_PX) for a in data["actor"]) + 8
    legend = [t.name for t in fig.data if t.showlegend is not False and t.name]
    assert m.r >= max(40 + labels.text_px(n, AXIS_FONT_PX) for n in legend)


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_markers_that_share_a_date_sit_apart_and_numbers_sit_by_their_marker(q, lang):
    """In the 1100 px PNG (about the page at 1366 px) no two markers of a row print over each other; a
    numbered marker's number sits in its own row, beside it (a '1' above AWS's marker read as OpenAI's)."""
    from channel_conflict.charts import timeline as chart

    fig, _ = page_figure(q, lang)
    circles = scene(fig)(chart.OFFSET_WIDTH)["circles"]
    over = [(a[3], b[3]) for k, a in enumerate(circles) for b in circles[k + 1:]
            if math.hypot(a[0] - b[0], a[1] - b[1]) < 0.75 * (a[2] + b[2])]
    assert not over, over
    numbers = [a for a in fig.layout.annotations if a.name == "event-number"]
    assert numbers
    for a in numbers:
        assert not a.yshift and a.yanchor == "middle", (a.text, a.yshift, a.yanchor)
