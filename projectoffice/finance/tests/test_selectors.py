from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from projectoffice.core.errors import ApplicationError
from projectoffice.finance.models import CostLine, EarnedValueSnapshot, ExchangeRate
from projectoffice.finance.selectors.evm import current_month, evm_rollup, project_evm
from projectoffice.finance.selectors.report import monthly_report
from projectoffice.finance.workbook import monthly_report_xlsx
from projectoffice.projects.models import Project

from .conftest import World, baseline, month, rates, task

JAN, FEB, MAR = month(2026, 1), month(2026, 2), month(2026, 3)


def _approved(project, amount: str, currency: str, when=JAN) -> None:
    CostLine.objects.create(project=project, kind="expense", category="travel", incurred_on=when.replace(day=15),
                            amount=Decimal(amount), currency=currency, description="x",
                            status=CostLine.Status.APPROVED)


def _portfolio(world: World) -> dict[str, Project]:
    """P1 (EUR, RAN, site W), P2 (INR, RAN, Bangalore), P3 (EUR, OPT, site W)."""
    p1 = world.project("P1")
    p2 = world.project("P2", site=world.blr, currency="INR")
    p3 = world.project("P3", bl=world.bl2)
    baseline(p1, {JAN: "1000", FEB: "1000"})
    baseline(p2, {JAN: "100000", FEB: "50000"})
    baseline(p3, {JAN: "333.33", MAR: "666.67"})
    _approved(p1, "500", "EUR")
    _approved(p2, "90000", "INR")
    _approved(p3, "100", "INR")  # an INR invoice on a EUR project: converted at January's rate
    for project, ev in ((p1, "800"), (p2, "120000"), (p3, "200")):
        EarnedValueSnapshot.objects.create(project=project, month=JAN, ev=Decimal(ev))
    rates(world, [JAN, FEB, MAR], inr="0.011")
    return {"P1": p1, "P2": p2, "P3": p3}


def test_a_project_s_figures_come_from_the_engine(world: World, executive) -> None:
    projects = _portfolio(world)
    result = project_evm(project=projects["P1"], month=JAN)
    f = result.figures
    assert (f.bac, f.pv, f.ev, f.ac) == (Decimal("2000.00"), Decimal("1000.00"), Decimal("800.00"),
                                         Decimal("500.00"))
    assert (f.sv, f.cv, f.spi, f.cpi) == (Decimal("-200.00"), Decimal("300.00"), 0.8, 1.6)
    assert f.eac == Decimal("1250.00") and f.vac == Decimal("750.00")
    assert [p.pv for p in result.curve] == [Decimal("1000.00"), Decimal("2000.00")]


def test_every_group_of_the_rollup_is_the_sum_of_its_projects(world: World, executive) -> None:
    _portfolio(world)
    rollup = evm_rollup(user=executive, month=JAN)
    by_code = {row.key: row.figures for row in rollup.projects}
    assert by_code["P2"].bac == Decimal("1650.00")  # 150,000 INR x 0.011
    assert by_code["P3"].ac == Decimal("1.10")
    for name in ("bac", "pv", "ev", "ac"):
        total = sum((getattr(f, name) for f in by_code.values()), Decimal("0"))
        assert getattr(rollup.company.figures, name) == total
        for unit in rollup.company.children:
            assert getattr(unit.figures, name) == sum(getattr(line.figures, name) for line in unit.children)
            for line in unit.children:
                assert getattr(line.figures, name) == sum(getattr(p.figures, name) for p in line.children)
        assert sum(getattr(site.figures, name) for site in rollup.sites) == total
    ran = next(line for line in rollup.company.children[0].children if line.key == "RAN")
    assert {p.key for p in ran.children} == {"P1", "P2"}
    assert ran.figures.cpi == pytest.approx(float((Decimal("800") + Decimal("1320")) /
                                                  (Decimal("500") + Decimal("990"))))


def test_a_missing_exchange_rate_names_the_currency_and_month(world: World, executive) -> None:
    _portfolio(world)
    ExchangeRate.objects.filter(currency="INR", month=FEB).delete()
    with pytest.raises(ApplicationError) as caught:
        evm_rollup(user=executive, month=FEB)
    assert "INR" in caught.value.message and "2026-02" in caught.value.message


def test_the_rollup_shows_only_the_projects_in_scope(world: World, outsider) -> None:
    _portfolio(world)
    assert evm_rollup(user=outsider, month=JAN).projects == []


def test_the_rollup_costs_the_same_queries_for_more_projects(world: World, executive) -> None:
    _portfolio(world)
    evm_rollup(user=executive, month=JAN)  # warm the scope cache
    with CaptureQueriesContext(connection) as small:
        evm_rollup(user=executive, month=JAN)
    for n in range(6):
        project = world.project(f"X{n}", site=world.blr, currency="INR")
        baseline(project, {JAN: "10"})
        _approved(project, "5", "INR")
    with CaptureQueriesContext(connection) as large:
        evm_rollup(user=executive, month=JAN)
    assert len(large) == len(small)


def test_live_earned_value_shares_the_bac_among_tasks(world: World, executive) -> None:
    project = world.project("L1")
    now = current_month()
    baseline(project, {now: "1000"})
    task(project, 1, "50", minutes=480)
    task(project, 2, "100", minutes=1440)
    rates(world, [now])
    result = project_evm(project=project, month=now)
    assert result.figures.ev == Decimal("875.00")  # 1000 x (0.25 x 50 % + 0.75 x 100 %)


def test_the_monthly_report_exports_to_xlsx_with_its_numbers(world: World, executive) -> None:
    _portfolio(world)
    report = monthly_report(user=executive, month=JAN)
    p2 = next(r for r in report.rows if r.project.code == "P2").line
    assert (p2.budget_month, p2.actual_month, p2.bac) == (Decimal("1100.00"), Decimal("990.00"),
                                                            Decimal("1650.00"))
    assert report.total.actual_month == sum(r.line.actual_month for r in report.rows)
    sheet = load_workbook(io.BytesIO(monthly_report_xlsx(report))).active
    rows = list(sheet.iter_rows(values_only=True))
    header, p2_row, total = rows[1], next(r for r in rows if r[0] == "P2"), rows[-1]
    assert p2_row[header.index("Actual (month)")] == pytest.approx(990.0)
    assert total[0] == "Total"
    assert total[header.index("Budget at completion")] == pytest.approx(float(report.total.bac))
