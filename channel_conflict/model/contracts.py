"""K[p,t]: what OpenAI has contracted to pay each seller in each year, from the contracts table.

A deal counts when `counts_in_total` is true and its value is disclosed. Its value is paid over
its active years start_year..end_year (n years) by a payment profile with slope r >= 0:

    k[d, start + i] = value · (1 + r·i) / (n + r·n(n-1)/2)        i = 0..n-1

r = 0 is an even spread; r = 1 makes the last year pay n times the first (a linear ramp, as
capacity comes online). A deal with a reported schedule has its own slope (assumption rows
`profile.<contract_id>`, param `deal_ramp`); every other deal takes the scenario's `ramp`
(default: assumption row `undisclosed_ramp`). A deal whose start or end year is undisclosed
takes `undisclosed_term_start_year` / `undisclosed_term_end_year`.

A counted deal whose value is undisclosed contributes nothing and is listed in
`undisclosed_deals`, so callers can say so instead of showing a silent zero.

Resellable capacity (what OpenAI could sell on): cloud-capacity deals, plus deals with
sellers in COMPUTE_SERVICE_SELLERS, which deliver running compute rather than chips.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

# Cerebras sells OpenAI "low-latency inference capacity" run in Cerebras's own data centres: it
# is compute capacity OpenAI could resell, although the contracts table types it as "chips".
COMPUTE_SERVICE_SELLERS = frozenset({"cerebras"})
CAPACITY_DEAL_TYPES = frozenset({"cloud_capacity"})

DEAL_YEAR_COLUMNS = ["contract_id", "seller_id", "deal_type", "year", "usd_bn", "resellable",
                     "start_year", "end_year", "years_assumed", "end_assumed", "slope", "profile_assumed"]
UNDISCLOSED_COLUMNS = ["contract_id", "seller_id", "seller", "deal_type", "announced", "start_year", "end_year",
                       "capacity_gw", "resellable", "why"]


def _int_or_none(x) -> int | None:
    return None if x is None or pd.isna(x) else int(x)


def is_resellable(deal_type: str, seller_id: str) -> bool:
    return deal_type in CAPACITY_DEAL_TYPES or seller_id in COMPUTE_SERVICE_SELLERS


def counted(contracts: pd.DataFrame) -> pd.DataFrame:
    """The deals that count in OpenAI's totals (counts_in_total true; missing flag = counts)."""
    flag = contracts["counts_in_total"] if "counts_in_total" in contracts else pd.Series(True, index=contracts.index)
    return contracts[flag.fillna(True).astype(bool)]


def profile_weights(n: int, slope: float) -> np.ndarray:
    """The share of a deal's value paid in each of its n years (sums to 1)."""
    i = np.arange(n, dtype=float)
    return (1.0 + slope * i) / (n + slope * n * (n - 1) / 2.0)


def payment_profiles(assumptions: pd.DataFrame,
                     default_name: str = "undisclosed_ramp") -> tuple[dict[str, float], float]:
    """(reported slope per contract_id, default slope) from assumption rows with `name`, `value`, `param`:
    one rule for the model's K and the Contracts page's spend per year."""
    own = assumptions[assumptions["param"] == "deal_ramp"]
    slopes = {str(n).split(".", 1)[1]: float(v)
              for n, v in zip(own["name"], own["value"], strict=True) if "." in str(n)}
    default = assumptions.loc[assumptions["name"] == default_name, "value"]
    return slopes, float(default.iloc[0]) if len(default) else 0.0


def deal_years(contracts: pd.DataFrame, undisclosed_start: int, undisclosed_end: int,
               slopes: dict[str, float] | None = None, default_slope: float = 0.0) -> pd.DataFrame:
    """One row per counted, valued deal and active year: the spend that year (US$ bn).

    `slopes` holds the deals with a reported schedule (contract_id -> slope); the others take
    `default_slope` (0 = even, the Contracts page's annualisation)."""
    slopes = slopes or {}
    rows = []
    for deal in counted(contracts).itertuples(index=False):
        value = deal.value_usd_bn
        if value is None or pd.isna(value):
            continue
        start, end = _int_or_none(deal.start_year), _int_or_none(deal.end_year)
        assumed, end_assumed = start is None or end is None, end is None
        start = undisclosed_start if start is None else start
        end = undisclosed_end if end is None else end
        if end < start:
            start, end = end, start
        own = deal.contract_id in slopes
        slope = float(slopes[deal.contract_id]) if own else float(default_slope)
        paid = float(value) * profile_weights(end - start + 1, slope)
        resell = is_resellable(deal.deal_type, deal.seller_id)
        rows.extend((deal.contract_id, deal.seller_id, deal.deal_type, y, float(v), resell, start, end, assumed,
                     end_assumed, slope, not own)
                    for y, v in zip(range(start, end + 1), paid, strict=True))
    return pd.DataFrame(rows, columns=DEAL_YEAR_COLUMNS)


def undisclosed_deals(contracts: pd.DataFrame) -> pd.DataFrame:
    """Counted deals with no disclosed value: they add nothing to K and must be shown as unknown."""
    deals = counted(contracts)
    deals = deals[deals["value_usd_bn"].isna()]
    out = pd.DataFrame({
        "contract_id": deals["contract_id"],
        "seller_id": deals["seller_id"],
        "seller": deals["seller"] if "seller" in deals else deals["seller_id"],
        "deal_type": deals["deal_type"],
        "announced": deals["announced"] if "announced" in deals else None,
        "start_year": deals["start_year"],
        "end_year": deals["end_year"],
        "capacity_gw": deals["capacity_gw"],
        "resellable": [is_resellable(t, s) for t, s in zip(deals["deal_type"], deals["seller_id"], strict=True)],
        "why": "value undisclosed: not in K",
    })
    return out.reset_index(drop=True)[UNDISCLOSED_COLUMNS]


def spend_matrix(per_year: pd.DataFrame, sellers: list[str], years: list[int],
                 resellable_only: bool = False) -> np.ndarray:
    """K as an array [seller, year] (US$ bn); sellers or years not in the deals get zeros."""
    out = np.zeros((len(sellers), len(years)))
    if per_year.empty:
        return out
    frame = per_year[per_year["resellable"]] if resellable_only else per_year
    grouped = frame.groupby(["seller_id", "year"])["usd_bn"].sum()
    s_index = {s: i for i, s in enumerate(sellers)}
    y_index = {y: j for j, y in enumerate(years)}
    for (seller, year), value in grouped.items():
        if seller in s_index and year in y_index:
            out[s_index[seller], y_index[year]] = value
    return out


class DealArrays:
    """The counted, valued deals as arrays, so K can be recomputed for many payment-profile
    slopes at once (the Monte Carlo varies the slope of deals without a reported schedule)."""

    def __init__(self, per_year: pd.DataFrame, partners: list[str]):
        deals = per_year.drop_duplicates("contract_id") if len(per_year) else per_year
        p_index = {p: i for i, p in enumerate(partners)}
        self.contract_id = list(deals["contract_id"]) if len(deals) else []
        self.value = (per_year.groupby("contract_id", sort=False)["usd_bn"].sum()
                      .reindex(self.contract_id).to_numpy(float) if len(deals) else np.zeros(0))
        self.start = deals["start_year"].to_numpy(int) if len(deals) else np.zeros(0, int)
        self.n = (deals["end_year"].to_numpy(int) - self.start + 1) if len(deals) else np.zeros(0, int)
        self.seller = np.array([p_index.get(s, -1) for s in deals["seller_id"]], dtype=int) if len(deals) \
            else np.zeros(0, int)
        self.resellable = deals["resellable"].to_numpy(bool) if len(deals) else np.zeros(0, bool)
        self.own_slope = np.where(deals["profile_assumed"].to_numpy(bool), np.nan,
                                  deals["slope"].to_numpy(float)) if len(deals) else np.zeros(0)
        # Deals whose last year is assumed (no end year in the data): the Monte Carlo varies it.
        self.end_assumed = deals["end_assumed"].to_numpy(bool) if len(deals) else np.zeros(0, bool)

    def spend(self, ramp: np.ndarray, n_partners: int, years: np.ndarray,
              term_end: np.ndarray | None = None) -> tuple[np.ndarray, ...]:
        """K[N, P, Y] per partner, K_total[N, Y] and K_res[N, Y] for each slope in `ramp` [N] and, for
        the deals whose last year is assumed, each last year in `term_end` [N] (None: the assumed one)."""
        ramp = np.asarray(ramp, dtype=float)
        N, Y = len(ramp), len(years)
        K = np.zeros((N, n_partners, Y))
        tot = np.zeros((N, Y))
        res = np.zeros((N, Y))
        for d in range(len(self.value)):
            i = (years - self.start[d]).astype(float)
            if term_end is not None and self.end_assumed[d]:
                n = np.maximum(np.asarray(term_end, dtype=float) - self.start[d] + 1.0, 1.0)  # [N]
            else:
                n = np.full(N, float(self.n[d]))
            active = (i[None, :] >= 0) & (i[None, :] < n[:, None])  # [N, Y]
            if not active.any():
                continue
            r = np.full(N, self.own_slope[d]) if np.isfinite(self.own_slope[d]) else ramp
            paid = self.value[d] * (1.0 + r[:, None] * i[None, :]) / (n + r * n * (n - 1) / 2.0)[:, None]
            paid = paid * active
            tot += paid
            if self.resellable[d]:
                res += paid
            if self.seller[d] >= 0:
                K[:, self.seller[d], :] += paid
        return K, tot, res
