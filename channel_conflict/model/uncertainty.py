"""Ranges, a seeded Monte Carlo and a tornado over the model's assumptions (docs/model.md, "Ranges").

Every assumption row has a low and a high: its own sourced range (`low`, `high`,
`range_source_id`) where one exists, otherwise the rule by confidence in RULE. The Monte Carlo
varies the inputs that describe the world (base revenue, AI share, growth, protection, the price
ratio λ, the payment-profile slope); the strategy the user sets (ρ, δ, κ, φ, targets) is held,
because the bands answer "how sure is this answer for this strategy", not "which strategy".
Draws are triangular between low and high with the mode at the value in use, vectorised over
all draws at once (`overlap.core`).
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .inputs import ModelInputs
from .overlap import core, horizon_years
from .scenario import Scenario

SEED = 20261130
DRAWS = 2000
# Half-width of the range, as a fraction of the value, when no sourced range exists.
RULE = {"confirmed": 0.05, "reported": 0.10, "estimate": 0.25, "assumption": 0.50}
ZERO_BAND = 0.10  # a share whose default is 0 may be up to this (assumption rule, absolute)
# Natural bounds of each varied parameter (a share stays in 0..1, growth above -50%/yr).
BOUNDS = {"cloud_revenue": (0.0, np.inf), "ai_fraction": (0.0, 1.0), "growth_pct": (-50.0, 300.0),
          "protect": (0.0, 1.0), "list_to_contract_price_ratio": (1.0, 2.5), "undisclosed_ramp": (0.0, 2.0),
          "undisclosed_term_end_year": (2000.0, 2100.0)}
# A row whose param has no bound above takes its unit's: a fraction, a mix share or a weight stays in 0..1. A year is a
# setting, not a measurement: ±50% of 2026 is no range, so a year row is held (low = high = value).
UNIT_BOUNDS = {"fraction": (0.0, 1.0), "fraction_of_ai_revenue": (0.0, 1.0), "weight": (0.0, 1.0)}
FIXED_UNITS = {"year"}
PER_PARTNER = ("cloud_revenue", "ai_fraction", "growth_pct", "protect")
SCALAR = ("list_to_contract_price_ratio", "undisclosed_ramp", "undisclosed_term_end_year")
RELATIVE = {"cloud_revenue", "ai_fraction", "growth_pct", "list_to_contract_price_ratio"}  # ranges scale with the value


def _rule_range(value: float, confidence: str, lo: float, hi: float) -> tuple[float, float]:
    half = RULE.get(str(confidence), RULE["assumption"])
    if value == 0:
        return max(lo, 0.0), min(hi, ZERO_BAND)
    a, b = value * (1 - half), value * (1 + half)
    return max(min(a, b), lo), min(max(a, b), hi)


def assumption_ranges(inputs: ModelInputs) -> pd.DataFrame:
    """Every assumption row with its low, high and where the range comes from."""
    a = inputs.assumptions
    rows = []
    for r in a.itertuples(index=False):
        value = float(r.value)
        unit = str(getattr(r, "unit", ""))
        lo_b, hi_b = BOUNDS.get(str(r.param), UNIT_BOUNDS.get(unit, (-np.inf, np.inf)))
        low, high = getattr(r, "low", None), getattr(r, "high", None)
        given = low is not None and high is not None and pd.notna(low) and pd.notna(high)
        url = getattr(r, "range_url", None) if given else None
        if unit in FIXED_UNITS and not given:
            low = high = value
            basis = "held: a calendar year"
        elif given:
            low, high = max(min(float(low), value), lo_b), min(max(float(high), value), hi_b)
            basis = "sourced" if isinstance(url, str) else f"stated ({r.confidence})"
        else:
            low, high = _rule_range(value, r.confidence, lo_b, hi_b)
            basis = f"rule: ±{RULE.get(str(r.confidence), RULE['assumption']):.0%} ({r.confidence})"
        rows.append({"name": r.name, "param": r.param, "provider_id": r.provider_id, "value": value,
                     "low": low, "high": high, "basis": basis, "confidence": r.confidence,
                     "range_url": url if isinstance(url, str) else None})
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Varied:
    """The inputs the Monte Carlo varies, in a fixed order, with the current value of each."""
    names: tuple[str, ...]
    labels: tuple[str, ...]
    current: np.ndarray  # [V]
    low: np.ndarray  # [V]
    high: np.ndarray  # [V]


def varied(inputs: ModelInputs, s: Scenario) -> Varied:
    """The varied inputs at their current values (edited tables, sliders), each range carried over
    from its default: scaled with the value for revenue, shares and λ, shifted for protection and
    the slope, then kept inside the parameter's bounds."""
    if "ranges" not in inputs.cache:  # per inputs object: the assumption rows do not change
        inputs.cache["ranges"] = assumption_ranges(inputs).set_index("name")
    ranges = inputs.cache["ranges"]
    names, labels, cur, lo, hi = [], [], [], [], []

    def add(name: str, label: str, param: str, value: float, default: float | None):
        b_lo, b_hi = BOUNDS[param]
        if name in ranges.index:
            r = ranges.loc[name]
            d_lo, d_hi, d = float(r["low"]), float(r["high"]), float(r["value"])
        else:
            d = value if default is None else default
            d_lo, d_hi = _rule_range(d, "assumption", b_lo, b_hi)
        if param in RELATIVE and d != 0:
            low, high = value * d_lo / d, value * d_hi / d
        else:
            low, high = value + (d_lo - d), value + (d_hi - d)
        names.append(name)
        labels.append(label)
        cur.append(value)
        lo.append(min(max(low, b_lo), value))
        hi.append(max(min(high, b_hi), value))

    arrays = {"cloud_revenue": inputs.cloud_revenue, "ai_fraction": inputs.ai_fraction,
              "growth_pct": inputs.growth_pct}
    for param in PER_PARTNER:
        for i, p in enumerate(inputs.partners):
            value = float(s.protect.get(p, 0.0)) if param == "protect" else float(arrays[param][i])
            add(f"{param}.{p}", f"{param} {inputs.partner_label(p)}", param, value, None)
    add("list_to_contract_price_ratio", "price ratio λ", "list_to_contract_price_ratio", float(s.ratio), None)
    add("undisclosed_ramp", "payment ramp r", "undisclosed_ramp", float(s.ramp), None)
    add("undisclosed_term_end_year", "assumed last year of an undisclosed term", "undisclosed_term_end_year",
        float(inputs.undisclosed_term[1]), None)
    return Varied(tuple(names), tuple(labels), np.array(cur), np.array(lo), np.array(hi))


def triangular(u: np.ndarray, low: np.ndarray, mode: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Inverse CDF of the triangular distribution (vectorised; a zero-width range gives its value)."""
    width = high - low
    safe = np.where(width > 0, width, 1.0)
    c = (mode - low) / safe
    left = low + np.sqrt(u * width * (mode - low))
    right = high - np.sqrt((1 - u) * width * (high - mode))
    return np.where(width > 0, np.where(u < c, left, right), mode)


def _evaluate(inputs: ModelInputs, s: Scenario, v: Varied, values: np.ndarray) -> dict[str, np.ndarray]:
    """The model for each row of `values` [N, V] (columns in `v.names` order)."""
    P = len(inputs.partners)
    per = {param: values[:, k * P:(k + 1) * P] for k, param in enumerate(PER_PARTNER)}
    return core(inputs, s, horizon_years(inputs, s), cloud_revenue=per["cloud_revenue"],
                ai_fraction=per["ai_fraction"], growth_pct=per["growth_pct"], protect=per["protect"],
                ratio=values[:, 4 * P], ramp=values[:, 4 * P + 1],
                term_end=np.rint(values[:, 4 * P + 2]), full=False)  # a deal ends in a whole year


@dataclass(frozen=True)
class Bands:
    """10th, 50th and 90th percentiles over the draws, [P, Y] each, per measure."""
    years: np.ndarray
    p10: dict[str, np.ndarray]
    p50: dict[str, np.ndarray]
    p90: dict[str, np.ndarray]
    draws: int
    seconds: float
    D_p90: np.ndarray  # [Y] OpenAI's direct revenue, 90th percentile

    def frame(self, inputs: ModelInputs) -> pd.DataFrame:
        """partner_id, year, then <measure>_p10 / _p50 / _p90 for net, revenue_at_risk and from_openai."""
        P, Y = len(inputs.partners), len(self.years)
        out = {"partner_id": np.repeat(list(inputs.partners), Y), "year": np.tile(self.years, P)}
        for m in self.p10:
            out[f"{m}_p10"] = self.p10[m].ravel()
            out[f"{m}_p50"] = self.p50[m].ravel()
            out[f"{m}_p90"] = self.p90[m].ravel()
        return pd.DataFrame(out)


MEASURES = {"net": "net", "revenue_at_risk": "RaR", "from_openai": "K_p"}


MEMO = 32  # Monte Carlo results kept per inputs object (a slider move's charts and tables share one)


def monte_carlo(inputs: ModelInputs, s: Scenario, draws: int = DRAWS, seed: int = SEED) -> Bands:
    """Seeded Monte Carlo over the varied inputs for the (checked) scenario `s`. The result depends
    only on the inputs, the scenario, the draws and the seed, so it is kept on the inputs object
    (at most MEMO results; edited inputs are a new object with their own)."""
    memo = inputs.cache.setdefault("monte_carlo", {})
    key = (s.key(), draws, seed)
    hit = memo.get(key)
    if hit is not None:
        return hit
    bands = _monte_carlo(inputs, s, draws, seed)
    if len(memo) >= MEMO:
        memo.pop(next(iter(memo)), None)
    memo[key] = bands
    return bands


def _monte_carlo(inputs: ModelInputs, s: Scenario, draws: int, seed: int) -> Bands:
    t0 = time.perf_counter()
    v = varied(inputs, s)
    u = np.random.default_rng(seed).random((draws, len(v.names)))
    values = triangular(u, v.low[None], v.current[None], v.high[None])
    c = _evaluate(inputs, s, v, values)
    q = {m: np.percentile(c[key], [10, 50, 90], axis=0, method="lower") for m, key in MEASURES.items()}
    d90 = np.percentile(c["D"], 90, axis=0, method="lower")
    return Bands(c["years"], *({m: q[m][k] for m in MEASURES} for k in range(3)), draws=draws,
                 seconds=time.perf_counter() - t0, D_p90=d90)


def tornado(inputs: ModelInputs, s: Scenario, partner_id: str, top: int = 5) -> pd.DataFrame:
    """The `top` inputs that move `partner_id`'s revenue at risk in the horizon year most: each
    input alone at its low and its high, the others at their current values."""
    v = varied(inputs, s)
    V = len(v.names)
    values = np.repeat(v.current[None], 2 * V + 1, axis=0)
    idx = np.arange(V)
    values[1 + 2 * idx, idx] = v.low
    values[2 + 2 * idx, idx] = v.high
    rar = _evaluate(inputs, s, v, values)["RaR"][:, inputs.partners.index(partner_id), -1]
    out = pd.DataFrame({"input": v.names, "label": v.labels, "low": v.low, "current": v.current, "high": v.high,
                        "at_risk_low": rar[1::2], "at_risk_high": rar[2::2], "at_risk_current": rar[0]})
    out["swing"] = (out["at_risk_high"] - out["at_risk_low"]).abs()
    return out.sort_values("swing", ascending=False, kind="stable").head(top).reset_index(drop=True)
