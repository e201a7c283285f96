"""The capital functions over the whole float range: subnormals, zero, huge values.

The contract: a function either returns finite numbers or raises ValueError with a reason the
page and the CLI can show. Never ZeroDivisionError, OverflowError or a silent inf/NaN."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from channel_conflict import capital as cap

ANY = st.floats(allow_nan=False, allow_infinity=False, allow_subnormal=True)
EDGES = st.sampled_from([0.0, -0.0, 5e-324, 2.2e-308, 1e-300, 1e-12, 1.0, 1e12, 1e300, 1.7976931348623157e308])
NUM = st.one_of(ANY, EDGES, EDGES.map(lambda x: -x))
SMALL_INT = st.integers(min_value=-3, max_value=60)


def finite_or_refused(call):
    try:
        out = call()
    except ValueError as e:
        assert str(e), "a refusal must say why"
        return None
    values = np.asarray(out.select_dtypes("number") if hasattr(out, "select_dtypes") else out, dtype=float)
    assert np.isfinite(values).all(), f"non-finite output {out!r}"
    return out


@settings(max_examples=300, deadline=None)
@given(rate=NUM, years=NUM)
def test_annuity_factor(rate, years):
    f = finite_or_refused(lambda: cap.annuity_factor(rate, years))
    if f is not None:
        assert f > 0


def test_annuity_factor_of_a_subnormal_rate_is_the_zero_rate_answer():
    # The case from issue #13: 2.2e-308 % divided by zero.
    assert cap.annuity_factor(2.2e-308, 5) == pytest.approx(0.2)
    assert cap.annuity_factor(5e-324, 4) == pytest.approx(0.25)


@settings(max_examples=300, deadline=None)
@given(capex=NUM, life=NUM, rate=NUM, opex=NUM, util=NUM, markup=NUM)
def test_gpu_hour_cost(capex, life, rate, opex, util, markup):
    def call():
        c = cap.gpu_hour_cost(capex, life, rate, opex, util, markup)
        return [c.cost_per_hour, c.cost_per_billed_hour, c.idle_per_billed_hour, c.direct_price]

    finite_or_refused(call)


@settings(max_examples=200, deadline=None)
@given(b=NUM, years=SMALL_INT, debt=NUM, cut=NUM, base=NUM)
def test_spread_savings(b, years, debt, cut, base):
    finite_or_refused(lambda: cap.spread_savings(b, years, debt, cut, base))
    total = finite_or_refused(lambda: [cap.total_spread_savings(b, years, debt, cut)])
    assert total is None or math.isfinite(total[0])


@settings(max_examples=200, deadline=None)
@given(cost=NUM, life=SMALL_INT, cadence=NUM, drop=NUM, horizon=st.one_of(st.none(), SMALL_INT))
def test_depreciation_gap(cost, life, cadence, drop, horizon):
    finite_or_refused(lambda: cap.depreciation_gap(cost, life, cadence, drop, horizon))


@pytest.mark.parametrize("rate", [-50.0, -49.999999, 1_000.0, 5e-324, -5e-324])
@pytest.mark.parametrize("years", [0.01, 1.0, 200.0])
def test_annuity_factor_at_the_domain_corners(rate, years):
    f = cap.annuity_factor(rate, years)
    assert math.isfinite(f) and f > 0


@pytest.mark.parametrize("rate, years", [(-50.1, 5), (1_000.1, 5), (8, 0.0), (8, 201), (math.inf, 5), (math.nan, 5)])
def test_annuity_factor_refuses_outside_its_domain(rate, years):
    with pytest.raises(ValueError):
        cap.annuity_factor(rate, years)
