"""The financing side of the build-out, as plain functions (no Streamlit, no I/O).

Three small models, each with its assumptions stated where it is defined:

1. Loan-guarantee spread savings (`spread_savings`).
   The build-out B (US$ bn) is spent evenly over N years; a share d of each year's spend is
   borrowed at the start of that year, interest-only, and stays outstanding to the end of the
   build-out (no repayment inside the window). Debt outstanding in year k is d·B·k/N, so a
   guarantee that cuts the spread by s saves s·d·B·k/N in year k, and s·d·B·(N+1)/2 over the
   N years. The present value discounts year k's saving by (1 + base rate)^k.
   The fab case (`fab_spread_savings`) draws the debt over the build years and repays it evenly over
   the rest of the fab's life, so the saving runs for decades instead of ending with the build-out.

2. Accounting life against the accelerator cadence (`depreciation_gap`).
   Book value: straight line over L years, C·max(0, 1 - t/L).
   Economic value: every cadence c months a new generation ships and cuts the value of the
   installed one by a fraction g, so after t years it is worth C·(1-g)^floor(12t/c).
   The gap (book minus economic, when positive) is what a write-down could take.

3. Implied cost of a GPU-hour (`gpu_hour_cost`).
   Capital is recovered as an annuity over the life L at cost of capital r:
   C·r/(1-(1+r)^-L) a year, spread over the 8,760 hours of a year. Opex is paid on every hour.
   Only a share u of hours is billed, so the cost per billed hour is
   (annuity/8760 + opex)/u. A direct-sale price adds a markup m on that cost.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

HOURS_PER_YEAR = 8760


def _require(name: str, value: float, lo: float, hi: float, lo_open: bool = False) -> float:
    """The domain each input has in these models; outside it a ValueError says which input is wrong.

    The bounds are wide (far beyond any slider) but finite, so no result can overflow to inf or
    divide by a rate or life that rounds to zero."""
    v = float(value)
    ok = math.isfinite(v) and (v > lo if lo_open else v >= lo) and v <= hi
    if not ok:
        raise ValueError(f"{name} must be {'above' if lo_open else 'at least'} {lo:g} and at most {hi:g}")
    return v


# 1. Loan guarantee -----------------------------------------------------------------------

def spread_savings(buildout_usd_bn: float, years: int, debt_share: float, spread_cut_bps: float,
                   base_rate_pct: float = 0.0, start_year: int = 1) -> pd.DataFrame:
    """Interest saved each year of the build-out by a lower borrowing spread.

    Columns: year, drawn_usd_bn (debt drawn that year), debt_usd_bn (outstanding during the year),
    saved_usd_bn, cumulative_usd_bn, pv_saved_usd_bn (discounted at the base rate),
    cumulative_pv_usd_bn.
    """
    if years < 1:
        raise ValueError("the build-out needs at least one year")
    _require("build-out years", years, 1, 200)
    _require("build-out", buildout_usd_bn, 0, 1e6)
    _require("debt share", debt_share, 0, 1)
    _require("spread cut", spread_cut_bps, -10_000, 10_000)
    _require("base rate", base_rate_pct, -100, 1_000, lo_open=True)
    drawn = buildout_usd_bn * debt_share / years
    cut = spread_cut_bps / 10_000
    rows = []
    for k in range(1, int(years) + 1):
        debt = drawn * k
        saved = debt * cut
        pv = saved / (1 + base_rate_pct / 100) ** k
        rows.append((start_year + k - 1, drawn, debt, saved, pv))
    out = pd.DataFrame(rows, columns=["year", "drawn_usd_bn", "debt_usd_bn", "saved_usd_bn", "pv_saved_usd_bn"])
    out["cumulative_usd_bn"] = out["saved_usd_bn"].cumsum()
    out["cumulative_pv_usd_bn"] = out["pv_saved_usd_bn"].cumsum()
    return out


def total_spread_savings(buildout_usd_bn: float, years: int, debt_share: float, spread_cut_bps: float) -> float:
    """Closed form of the cumulative saving: s·d·B·(N+1)/2."""
    _require("build-out years", years, 1, 200)
    _require("build-out", buildout_usd_bn, 0, 1e6)
    _require("debt share", debt_share, 0, 1)
    _require("spread cut", spread_cut_bps, -10_000, 10_000)
    return spread_cut_bps / 10_000 * debt_share * buildout_usd_bn * (years + 1) / 2


def fab_spread_savings(capex_usd_bn: float, build_years: int, life_years: int, debt_share: float,
                       spread_cut_bps: float, base_rate_pct: float = 0.0, start_year: int = 1) -> pd.DataFrame:
    """Interest a lower spread saves on a fab's debt over the fab's life (the article's case for guarantees).

    The debt share d of the capex C is drawn evenly over the build years (like spread_savings), then
    repaid in equal instalments over the remaining years of the life L, so the loan runs as long as the
    fab produces. Outstanding in build year k: d·C·k/B; in repayment year j (1..L-B): d·C·(1-j/(L-B)).
    Each year saves spread cut × the debt outstanding during it. Same columns as spread_savings, plus
    phase ('build' or 'repay').
    """
    if build_years < 1 or life_years <= build_years:
        raise ValueError("a fab needs at least one build year and a life longer than its build")
    debt = capex_usd_bn * debt_share
    cut = spread_cut_bps / 10_000
    repay = int(life_years) - int(build_years)
    rows = []
    for k in range(1, int(life_years) + 1):
        if k <= build_years:
            drawn, out, phase = debt / build_years, debt * k / build_years, "build"
        else:
            j = k - build_years
            drawn, out, phase = 0.0, debt * (1 - (j - 1) / repay), "repay"  # outstanding at the start of year j
        saved = out * cut
        rows.append((start_year + k - 1, drawn, out, saved, saved / (1 + base_rate_pct / 100) ** k, phase))
    out = pd.DataFrame(
        rows, columns=["year", "drawn_usd_bn", "debt_usd_bn", "saved_usd_bn", "pv_saved_usd_bn", "phase"])
    out["cumulative_usd_bn"] = out["saved_usd_bn"].cumsum()
    out["cumulative_pv_usd_bn"] = out["pv_saved_usd_bn"].cumsum()
    return out


# 2. Depreciation against the cadence ------------------------------------------------------

def book_value(cost: float, life_years: float, t_years: float) -> float:
    """Straight-line book value after t years."""
    if life_years <= 0:
        return 0.0
    return cost * max(0.0, 1.0 - t_years / life_years)


def generations_since(t_years: float, cadence_months: float) -> int:
    """New accelerator generations released in the t years since purchase."""
    # The small epsilon keeps 15 months = 1.25 years from landing just below a whole generation.
    return int(math.floor(t_years * 12 / cadence_months + 1e-9))


def economic_value(cost: float, cadence_months: float, drop_per_generation: float, t_years: float) -> float:
    """Value after t years if each new generation cuts the installed one's value by a fraction."""
    return cost * (1.0 - drop_per_generation) ** generations_since(t_years, cadence_months)


def depreciation_gap(cost: float, life_years: int, cadence_months: float, drop_per_generation: float,
                     horizon_years: int | None = None, steps_per_year: int = 1) -> pd.DataFrame:
    """Book and economic value of one fleet bought at t = 0, sampled steps_per_year times a year.

    Columns: t_years, book, economic, gap (book - economic, floored at 0), gap_share (of cost).
    """
    _require("cost", cost, 0, 1e12)
    _require("accounting life", life_years, 0, 100)
    _require("cadence", cadence_months, 0.1, 1_200)
    _require("drop per generation", drop_per_generation, 0, 1)
    horizon = horizon_years if horizon_years is not None else life_years
    _require("horizon", horizon, 0, 100)
    _require("steps per year", steps_per_year, 1, 366)
    n = int(horizon * steps_per_year)
    rows = []
    for i in range(n + 1):
        t = i / steps_per_year
        b = book_value(cost, life_years, t)
        e = economic_value(cost, cadence_months, drop_per_generation, t)
        gap = max(0.0, b - e)
        rows.append((t, b, e, gap, gap / cost if cost else 0.0))
    return pd.DataFrame(rows, columns=["t_years", "book", "economic", "gap", "gap_share"])


# 3. GPU-hour cost ------------------------------------------------------------------------

def annuity_factor(rate_pct: float, years: float) -> float:
    """Share of the capital cost to recover each year: r/(1-(1+r)^-n); 1/n when r = 0.

    1-(1+r)^-n is computed as -expm1(-n·log1p(r)): the naive form rounds (1+r) to 1 for a tiny
    r (a subnormal rate in a link) and divides by zero. When even that underflows, r is too small
    to matter and the zero-rate answer 1/n is exact to double precision."""
    _require("life", years, 0.01, 200)
    r = _require("cost of capital", rate_pct, -50, 1_000) / 100
    denominator = -math.expm1(-years * math.log1p(r))
    if r == 0 or denominator == 0 or not math.isfinite(denominator):
        return 1 / years
    factor = r / denominator
    return factor if math.isfinite(factor) else 1 / years


@dataclass(frozen=True)
class GpuHourCost:
    capital_per_hour: float  # annuity spread over every hour of the year
    opex_per_hour: float
    utilisation: float
    markup: float = 0.0

    @property
    def cost_per_hour(self) -> float:
        """Cost per hour the GPU exists (billed or idle)."""
        return self.capital_per_hour + self.opex_per_hour

    @property
    def cost_per_billed_hour(self) -> float:
        return self.cost_per_hour / self.utilisation

    @property
    def idle_per_billed_hour(self) -> float:
        """What the unbilled hours add to each billed hour."""
        return self.cost_per_billed_hour - self.cost_per_hour

    @property
    def direct_price(self) -> float:
        return self.cost_per_billed_hour * (1 + self.markup)


def gpu_hour_cost(capex_usd: float, life_years: float, cost_of_capital_pct: float, opex_usd_per_hour: float,
                  utilisation: float, markup: float = 0.0) -> GpuHourCost:
    _require("utilisation", utilisation, 0, 1, lo_open=True)
    _require("capex", capex_usd, 0, 1e9)
    _require("opex", opex_usd_per_hour, 0, 1e6)
    _require("markup", markup, -1, 100)
    capital = capex_usd * annuity_factor(cost_of_capital_pct, life_years) / HOURS_PER_YEAR
    return GpuHourCost(capital, opex_usd_per_hour, utilisation, markup)
