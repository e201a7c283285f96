"""The model's entry points over the whole float range: subnormals, zero, huge, NaN and infinities.

Values reach the model from links, edited tables and saved scenarios. The contract (issue #13):
run() never raises on scenario values, and whatever it is given, every number it returns is
finite; edited tables with such values are refused cell by cell or kept, never crash the run."""
from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from channel_conflict.model import Scenario, apply_mix_edits, apply_revenue_edits, mix_table, revenue_table, run
from channel_conflict.model.contracts import profile_weights

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
EDGES = st.sampled_from([0.0, -0.0, 5e-324, 2.2e-308, 1e-300, 1e300, 1.7976931348623157e308, float("inf"),
                         float("-inf"), float("nan"), -1e300, -5e-324])
ANY = st.one_of(st.floats(allow_subnormal=True), EDGES)
SEGMENTS = ("frontier_labs", "large_enterprise", "startups_developers", "consumers", "public_sector")
PARTNERS = ("aws", "microsoft", "google", "oracle", "coreweave", "others")


def all_finite(result) -> None:
    a = result.arrays
    for name in ("R", "K_p", "D", "RaR", "net"):
        assert np.isfinite(getattr(a, name)).all(), name
    for frame in result.frames().values():
        numbers = frame.select_dtypes("number").to_numpy(dtype=float)
        assert np.isfinite(numbers).all()


@SETTINGS
@given(rho=ANY, delta=ANY, kappa=ANY, ratio=ANY, diff=ANY, ramp=ANY, horizon=st.integers(-10**6, 10**6),
       weights=st.lists(ANY, min_size=5, max_size=5), protect=st.lists(ANY, min_size=6, max_size=6))
def test_run_on_any_floats_is_finite_and_says_what_it_changed(inputs, rho, delta, kappa, ratio, diff, ramp, horizon,
                                                              weights, protect):
    s = Scenario(rho=rho, delta=delta, kappa=kappa, ratio=ratio, diff=diff, ramp=ramp, horizon=horizon,
                 weights=dict(zip(SEGMENTS, weights, strict=True)), protect=dict(zip(PARTNERS, protect, strict=True)))
    result = run(inputs, s)
    all_finite(result)
    if any(not np.isfinite(v) for v in (rho, delta, kappa, ratio, diff, ramp)):
        assert result.problems, "a non-finite control must be reported, not used"


@SETTINGS
@given(column=st.sampled_from(["cloud_revenue", "ai_fraction", "growth_pct"]), value=ANY,
       row=st.integers(0, 5))
def test_revenue_edits_with_any_float_never_break_the_run(inputs, column, value, row):
    table = revenue_table(inputs)
    table.loc[row, column] = value
    edited, _problems = apply_revenue_edits(inputs, table)
    all_finite(run(edited))


@SETTINGS
@given(value=ANY, row=st.integers(0, 5), col=st.sampled_from(SEGMENTS))
def test_mix_edits_with_any_float_never_break_the_run(inputs, value, row, col):
    table = mix_table(inputs)
    if col not in table.columns:
        return
    table.loc[row, col] = value
    edited, _problems = apply_mix_edits(inputs, table)
    all_finite(run(edited))


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1, 60), slope=st.floats(0, 1e6))
def test_profile_weights_sum_to_one_for_any_slope(n, slope):
    w = profile_weights(n, slope)
    assert np.isfinite(w).all() and (w >= 0).all()
    assert abs(w.sum() - 1) < 1e-9
