"""Earned value arithmetic: PMBOK-style worked figures, time-phasing to the cent, zero denominators, roll-ups."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from projectoffice.engine.errors import InvalidInputError, MissingRateError
from projectoffice.engine.evm import (
    BaselineTask,
    EacMethod,
    EarnedValueMethod,
    ProjectFigures,
    TaskProgress,
    earned_value,
    evm_figures,
    planned_value_at,
    planned_value_by_month,
    roll_up,
    s_curve,
)

D = Decimal


def test_the_indices_and_forecasts_of_a_worked_example() -> None:
    # BAC 1000, PV 500, EV 400, AC 450: behind schedule and over cost.
    f = evm_figures(bac=D(1000), pv=D(500), ev=D(400), ac=D(450), etc_bottom_up=D(700))
    assert (f.sv, f.cv) == (D("-100.00"), D("-50.00"))
    assert f.spi == pytest.approx(0.8) and f.cpi == pytest.approx(400 / 450)
    assert f.eac_cpi == D("1125.00")  # BAC / CPI
    assert f.eac_cpi_spi == D("1293.75")  # 450 + 600 / (0.8889 x 0.8)
    assert f.eac_bottom_up == D("1150.00")  # AC + ETC
    assert (f.eac, f.etc, f.vac) == (D("1125.00"), D("675.00"), D("-125.00"))
    assert f.tcpi_bac == pytest.approx(600 / 550)
    assert f.tcpi_eac == pytest.approx(600 / 675)


def test_the_chosen_eac_drives_etc_and_vac() -> None:
    f = evm_figures(
        bac=D(1000), pv=D(500), ev=D(400), ac=D(450), etc_bottom_up=D(700), eac_method=EacMethod.BOTTOM_UP
    )
    assert (f.eac, f.etc, f.vac) == (D("1150.00"), D("700.00"), D("-150.00"))


def test_zero_denominators_give_none_not_infinity() -> None:
    f = evm_figures(bac=D(1000), pv=D(0), ev=D(0), ac=D(0))
    assert (f.spi, f.cpi, f.eac_cpi, f.eac_cpi_spi, f.eac, f.etc, f.vac, f.tcpi_eac) == (None,) * 8
    assert f.tcpi_bac == pytest.approx(1.0)
    spent = evm_figures(bac=D(100), pv=D(100), ev=D(50), ac=D(100))
    assert spent.tcpi_bac is None  # the whole budget is spent: no efficiency can finish within it


def test_negative_amounts_are_refused() -> None:
    with pytest.raises(InvalidInputError, match="AC must be a non-negative amount"):
        evm_figures(bac=D(1), pv=D(1), ev=D(1), ac=D(-1))


def test_pv_is_spread_over_working_days_month_by_month() -> None:
    # 10 working days: 2 in January 2027 (Thu 28 - Fri 29), 8 in February (Mon 1 - Wed 10).
    task = BaselineTask("T", date(2027, 1, 28), date(2027, 2, 10), D("1000"))
    assert planned_value_by_month([task]) == {date(2027, 1, 1): D("200.00"), date(2027, 2, 1): D("800.00")}
    assert planned_value_at([task], date(2027, 2, 2)) == D("400.00")


def test_pv_takes_precomputed_weights_and_a_calendar_predicate() -> None:
    task = BaselineTask("T", date(2027, 1, 1), date(2027, 3, 31), D("100"))
    weights = {"T": {date(2027, 1, 1): D("0.5"), date(2027, 3, 1): D("0.5")}}
    assert planned_value_by_month([task], weights=weights) == {
        date(2027, 1, 1): D("50.00"),
        date(2027, 3, 1): D("50.00"),
    }
    every_day = planned_value_by_month([task], is_working_day=lambda d: True)
    assert every_day[date(2027, 2, 1)] == D("31.11")  # 28 of 90 days
    with pytest.raises(InvalidInputError, match="sum to 1"):
        planned_value_by_month([task], weights={"T": {date(2027, 1, 1): D("0.3")}})


@settings(max_examples=60, deadline=None)
@given(
    st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 12, 31)),
    st.integers(min_value=0, max_value=400),
    st.decimals(min_value=0, max_value=10**7, places=2),
)
def test_monthly_pv_adds_up_to_the_budget_to_the_cent(start: date, days: int, budget: Decimal) -> None:
    task = BaselineTask("T", start, date.fromordinal(start.toordinal() + days), budget)
    months = planned_value_by_month([task])
    assert sum(months.values()) == budget
    assert all(v >= 0 for v in months.values())


def test_ev_from_percent_or_physical_percent_complete() -> None:
    tasks = [TaskProgress("A", D(1000), D(50), D(40)), TaskProgress("B", D(300), D(100), None)]
    assert earned_value(tasks) == D("800.00")
    assert earned_value(tasks, method=EarnedValueMethod.PHYSICAL) == D("400.00")
    with pytest.raises(InvalidInputError, match="task A"):
        earned_value([TaskProgress("A", D(1), D(120))])


def test_s_curve_accumulates_and_stops_ev_and_ac_at_the_status_month() -> None:
    jan, feb, mar = date(2027, 1, 1), date(2027, 2, 1), date(2027, 3, 1)
    points = s_curve(
        planned={jan: D(100), feb: D(200), mar: D(300)},
        actual={jan: D(120), feb: D(150)},
        earned_to_date={jan: D(90)},
        status_month=feb,
    )
    assert [(p.pv, p.ev, p.ac) for p in points] == [
        (D("100.00"), D("90.00"), D("120.00")),
        (D("300.00"), D("90.00"), D("270.00")),  # EV carried forward: no snapshot in February
        (D("600.00"), None, None),
    ]
    assert points[0].cpi == pytest.approx(0.75)


def test_roll_up_converts_each_project_and_recomputes_the_indices() -> None:
    month = date(2027, 3, 1)
    rates = {("USD", month): D("0.9")}
    projects = [
        ProjectFigures("P1", "EUR", bac=D(1000), pv=D(500), ev=D(400), ac=D(450)),
        ProjectFigures("P2", "USD", bac=D(1000), pv=D(500), ev=D(500), ac=D(400)),
    ]
    f = roll_up(projects, month=month, reporting_currency="EUR", rates=rates)
    assert (f.bac, f.pv, f.ev, f.ac) == (D("1900.00"), D("950.00"), D("850.00"), D("810.00"))
    assert f.cpi == pytest.approx(850 / 810)


def test_a_missing_rate_names_the_currency_and_month() -> None:
    projects = [ProjectFigures("P2", "USD", bac=D(1), pv=D(1), ev=D(1), ac=D(1))]
    with pytest.raises(MissingRateError, match="USD in 2027-04") as raised:
        roll_up(projects, month=date(2027, 4, 15), reporting_currency="EUR", rates={})
    assert raised.value.currency == "USD"
