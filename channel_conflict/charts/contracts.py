"""Contracts page charts: the deals on a timeline, totals by partner, spend per year, exposure.

Undisclosed values are written "undisclosed" and never drawn as zero; deals left out of the
totals are drawn hatched and say why.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .base import MUTED, Caption, empty_figure, finish, sources_label


def money(x) -> str:
    if x is None or pd.isna(x):
        return "undisclosed"
    x = float(x)
    if x >= 1000:
        return f"${x / 1000:.1f}T"
    if x < 1:
        return f"${x * 1000:.0f}M"
    return f"${x:.0f}B" if x == int(x) else f"${x:.1f}B"


def _gw(x) -> str:
    return "" if x is None or pd.isna(x) else f"{x:g} GW"


def _counted(deals: pd.DataFrame) -> pd.Series:
    return deals["counts_in_total"].fillna(True).astype(bool)


def deals_gantt(deals: pd.DataFrame, term: tuple[int, int], as_of: str) -> go.Figure:
    """Each deal as a bar over its years, labelled with value and gigawatts."""
    caption = Caption(
        title="OpenAI's compute deals run from 2025 into the 2030s",
        subtitle="Each deal's years (bar), contract value and gigawatts · hatched: not counted in totals · "
                 f"dotted: years undisclosed, drawn over {term[0]}–{term[1]} (our assumption)",
        source=sources_label(deals) if len(deals) else "contracts table",
        as_of=as_of,
    )
    if deals.empty:
        return empty_figure(caption, "No deals in the data")
    d = deals.sort_values(["announced", "contract_id"]).reset_index(drop=True)
    counted = _counted(d)
    start = d["start_year"].astype("Float64")
    end = d["end_year"].astype("Float64")
    assumed_start = start.isna()
    assumed_end = end.isna()
    s = start.fillna(term[0]).astype(float)
    e = end.fillna(term[1]).astype(float)
    e = e.where(e >= s, s)
    month = pd.to_datetime(d["announced"]).dt.strftime("%b %Y")
    labels = [f"{r.seller} · {m}" + ("" if c else " (not counted)") for r, m, c in zip(d.itertuples(), month, counted, strict=False)]
    # Two deals can share a seller and month: keep y labels unique.
    seen: dict[str, int] = {}
    for i, lab in enumerate(labels):
        seen[lab] = seen.get(lab, 0) + 1
        if seen[lab] > 1:
            labels[i] = f"{lab} ({seen[lab]})"
    years = ["period undisclosed" if a and b else ("?" if a else f"{int(x)}") + "–" + ("?" if b else f"{int(y)}")
             for x, y, a, b in zip(s, e, assumed_start, assumed_end, strict=False)]
    status = ["counted" if c else "not counted" for c in counted]
    patterns = ["/" if not c else ("." if (a or b) else "") for c, a, b in zip(counted, assumed_start, assumed_end, strict=False)]
    text = [" · ".join(t for t in (money(v), _gw(g), y) if t) for v, g, y in zip(d["value_usd_bn"], d["capacity_gw"], years, strict=False)]
    custom = pd.DataFrame({"seller": d["seller"], "value": [money(v) for v in d["value_usd_bn"]],
                           "gw": [_gw(g) or "not given" for g in d["capacity_gw"]], "years": years, "status": status,
                           "publisher": d["publisher"], "published": d["published"].astype(str),
                           "confidence": d["confidence"], "notes": d["notes"].fillna("").str.slice(0, 140)})
    fig = go.Figure(go.Bar(
        y=labels, x=(e + 1 - s), base=s, orientation="h", name="Deal years",
        marker=dict(color=d["color"], opacity=[1.0 if c else 0.45 for c in counted],
                    pattern=dict(shape=patterns, fgcolor="white", size=6, solidity=0.35, fillmode="overlay"),
                    line=dict(color=d["color"], width=1)),
        customdata=custom.values, showlegend=False,
        hovertemplate=("<b>%{customdata[0]}</b>: %{customdata[1]} (US$), %{customdata[2]}<br>Years %{customdata[3]}"
                       " · %{customdata[4]}<br>%{customdata[8]}<br>Source: %{customdata[5]} (%{customdata[6]})"
                       "<br>Confidence: %{customdata[7]}<extra></extra>"),
    ))
    fig.add_trace(go.Scatter(
        y=labels, x=e + 1.1, mode="text", text=text, textposition="middle right", showlegend=False,
        textfont=dict(size=12, color="#1F2328"),
        hoverinfo="skip", cliponaxis=False,
    ))
    last = float((e + 1).max())
    fig.update_xaxes(range=[float(s.min()) - 0.2, last + 4.5], dtick=1, title_text="Calendar year (bar runs Jan of "
                     "the first year to Dec of the last)", showgrid=True, gridcolor="#F0F1F3")
    fig.update_yaxes(autorange="reversed", type="category", showgrid=False)
    return finish(fig, caption, height=max(420, 150 + 34 * len(d)))


def partner_totals(totals: pd.DataFrame, excluded: pd.DataFrame, undisclosed: pd.DataFrame, as_of: str,
                   chars: int = 100) -> go.Figure:
    """Counted, disclosed contract value by partner; partners with no disclosed value say so."""
    total = float(totals["usd_bn"].sum()) if len(totals) else 0.0
    if chars >= 100:
        left_out = "; ".join(f"{r.seller} {money(r.value_usd_bn)} ({r.reason})" for r in excluded.itertuples())
    else:  # a narrow column: name them, the Contracts page says why
        left_out = ", ".join(f"{r.seller} {money(r.value_usd_bn)}" for r in excluded.itertuples()) + \
            (" (double counting or not OpenAI's spend)" if len(excluded) else "")
    caption = Caption(
        title=f"{money(total)} of OpenAI compute commitments are disclosed and counted",
        subtitle="Total contract value by partner, US$ billion · each deal counted once"
                 + (f"<br>Left out: {left_out}" if left_out else ""),
        source=sources_label(totals) if len(totals) else "contracts table",
        as_of=as_of,
    )
    if totals.empty:
        return empty_figure(caption, "No counted deals")
    known = totals[totals["usd_bn"].notna()]
    unknown = totals[totals["usd_bn"].isna()]
    order = list(known["seller"]) + list(unknown["seller"])
    label = [money(v) + (f" + {n} undisclosed" if n else "") + f" · {d} deal{'s' if d > 1 else ''}"
             for v, n, d in zip(known["usd_bn"], known["undisclosed_deals"], known["deals"], strict=False)]
    fig = go.Figure(go.Bar(
        y=known["seller"], x=known["usd_bn"], orientation="h", marker_color=known["color"], text=label,
        textposition="outside", cliponaxis=False, name="Disclosed, counted",
        customdata=known[["contracts", "publisher", "confidence"]].values,
        hovertemplate=("<b>%{y}</b>: $%{x:.1f}B (US$ bn, counted)<br>Deals: %{customdata[0]}<br>"
                       "Source: %{customdata[1]}<br>Confidence: %{customdata[2]}<extra></extra>"),
    ))
    if len(unknown):
        fig.add_trace(go.Scatter(
            y=unknown["seller"], x=[0] * len(unknown), mode="markers+text", name="Value undisclosed",
            marker=dict(symbol="circle-open", size=12, color=unknown["color"], line=dict(width=2)),
            text=[f"undisclosed ({int(n)} deal{'s' if n > 1 else ''}{', ' + _gw(g) if _gw(g) else ''})"
                  for n, g in zip(unknown["deals"], unknown["capacity_gw"], strict=False)],
            textposition="middle right", textfont=dict(color=MUTED), cliponaxis=False,
            customdata=unknown[["contracts", "publisher", "confidence"]].values,
            hovertemplate=("<b>%{y}</b>: value undisclosed (not zero; not in the total)<br>Deals: %{customdata[0]}"
                           "<br>Source: %{customdata[1]}<br>Confidence: %{customdata[2]}<extra></extra>"),
        ))
    fig.update_xaxes(title_text="US$ billion", tickprefix="$",
                     range=[-0.03 * float(known["usd_bn"].max() if len(known) else 1),
                            float(known["usd_bn"].max()) * 1.45 if len(known) else 1])
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=order, autorange="reversed")
    fig.update_layout(showlegend=False, margin=dict(r=40))
    return finish(fig, caption, height=max(380, 170 + 40 * len(order)), chars=chars)


def annual_commitments(spend: pd.DataFrame, undisclosed: pd.DataFrame, term: tuple[int, int], as_of: str) -> go.Figure:
    """Counted, disclosed deals spread evenly over their years, stacked by partner."""
    by_year = spend.groupby("year")["usd_bn"].sum() if len(spend) else pd.Series(dtype=float)
    peak_year = int(by_year.idxmax()) if len(by_year) else None
    assumed = spend[spend["assumed"]]["seller"].unique().tolist() if len(spend) else []
    notes = []
    if assumed:
        notes.append(f"hatched: {', '.join(assumed)}, period undisclosed, spread over {term[0]}–{term[1]} (assumption)")
    if len(undisclosed):
        notes.append("not included, value undisclosed: " + ", ".join(dict.fromkeys(undisclosed["seller"])))
    caption = Caption(
        title=(f"Committed spend peaks at {money(by_year.max())} a year in {peak_year}" if peak_year
               else "OpenAI's committed compute spend per year"),
        subtitle="Counted deals' disclosed value spread evenly over their years, US$ billion per year"
                 + ("<br>" + " · ".join(notes) if notes else ""),
        source=sources_label(spend) if len(spend) else "contracts table",
        as_of=as_of,
    )
    if spend.empty:
        return empty_figure(caption, "No counted deal with a disclosed value")
    fig = go.Figure()
    years = list(range(int(spend["year"].min()), int(spend["year"].max()) + 1))
    for (_seller_id, was_assumed), g in spend.sort_values("sort_order").groupby(["seller_id", "assumed"], sort=False):
        y = g.groupby("year")["usd_bn"].sum().reindex(years).fillna(0.0)  # NaN would break the stack
        seller = g["seller"].iloc[0]
        deals_ = ", ".join(dict.fromkeys(g["contract_id"]))
        fig.add_trace(go.Bar(
            x=years, y=y, name=seller + (" (period assumed)" if was_assumed else ""), legendgroup=seller,
            marker=dict(color=g["color"].iloc[0], pattern=dict(shape="/" if was_assumed else "", fgcolor="white",
                                                              solidity=0.3, fillmode="overlay")),
            customdata=[[seller, deals_, "; ".join(dict.fromkeys(g["publisher"])),
                         ", ".join(sorted(set(g["confidence"]))) + (" · years assumed" if was_assumed else "")]] * len(years),
            hovertemplate=("<b>%{customdata[0]}</b> %{x}: $%{y:.1f}B (US$ bn per year)<br>Deals: %{customdata[1]}"
                           "<br>Source: %{customdata[2]}<br>Confidence: %{customdata[3]}<extra></extra>"),
        ))
    fig.add_trace(go.Scatter(x=years, y=by_year.reindex(years), mode="text", showlegend=False, hoverinfo="skip",
                             text=[money(v) for v in by_year.reindex(years)], textposition="top center",
                             cliponaxis=False))
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title_text="US$ billion per year", tickprefix="$", rangemode="tozero")
    fig.update_xaxes(dtick=1, title_text="Year")
    return finish(fig, caption, height=520)


EXPOSURE_LABELS = {
    "stake_in_openai": "stake in OpenAI",
    "revenue_share_from_openai_pct": "revenue share OpenAI pays it",
    "revenue_share_from_microsoft": "share of its revenue from Microsoft, OpenAI's main host",
    "openai_share_of_backlog": "OpenAI's share of its backlog",
    "openai_share_of_commercial_rpo": "OpenAI's share of its commercial backlog (RPO)",
}


def exposure_rows(exposure: pd.DataFrame, deals: pd.DataFrame) -> pd.DataFrame:
    """Percentage exposures from partner_exposure, plus Oracle's backlog share derived from its deal."""
    pct = exposure[exposure["unit"] == "pct"].copy()
    pct["label"] = [f"{r.provider}: {EXPOSURE_LABELS.get(r.metric, r.metric.replace('_', ' '))} ({r.period})"
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
                metric="openai_share_of_backlog_added", period=r.period, value=min(100.0, 100 * v / r.value), unit="pct",
                confidence="estimate (derived)", notes=f"OpenAI deal {money(v)} ÷ backlog added {money(r.value)}",
                publisher=r.publisher, url=r.url, published=r.published,
                label=f"{r.provider}: OpenAI's deal as share of backlog added ({r.period})", derived=True)]))
    out = pd.concat(rows, ignore_index=True)
    return out.sort_values(["sort_order", "value"], ascending=[True, False]).reset_index(drop=True)


def exposure_bars(rows: pd.DataFrame, as_of: str) -> go.Figure:
    caption = Caption(
        title="Partners are tied to OpenAI by stakes, backlog and revenue",
        subtitle="Each partner's exposure to OpenAI, % · striped: derived here from two sourced figures",
        source=sources_label(rows) if len(rows) else "partner_exposure table",
        as_of=as_of,
    )
    if rows.empty:
        return empty_figure(caption, "No exposure figures")
    # Labels sit above their bars (not as tick labels), so the plot, title and footer keep the full width.
    pos = list(range(len(rows)))
    fig = go.Figure(go.Bar(
        y=pos, x=rows["value"], orientation="h", width=0.5,
        marker=dict(color=rows["color"], pattern=dict(shape=["/" if d else "" for d in rows["derived"]],
                                                      fgcolor="white", solidity=0.3, fillmode="overlay")),
        text=[f"{v:.0f}%" for v in rows["value"]], textposition="outside", cliponaxis=False,
        customdata=rows[["label", "notes", "publisher", "published", "confidence"]].fillna("").astype(str).values,
        hovertemplate=("<b>%{customdata[0]}</b>: %{x:.0f}%<br>%{customdata[1]}<br>Source: %{customdata[2]} "
                       "(%{customdata[3]})<br>Confidence: %{customdata[4]}<extra></extra>"),
        name="Exposure",
    ))
    fig.add_trace(go.Scatter(
        y=[p - 0.42 for p in pos], x=[0] * len(pos), mode="text", text=rows["label"], textposition="middle right",
        textfont=dict(size=12), hoverinfo="skip", showlegend=False, cliponaxis=False,
    ))
    fig.update_xaxes(range=[0, 110], ticksuffix="%", title_text="%")
    fig.update_yaxes(autorange="reversed", showticklabels=False, showgrid=False)
    fig.update_layout(showlegend=False)
    return finish(fig, caption, height=max(360, 190 + 52 * len(rows)))
