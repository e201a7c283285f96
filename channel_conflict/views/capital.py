"""Capital page: where guarantees land (CHIPS Act awards, fabs, the DOE LPO precedent); what a lower spread
saves on a fab beside the data-centre case OpenAI said it does not seek; asset lives (fab, server, accelerator)
and book life vs the accelerator cadence; the cost of a GPU-hour.

Slider defaults come from the assumptions table (capital_assumptions); two defaults the table
does not hold (value lost per generation, direct-sale markup) are the page's own labelled
assumptions in PAGE_ASSUMPTIONS. Fractions are shown as whole percents on the sliders.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from .. import capital as fin
from .. import i18n
from ..charts import capital as charts
from ..charts.base import Caption, sources_label
from ..params import Param
from . import Chart, Query


@dataclass(frozen=True)
class Slider:
    key: str  # URL parameter
    assumption: str  # assumptions.name (or a PAGE_ASSUMPTIONS name); label: [param.capital.<key>]
    kind: str
    lo: float
    hi: float
    step: float
    fmt: str
    scale: float = 1.0  # slider value = assumption value x scale
    fallback: float = 0.0  # slider value when the DB has no row for it


SECTIONS: dict[str, tuple[Slider, ...]] = {
    "fabs": (),
    "guarantee": (
        Slider("fab_capex_usd_bn", "fab_capex_usd_bn", "int", 5, 200, 5, "$%,dB", fallback=65),
        Slider("fab_build_years", "fab_build_years", "int", 1, 8, 1, "%d yr", fallback=4),
        Slider("fab_life_years", "fab_life_years", "int", 10, 40, 1, "%d yr",
               fallback=20),
        Slider("buildout_usd_bn", "buildout_usd_bn", "int", 200, 3000, 50, "$%,dB", fallback=1400),
        Slider("buildout_years", "buildout_years", "int", 1, 15, 1, "%d yr", fallback=8),
        Slider("debt_pct", "debt_share", "int", 0, 100, 5, "%d%%", 100, 50),
        Slider("spread_cut_bps", "spread_cut_bps", "int", 0, 400, 10, "%d bps",
               fallback=150),
        Slider("base_rate_pct", "base_rate_pct", "float", 0.0, 10.0, 0.25,
               "%.2f%%", fallback=4.5),
    ),
    "depreciation": (
        Slider("server_life_years", "server_life_years", "int", 2, 10, 1,
               "%d yr", fallback=6),
        Slider("cadence_months", "accelerator_cadence_months", "int", 6, 36, 1,
               "%d months", fallback=15),
        Slider("gen_drop_pct", "value_drop_per_generation", "int", 0, 90, 5,
               "%d%%", 100, 40),
    ),
    "gpu_hour": (
        Slider("gpu_capex_usd", "gpu_capex_usd", "int", 10_000, 120_000, 1_000, "$%,d",
               fallback=45_000),
        Slider("gpu_opex", "gpu_opex_usd_per_hour", "float", 0.0, 2.0, 0.05, "$%.2f",
               fallback=0.45),
        Slider("utilisation_pct", "gpu_utilisation", "int", 10, 100, 5, "%d%%", 100, 70),
        Slider("cost_of_capital_pct", "cost_of_capital_pct", "float", 0.0, 20.0, 0.5, "%.1f%%",
               fallback=9.0),
        Slider("margin_pct", "direct_sale_markup", "int", 0, 150, 5, "%d%%", 100, 25),
    ),
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
    dict(name="fab_build_years", value=4, unit="years",
         rationale=("our assumption: years from groundbreaking to volume output for a leading-edge fab, over which "
                    "the debt is drawn"),
         confidence="assumption"),
    dict(name="fab_life_years", value=20, unit="years",
         rationale=("our assumption: the article's 'a fab runs for decades'; Micron's CHIPS award backs a two-decade "
                    "plan (fab_projects). The loan is repaid over the life, so the guarantee runs as long"),
         confidence="assumption"),
])
FAB_CASE_PROJECT = "tsmc-arizona"  # the largest CHIPS-backed fab project with a stated capex

SLIDERS = {s.key: s for group in SECTIONS.values() for s in group}


def fab_case_row(q: Query) -> pd.DataFrame:
    """The fab case's capex as an assumption row, taken from the fab project it stands for (sourced)."""
    projects = q("capital_fab_projects")
    row = projects[(projects["project_id"] == FAB_CASE_PROJECT) & projects["capex_usd_bn"].notna()]
    if row.empty:
        return pd.DataFrame(columns=["name"])
    r = row.iloc[0]
    return pd.DataFrame([dict(
        name="fab_capex_usd_bn", value=float(r["capex_usd_bn"]), unit="usd_bn",
        rationale=f"{r['company']}, {r['site']}: {r['notes']} (fab_projects: {r['project_id']})",
        confidence=r["confidence"], source_id=None, publisher=r["publisher"], url=r["url"], published=r["published"])])


def assumptions(q: Query) -> pd.DataFrame:
    """Every assumption the page uses: the DB's rows, the fab case's sourced capex, then the page's own."""
    db_rows = pd.concat([q("capital_assumptions"), fab_case_row(q)], ignore_index=True)
    page = PAGE_ASSUMPTIONS.assign(source_id=None, publisher=None, url=None, published=None)
    return pd.concat([db_rows, page[~page["name"].isin(db_rows["name"])]], ignore_index=True)


def _default(s: Slider, table: pd.DataFrame) -> tuple[float, str]:
    row = table[table["name"] == s.assumption]
    value = float(row["value"].iloc[0]) * s.scale if len(row) else s.fallback
    value = min(max(value, s.lo), s.hi)
    value = int(round(value)) if s.kind == "int" else round(value / s.step) * s.step
    conf = row["confidence"].iloc[0] if len(row) else "assumption"
    return value, conf


def params(q: Query, lang: str = i18n.DEFAULT) -> list[Param]:
    """The sliders; labels in `lang` (keys, values and formats are the same in every language)."""
    table = assumptions(q)
    out = []
    for s in SLIDERS.values():
        default, conf = _default(s, table)
        row = table[table["name"] == s.assumption]
        why = row["rationale"].iloc[0] if len(row) else i18n.t("capital.page_default", lang)
        label = i18n.paren(i18n.t(f"param.capital.{s.key}.label", lang), i18n.confidence(conf, lang), lang)
        out.append(Param(s.key, label, s.kind, default, min=s.lo, max=s.hi, step=s.step,
                         format=i18n.units(s.fmt, lang), help=f"{s.assumption}: {why}"))
    return out


def section_params(q: Query, lang: str = i18n.DEFAULT) -> dict[str, list[Param]]:
    """The page's Params grouped by section, in SECTIONS order."""
    by_key = {p.key: p for p in params(q, lang)}
    return {name: [by_key[s.key] for s in group] for name, group in SECTIONS.items()}


def assumption_table(q: Query, values: dict, lang: str = i18n.DEFAULT) -> pd.DataFrame:
    """name / value used / default / unit / rationale / confidence / source, for the page's expander:
    names, units and confidence in `lang` (the rationale is the data's own text)."""
    table = assumptions(q)
    rows = []
    for s in SLIDERS.values():
        row = table[table["name"] == s.assumption]
        r = row.iloc[0] if len(row) else None
        default, conf = _default(s, table)
        used = values.get(s.key, default)
        unit = r["unit"] if r is not None else ""
        rows.append(dict(
            name=i18n.t(f"param.capital.{s.key}.label", lang), slider=s.key,
            value=used / s.scale, default=default / s.scale,
            unit=i18n.t_or(f"model.unit.{unit}", lang, unit),
            rationale=r["rationale"] if r is not None else i18n.t("capital.page_default", lang),
            confidence=i18n.confidence(conf, lang),
            source=(r["url"] if r is not None and isinstance(r["url"], str) else None),
            publisher=(r["publisher"] if r is not None and isinstance(r["publisher"], str)
                       else i18n.t("capital.our_assumption", lang)),
            published=(r["published"] if r is not None else None),
        ))
    return pd.DataFrame(rows)


def _provenance(table: pd.DataFrame, name: str, lang: str = i18n.DEFAULT) -> str:
    row = table[table["name"] == name]
    if not len(row) or not isinstance(row["publisher"].iloc[0], str):
        return OURS
    published = row["published"].iloc[0]
    when = i18n.as_of(pd.Timestamp(published), lang) if pd.notna(published) else ""
    return f"{row['publisher'].iloc[0]} ({when})" if when else row["publisher"].iloc[0]


CONFIDENCE_ORDER = ("confirmed", "reported", "estimate", "assumption")
OURS = "our assumption"


def _said(provenance: str, lang: str) -> str:
    """A provenance for the reader: OURS in the page's language."""
    return i18n.t("capital.our_assumption", lang) if provenance == OURS else provenance


def _inputs(table: pd.DataFrame, names: dict[str, str], lang: str = i18n.DEFAULT) -> tuple[str, str]:
    """Footer text naming where each input comes from, and the weakest confidence among them.

    names: assumption name -> how the footer calls it. Sourced inputs name their publisher and date;
    the rest are listed together as our assumptions.
    """
    sourced, ours, confs = [], [], []
    for name, label in names.items():
        row = table[table["name"] == name]
        confs.append(row["confidence"].iloc[0] if len(row) else "assumption")
        prov = _provenance(table, name, lang)
        (ours if prov == OURS else sourced).append(i18n.labelled(label, prov, lang) if prov != OURS else label)
    if ours:
        said = i18n.t("capital.our_assumptions" if len(ours) > 1 else "capital.our_assumption", lang)
        sourced.append(i18n.labelled(i18n.join(ours, lang), said, lang))
    weakest = max(confs, key=lambda c: CONFIDENCE_ORDER.index(c) if c in CONFIDENCE_ORDER else len(CONFIDENCE_ORDER))
    return i18n.join(sourced, lang, "clauses"), i18n.confidence(weakest, lang)


def _base_year(table: pd.DataFrame) -> int:
    row = table[table["name"] == "base_year"]
    return int(row["value"].iloc[0]) if len(row) else 2026


def tier_verdict(prices: pd.DataFrame, price: float, lang: str = i18n.DEFAULT) -> tuple[str, pd.DataFrame]:
    """Where a price sits against the latest H100 tier ranges, as a phrase, and those rows."""
    h100 = prices[(prices["gpu"] == "H100") & prices["price_low_usd"].notna()
                  & prices["provider_tier"].isin(["hyperscaler", "specialty", "long_tail"])]
    if h100.empty:
        return i18n.t("capital.chart.no_tiers", lang), h100
    latest = h100[h100["as_of"] == h100["as_of"].max()]
    parts = []
    for _, r in latest.iterrows():
        lo, hi = r["price_low_usd"], r["price_high_usd"]
        where = "below" if price < lo else "above" if price > hi else "inside"
        tier = charts.tier_label(r["provider_tier"], lang, inline=True)
        parts.append(i18n.t(f"capital.chart.{where}", lang, tier=tier, lo=i18n.usd(lo, lang), hi=f"{hi:.2f}"))
    return i18n.join(parts, lang, "clauses"), latest


def primary_first(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows resting on a primary source first, so a footer that names three publishers names those."""
    if "source_kind" not in frame.columns:
        return frame
    return frame.sort_values("source_kind", key=lambda k: k.ne("primary"), kind="stable")


LIFE_COLORS = {"fab": charts.BLUE, "server": charts.ORANGE, "accelerator": charts.RED}


def asset_lives(table: pd.DataFrame, v: dict, lang: str = i18n.DEFAULT) -> pd.DataFrame:
    """label / years / source / confidence / color for the asset-life chart, from the sliders' values."""
    rows = []
    for key, name, years in (("fab", "fab_life_years", v["fab_life_years"]),
                             ("server", "server_life_years", v["server_life_years"]),
                             ("accelerator", "accelerator_cadence_months", v["cadence_months"] / 12)):
        r = table[table["name"] == name]
        text = (i18n.t("capital.fab.months_label", lang, n=f"{years * 12:g}") if years < 2
                else i18n.t("capital.fab.years_label", lang, n=f"{years:g}"))
        rows.append(dict(label=i18n.t(f"capital.fab.life_{key}", lang), years=float(years), text=text,
                         source=_said(_provenance(table, name, lang), lang),
                         confidence=i18n.confidence(r["confidence"].iloc[0] if len(r) else "assumption", lang),
                         color=LIFE_COLORS[key]))
    return pd.DataFrame(rows)


def open_question(q: Query) -> dict:
    """What the data says about the article's first thing to watch: guarantees for AI-chip fabs."""
    support = q("capital_fab_support")
    chips = support[support["program"] == "CHIPS Act"]
    loans = chips[chips["instrument"] == "loan"]
    return dict(
        guarantees=int((chips["instrument"] == "loan_guarantee").sum()),
        loans=[(r["company"], float(r["amount_usd_bn"]), r["stage"]) for _, r in loans.iterrows()],
        converted=[(r["company"], float(r["amount_usd_bn"]), pd.Timestamp(r["announced"]).strftime("%Y-%m"))
                   for _, r in chips[chips["stage"] == "converted"].iterrows()],
    )


def _bn(value: float, lang: str) -> str:
    return i18n.money(value, lang, 0, scaled=False)


def _in(table: pd.DataFrame, keys: dict[str, str], lang: str) -> tuple[str, str]:
    """_inputs with each input's name in `lang` (keys: assumption name -> capital.input.<key>)."""
    names = {name: i18n.t(f"capital.input.{key}", lang) for name, key in keys.items()}
    return _inputs(table, names, lang)


class CapitalContext:
    """What every Capital chart builder reads: the slider values (defaults filled in), the assumption
    table and its base year, the page's language and the data date. Inputs two charts share (the
    GPU-hour cost and the market prices) are computed once, on first use."""

    def __init__(self, q: Query, values: dict, as_of: str):
        self.q, self.as_of = q, as_of
        self.lang = i18n.normalise(values.get("lang"))
        self.v = {p.key: values.get(p.key, p.default) for p in params(q)}
        self.table = assumptions(q)
        self.start = _base_year(self.table)
        self.life = int(self.v["server_life_years"])
        self.fab_life = int(self.v["fab_life_years"])
        self.cadence = f"{self.v['cadence_months']:.0f}"

    def c(self, key: str, **kw) -> str:
        return i18n.t(f"capital.chart.{key}", self.lang, **kw)

    def f(self, key: str, **kw) -> str:
        return i18n.t(f"capital.fab.{key}", self.lang, **kw)

    def inputs(self, keys: dict[str, str]) -> tuple[str, str]:
        """(the inputs' provenance, their confidence) for a caption's source line."""
        return _in(self.table, keys, self.lang)

    def model_on(self, src: str) -> str:
        return i18n.t("capital.model_on", self.lang, inputs=src)

    @cached_property
    def gpu_inputs(self) -> tuple[str, str]:
        return self.inputs({"gpu_capex_usd": "gpu_capex_usd", "server_life_years": "server_life",
                            "cost_of_capital_pct": "cost_of_capital_pct",
                            "gpu_opex_usd_per_hour": "gpu_opex_usd_per_hour", "gpu_utilisation": "gpu_utilisation",
                            "direct_sale_markup": "direct_sale_markup"})

    @cached_property
    def cost(self) -> fin.GpuHourCost:
        v = self.v
        return fin.gpu_hour_cost(v["gpu_capex_usd"], self.life, v["cost_of_capital_pct"], v["gpu_opex"],
                                 v["utilisation_pct"] / 100, v["margin_pct"] / 100)

    @cached_property
    def prices(self) -> pd.DataFrame:
        return self.q("capital_gpu_prices")

    @property
    def gpu_scenario(self) -> str:
        v, lang = self.v, self.lang
        return self.c("c3_scenario", capex=i18n.usd(v["gpu_capex_usd"], lang, 0), life=self.life,
                      rate=f"{v['cost_of_capital_pct']:.1f}", opex=i18n.usd(v["gpu_opex"], lang),
                      util=f"{v['utilisation_pct']:.0f}", markup=f"{v['margin_pct']:.0f}")


def fab_support(x: CapitalContext) -> Chart:
    """Where guarantees land: CHIPS Act awards by stage and the DOE LPO precedents."""
    q, f, lang, as_of = x.q, x.f, x.lang, x.as_of
    support = q("capital_fab_support")
    chips = support[support["program"] == "CHIPS Act"]
    final_grants = chips[(chips["instrument"] == "grant") & (chips["stage"] == "final")]
    guarantees = chips[chips["instrument"] == "loan_guarantee"]
    capf = Caption(
        title=(f("c0_title", total=i18n.usd_bn(float(final_grants["amount_usd_bn"].sum()), lang),
                 n=final_grants["company"].nunique())
               + (f("c0_title_none") if guarantees.empty else f("c0_title_some", n=len(guarantees)))),
        subtitle=f("c0_subtitle"),
        source=sources_label(primary_first(support), lang=lang) if len(support) else f("empty"),
        as_of=as_of,
    )
    figf = charts.fab_support_chart(support, capf, lang=lang)
    return Chart("capital-fab-support", figf, support)


def fab_guarantee_savings(x: CapitalContext) -> Chart:
    """The fab case: a lower spread on a fab's debt over its life."""
    v, f, lang, as_of, start, fab_life = x.v, x.f, x.lang, x.as_of, x.start, x.fab_life
    srcf, conff = x.inputs({"fab_capex_usd_bn": "fab_capex_usd_bn", "fab_build_years": "fab_build_years",
                            "fab_life_years": "fab_life_years", "debt_share": "debt_share",
                            "spread_cut_bps": "spread_cut_bps", "base_rate_pct": "base_rate_pct"})
    fab_build = min(int(v["fab_build_years"]), fab_life - 1)
    fab = fin.fab_spread_savings(v["fab_capex_usd_bn"], fab_build, fab_life, v["debt_pct"] / 100,
                                 v["spread_cut_bps"], v["base_rate_pct"], start_year=start)
    cap_fab = Caption(
        title=f("c1f_title", capex=_bn(v["fab_capex_usd_bn"], lang), bps=f"{v['spread_cut_bps']:.0f}",
                saved=i18n.usd_bn(float(fab["cumulative_usd_bn"].iloc[-1]), lang), life=fab_life),
        subtitle=f("c1f_subtitle"),
        source=i18n.t("capital.model_on_cap", lang, inputs=srcf),
        as_of=as_of,
        scenario=f("c1f_scenario", capex=_bn(v["fab_capex_usd_bn"], lang), build=fab_build, life=fab_life,
                   debt=f"{v['debt_pct']:.0f}", bps=f"{v['spread_cut_bps']:.0f}", rate=f"{v['base_rate_pct']:.2f}"),
    )
    fig_fab = charts.fab_savings_chart(fab, cap_fab, (i18n.t("capital.model_on", lang, inputs=srcf), conff), lang=lang)
    return Chart("capital-fab-guarantee-savings", fig_fab, fab)


def guarantee_savings(x: CapitalContext) -> Chart:
    """The data-centre case (the one OpenAI said it does not seek)."""
    v, c, lang, as_of, start = x.v, x.c, x.lang, x.as_of, x.start
    src1, conf1 = x.inputs({k: k for k in ("buildout_usd_bn", "buildout_years", "debt_share", "spread_cut_bps",
                                           "base_rate_pct")})
    model1 = x.model_on(src1)
    sched = fin.spread_savings(v["buildout_usd_bn"], int(v["buildout_years"]), v["debt_pct"] / 100,
                               v["spread_cut_bps"], v["base_rate_pct"], start_year=start)
    total = sched["cumulative_usd_bn"].iloc[-1]
    end = start + int(v["buildout_years"]) - 1
    cap1 = Caption(
        title=c("c1_title", bps=f"{v['spread_cut_bps']:.0f}", saved=_bn(total, lang), end=end),
        subtitle=c("c1_subtitle"),
        source=i18n.t("capital.model_on_cap", lang, inputs=src1),
        as_of=as_of,
        scenario=c("c1_scenario", buildout=_bn(v["buildout_usd_bn"], lang), years=f"{v['buildout_years']:.0f}",
                   start=start, end=end, debt=f"{v['debt_pct']:.0f}", bps=f"{v['spread_cut_bps']:.0f}",
                   rate=f"{v['base_rate_pct']:.2f}"),
    )
    fig1 = charts.savings_chart(sched, cap1, (model1, conf1), lang=lang)
    return Chart("capital-guarantee-savings", fig1, sched)


def asset_lives_chart(x: CapitalContext) -> Chart:
    """Asset lives: fab life vs server accounting life vs accelerator cadence."""
    v, f, lang, as_of, table = x.v, x.f, x.lang, x.as_of, x.table
    life, fab_life, cadence = x.life, x.fab_life, x.cadence
    srcl, _ = x.inputs({"fab_life_years": "fab_life_years", "server_life_years": "server_life_years",
                        "accelerator_cadence_months": "accelerator_cadence_months", "buildout_years": "buildout_years"})
    lives = asset_lives(table, v, lang)
    gens = v["fab_life_years"] * 12 / v["cadence_months"]
    cap_l = Caption(
        title=f("cl_title", fab=fab_life, servers=f"{v['fab_life_years'] / max(life, 1):.1f}", gens=f"{gens:.0f}"),
        subtitle=f("cl_subtitle"),
        source=f("cl_source", inputs=srcl),
        as_of=as_of,
        scenario=f("cl_scenario", fab=fab_life, life=life, cadence=cadence, years=f"{v['buildout_years']:.0f}"),
    )
    fig_l = charts.asset_life_chart(lives, cap_l, commitments_years=float(v["buildout_years"]), lang=lang)
    return Chart("capital-asset-lives", fig_l, lives)


def depreciation_gap(x: CapitalContext) -> Chart:
    """Depreciation against the accelerator cadence."""
    v, c, lang, as_of, life, cadence = x.v, x.c, x.lang, x.as_of, x.life, x.cadence
    src2, conf2 = x.inputs({k: k for k in ("server_life_years", "accelerator_cadence_months",
                                           "value_drop_per_generation")})
    model2 = x.model_on(src2)
    drop = v["gen_drop_pct"] / 100
    horizon = max(life, 1)
    monthly = fin.depreciation_gap(100.0, life, v["cadence_months"], drop, horizon, steps_per_year=12)
    yearly = fin.depreciation_gap(100.0, life, v["cadence_months"], drop, horizon)
    peak = yearly.loc[yearly["gap"].idxmax()]
    cadence = f"{v['cadence_months']:.0f}"
    if peak["gap"] > 0:
        title2 = c("c2_title_gap", gap=f"{peak['gap']:.0f}", year=f"{peak['t_years']:.0f}", life=life,
                   cadence=cadence)
    else:
        title2 = c("c2_title_none", life=life, drop=f"{v['gen_drop_pct']:.0f}", cadence=cadence)
    cap2 = Caption(
        title=title2,
        subtitle=c("c2_subtitle"),
        source=i18n.t("capital.model_on_cap", lang, inputs=src2),
        as_of=as_of,
        scenario=c("c2_scenario", life=life, cadence=cadence, drop=f"{v['gen_drop_pct']:.0f}"),
    )
    fig2 = charts.depreciation_chart(monthly, yearly, cap2, (model2, conf2), lang=lang)
    # The fleet costs 100, so its values are per cent of cost; gap_share is gap_pct_of_cost / 100.
    rows = yearly.drop(columns="gap_share").rename(
        columns={"book": "book_value_pct_of_cost", "economic": "economic_value_pct_of_cost", "gap": "gap_pct_of_cost"})
    return Chart("capital-depreciation-gap", fig2, rows)


def gpu_hour_vs_market(x: CapitalContext) -> Chart:
    """The GPU-hour cost against market prices."""
    c, lang, as_of, cost, prices = x.c, x.lang, x.as_of, x.cost, x.prices
    src3, conf3 = x.gpu_inputs
    model3, scenario3 = x.model_on(src3), x.gpu_scenario
    verdict, _ = tier_verdict(prices, cost.direct_price, lang)
    missing = prices[prices["price_low_usd"].isna() & prices["price_high_usd"].isna()]
    not_drawn = "".join(c("c3_not_drawn", what=f"{i18n.period(r['as_of'], lang)} {r['gpu']} "
                                              f"{charts.tier_label(r['provider_tier'], lang, inline=True)}")
                        for _, r in missing.iterrows())
    cap3 = Caption(
        title=c("c3_title", cost=i18n.usd(cost.cost_per_billed_hour, lang), price=i18n.usd(cost.direct_price, lang)),
        subtitle=c("c3_subtitle") + "<br>" + c("c3_verdict", verdict=verdict) + not_drawn,
        source=(i18n.t("capital.prices_and_cost", lang, prices=sources_label(prices, lang=lang), inputs=src3)
                if len(prices) else i18n.t("capital.cost_only", lang, inputs=src3)),
        as_of=as_of,
        scenario=scenario3,
    )
    fig3 = charts.gpu_price_chart(prices, cost.cost_per_billed_hour, cost.direct_price, cap3, (model3, conf3),
                                  lang=lang)
    fig3.update_layout(margin=dict(t=fig3.layout.margin.t + 18))
    price_data = prices.assign(implied_cost_usd=cost.cost_per_billed_hour, direct_price_usd=cost.direct_price)
    return Chart("capital-gpu-hour-vs-market", fig3, price_data)


def gpu_hour_cost_stack(x: CapitalContext) -> Chart:
    """What a GPU-hour's price is made of: capital, running cost, idle time and markup."""
    c, lang, as_of, cost = x.c, x.lang, x.as_of, x.cost
    src3, conf3 = x.gpu_inputs
    model3, scenario3 = x.model_on(src3), x.gpu_scenario
    parts = pd.DataFrame([
        (c("part_capital"), cost.capital_per_hour),
        (c("part_opex"), cost.opex_per_hour),
        (c("part_idle"), cost.idle_per_billed_hour),
        (c("part_markup"), cost.direct_price - cost.cost_per_billed_hour),
    ], columns=["part", "usd_per_hour"]).assign(source=model3, confidence=conf3)
    cap4 = Caption(
        title=c("c4_title", price=i18n.usd(cost.direct_price, lang)),
        subtitle=c("c4_subtitle"),
        source=i18n.t("capital.model_on_cap", lang, inputs=src3),
        as_of=as_of,
        scenario=scenario3,
    )
    fig4 = charts.cost_stack_chart(parts, cap4, lang=lang)
    return Chart("capital-gpu-hour-cost-stack", fig4, parts)


# Chart name -> builder, in the page's order: the one view contract's chart map.
CHARTS: dict[str, Callable[[CapitalContext], Chart]] = {
    "capital-fab-support": fab_support,
    "capital-fab-guarantee-savings": fab_guarantee_savings,
    "capital-guarantee-savings": guarantee_savings,
    "capital-asset-lives": asset_lives_chart,
    "capital-depreciation-gap": depreciation_gap,
    "capital-gpu-hour-vs-market": gpu_hour_vs_market,
    "capital-gpu-hour-cost-stack": gpu_hour_cost_stack,
}


def charts_for(q: Query, values: dict, as_of: str, *, only: str | None = None) -> list[Chart]:
    """Every chart on the page in order (or only the one named `only`)."""
    x = CapitalContext(q, values, as_of)
    return [build(x) for name, build in CHARTS.items() if only is None or only == name]


# Which charts belong under which section heading on the page.
SECTION_CHARTS = {
    "fabs": ("capital-fab-support",),
    "guarantee": ("capital-fab-guarantee-savings", "capital-guarantee-savings"),
    "depreciation": ("capital-asset-lives", "capital-depreciation-gap"),
    "gpu_hour": ("capital-gpu-hour-vs-market", "capital-gpu-hour-cost-stack"),
}


def fab_projects(q: Query) -> pd.DataFrame:
    """The fabs CHIPS money is tied to, for the table under the chart."""
    return q("capital_fab_projects")


def fab_table(q: Query, lang: str = i18n.DEFAULT) -> pd.DataFrame:
    """The fab projects as the page lists them: the investment written as the page's charts write money
    ('$165B' / '1,650億美元'); an investment or a start year not made public reads "not disclosed"
    (Streamlit would print "None")."""
    out = fab_projects(q).copy()
    gap = i18n.t("capital.fab.not_disclosed", lang)
    out["capex_usd_bn"] = [gap if pd.isna(v) else i18n.money(float(v), lang) for v in out["capex_usd_bn"]]
    out["expected_start"] = [gap if pd.isna(v) else f"{v:g}" for v in out["expected_start"]]
    return out


def open_question_text(q: Query, lang: str = i18n.DEFAULT, looked: str = "2026-11-30") -> str:
    """The article's first thing to watch, answered from the data (and the date we looked)."""
    oq = open_question(q)
    f = lambda key, **kw: i18n.t(f"capital.fab.{key}", lang, **kw)  # noqa: E731
    loans = (f("loans", items=i18n.join((f("loan_item", company=c, amount=i18n.usd_bn(a, lang),
                                          stage=i18n.t_or(f"capital.fab.stage_{s}", lang, s))
                                        for c, a, s in oq["loans"]), lang)) if oq["loans"] else "")
    converted = "".join(f("converted", company=c, amount=i18n.usd_bn(a, lang), date=i18n.period(d, lang))
                        for c, a, d in oq["converted"])
    day = i18n.as_of(looked, lang)
    return f("open_question", looked=day, guarantees=oq["guarantees"], loans=loans, converted=converted)
