"""Invariants of the overlap model over random scenarios, links and edits (hypothesis)."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from channel_conflict.model import Scenario, apply_mix_edits, equations, mix_table, run
from channel_conflict.model.scenario import PROTECT_PREFIX, SCALARS, WEIGHT_PREFIX, check
from channel_conflict.params import parse, to_query
from channel_conflict.views import overlap as view

EPS = 1e-9
SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


# The real ids, so generated scenarios use them (checked again in the tests).
SEGMENTS = ("frontier_labs", "large_enterprise", "startups_developers", "consumers", "public_sector")
PARTNERS = ("aws", "microsoft", "google", "oracle", "coreweave", "others")
unit = st.floats(0, 1)


@st.composite
def scenarios(draw):
    weights = {s: draw(unit) for s in SEGMENTS}
    if sum(weights.values()) == 0:
        weights[draw(st.sampled_from(SEGMENTS))] = 1.0
    # Every control over its whole allowed range (SCALARS holds the bounds), up to the last allowed year.
    lo_hi = {key: (lo, hi) for key, (_attr, lo, hi, _what) in SCALARS.items()}
    return Scenario(rho=draw(st.floats(*lo_hi["rho"])), delta=draw(st.floats(*lo_hi["delta"])),
                    kappa=draw(st.floats(*lo_hi["kappa"])), ratio=draw(st.floats(*lo_hi["ratio"])),
                    diff=draw(st.floats(*lo_hi["diff"])), ramp=draw(st.floats(*lo_hi["ramp"])),
                    horizon=draw(st.integers(2026, 2034)), weights=weights,
                    protect={p: draw(unit) for p in PARTNERS})


def arrays(inputs, s):
    checked, _ = check(s, inputs)
    return equations(inputs, checked)


def test_generated_ids_are_the_real_ones(inputs):
    assert inputs.segments == SEGMENTS and inputs.partners == PARTNERS


@SETTINGS
@given(s=scenarios())
def test_reconciled_revenue_covers_openai_and_risk_comes_only_from_the_rest(inputs, s):
    """R >= K and RaR <= R - K for every partner and year: a partner's revenue includes what
    OpenAI pays it, and OpenAI cannot take from a partner what it pays that partner itself."""
    a = arrays(inputs, s)
    assert a.years[-1] == check(s, inputs)[0].horizon
    assert (a.R >= a.K_p - EPS).all()
    assert (a.RaR <= a.R - a.K_p + 1e-7).all()
    np.testing.assert_allclose(a.R, a.K_p + a.R_other)


@SETTINGS
@given(s=scenarios(), who=st.sampled_from(PARTNERS))
def test_differentiation_only_lowers_risk(inputs, s, who):
    a = arrays(inputs, s.with_(diff=0.0))
    b = arrays(inputs, s.with_(diff=0.6))
    assert (b.RaR <= a.RaR + EPS).all()


@SETTINGS
@given(s=scenarios())
def test_zero_resale_means_zero_risk(inputs, s):
    a = arrays(inputs, s.with_(rho=0.0))
    assert (a.RaR == 0).all() and (a.D == 0).all()


@SETTINGS
@given(s=scenarios())
def test_risk_never_exceeds_what_the_partner_has_where_openai_aims(inputs, s):
    a = arrays(inputs, s)
    assert (a.RaR_s <= a.X + EPS).all()
    assert (a.RaR <= a.targeted + EPS).all()
    assert (a.RaR >= 0).all()
    # and never more than OpenAI's cannibalised sales
    assert (a.RaR.sum(axis=0) <= check(s, inputs)[0].kappa * a.D + 1e-7).all()


@SETTINGS
@given(s=scenarios(), lo=unit, hi=unit)
def test_risk_non_decreasing_in_rho(inputs, s, lo, hi):
    lo, hi = min(lo, hi), max(lo, hi)
    assert (arrays(inputs, s.with_(rho=hi)).RaR >= arrays(inputs, s.with_(rho=lo)).RaR - EPS).all()


@SETTINGS
@given(s=scenarios(), lo=unit, hi=unit)
def test_risk_non_decreasing_in_kappa(inputs, s, lo, hi):
    lo, hi = min(lo, hi), max(lo, hi)
    assert (arrays(inputs, s.with_(kappa=hi)).RaR >= arrays(inputs, s.with_(kappa=lo)).RaR - EPS).all()


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(s=scenarios())
def test_market_shares_sum_to_100_before_and_after(inputs, s):
    m = run(inputs, s).market
    sums = m.groupby("year")[["share_before_pct", "share_after_pct"]].sum()
    np.testing.assert_allclose(sums.to_numpy(), 100.0, rtol=1e-9)
    assert (m[["share_before_pct", "share_after_pct"]] >= -EPS).all().all()


@SETTINGS
@given(s=scenarios(), who=st.sampled_from(PARTNERS))
def test_full_protection_means_zero_risk_for_that_partner(inputs, s, who):
    a = arrays(inputs, s.with_(protect={who: 1.0}))
    assert (a.RaR[PARTNERS.index(who)] == 0).all()


@SETTINGS
@given(s=scenarios())
def test_overlap_index_in_unit_interval(inputs, s):
    a = arrays(inputs, s)
    assert ((a.overlap >= -EPS) & (a.overlap <= 1 + EPS)).all()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(s=scenarios())
def test_deterministic(inputs, s):
    r1, r2 = run(inputs, s), run(inputs, s)
    for name in ("partner_year", "partner_segment", "partners", "market", "openai"):
        pd.testing.assert_frame_equal(getattr(r1, name), getattr(r2, name))
    assert r1.scenario == r2.scenario and r1.problems == r2.problems


# --- links never crash and always land inside the bounds -------------------------------------

KNOWN_KEYS = ([*SCALARS, "year", view.SCENARIO_KEY, view.PARTNER_KEY] + [WEIGHT_PREFIX + s for s in SEGMENTS]
              + [PROTECT_PREFIX + p for p in PARTNERS])
raw_values = st.one_of(
    st.text(max_size=30),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-10**400, 10**400).map(str),
    st.sampled_from(["nan", "inf", "-inf", "1e999", "-0", " 0.5 ", "0x10", "1_0", "½", "", "∞", "None", "true"]),
)
# As Streamlit hands a page its query: each key with the list of its values.
query_dicts = st.dictionaries(
    st.one_of(st.sampled_from(KNOWN_KEYS), st.text(max_size=20)),
    st.one_of(st.lists(raw_values, max_size=3), raw_values.map(lambda v: [v])),
    max_size=12,
)


def assert_in_bounds(s: Scenario, inputs) -> None:
    for attr, lo, hi, _ in SCALARS.values():
        v = getattr(s, attr)
        assert isinstance(v, float) and math.isfinite(v) and lo <= v <= hi, (attr, v)
    assert isinstance(s.horizon, int) and inputs.base_year <= s.horizon <= inputs.year_max
    assert set(s.weights) == set(inputs.segments) and set(s.protect) == set(inputs.partners)
    assert all(0 <= w <= 1 and math.isfinite(w) for w in s.weights.values())
    assert abs(sum(s.weights.values()) - 1) < 1e-9
    assert all(0 <= p <= 1 and math.isfinite(p) for p in s.protect.values())


@pytest.fixture(scope="module")
def specs(inputs):
    """The Overlap page's own controls: the specs its links are parsed with."""
    return view.params_for(inputs)


def open_link(query, inputs, specs):
    """What the Overlap page does with a link: the app's parser (params.parse) over the page's
    controls, then the model's check, which bounds the values and normalises the weights."""
    values, problems = parse(specs, query, known_extra={"lang", "embed", "embed_options", "chart"})
    scenario, more = check(view.scenario_from(values, inputs), inputs)
    return values, scenario, problems + more


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=query_dicts)
def test_a_link_never_raises_stays_in_bounds_and_round_trips(inputs, specs, query):
    values, s, problems = open_link(query, inputs, specs)
    assert_in_bounds(s, inputs)
    assert all(isinstance(p, str) and p for p in problems)
    by_key = {p.key: p for p in specs}
    for key, v in values.items():  # every value the parser hands the page is one its control can show
        p = by_key[key]
        if p.kind in ("float", "int"):
            assert math.isfinite(v) and p.min <= v <= p.max, (key, v)
        else:
            assert v in p.options, (key, v)
    # The link the page writes for these values (params.to_query) reopens the same scenario, silently.
    link = to_query(specs, values)
    assert parse(specs, link)[1] == []
    assert_close(open_link(link, inputs, specs)[1], s)


def assert_close(a: Scenario, b: Scenario, tol: float = 1e-5) -> None:
    """Links carry 6 significant digits, so a round trip is exact to about 1e-6."""
    for attr in ("rho", "delta", "kappa", "ratio"):
        assert getattr(a, attr) == pytest.approx(getattr(b, attr), abs=tol), attr
    assert a.horizon == b.horizon
    for k in b.weights:
        assert a.weights[k] == pytest.approx(b.weights[k], abs=tol), k
    for k in b.protect:
        assert a.protect[k] == pytest.approx(b.protect[k], abs=tol), k


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.dictionaries(st.text(), st.lists(st.text())))
def test_a_link_of_arbitrary_text(inputs, specs, query):
    _, s, problems = open_link(query, inputs, specs)
    assert_in_bounds(s, inputs)
    if query and not any(values for values in query.values()):
        assert s == open_link({}, inputs, specs)[1]


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=5)),
                      min_size=30, max_size=30))
# Found by Hypothesis: a row of 3e13 beside 1e-297 normalises to a subnormal segment total, which overflowed
# the per-segment factor to inf (0 x inf = NaN at risk).
@example(cells=[0.0] * 4 + [1.0] + [0.0] * 7 + [27817303642696.0, 1.4620918631432286e-297] + [0.0] * 15 + [1.0])
def test_mix_edits_always_give_valid_rows(inputs, cells):
    table = mix_table(inputs).astype({s: object for s in inputs.segments})
    for k, value in enumerate(cells):
        table.iat[k // 5, 2 + k % 5] = value
    edited, problems = apply_mix_edits(inputs, table)
    assert np.isfinite(edited.mix).all() and (edited.mix >= 0).all()
    np.testing.assert_allclose(edited.mix.sum(axis=1), 1)
    assert (run(edited).partner_year["revenue_at_risk"] >= 0).all()


@SETTINGS
@given(st.lists(st.floats(0, 10000, allow_nan=False), min_size=1, max_size=8), st.sampled_from((1.0, 10.0)),
       st.data())
def test_an_editor_in_the_pages_money_unit_gives_back_exactly_what_was_not_edited(model, scale, data):
    """The Chinese editor shows US$ bn as 億 (x10): a cell left alone must come back bit for bit (x * 10 / 10
    is not always x, and the page would call it an edit); an edited one comes back in US$ bn."""
    model = pd.Series(model)
    shown = model * scale
    edited = shown.copy()
    touched = data.draw(st.sets(st.integers(0, len(model) - 1)))
    for i in touched:
        edited[i] = data.draw(st.floats(0, 10000 * scale, allow_nan=False))
    back = view.money_edits(shown, edited, model, scale)
    for i in range(len(model)):
        if edited[i] == shown[i]:
            assert back[i] == model[i]
        else:
            assert back[i] == pytest.approx(edited[i] / scale)
