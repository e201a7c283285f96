"""Overlap page: the channel-conflict model driven by scenario controls.

Controls (URL keys are the model's): scenario (a saved scenario's id), rho, delta, kappa, ratio,
year, w_<segment_id>, protect_<provider_id>. Defaults come from the assumptions table.
`charts_for(q, values, as_of)` draws what the page draws; the page passes what it holds beyond
the link (its cached, possibly edited model inputs) as a Workbench, the CLI lets the view build
them from `q`.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from .. import i18n
from .. import store as saved_store
from ..charts import overlap as charts
from ..charts.base import Caption
from ..model import (
    PRESETS,
    ModelInputs,
    Result,
    Scenario,
    apply_mix_edits,
    apply_revenue_edits,
    changed_assumptions,
    default_provenance,
    load_inputs,
    matching_preset,
    run,
)
from ..model.calibration import calibration_table, plausibility
from ..model.scenario import PROTECT_PREFIX, SCALARS, WEIGHT_PREFIX, YEAR_KEY, weight_total
from ..model.uncertainty import Bands, monte_carlo, tornado
from ..params import Param
from . import Chart, Query

SCENARIO_KEY = "scenario"
OPENAI_COLOR = "#111111"
FORMATS = {"rho": "percent", "delta": "percent", "kappa": "percent", "ratio": "%.2f×", "diff": "percent",
           "ramp": "%.2f"}
STEPS = {"rho": 0.01, "delta": 0.01, "kappa": 0.01, "ratio": 0.05, "diff": 0.01, "ramp": 0.1}
PARTNER_KEY = "partner"
DOC_URL = "#the-overlap-model"  # the full docs/model.md is drawn on the page under "How the model works"
NO_SAVED = ""


def _round(x: float, step: float) -> float:
    return round(round(float(x) / step) * step, 6)


def _help(prov: pd.DataFrame, key: str, extra: str = "", lang: str = i18n.DEFAULT) -> tuple[str, str]:
    """A control's confidence and help: what it is (`extra`), then the assumption row and its source.
    The row's name, rationale and URL are data text, shown as the CSV has them."""
    row = prov[prov["url_key"] == key]
    if row.empty:
        return "assumption", extra
    r = row.iloc[0]
    conf = r["confidence"] if isinstance(r["confidence"], str) else "assumption"
    src = (i18n.t("overlap.help.source", lang, url=r["url"]) if isinstance(r["url"], str)
           else i18n.t("overlap.help.ours", lang))
    said = i18n.labelled(i18n.paren(r["assumption"], i18n.confidence(conf, lang), lang), r["rationale"], lang)
    return conf, f"{extra}{said}.{src}".strip()


def segment_name(inputs: ModelInputs, s: str, lang: str = i18n.DEFAULT) -> str:
    """A segment's name in `lang`: the DB's own in English, the catalogue's otherwise (the DB's if missing)."""
    return i18n.data_or(f"overlap.segment.{s}", lang, inputs.segment_label(s))


def partner_name(inputs: ModelInputs, p: str, lang: str = i18n.DEFAULT) -> str:
    """A partner's name in `lang`: brands stay as the DB has them; the catalogue names the rest (Others)."""
    return i18n.data_or(f"overlap.partner_name.{p}", lang, inputs.partner_label(p))


def input_label(inputs: ModelInputs, name: str, lang: str = i18n.DEFAULT) -> str:
    """A varied input's name on the tornado ('ai_fraction.aws' -> 'AWS AI share'), in `lang`."""
    param, _, p = name.partition(".")
    return i18n.t(f"overlap.model.input.{param}", lang, partner=partner_name(inputs, p, lang) if p else "")


def input_value(name: str, value: float, lang: str = i18n.DEFAULT) -> str:
    """One model input's value in its own unit ('40%', '$75B' / '750億美元'), as input_range writes a range."""
    param = name.partition(".")[0]
    if param == "cloud_revenue":
        return i18n.money(value, lang)
    if param in ("ai_fraction", "mix"):
        return f"{value * 100:.3g}%"
    if param == "growth_pct":
        return f"{value:.3g}%"
    return f"{value:.4g}"


def edit_lines(changed: pd.DataFrame, inputs: ModelInputs, lang: str = i18n.DEFAULT) -> list[str]:
    """Each edited assumption as a reader says it: 'Azure AI share 40% → 55%', not 'ai_fraction.azure 0.4 → 0.55'
    (changed: model.changed_assumptions)."""
    def name(r) -> str:
        partner = partner_name(inputs, r.partner_id, lang)
        if r.segment_id:
            return i18n.t("overlap.model.input.mix", lang, partner=partner,
                          segment=segment_name(inputs, r.segment_id, lang))
        return input_label(inputs, r.assumption, lang)

    return [f"{name(r)} {input_value(r.assumption, r.default, lang)} → {input_value(r.assumption, r.edited, lang)}"
            for r in changed.itertuples()]


def money_edits(shown: pd.Series, edited: pd.Series, model: pd.Series, scale: float) -> pd.Series:
    """An editor's money column, shown in the page's unit (`scale` to a US$ bn), back in US$ bn: a cell
    left as shown keeps its model value exactly (x * 10 / 10 is not always x, and would read as an edit)."""
    return model.where(edited == shown, edited / scale)


# The unit each varied input's low, current and high are stored in ([model.unit] keys): the tornado's CSV
# names it beside them, as a revenue (US$ bn) and a share (0.15) sit in the same columns.
INPUT_UNITS = {"cloud_revenue": "usd_bn_year", "ai_fraction": "fraction", "growth_pct": "pct_year",
               "protect": "fraction", "list_to_contract_price_ratio": "ratio", "undisclosed_ramp": "slope",
               "undisclosed_term_end_year": "year"}


def input_unit(name: str, lang: str = i18n.DEFAULT) -> str:
    return i18n.t(f"model.unit.{INPUT_UNITS[name.partition('.')[0]]}", lang)


def input_range(name: str, low: float, high: float, lang: str = i18n.DEFAULT) -> str:
    """A varied input's range in its own unit ('25–75%', '$4.5–7.5B' / '45–75億美元'), not as
    the model stores it (0.5 for a share, US$ bn under a chart in 億)."""
    param = name.partition(".")[0]
    if param == "cloud_revenue":
        return i18n.money_range(low, high, lang)
    if param == "ai_fraction":
        return f"{low * 100:.0f}–{high * 100:.0f}%"
    if param == "growth_pct":
        return f"{low:.0f}–{high:.0f}%"
    if param == "undisclosed_term_end_year":
        return f"{low:.0f}–{high:.0f}"
    return f"{low:.3g}–{high:.3g}"


def with_partner_names(frame: pd.DataFrame, inputs: ModelInputs, lang: str = i18n.DEFAULT) -> pd.DataFrame:
    """`frame` (with a partner_id column) with its partner column in `lang` (Others -> 其他)."""
    return _named(frame, {p: partner_name(inputs, p, lang) for p in inputs.partners})


def _named(frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """`frame` with its partner column in the page's language (a copy; the model's result is shared)."""
    return frame.assign(partner=frame["partner_id"].map(names).fillna(frame["partner"]))


def params_for(inputs: ModelInputs, saved_ids: list[str] | tuple = (), lang: str = i18n.DEFAULT) -> list[Param]:
    """Every control on the page, in order: saved scenario, scalars, year, weights, protection.

    Labels and help in `lang` ('Label (confidence)' / '標籤（可信度）'); keys, options and values are the
    same in every language, so links are too."""
    d = inputs.defaults
    prov = default_provenance(inputs)
    o = lambda key, **kw: i18n.t(f"overlap.{key}", lang, **kw)  # noqa: E731

    def label(key: str, conf: str, fallback: str = "") -> str:
        text = i18n.t_or(f"param.overlap.{key}.label", lang, fallback)
        return i18n.paren(text, i18n.confidence(conf, lang), lang)

    out = [Param(SCENARIO_KEY, i18n.t("param.overlap.scenario.label", lang), "choice", NO_SAVED,
                 options=(NO_SAVED, *saved_ids), labels={NO_SAVED: o("no_saved")}, help=o("help.scenario"))]
    for key, (attr, lo, hi, _what) in SCALARS.items():
        conf, text = _help(prov, key, lang=lang)
        out.append(Param(key, label(key, conf), "float", _round(getattr(d, attr), STEPS[key]), min=lo, max=hi,
                         step=STEPS[key], format=FORMATS[key], help=text))
    conf, text = _help(prov, YEAR_KEY, lang=lang)
    out.append(Param(YEAR_KEY, label(YEAR_KEY, conf), "int", int(d.horizon), min=inputs.base_year,
                     max=inputs.year_max, step=1, format="%d", help=text))

    def fraction(key: str, name: str, default: float, what: str) -> Param:
        conf, text = _help(prov, key, what, lang)
        return Param(key, label(key, conf, name), "float", _round(default, 0.01), min=0.0, max=1.0, step=0.01,
                     format="percent", help=text)

    out += [fraction(WEIGHT_PREFIX + s, segment_name(inputs, s, lang), d.weights.get(s, 0.0), o("help.weight"))
            for s in inputs.segments]
    out += [fraction(PROTECT_PREFIX + p, partner_name(inputs, p, lang), d.protect.get(p, 0.0), o("help.protect"))
            for p in inputs.partners]
    # The options are the partners' names: a URL-bound selectbox writes what it shows into the link.
    named = [inputs.partner_label(p) for p in inputs.partners if p != "others"]
    out.append(Param(PARTNER_KEY, i18n.t("param.overlap.partner.label", lang), "choice", named[0] if named else "",
                     options=tuple(named), help=o("help.partner")))
    return out


def saved_ids() -> list[str]:
    """Every saved scenario's id (up to the store's count cap), so a command-line export accepts any
    of them; the page lists only the newest few (pages/overlap.py)."""
    try:
        return [e.id for e in saved_store.get().recent(limit=max(1, saved_store.limits().max_count))]
    except saved_store.ScenarioError:
        return []


def params(q: Query) -> list[Param]:
    return params_for(load_inputs(q), saved_ids())


def scenario_from(values: dict, inputs: ModelInputs) -> Scenario:
    """The (unchecked) scenario the control values describe; run() checks and normalises it."""
    d = inputs.defaults
    return Scenario(
        rho=float(values.get("rho", d.rho)), delta=float(values.get("delta", d.delta)),
        kappa=float(values.get("kappa", d.kappa)), ratio=float(values.get("ratio", d.ratio)),
        diff=float(values.get("diff", d.diff)), ramp=float(values.get("ramp", d.ramp)),
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


@dataclass(frozen=True)
class Workbench:
    """The Overlap page's state beyond its link: the model inputs with the assumption tables as
    edited (or as a saved scenario set them), the sourced inputs they started from, and the saved
    scenario's name. Charts depend on it as much as on the control values."""

    inputs: ModelInputs
    base: ModelInputs
    saved_name: str = ""

    @cached_property  # read by the page, the caption and the charts: compared once
    def edited(self) -> bool:
        return not changed_assumptions(self.base, self.inputs).empty


@dataclass(frozen=True)
class Draft:
    """What "Save" stores for the scenario on screen: control values (no saved id, no language), the
    edited revenue and mix tables, the names of the changed assumptions and the data date."""

    values: dict
    revenue: pd.DataFrame
    mix: pd.DataFrame
    changed: tuple[str, ...]
    as_of: str


@dataclass(frozen=True)
class Run:
    """The model's result on screen and its one-line description: what "Pin" keeps to compare with."""

    result: Result
    text: str


def weights_notice(values: dict, inputs: ModelInputs, lang: str = i18n.DEFAULT) -> tuple[str, str] | None:
    """What the page says under the target weights, from the model's own rule (model.weight_total):
    ("zero", text) when they are all zero, ("scaled", text) when the model divides them by their sum."""
    weights = {s: float(values.get(WEIGHT_PREFIX + s, 0.0)) for s in inputs.segments}
    total, state = weight_total(weights)
    if state == "zero":
        return state, i18n.t("overlap.weights_zero", lang)
    if state == "scaled":
        used = i18n.join((f"{segment_name(inputs, s, lang)} {w / total:.0%}" for s, w in weights.items()), lang)
        return state, i18n.t("overlap.weights_sum", lang, total=f"{total:.0%}", used=used)
    return None


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
    short = i18n.t_or(f"overlap.seg_short.{top}", lang, segment_label(top) if segment_label else top.replace("_", " "))
    return o("t_led", segment=short) if w[top] >= 0.45 else o("t_mostly", segment=short)


def compact(result: Result, inputs: ModelInputs, edited: bool = False, saved_name: str = "",
            lang: str = i18n.DEFAULT) -> str:
    """'resale 10% · discount 15% · cannibalised 50% · enterprise-led · 2030' (+ what else differs)."""
    o = lambda key, **kw: i18n.t(f"overlap.{key}", lang, **kw)  # noqa: E731
    s, d = result.scenario, inputs.defaults
    parts = [o("s_resale", pct=f"{s.rho:.0%}"), o("s_discount", pct=f"{s.delta:.0%}"),
             o("s_cannibalised", pct=f"{s.kappa:.0%}"), i18n.t("overlap.model.s_diff", lang, pct=f"{s.diff:.0%}"),
             target_phrase(dict(s.weights), lang, inputs.segment_label), str(s.horizon)]
    if abs(s.ratio - d.ratio) > 1e-9:
        parts.append(o("s_ratio", ratio=f"{s.ratio:.2f}"))
    if abs(s.ramp - d.ramp) > 1e-9:
        parts.append(i18n.t("overlap.model.s_ramp", lang, ramp=f"{s.ramp:.1f}"))
    changed = [p for p in inputs.partners if abs(s.protect.get(p, 0) - d.protect.get(p, 0)) > 1e-9]
    if changed:
        parts.append(o("s_protection", items=i18n.join(
            (f"{partner_name(inputs, p, lang)} {s.protect[p]:.0%}" for p in changed), lang)))
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
    parts = [o("src_revenue", pubs=i18n.join(pubs, lang) or o("src_our_estimates")),
             o("src_contracts", n=deals["source_id"].nunique())]
    if len(ratio_pub):
        parts.append(o("src_ratio", pub=ratio_pub.iloc[0]))
    parts.append(o("src_ours"))
    return o("src_prefix") + i18n.join(parts, lang, "clauses")


def undisclosed_partners(result: Result, inputs: ModelInputs) -> list[str]:
    u = result.undisclosed
    return [inputs.partner_label(p) for p in inputs.partners if p in set(u["seller_id"])] if len(u) else []


# What an undisclosed deal leaves unknown: what OpenAI pays, and so the net (and their bands).
UNKNOWN_WITHOUT_VALUE = ("from_openai", "net")


def blank_unknown(frame: pd.DataFrame, ids: set[str], columns: tuple[str, ...] = ()) -> pd.DataFrame:
    """`frame` with the paid and net cells (UNKNOWN_WITHOUT_VALUE and their _p10/_p50/_p90, plus
    `columns`) blank for partners whose OpenAI deal has no disclosed value: unknown, not zero, in the
    charts and in the pack's CSVs alike."""
    cols = [c for c in frame.columns if c.startswith(UNKNOWN_WITHOUT_VALUE) or c in columns]
    if not ids or not cols:
        return frame
    out = frame.copy()
    out.loc[out["partner_id"].isin(ids), cols] = np.nan
    return out


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
    outweighed: tuple[str, ...] = ()  # named partners whose risk exceeds what OpenAI pays them at the horizon


def headline(result: Result) -> Headline:
    p = result.partners
    named = p[p["partner_id"] != "others"]
    top = named.loc[named["revenue_at_risk"].idxmax()] if len(named) else p.iloc[0]
    o = result.openai
    h = o[o["year"] == result.scenario.horizon].iloc[0]
    # Only partners with a valued OpenAI deal: for an undisclosed deal what OpenAI pays is unknown, not zero.
    valued = set(result.inputs.deal_years["seller_id"]) - set(result.undisclosed["seller_id"])
    worse = named[named["partner_id"].isin(valued) & (named["revenue_at_risk"] > named["from_openai"] + 1e-9)]
    return Headline(float(h["direct_revenue"]), float(p["revenue_at_risk"].sum()), str(top["partner"]),
                    float(top["revenue_at_risk"]), float(100 * top["revenue_at_risk"] / top["ai_revenue"])
                    if top["ai_revenue"] > 0 else 0.0, int(result.scenario.horizon), tuple(worse["partner"]))


def _badge(edited: bool, lang: str = i18n.DEFAULT) -> str:
    return i18n.t("overlap.badge", lang) if edited else ""


CHART_NAMES = ("overlap-heatmap", "overlap-exposure-bars", "overlap-net-projection", "overlap-quadrant",
               "overlap-market-share")
MODEL_CHARTS = ("overlap-tornado", "overlap-partner")  # what moves the risk; one partner with bands
ALL_CHARTS = CHART_NAMES + MODEL_CHARTS
# Each chart's name on the page's chart picker (an i18n key), in the picker's order.
CHART_LABELS = dict(zip(ALL_CHARTS, ("overlap.tab_heatmap", "overlap.tab_bars", "overlap.tab_net",
                                     "overlap.tab_quadrant", "overlap.tab_market", "overlap.model.tab_tornado",
                                     "overlap.model.tab_partner"), strict=True))


class ChartContext:
    """What every Overlap chart builder reads: the model's result for the scenario, the inputs it ran
    on, the caption parts (scenario line, sources, data date, "edited" badge) and the page's language.
    The Monte Carlo bands are computed on first use, so a tab without bands never pays for them."""

    def __init__(self, result: Result, inputs: ModelInputs, as_of: str, *, edited: bool = False,
                 saved_name: str = "", openai_color: str = OPENAI_COLOR, lang: str = i18n.DEFAULT,
                 partner: str | None = None):
        self.result, self.inputs, self.as_of = result, inputs, as_of
        self.lang = lang = i18n.normalise(lang)
        self.s = result.scenario
        self.H = self.s.horizon
        self.scen = compact(result, inputs, edited, saved_name, lang)
        self.src = source_text(inputs, lang)
        self.colors = dict(inputs.partner_colors) | {"openai": openai_color}
        self.names = {p: partner_name(inputs, p, lang) for p in inputs.partners}
        self.partners = _named(result.partners, self.names)
        self.with_deal = self.partners[self.partners["from_openai"] > 0]
        self.py = _named(result.partner_year, self.names)
        self.undisclosed = undisclosed_partners(result, inputs)
        self.undisclosed_ids = set(result.undisclosed["seller_id"]) if len(result.undisclosed) else set()
        self.badge = _badge(edited, lang)
        self.pid = partner_id(inputs, partner)
        self.pname = self.names[self.pid]

    def o(self, key: str, **kw) -> str:
        return i18n.t(f"overlap.{key}", self.lang, **kw)

    def m_(self, key: str, **kw) -> str:
        return i18n.t(f"overlap.model.{key}", self.lang, **kw)

    def cap(self, title: str, subtitle: str) -> Caption:
        return Caption(title=title, subtitle=subtitle + self.badge, source=self.src, as_of=self.as_of,
                       scenario=self.scen)

    @cached_property
    def bands(self) -> Bands:
        return monte_carlo(self.inputs, self.s)

    @cached_property
    def bf(self) -> pd.DataFrame:
        return self.bands.frame(self.inputs)

    @property
    def band_note(self) -> str:
        return self.m_("band_note", n=f"{self.bands.draws:,}")


def heatmap(c: ChartContext) -> Chart:
    """Revenue at risk by partner and customer segment at the horizon, as a share of the segment."""
    inputs, s, H, partners, m_ = c.inputs, c.s, c.H, c.partners, c.m_
    result, cap, lang = c.result, c.cap, c.lang
    seg = result.partner_segment
    seg_h = _named(seg[seg["year"] == H], c.names)
    names = [c.names[p] for p in inputs.partners]
    local = {inputs.segment_label(x): segment_name(inputs, x, lang) for x in inputs.segments}
    seg_names = [local[inputs.segment_label(x)] for x in inputs.segments]
    seg_h = seg_h.assign(segment=seg_h["segment"].map(local).fillna(seg_h["segment"]))
    seg_h = seg_h.assign(at_risk_pct=np.where(seg_h["segment_revenue"] > 0,
                                              100 * seg_h["revenue_at_risk"] / seg_h["segment_revenue"], 0.0))
    oi = dict(zip(partners["partner"], partners["overlap_index"], strict=True))
    named_cells = seg_h[seg_h["partner_id"] != "others"]
    top_c = named_cells.loc[named_cells["at_risk_pct"].idxmax()] if len(named_cells) else seg_h.iloc[0]
    t1 = (m_("c1_title", partner=top_c["partner"], segment=top_c["segment"], pct=f"{top_c['at_risk_pct']:.1f}",
             year=H) if top_c["at_risk_pct"] > 0 else m_("c1_none", year=H))
    fig = charts.overlap_heatmap(
        seg_h, names, seg_names, {segment_name(inputs, k, lang): v for k, v in s.weights.items()}, oi,
        cap(t1, m_("c1_subtitle", year=H)), lang=lang, value="at_risk_pct")
    return Chart("overlap-heatmap", fig,
                 seg_h[["partner_id", "partner", "segment_id", "segment", "year", "mix", "weight", "overlap",
                        "segment_revenue", "revenue_at_risk", "at_risk_pct"]])


def exposure_bars(c: ChartContext) -> Chart:
    """Each partner's revenue at risk beside what OpenAI pays it, at the horizon, with bands."""
    result, partners, with_deal, H, o, m_ = c.result, c.partners, c.with_deal, c.H, c.o, c.m_
    bf, cap, band_note, undisclosed, lang = c.bf, c.cap, c.band_note, c.undisclosed, c.lang
    ahead = int((with_deal["net"] > 0).sum())
    hl = headline(result)
    if hl.outweighed:
        ahead_text = m_("c2_ahead_all" if ahead == len(with_deal) else "c2_ahead_some", year=H, ahead=ahead,
                        n=len(with_deal))  # 'all 3 partners', not '3 of the 3 partners'
        t2 = m_("c2_outweighed_one" if len(hl.outweighed) == 1 else "c2_outweighed", year=H,
                names=i18n.join(hl.outweighed, lang), ahead_text=ahead_text)
    else:
        t2 = (o("c2_title_all" if ahead == len(with_deal) else "c2_title", year=H, ahead=ahead, n=len(with_deal))
              if len(with_deal) else o("c2_none", year=H))
    b_h = bf[bf["year"] == H].set_index("partner_id")
    data2 = partners[["partner_id", "partner", "horizon", "ai_revenue", "from_openai", "revenue_at_risk",
                      "net"]].assign(
        p10=b_h["revenue_at_risk_p10"].reindex(partners["partner_id"]).to_numpy(),
        p90=b_h["revenue_at_risk_p90"].reindex(partners["partner_id"]).to_numpy(),
        net_p10=b_h["net_p10"].reindex(partners["partner_id"]).to_numpy(),
        net_p90=b_h["net_p90"].reindex(partners["partner_id"]).to_numpy())
    data2 = blank_unknown(data2, c.undisclosed_ids)
    fig = charts.exposure_bars(data2, cap(t2, o("c2_subtitle", year=H) + band_note), undisclosed, lang=lang)
    return Chart("overlap-exposure-bars", fig, data2)


def net_projection(c: ChartContext) -> Chart:
    """Each partner's net (OpenAI's payments minus revenue at risk) year by year, with bands."""
    inputs, py, with_deal, H, o = c.inputs, c.py, c.with_deal, c.H, c.o
    bf, cap, band_note, undisclosed, colors, lang = c.bf, c.cap, c.band_note, c.undisclosed, c.colors, c.lang
    named = py[py["partner_id"] != "others"]
    neg = named[(named["net"] < 0) & (named["from_openai"] > 0)]
    # A partner OpenAI paid in earlier years whose contracts have ended: its line drops below zero
    # on the chart, so the title cannot say every contract outweighs the risk.
    first_paid = named[named["from_openai"] > 0].groupby("partner_id")["year"].min()
    ended = named[(named["net"] < 0) & (named["from_openai"] <= 0)
                  & (named["year"] > named["partner_id"].map(first_paid).fillna(np.inf))]
    last = py[(py["year"] == H) & py["partner_id"].isin(with_deal["partner_id"])].set_index("partner")["net"]
    if len(neg):
        first = neg.sort_values("year").iloc[0]
        t3 = o("c3_negative", partner=first["partner"], year=int(first["year"]))
    elif len(ended):
        first = ended.sort_values("year").iloc[0]
        t3 = o("c3_ended", partner=first["partner"], year=int(first["year"]), net=_net_money(first["net"], c.lang))
    elif len(last):
        t3 = o("c3_thinnest", start=inputs.base_year, end=H, partner=last.idxmin(),
                 net=_net_money(last.min(), c.lang))
    else:
        t3 = o("c3_plain", start=inputs.base_year, end=H)
    sub3 = o("c3_subtitle",
             undisclosed=o("c3_undisclosed", names=i18n.join(undisclosed, c.lang)) if undisclosed else "")
    data3 = blank_unknown(py[["partner_id", "partner", "year", "from_openai", "revenue_at_risk", "net"]].merge(
        bf[["partner_id", "year", "net_p10", "net_p90"]].rename(columns={"net_p10": "p10", "net_p90": "p90"}),
        on=["partner_id", "year"], how="left"), c.undisclosed_ids, ("p10", "p90"))
    fig = charts.net_lines(data3, colors, cap(t3, sub3 + band_note), lang=lang)
    return Chart("overlap-net-projection", fig, data3)


def _net_money(value: float, lang: str) -> str:
    """A net in a title: two decimals under $1B, as the one-partner chart writes the same figure
    ('-$0.28B', not '-$0.3B' beside its '$0.28B')."""
    return i18n.money(value, lang, 2 if abs(value) < 1 else 1)


def quadrant(c: ChartContext) -> Chart:
    """Overlap index against share of AI revenue at risk, bubbles sized by contract value."""
    inputs, partners, py, H, o = c.inputs, c.partners, c.py, c.H, c.o
    cap, undisclosed, colors, lang = c.cap, c.undisclosed, c.colors, c.lang
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
    return Chart("overlap-quadrant", fig, blank_unknown(quad[["partner_id", "partner", "overlap_index", "at_risk_pct",
                                                              "revenue_at_risk", "contract_value"]],
                                                        c.undisclosed_ids, ("contract_value",)))


def market_share(c: ChartContext) -> Chart:
    """Market shares at the horizon before and after OpenAI's direct sales."""
    result, inputs, H, o, cap, colors, lang = c.result, c.inputs, c.H, c.o, c.cap, c.colors, c.lang
    m = _named(result.market[result.market["year"] == H], c.names)
    oa = float(m[m["partner_id"] == "openai"]["share_after_pct"].iloc[0])
    leader = m[m["partner_id"] != "openai"].sort_values("share_before_pct").iloc[-1]
    t5 = o("c5_title", share=f"{oa:.1f}", year=H, partner=leader["partner"],
           before=f"{leader['share_before_pct']:.1f}", after=f"{leader['share_after_pct']:.1f}")
    fig = charts.market_before_after(m, colors, [*inputs.partners, "openai"], cap(t5, o("c5_subtitle", year=H)),
                                     lang=lang)
    return Chart("overlap-market-share", fig, m)


def tornado_chart(c: ChartContext) -> Chart:
    """What moves one partner's revenue at risk most: each input at its low and high value."""
    inputs, s, pid, pname, H, m_, cap, lang = c.inputs, c.s, c.pid, c.pname, c.H, c.m_, c.cap, c.lang
    tor = tornado(inputs, s, pid)
    tor = tor.assign(label=[input_label(inputs, n, lang) for n in tor["input"]],
                     range=[input_range(r.input, r.low, r.high, lang) for r in tor.itertuples()],
                     unit=[input_unit(n, lang) for n in tor["input"]])
    top = tor.iloc[0] if len(tor) else None
    t6 = (m_("c6_title", partner=pname, year=H, input=top["label"],
             low=i18n.money(min(top["at_risk_low"], top["at_risk_high"]), lang, 2),
             high=i18n.money(max(top["at_risk_low"], top["at_risk_high"]), lang, 2)) if top is not None else pname)
    fig = charts.tornado(tor, cap(t6, m_("c6_subtitle", partner=pname, year=H)), lang=lang)
    return Chart("overlap-tornado", fig, tor.assign(partner_id=pid))


def partner_view(c: ChartContext) -> Chart:
    """One partner over the years: paid by OpenAI, revenue at risk and net, with bands."""
    result, pid, pname, H, m_, py = c.result, c.pid, c.pname, c.H, c.m_, c.py
    bands, bf, cap, band_note, lang = c.bands, c.bf, c.cap, c.band_note, c.lang
    g = partner_glance(result, bands, pid)
    worse = g["at_risk"] > g["from_openai"]
    unpaid = g["from_openai"] < 0.005  # rounds to $0.00B: say so in words, not "is paid $0B"
    unknown = pid in c.undisclosed_ids  # a deal without a disclosed value: what it pays is unknown, not zero
    key = "c7_undisclosed" if unknown else "c7_unpaid" if unpaid else "c7_worse" if worse else "c7_title"
    t7 = m_(key, partner=pname, year=H,
            paid=i18n.money(g["from_openai"], lang),
            risk=i18n.money(g["at_risk"], lang, 2), p10=i18n.money(g["at_risk_p10"], lang, 2),
            p90=i18n.money(g["at_risk_p90"], lang, 2),
            pct=f"{g['at_risk_pct_of_revenue']:.1f}")
    pf = bf[bf["partner_id"] == pid].merge(py[py["partner_id"] == pid][["partner_id", "year", "partner",
                                                                          "from_openai", "revenue_at_risk", "net",
                                                                          "ai_revenue"]],
                                           on=["partner_id", "year"])
    pf = blank_unknown(pf, c.undisclosed_ids)
    sub7 = m_("c7_subtitle_undisclosed" if unknown else "c7_subtitle", partner=pname)
    fig = charts.partner_lines(pf, cap(t7, sub7 + band_note), lang=lang)
    return Chart("overlap-partner", fig, pf.rename(columns={"revenue_at_risk_p10": "p10",
                                                            "revenue_at_risk_p90": "p90"}))


# Chart name -> builder, in the page's tab order (ALL_CHARTS): the one view contract's chart map.
CHARTS: dict[str, Callable[[ChartContext], Chart]] = {
    "overlap-heatmap": heatmap, "overlap-exposure-bars": exposure_bars, "overlap-net-projection": net_projection,
    "overlap-quadrant": quadrant, "overlap-market-share": market_share, "overlap-tornado": tornado_chart,
    "overlap-partner": partner_view,
}


def charts_from(result: Result, inputs: ModelInputs, as_of: str, *, edited: bool = False, saved_name: str = "",
                openai_color: str = OPENAI_COLOR, lang: str = i18n.DEFAULT,
                only: str | None = None, partner: str | None = None) -> list[Chart]:
    """The page's charts, or just the one named `only` (the page draws one tab at a time:
    building a Plotly figure is most of a slider move's server time)."""
    c = ChartContext(result, inputs, as_of, edited=edited, saved_name=saved_name, openai_color=openai_color,
                     lang=lang, partner=partner)
    return [build(c) for name, build in CHARTS.items() if only is None or only == name]


def partner_id(inputs: ModelInputs, partner: str | None) -> str:
    """The partner id for an id or a name (the control holds names); the first named partner otherwise."""
    by_name = {inputs.partner_label(p): p for p in inputs.partners}
    if partner in inputs.partners:
        return str(partner)
    if partner in by_name:
        return by_name[partner]
    return next((p for p in inputs.partners if p != "others"), inputs.partners[0])


def partner_glance(result: Result, bands: Bands | None, partner_id: str) -> dict:
    """One partner at the horizon: what OpenAI pays it, what it risks (with the 10th-90th percentile
    band), its revenue and risk as a share of it."""
    inputs = result.inputs
    bands = bands or monte_carlo(inputs, result.scenario)
    i = inputs.partners.index(partner_id)
    a = result.arrays
    R = float(a.R[i, -1])
    risk = float(a.RaR[i, -1])
    return {"partner_id": partner_id, "partner": inputs.partner_label(partner_id), "year": int(a.years[-1]),
            "from_openai": float(a.K_p[i, -1]), "from_openai_p10": float(bands.p10["from_openai"][i, -1]),
            "from_openai_p90": float(bands.p90["from_openai"][i, -1]),
            "at_risk": risk, "at_risk_p10": float(bands.p10["revenue_at_risk"][i, -1]),
            "at_risk_p90": float(bands.p90["revenue_at_risk"][i, -1]),
            "ai_revenue": R, "at_risk_pct_of_revenue": 100 * risk / R if R > 0 else 0.0,
            "at_risk_pct_p10": 100 * float(bands.p10["revenue_at_risk"][i, -1]) / R if R > 0 else 0.0,
            "at_risk_pct_p90": 100 * float(bands.p90["revenue_at_risk"][i, -1]) / R if R > 0 else 0.0,
            "net": float(a.net[i, -1]), "net_p10": float(bands.p10["net"][i, -1]),
            "net_p90": float(bands.p90["net"][i, -1])}


def glance_table(result: Result, partner: str, stakes: pd.DataFrame, lang: str = i18n.DEFAULT) -> pd.DataFrame:
    """The one-partner view as rows: measure, value, 10th and 90th percentile, note."""
    m_ = lambda key, **kw: i18n.t(f"overlap.model.{key}", lang, **kw)  # noqa: E731
    pid = partner_id(result.inputs, partner)
    g = partner_glance(result, None, pid)
    bn, pct = m_("unit_usd_bn"), m_("unit_pct")
    rows = [
        (m_("g_paid", year=g["year"]), g["from_openai"], g["from_openai_p10"], g["from_openai_p90"], bn),
        (m_("g_risk", year=g["year"]), g["at_risk"], g["at_risk_p10"], g["at_risk_p90"], bn),
        (m_("g_net", year=g["year"]), g["net"], g["net_p10"], g["net_p90"], bn),
        (m_("g_share", year=g["year"]), g["at_risk_pct_of_revenue"], g["at_risk_pct_p10"], g["at_risk_pct_p90"], pct),
    ]
    st_ = stakes[stakes["provider_id"] == pid] if len(stakes) else stakes
    for r in st_.itertuples(index=False):
        unit = m_(f"unit_{r.unit}") if i18n.has(f"overlap.model.unit_{r.unit}") else str(r.unit)
        # A reported stake does not vary across the draws: its 10th and 90th percentiles are itself.
        value = float(r.value)
        rows.append((m_(f"g_{r.metric}", period=i18n.period(r.period, lang)), value, value, value, unit))
    out = pd.DataFrame(rows, columns=["measure", "value", "p10", "p90", "unit"])
    # Money rows in the unit of the chart above the table (億美元 in Chinese)
    money, cols = out["unit"] == bn, ["value", "p10", "p90"]
    out.loc[money, cols] = i18n.plot_money(lang)(out.loc[money, cols])
    return out.round({"value": 2, "p10": 2, "p90": 2})


def calibration(inputs: ModelInputs, q: Query, lang: str = i18n.DEFAULT) -> pd.DataFrame:
    """The calibration table for the page: the model's base-year figures beside the reported ones."""
    table = calibration_table(inputs, q("model_calibration"))
    table.insert(2, "what", [i18n.t(f"overlap.model.figure.{f}", lang) for f in table["figure"]])
    # Every figure here is money: in the unit of the page's charts and cards (億美元 in Chinese)
    pm = i18n.plot_money(lang)
    return table.assign(modelled=pm(table["modelled"]), reported=pm(table["reported"]))


def plausibility_notes(result: Result, lang: str = i18n.DEFAULT) -> list[str]:
    """Sentences for each way this scenario leaves the sourced world (empty when it does not)."""
    out = []
    for f in plausibility(result):
        out.append(i18n.t(f"overlap.model.implausible_{f['kind']}", lang, year=f["year"],
                          value=i18n.money(f["value"], lang), limit=i18n.money(f["limit"], lang)))
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
             i18n.t("overlap.cmp_title", lang, partner=big["partner"],
                    delta=i18n.money(big["d_net"], lang, 2, plus=True)))
    cap = Caption(title=title,
                  subtitle=(i18n.t("overlap.cmp_subtitle", lang, current=current.scenario.horizon,
                                   pinned=pinned.scenario.horizon, text=pinned_text) + _badge(edited, lang)),
                  source=source_text(inputs, lang), as_of=as_of, scenario=compact(current, inputs, edited, lang=lang))
    return Chart("overlap-compare-pinned", charts.delta_bars(delta, cap, lang=lang), delta)


def workbench_from(q: Query, values: dict) -> Workbench:
    """The Workbench a link alone gives: sourced inputs from `q` and, when values name a saved
    scenario, its assumption tables (as the page does on opening such a link)."""
    base = load_inputs(q)
    sid = values.get(SCENARIO_KEY) or ""
    if sid:
        try:
            saved = saved_store.get().load(sid)
            return Workbench(with_saved(base, saved)[0], base, saved.name)
        except saved_store.ScenarioError:
            pass
    return Workbench(base, base)


def charts_for(q: Query, values: dict, as_of: str, *, state: Workbench | None = None,
               only: str | None = None, result: Result | None = None) -> list[Chart]:
    """The page's charts (or only the one named `only`) for the control values and the page's
    Workbench; without one (the CLI, the chart pack) it is built from `q` and the link. `result` is
    the model already run for these values on state.inputs (the page has it), else it is run here."""
    state = state or workbench_from(q, values)
    inputs, saved_name, edited = state.inputs, state.saved_name, state.edited
    result = result or run(inputs, scenario_from(values, inputs))
    try:
        prov = q("providers")
        color = str(prov.loc[prov["provider_id"] == "openai", "color"].iloc[0])
    except Exception:  # noqa: BLE001 - a colour is not worth failing for
        color = OPENAI_COLOR
    return charts_from(result, inputs, as_of, edited=edited, saved_name=saved_name, openai_color=color,
                       lang=i18n.normalise(values.get("lang")), only=only, partner=values.get(PARTNER_KEY))


def model_document(lang: str = i18n.DEFAULT) -> str:
    """docs/model.md, drawn under "How the model works" (the page's link points at its first heading)."""
    from ..paths import ROOT

    path = ROOT / "docs" / "model.md"
    return path.read_text(encoding="utf-8") if path.exists() else i18n.t("overlap.doc.no_model_doc", lang)
