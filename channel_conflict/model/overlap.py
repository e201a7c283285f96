"""The overlap model's equations (docs/model.md) and its single entry point, `run`.

`equations` works on numpy arrays only; `run` checks the scenario, calls it and lays the
arrays out as tidy frames (one row per partner / segment / year) for the chart builders.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

import numpy as np
import pandas as pd

from .inputs import ModelInputs
from .scenario import Scenario, check

OPENAI_ID = "openai"
OPENAI_LABEL = "OpenAI"


class Arrays(NamedTuple):
    years: np.ndarray  # [Y]
    R: np.ndarray  # [P, Y] AI-compute revenue from every customer, US$ bn: R = K_p + R_other
    X: np.ndarray  # [P, S, Y] segment revenue from customers other than OpenAI: R_other·m
    share: np.ndarray  # [P, S, Y] share[p|s] of the non-OpenAI segment revenue
    K_p: np.ndarray  # [P, Y] OpenAI's spend with p (what p earns from OpenAI)
    K_total: np.ndarray  # [Y] all counted, valued deals
    K_res: np.ndarray  # [Y] resellable capacity
    D: np.ndarray  # [Y] OpenAI's direct-sale revenue
    demand: np.ndarray  # [P, S, Y] κ·(1-φ)·D·w·share·(1-protect) before the cap
    RaR_s: np.ndarray  # [P, S, Y] revenue at risk per segment (capped at X)
    RaR: np.ndarray  # [P, Y]
    targeted: np.ndarray  # [P, Y] Σ_{s: w>0} X
    overlap: np.ndarray  # [P] overlap index O[p]
    net: np.ndarray  # [P, Y] K_p - RaR
    w: np.ndarray  # [S]
    protect: np.ndarray  # [P]
    R_other: np.ndarray  # [P, Y] AI-compute revenue from customers other than OpenAI


# A segment whose revenue is under a dollar (US$ bn) is empty: dividing by a subnormal total (an edited mix
# of 1e-297 next to 3e13, normalised) overflows the per-segment factor to inf, and 0 x inf is NaN risk.
EMPTY_SEGMENT_BN = 1e-9


def core(inputs: ModelInputs, s: Scenario, n: int, *, cloud_revenue: np.ndarray, ai_fraction: np.ndarray,
         growth_pct: np.ndarray, protect: np.ndarray, ratio: np.ndarray, ramp: np.ndarray,
         term_end: np.ndarray | None = None, full: bool = True) -> dict[str, np.ndarray]:
    """The equations for N draws at once: every varied input has a leading draw axis
    ([N, P] or [N]); the strategy (ρ, δ, κ, φ, w) comes from `s`. Returns arrays with a leading
    N axis. `equations` calls it with N = 1, the Monte Carlo with N = 2,000 and full=False (no
    per-segment arrays kept beyond what RaR needs)."""
    years = np.arange(inputs.base_year, inputs.base_year + n)
    t = (years - inputs.base_year).astype(float)
    K_all, K_tot, K_res = inputs.deals.spend(ramp, len(inputs.partners), years, term_end)
    R_base = cloud_revenue * ai_fraction  # [N, P] every customer, OpenAI included (calibrated)
    other_base = np.maximum(R_base - K_all[:, :, 0], 0.0)
    R_other = other_base[:, :, None] * (1.0 + growth_pct[:, :, None] / 100.0) ** t[None, None, :]
    R = K_all + R_other
    X = R_other[:, :, None, :] * inputs.mix[None, :, :, None]  # [N, P, S, Y]
    seg_total = np.einsum("npy,ps->nsy", R_other, inputs.mix)  # [N, S, Y] Σ_p X
    D = s.rho * K_res * ratio[:, None] * (1.0 - s.delta)  # [N, Y]
    w = np.array([s.weights.get(seg, 0.0) for seg in inputs.segments])
    # demand = κ(1-φ)·D·w·share·(1-protect) with share = X / Σ_p X: per-segment factor first (small arrays)
    per_seg = np.divide((s.kappa * (1.0 - s.diff)) * D[:, None, :] * w[None, :, None], seg_total,
                        out=np.zeros_like(seg_total), where=seg_total > EMPTY_SEGMENT_BN)
    demand = X * per_seg[:, None] * (1.0 - protect)[:, :, None, None]
    RaR_s = np.minimum(demand, X, out=None if full else demand)
    RaR = RaR_s.sum(axis=2)
    out = {"years": years, "R": R, "R_other": R_other, "K_p": K_all, "K_total": K_tot, "K_res": K_res, "D": D,
           "RaR": RaR, "net": K_all - RaR, "w": w}
    if full:
        out |= {"X": X, "demand": demand, "RaR_s": RaR_s,
                "share": np.divide(X, seg_total[:, None], out=np.zeros_like(X),
                                   where=seg_total[:, None] > EMPTY_SEGMENT_BN)}
    return out


def horizon_years(inputs: ModelInputs, s: Scenario) -> int:
    return int(s.horizon) - inputs.base_year + 1


def equations(inputs: ModelInputs, s: Scenario) -> Arrays:
    """The model on arrays. `s` must already be checked (see scenario.check)."""
    protect = np.array([s.protect.get(p, 0.0) for p in inputs.partners])
    c = core(inputs, s, horizon_years(inputs, s), cloud_revenue=inputs.cloud_revenue[None],
             ai_fraction=inputs.ai_fraction[None], growth_pct=inputs.growth_pct[None], protect=protect[None],
             ratio=np.array([s.ratio]), ramp=np.array([s.ramp]))
    one = {k: (v[0] if k not in ("years", "w") else v) for k, v in c.items()}
    w = one["w"]
    targeted = (one["X"] * (w > 0)[None, :, None]).sum(axis=1)
    overlap = np.minimum(inputs.mix, w[None, :]).sum(axis=1)
    return Arrays(one["years"], one["R"], one["X"], one["share"], one["K_p"], one["K_total"], one["K_res"], one["D"],
                  one["demand"], one["RaR_s"], one["RaR"], targeted, overlap, one["net"], w, protect, one["R_other"])


def _text(values) -> pd.api.extensions.ExtensionArray:
    return pd.array(np.asarray(values, dtype=object), dtype="str")


def _labels(inputs: ModelInputs, years: np.ndarray, with_segments: bool = False,
            with_openai: bool = False) -> dict:
    """The id/label/year columns of a tidy frame, built once per shape and reused (they are
    immutable arrays, so frames built from them cannot change each other)."""
    key = (int(years[0]), len(years), with_segments, with_openai)
    if key not in inputs.cache:
        ids = list(inputs.partners) + ([OPENAI_ID] if with_openai else [])
        names = [inputs.partner_label(p) for p in inputs.partners] + ([OPENAI_LABEL] if with_openai else [])
        Y = len(years)
        if with_segments:
            S = len(inputs.segments)
            cols = {
                "partner_id": _text(np.repeat(ids, S * Y)),
                "partner": _text(np.repeat(names, S * Y)),
                "segment_id": _text(np.tile(np.repeat(inputs.segments, Y), len(ids))),
                "segment": _text(np.tile(np.repeat([inputs.segment_label(s) for s in inputs.segments], Y), len(ids))),
                "year": np.tile(years, len(ids) * S),
            }
        else:
            cols = {"partner_id": _text(np.repeat(ids, Y)), "partner": _text(np.repeat(names, Y)),
                    "year": np.tile(years, len(ids))}
        for v in cols.values():
            if isinstance(v, np.ndarray):
                v.flags.writeable = False
        inputs.cache[key] = cols
    return dict(inputs.cache[key])


def _partner_year(inputs: ModelInputs, a: Arrays) -> pd.DataFrame:
    R = a.R.ravel()
    return pd.DataFrame(_labels(inputs, a.years) | {
        "ai_revenue": R,
        "other_revenue": a.R_other.ravel(),
        "targeted_revenue": a.targeted.ravel(),
        "from_openai": a.K_p.ravel(),
        "revenue_at_risk": a.RaR.ravel(),
        "net": a.net.ravel(),
        "at_risk_pct": np.divide(a.RaR.ravel() * 100.0, R, out=np.zeros_like(R), where=R > 0),
    })


def _partner_segment(inputs: ModelInputs, a: Arrays) -> pd.DataFrame:
    P, S, Y = a.X.shape
    mix = np.broadcast_to(inputs.mix[:, :, None], (P, S, Y))
    w = np.broadcast_to(a.w[None, :, None], (P, S, Y))
    return pd.DataFrame(_labels(inputs, a.years, with_segments=True) | {
        "mix": mix.ravel(),
        "weight": w.ravel(),
        "overlap": np.minimum(mix, w).ravel(),
        "segment_revenue": a.X.ravel(),
        "segment_share": a.share.ravel(),
        "demand": a.demand.ravel(),
        "revenue_at_risk": a.RaR_s.ravel(),
        "capped": (a.demand > a.X).ravel(),
    })


def _partners(inputs: ModelInputs, a: Arrays) -> pd.DataFrame:
    R_h, K_h = a.R[:, -1], a.K_p[:, -1]
    return pd.DataFrame({
        "partner_id": list(inputs.partners),
        "partner": [inputs.partner_label(p) for p in inputs.partners],
        "color": [inputs.partner_colors.get(p, "#888888") for p in inputs.partners],
        "overlap_index": a.overlap,
        "protect": a.protect,
        "horizon": int(a.years[-1]),
        "ai_revenue": R_h,
        "other_revenue": a.R_other[:, -1],
        "from_openai": K_h,
        "revenue_at_risk": a.RaR[:, -1],
        "net": a.net[:, -1],
        "openai_pct_of_revenue": np.divide(K_h * 100.0, R_h, out=np.zeros_like(R_h), where=R_h > 0),
        "from_openai_cum": a.K_p.sum(axis=1),
        "at_risk_cum": a.RaR.sum(axis=1),
        "net_cum": a.net.sum(axis=1),
    })


def _market(inputs: ModelInputs, a: Arrays) -> pd.DataFrame:
    Y = a.R.shape[1]
    before = np.vstack([a.R, np.zeros((1, Y))])
    after = np.vstack([a.R - a.RaR, a.D[None, :]])
    tot_b, tot_a = before.sum(axis=0), after.sum(axis=0)
    return pd.DataFrame(_labels(inputs, a.years, with_openai=True) | {
        "revenue_before": before.ravel(),
        "revenue_after": after.ravel(),
        "share_before_pct": np.divide(before * 100.0, tot_b, out=np.zeros_like(before), where=tot_b > 0).ravel(),
        "share_after_pct": np.divide(after * 100.0, tot_a, out=np.zeros_like(after), where=tot_a > 0).ravel(),
    })


def _openai(a: Arrays, s: Scenario) -> pd.DataFrame:
    taken = a.RaR.sum(axis=0)
    return pd.DataFrame({
        "year": a.years,
        "contracted_spend": a.K_total,
        "resellable_capacity": a.K_res,
        "direct_revenue": a.D,
        "cannibalised": s.kappa * a.D,
        "taken_from_partners": taken,
        "new_demand": a.D - taken,
    })


@dataclass(frozen=True, eq=False)
class Result:
    """Outputs of one run. Money is US$ bn per year; *_pct columns are 0..100.

    The frames are built on first access and kept, so a page pays only for the ones it shows.
    Treat them as read-only."""

    inputs: ModelInputs = field(repr=False)
    scenario: Scenario  # the scenario actually used (after clamping / normalising)
    problems: list[str]  # what check() had to change, as sentences
    arrays: Arrays = field(repr=False)

    @property
    def years(self) -> list[int]:
        return [int(y) for y in self.arrays.years]

    @property
    def undisclosed(self) -> pd.DataFrame:
        """Counted deals whose value is undisclosed: not in K, to be shown as unknown."""
        return self.inputs.undisclosed

    @cached_property
    def partner_year(self) -> pd.DataFrame:
        return _partner_year(self.inputs, self.arrays)

    @cached_property
    def partner_segment(self) -> pd.DataFrame:
        return _partner_segment(self.inputs, self.arrays)

    @cached_property
    def partners(self) -> pd.DataFrame:
        return _partners(self.inputs, self.arrays)

    @cached_property
    def market(self) -> pd.DataFrame:
        return _market(self.inputs, self.arrays)

    @cached_property
    def openai(self) -> pd.DataFrame:
        return _openai(self.arrays, self.scenario)

    def frames(self) -> dict[str, pd.DataFrame]:
        """Every tidy frame by name (builds them all)."""
        return {name: getattr(self, name) for name in FRAMES}


FRAMES = ("partner_year", "partner_segment", "partners", "market", "openai")


def run(inputs: ModelInputs, scenario: Scenario | None = None) -> Result:
    """The model for one scenario (the defaults when None). Never raises on scenario values:
    they are checked and the changes reported in `Result.problems`."""
    s, problems = check(inputs.defaults if scenario is None else scenario, inputs)
    return Result(inputs=inputs, scenario=s, problems=problems, arrays=equations(inputs, s))
