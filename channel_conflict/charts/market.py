"""Market page charts: provider shares, the big three against Oracle and the neoclouds, market size.

Every chart runs over the same continuous run of quarters, so a quarter with no figure is a
visible, labelled gap (shaded) rather than a silent join between its neighbours.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .. import i18n
from .base import (
    INK,
    MUTED,
    Caption,
    empty_figure,
    finish,
    hover_cells,
    money_axis,
    money_cells,
    source_lines,
    sources_label,
)

GAP_FILL = "#EEF0F3"


def _m(key: str, lang: str, **kw) -> str:
    return i18n.t(f"market.{key}", lang, **kw)


def _src(lang: str, src: int, date: int, conf: int) -> str:
    return source_lines(lang, src, date, conf) + "<extra></extra>"


def hover_share(lang: str = i18n.DEFAULT) -> str:
    return _m("hover_share", lang) + _src(lang, 0, 1, 2)
BIG_THREE_COLOR = "#4C6A92"


def quarter_range(quarters) -> list[str]:
    """Every quarter from the first to the last of `quarters` ('2024Q4' style), none skipped."""
    qs = sorted(str(q) for q in quarters if isinstance(q, str) and len(q) == 6)
    if not qs:
        return []
    year, q = int(qs[0][:4]), int(qs[0][5])
    out: list[str] = []
    while True:
        label = f"{year}Q{q}"
        out.append(label)
        if label >= qs[-1]:
            return out
        year, q = (year + 1, 1) if q == 4 else (year, q + 1)


def missing(axis: list[str], present) -> list[str]:
    have = set(present)
    return [q for q in axis if q not in have]


def _runs(axis: list[str], gaps: list[str]) -> list[tuple[int, int]]:
    """Consecutive runs of gap quarters as (first index, last index) on the axis."""
    idx = sorted(axis.index(q) for q in gaps if q in axis)
    runs: list[tuple[int, int]] = []
    for i in idx:
        if runs and i == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def shade_gaps(fig: go.Figure, axis: list[str], gaps: list[str], label: str | None = "no data") -> None:
    """Grey bands over quarters without a figure, each labelled at the top (`label` None: bands only)."""
    for a, b in _runs(axis, gaps):
        fig.add_vrect(x0=a - 0.5, x1=b + 0.5, fillcolor=GAP_FILL, line_width=0, layer="below")
        if label is None:
            continue
        # At the top of the plot ("y domain"), not of the paper: mark_events puts its labels in a band above
        # the plot, where a paper-top label printed under an event's ('Oracle $300B' over 'no share data').
        fig.add_annotation(x=(a + b) / 2, y=1, xref="x", yref="y domain", yanchor="top", showarrow=False,
                           text=label.replace(" ", "<br>"), font=dict(size=10, color=MUTED), name="gap",
                           bgcolor=GAP_FILL)


NO_FIGURE_SIZE = 11


def no_figure_marks(fig: go.Figure, marks: list[tuple[str, float]], label: str) -> None:
    """One 'no figure' mark per quarter, all alike: centred on its own quarter, sitting on its bar's top (on
    the axis where there is no bar), one font size, on a white ground so an event line through the quarter
    does not cross the words. marks: (quarter, height). (As bar text they came out three ways: shrunk to the
    bar's width, moved beside an event line, and a gap's label floated at the top of the plot.)"""
    for quarter, y in marks:
        fig.add_annotation(x=quarter, y=y, xref="x", yref="y", yanchor="bottom", xanchor="center", showarrow=False,
                           text=label.replace(" ", "<br>"), font=dict(size=NO_FIGURE_SIZE, color=MUTED),
                           bgcolor="rgba(255,255,255,0.9)", borderpad=1, yshift=2, name="no_figure")


def labels_beside_lines(fig: go.Figure) -> go.Figure:
    """A bar label an event line would run through (the line sits on its quarter's centre) moves beside the
    line: right-aligned just left of it, on two short lines, at the bar's top (left-aligned just right of it
    when the column to its left holds a 'no figure' mark, which it would print over)."""
    lines = {sh.x0 for sh in fig.layout.shapes if sh.type == "line" and sh.x0 == sh.x1}
    marked = {a.x for a in fig.layout.annotations if a.name == "no_figure"}
    for tr in fig.data:
        if tr.type != "bar" or tr.text is None or isinstance(tr.text, str) or not lines:
            continue
        text, colors = list(tr.text), tr.textfont.color
        for i, (x, y) in enumerate(zip(tr.x, tr.y, strict=True)):
            if x in lines and text[i] and y is not None and y == y:
                color = colors[i] if isinstance(colors, tuple | list) else colors
                # right of the line, over its own bar, when the column to the left holds a 'no figure' mark
                right = i > 0 and tr.x[i - 1] in marked
                fig.add_annotation(x=x, y=y, text=text[i].replace(" ", "<br>"), showarrow=False,
                                   xanchor="left" if right else "right", yanchor="bottom", xshift=3 if right else -3,
                                   font=dict(size=11, color=color or INK), name="beside_line")
                text[i] = ""
        tr.text = text
    return fig


def _gap_note(gaps: list[str], what: str, lang: str = i18n.DEFAULT) -> str:
    if not gaps:
        return ""
    shown = i18n.join(gaps[:6], lang) + (_m("and_more", lang, n=len(gaps) - 6) if len(gaps) > 6 else "")
    return _m("shaded", lang, what=what, quarters=shown)


def share_finding(shares: pd.DataFrame, firm: str, lang: str = i18n.DEFAULT) -> str:
    """The share chart's title: the leader and the other two of the big three in the latest quarter
    where all three are known ('AWS leads with 28% in 2026Q1; Azure 21%, Google Cloud 14% (Synergy)')."""
    big = shares[shares["market_group"] == "big_three"] if "market_group" in shares else shares.iloc[:0]
    full = big[big.groupby("quarter")["provider_id"].transform("nunique") == 3]
    if not len(full):
        return _m("s_title", lang, firm=firm)
    last = full[full["quarter"] == full["quarter"].max()].sort_values("share_pct", ascending=False)
    lead, rest = last.iloc[0], last.iloc[1:]
    return _m("s_finding", lang, leader=lead["provider"], share=f"{lead['share_pct']:.0f}", quarter=lead["quarter"],
              others=i18n.join([f"{r.provider} {r.share_pct:.0f}%" for r in rest.itertuples()], lang), firm=firm)


def share_lines(shares: pd.DataFrame, colors: dict[str, str], firm: str, as_of: str,
                providers: list[str] | None = None, quarters: list[str] | None = None,
                lang: str = i18n.DEFAULT) -> go.Figure:
    """Share of cloud infrastructure spend per provider, one line each, quarters on x."""
    axis = quarters or quarter_range(shares["quarter"].unique())
    gaps = missing(axis, shares["quarter"].unique())
    caption = Caption(
        title=share_finding(shares, firm, lang),
        subtitle=_m("s_subtitle", lang, firm=firm) + _gap_note(gaps, _m("what_shares", lang), lang),
        source=_m("via", lang, firm=firm, publisher=sources_label(shares, lang=lang)) if len(shares) else firm,
        as_of=as_of,
    )
    data = shares if providers is None else shares[shares["provider_id"].isin(providers)]
    if data.empty:
        return empty_figure(caption, _m("s_empty", lang), lang=lang)
    fig = go.Figure()
    for provider_id, rows in data.groupby("provider_id", sort=False):
        rows = rows.set_index("quarter").reindex(axis)  # gaps stay gaps, not joined lines
        name = rows["provider"].dropna().iloc[0]
        fig.add_trace(go.Scatter(
            x=axis, y=rows["share_pct"], name=name, mode="lines+markers",
            # a group each: a legend that wraps keeps each entry's own width (ungrouped, Plotly gives every
            # entry the long 'Everyone else …' one's width, one a row on a phone, up over the subtitle)
            legendgroup=str(provider_id),
            line=dict(color=colors.get(provider_id, "#888"), width=2.5), marker=dict(size=6),
            customdata=hover_cells(rows, ["publisher", "published", "confidence"], lang),
            hovertemplate=hover_share(lang), connectgaps=False,
        ))
    shade_gaps(fig, axis, gaps, _m("no_share_data", lang))
    fig.update_yaxes(title_text=_m("y_share", lang), rangemode="tozero", ticksuffix="%")
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=axis)
    return finish(fig, caption, lang=lang)


def group_shares(shares: pd.DataFrame, lang: str = i18n.DEFAULT) -> pd.DataFrame:
    """Per quarter: the big three's combined share (only where all three are reported) and Oracle's."""
    big = shares[shares["market_group"] == "big_three"].groupby("quarter").agg(
        share_pct=("share_pct", "sum"), n=("provider_id", "nunique"),
        publisher=("publisher", "first"), published=("published", "first"), confidence=("confidence", "first"))
    big = big[big["n"] == 3].drop(columns="n").reset_index().assign(group=_m("g_big_three", lang),
                                                                    provider_id="big_three")
    oracle = shares[shares["market_group"] == "oracle"][
        ["quarter", "share_pct", "publisher", "published", "confidence", "provider_id"]].assign(group="Oracle")
    return pd.concat([big, oracle], ignore_index=True)


def neocloud_implied(neo: pd.DataFrame, size: pd.DataFrame, lang: str = i18n.DEFAULT) -> pd.DataFrame:
    """A neocloud's revenue as a share of the market: quarterly revenue / that quarter's market, annual
    revenue / the sum of that year's four quarters (only when all four are known)."""
    rows = []
    sizes = size.set_index("quarter")["total_usd_bn"]
    for r in neo.itertuples(index=False):
        period = str(r.period)
        if len(period) == 6 and period[4] == "Q" and period in sizes.index:
            quarters, market = [period], float(sizes[period])
        elif len(period) == 4 and period.isdigit():
            quarters = [f"{period}Q{i}" for i in range(1, 5)]
            if not all(q in sizes.index for q in quarters):
                continue
            market = float(sizes[quarters].sum())
        else:
            continue
        for q in quarters:
            rows.append(dict(quarter=q, provider_id=r.provider_id, group=_m("g_implied", lang, provider=r.provider),
                             share_pct=100 * float(r.value) / market, revenue_usd_bn=float(r.value), period=period,
                             market_usd_bn=market, publisher=r.publisher, published=r.published,
                             confidence="estimate"))
    return pd.DataFrame(rows, columns=["quarter", "provider_id", "group", "share_pct", "revenue_usd_bn", "period",
                                       "market_usd_bn", "publisher", "published", "confidence"])


def share_multiples(groups: pd.DataFrame, implied: pd.DataFrame, names: list[str] = ()) -> list[tuple[str, float, str]]:
    """(name, how many times the big three's combined share is its share, quarter) for Oracle and each
    neocloud, at the latest quarter where both are known: what the share chart cannot show."""
    big = groups[groups["provider_id"] == "big_three"].set_index("quarter")["share_pct"]
    others = pd.concat([groups[groups["provider_id"] != "big_three"], implied], ignore_index=True)
    out = []
    for _, rows in others.groupby("provider_id", sort=False):
        known = rows[rows["quarter"].isin(big.index) & (rows["share_pct"] > 0)].sort_values("quarter")
        if len(known):
            last = known.iloc[-1]
            group = str(last["group"])
            name = next((n for n in ("Oracle", *names) if group.startswith(n)), group)
            out.append((name, float(big[last["quarter"]]) / float(last["share_pct"]), str(last["quarter"])))
    return out


def big_three_only(groups: pd.DataFrame, firm: str, lang: str = i18n.DEFAULT) -> str:
    """The groups chart's title when the firm gives no Oracle or neocloud figure to compare with: the
    big three's latest combined share, and that the rest is not in its figures."""
    big = groups[groups["provider_id"] == "big_three"].sort_values("quarter") if len(groups) else groups
    if not len(big):
        return _m("g_title_none", lang, firm=firm)
    last = big.iloc[-1]
    return _m("g_title_big_only", lang, share=f"{last['share_pct']:.0f}", quarter=last["quarter"], firm=firm)


def market_groups(groups: pd.DataFrame, implied: pd.DataFrame, colors: dict[str, str], firm: str, as_of: str,
                  quarters: list[str], neo_names: list[str], lang: str = i18n.DEFAULT) -> go.Figure:
    """The big three together against Oracle and the GPU neoclouds, share of spend on a log scale."""
    neo_note = (_m("g_neo_note", lang, names=i18n.join(neo_names, lang), firm=firm)
                if len(implied) else _m("g_neo_none", lang, names=i18n.join(neo_names, lang) or _m("g_neoclouds", lang),
                                        firm=firm))
    gaps = share_multiples(groups, implied, neo_names)
    items = [_m("g_gap_item", lang, n=i18n.number(n, lang, 0 if n >= 10 else 1), name=name, quarter=quarter)
             for name, n, quarter in gaps]
    caption = Caption(
        title=(_m("g_title_gap", lang, items=i18n.join(items, lang), firm=firm) if items
               else big_three_only(groups, firm, lang)),
        subtitle=_m("g_subtitle", lang, note=neo_note),
        source=_m("g_source", lang, firm=firm, publishers=sources_label(implied, lang=lang)) if len(implied) else firm,
        as_of=as_of,
    )
    if groups.empty and implied.empty:
        return empty_figure(caption, _m("g_empty", lang), lang=lang)
    fig = go.Figure()
    for name, rows in groups.groupby("group", sort=False):
        pid = rows["provider_id"].iloc[0]
        r = rows.set_index("quarter").reindex(quarters)
        fig.add_trace(go.Scatter(
            x=quarters, y=r["share_pct"], name=name, mode="lines+markers", connectgaps=False,
            line=dict(color=colors.get(pid, BIG_THREE_COLOR), width=3), marker=dict(size=7),
            customdata=hover_cells(r, ["publisher", "published", "confidence"], lang),
            hovertemplate=hover_share(lang),
        ))
    for (name, _period), rows in implied.groupby(["group", "period"], sort=False):
        pid = rows["provider_id"].iloc[0]
        fig.add_trace(go.Scatter(
            x=rows["quarter"], y=rows["share_pct"], name=name, mode="lines+markers", legendgroup=name,
            showlegend=name not in {t.name for t in fig.data},
            line=dict(color=colors.get(pid, "#888"), width=3, dash="dash"), marker=dict(size=8, symbol="diamond"),
            customdata=hover_cells(rows.assign(revenue_usd_bn=money_cells(rows["revenue_usd_bn"], lang),
                                               market_usd_bn=money_cells(rows["market_usd_bn"], lang),
                                               period=[i18n.period(v, lang) for v in rows["period"]]),
                                   ["revenue_usd_bn", "period", "market_usd_bn", "publisher", "published",
                                    "confidence"], lang),
            hovertemplate=_m("hover_implied", lang) + _src(lang, 3, 4, 5),
        ))
    # 1-2-5 steps: evenly spaced on a log axis, so no two tick labels print over each other on a phone
    fig.update_yaxes(title_text=_m("y_share_log", lang), type="log", tickvals=[0.5, 1, 2, 5, 10, 20, 50, 100],
                     ticksuffix="%", range=[-0.5, 2.05])
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=quarters)
    return finish(fig, caption, lang=lang)


def size_finding(size: pd.DataFrame, firm: str, lang: str = i18n.DEFAULT) -> str:
    """The size chart's title: the latest quarter's spend and, where given, its growth in a year."""
    known = size.dropna(subset=["total_usd_bn"]).sort_values("quarter") if len(size) else size
    if not len(known):
        return _m("z_title", lang, firm=firm)
    last = known.iloc[-1]
    amount, growth = i18n.money(float(last["total_usd_bn"]), lang, 0), last["yoy_growth_pct"]
    if pd.isna(growth):
        return _m("z_finding", lang, amount=amount, quarter=last["quarter"], firm=firm)
    return _m("z_finding_growth", lang, amount=amount, quarter=last["quarter"], growth=f"{growth:.0f}", firm=firm)


def size_bars(size: pd.DataFrame, firm: str, as_of: str, quarters: list[str] | None = None,
              lang: str = i18n.DEFAULT) -> go.Figure:
    axis = quarters or quarter_range(size["quarter"].unique())
    gaps = missing(axis, size["quarter"].unique())
    caption = Caption(
        title=size_finding(size, firm, lang),
        subtitle=_m("z_subtitle", lang) + _gap_note(gaps, _m("what_size", lang), lang),
        source=_m("via", lang, firm=firm, publisher=sources_label(size, lang=lang)) if len(size) else firm,
        as_of=as_of,
    )
    if size.empty:
        return empty_figure(caption, _m("z_empty", lang), lang=lang)
    rows = size.set_index("quarter").reindex(axis)
    # A quarter with a total but no growth figure says so, as a quarter with no figure at all does.
    no_growth = rows["total_usd_bn"].notna() & rows["yoy_growth_pct"].isna()
    growth = ["" if pd.isna(g) else f"{g:+.0f}%" for g in rows["yoy_growth_pct"]]
    fig = go.Figure(go.Bar(
        x=axis, y=rows["total_usd_bn"], marker_color="#4C6A92", text=growth, textposition="outside",
        textfont=dict(color=INK),
        customdata=hover_cells(rows.assign(amount=money_cells(rows["total_usd_bn"], lang)),
                               ["publisher", "published", "confidence", "amount"], lang),
        hovertemplate=_m("hover_size", lang) + _src(lang, 0, 1, 2),
        name=_m("z_name", lang), cliponaxis=False,
    ))
    shade_gaps(fig, axis, gaps, None)
    no_figure_marks(fig, [(q, 0.0) for q in gaps], _m("no_figure", lang))
    # a bar with a total but no growth figure: it is the growth that is missing, not the figure
    no_figure_marks(fig, [(q, float(rows.loc[q, "total_usd_bn"])) for q in rows.index[no_growth]],
                    _m("no_growth", lang))
    top = float(rows["total_usd_bn"].max()) * 1.12  # room for the growth labels over the bars
    money_axis(fig, "y", top, lang, title_text=_m("y_bn", lang))  # the unit the page's cards use
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=axis)
    return finish(fig, caption, lang=lang)
