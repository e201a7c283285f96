"""Turn the model's query frames (queries/model_*.sql) into ModelInputs: arrays the equations
use, the defaults of the scenario, and the provenance behind every default."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import pandas as pd

from . import contracts as C
from .scenario import Scenario

QUERIES = ("model_assumptions", "model_contracts", "model_segments", "model_partners")
HORIZON_MAX_YEARS = 8  # base_year + 8 = 2034: the end of the ~8-year build-out (the last contract year is 2033)

# Scenario field -> the assumption row (param) that holds its default.
SCENARIO_PARAMS = {
    "rho": "resale_share",
    "delta": "price_discount",
    "kappa": "cannibalised_share",
    "ratio": "list_to_contract_price_ratio",
    "horizon": "horizon_year",
    "diff": "differentiation_share",
    "ramp": "undisclosed_ramp",
}
# Used when a database brought in with DASHBOARD_DB predates these rows (docs/model.md).
OPTIONAL_DEFAULTS = {"differentiation_share": 0.0, "undisclosed_ramp": 0.0}
PARTNER_PARAMS = ("cloud_revenue", "ai_fraction", "growth_pct", "protect")


class ModelInputError(ValueError):
    """The data lacks something the model needs; the message says what."""


@dataclass(frozen=True, eq=False, repr=False)
class ModelInputs:
    """Everything `run` needs, fixed for one database (and one set of user edits).

    Arrays are indexed [partner] / [partner, segment] / [year] in the order of `partners`,
    `segments` and `years_all` (base_year..year_max)."""

    base_year: int
    year_max: int
    partners: tuple[str, ...]
    partner_names: Mapping[str, str]
    partner_colors: Mapping[str, str]
    segments: tuple[str, ...]
    segment_names: Mapping[str, str]
    cloud_revenue: np.ndarray  # [P] US$ bn per year, base year
    ai_fraction: np.ndarray  # [P] fraction of cloud revenue that is AI compute
    growth_pct: np.ndarray  # [P] % per year
    mix: np.ndarray  # [P, S] fraction of AI revenue per segment; rows sum to 1
    from_openai: np.ndarray  # [P, Y] K[p,t]: OpenAI's contracted spend with partner p (default profile)
    spend_total: np.ndarray  # [Y] K[t] all counted, valued deals (every seller)
    resellable: np.ndarray  # [Y] the part of K[t] that is resellable capacity
    deal_years: pd.DataFrame  # one row per deal and year (contracts.DEAL_YEAR_COLUMNS)
    undisclosed: pd.DataFrame  # counted deals with no value (contracts.UNDISCLOSED_COLUMNS)
    contracts: pd.DataFrame  # the model_contracts frame as loaded
    assumptions: pd.DataFrame  # the model_assumptions frame as loaded
    defaults: Scenario
    undisclosed_term: tuple[int, int]
    deals: C.DealArrays = field(repr=False)  # the deals as arrays, to recompute K for any ramp
    openai_forecast: tuple[tuple[int, float], ...] = ()  # (year, OpenAI's own revenue forecast, US$ bn)
    cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)  # label columns by shape

    def __repr__(self) -> str:
        return (f"ModelInputs(base_year={self.base_year}, year_max={self.year_max}, partners={self.partners}, "
                f"segments={self.segments}, deals={self.deal_years['contract_id'].nunique()})")

    @property
    def years_all(self) -> list[int]:
        return list(range(self.base_year, self.year_max + 1))

    @property
    def ai_revenue(self) -> np.ndarray:
        """The base-year AI-compute revenue from every customer, OpenAI included (US$ bn):
        cloud_revenue x ai_fraction, the figure calibrated against reported AI run rates."""
        return self.cloud_revenue * self.ai_fraction

    def partner_label(self, p: str) -> str:
        return self.partner_names.get(p, p)

    def segment_label(self, s: str) -> str:
        return self.segment_names.get(s, s)


def _scalar(assumptions: pd.DataFrame, param: str) -> float:
    rows = assumptions[(assumptions["param"] == param) & assumptions["provider_id"].isna()
                       & assumptions["segment_id"].isna()]
    if rows.empty:
        raise ModelInputError(f"the assumptions table has no `{param}` row, which the overlap model needs.")
    return float(rows["value"].iloc[0])


def _scalar_or(assumptions: pd.DataFrame, param: str) -> float:
    try:
        return _scalar(assumptions, param)
    except ModelInputError:
        if param in OPTIONAL_DEFAULTS:
            return OPTIONAL_DEFAULTS[param]
        raise


def _by(assumptions: pd.DataFrame, param: str, column: str) -> dict[str, float]:
    rows = assumptions[(assumptions["param"] == param) & assumptions[column].notna()]
    return {str(k): float(v) for k, v in zip(rows[column], rows["value"], strict=True)}


def build_inputs(assumptions: pd.DataFrame, contracts: pd.DataFrame, segments: pd.DataFrame,
                 partners: pd.DataFrame) -> ModelInputs:
    """ModelInputs from the four model_* query frames (pure: no database access)."""
    part_ids = tuple(str(p) for p in partners["provider_id"])
    seg_ids = tuple(str(s) for s in segments["segment_id"])
    if not part_ids or not seg_ids:
        raise ModelInputError("the overlap model needs at least one partner with a cloud_revenue row and one segment.")
    by_partner = {param: _by(assumptions, param, "provider_id") for param in PARTNER_PARAMS}
    missing = [f"{param}.{p}" for param in ("cloud_revenue", "ai_fraction", "growth_pct")
               for p in part_ids if p not in by_partner[param]]
    if missing:
        raise ModelInputError("the assumptions table lacks " + ", ".join(missing[:6]) + ".")

    mix_rows = assumptions[assumptions["param"] == "mix"]
    mix = np.zeros((len(part_ids), len(seg_ids)))
    p_index = {p: i for i, p in enumerate(part_ids)}
    s_index = {s: j for j, s in enumerate(seg_ids)}
    for p, s, v in zip(mix_rows["provider_id"], mix_rows["segment_id"], mix_rows["value"], strict=True):
        if p in p_index and s in s_index:
            mix[p_index[p], s_index[s]] = float(v)
    empty = [p for p in part_ids if mix[p_index[p]].sum() <= 0]
    if empty:
        raise ModelInputError("the assumptions table has no segment mix for " + ", ".join(empty) + ".")
    mix = mix / mix.sum(axis=1, keepdims=True)

    base_year = int(_scalar(assumptions, "base_year"))
    year_max = base_year + HORIZON_MAX_YEARS
    years = list(range(base_year, year_max + 1))
    term = (int(_scalar(assumptions, "undisclosed_term_start_year")),
            int(_scalar(assumptions, "undisclosed_term_end_year")))
    ramp = _scalar_or(assumptions, SCENARIO_PARAMS["ramp"])
    slopes, _ = C.payment_profiles(assumptions)
    per_year = C.deal_years(contracts, *term, slopes=slopes, default_slope=ramp)
    sellers = sorted(set(per_year["seller_id"])) if not per_year.empty else []
    forecast = tuple(sorted((int(str(n).rsplit("_", 1)[1]), float(v)) for n, v in
                            zip(*(assumptions.loc[assumptions["param"] == "openai_revenue_forecast", c]
                                  for c in ("name", "value")), strict=True)
                            if str(n).rsplit("_", 1)[-1].isdigit()))

    weights = _by(assumptions, "target_weight", "segment_id")
    weights = {s: weights.get(s, 0.0) for s in seg_ids}
    if sum(weights.values()) <= 0:
        weights = {s: 1.0 / len(seg_ids) for s in seg_ids}
    total = sum(weights.values())
    defaults = Scenario(
        rho=_scalar(assumptions, SCENARIO_PARAMS["rho"]),
        delta=_scalar(assumptions, SCENARIO_PARAMS["delta"]),
        kappa=_scalar(assumptions, SCENARIO_PARAMS["kappa"]),
        ratio=_scalar(assumptions, SCENARIO_PARAMS["ratio"]),
        diff=_scalar_or(assumptions, SCENARIO_PARAMS["diff"]),
        ramp=ramp,
        horizon=min(max(int(_scalar(assumptions, SCENARIO_PARAMS["horizon"])), base_year), year_max),
        weights={s: w / total for s, w in weights.items()},
        protect={p: by_partner["protect"].get(p, 0.0) for p in part_ids},
    )

    names = partners["short_name"] if "short_name" in partners else partners["provider_id"]
    colors = partners["color"] if "color" in partners else pd.Series("#888888", index=partners.index)
    return ModelInputs(
        base_year=base_year, year_max=year_max, partners=part_ids,
        partner_names=MappingProxyType(dict(zip(part_ids, map(str, names), strict=True))),
        partner_colors=MappingProxyType(dict(zip(part_ids, map(str, colors), strict=True))),
        segments=seg_ids,
        segment_names=MappingProxyType(dict(zip(seg_ids, map(str, segments.get("name", segments["segment_id"])),
                                                strict=True))),
        cloud_revenue=np.array([by_partner["cloud_revenue"][p] for p in part_ids]),
        ai_fraction=np.array([by_partner["ai_fraction"][p] for p in part_ids]),
        growth_pct=np.array([by_partner["growth_pct"][p] for p in part_ids]),
        mix=mix,
        from_openai=C.spend_matrix(per_year, list(part_ids), years),
        spend_total=C.spend_matrix(per_year, sellers, years).sum(axis=0),
        resellable=C.spend_matrix(per_year, sellers, years, resellable_only=True).sum(axis=0),
        deal_years=per_year,
        undisclosed=C.undisclosed_deals(contracts),
        contracts=contracts,
        assumptions=assumptions,
        defaults=defaults,
        undisclosed_term=term,
        deals=C.DealArrays(per_year, list(part_ids)),
        openai_forecast=forecast,
    )


def load_inputs(q: Callable[[str], pd.DataFrame]) -> ModelInputs:
    """ModelInputs from a query runner, q(name) -> frame of queries/<name>.sql (the CLI, the bench and
    tests pass `lambda name: db.run(con, name)`; the app its cached ui.data.query). The model takes the
    runner rather than a connection so that it never imports the database layer."""
    return build_inputs(*(q(name) for name in QUERIES))


def default_provenance(inputs: ModelInputs) -> pd.DataFrame:
    """Where each scenario default comes from: symbol, URL key, assumption row, value, confidence, source."""
    a = inputs.assumptions
    rows = []
    specs = [("ρ", "rho", "resale_share"), ("δ", "delta", "price_discount"), ("κ", "kappa", "cannibalised_share"),
             ("ratio", "ratio", "list_to_contract_price_ratio"), ("φ", "diff", "differentiation_share"),
             ("r", "ramp", "undisclosed_ramp"), ("horizon", "year", "horizon_year")]
    specs += [(f"w[{s}]", f"w_{s}", f"target.{s}") for s in inputs.segments]
    specs += [(f"protect[{p}]", f"protect_{p}", f"protect.{p}") for p in inputs.partners]
    for symbol, key, name in specs:
        hit = a[a["name"] == name]
        if hit.empty:
            rows.append({"symbol": symbol, "url_key": key, "assumption": name, "value": None, "unit": None,
                         "confidence": "missing", "rationale": "no such assumption row; model default used",
                         "source_id": None, "url": None})
            continue
        r = hit.iloc[0]
        rows.append({"symbol": symbol, "url_key": key, "assumption": name, "value": float(r["value"]),
                     "unit": r.get("unit"), "confidence": r.get("confidence"), "rationale": r.get("rationale"),
                     "source_id": r.get("source_id"), "url": r.get("url")})
    return pd.DataFrame(rows)
