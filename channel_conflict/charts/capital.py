"""Capital page charts: guarantee savings, book vs economic value, GPU-hour cost vs market prices.

Each function takes the numbers already computed (channel_conflict.capital) plus the caption
text, and returns a finished house-style figure. No data access here.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .. import i18n
from .base import (
    NEUTRAL_SEQUENCE,
    Caption,
    empty_figure,
    finish,
    hover_cells,
    hover_lines,
    money_axis,
    money_cells,
    source_lines,
    wrap_footer,
)

BLUE, ORANGE, GREEN, RED, PURPLE, GREY, TEAL = NEUTRAL_SEQUENCE

INK_LINE = "#1F2328"
TIER_COLORS = {"hyperscaler": BLUE, "specialty": ORANGE, "long_tail": GREEN, "market": GREY, "market_index": PURPLE}


def tier_label(tier: str, lang: str = i18n.DEFAULT, inline: bool = False) -> str:
    """A tier's name as a legend shows it, or (`inline`) as a sentence says it."""
    return i18n.t_or(f"capital.tier{'_inline' if inline else ''}.{tier}", lang, tier.replace("_", " "))


def _c(key: str, lang: str) -> str:
    return i18n.t(f"capital.chart.{key}", lang)


def _src_conf(lang: str) -> str:
    return source_lines(lang, 0, None, 1) + "<extra></extra>"


def _hover(unit: str, lang: str = i18n.DEFAULT) -> str:
    return "<b>%{fullData.name}</b> %{x}: %{y:,.2f} " + unit + _src_conf(lang)


def _money_hover(lang: str, note: str = "") -> str:
    """A hover whose amount is written as the axis ticks are (i18n.money: '$1.25B' / '12億美元'),
    from customdata[2] (_money_data)."""
    return f"<b>%{{fullData.name}}</b> %{{x}}{i18n.colon(lang)}%{{customdata[2]}}" + note + _src_conf(lang)


def _hover_provenance(provenance: tuple[str, str]) -> list[str]:
    """(where the inputs come from, confidence) with the first on lines a hover box can hold."""
    where, confidence = provenance
    return [hover_lines(where), confidence]


def _money_data(provenance: tuple[str, str], values, lang: str) -> list:
    cells = _hover_provenance(provenance)  # wrapped once, not once per bar
    return [[*cells, amount] for amount in money_cells(values, lang, 2)]


def _cumulative_lines(fig: go.Figure, years, schedule: pd.DataFrame, provenance: tuple[str, str],
                      lang: str) -> None:
    """The cumulative saving and its present value over a savings schedule's bars, on a US$ bn axis."""
    fig.add_trace(go.Scatter(x=years, y=schedule["cumulative_usd_bn"], name=_c("cumulative", lang),
                             mode="lines+markers", line=dict(color=ORANGE, width=2.5),
                             customdata=_money_data(provenance, schedule["cumulative_usd_bn"], lang),
                             hovertemplate=_money_hover(lang)))
    fig.add_trace(go.Scatter(x=years, y=schedule["cumulative_pv_usd_bn"], name=_c("cumulative_pv", lang),
                             mode="lines", line=dict(color=ORANGE, width=2, dash="dot"),
                             customdata=_money_data(provenance, schedule["cumulative_pv_usd_bn"], lang),
                             hovertemplate=_money_hover(lang, _c("pv_note", lang))))
    top = float(max(schedule["cumulative_usd_bn"].max(), schedule["saved_usd_bn"].max(), 0)) * 1.05
    money_axis(fig, "y", top, lang, title_text=_c("y_bn", lang))


def _year_axis(fig: go.Figure, years: pd.Series, title: str) -> None:
    """Years as numbers, at most about a dozen ticks, written level: a fab's 30-odd years as categories
    came out one tick a year, turned on end."""
    span = int(years.max() - years.min()) + 1 if len(years) else 1
    step = next(s for s in (1, 2, 5, 10, 20) if span / s <= 12)
    fig.update_xaxes(type="linear", tickmode="linear", tick0=int(years.min()) if len(years) else 0, dtick=step,
                     tickformat="d", tickangle=0, title_text=title)
    # The same series in the same order on both savings charts: bars first, then the cumulative lines
    # (a stacked bar chart lists its legend bottom-up unless told otherwise).
    fig.update_layout(legend_traceorder="normal")


def savings_chart(schedule: pd.DataFrame, caption: Caption, provenance: tuple[str, str],
                  lang: str = i18n.DEFAULT) -> go.Figure:
    """Interest saved each year (bars) and cumulatively (lines, nominal and present value)."""
    if schedule.empty:
        return empty_figure(caption, i18n.t("capital.empty_years", lang), lang=lang)
    years = schedule["year"].astype(int)
    fig = go.Figure()
    fig.add_trace(go.Bar(x=years, y=schedule["saved_usd_bn"], name=_c("saved_year", lang), marker_color=BLUE,
                         customdata=_money_data(provenance, schedule["saved_usd_bn"], lang),
                         hovertemplate=_money_hover(lang)))
    _cumulative_lines(fig, years, schedule, provenance, lang)
    _year_axis(fig, years, _c("x_year", lang))
    return finish(fig, caption, lang=lang)


def depreciation_chart(monthly: pd.DataFrame, yearly: pd.DataFrame, caption: Caption,
                       provenance: tuple[str, str], lang: str = i18n.DEFAULT) -> go.Figure:
    """Book value (straight line) vs economic value (steps at each generation), % of cost; gap bars by year."""
    if monthly.empty:
        return empty_figure(caption, i18n.t("capital.empty_depr", lang), lang=lang)
    cost = monthly["book"].iloc[0] or 1.0
    cd_m = [_hover_provenance(provenance)] * len(monthly)
    gap_years = yearly[yearly["t_years"] > 0]
    fig = go.Figure()
    fig.add_trace(go.Bar(x=gap_years["t_years"], y=100 * gap_years["gap"] / cost, name=_c("writedown", lang),
                         marker_color=RED, opacity=0.75, width=0.45,
                         customdata=[_hover_provenance(provenance)] * len(gap_years),
                         hovertemplate=_hover(_c("unit_pct_end", lang), lang)))
    fig.add_trace(go.Scatter(x=monthly["t_years"], y=100 * monthly["book"] / cost, name=_c("book", lang),
                             mode="lines", line=dict(color=BLUE, width=2.5), customdata=cd_m,
                             hovertemplate=_hover(_c("unit_pct", lang), lang)))
    fig.add_trace(go.Scatter(x=monthly["t_years"], y=100 * monthly["economic"] / cost,
                             name=_c("economic", lang), mode="lines",
                             line=dict(color=ORANGE, width=2.5, shape="hv"), customdata=cd_m,
                             hovertemplate=_hover(_c("unit_pct", lang), lang)))
    fig.update_yaxes(title_text=_c("y_pct", lang), range=[0, 105], ticksuffix="%")
    fig.update_xaxes(title_text=_c("x_years", lang), dtick=1, rangemode="tozero")
    return finish(fig, caption, lang=lang)


PRICE_CUSTOM = ["publisher", "published", "confidence", "pricing", "notes", "price_low_usd", "price_high_usd"]


def _custom(frame: pd.DataFrame, lang: str) -> list:
    """A price row's hover fields in the page's language (charts.base.hover_cells; the pricing kind in
    words, not its code), then its low and high price as numbers for the template's own format."""
    named = frame.assign(pricing=[i18n.t_or(f"capital.chart.pricing.{k}", lang, str(k)) if isinstance(k, str) else ""
                                  for k in frame["pricing"]])
    text = hover_cells(named, PRICE_CUSTOM[:5], lang)
    return [[*cells, lo, hi] for cells, lo, hi in zip(text, frame["price_low_usd"], frame["price_high_usd"],
                                                       strict=True)]


def price_label(row, lang: str = i18n.DEFAULT) -> str:
    return f"{i18n.period(row['as_of'], lang)} · {row['gpu']} · {tier_label(row['provider_tier'], lang)}"


def gpu_price_chart(prices: pd.DataFrame, cost: float, direct_price: float, caption: Caption,
                    cost_provenance: tuple[str, str], lang: str = i18n.DEFAULT) -> go.Figure:
    """Market price ranges (bars from low to high, a diamond for single figures) with the implied
    cost and direct-sale price as vertical lines. Rows without a price level are not drawn."""
    priced = prices.dropna(subset=["price_low_usd", "price_high_usd"], how="all").copy()
    if priced.empty:
        return empty_figure(caption, i18n.t("capital.empty_prices", lang), lang=lang)
    priced["price_low_usd"] = priced["price_low_usd"].fillna(priced["price_high_usd"])
    priced["price_high_usd"] = priced["price_high_usd"].fillna(priced["price_low_usd"])
    priced["label"] = priced.apply(price_label, axis=1, lang=lang)
    order = priced["label"].tolist()[::-1]  # oldest at the bottom, newest on top
    fig = go.Figure()
    for tier, rows in priced.groupby("provider_tier", sort=False):
        color = TIER_COLORS.get(tier, GREY)
        name = tier_label(tier, lang)
        hover = ("<b>%{y}</b><br>" + _c("hover_range", lang) + source_lines(lang, 0, 1, 2)
                 + "<br>%{customdata[4]}<extra></extra>")
        rows = rows.assign(ranged=rows["price_low_usd"] != rows["price_high_usd"])
        r = rows[rows["ranged"]]
        if len(r):
            fig.add_trace(go.Bar(
                y=r["label"], x=r["price_high_usd"] - r["price_low_usd"], base=r["price_low_usd"], orientation="h",
                name=name, legendgroup=tier, marker_color=color, width=0.55,
                customdata=_custom(r, lang), hovertemplate=hover,
            ))
        p = rows[~rows["ranged"]]
        if len(p):
            fig.add_trace(go.Scatter(
                y=p["label"], x=p["price_low_usd"], mode="markers", name=name, legendgroup=tier,
                showlegend=not len(r), marker=dict(symbol="diamond", size=13, color=color),
                customdata=_custom(p, lang), hovertemplate=hover,
            ))
    cost_hover = "<b>%{fullData.name}</b>: " + _c("hover_cost", lang) + _src_conf(lang)
    for x, name, dash, color in ((cost, _c("implied_cost", lang), "solid", INK_LINE),
                                 (direct_price, _c("direct_price", lang), "dash", RED)):
        fig.add_trace(go.Scatter(x=[x, x], y=[order[0], order[-1]], mode="lines",
                                 name=f"{name}{i18n.colon(lang)}{i18n.usd(x, lang)}",
                                 line=dict(color=color, width=2.5, dash=dash),
                                 customdata=[_hover_provenance(cost_provenance)] * 2, hovertemplate=cost_hover))
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=order, title_text="", showgrid=False)
    fig.update_xaxes(title_text=_c("x_usd_hour", lang), rangemode="tozero", tickprefix=i18n.usd_prefix(lang),
                     showgrid=True, gridcolor="#E6E8EB")
    fig.update_layout(barmode="overlay", bargap=0.35)
    return finish(fig, caption, height=max(480, 260 + 38 * len(order)), lang=lang)


def cost_stack_chart(parts: pd.DataFrame, caption: Caption, lang: str = i18n.DEFAULT) -> go.Figure:
    """What one billed GPU-hour costs, built up: capital, opex, idle hours, markup."""
    if parts.empty:
        return empty_figure(caption, i18n.t("capital.empty_cost", lang), lang=lang)
    colors = [BLUE, TEAL, GREY, RED]
    fig = go.Figure()
    for (_, row), color in zip(parts.iterrows(), colors, strict=False):
        fig.add_trace(go.Bar(
            y=[_c("direct_sale", lang)], x=[row["usd_per_hour"]], name=row["part"], orientation="h",
            marker_color=color, text=[i18n.usd(row["usd_per_hour"], lang)], textposition="inside",
            insidetextanchor="middle", customdata=[[hover_lines(row["source"]), row["confidence"]]],
            hovertemplate="<b>" + row["part"] + "</b>: " + _c("hover_stack", lang) + _src_conf(lang),
        ))
    fig.update_layout(barmode="stack", bargap=0.3, legend_traceorder="normal")
    fig.update_xaxes(title_text=_c("x_usd_billed", lang), tickprefix=i18n.usd_prefix(lang), rangemode="tozero",
                     showgrid=True, gridcolor="#E6E8EB")
    fig.update_yaxes(showticklabels=False)
    return finish(fig, caption, height=330, lang=lang)


# Where guarantees land ------------------------------------------------------------------------

FAB_LABEL_CHARS = 26  # the widest line of a company's name on the awards chart
FAB_LINE_PX = 16  # a 13 px tick label's line

# (instrument, stage) -> legend key under capital.fab.*, colour, bar pattern
FAB_BARS = (
    (("grant", "preliminary"), "k_grant_pre", BLUE, "/"),
    (("grant", "final"), "k_grant_final", BLUE, ""),
    (("loan", "preliminary"), "k_loan_pre", TEAL, "/"),
    (("loan", "final"), "k_loan_final", TEAL, ""),
    (("equity", "converted"), "k_equity", PURPLE, ""),
    (("loan", "repaid"), "k_doe_loan", GREY, ""),
    (("loan_guarantee", "final"), "k_doe_guarantee", ORANGE, ""),
    (("loan_guarantee", "withdrawn"), "k_doe_withdrawn", ORANGE, "x"),
)


def _f(key: str, lang: str, **kw) -> str:
    return i18n.t(f"capital.fab.{key}", lang, **kw)


def fab_support_chart(support: pd.DataFrame, caption: Caption, lang: str = i18n.DEFAULT) -> go.Figure:
    """Public support, US$ bn: one bar per award stage (hatched = preliminary terms), grouped by company,
    CHIPS Act recipients (largest first) above the DOE Loan Programs Office precedents."""
    rows = support.dropna(subset=["amount_usd_bn"]).copy()
    if rows.empty:
        return empty_figure(caption, _f("empty", lang), lang=lang)
    keys = {k: (name, color, pattern) for k, name, color, pattern in FAB_BARS}
    rows["key"] = list(zip(rows["instrument"], rows["stage"], strict=True))
    rows = rows[rows["key"].isin(keys)]
    rows["when"] = pd.to_datetime(rows["announced"]).dt.strftime("%Y-%m-%d")
    rows["month"] = [i18n.period(w[:7], lang) for w in rows["when"]]  # as every chart writes a month
    chips = rows["program"] == "CHIPS Act"
    doe = [i18n.paren(c, _f("doe", lang), lang) for c in rows["company"]]
    # A long name (the DOE precedents) wraps onto lines of its own: on one line it took 339 px of a
    # 640 px phone chart and left the bars 64 px.
    rows["company_label"] = ["<br>".join(wrap_footer(c, FAB_LABEL_CHARS)) for c in rows["company"].where(chips, doe)]
    # Two-line tick labels: long names would push the plot, and the footer anchored at its left edge,
    # off the right of the image.
    rows["label"] = (rows["company_label"] + " · <br>" + [_f(f"inst_{i}", lang) for i in rows["instrument"]] + " · "
                     + rows["month"])
    size = rows[chips].groupby("company")["amount_usd_bn"].max()
    rows["rank"] = rows["company"].map(size.rank(ascending=False)).fillna(len(size) + 1)
    rows = rows.sort_values(["rank", "announced", "support_id"])
    order = list(dict.fromkeys(rows["label"]))
    colon = i18n.colon(lang)
    fig = go.Figure()
    for (instrument, stage), key, color, pattern in FAB_BARS:
        r = rows[(rows["instrument"] == instrument) & (rows["stage"] == stage)]
        if r.empty:
            continue
        amounts = money_cells(r["amount_usd_bn"], lang, 2, trim=False)  # the bar's label and its hover
        fig.add_trace(go.Bar(
            y=r["label"], x=r["amount_usd_bn"], orientation="h", name=_f(key, lang), marker_color=color,
            marker_pattern_shape=pattern, marker_line=dict(color=color, width=1), width=0.7,
            # one precision for every bar ('$11.00B' beside '$8.50B', not '$11B')
            text=amounts, textposition="outside",
            cliponaxis=False,
            customdata=hover_cells(r.assign(amount=amounts), ["when", "publisher", "confidence", "notes", "amount"],
                                   lang),
            hovertemplate=("<b>%{y}</b> · %{fullData.name}" + colon
                           + i18n.paren("%{customdata[4]}", "%{customdata[0]}", lang) + "<br>%{customdata[3]}"
                           + source_lines(lang, 1, None, 2) + "<extra></extra>"),
        ))
    x_end = float(rows["amount_usd_bn"].max()) * 1.25  # room for the value labels
    # The grants turned into a stake: one line above the plot, clear of the bars, their labels and the
    # legend beside them (a note next to the bar ran into the legend in a narrow column).
    for i, (_, r) in enumerate(rows[rows["stage"] == "converted"].iterrows()):
        fig.add_annotation(xref="paper", yref="paper", x=0, y=1, yshift=10 + 16 * i, xanchor="left", yanchor="bottom",
                           showarrow=False, align="left", font=dict(size=11, color=PURPLE),
                           text=_f("conversion_label", lang, company=r["company"], date=r["month"],
                                   amount=i18n.money(float(r["amount_usd_bn"]), lang, 2)))
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=order[::-1], title_text="")
    money_axis(fig, "x", x_end, lang, title_text=_f("x", lang), showgrid=True, gridcolor="#E6E8EB")
    # eight legend keys beside the bars rather than between the subtitle and the plot
    fig.update_layout(barmode="overlay", bargap=0.25,
                      legend=dict(orientation="v", x=1.01, xanchor="left", y=1, yanchor="top"))
    lines = max(label.count("<br>") + 1 for label in order)
    row = max(38, FAB_LINE_PX * lines)  # a row holds its label's lines: a three-line one overprinted its neighbours
    return finish(fig, caption, height=max(520, 240 + row * len(order)), chars=80, lang=lang)


def fab_savings_chart(schedule: pd.DataFrame, caption: Caption, provenance: tuple[str, str],
                      lang: str = i18n.DEFAULT) -> go.Figure:
    """Interest a lower spread saves on a fab's debt each year of its life: build years (debt drawn) in a
    lighter shade than repayment years; cumulative lines as on the data-centre chart."""
    if schedule.empty:
        return empty_figure(caption, i18n.t("capital.empty_years", lang), lang=lang)
    years = schedule["year"].astype(int)
    fig = go.Figure()
    for phase, color, key in (("build", "#A9BCD6", "phase_build"), ("repay", BLUE, "phase_repay")):
        part = schedule["phase"] == phase
        fig.add_trace(go.Bar(x=years[part], y=schedule.loc[part, "saved_usd_bn"], name=_f(key, lang),
                             marker_color=color, customdata=_money_data(provenance, schedule.loc[part, "saved_usd_bn"],
                                                                        lang),
                             hovertemplate=_money_hover(lang)))
    _cumulative_lines(fig, years, schedule, provenance, lang)
    _year_axis(fig, years, _f("x_year", lang))
    fig.update_layout(barmode="stack")
    return finish(fig, caption, lang=lang)


def asset_life_chart(lives: pd.DataFrame, caption: Caption, commitments_years: float | None = None,
                     lang: str = i18n.DEFAULT) -> go.Figure:
    """How long each asset earns its keep, in years (horizontal bars, longest on top), with OpenAI's
    commitment horizon as a reference line. lives: label, years, text, source, confidence, color."""
    if lives.empty:
        return empty_figure(caption, _f("empty", lang), lang=lang)
    fig = go.Figure(go.Bar(
        y=lives["label"], x=lives["years"], orientation="h", marker_color=lives["color"].tolist(),
        text=lives["text"], textposition="outside", cliponaxis=False,
        customdata=lives[["source", "confidence"]].values, showlegend=False,
        hovertemplate="<b>%{y}</b>: %{text}" + _src_conf(lang),  # the bar's own label ('6 years'), not 6.00000
    ))
    if commitments_years:
        fig.add_vline(x=commitments_years, line=dict(color=RED, dash="dash", width=2))
        fig.add_annotation(x=commitments_years, y=1.0, yref="paper", yanchor="bottom", xanchor="left", showarrow=False,
                           text=_f("commitments_line", lang, n=f"{commitments_years:g}"), font=dict(size=11, color=RED))
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=lives["label"].tolist()[::-1], title_text="")
    fig.update_xaxes(title_text=_f("x_years", lang), range=[0, float(lives["years"].max()) * 1.15], showgrid=True,
                     gridcolor="#E6E8EB")
    return finish(fig, caption, height=380, lang=lang)
