"""Contracts page charts: the deals on a timeline, totals by partner, spend per year, exposure.

Undisclosed values are written "undisclosed" and never drawn as zero; deals left out of the
totals are drawn hatched and say why.
"""
from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from .. import i18n
from .base import (
    MUTED,
    Caption,
    empty_figure,
    finish,
    hover_cells,
    hover_lines,
    money_axis,
    source_lines,
    sources_label,
)


def money_in(x, lang: str = i18n.DEFAULT, *, trim: bool = True) -> str:
    """A deal value (US$ bn, maybe missing) as i18n.money writes it, millions allowed: '$500M', '5億美元'.
    trim=False keeps one precision in a row of labels ('$60.0B' beside '$96.5B', not '$60B')."""
    return i18n.money(None if x is None or pd.isna(x) else float(x), lang, small=True, trim=trim)


def deal_name(seller: str, announced, lang: str = i18n.DEFAULT) -> str:
    """A deal as a reader knows it, its seller and announced month: 'Oracle (Sep 2025)' / 'Oracle（2025年9月）'
    (a contract id such as 'oracle-300' means nothing on the page)."""
    if announced is None or pd.isna(announced):
        return seller
    return i18n.paren(seller, i18n.date(pd.Timestamp(announced).date(), lang, "month"), lang)


def _deal_months(totals: pd.DataFrame, lang: str) -> list[str]:
    """Each seller's deals for its hover, by the months they were announced ('Sep 2025, Jan 2026'),
    not their ids (views.contracts.totals_by_partner); the ids where no deal has a date."""
    return [i18n.join([i18n.date(d, lang, "month") for d in str(days).split("; ") if d], lang) or ids
            for days, ids in zip(totals["announced"], totals["contracts"], strict=True)]


def _c(key: str, lang: str, **kw) -> str:
    return i18n.t(f"contracts.{key}", lang, **kw)


def _src(lang: str, *idx: int) -> str:
    """Hover lines from customdata indices (source[, date], confidence)."""
    return source_lines(lang, idx[0], idx[1] if len(idx) == 3 else None, idx[-1]) + "<extra></extra>"


def _gw(x) -> str:
    return "" if x is None or pd.isna(x) else f"{x:g} GW"


def _counted(deals: pd.DataFrame) -> pd.Series:
    return deals["counts_in_total"].fillna(True).astype(bool)


def deals_gantt(deals: pd.DataFrame, term: tuple[int, int], as_of: str, lang: str = i18n.DEFAULT) -> go.Figure:
    """Each deal as a bar over its years, labelled with value and gigawatts."""
    caption = Caption(
        title=_c("gantt_title", lang),
        subtitle=_c("gantt_subtitle", lang, start=term[0], end=term[1]),
        source=sources_label(deals, lang=lang) if len(deals) else _c("table_source", lang),
        as_of=as_of,
    )
    if deals.empty:
        return empty_figure(caption, _c("no_deals", lang), lang=lang)
    d = deals.sort_values(["announced", "contract_id"]).reset_index(drop=True)
    counted = _counted(d)
    start = d["start_year"].astype("Float64")
    end = d["end_year"].astype("Float64")
    assumed_start = start.isna()
    assumed_end = end.isna()
    s = start.fillna(term[0]).astype(float)
    e = end.fillna(term[1]).astype(float)
    e = e.where(e >= s, s)
    month = [i18n.date(x.date(), lang, "month") for x in pd.to_datetime(d["announced"])]
    labels = [f"{r.seller} · {m}" + ("" if c else _c("not_counted_tag", lang))
              for r, m, c in zip(d.itertuples(), month, counted, strict=False)]
    # Two deals can share a seller and month: keep y labels unique.
    seen: dict[str, int] = {}
    for i, lab in enumerate(labels):
        seen[lab] = seen.get(lab, 0) + 1
        if seen[lab] > 1:
            labels[i] = f"{lab} ({seen[lab]})"
    years = [_c("period_undisclosed", lang) if a and b
             else ("?" if a else f"{int(x)}") + "–" + ("?" if b else f"{int(y)}")
             for x, y, a, b in zip(s, e, assumed_start, assumed_end, strict=False)]
    status = [_c("counted", lang) if c else _c("not_counted", lang) for c in counted]
    patterns = ["/" if not c else ("." if (a or b) else "")
                for c, a, b in zip(counted, assumed_start, assumed_end, strict=False)]
    text = [" · ".join(t for t in (money_in(v, lang), _gw(g), y) if t)
            for v, g, y in zip(d["value_usd_bn"], d["capacity_gw"], years, strict=False)]
    custom = pd.DataFrame({"seller": d["seller"], "value": [money_in(v, lang) for v in d["value_usd_bn"]],
                           "gw": [_gw(g) or _c("not_given", lang) for g in d["capacity_gw"]], "years": years,
                           "status": status,
                           "publisher": d["publisher"], "published": d["published"],
                           "confidence": d["confidence"],
                           # whole words and an ellipsis, not 'refusal on new compu'
                           "notes": [textwrap.shorten(n, 140, placeholder="…") for n in d["notes"].fillna("")]})
    fig = go.Figure(go.Bar(
        y=labels, x=(e + 1 - s), base=s, orientation="h", name=_c("deal_years", lang),
        marker=dict(color=d["color"], opacity=[1.0 if c else 0.45 for c in counted],
                    pattern=dict(shape=patterns, fgcolor="white", size=6, solidity=0.35, fillmode="overlay"),
                    line=dict(color=d["color"], width=1)),
        customdata=hover_cells(custom, list(custom.columns), lang), showlegend=False,
        hovertemplate=_c("hover_gantt", lang) + _src(lang, 5, 6, 7),
    ))
    fig.add_trace(go.Scatter(
        y=labels, x=e + 1.1, mode="text", text=text, textposition="middle right", showlegend=False,
        textfont=dict(size=12, color="#1F2328"),
        hoverinfo="skip", cliponaxis=False,
    ))
    last = float((e + 1).max())
    fig.update_xaxes(range=[float(s.min()) - 0.2, last + 4.5], dtick=1, title_text=_c("x_gantt", lang),
                     showgrid=True, gridcolor="#F0F1F3")
    fig.update_yaxes(autorange="reversed", type="category", showgrid=False)
    return finish(fig, caption, height=max(420, 150 + 34 * len(d)), lang=lang)


def partner_totals(totals: pd.DataFrame, excluded: pd.DataFrame, undisclosed: pd.DataFrame, as_of: str,
                   chars: int = 100, lang: str = i18n.DEFAULT) -> go.Figure:
    """Counted, disclosed contract value by partner; partners with no disclosed value say so."""
    total = float(totals["usd_bn"].sum()) if len(totals) else 0.0
    if chars >= 100:
        left_out = i18n.join((i18n.paren(f"{r.seller} {money_in(r.value_usd_bn, lang)}", r.reason, lang)
                              for r in excluded.itertuples()), lang, "clauses")
    else:  # a narrow column: name them, the Contracts page says why
        left_out = i18n.join((f"{r.seller} {money_in(r.value_usd_bn, lang)}" for r in excluded.itertuples()), lang) + \
            (_c("totals_why", lang) if len(excluded) else "")
    caption = Caption(
        title=_c("totals_title", lang, total=money_in(total, lang)),
        subtitle=_c("totals_subtitle", lang) + (_c("left_out_sub", lang, items=left_out) if left_out else ""),
        source=sources_label(totals, lang=lang) if len(totals) else _c("table_source", lang),
        as_of=as_of,
    )
    if totals.empty:
        return empty_figure(caption, _c("no_counted", lang), lang=lang)
    known = totals[totals["usd_bn"].notna()]
    unknown = totals[totals["usd_bn"].isna()]
    order = list(known["seller"]) + list(unknown["seller"])
    label = [money_in(v, lang) + (_c("plus_undisclosed", lang, n=n) if n else "")
             + _c("n_deals" if d > 1 else "n_deal", lang, n=d)
             for v, n, d in zip(known["usd_bn"], known["undisclosed_deals"], known["deals"], strict=False)]
    fig = go.Figure(go.Bar(
        y=known["seller"], x=known["usd_bn"], orientation="h", marker_color=known["color"], text=label,
        textposition="outside", cliponaxis=False, name=_c("disclosed_counted", lang),
        customdata=hover_cells(known.assign(amount=[money_in(v, lang) for v in known["usd_bn"]],
                                            contracts=_deal_months(known, lang)),
                               ["contracts", "publisher", "confidence", "amount"], lang),
        hovertemplate=_c("hover_totals", lang) + _src(lang, 1, 2),
    ))
    if len(unknown):
        fig.add_trace(go.Scatter(
            y=unknown["seller"], x=[0] * len(unknown), mode="markers+text", name=_c("value_undisclosed", lang),
            marker=dict(symbol="circle-open", size=12, color=unknown["color"], line=dict(width=2)),
            text=[_c("undisclosed_n" if n > 1 else "undisclosed_one", lang, n=int(n),
                     gw=i18n.fmt(lang)["list_sep"] + _gw(g) if _gw(g) else "")
                  for n, g in zip(unknown["deals"], unknown["capacity_gw"], strict=False)],
            textposition="middle right", textfont=dict(color=MUTED), cliponaxis=False,
            customdata=hover_cells(unknown.assign(contracts=_deal_months(unknown, lang)),
                                   ["contracts", "publisher", "confidence"], lang),
            hovertemplate=_c("hover_unknown", lang) + _src(lang, 1, 2),
        ))
    top = float(known["usd_bn"].max()) * i18n.factor("label_room", lang) if len(known) else 1.0
    money_axis(fig, "x", top, lang, low=-0.03 * float(known["usd_bn"].max() if len(known) else 1),
               title_text=_c("x_bn", lang))
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=order, autorange="reversed")
    fig.update_layout(showlegend=False, margin=dict(r=40))
    return finish(fig, caption, height=max(380, 170 + 40 * len(order)), chars=chars, lang=lang)


def annual_commitments(spend: pd.DataFrame, undisclosed: pd.DataFrame, term: tuple[int, int], as_of: str,
                       lang: str = i18n.DEFAULT) -> go.Figure:
    """Counted, disclosed deals paid over their years by the payment profile, stacked by partner."""
    by_year = spend.groupby("year")["usd_bn"].sum() if len(spend) else pd.Series(dtype=float)
    peak_year = int(by_year.idxmax()) if len(by_year) else None
    assumed = spend[spend["assumed"]]["seller"].unique().tolist() if len(spend) else []
    notes = []
    if assumed:
        notes.append(_c("hatched_assumed", lang, names=i18n.join(assumed, lang), start=term[0], end=term[1]))
    if len(undisclosed):
        notes.append(_c("not_included", lang, names=i18n.join(dict.fromkeys(undisclosed["seller"]), lang)))
    caption = Caption(
        title=(_c("peak_title", lang, value=money_in(by_year.max(), lang), year=peak_year) if peak_year
               else _c("peak_none", lang)),
        subtitle=_c("annual_subtitle", lang) + ("<br>" + " · ".join(notes) if notes else ""),
        source=sources_label(spend, lang=lang) if len(spend) else _c("table_source", lang),
        as_of=as_of,
    )
    if spend.empty:
        return empty_figure(caption, _c("no_valued", lang), lang=lang)
    fig = go.Figure()
    years = list(range(int(spend["year"].min()), int(spend["year"].max()) + 1))
    for (_seller_id, was_assumed), g in spend.sort_values("sort_order").groupby(["seller_id", "assumed"], sort=False):
        y = g.groupby("year")["usd_bn"].sum().reindex(years).fillna(0.0)  # NaN would break the stack
        seller = g["seller"].iloc[0]
        names = g.drop_duplicates("contract_id")
        deals_ = i18n.join(dict.fromkeys(deal_name(r.seller, getattr(r, "announced", None), lang)
                                         for r in names.itertuples()), lang)
        trust = i18n.confidence_list(sorted(set(g["confidence"])), lang)
        fig.add_trace(go.Bar(
            x=years, y=y, name=seller + (_c("period_assumed", lang) if was_assumed else ""), legendgroup=seller,
            marker=dict(color=g["color"].iloc[0], pattern=dict(shape="/" if was_assumed else "", fgcolor="white",
                                                              solidity=0.3, fillmode="overlay")),
            # The year's amount written by the page's money formatter: in Chinese 億美元, as the labels.
            customdata=[[seller, hover_lines(deals_),
                         hover_lines(i18n.join(dict.fromkeys(g["publisher"]), lang, "clauses")),
                         trust + (_c("years_assumed", lang) if was_assumed else ""),
                         money_in(v, lang)] for v in y],
            hovertemplate=_c("hover_annual", lang) + _src(lang, 2, 3),
        ))
    fig.add_trace(go.Scatter(x=years, y=by_year.reindex(years), mode="text", showlegend=False, hoverinfo="skip",
                             text=[money_in(v, lang, trim=False) for v in by_year.reindex(years)],
                             textposition="top center",
                             cliponaxis=False))
    fig.update_layout(barmode="stack")
    top = float(by_year.max()) * 1.15  # room for the totals above the bars
    money_axis(fig, "y", top, lang, title_text=_c("y_bn_year", lang))
    fig.update_xaxes(dtick=1, title_text=_c("x_year", lang))
    return finish(fig, caption, height=520, lang=lang)




def labels_off_lines(fig: go.Figure) -> go.Figure:
    """Move each year's total label (the text trace over the bars) to the side of its year that no event
    line crosses, so no line runs through a value label; a year with lines on both sides keeps the centre."""
    lines = [float(sh.x0) for sh in fig.layout.shapes if sh.type == "line" and sh.x0 == sh.x1
             and isinstance(sh.x0, (int, float))]
    for tr in fig.data:
        if tr.type != "scatter" or tr.mode != "text" or tr.textposition != "top center" or not lines:
            continue
        where = []
        for x in tr.x:
            near = [v - x for v in lines if abs(v - x) < 0.5]
            where.append("top center" if not near else "top left" if min(near) > 0
                         else "top right" if max(near) < 0 else "top center")
        tr.textposition = where
        first, last = min(tr.x), max(tr.x)
        if where[list(tr.x).index(first)] == "top left":
            # A label left of the first year needs room before the axis: on a 640 px phone chart
            # '$6.9B' ran over the y axis's '0'. Half a year more on the left gives it that room.
            fig.update_xaxes(range=[first - 1.0, last + 0.5], tickmode="array", tickvals=list(tr.x))
    return fig


def exposure_rows(exposure: pd.DataFrame, deals: pd.DataFrame, lang: str = i18n.DEFAULT) -> pd.DataFrame:
    """Percentage exposures from partner_exposure, plus Oracle's backlog share derived from its deal."""
    pct = exposure[exposure["unit"] == "pct"].copy()
    lab = lambda m: i18n.t_or(f"contracts.exposure.{m}", lang, m.replace("_", " "))  # noqa: E731
    pct["label"] = [i18n.labelled(r.provider, i18n.paren(lab(r.metric), i18n.period(r.period, lang), lang), lang)
                    for r in pct.itertuples()]
    pct["derived"] = False
    rows = [pct]
    rpo = exposure[exposure["metric"] == "remaining_performance_obligations_added"]
    for r in rpo.itertuples():
        mine = deals[(deals["seller_id"] == r.provider_id) & _counted(deals) & deals["value_usd_bn"].notna()
                     & (deals["deal_type"] == "cloud_capacity")]
        period_deals = mine[pd.to_datetime(mine["announced"]).dt.year == int(str(r.period)[:4])]
        if len(period_deals) and r.value:
            v = float(period_deals["value_usd_bn"].sum())
            rows.append(pd.DataFrame([dict(
                provider_id=r.provider_id, provider=r.provider, color=r.color, sort_order=r.sort_order,
                metric="openai_share_of_backlog_added", period=r.period,
                value=min(100.0, 100 * v / r.value), unit="pct",
                confidence="estimate", notes=f"OpenAI deal {money_in(v)} ÷ backlog added {money_in(r.value)}",
                publisher=r.publisher, url=r.url, published=r.published,
                source_kind=getattr(r, "source_kind", None),
                label=_c("backlog_label", lang, provider=r.provider, period=i18n.period(r.period, lang)),
                derived=True)]))
    out = pd.concat(rows, ignore_index=True)
    return out.sort_values(["sort_order", "value"], ascending=[True, False]).reset_index(drop=True)


def exposure_bars(rows: pd.DataFrame, as_of: str, lang: str = i18n.DEFAULT) -> go.Figure:
    caption = Caption(
        title=_c("exp_title", lang),
        subtitle=_c("exp_subtitle", lang),
        source=sources_label(rows, lang=lang) if len(rows) else _c("exp_source", lang),
        as_of=as_of,
    )
    if rows.empty:
        return empty_figure(caption, _c("no_exposure", lang), lang=lang)
    # Labels sit above their bars (not as tick labels), so the plot, title and footer keep the full width.
    pos = list(range(len(rows)))
    fig = go.Figure(go.Bar(
        y=pos, x=rows["value"], orientation="h", width=0.5,
        marker=dict(color=rows["color"], pattern=dict(shape=["/" if d else "" for d in rows["derived"]],
                                                      fgcolor="white", solidity=0.3, fillmode="overlay")),
        text=[f"{v:.0f}%" for v in rows["value"]], textposition="outside", cliponaxis=False,
        customdata=hover_cells(rows, ["label", "notes", "publisher", "published", "confidence"], lang),
        hovertemplate=(f"<b>%{{customdata[0]}}</b>{i18n.colon(lang)}%{{x:.0f}}%<br>%{{customdata[1]}}"
                       + _src(lang, 2, 3, 4)),
        name=_c("exposure_name", lang),
    ))
    fig.add_trace(go.Scatter(
        y=[p - 0.42 for p in pos], x=[0] * len(pos), mode="text", text=rows["label"], textposition="middle right",
        textfont=dict(size=12), hoverinfo="skip", showlegend=False, cliponaxis=False,
    ))
    fig.update_xaxes(range=[0, 110], ticksuffix="%", title_text="%")
    fig.update_yaxes(autorange="reversed", showticklabels=False, showgrid=False)
    fig.update_layout(showlegend=False)
    return finish(fig, caption, height=max(360, 190 + 52 * len(rows)), lang=lang)
