"""The scenario a user sets (sliders, a link, the CLI), its bounds, named presets, and the
one place where out-of-range or garbage values are clamped or dropped with a readable reason.

URL keys (short and stable): rho, delta, kappa, ratio, diff, ramp, year, w_<segment_id>, protect_<provider_id>.

Bounds come from sourced ranges where one exists (docs/model.md, "Bounds"): the discount δ stops
at 0.6, the gap between the hyperscalers' top H100 list price ($5.00) and the long tail's lowest
($1.99) in May 2026 (mercatus-ai-2026-05-01); the price ratio λ runs from 1.0 (hyperscaler low
over specialty high, $3.50/$3.50) to 2.5 (hyperscaler high over long-tail low, $5.00/$1.99).
Shares (ρ, κ, φ, weights, protection) are bounded by 0 and 1 because they are shares.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .. import i18n
from ..text import code

if TYPE_CHECKING:  # pragma: no cover
    from .inputs import ModelInputs

# Bounds of the scalar parameters: key -> (attribute, low, high, label).
SCALARS: dict[str, tuple[str, float, float, str]] = {
    "rho": ("rho", 0.0, 1.0, "share of contracted capacity OpenAI resells"),
    "delta": ("delta", 0.0, 0.6, "price discount against partner list price"),
    "kappa": ("kappa", 0.0, 1.0, "share of direct sales taken from incumbents"),
    "ratio": ("ratio", 1.0, 2.5, "list-to-contract price ratio"),
    "diff": ("diff", 0.0, 1.0, "share of direct sales in regions or latency tiers partners do not serve"),
    "ramp": ("ramp", 0.0, 2.0, "payment-profile slope of deals without a reported schedule"),
}
WEIGHT_BOUNDS = (0.0, 1.0)
PROTECT_BOUNDS = (0.0, 1.0)
WEIGHT_PREFIX = "w_"
PROTECT_PREFIX = "protect_"
YEAR_KEY = "year"
WEIGHT_TOLERANCE = 1e-3  # weights summing to 1 within this are normalised silently
MAX_SHOWN = 40


def _freeze(d: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(d))


@dataclass(frozen=True)
class Scenario:
    """rho, delta, kappa and diff are fractions, ratio a ratio, ramp a payment-profile slope;
    weights by segment_id (sum to 1); protect by provider_id (0..1); horizon is the last year shown."""

    rho: float
    delta: float
    kappa: float
    weights: Mapping[str, float] = field(default_factory=dict)
    protect: Mapping[str, float] = field(default_factory=dict)
    horizon: int = 2030
    ratio: float = 1.4
    diff: float = 0.0
    ramp: float = 0.0

    def __post_init__(self):
        object.__setattr__(self, "weights", _freeze(self.weights))
        object.__setattr__(self, "protect", _freeze(self.protect))

    def key(self) -> tuple:
        """A hashable, order-independent identity (for caches)."""
        return (self.rho, self.delta, self.kappa, tuple(sorted(self.weights.items())),
                tuple(sorted(self.protect.items())), self.horizon, self.ratio, self.diff, self.ramp)

    def __hash__(self) -> int:
        return hash(self.key())

    def __eq__(self, other) -> bool:
        return isinstance(other, Scenario) and self.key() == other.key()

    def with_(self, **changes) -> Scenario:
        """A copy with some fields changed (weights/protect may be partial: merged in)."""
        if "weights" in changes:
            changes["weights"] = {**self.weights, **changes["weights"]}
        if "protect" in changes:
            changes["protect"] = {**self.protect, **changes["protect"]}
        return replace(self, **changes)


# --- checking ---------------------------------------------------------------------------------

def _short(text: str) -> str:
    text = str(text)
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "…"


def _fmt(x: float) -> str:
    return f"{x:.6g}"


def to_number(raw: Any) -> tuple[float | None, str | None]:
    """A finite float from a string/number, or None and why not."""
    if isinstance(raw, bool):
        return None, "not_number"
    if isinstance(raw, (int, float)):
        x = float(raw) if not isinstance(raw, int) or abs(raw) < 1e300 else math.copysign(math.inf, raw)
    else:
        try:
            x = float(str(raw).strip())
        except (ValueError, TypeError, OverflowError):
            return None, "not_number"
    if not math.isfinite(x):
        return None, "not_finite"
    return x, None


class _Checker:
    def __init__(self):
        self.problems: list[str] = []

    def note(self, key: str, raw: Any, why: str, used: str, **values) -> None:
        """`why`: a key of [model.check.why]."""
        self.problems.append(i18n.Message("model.check.value", pair=code(_short(key) + "=" + _short(raw)),
                                          why=i18n.Message(f"model.check.why.{why}", **values), used=used))

    def number(self, key: str, raw: Any, default: float, lo: float, hi: float) -> float:
        x, why = to_number(raw)
        if x is None:
            self.note(key, raw, why, _fmt(default))
            return default
        if x < lo:
            self.note(key, raw, "below", _fmt(lo), limit=_fmt(lo))
            return lo
        if x > hi:
            self.note(key, raw, "above", _fmt(hi), limit=_fmt(hi))
            return hi
        return x


def weight_total(weights: Mapping[str, float]) -> tuple[float, str]:
    """The target weights' sum and what check() does with them: "zero" (the defaults are used),
    "scaled" (each is divided by the sum) or "ok" (1 within WEIGHT_TOLERANCE, used as they are)."""
    total = float(sum(weights.values()))
    if total <= 0:
        return total, "zero"
    return total, ("scaled" if abs(total - 1.0) > WEIGHT_TOLERANCE else "ok")


def check(scenario: Scenario, inputs: ModelInputs) -> tuple[Scenario, list[str]]:
    """`scenario` with every value inside its bounds, weights normalised, unknown ids dropped.

    Missing segment weights are 0 (a scenario lists what it targets); missing protection takes
    the default. Problems are sentences naming the URL key, the value and what is used instead."""
    d = inputs.defaults
    c = _Checker()
    scalars = {attr: c.number(key, getattr(scenario, attr), getattr(d, attr), lo, hi)
               for key, (attr, lo, hi, _) in SCALARS.items()}

    weights: dict[str, float] = {}
    for seg in inputs.segments:
        key = WEIGHT_PREFIX + seg
        raw = scenario.weights.get(seg, 0.0)
        weights[seg] = c.number(key, raw, d.weights.get(seg, 0.0), *WEIGHT_BOUNDS)
    unknown = [s for s in scenario.weights if s not in inputs.segments]
    if unknown:
        keys = ", ".join(code(_short(s)) for s in unknown)
        c.problems.append(i18n.Message("model.check.unknown_segments", keys=keys))
    total, state = weight_total(weights)
    if state == "zero":
        c.problems.append(i18n.Message("model.check.weights_zero"))
        weights = {s: float(d.weights.get(s, 0.0)) for s in inputs.segments}
        total, state = weight_total(weights)
        total = total or 1.0
    if state == "scaled":
        c.problems.append(i18n.Message("model.check.weights_scaled", total=f"{total:.3g}"))
    weights = {s: w / total for s, w in weights.items()}

    protect: dict[str, float] = {}
    for p in inputs.partners:
        default = float(d.protect.get(p, 0.0))
        protect[p] = c.number(PROTECT_PREFIX + p, scenario.protect.get(p, default), default, *PROTECT_BOUNDS)
    unknown = [p for p in scenario.protect if p not in inputs.partners]
    if unknown:
        keys = ", ".join(code(_short(p)) for p in unknown)
        c.problems.append(i18n.Message("model.check.unknown_partners", keys=keys))

    horizon = c.number(YEAR_KEY, scenario.horizon, d.horizon, inputs.base_year, inputs.year_max)
    if horizon != int(horizon):
        c.note(YEAR_KEY, scenario.horizon, "not_whole_year", str(round(horizon)))
    return Scenario(weights=weights, protect=protect, horizon=int(round(horizon)), **scalars), c.problems


# --- links ------------------------------------------------------------------------------------
# A link is read by the app's one parser (channel_conflict.params.parse) with the Overlap page's
# controls (views.overlap.params_for); check() above then bounds and normalises the scenario.

def _differs(a: float, b: float, tol: float = 1e-6) -> bool:
    return abs(float(a) - float(b)) > tol


def same(a: Scenario, b: Scenario, inputs: ModelInputs, tol: float = 1e-6) -> bool:
    """The two scenarios agree to `tol` on every value the model reads (a link carries six digits)."""
    return (not any(_differs(getattr(a, attr), getattr(b, attr), tol) for attr, *_ in SCALARS.values())
            and int(a.horizon) == int(b.horizon)
            and not any(_differs(a.weights.get(s, 0.0), b.weights.get(s, 0.0), tol) for s in inputs.segments)
            and not any(_differs(a.protect.get(p, 0.0), b.protect.get(p, 0.0), tol) for p in inputs.partners))


def url_keys(inputs: ModelInputs) -> list[str]:
    """Every URL key the model reads, for this data's segments and partners."""
    return ([*SCALARS, YEAR_KEY] + [WEIGHT_PREFIX + s for s in inputs.segments]
            + [PROTECT_PREFIX + p for p in inputs.partners])


# --- presets ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Preset:
    id: str
    label: str
    description: str
    rho: float
    delta: float
    kappa: float
    weights: Mapping[str, float]
    diff: float = 0.0


PRESETS: dict[str, Preset] = {p.id: p for p in (
    Preset("quiet", "Quiet reseller",
           "OpenAI sells a little spare capacity near list price to labs and developers it already knows, half of it "
           "in regions or latency tiers its partners do not serve.",
           rho=0.05, delta=0.05, kappa=0.3,
           weights={"frontier_labs": 0.5, "startups_developers": 0.5}, diff=0.5),
    Preset("enterprise", "Enterprise-first AI cloud",
           "A fifth of its capacity sold at a 15% discount, mostly under enterprise agreements; a fifth of it "
           "differentiated.",
           rho=0.2, delta=0.15, kappa=0.6,
           weights={"frontier_labs": 0.05, "large_enterprise": 0.7, "startups_developers": 0.15,
                    "public_sector": 0.1}, diff=0.2),
    Preset("all_out", "All-out",
           "Half of its capacity sold at a 30% discount to every segment, head-on with its partners (nothing "
           "differentiated), mostly won from incumbents.",
           rho=0.5, delta=0.3, kappa=0.8,
           weights={"frontier_labs": 0.2, "large_enterprise": 0.2, "startups_developers": 0.2,
                    "consumers": 0.2, "public_sector": 0.2}, diff=0.0),
)}


def preset(preset_id: str, inputs: ModelInputs) -> Scenario:
    """A named scenario (a strategy: ρ, δ, κ, φ and targets); protection, horizon, price ratio
    and payment profile stay at the defaults.

    Weights for segments this data lacks are dropped and the rest renormalised."""
    p = PRESETS[preset_id]
    weights = {s: w for s, w in p.weights.items() if s in inputs.segments}
    if sum(weights.values()) <= 0:
        weights = dict(inputs.defaults.weights)
    total = sum(weights.values())
    return inputs.defaults.with_(rho=p.rho, delta=p.delta, kappa=p.kappa, diff=p.diff,
                                 weights={s: weights.get(s, 0.0) / total for s in inputs.segments})


def matching_preset(scenario: Scenario, inputs: ModelInputs) -> str | None:
    """The id of the preset (or "default") this scenario equals, if any."""
    if same(scenario, inputs.defaults, inputs):
        return "default"
    return next((pid for pid in PRESETS if same(scenario, preset(pid, inputs), inputs)), None)
