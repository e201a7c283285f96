"""Capital page: what a loan guarantee saves, book life vs the accelerator cadence, the cost of a GPU-hour.

Slider defaults come from the assumptions table (capital_assumptions); two defaults the table
does not hold (value lost per generation, direct-sale markup) are the page's own labelled
assumptions in PAGE_ASSUMPTIONS. Fractions are shown as whole percents on the sliders.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import capital as fin
from ..charts import capital as charts
from ..charts.base import Caption, sources_label
from ..params import Param
from . import Chart, Query


@dataclass(frozen=True)
class Slider:
    key: str  # URL parameter
    assumption: str  # assumptions.name (or a PAGE_ASSUMPTIONS name)
    label: str
    kind: str
    lo: float
    hi: float
    step: float
    fmt: str
    scale: float = 1.0  # slider value = assumption value x scale
    fallback: float = 0.0  # slider value when the DB has no row for it


SECTIONS: dict[str, tuple[Slider, ...]] = {
    "guarantee": (
        Slider("buildout_usd_bn", "buildout_usd_bn", "Build-out, US$ bn", "int", 200, 3000, 50, "$%dB", fallback=1400),
        Slider("buildout_years", "buildout_years", "Build-out period, years", "int", 1, 15, 1, "%d years", fallback=8),
        Slider("debt_pct", "debt_share", "Debt share of the build-out", "int", 0, 100, 5, "%d%%", 100, 50),
        Slider("spread_cut_bps", "spread_cut_bps", "Spread cut by a guarantee, bps", "int", 0, 400, 10, "%d bps",
               fallback=150),
        Slider("base_rate_pct", "base_rate_pct", "Base rate (for present value), %", "float", 0.0, 10.0, 0.25,
               "%.2f%%", fallback=4.5),
    ),
    "depreciation": (
        Slider("server_life_years", "server_life_years", "Server accounting life, years", "int", 2, 10, 1,
               "%d years", fallback=6),
        Slider("cadence_months", "accelerator_cadence_months", "Accelerator cadence, months", "int", 6, 36, 1,
               "%d months", fallback=15),
        Slider("gen_drop_pct", "value_drop_per_generation", "Value lost per new generation", "int", 0, 90, 5,
               "%d%%", 100, 40),
    ),
    "gpu_hour": (
        Slider("gpu_capex_usd", "gpu_capex_usd", "Capital cost per GPU, US$", "int", 10_000, 120_000, 1_000, "$%d",
               fallback=45_000),
        Slider("gpu_opex", "gpu_opex_usd_per_hour", "Opex per GPU-hour, US$", "float", 0.0, 2.0, 0.05, "$%.2f",
               fallback=0.45),
        Slider("utilisation_pct", "gpu_utilisation", "Utilisation (hours billed)", "int", 10, 100, 5, "%d%%", 100, 70),
        Slider("cost_of_capital_pct", "cost_of_capital_pct", "Cost of capital, %", "float", 0.0, 20.0, 0.5, "%.1f%%",
               fallback=9.0),
        Slider("margin_pct", "direct_sale_markup", "Direct-sale markup on cost", "int", 0, 150, 5, "%d%%", 100, 25),
    ),
}
SECTION_TITLES = {
    "guarantee": "1 · What a loan guarantee's lower spread saves",
    "depreciation": "2 · Accounting life vs the accelerator cadence",
    "gpu_hour": "3 · The implied cost of a GPU-hour against market prices",
}
SECTION_NOTES = {
    "guarantee": ("The debt share of each year's spend is drawn evenly at the start of the year and stays "
                  "outstanding, interest-only, to the end of the build-out; saving in year k = spread cut × debt "
                  "drawn so far. Repayment after the build-out is not modelled: the last year's saving is the "
                  "run rate that would continue while the debt is outstanding."),
    "depreciation": ("Book value falls in a straight line over the accounting life. Economic value drops by the "
                     "chosen share each time a new generation ships (every cadence months). Where books sit above "
                     "economic value, the difference is what an impairment could take. The server life also sets "
                     "the capital-recovery period of the GPU-hour cost below."),
    "gpu_hour": ("Cost per billed hour = (capital cost × r/(1−(1+r)^−life) ÷ 8,760 + opex) ÷ utilisation, with the "
                 "server accounting life above as the life. Direct-sale price = cost × (1 + markup)."),
}

# Defaults the assumptions table does not hold: the page's own, shown beside the others.
PAGE_ASSUMPTIONS = pd.DataFrame([
    dict(name="value_drop_per_generation", value=0.4, unit="fraction",
         rationale=("our assumption: how much a new accelerator generation cuts the value of the installed one; "
                    "H100 rental prices fell by more than half between mid-2024 and early 2026 "
                    "(gpu_prices), and asset values usually fall less than spot rents"),
         confidence="assumption"),
    dict(name="direct_sale_markup", value=0.25, unit="fraction_of_cost",
         rationale="our assumption: gross markup a direct-selling OpenAI would add to its cost per billed GPU-hour",
         confidence="assumption"),
])

SLIDERS = {s.key: s for group in SECTIONS.values() for s in group}


def assumptions(q: Query) -> pd.DataFrame:
    """Every assumption the page uses: the DB's rows, then the page's own."""
    db_rows = q("capital_assumptions")
    page = PAGE_ASSUMPTIONS.assign(source_id=None, publisher=None, url=None, published=None)
    return pd.concat([db_rows, page[~page["name"].isin(db_rows["name"])]], ignore_index=True)


def _default(s: Slider, table: pd.DataFrame) -> tuple[float, str]:
    row = table[table["name"] == s.assumption]
    value = float(row["value"].iloc[0]) * s.scale if len(row) else s.fallback
    value = min(max(value, s.lo), s.hi)
    value = int(round(value)) if s.kind == "int" else round(value / s.step) * s.step
    conf = row["confidence"].iloc[0] if len(row) else "assumption"
    return value, conf


def params(q: Query) -> list[Param]:
    table = assumptions(q)
    out = []
    for s in SLIDERS.values():
        default, conf = _default(s, table)
        row = table[table["name"] == s.assumption]
        why = row["rationale"].iloc[0] if len(row) else "page default"
        out.append(Param(s.key, f"{s.label} ({conf})", s.kind, default, min=s.lo, max=s.hi, step=s.step,
                         format=s.fmt, help=f"{s.assumption}: {why}"))
    return out


def section_params(q: Query) -> dict[str, list[Param]]:
    """The page's Params grouped by section, in SECTIONS order."""
    by_key = {p.key: p for p in params(q)}
    return {name: [by_key[s.key] for s in group] for name, group in SECTIONS.items()}


def assumption_table(q: Query, values: dict) -> pd.DataFrame:
    """name / value used / default / unit / rationale / confidence / source, for the page's expander."""
    table = assumptions(q)
    rows = []
    for s in SLIDERS.values():
        row = table[table["name"] == s.assumption]
        r = row.iloc[0] if len(row) else None
        default, conf = _default(s, table)
        used = values.get(s.key, default)
        rows.append(dict(
            name=s.assumption, slider=s.key,
            value=used / s.scale, default=default / s.scale,
            unit=r["unit"] if r is not None else "", rationale=r["rationale"] if r is not None else "page default",
            confidence=conf, source=(r["url"] if r is not None and isinstance(r["url"], str) else None),
            publisher=(r["publisher"] if r is not None and isinstance(r["publisher"], str) else "our assumption"),
            published=(r["published"] if r is not None else None),
        ))
    return pd.DataFrame(rows)


def _provenance(table: pd.DataFrame, name: str) -> str:
    row = table[table["name"] == name]
    if not len(row) or not isinstance(row["publisher"].iloc[0], str):
        return "our assumption"
    published = row["published"].iloc[0]
    when = pd.Timestamp(published).strftime("%Y-%m-%d") if pd.notna(published) else ""
    return f"{row['publisher'].iloc[0]} ({when})" if when else row["publisher"].iloc[0]


CONFIDENCE_ORDER = ("confirmed", "reported", "estimate", "assumption")


def _inputs(table: pd.DataFrame, names: dict[str, str]) -> tuple[str, str]:
    """Footer text naming where each input comes from, and the weakest confidence among them.

    names: assumption name -> how the footer calls it. Sourced inputs name their publisher and date;
    the rest are listed together as our assumptions.
    """
    sourced, ours, confs = [], [], []
    for name, label in names.items():
        row = table[table["name"] == name]
        confs.append(row["confidence"].iloc[0] if len(row) else "assumption")
        prov = _provenance(table, name)
        (ours if prov == "our assumption" else sourced).append(f"{label}: {prov}" if prov != "our assumption"
                                                                else label)
    parts = sourced + ([", ".join(ours) + (": our assumptions" if len(ours) > 1 else ": our assumption")]
                       if ours else [])
    weakest = max(confs, key=lambda c: CONFIDENCE_ORDER.index(c) if c in CONFIDENCE_ORDER else len(CONFIDENCE_ORDER))
    return "; ".join(parts), weakest


def _base_year(table: pd.DataFrame) -> int:
    row = table[table["name"] == "base_year"]
    return int(row["value"].iloc[0]) if len(row) else 2026


def tier_verdict(prices: pd.DataFrame, price: float) -> tuple[str, pd.DataFrame]:
    """Where a price sits against the latest H100 tier ranges, as a phrase, and those rows."""
    h100 = prices[(prices["gpu"] == "H100") & prices["price_low_usd"].notna()
                  & prices["provider_tier"].isin(["hyperscaler", "specialty", "long_tail"])]
    if h100.empty:
        return "no tier prices to compare", h100
    latest = h100[h100["as_of"] == h100["as_of"].max()]
    parts = []
    for _, r in latest.iterrows():
        tier = charts.TIER_LABELS.get(r["provider_tier"], r["provider_tier"]).lower().replace("gpu", "GPU")
        lo, hi = r["price_low_usd"], r["price_high_usd"]
        where = "below" if price < lo else "above" if price > hi else "inside"
        parts.append(f"{where} {tier} (${lo:.2f}–{hi:.2f})")
    return "; ".join(parts), latest


def charts_for(q: Query, values: dict, as_of: str) -> list[Chart]:
    v = {p.key: values.get(p.key, p.default) for p in params(q)}
    table = assumptions(q)
    start = _base_year(table)
    src1, conf1 = _inputs(table, {"buildout_usd_bn": "build-out size", "buildout_years": "period",
                                  "debt_share": "debt share", "spread_cut_bps": "spread cut", "base_rate_pct": "base rate"})
    src2, conf2 = _inputs(table, {"server_life_years": "server life", "accelerator_cadence_months": "cadence",
                                  "value_drop_per_generation": "value lost per generation"})
    src3, conf3 = _inputs(table, {"gpu_capex_usd": "capital cost", "server_life_years": "life",
                                  "cost_of_capital_pct": "cost of capital", "gpu_opex_usd_per_hour": "opex",
                                  "gpu_utilisation": "utilisation", "direct_sale_markup": "markup"})

    # 1. Loan guarantee
    sched = fin.spread_savings(v["buildout_usd_bn"], int(v["buildout_years"]), v["debt_pct"] / 100,
                               v["spread_cut_bps"], v["base_rate_pct"], start_year=start)
    total = sched["cumulative_usd_bn"].iloc[-1]
    end = start + int(v["buildout_years"]) - 1
    cap1 = Caption(
        title=f"A {v['spread_cut_bps']:.0f} bps lower spread would save about ${total:,.0f}B of interest by {end}",
        subtitle="Interest saved by a loan guarantee, US$ billion: each year (bars) and cumulative (lines)",
        source=f"Model on {src1}",
        as_of=as_of,
        scenario=(f"${v['buildout_usd_bn']:,.0f}B over {v['buildout_years']:.0f} years ({start}–{end}), "
                  f"{v['debt_pct']:.0f}% debt drawn evenly, interest-only; spread −{v['spread_cut_bps']:.0f} bps; "
                  f"present value at {v['base_rate_pct']:.2f}%"),
    )
    fig1 = charts.savings_chart(sched, cap1, (f"model on {src1}", conf1))

    # 2. Depreciation vs cadence
    life = int(v["server_life_years"])
    drop = v["gen_drop_pct"] / 100
    horizon = max(life, 1)
    monthly = fin.depreciation_gap(100.0, life, v["cadence_months"], drop, horizon, steps_per_year=12)
    yearly = fin.depreciation_gap(100.0, life, v["cadence_months"], drop, horizon)
    peak = yearly.loc[yearly["gap"].idxmax()]
    if peak["gap"] > 0:
        title2 = (f"Books overstate the fleet by up to {peak['gap']:.0f}% of cost (year {peak['t_years']:.0f}): "
                  f"{life}-year life vs {v['cadence_months']:.0f}-month cadence")
    else:
        title2 = (f"No write-down risk here: a {life}-year life keeps books below a fleet that "
                  f"loses {v['gen_drop_pct']:.0f}% every {v['cadence_months']:.0f} months")
    cap2 = Caption(
        title=title2,
        subtitle="Value of a GPU fleet bought in year 0, % of purchase cost; bars: book minus economic value at year end",
        source=f"Model on {src2}",
        as_of=as_of,
        scenario=(f"straight-line life {life} years; a new generation every {v['cadence_months']:.0f} months "
                  f"cuts the installed fleet's value by {v['gen_drop_pct']:.0f}%"),
    )
    fig2 = charts.depreciation_chart(monthly, yearly, cap2, (f"model on {src2}", conf2))

    # 3. GPU-hour cost against market prices
    cost = fin.gpu_hour_cost(v["gpu_capex_usd"], life, v["cost_of_capital_pct"], v["gpu_opex"],
                             v["utilisation_pct"] / 100, v["margin_pct"] / 100)
    prices = q("capital_gpu_prices")
    verdict, _ = tier_verdict(prices, cost.direct_price)
    missing = prices[prices["price_low_usd"].isna() & prices["price_high_usd"].isna()]
    not_drawn = "".join(f" · Not drawn (no level given): {r['as_of']} {r['gpu']} {r['provider_tier']}"
                        for _, r in missing.iterrows())
    scenario3 = (f"${v['gpu_capex_usd']:,.0f} per GPU over {life} years at {v['cost_of_capital_pct']:.1f}%, "
                 f"opex ${v['gpu_opex']:.2f}/h, {v['utilisation_pct']:.0f}% billed, markup {v['margin_pct']:.0f}%")
    cap3 = Caption(
        title=f"Implied cost ${cost.cost_per_billed_hour:.2f} and direct price ${cost.direct_price:.2f} per GPU-hour",
        subtitle=(f"US$ per GPU-hour: market price ranges by tier and month vs the modelled cost<br>"
                  f"Direct price vs latest H100 prices: {verdict}{not_drawn}"),
        source=(f"Prices: {sources_label(prices)}; " if len(prices) else "") + f"cost: model on {src3}",
        as_of=as_of,
        scenario=scenario3,
    )
    fig3 = charts.gpu_price_chart(prices, cost.cost_per_billed_hour, cost.direct_price, cap3,
                                  (f"model on {src3}", conf3))
    fig3.update_layout(margin=dict(t=fig3.layout.margin.t + 18))

    parts = pd.DataFrame([
        ("Capital (annuity)", cost.capital_per_hour),
        ("Opex", cost.opex_per_hour),
        ("Idle hours", cost.idle_per_billed_hour),
        ("Markup", cost.direct_price - cost.cost_per_billed_hour),
    ], columns=["part", "usd_per_hour"]).assign(source=f"model on {src3}", confidence=conf3)
    cap4 = Caption(
        title=f"What a ${cost.direct_price:.2f} direct GPU-hour is made of",
        subtitle="US$ per billed GPU-hour: capital recovery, running cost, unbilled hours and markup",
        source=f"Model on {src3}",
        as_of=as_of,
        scenario=scenario3,
    )
    fig4 = charts.cost_stack_chart(parts, cap4)

    price_data = prices.assign(implied_cost_usd=cost.cost_per_billed_hour, direct_price_usd=cost.direct_price)
    return [
        Chart("capital-guarantee-savings", fig1, sched),
        Chart("capital-depreciation-gap", fig2, yearly),
        Chart("capital-gpu-hour-vs-market", fig3, price_data),
        Chart("capital-gpu-hour-cost-stack", fig4, parts),
    ]


# Which charts belong under which section heading on the page.
SECTION_CHARTS = {
    "guarantee": ("capital-guarantee-savings",),
    "depreciation": ("capital-depreciation-gap",),
    "gpu_hour": ("capital-gpu-hour-vs-market", "capital-gpu-hour-cost-stack"),
}
