"""The "Exposure vs overlap" chart's labels print over nothing at every width the chart is shown.

Pure checks (no browser): the label boxes are rebuilt from the figure itself (each annotation's text,
anchor, shift or leader, the axis ranges and the plot's height) and tested at the widths it is drawn
at: a phone's 640 px chart, the pinned column at 1366x768 (~830 px), the chart pack's PNG (1100 px),
a 1366 px slide, a 1920 px screen, and every 16 px between. Text widths are estimated by charts.labels.text_px,
which is at least the width Chromium measures for these labels in Helvetica/Arial (Liberation Sans),
Noto Sans and DejaVu Sans (see test_text_estimate_covers_the_fonts_readers_have).
"""
from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from channel_conflict import i18n
from channel_conflict.charts import labels
from channel_conflict.charts.base import Caption
from channel_conflict.charts.overlap import QUAD_WIDTHS, quadrant, quadrant_plot

from .box_helpers import hit, hit_circle

WIDTHS = (640, 830, 1100, 1366, 1920)
SWEEP = range(QUAD_WIDTHS[0], QUAD_WIDTHS[1] + 1, 16)
CAP = Caption("Exposure vs overlap", "subtitle", "Overlap model", "2026-11-30", scenario="resale 10%")


def _plain(text: str) -> list[str]:
    return [line.replace("<i>", "").replace("</i>", "").replace("&amp;", "&").replace("&lt;", "<")
            .replace("&gt;", ">") for line in text.split("<br>")]


def scene(fig):
    """Everything drawn in the plot, as functions of the chart's width W: label boxes (with their
    leaders), marker circles, corner notes and divider lines, in px from the plot's bottom left."""
    height, (p_lo, _) = quadrant_plot(fig)
    lr = QUAD_WIDTHS[0] - p_lo
    (x0, x1), (y0, y1) = fig.layout.xaxis.range, fig.layout.yaxis.range
    fx = lambda v: (v - x0) / (x1 - x0)  # noqa: E731
    fy = lambda v: (v - y0) / (y1 - y0)  # noqa: E731

    def at(w: int):
        p = w - lr
        out = {"labels": [], "leaders": [], "notes": [], "circles": [], "lines": [], "plot": (0, 0, p, height)}
        for t in fig.data:
            out["circles"].append((fx(t.x[0]) * p, fy(t.y[0]) * height, t.marker.size / 2 + 1, t.name))
        for a in fig.layout.annotations:
            if a.name not in ("bubble", "quadrant"):
                continue
            bw, bh = labels.text_box(_plain(a.text))
            if a.name == "quadrant":
                ax_, ay_ = a.x * p, a.y * height
            elif a.showarrow:
                ax_, ay_ = fx(a.x) * p + a.ax, fy(a.y) * height - a.ay
            else:
                ax_, ay_ = fx(a.x) * p + (a.xshift or 0), fy(a.y) * height + (a.yshift or 0)
            left = {"left": ax_, "center": ax_ - bw / 2, "right": ax_ - bw}[a.xanchor]
            bottom = {"bottom": ay_, "middle": ay_ - bh / 2, "top": ay_ - bh}[a.yanchor]
            box = (left, bottom, left + bw, bottom + bh, _plain(a.text)[0])
            out["notes" if a.name == "quadrant" else "labels"].append(box)
            if a.name == "bubble" and a.showarrow:
                # drawn from the label to `standoff` px short of the marker's centre: its edge
                cx, cy, d = fx(a.x) * p, fy(a.y) * height, math.hypot(a.ax, a.ay)
                sx, sy = cx + (ax_ - cx) * a.standoff / d, cy + (ay_ - cy) * a.standoff / d
                out["leaders"].append((min(sx, ax_) - 1, min(sy, ay_) - 1, max(sx, ax_) + 1, max(sy, ay_) + 1,
                                       _plain(a.text)[0]))
        for s in fig.layout.shapes:  # the dashed divider lines
            if s.type == "line" and s.xref == "x":
                out["lines"].append((fx(s.x0) * p - 1, 0, fx(s.x0) * p + 1, height))
            elif s.type == "line":
                out["lines"].append((0, fy(s.y0) * height - 1, p, fy(s.y0) * height + 1))
        return out

    return at




def clashes(fig, widths=WIDTHS) -> list[str]:
    """Every overprint in the plot at the given chart widths, in words (empty when there is none)."""
    at, out = scene(fig), []
    for w in widths:
        s = at(w)
        texts = s["labels"] + s["notes"]
        for i, a in enumerate(texts):
            if not hit(a, s["plot"], pad=0) or a[0] < 0 or a[1] < 0 or a[2] > s["plot"][2] or a[3] > s["plot"][3]:
                out.append(f"{w}: '{a[4]}' past the plot's edge")
            out += [f"{w}: '{a[4]}' over '{b[4]}'" for b in texts[i + 1:] if hit(a, b)]
            out += [f"{w}: '{a[4]}' over marker '{c[3]}'" for c in s["circles"] if hit_circle(c, a)]
            out += [f"{w}: '{a[4]}' over the leader of '{d[4]}'" for d in s["leaders"] if d[4] != a[4] and hit(a, d)]
        for d in s["leaders"]:
            out += [f"{w}: leader of '{d[4]}' over marker '{c[3]}'" for c in s["circles"]
                    if c[3] != d[4] and hit_circle(c, d)]
    return out


def line_crossings(fig, widths=WIDTHS) -> int:
    at = scene(fig)
    return sum(hit(a, ln, pad=0) for w in widths for s in [at(w)] for a in s["labels"] for ln in s["lines"])


@pytest.fixture(scope="module")
def default_quad(inputs):
    from channel_conflict.model import run
    from channel_conflict.views.overlap import charts_from

    result = run(inputs)
    return {lang: charts_from(result, inputs, "2026-11-30", lang=lang, only="overlap-quadrant")[0]
            for lang in ("en", "zh-TW")}


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_default_scenario_labels_print_over_nothing_at_every_width(default_quad, lang):
    fig = default_quad[lang].figure
    bubbles = [a for a in fig.layout.annotations if a.name == "bubble"]
    named = {t.name.split(":")[0] for t in fig.data if t.showlegend}
    # every partner is named: on the plot, or (when crowded) in the legend
    assert {a.text.split("<br>")[0] for a in bubbles} | named == set(default_quad[lang].data["partner"])
    assert len(bubbles) == len(fig.data), "the default scenario has room for every label on the plot"
    assert clashes(fig, WIDTHS) == []
    assert clashes(fig, SWEEP) == []
    # the conflict zone note stays; a dashed divider line crosses a label only where no other place is
    # free (zh-TW's Azure at 640 px), and then runs under its white ground, not through its text
    assert any(a.name == "quadrant" and i18n.t("overlap.q_tr", lang) in a.text for a in fig.layout.annotations)
    assert line_crossings(fig) <= {"en": 0, "zh-TW": 1}[lang]
    assert all(a.bgcolor == "rgba(255,255,255,0.85)" for a in bubbles)


def test_the_old_placement_would_fail_the_check():
    """The check can fail: two labels placed side by side that meet at 640 px but not at 1366 px."""
    import plotly.graph_objects as go

    fig = quadrant(pd.DataFrame({"partner": ["A", "B"], "partner_id": ["a", "b"], "overlap_index": [0.6, 0.75],
                                 "at_risk_pct": [1.0, 1.0], "contract_value": [0.0, 0.0]}), {}, 0.5, 0.5, CAP, [])
    bad = go.Figure(fig)
    for a in bad.layout.annotations:
        if a.name == "bubble":
            a.update(showarrow=False, xshift=0, yshift=10, xanchor="center", yanchor="bottom")
    assert clashes(bad, (640,)) and not clashes(bad, (1366,))
    assert clashes(fig, SWEEP) == []


partner_rows = st.lists(
    st.tuples(st.floats(0, 1), st.floats(0, 12), st.one_of(st.just(0.0), st.floats(1, 400))),
    min_size=1, max_size=8)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=partner_rows, lang=st.sampled_from(["en", "zh-TW"]), y_mid=st.floats(0, 6), undisclosed=st.booleans())
def test_any_partner_values_give_labels_that_print_over_nothing(rows, lang, y_mid, undisclosed):
    names = ["AWS", "Azure", "Google Cloud", "Oracle", "CoreWeave", "Others", "Microsoft Azure (Fairwater)", "Nebius"]
    frame = pd.DataFrame({"partner": names[:len(rows)], "partner_id": [n.lower() for n in names[:len(rows)]],
                          "overlap_index": [r[0] for r in rows], "at_risk_pct": [r[1] for r in rows],
                          "contract_value": [r[2] for r in rows]})
    fig = quadrant(frame, {}, 0.5, y_mid, CAP, ["Google Cloud"] if undisclosed else [], lang=lang)
    assert clashes(fig, SWEEP[::2]) == []
    shown = {a.text.split("<br>")[0] for a in fig.layout.annotations if a.name == "bubble"}
    legend = {t.name.split(":")[0] for t in fig.data if t.showlegend}
    assert shown | legend == set(frame["partner"]) and not shown & legend


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(-200, 200), min_size=6, max_size=6), st.lists(st.floats(-1, 1), min_size=4, max_size=4),
       st.floats(0, 150), st.floats(0, 1), st.floats(-100, 300), st.floats(1, 60))
def test_interval_solution_matches_a_sweep(xs, ks, y, kx, cy, r):
    """_ever and _ever_circle say 'never' only when a fine sweep of widths finds no overlap."""
    a = labels.Box(ks[0], xs[0], ks[0] + abs(ks[1]), xs[0] + abs(xs[1]) + 1, y, y + 30)
    b = labels.Box(ks[2], xs[2], ks[2] + abs(ks[3]), xs[2] + abs(xs[3]) + 1, xs[4] % 150, xs[4] % 150 + 20)
    c = labels.Circle(kx, cy, r)
    ps = [500 + i for i in range(0, 801, 2)]
    swept = any(hit(a.at(p), b.at(p), pad=labels.PAD - 1e-6) for p in ps)
    if swept:
        assert labels._ever(a, b, 500, 1300)
    swept_c = any(hit_circle((c.kx * p, c.cy, c.r, ""), b.at(p), pad=labels.PAD - 1e-6) for p in ps)
    if swept_c:
        assert labels._ever_circle(c, b, 500, 1300)


def test_text_estimate_covers_the_fonts_readers_have():
    """Widths Chromium measured at 11 px (canvas measureText, 2026-11-30) for Liberation Sans (Arial's
    metrics), Noto Sans CJK TC and DejaVu Sans (the widest); the estimate is at least each, less PAD."""
    measured = {"deal value undisclosed": 126, "no OpenAI contract": 107, "$138B contracts": 90,
                "Google Cloud": 74, "CoreWeave": 62, "Microsoft Azure": 85, "Others": 37,
                "Conflict zone: high overlap, high risk": 202, "合約金額未揭露": 77, "無 OpenAI 合約": 80,
                "合約 3,000億美元": 90, "衝突區：高重疊、高風險": 121}
    short = {t: (round(labels.text_px(t)), w) for t, w in measured.items() if labels.text_px(t) + labels.PAD < w}
    assert short == {}


def test_a_crowd_on_one_spot_is_named_in_the_legend_not_printed_over_itself():
    names = ["AWS", "Azure", "Google Cloud", "Oracle", "CoreWeave", "Others", "Nebius", "Lambda"]
    frame = pd.DataFrame({"partner": names, "partner_id": names, "overlap_index": [0.8] * 8,
                          "at_risk_pct": [2.0] * 8, "contract_value": [0.0, 10.0] * 4})
    fig = quadrant(frame, {}, 0.5, 1.0, CAP, [])
    legend = [t.name for t in fig.data if t.showlegend]
    shown = [a.text.split("<br>")[0] for a in fig.layout.annotations if a.name == "bubble"]
    assert legend and fig.layout.showlegend and sorted(shown + [n.split(":")[0] for n in legend]) == sorted(names)
    assert all(": " in n for n in legend)  # the legend says what the label would have: "AWS: no OpenAI contract"
    assert clashes(fig, SWEEP) == []
