"""Overlap checks for the label tests (tests/test_quadrant_labels.py, tests/test_timeline_labels.py):
boxes are (left, bottom, right, top, ...) in pixels, circles (cx, cy, r, ...). Kept apart from
charts.labels on purpose: the tests check the placement with arithmetic of their own."""
from __future__ import annotations

import math


def hit(a, b, pad: float = 1.0) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > -pad and min(a[3], b[3]) - max(a[1], b[1]) > -pad


def hit_circle(c, b, pad: float = 1.0) -> bool:
    cx, cy, r, _ = c
    return math.hypot(max(b[0] - cx, 0, cx - b[2]), max(b[1] - cy, 0, cy - b[3])) < r + pad
