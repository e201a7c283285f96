"""Overlap page: the channel-conflict model driven by scenario controls.

Controls (URL keys are the model's): scenario (a saved scenario's id), rho, delta, kappa, ratio,
year, w_<segment_id>, protect_<provider_id>. Defaults come from the assumptions table.
`charts_for(q, values, as_of)` draws what the page draws; the page passes the model inputs it
has cached (and edited) with `inputs=`/`base=`, the CLI lets the view build them from `q`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import i18n
from ..charts import overlap as charts
from ..charts.base import Caption
from ..model import (
    PRESETS,
    QUERIES,
    ModelInputs,
    Result,
    Scenario,
    apply_mix_edits,
    apply_revenue_edits,
    build_inputs,
    changed_assumptions,
    default_provenance,
    matching_preset,
    run,
)
from ..model.scenario import PROTECT_PREFIX, SCALARS, WEIGHT_PREFIX, YEAR_KEY
from ..params import Param
from ..ui import scenarios as saved_store
from . import Chart, Query

SCENARIO_KEY = "scenario"
OPENAI_COLOR = "#111111"
SEG_SHORT = {"frontier_labs": "frontier-lab", "large_enterprise": "enterprise", "startups_developers": "developer",
             "consumers": "consumer", "public_sector": "public-sector"}
LABELS = {
    "rho": "Resale share ρ: capacity OpenAI sells on",
    "delta": "Price discount δ vs partner list price",
    "kappa": "Cannibalised share κ: taken from incumbents",
    "ratio": "List-to-contract price ratio λ",
    "year": "Horizon year",
}
FORMATS = {"rho": "percent", "delta": "percent", "kappa": "percent", "ratio": "%.2f×"}
STEPS = {"rho": 0.01, "delta": 0.01, "kappa": 0.01, "ratio": 0.05}
NO_SAVED = ""


def inputs_from(q: Query) -> ModelInputs:
    return build_inputs(*(q(name) for name in QUERIES))


def _round(x: float, step: float) -> float:
    return round(round(float(x) / step) * step, 6)


def _help(prov: pd.DataFrame, key: str, extra: str = "") -> tuple[str, str]:
    row = prov[prov["url_key"] == key]
    if row.empty:
        return "assumption", extra
    r = row.iloc[0]
    conf = r["confidence"] if isinstance(r["confidence"], str) else "assumption"
    src = f" Source: {r['url']}" if isinstance(r["url"], str) else " Source: ours."
    text = f"{extra}{r['assumption']} ({conf}): {r['rationale']}.{src}".strip()
    return conf, text


def params_for(inputs: ModelInputs, saved_ids: list[str] | tuple = ()) -> list[Param]:
    """Every control on the page, in order: saved scenario, scalars, year, weights, protection."""
    d = inputs.defaults
    prov = default_provenance(inputs)
    out = [Param(SCENARIO_KEY, "Saved scenario", "choice", NO_SAVED, options=(NO_SAVED, *saved_ids),
                 labels={NO_SAVED: "None: sourced assumptions"},
                 help="Scenarios saved by name (sliders and edited assumption tables). Opening one sets the controls.")]
    for key, (attr, lo, hi, _what) in SCALARS.items():
        conf, text = _help(prov, key)
        out.append(Param(key, f"{LABELS[key]} ({conf})", "float", _round(getattr(d, attr), STEPS[key]), min=lo, max=hi,
                         step=STEPS[key], format=FORMATS[key], help=text))
    conf, text = _help(prov, YEAR_KEY)
    out.append(Param(YEAR_KEY, f"{LABELS['year']} ({conf})", "int", int(d.horizon), min=inputs.base_year,
                     max=inputs.year_max, step=1, format="%d", help=text))

    def fraction(key: str, label: str, default: float, what: str) -> Param:
        conf, text = _help(prov, key, what)
        return Param(key, f"{label} ({conf})", "float", _round(default, 0.01), min=0.0, max=1.0, step=0.01,
                     format="percent", help=text)

    out += [fraction(WEIGHT_PREFIX + s, inputs.segment_label(s), d.weights.get(s, 0.0),
                     "Weight of this segment in OpenAI's direct sales; weights are divided by their sum when they "
                     "do not add up to 100%. ") for s in inputs.segments]
    out += [fraction(PROTECT_PREFIX + p, inputs.partner_label(p), d.protect.get(p, 0.0),
                     "Share of this partner's exposed revenue shielded by exclusivity, revenue sharing or "
                     "differentiation. ") for p in inputs.partners]
    return out


def localise(params: list[Param], lang: str) -> list[Param]:
    """Labels in `lang`: 'Label (confidence)' becomes '標籤（可信度）'; keys, options and values unchanged."""
    from dataclasses import replace

    if i18n.normalise(lang) == i18n.DEFAULT:
        return list(params)
    out = []
    for p in params:
        label = p.label
        base, conf = (label[:-1].rsplit(" (", 1) + [""])[:2] if label.endswith(")") else (label, "")
        base = i18n.t_or(f"param.overlap.{p.key}.label", lang, base)
        conf = i18n.t_or(f"confidence.{conf}", lang, conf) if conf else ""
        labels = p.labels if p.key != SCENARIO_KEY else {**p.labels, NO_SAVED: i18n.t("overlap.no_saved", lang)}
        out.append(replace(p, label=f"{base}（{conf}）" if conf else base, labels=labels))
    return out


def params(q: Query) -> list[Param]:
    return params_for(inputs_from(q), saved_store.list_ids())


def scenario_from(values: dict, inputs: ModelInputs) -> Scenario:
    """The (unchecked) scenario the control values describe; run() checks and normalises it."""
    d = inputs.defaults
    return Scenario(
        rho=float(values.get("rho", d.rho)), delta=float(values.get("delta", d.delta)),
        kappa=float(values.get("kappa", d.kappa)), ratio=float(values.get("ratio", d.ratio)),
        horizon=int(values.get(YEAR_KEY, d.horizon)),
        weights={s: float(values.get(WEIGHT_PREFIX + s, d.weights.get(s, 0.0))) for s in inputs.segments},
        protect={p: float(values.get(PROTECT_PREFIX + p, d.protect.get(p, 0.0))) for p in inputs.partners},
    )


def values_from(scenario: Scenario, inputs: ModelInputs) -> dict:
    """Control values (URL key -> value) for a scenario, rounded to the slider steps."""
    out = {k: _round(getattr(scenario, attr), STEPS[k]) for k, (attr, *_r) in SCALARS.items()}
    out[YEAR_KEY] = int(scenario.horizon)
    out |= {WEIGHT_PREFIX + s: _round(scenario.weights.get(s, 0.0), 0.01) for s in inputs.segments}
    out |= {PROTECT_PREFIX + p: _round(scenario.protect.get(p, 0.0), 0.01) for p in inputs.partners}
    return out


def with_saved(base: ModelInputs, saved: saved_store.Saved) -> tuple[ModelInputs, list[str]]:
    """Base inputs with a saved scenario's assumption tables applied."""
    inputs, problems = base, []
    if saved.revenue is not None and len(saved.revenue):
        inputs, more = apply_revenue_edits(inputs, saved.revenue)
        problems += more
    if saved.mix is not None and len(saved.mix):
        inputs, more = apply_mix_edits(inputs, saved.mix)
        problems += more
    return inputs, problems


def target_phrase(weights: dict[str, float], lang: str = i18n.DEFAULT,
                  segment_label=None) -> str:
    o = lambda key, **kw: i18n.t(f"overlap.{key}", lang, **kw)  # noqa: E731
    w = pd.Series(weights, dtype=float)
    if w.empty or w.sum() <= 0:
        return o("t_none")
    w = w / w.sum()
    if np.allclose(w, w.iloc[0], atol=0.01):
        return o("t_alike")
    top = w.idxmax()
    if i18n.normalise(lang) == i18n.DEFAULT or segment_label is None:
        short = SEG_SHORT.get(top, top.replace("_", " "))
    else:
        short = segment_label(top)
    return o("t_led", segment=short) if w[top] >= 0.45 else o("t_mostly", segment=short)


def compact(result: Result, inputs: ModelInputs, edited: bool = False, saved_name: str = "",
            lang: str = i18n.DEFAULT) -> str:
    """'resale 10% · discount 15% · cannibalised 50% · enterprise-led · 2030' (+ what else differs)."""
    o = lambda key, **kw: i18n.t(f"overlap.{key}", lang, **kw)  # noqa: E731
    s, d = result.scenario, inputs.defaults
    parts = [o("s_resale", pct=f"{s.rho:.0%}"), o("s_discount", pct=f"{s.delta:.0%}"),
             o("s_cannibalised", pct=f"{s.kappa:.0%}"),
             target_phrase(dict(s.weights), lang, inputs.segment_label), str(s.horizon)]
    if abs(s.ratio - d.ratio) > 1e-9:
        parts.append(o("s_ratio", ratio=f"{s.ratio:.2f}"))
    changed = [inputs.partner_label(p) for p in inputs.partners if abs(s.protect.get(p, 0) - d.protect.get(p, 0)) > 1e-9]
    if changed:
        parts.append(o("s_protection", items=", ".join(f"{n} {s.protect[p]:.0%}" for n, p in
                                                       zip(changed, [p for p in inputs.partners
                                                                     if inputs.partner_label(p) in changed],
                                                           strict=True))))
    preset_id = matching_preset(s.with_(horizon=d.horizon), inputs)
    if preset_id and preset_id != "default":
        parts.insert(0, f"{PRESETS[preset_id].label}:")
    if saved_name:
        parts.append(o("s_saved", name=saved_name))
    if edited:
        parts.append(o("s_edited"))
    return " · ".join(parts).replace(": ·", ":")


def source_text(inputs: ModelInputs, lang: str = i18n.DEFAULT) -> str:
    o = lambda key, **kw: i18n.t(f"overlap.{key}", lang, **kw)  # noqa: E731
    a = inputs.assumptions
    rev = a[a["param"] == "cloud_revenue"]
    pubs = list(dict.fromkeys(rev["publisher"].dropna().astype(str)))
    deals = inputs.contracts[inputs.contracts["counts_in_total"].astype(bool)]
    ratio = a[a["param"] == "list_to_contract_price_ratio"]
    ratio_pub = ratio["publisher"].dropna().astype(str)
    parts = [o("src_revenue", pubs=", ".join(pubs) or o("src_our_estimates")),
             o("src_contracts", n=deals["source_id"].nunique())]
    if len(ratio_pub):
        parts.append(o("src_ratio", pub=ratio_pub.iloc[0]))
    parts.append(o("src_ours"))
    return o("src_prefix") + "; ".join(parts)


def undisclosed_partners(result: Result, inputs: ModelInputs) -> list[str]:
    u = result.undisclosed
    return [inputs.partner_label(p) for p in inputs.partners if p in set(u["seller_id"])] if len(u) else []


def contract_values(inputs: ModelInputs) -> dict[str, float]:
    c = inputs.contracts
    c = c[c["counts_in_total"].astype(bool) & c["value_usd_bn"].notna()]
    return c.groupby("seller_id")["value_usd_bn"].sum().to_dict()


@dataclass
class Headline:
    direct_revenue: float
    total_at_risk: float
    most_exposed: str
    most_exposed_risk: float
    most_exposed_pct: float
    year: int


def headline(result: Result) -> Headline:
    p = result.partners
    named = p[p["partner_id"] != "others"]
    top = named.loc[named["revenue_at_risk"].idxmax()] if len(named) else p.iloc[0]
    o = result.openai
    h = o[o["year"] == result.scenario.horizon].iloc[0]
    return Headline(float(h["direct_revenue"]), float(p["revenue_at_risk"].sum()), str(top["partner"]),
                    float(top["revenue_at_risk"]), float(100 * top["revenue_at_risk"] / top["ai_revenue"])
                    if top["ai_revenue"] > 0 else 0.0, int(result.scenario.horizon))


def _badge(edited: bool, lang: str = i18n.DEFAULT) -> str:
    return i18n.t("overlap.badge", lang) if edited else ""


CHART_NAMES = ("overlap-heatmap", "overlap-exposure-bars", "overlap-net-projection", "overlap-quadrant",
               "overlap-market-share")


def charts_from(result: Result, inputs: ModelInputs, as_of: str, *, edited: bool = False, saved_name: str = "",
                openai_color: str = OPENAI_COLOR, lang: str = i18n.DEFAULT,
                only: str | None = None) -> list[Chart]:
    """The page's five charts, or just the one named `only` (the page draws one tab at a time:
    building a Plotly figure is most of a slider move's server time)."""
    lang = i18n.normalise(lang)
    out: list[Chart] = []

    def want(name: str) -> bool:
        return only is None or only == name

    o = lambda key, **kw: i18n.t(f"overlap.{key}", lang, **kw)  # noqa: E731
    s = result.scenario
    H = s.horizon
    scen = compact(result, inputs, edited, saved_name, lang)
    src = source_text(inputs, lang)
    colors = dict(inputs.partner_colors) | {"openai": openai_color}
    partners = result.partners.copy()
    undisclosed = undisclosed_partners(result, inputs)
    badge = _badge(edited, lang)

    def cap(title: str, subtitle: str) -> Caption:
        return Caption(title=title, subtitle=subtitle + badge, source=src, as_of=as_of, scenario=scen)

    with_deal = partners[partners["from_openai"] > 0]
    py = result.partner_year

    if want("overlap-heatmap"):
        seg = result.partner_segment
        seg_h = seg[seg["year"] == H]
        names = [inputs.partner_label(p) for p in inputs.partners]
        seg_names = [inputs.segment_label(x) for x in inputs.segments]
        oi = dict(zip(partners["partner"], partners["overlap_index"], strict=True))
        top_o = partners.loc[partners["overlap_index"].idxmax()]
        fig = charts.overlap_heatmap(
            seg_h, names, seg_names, {inputs.segment_label(k): v for k, v in s.weights.items()}, oi,
            cap(o("c1_title", partner=top_o["partner"], pct=f"{top_o['overlap_index']:.0%}"), o("c1_subtitle")),
            lang=lang)
        out.append(Chart("overlap-heatmap", fig,
                         seg_h[["partner_id", "partner", "segment_id", "segment", "mix", "weight", "overlap"]]))

    if want("overlap-exposure-bars"):
        ahead = int((with_deal["net"] > 0).sum())
        t2 = (o("c2_title", year=H, ahead=ahead, n=len(with_deal)) if len(with_deal) else o("c2_none", year=H))
        fig = charts.exposure_bars(partners, cap(t2, o("c2_subtitle", year=H)), undisclosed, lang=lang)
        out.append(Chart("overlap-exposure-bars", fig, partners[["partner_id", "partner", "horizon", "ai_revenue",
                                                                 "from_openai", "revenue_at_risk", "net"]]))

    if want("overlap-net-projection"):
        neg = py[(py["net"] < 0) & (py["partner_id"] != "others") & (py["from_openai"] > 0)]
        last = py[(py["year"] == H) & py["partner_id"].isin(with_deal["partner_id"])].set_index("partner")["net"]
        if len(neg):
            first = neg.sort_values("year").iloc[0]
            t3 = o("c3_negative", partner=first["partner"], year=int(first["year"]))
        elif len(last):
            t3 = o("c3_thinnest", start=inputs.base_year, end=H, partner=last.idxmin(), net=f"{last.min():+,.1f}")
        else:
            t3 = o("c3_plain", start=inputs.base_year, end=H)
        sub3 = o("c3_subtitle", undisclosed=o("c3_undisclosed", names=", ".join(undisclosed)) if undisclosed else "")
        fig = charts.net_lines(py, colors, cap(t3, sub3), lang=lang)
        out.append(Chart("overlap-net-projection", fig,
                         py[["partner_id", "partner", "year", "from_openai", "revenue_at_risk", "net"]]))

    if want("overlap-quadrant"):
        cv = contract_values(inputs)
        quad = partners.assign(contract_value=[float(cv.get(p, 0.0)) for p in partners["partner_id"]],
                               at_risk_pct=np.where(partners["ai_revenue"] > 0,
                                                    100 * partners["revenue_at_risk"] / partners["ai_revenue"], 0.0))
        total_r = float(py[py["year"] == H]["ai_revenue"].sum())
        y_mid = 100 * float(partners["revenue_at_risk"].sum()) / total_r if total_r > 0 else 0.0
        named = quad[quad["partner_id"] != "others"]
        worst = named.loc[(named["overlap_index"] * named["at_risk_pct"]).idxmax()] if len(named) else quad.iloc[0]
        t4 = o("c4_title", partner=worst["partner"], overlap=f"{worst['overlap_index']:.0%}",
               pct=f"{worst['at_risk_pct']:.1f}", year=H)
        fig = charts.quadrant(quad, colors, 0.5, y_mid, cap(t4, o("c4_subtitle", year=H, mid=f"{y_mid:.1f}")),
                              undisclosed, lang=lang)
        out.append(Chart("overlap-quadrant", fig, quad[["partner_id", "partner", "overlap_index", "at_risk_pct",
                                                        "revenue_at_risk", "contract_value"]]))

    if want("overlap-market-share"):
        m = result.market[result.market["year"] == H]
        oa = float(m[m["partner_id"] == "openai"]["share_after_pct"].iloc[0])
        leader = m[m["partner_id"] != "openai"].sort_values("share_before_pct").iloc[-1]
        t5 = o("c5_title", share=f"{oa:.1f}", year=H, partner=leader["partner"],
               before=f"{leader['share_before_pct']:.1f}", after=f"{leader['share_after_pct']:.1f}")
        fig = charts.market_before_after(m, colors, [*inputs.partners, "openai"], cap(t5, o("c5_subtitle", year=H)),
                                         lang=lang)
        out.append(Chart("overlap-market-share", fig, m))
    return out


def compare(current: Result, pinned: Result, inputs: ModelInputs, pinned_text: str, as_of: str,
            edited: bool = False, lang: str = i18n.DEFAULT) -> Chart:
    """Current minus pinned per partner at each scenario's horizon: the delta table and bar chart."""
    a = current.partners.set_index("partner_id")
    b = pinned.partners.set_index("partner_id")
    ids = [p for p in a.index if p in b.index]
    delta = pd.DataFrame({
        "partner_id": ids, "partner": [a.loc[p, "partner"] for p in ids],
        "pinned_at_risk": [b.loc[p, "revenue_at_risk"] for p in ids],
        "current_at_risk": [a.loc[p, "revenue_at_risk"] for p in ids],
        "d_revenue_at_risk": [a.loc[p, "revenue_at_risk"] - b.loc[p, "revenue_at_risk"] for p in ids],
        "pinned_net": [b.loc[p, "net"] for p in ids],
        "current_net": [a.loc[p, "net"] for p in ids],
        "d_net": [a.loc[p, "net"] - b.loc[p, "net"] for p in ids],
    })
    big = delta.loc[delta["d_net"].abs().idxmax()] if len(delta) else None
    title = (i18n.t("overlap.cmp_same", lang) if big is None or abs(big["d_net"]) < 1e-9 else
             i18n.t("overlap.cmp_title", lang, partner=big["partner"], delta=f"{big['d_net']:+,.2f}"))
    cap = Caption(title=title,
                  subtitle=(i18n.t("overlap.cmp_subtitle", lang, current=current.scenario.horizon,
                                   pinned=pinned.scenario.horizon, text=pinned_text) + _badge(edited, lang)),
                  source=source_text(inputs, lang), as_of=as_of, scenario=compact(current, inputs, edited, lang=lang))
    return Chart("overlap-compare-pinned", charts.delta_bars(delta, cap, lang=lang), delta)


def charts_for(q: Query, values: dict, as_of: str, *, inputs: ModelInputs | None = None,
               base: ModelInputs | None = None, saved_name: str = "", only: str | None = None) -> list[Chart]:
    """The page's charts. Without `inputs`, they are built from `q` and, when values name a saved
    scenario, its assumption tables (as the page does)."""
    if inputs is None:
        base = inputs_from(q)
        inputs = base
        sid = values.get(SCENARIO_KEY) or ""
        if sid:
            try:
                saved = saved_store.load(sid)
                inputs, _ = with_saved(base, saved)
                saved_name = saved_name or saved.name
            except saved_store.ScenarioError:
                pass
    base = base or inputs
    edited = not changed_assumptions(base, inputs).empty
    result = run(inputs, scenario_from(values, inputs))
    try:
        prov = q("providers")
        color = str(prov.loc[prov["provider_id"] == "openai", "color"].iloc[0])
    except Exception:  # noqa: BLE001 - a colour is not worth failing for
        color = OPENAI_COLOR
    return charts_from(result, inputs, as_of, edited=edited, saved_name=saved_name, openai_color=color,
                       lang=i18n.normalise(values.get("lang")), only=only)
