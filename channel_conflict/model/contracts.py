"""K[p,t]: what OpenAI has contracted to pay each seller in each year, from the contracts table.

A deal counts when `counts_in_total` is true and its value is disclosed. Its value is spread
evenly over its active years: value_usd_bn / (end_year - start_year + 1) in each year
start_year..end_year. A deal whose start or end year is undisclosed takes the assumption
`undisclosed_term_start_year` / `undisclosed_term_end_year`.

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
                     "start_year", "end_year", "years_assumed"]
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


def deal_years(contracts: pd.DataFrame, undisclosed_start: int, undisclosed_end: int) -> pd.DataFrame:
    """One row per counted, valued deal and active year: the annualised spend (US$ bn)."""
    rows = []
    for deal in counted(contracts).itertuples(index=False):
        value = deal.value_usd_bn
        if value is None or pd.isna(value):
            continue
        start, end = _int_or_none(deal.start_year), _int_or_none(deal.end_year)
        assumed = start is None or end is None
        start = undisclosed_start if start is None else start
        end = undisclosed_end if end is None else end
        if end < start:
            start, end = end, start
        per_year = float(value) / (end - start + 1)
        resell = is_resellable(deal.deal_type, deal.seller_id)
        rows.extend((deal.contract_id, deal.seller_id, deal.deal_type, y, per_year, resell, start, end, assumed)
                    for y in range(start, end + 1))
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
