"""NPV, IRR and payback against values computed by hand, and the refusal of negative amounts."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from projectoffice.engine.errors import InvalidInputError
from projectoffice.engine.portfolio.business_case import appraise, business_case, internal_rate_of_return, npv
from projectoffice.engine.portfolio.scoring import weighted_scores

LOWEST_RATE = -0.99  # internal_rate_of_return scans from -99 % up


def test_npv_irr_and_payback_of_a_textbook_case() -> None:
    # -100 then 39, 59, 55, 20: NPV at 10 % = 39.20; IRR = 28.09 % (numpy-financial's documented example).
    appraisal = appraise(business_case([100], [0, 39, 59, 55, 20]), rate=0.10)
    assert appraisal.npv == Decimal("39.20")
    assert appraisal.irr == pytest.approx(0.28095, abs=1e-5)
    assert appraisal.irr_unique
    # Cumulative -61, -2 after year 2; year 3 brings 55: 2 + 2/55 years.
    assert appraisal.payback_years == pytest.approx(2 + 2 / 55)


def test_a_two_year_case_has_the_irr_solving_the_quadratic() -> None:
    appraisal = appraise(business_case([100], [0, 60, 60]), rate=0.10)
    # 60/(1+r) + 60/(1+r)^2 = 100  →  1+r = (60 + sqrt(60² + 4·100·60)) / 200
    expected = (60 + (60**2 + 4 * 100 * 60) ** 0.5) / 200 - 1
    assert appraisal.irr == pytest.approx(expected, abs=1e-8)
    assert appraisal.npv == Decimal("4.13")


def test_flows_that_never_change_sign_have_no_irr_and_no_payback() -> None:
    appraisal = appraise(business_case([100, 10, 10], [0, 5, 5]), rate=0.05)
    assert appraisal.irr is None
    assert appraisal.payback_years is None


def test_a_negative_cost_is_refused_naming_its_year() -> None:
    with pytest.raises(InvalidInputError, match="cost of year 2"):
        business_case([100, 0, -5], [0, 50, 80])


def test_a_discount_rate_of_minus_100_percent_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="discount rate"):
        appraise(business_case([1], [2]), rate=-1.0)


@settings(max_examples=50, deadline=None)
@given(
    st.integers(min_value=1, max_value=10**6),
    st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=10),
)
@example(100, [1]).via("a return of exactly -99 %")
@example(1000, [1])
@example(10**6, [1, 0, 2])
def test_npv_at_the_irr_is_zero(cost: int, benefits: list[int]) -> None:
    flows = [Decimal(-cost), *(Decimal(b) for b in benefits)]
    irr, _ = internal_rate_of_return(flows)
    lowest = 1.0 + LOWEST_RATE  # the NPV at the lowest rate scanned, computed as the scan does
    at_lowest_rate = math.fsum(float(f) / lowest ** year for year, f in enumerate(flows))
    if at_lowest_rate < 0:  # the return is below -99 % (no benefit, or 1 back on 1,000 spent): outside the scan
        assert irr is None
    else:
        assert irr is not None
        assert abs(npv(flows, irr)) <= Decimal("0.01") * max(1, cost // 10**4)


def test_weighted_scores_rank_proposals_and_name_a_bad_rating() -> None:
    weights = {"strategy": 0.6, "risk": 0.4}
    scores = weighted_scores({"A": {"strategy": 8, "risk": 2}, "B": {"strategy": 5, "risk": 9}}, weights)
    assert [(s.proposal, round(s.score, 6), s.rank) for s in scores] == [("B", 6.6, 1), ("A", 5.6, 2)]
    with pytest.raises(InvalidInputError, match="proposal A: rating for risk"):
        weighted_scores({"A": {"strategy": 8, "risk": 12}}, weights)
