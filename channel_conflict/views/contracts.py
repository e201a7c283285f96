"""Contracts page: OpenAI's compute deals (timeline, totals, spend per year), each partner's
exposure to OpenAI, and the partner-role matrix as of a date.

Counting rule (the same as the overlap model's K): a deal counts when counts_in_total is true
and its value is disclosed; its value is spread evenly over start_year..end_year inclusive; a
deal with an undisclosed period takes the `undisclosed_term_*` assumption. Deals that do not
count (a JV umbrella target, an investment into OpenAI, a superseded figure) are listed with
the reason; counted deals with no disclosed value are shown as "undisclosed", never as zero.
"""
from __future__ import annotations

from dataclasses import replace

import pandas as pd

from .. import i18n, text
from ..charts import contracts as charts
from ..charts import roles as role_charts
from ..charts import timeline as tl_charts
from ..model.contracts import deal_years, payment_profiles
from ..params import Param
from . import Chart, Query, build

AS_OF = Param("as_of", i18n.t("param.contracts.as_of.label"), "choice", default="latest", widget="slider",
              help=i18n.t("param.contracts.as_of.help"))


def params(q: Query, lang: str = i18n.DEFAULT) -> list[Param]:
    """The date slider: ISO values, shown as the page's language writes a date (i18n.as_of, as the
    chart titles and footers); a link's date in any language's form is understood."""
    dates = [pd.Timestamp(d).strftime("%Y-%m-%d") for d in q("contracts_role_dates")["as_of"]]
    p = AS_OF.with_options(dates, default=dates[-1] if dates else "latest")
    return [replace(p, labels={d: i18n.as_of(d, lang) for d in dates},
                    aliases={i18n.as_of(d, other): d for other in i18n.LANGS for d in dates})]


def term(q: Query) -> tuple[int, int]:
    t = q("contracts_term_assumption").set_index("name")["value"]
    return int(t.get("undisclosed_term_start_year", 2026)), int(t.get("undisclosed_term_end_year", 2032))




def is_counted(deals: pd.DataFrame) -> pd.Series:
    return deals["counts_in_total"].fillna(True).astype(bool)


def exclusion_reason(row, deals: pd.DataFrame | None = None, lang: str = i18n.DEFAULT) -> str:
    """Why a deal is left out, in `lang`; a superseding deal is named as a reader knows it (its seller and
    month, from `deals`), never by its id. A reason the data's notes give is the data's own text."""
    if isinstance(row.superseded_by, str):  # before the notes, which may name the later deal by its id
        later = deals[deals["contract_id"] == row.superseded_by] if deals is not None else deals
        if later is None or later.empty:
            return i18n.t("contracts.reason.superseded_later", lang)
        r = later.iloc[0]
        return i18n.t("contracts.reason.superseded", lang, seller=r["seller"],
                      month=i18n.date(pd.Timestamp(r["announced"]).date(), lang, "month"))
    kind = row.value_kind if row.value_kind in ("investment_into_openai", "jv_target") else "flagged"
    notes = str(row.notes or "") if not pd.isna(row.notes) else ""
    if "excluded from totals:" in notes:  # the data's English words on an English page, else the catalogue's
        return i18n.data_or(f"contracts.reason.{kind}", lang,
                            notes.split("excluded from totals:", 1)[1].strip().rstrip("."))
    return i18n.t(f"contracts.reason.{kind}", lang)


def excluded(deals: pd.DataFrame, lang: str = i18n.DEFAULT) -> pd.DataFrame:
    out = deals[~is_counted(deals)].copy()
    out["reason"] = [exclusion_reason(r, deals, lang) for r in out.itertuples(index=False)]
    return out


def reported_note(row, lang: str = i18n.DEFAULT) -> str:
    """A reported total's note (the data's English, 'over about eight years') in the page's language:
    the catalogue's words for that metric and period, else the data's own text."""
    key = f"contracts.reported_note.{row.metric}_{str(row.period).replace('-', '_')}"
    return i18n.data_or(key, lang, "" if pd.isna(row.notes) else str(row.notes))


def left_out_lines(excluded_deals: pd.DataFrame, lang: str = i18n.DEFAULT) -> list[str]:
    """The page's list of deals left out, one Markdown item each: seller (value): reason, in the page's
    words and punctuation ('**Nvidia** ($100B): …' / '**Nvidia**（1,000億美元）：…'), never a contract id."""
    return [i18n.t("contracts.left_out_item", lang, item=i18n.labelled(
                i18n.paren(f"**{text.md(r.seller)}**", charts.money_in(r.value_usd_bn, lang), lang),
                text.md(r.reason), lang))
            for r in excluded_deals.itertuples()]


def undisclosed(deals: pd.DataFrame) -> pd.DataFrame:
    return deals[is_counted(deals) & deals["value_usd_bn"].isna()]


def totals_by_partner(deals: pd.DataFrame) -> pd.DataFrame:
    """Per seller: counted disclosed value (NaN when none is disclosed) and the deals behind it."""
    counted = deals[is_counted(deals)]
    if "source_kind" in counted.columns:  # primary sources first, so the footer names them
        counted = counted.sort_values("source_kind", key=lambda k: k.ne("primary"), kind="stable")
    rows = []
    for sid, g in counted.groupby("seller_id", sort=False):
        disclosed = g["value_usd_bn"].dropna()
        rows.append(dict(seller_id=sid, seller=g["seller"].iloc[0], color=g["color"].iloc[0],
                         sort_order=g["sort_order"].iloc[0],
                         usd_bn=float(disclosed.sum()) if len(disclosed) else float("nan"),
                         deals=len(g), undisclosed_deals=int(g["value_usd_bn"].isna().sum()),
                         capacity_gw=float(g["capacity_gw"].sum()) if g["capacity_gw"].notna().any() else float("nan"),
                         contracts=", ".join(g["contract_id"]),
                         announced="; ".join(f"{pd.Timestamp(a):%Y-%m-%d}" for a in g["announced"] if pd.notna(a)),
                         publisher="; ".join(dict.fromkeys(g["publisher"])),
                         source_kind=("primary" if "source_kind" in g and (g["source_kind"] == "primary").any()
                                      else "secondary"),
                         confidence=", ".join(sorted(set(g["confidence"])))))
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    return out.sort_values(["usd_bn", "sort_order"], ascending=[False, True], na_position="last").reset_index(drop=True)


def per_year(deals: pd.DataFrame, term_years: tuple[int, int], profiles: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per counted, valued deal and active year: its value paid by the model's payment profile
    (channel_conflict.model.contracts, the sourced defaults), with the columns the chart labels need."""
    slopes, default = payment_profiles(profiles) if profiles is not None else ({}, 0.0)
    spread = deal_years(deals, *term_years, slopes=slopes, default_slope=default).rename(
        columns={"years_assumed": "assumed"})
    extra = ["source_kind"] if "source_kind" in deals.columns else []
    info = deals[["contract_id", "seller", "announced", "color", "sort_order", "publisher", "confidence", *extra]]
    return spread.merge(info, on="contract_id", how="left")[
        ["contract_id", "seller_id", "seller", "announced", "color", "sort_order", "year", "usd_bn", "assumed",
         "start_year", "end_year", "publisher", "confidence", *extra]]


def headline(q: Query, lang: str = i18n.DEFAULT) -> dict:
    """The numbers the overview and this page lead with."""
    deals = q("contracts_deals")
    counted = deals[is_counted(deals)]
    fin = q("overview_financials")
    reported = fin[fin["metric"] == "compute_commitments"]
    return dict(
        counted_usd_bn=float(counted["value_usd_bn"].sum()),
        counted_deals=int(counted["value_usd_bn"].notna().sum()),
        undisclosed_deals=len(undisclosed(deals)),
        undisclosed_sellers=list(dict.fromkeys(undisclosed(deals)["seller"])),
        excluded=excluded(deals, lang),
        partners=int(deals.loc[deals["deal_type"] != "datacenter_jv", "seller_id"].nunique()),
        reported=(top := reported.sort_values("value").iloc[-1] if len(reported) else None),  # the $1.4T headline
        reported_note=reported_note(top, lang) if top is not None else "",
        reported_all=reported,
        sources=deals,
    )


def role_date(values: dict, q: Query) -> str:
    chosen = values.get("as_of")
    if chosen and chosen != "latest":
        return chosen
    dates = q("contracts_role_dates")["as_of"]
    return pd.Timestamp(dates.max()).strftime("%Y-%m-%d") if len(dates) else "2100-01-01"


def role_matrix(q: Query, values: dict, as_of: str, compact: bool = False) -> Chart:
    date = role_date(values, q)
    roles = q("contracts_roles", as_of=date)
    partners = q("contracts_role_partners")
    fig = role_charts.role_matrix(roles, partners, date, as_of, compact=compact,
                                  lang=i18n.normalise(values.get("lang")))
    return Chart(f"partner-roles-{date}", fig, roles)


def _mark(fig, deals: pd.DataFrame, q: Query, lang: str, **kw):
    """The deals and Altman's remark where they happened (bars of spend are centred on the year)."""
    if len(deals):
        tl_charts.mark_events(fig, q("timeline_events", start="2024-01-01"), "year", lang, **kw)
    return fig


def deals_timeline(q: Query, values: dict, as_of: str) -> Chart:
    lang, deals = i18n.normalise(values.get("lang")), q("contracts_deals")
    gantt = charts.deals_gantt(deals, term(q), as_of, lang=lang)
    return Chart("openai-compute-deals-timeline", _mark(gantt, deals, q, lang), deals)


def commitments_by_partner(q: Query, values: dict, as_of: str) -> Chart:
    lang, deals = i18n.normalise(values.get("lang")), q("contracts_deals")
    totals = totals_by_partner(deals)
    return Chart("openai-commitments-by-partner",
                 charts.partner_totals(totals, excluded(deals, lang), undisclosed(deals), as_of, lang=lang), totals)


def commitments_per_year(q: Query, values: dict, as_of: str) -> Chart:
    lang, deals, years = i18n.normalise(values.get("lang")), q("contracts_deals"), term(q)
    spend = per_year(deals, years, q("contracts_payment_profiles"))
    fig = charts.annual_commitments(spend, undisclosed(deals), years, as_of, lang=lang)
    fig = charts.labels_off_lines(_mark(fig, deals, q, lang, year_offset=-0.5))
    return Chart("openai-commitments-per-year", fig, spend)


def partner_exposure(q: Query, values: dict, as_of: str) -> Chart:
    lang = i18n.normalise(values.get("lang"))
    exp_rows = charts.exposure_rows(q("contracts_exposure"), q("contracts_deals"), lang)
    return Chart("partner-exposure-to-openai", charts.exposure_bars(exp_rows, as_of, lang=lang), exp_rows)


# Chart name -> builder, in page order (the role matrix's file name carries its date).
CHARTS = {"partner-roles": role_matrix, "openai-compute-deals-timeline": deals_timeline,
          "openai-commitments-by-partner": commitments_by_partner,
          "openai-commitments-per-year": commitments_per_year, "partner-exposure-to-openai": partner_exposure}


def charts_for(q: Query, values: dict, as_of: str, *, only: str | None = None) -> list[Chart]:
    return build(CHARTS, q, values, as_of, only)
