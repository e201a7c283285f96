"""Market page: which research firm; provider shares, the big three against Oracle and the
neoclouds, market size, and the latest quarter's headline figures."""
from __future__ import annotations

import pandas as pd

from .. import i18n
from ..charts import market as charts
from ..charts import timeline as tl_charts
from ..params import Param
from . import Chart, Query, build

FIRM = Param("firm", i18n.t("param.market.firm.label"), "choice", default="Synergy", widget="segmented",
             help=i18n.t("param.market.firm.help"))


def params(q: Query) -> list[Param]:
    firms = q("research_firms")["research_firm"].tolist()
    return [FIRM.with_options(firms, default=firms[0])]


def colors(q: Query) -> dict[str, str]:
    p = q("providers")
    return dict(zip(p["provider_id"], p["color"], strict=False))


OTHERS_COLOR = "#9AA1A9"


def story_shares(shares: pd.DataFrame, lang: str = i18n.DEFAULT) -> pd.DataFrame:
    """The share chart's rows: the big three one by one and everyone else as one line (100% minus the
    three, in quarters where all three are reported), instead of 0-5% fragments of the providers a
    release names now and then (those rows stay in the pack's other CSVs and on Sources)."""
    big = shares[shares["market_group"] == "big_three"]
    full = big[big.groupby("quarter")["provider_id"].transform("nunique") == 3]
    rest = full.groupby("quarter", as_index=False).agg(
        share_pct=("share_pct", "sum"), publisher=("publisher", "first"), published=("published", "first"))
    rest = rest.assign(share_pct=(100 - rest["share_pct"]).round(1), provider_id="others",
                       provider=i18n.t("market.others", lang), confidence="estimate")
    return pd.concat([big, rest], ignore_index=True)


def quarters(q: Query, firm: str) -> list[str]:
    """Every quarter from the firm's first figure to its last, gaps included."""
    return charts.quarter_range(q("market_quarters", firm=firm)["quarter"])


def share_gaps(q: Query, firm: str) -> list[str]:
    """Quarters between the firm's first and last share figure that have no share figure (the page
    states them; the share chart leaves them empty rather than drawing a line across)."""
    known = q("market_quarters", firm=firm)
    with_share = sorted(known.loc[known["has_share"], "quarter"])
    if not with_share:
        return []
    return [x for x in quarters(q, firm) if with_share[0] < x < with_share[-1] and x not in with_share]


def own_axis(axis: list[str], data_quarters) -> list[str]:
    """The firm's quarters from a chart's own first figure to its own last: no run of empty quarters
    before or after what the chart draws (Canalys sizes no quarter before 2024Q2; its share chart
    would open on nine empty ones). Gaps inside stay, shaded."""
    have = sorted(set(map(str, data_quarters)))
    return [x for x in axis if have and have[0] <= x <= have[-1]] or axis


def _marked(q: Query, values: dict, fig, data: pd.DataFrame, axis: list[str]):
    """The timeline's events on a quarterly chart (none on an empty one), on the chart's own axis."""
    if len(data):
        tl_charts.mark_events(fig, q("timeline_events", start="2024-01-01"), "quarter",
                              i18n.normalise(values.get("lang")), quarters=axis)
    return fig


def share_chart(q: Query, values: dict, as_of: str) -> Chart:
    lang, firm = i18n.normalise(values.get("lang")), values["firm"]
    axis = quarters(q, firm)
    story = story_shares(q("market_share", firm=firm), lang)
    share_axis = own_axis(axis, story["quarter"])
    fig = charts.share_lines(story, colors(q) | {"others": OTHERS_COLOR}, firm, as_of, quarters=share_axis, lang=lang)
    return Chart(f"market-share-{firm.lower()}", _marked(q, values, fig, story, share_axis), story)


def groups_chart(q: Query, values: dict, as_of: str) -> Chart:
    lang, firm = i18n.normalise(values.get("lang")), values["firm"]
    neo = q("market_neocloud_revenue")
    groups = charts.group_shares(q("market_share", firm=firm), lang)
    implied = charts.neocloud_implied(neo, q("market_size", firm=firm), lang)
    axis = own_axis(quarters(q, firm), [*groups["quarter"], *implied["quarter"]])
    fig = charts.market_groups(groups, implied, colors(q), firm, as_of, axis,
                               list(dict.fromkeys(neo["provider"])), lang=lang)
    return Chart(f"market-groups-{firm.lower()}", _marked(q, values, fig, groups, axis),
                 pd.concat([groups, implied], ignore_index=True))


def size_chart(q: Query, values: dict, as_of: str) -> Chart:
    lang, firm = i18n.normalise(values.get("lang")), values["firm"]
    size = q("market_size", firm=firm)
    axis = own_axis(quarters(q, firm), size["quarter"])
    fig = charts.size_bars(size, firm, as_of, quarters=axis, lang=lang)
    return Chart(f"market-size-{firm.lower()}", charts.labels_beside_lines(_marked(q, values, fig, size, axis)), size)


# Chart name -> builder, in page order (each chart's file name carries the research firm).
CHARTS = {"market-share": share_chart, "market-groups": groups_chart, "market-size": size_chart}


def charts_for(q: Query, values: dict, as_of: str, *, only: str | None = None) -> list[Chart]:
    return build(CHARTS, q, values, as_of, only)


def kpis(q: Query, firm: str, lang: str = i18n.DEFAULT) -> list[dict]:
    """Headline figures for the firm's latest quarter with data: label, value, quarter, source.

    Each figure says its own quarter: the latest market size and the latest share can differ.
    """
    size = q("market_size", firm=firm)
    shares = q("market_share", firm=firm)
    out: list[dict] = []
    if len(size):
        last = size.iloc[-1]
        m = lambda key, **kw: i18n.t(f"market.{key}", lang, **kw)  # noqa: E731
        conf = lambda c: i18n.confidence(c, lang)  # noqa: E731
        out.append(dict(label=m("kpi_size"),
                        value=i18n.money(last.total_usd_bn, lang, trim=False, scaled=False),
                        quarter=last.quarter, note=m("per_quarter"),
                        source=m("via", firm=firm, publisher=last.publisher), confidence=conf(last.confidence)))
        grown = size.dropna(subset=["yoy_growth_pct"])
        if len(grown):
            g = grown.iloc[-1]
            out.append(dict(label=m("kpi_growth"), value=f"{g.yoy_growth_pct:+.0f}%", quarter=g.quarter,
                            note="" if g.quarter == last.quarter else m("latest_growth"),
                            source=m("via", firm=firm, publisher=g.publisher), confidence=conf(g.confidence)))
        else:
            out.append(dict(label=m("kpi_growth"), value=m("not_reported"), quarter=last.quarter, note="",
                            source=firm, confidence=""))
    big = shares[shares["market_group"] == "big_three"]
    full = big.groupby("quarter").filter(lambda g: g["provider_id"].nunique() == 3)
    if len(full):
        lq = full["quarter"].max()
        rows = full[full["quarter"] == lq]
        c0 = rows.confidence.iloc[0]
        out.append(dict(label=i18n.t("market.kpi_top3", lang), value=f"{rows.share_pct.sum():.0f}%",
                        quarter=lq,
                        note=i18n.join((f"{r.provider} {r.share_pct:.0f}%" for r in rows.itertuples()), lang),
                        source=i18n.t("market.via", lang, firm=firm, publisher=rows.publisher.iloc[0]),
                        confidence=i18n.confidence(c0, lang)))
    return out
