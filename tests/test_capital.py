"""The capital page's finance, checked against numbers worked out by hand."""
from __future__ import annotations

import pytest

from channel_conflict import capital as cap


class TestSpreadSavings:
    def test_default_scenario_by_hand(self):
        # $1,400B over 8 years, half debt: $87.5B drawn a year; 150 bps on it.
        s = cap.spread_savings(1400, 8, 0.5, 150, start_year=2026)
        assert list(s["year"]) == list(range(2026, 2034))
        assert s["drawn_usd_bn"].tolist() == pytest.approx([87.5] * 8)
        assert s["debt_usd_bn"].iloc[0] == pytest.approx(87.5)
        assert s["debt_usd_bn"].iloc[-1] == pytest.approx(700)
        assert s["saved_usd_bn"].iloc[0] == pytest.approx(1.3125)  # 87.5 x 1.5%
        assert s["saved_usd_bn"].iloc[-1] == pytest.approx(10.5)  # 700 x 1.5%
        assert s["cumulative_usd_bn"].iloc[-1] == pytest.approx(47.25)  # 1.3125 x (1+...+8) = 1.3125 x 36

    def test_closed_form_matches_the_schedule(self):
        s = cap.spread_savings(900, 5, 0.6, 80)
        assert s["cumulative_usd_bn"].iloc[-1] == pytest.approx(cap.total_spread_savings(900, 5, 0.6, 80))
        # 0.008 x 0.6 x 900 x 6/2 = 12.96
        assert cap.total_spread_savings(900, 5, 0.6, 80) == pytest.approx(12.96)

    def test_present_value_discounts_at_the_base_rate(self):
        s = cap.spread_savings(100, 2, 1.0, 100, base_rate_pct=10)
        # year 1: 50 x 1% = 0.5, /1.1 = 0.454545; year 2: 100 x 1% = 1.0, /1.21 = 0.826446
        assert s["pv_saved_usd_bn"].tolist() == pytest.approx([0.5 / 1.1, 1.0 / 1.21])
        assert s["cumulative_pv_usd_bn"].iloc[-1] == pytest.approx(1.280992, rel=1e-6)

    def test_no_debt_or_no_cut_saves_nothing(self):
        assert cap.spread_savings(1400, 8, 0.0, 150)["cumulative_usd_bn"].iloc[-1] == 0
        assert cap.spread_savings(1400, 8, 0.5, 0)["cumulative_usd_bn"].iloc[-1] == 0

    def test_zero_years_is_refused(self):
        with pytest.raises(ValueError):
            cap.spread_savings(1400, 0, 0.5, 150)


class TestDepreciation:
    def test_straight_line(self):
        assert cap.book_value(45000, 6, 3) == pytest.approx(22500)
        assert cap.book_value(45000, 6, 7) == 0

    def test_generations_count_whole_cadences(self):
        assert cap.generations_since(1.2, 15) == 0
        assert cap.generations_since(1.25, 15) == 1  # exactly 15 months
        assert cap.generations_since(3.0, 12) == 3

    def test_economic_value_steps_down_per_generation(self):
        assert cap.economic_value(100, 15, 0.3, 2.5) == pytest.approx(49)  # two generations: 100 x 0.7^2

    def test_gap_by_year_by_hand(self):
        g = cap.depreciation_gap(100, 6, 15, 0.4)
        assert g["t_years"].tolist() == [0, 1, 2, 3, 4, 5, 6]
        # year 2: book 66.67, one generation (24 months / 15) -> 60, gap 6.67
        # year 3: book 50, two generations -> 36, gap 14
        # year 4: book 33.33, three -> 21.6, gap 11.73
        assert g["gap"].tolist() == pytest.approx([0, 0, 100 * 2 / 3 - 60, 14, 100 / 3 - 21.6, 100 / 6 - 12.96, 0])
        assert g["gap_share"].max() == pytest.approx(0.14)

    def test_monthly_sampling(self):
        g = cap.depreciation_gap(100, 4, 12, 0.5, steps_per_year=12)
        assert len(g) == 4 * 12 + 1
        assert g.loc[g["t_years"] == 2, "economic"].iloc[0] == pytest.approx(25)


class TestGpuHour:
    def test_annuity_factor(self):
        assert cap.annuity_factor(0, 4) == pytest.approx(0.25)
        assert cap.annuity_factor(10, 1) == pytest.approx(1.1)
        assert cap.annuity_factor(10, 2) == pytest.approx(0.1 / (1 - 1 / 1.21))  # 0.576190

    def test_round_numbers(self):
        # $8,760 over one year at 0%: $1 per hour; + $1 opex = $2; half the hours billed: $4; +25%: $5
        c = cap.gpu_hour_cost(8760, 1, 0, 1.0, 0.5, markup=0.25)
        assert c.capital_per_hour == pytest.approx(1.0)
        assert c.cost_per_hour == pytest.approx(2.0)
        assert c.cost_per_billed_hour == pytest.approx(4.0)
        assert c.idle_per_billed_hour == pytest.approx(2.0)
        assert c.direct_price == pytest.approx(5.0)

    def test_default_assumptions(self):
        # 45,000 x 0.09/(1-1.09^-6) = 45,000 x 0.222920 = 10,031.4 a year = $1.1451/h; +0.45 = 1.5951; /0.7 = 2.2788
        c = cap.gpu_hour_cost(45000, 6, 9, 0.45, 0.7)
        assert c.capital_per_hour == pytest.approx(1.14514, rel=1e-4)
        assert c.cost_per_billed_hour == pytest.approx(2.27877, rel=1e-4)

    def test_utilisation_must_be_positive(self):
        with pytest.raises(ValueError):
            cap.gpu_hour_cost(45000, 6, 9, 0.45, 0)
