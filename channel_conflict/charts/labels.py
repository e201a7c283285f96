"""Point labels that provably print over nothing at every width a chart is shown.

A page stretches a chart to its column (640 px on a phone, ~830 px pinned beside the controls at
1366x768, wider on a big screen) and the chart pack saves it 1100 px wide; only the plot's width
changes, its height is fixed by the figure. A label is anchored at its point plus a pixel shift, so
along x every edge (of a label, a marker, a corner note, the plot) is `k * P + c` px with P the plot
width, and along y a constant. For two such boxes the widths at which they overlap are one interval
of P, solved exactly here (`_ever`), so "no overlap for any P in [P_lo, P_hi]" is checked for the
whole range, not at a few sampled widths. Text boxes are estimated from the font size with per
character widths at least those of the fonts a reader has (Helvetica/Arial, Segoe UI, Noto Sans,
measured in Chromium); see tests/test_quadrant_labels.py.

Each label takes one of eight places around its marker (above first); the search picks the
placement of least cost with no label over another label, a marker, a fixed note or the plot's
edge, and keeps a label off the chart's divider lines when it can. A label with no free place is
left out of the plot and its point named in the legend instead (`Placement.legend`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

FONT_PX = 11
LINE_PX = 15.0  # an 11 px line of an annotation, measured in Chromium
PAD = 3.0  # px kept clear around every label
BORDER = 2.0  # an annotation's border pad around its text
NARROW = set("iIjlft.,:;'|!() ")
WIDE = set("MWmw@%")


@lru_cache(maxsize=4096)
def text_px(line: str, size: float = FONT_PX) -> float:
    """An upper bound on the width of one line of text at `size` px (no markup)."""
    em = 0.0
    for ch in line:
        if "\u2e80" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af" or "\uff00" <= ch <= "\uffef":
            em += 1.05
        elif ch in NARROW:
            em += 0.34
        elif ch in WIDE:
            em += 0.95
        elif ch.isupper() or ch.isdigit() or ch in "$#&?~_":
            em += 0.72
        else:
            em += 0.6
    return em * size


def text_box(lines: list[str], size: float = FONT_PX) -> tuple[float, float]:
    """(width, height) px of an annotation holding `lines`, border pad included."""
    return (max((text_px(line, size) for line in lines), default=0) + 2 * BORDER,
            len(lines) * LINE_PX * size / FONT_PX + 2 * BORDER)


@dataclass(frozen=True)
class Box:
    """x from kx0*P + x0 to kx1*P + x1, y from y0 to y1 (px from the plot's bottom left)."""

    kx0: float
    x0: float
    kx1: float
    x1: float
    y0: float
    y1: float

    def at(self, p: float) -> tuple[float, float, float, float]:
        return self.kx0 * p + self.x0, self.y0, self.kx1 * p + self.x1, self.y1


@dataclass(frozen=True)
class Circle:
    """A marker centred at kx*P px across, cy px up, of radius r px (its outline included)."""

    kx: float
    cy: float
    r: float


def _below(k: float, m: float, lo: float, hi: float) -> tuple[float, float]:
    """The part of [lo, hi] where k*P + m < 0 (an empty interval has lo > hi)."""
    if k == 0:
        return (lo, hi) if m < 0 else (1.0, 0.0)
    root = -m / k
    return (lo, min(hi, root)) if k > 0 else (max(lo, root), hi)


def _ever(a: Box, b: Box, p_lo: float, p_hi: float, pad: float = PAD) -> bool:
    """Whether boxes a and b, each grown by pad/2, overlap at any plot width in [p_lo, p_hi]."""
    if min(a.y1, b.y1) - max(a.y0, b.y0) + pad <= 0:
        return False
    # x overlaps where a.left < b.right and b.left < a.right (both linear in P)
    lo1, hi1 = _below(a.kx0 - b.kx1, a.x0 - b.x1 - pad, p_lo, p_hi)
    lo2, hi2 = _below(b.kx0 - a.kx1, b.x0 - a.x1 - pad, p_lo, p_hi)
    return max(lo1, lo2) < min(hi1, hi2) or (max(lo1, lo2) == min(hi1, hi2) and lo1 <= hi1 and lo2 <= hi2)


def _ever_circle(c: Circle, b: Box, p_lo: float, p_hi: float, pad: float = PAD) -> bool:
    """Whether circle c comes within pad of box b at any plot width in [p_lo, p_hi]."""
    r = c.r + pad
    dy = max(0.0, b.y0 - c.cy, c.cy - b.y1)
    if dy >= r:
        return False
    # horizontal gap from the centre to the box: max(0, left - cx, cx - right), convex in P,
    # so its least value on the interval is at an end or where two of its pieces meet
    left = (b.kx0 - c.kx, b.x0)
    right = (c.kx - b.kx1, -b.x1)
    ps = {p_lo, p_hi}
    for k, m in (left, right, (left[0] - right[0], left[1] - right[1])):
        if k != 0 and p_lo < -m / k < p_hi:
            ps.add(-m / k)
    dx = min(max(0.0, left[0] * p + left[1], right[0] * p + right[1]) for p in ps)
    return dx < math.sqrt(r * r - dy * dy)


def inside(b: Box, p_lo: float, p_hi: float, height: float) -> bool:
    """Whether b stays inside the plot [0, P] x [0, height] at every P in [p_lo, p_hi]."""
    return (b.y0 >= 0 and b.y1 <= height
            and all(b.kx0 * p + b.x0 >= 0 and b.kx1 * p + b.x1 <= p for p in (p_lo, p_hi)))


# Places around a marker: name, (x direction, y direction), plotly anchors; the order is the preference.
SIDES = (("above", (0, 1), "center", "bottom"), ("right", (1, 0), "left", "middle"),
         ("below", (0, -1), "center", "top"), ("left", (-1, 0), "right", "middle"),
         ("above right", (1, 1), "left", "bottom"), ("above left", (-1, 1), "right", "bottom"),
         ("below right", (1, -1), "left", "top"), ("below left", (-1, -1), "right", "top"))


@dataclass(frozen=True)
class Point:
    """A marker at fractions (fx, fy) of the plot, radius r px, with its label lines."""

    fx: float
    fy: float
    r: float
    lines: list[str]


LEGEND_COST = 1000.0  # a label left out of the plot
LINE_COST = 40.0  # a label across a divider line (its white ground keeps the line off the text)
LEADERS = (18.0, 36.0)  # px further out a label may go, joined to its marker by a thin line


@dataclass
class Placement:
    """For each point: its side (an entry of SIDES) or None when it is named in the legend instead;
    how far out its label sits with a leader line (0 for none); the pixel shift and anchors to draw it
    with; and the boxes (label, then leader) that were checked."""

    sides: list[str | None]
    leaders: list[float]
    shifts: list[tuple[float, float, str, str] | None]
    boxes: list[list[Box]]
    circles: list[Circle] = field(default_factory=list)

    @property
    def legend(self) -> list[int]:
        return [i for i, s in enumerate(self.sides) if s is None]


def candidate(p: Point, side: str, height: float, extra: float = 0.0, sides: tuple = SIDES
              ) -> tuple[list[Box], tuple[float, float, str, str]]:
    """The boxes of p's label on `side` (an entry of `sides`; and, `extra` px further out, of its leader
    line), and its plotly (xshift, yshift, xanchor, yanchor), the shift being to the label's anchor."""
    _, (dx, dy), xa, ya = next(s for s in sides if s[0] == side)
    w, h = text_box(p.lines)
    cy = p.fy * height
    gap = p.r + PAD + 1 + extra  # clear of the marker's outline by more than PAD
    if dx and dy:  # a diagonal: the box's near corner sits on the circle's 45 degree line, outside it
        gap /= math.sqrt(2)
    sx, sy = dx * gap, dy * gap
    x0 = {"left": sx, "center": sx - w / 2, "right": sx - w}[xa]
    y0 = {"bottom": cy + sy, "middle": cy + sy - h / 2, "top": cy + sy - h}[ya]
    boxes = [Box(p.fx, x0, p.fx, x0 + w, y0, y0 + h)]
    if extra:  # the leader, from the marker's edge to the label, as a box 2 px thick
        near, far = p.r, gap
        if dx:
            lo, hi = (near, far) if dx > 0 else (-far, -near)
            boxes.append(Box(p.fx, lo, p.fx, hi, cy - 1, cy + 1))
        else:
            lo, hi = (cy + near, cy + far) if dy > 0 else (cy - far, cy - near)
            boxes.append(Box(p.fx, -1, p.fx, 1, lo, hi))
    return boxes, (sx, sy, xa, ya)


def place(points: list[Point], height: float, p_range: tuple[float, float], fixed: list[Box] = (),
          lines: list[Box] = (), budget: int = 20000, skip: frozenset[int] = frozenset(),
          sides: tuple = SIDES, sides_of: dict[int, tuple] | None = None) -> Placement:
    """Labels for `points` in a plot `height` px tall and P px wide for every P in p_range: no label or
    leader line over another, a marker, a `fixed` box, or past the plot's edge; off the `lines` (divider
    lines) where it can be. Least cost first (a side's rank, more for a leader, LINE_COST per divider line
    crossed, 1000 per label left to the legend), depth first with a node budget, so it always ends with
    a valid placement. Points in `skip` (already named in the legend) get no label, their markers stay.
    `sides` are the places tried, in order of preference (SIDES, or more: a side with x direction 0 and
    anchor left or right puts the label above or below the marker, starting or ending at its centre);
    `sides_of` gives some points places of their own instead (e.g. only beside the marker)."""
    p_lo, p_hi = p_range
    circles = [Circle(p.fx, p.fy * height, p.r) for p in points]
    opts: list[list[tuple[float, str, list[Box], tuple, float]]] = []
    for i, p in enumerate(points):
        mine = []
        for extra in (() if i in skip else (0.0, *LEADERS)):
            own = (sides_of or {}).get(i, sides)
            for rank, (side, (dx, dy), *_rest) in enumerate(own):
                if extra and dx and dy:
                    continue  # leaders only straight up, down or across: a leader is then a box
                boxes, shift = candidate(p, side, height, extra, own)
                if not all(inside(b, p_lo, p_hi, height) for b in boxes):
                    continue
                if any(_ever(b, f, p_lo, p_hi) for b in boxes for f in fixed):
                    continue
                if any(_ever_circle(c, b, p_lo, p_hi) for k, b in enumerate(boxes)
                       for j, c in enumerate(circles) if not (k and j == i)):
                    continue
                crossed = sum(_ever(boxes[0], ln, p_lo, p_hi, pad=0) for ln in lines)
                cost = rank + LINE_COST * crossed + (12 + extra / 6 if extra else 0)
                mine.append((cost, side, boxes, shift, extra))
        mine.sort(key=lambda o: o[0])
        opts.append(mine)
    # Most constrained first: a label with few free places chooses before one with many.
    order = sorted(range(len(points)), key=lambda i: (len(opts[i]), -points[i].r))
    clash: dict[tuple[int, int, int, int], bool] = {}

    def hits(i: int, a: int, j: int, b: int) -> bool:
        key = (i, a, j, b)
        if key not in clash:
            clash[key] = any(_ever(x, y, p_lo, p_hi) for x in opts[i][a][2] for y in opts[j][b][2])
        return clash[key]

    best: list = [math.inf, None]
    chosen: dict[int, int | None] = {}
    nodes = [0]
    # the least the labels from the k-th on can add: a bound that prunes without losing the best
    rest = [0.0] * (len(order) + 1)
    for k in range(len(order) - 1, -1, -1):
        rest[k] = rest[k + 1] + min([o[0] for o in opts[order[k]]] + [0.0 if order[k] in skip else LEGEND_COST])

    def dfs(k: int, cost: float) -> None:
        if cost + rest[k] >= best[0] or nodes[0] > budget:
            return
        if k == len(order):
            best[0], best[1] = cost, dict(chosen)
            return
        nodes[0] += 1
        i = order[k]
        for a, (c, *_rest) in enumerate(opts[i]):
            if any(b is not None and hits(i, a, j, b) for j, b in chosen.items()):
                continue
            chosen[i] = a
            dfs(k + 1, cost + c)
            del chosen[i]
        chosen[i] = None  # named in the legend: always possible, so the first descent always ends
        dfs(k + 1, cost + (0.0 if i in skip else LEGEND_COST))
        del chosen[i]

    dfs(0, 0.0)
    pick = [best[1][i] for i in range(len(points))]
    return Placement([None if a is None else opts[i][a][1] for i, a in enumerate(pick)],
                     [0.0 if a is None else opts[i][a][4] for i, a in enumerate(pick)],
                     [None if a is None else opts[i][a][3] for i, a in enumerate(pick)],
                     [[] if a is None else opts[i][a][2] for i, a in enumerate(pick)], circles)
