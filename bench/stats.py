"""Pure helpers: percentiles and summaries of timings (milliseconds)."""
from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence


def percentile(values: Iterable[float], q: float) -> float:
    """The q-th percentile (0-100) with linear interpolation between closest ranks (numpy's default)."""
    xs = sorted(values)
    if not xs:
        return math.nan
    if not 0 <= q <= 100:
        raise ValueError(f"percentile must be within 0-100, got {q}")
    pos = (len(xs) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def summary(values: Iterable[float]) -> dict:
    """n, median, p95 and max of a list of timings, rounded to 0.1."""
    xs = list(values)
    if not xs:
        return {"n": 0, "median": None, "p95": None, "max": None}
    return {"n": len(xs), "median": round(percentile(xs, 50), 1), "p95": round(percentile(xs, 95), 1),
            "max": round(max(xs), 1)}


def ratio_interval(ours: Sequence[float], bare: Sequence[float], level: float = 0.9, draws: int = 2000,
                   seed: int = 0) -> tuple[float, float] | None:
    """A bootstrap interval for median(ours) / median(bare): each sample resampled on its own, `draws`
    times, seeded. On these noisy two-core machines a ratio a few hundredths over a target can be the
    same code on a worse minute; the interval says how far the run's own noise reaches."""
    if not ours or not bare:
        return None
    rng = random.Random(seed)
    ratios = []
    for _ in range(draws):
        b = percentile(rng.choices(bare, k=len(bare)), 50)
        if b > 0:
            ratios.append(percentile(rng.choices(ours, k=len(ours)), 50) / b)
    if not ratios:
        return None
    tail = 100 * (1 - level) / 2
    return round(percentile(ratios, tail), 2), round(percentile(ratios, 100 - tail), 2)
