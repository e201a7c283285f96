"""The model's base-year figures beside what the partners reported (the `calibration` table),
and the plausibility checks a scenario is held to (docs/model.md, "Calibration", "Plausibility")."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .inputs import ModelInputs
from .overlap import OPENAI_ID, Result, equations

# The model figures a reported one can be checked against (their words: [overlap.model.figure] in the TOML files).
FIGURES = ("cloud_revenue", "ai_revenue", "openai_backlog")
DEFAULT_MAX_SHARE_PCT = 28.0


def modelled(inputs: ModelInputs, figure: str, provider_id: str) -> float:
    """The model's own figure for one calibration row, at the default scenario."""
    i = inputs.partners.index(provider_id)
    if figure == "cloud_revenue":
        return float(inputs.cloud_revenue[i])
    if figure == "ai_revenue":
        return float(equations(inputs, inputs.defaults).R[i, 0])
    if figure == "openai_backlog":
        d = inputs.deal_years
        return float(d[(d["seller_id"] == provider_id) & (d["year"] >= inputs.base_year)]["usd_bn"].sum())
    raise ValueError(f"unknown calibration figure `{figure}`")


def calibration_table(inputs: ModelInputs, reported: pd.DataFrame) -> pd.DataFrame:
    """One row per reported figure: modelled, reported, difference and whether it is within tolerance."""
    rows = []
    for r in reported.itertuples(index=False):
        if r.provider_id not in inputs.partners:
            continue
        m = modelled(inputs, r.figure, r.provider_id)
        diff = 100.0 * (m - r.reported) / r.reported if r.reported else np.nan
        rows.append({"provider_id": r.provider_id, "partner": inputs.partner_label(r.provider_id),
                     "figure": r.figure, "reported_metric": r.metric, "period": r.period,
                     "modelled": m, "reported": float(r.reported), "diff_pct": diff,
                     "tolerance_pct": float(r.tolerance_pct), "within": bool(abs(diff) <= r.tolerance_pct),
                     "confidence": r.confidence, "source": getattr(r, "url", None), "notes": r.notes})
    return pd.DataFrame(rows, columns=["provider_id", "partner", "figure", "reported_metric", "period",
                                       "modelled", "reported", "diff_pct", "tolerance_pct", "within", "confidence",
                                       "source", "notes"])


def _param(inputs: ModelInputs, param: str, default: float) -> float:
    a = inputs.assumptions
    rows = a[a["param"] == param]
    return float(rows["value"].iloc[0]) if len(rows) else default


def forecast(inputs: ModelInputs, years: np.ndarray) -> np.ndarray:
    """OpenAI's own revenue forecast per year (US$ bn): constant growth between its published
    points, the last point held after it (no later forecast is published); NaN without points."""
    pts = inputs.openai_forecast
    if len(pts) < 2:
        return np.full(len(years), np.nan)
    ys, vs = np.array([p[0] for p in pts], float), np.log([p[1] for p in pts])
    return np.exp(np.interp(years.astype(float), ys, vs))


def plausibility(result: Result) -> list[dict]:
    """Where this scenario leaves the sourced world: OpenAI's direct revenue above its own revenue
    forecast, or its share of AI-compute revenue above the threshold row `plausible_max_share_pct`.
    One dict per check that fails: kind, year (the first), value, limit."""
    inputs, a = result.inputs, result.arrays
    out = []
    f = forecast(inputs, a.years)
    over = np.nonzero(a.D > f)[0]
    if len(over):
        k = int(over[0])
        out.append({"kind": "forecast", "year": int(a.years[k]), "value": float(a.D[k]), "limit": float(f[k])})
    limit = _param(inputs, "plausible_max_share_pct", DEFAULT_MAX_SHARE_PCT)
    m = result.market
    oa = m[m["partner_id"] == OPENAI_ID].sort_values("year")
    high = oa[oa["share_after_pct"] > limit]
    if len(high):
        r = high.iloc[0]
        out.append({"kind": "share", "year": int(r["year"]), "value": float(r["share_after_pct"]), "limit": limit})
    return out
