"""Editable assumption tables: the frames a page shows in st.data_editor, and pure functions that
check a user's edited frame and apply it onto ModelInputs, reporting every problem.

Two tables:
- revenue table: one row per partner with cloud_revenue (US$ bn/yr), ai_fraction (0..1),
  growth_pct (% per year);
- mix table: one row per partner, one column per segment_id (fractions; each row sums to 1).
"""
from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd

from .. import i18n
from .inputs import ModelInputs

# column -> (low, high, unit label) for the revenue table
REVENUE_BOUNDS = {  # column: (min, max, unit: a key of [model.unit])
    "cloud_revenue": (0.0, 10_000.0, "usd_bn_year"),
    "ai_fraction": (0.0, 1.0, "fraction"),
    "growth_pct": (-50.0, 300.0, "pct_year"),
}
MIX_TOLERANCE = 0.01  # a mix row within 1 ± this is normalised silently


def revenue_table(inputs: ModelInputs) -> pd.DataFrame:
    """partner_id, partner, cloud_revenue, ai_fraction, growth_pct, ai_revenue (read-only: product)."""
    return pd.DataFrame({
        "partner_id": list(inputs.partners),
        "partner": [inputs.partner_label(p) for p in inputs.partners],
        "cloud_revenue": inputs.cloud_revenue,
        "ai_fraction": inputs.ai_fraction,
        "growth_pct": inputs.growth_pct,
        "ai_revenue": inputs.ai_revenue,
    })


def mix_table(inputs: ModelInputs) -> pd.DataFrame:
    """partner_id, partner, then one column per segment_id."""
    frame = pd.DataFrame(inputs.mix, columns=list(inputs.segments))
    frame.insert(0, "partner", [inputs.partner_label(p) for p in inputs.partners])
    frame.insert(0, "partner_id", list(inputs.partners))
    return frame


def _finite(x) -> float | None:
    if isinstance(x, bool):
        return None
    try:
        v = float(x)
    except (TypeError, ValueError, OverflowError):
        return None
    return v if math.isfinite(v) else None


def _rows(edited: pd.DataFrame, inputs: ModelInputs, problems: list[str]) -> dict[str, pd.Series]:
    if not isinstance(edited, pd.DataFrame) or "partner_id" not in edited.columns:
        problems.append(i18n.Message("model.edit.no_partner_column"))
        return {}
    out: dict[str, pd.Series] = {}
    for _, row in edited.iterrows():
        pid = str(row["partner_id"])
        if pid not in inputs.partners:
            problems.append(i18n.Message("model.edit.unknown_partner", pid=pid[:40]))
        elif pid in out:
            problems.append(i18n.Message("model.edit.duplicate_partner", name=inputs.partner_label(pid)))
        else:
            out[pid] = row
    return out


def apply_revenue_edits(inputs: ModelInputs, edited: pd.DataFrame) -> tuple[ModelInputs, list[str]]:
    """Inputs with the edited base revenue, AI fraction and growth. Blank, non-numeric or infinite
    cells keep the current value; values outside REVENUE_BOUNDS are clamped; each change of
    that kind is reported. Missing partners keep their values."""
    problems: list[str] = []
    arrays = {c: getattr(inputs, c).copy() for c in REVENUE_BOUNDS}
    for pid, row in _rows(edited, inputs, problems).items():
        i = inputs.partners.index(pid)
        name = inputs.partner_label(pid)
        for col, (lo, hi, unit) in REVENUE_BOUNDS.items():
            if col not in row.index:
                continue
            v = _finite(row[col])
            if v is None:
                problems.append(i18n.Message("model.edit.not_finite", name=name, col=col, raw=str(row[col])[:40],
                                             kept=f"{arrays[col][i]:g}"))
            elif v < lo or v > hi:
                clamped = min(max(v, lo), hi)
                problems.append(i18n.Message("model.edit.outside", name=name, col=col, value=f"{v:g}", lo=f"{lo:g}",
                                             hi=f"{hi:g}", unit=i18n.Message(f"model.unit.{unit}"),
                                             used=f"{clamped:g}"))
                arrays[col][i] = clamped
            else:
                arrays[col][i] = v
    if all(np.array_equal(a, getattr(inputs, c)) for c, a in arrays.items()):
        return inputs, problems  # the same object, so the model's memos on it (Monte Carlo, labels) carry over
    return replace(inputs, **arrays), problems


def check_mix(mix: np.ndarray, inputs: ModelInputs, fallback: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Each row non-negative, finite and summing to 1 (normalised with a message when it does not)."""
    problems: list[str] = []
    out = np.array(mix, dtype=float)
    for i, pid in enumerate(inputs.partners):
        name = inputs.partner_label(pid)
        row = out[i]
        bad = ~np.isfinite(row)
        if bad.any():
            problems.append(i18n.Message("model.edit.mix_not_numbers", name=name))
            row[bad] = 0.0
        if (row < 0).any():
            problems.append(i18n.Message("model.edit.mix_negative", name=name))
            row[row < 0] = 0.0
        peak = row.max()
        if peak <= 0:
            problems.append(i18n.Message("model.edit.mix_zero", name=name))
            out[i] = fallback[i]
            continue
        scaled = row / peak  # dividing by the largest first keeps huge entries from overflowing the sum
        with np.errstate(over="ignore"):
            total = peak * scaled.sum()  # only for the message; may be inf
        if not abs(total - 1.0) <= MIX_TOLERANCE:
            problems.append(i18n.Message("model.edit.mix_sum", name=name, total=f"{total:.3g}"))
        out[i] = scaled / scaled.sum()
    return out, problems


def apply_mix_edits(inputs: ModelInputs, edited: pd.DataFrame) -> tuple[ModelInputs, list[str]]:
    """Inputs with the edited segment mix (wide frame as from `mix_table`)."""
    problems: list[str] = []
    mix = inputs.mix.copy()
    rows = _rows(edited, inputs, problems)
    unknown = [c for c in edited.columns if c not in ("partner_id", "partner", *inputs.segments)] \
        if isinstance(edited, pd.DataFrame) else []
    if unknown:
        problems.append(i18n.Message("model.edit.unknown_columns", cols=", ".join(f"`{str(c)[:40]}`" for c in unknown)))
    for pid, row in rows.items():
        i = inputs.partners.index(pid)
        for j, seg in enumerate(inputs.segments):
            if seg in row.index:
                v = _finite(row[seg])
                mix[i, j] = np.nan if v is None else v
    mix, more = check_mix(mix, inputs, inputs.mix)
    if np.array_equal(mix, inputs.mix):
        return inputs, problems + more  # unchanged: keep the object and its memos
    return replace(inputs, mix=mix), problems + more


def changed_assumptions(base: ModelInputs, edited: ModelInputs, tol: float = 1e-9) -> pd.DataFrame:
    """assumption name, partner_id, segment_id, default, edited: every value the user changed
    (so a page can say plainly which numbers are no longer the sourced defaults)."""
    rows = []
    for col in REVENUE_BOUNDS:
        for i, pid in enumerate(base.partners):
            a, b = float(getattr(base, col)[i]), float(getattr(edited, col)[i])
            if abs(a - b) > tol:
                rows.append({"assumption": f"{col}.{pid}", "partner_id": pid, "segment_id": None,
                             "default": a, "edited": b})
    for i, pid in enumerate(base.partners):
        for j, seg in enumerate(base.segments):
            a, b = float(base.mix[i, j]), float(edited.mix[i, j])
            if abs(a - b) > tol:
                rows.append({"assumption": f"mix.{pid}.{seg}", "partner_id": pid, "segment_id": seg,
                             "default": a, "edited": b})
    return pd.DataFrame(rows, columns=["assumption", "partner_id", "segment_id", "default", "edited"])
