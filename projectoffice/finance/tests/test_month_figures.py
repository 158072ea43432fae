"""The figures of closed months: recorded when a month closes, read by the roll-up and the monthly report, and
identical to the live computation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projectoffice.core.errors import ApplicationError, PermissionDenied
from projectoffice.engine.evm import EacMethod
from projectoffice.finance.models import ExchangeRate, LabourActual, ProjectMonthFigures
from projectoffice.finance.selectors.evm import current_month, evm_rollup, status_totals
from projectoffice.finance.selectors.report import monthly_report
from projectoffice.finance.services import project_month_figures_refresh
from projectoffice.projects.models import Project
from projectoffice.timesheets.periods import period_close, period_reopen

from .conftest import World
from .test_selectors import FEB, JAN, MAR, _approved, _portfolio


def _multi_currency(world: World) -> dict[str, Project]:
    """The three projects of ``_portfolio`` plus labour in INR on a EUR project and in EUR on the INR one."""
    projects = _portfolio(world)
    worker = world.person(world.blr)
    LabourActual.objects.create(project=projects["P1"], person=worker, site=world.blr, month=JAN,
                                hours=Decimal("10"), amount=Decimal("12345.67"), currency="INR")
    LabourActual.objects.create(project=projects["P2"], person=world.person(), site=world.w, month=FEB,
                                hours=Decimal("3"), amount=Decimal("333.33"), currency="EUR")
    ExchangeRate.objects.filter(currency="INR", month=FEB).update(rate=Decimal("0.0107"))
    return projects


def _stored(month) -> dict[str, ProjectMonthFigures]:
    return {row.project.code: row for row in ProjectMonthFigures.objects.filter(month=month).select_related("project")}


@pytest.mark.parametrize("eac_method", list(EacMethod))
def test_stored_figures_give_the_rollup_and_report_the_live_computation_gives(world: World, executive,
                                                                              eac_method: EacMethod) -> None:
    _multi_currency(world)
    live = {m: (evm_rollup(user=executive, month=m, eac_method=eac_method), monthly_report(user=executive, month=m))
            for m in (JAN, FEB, MAR)}
    for m in (JAN, FEB, MAR):
        assert project_month_figures_refresh(company=world.company, month=m) == 3
    for m in (JAN, FEB, MAR):
        assert status_totals(user=executive, month=m).stored == 3
        assert (evm_rollup(user=executive, month=m, eac_method=eac_method), monthly_report(user=executive, month=m)) \
            == live[m]


def test_a_stored_month_is_read_not_recomputed(world: World, executive) -> None:
    projects = _multi_currency(world)
    project_month_figures_refresh(company=world.company, month=JAN)
    before = evm_rollup(user=executive, month=JAN).company.figures
    _approved(projects["P1"], "700", "EUR")  # written around the services: only a refresh shows it
    assert evm_rollup(user=executive, month=JAN).company.figures == before
    project_month_figures_refresh(company=world.company, month=JAN)
    assert evm_rollup(user=executive, month=JAN).company.figures.ac == before.ac + Decimal("700.00")


def test_the_stored_row_holds_the_reporting_currency_figures_and_the_cpi_eac(world: World, executive) -> None:
    _multi_currency(world)
    project_month_figures_refresh(company=world.company, month=JAN)
    p2 = _stored(JAN)["P2"]
    shown = next(row.figures for row in evm_rollup(user=executive, month=JAN).projects if row.key == "P2")
    assert p2.currency == "EUR"
    assert (p2.bac, p2.pv, p2.ev, p2.ac) == (Decimal("1650.00"), Decimal("1100.00"), Decimal("1320.00"),
                                             Decimal("990.00"))
    assert (p2.budget_month, p2.actual_month) == (Decimal("1100.00"), Decimal("990.00"))
    assert p2.eac == shown.eac_cpi and p2.eac_bottom_up == shown.eac_bottom_up


def test_a_refresh_rewrites_the_later_months_already_stored(world: World) -> None:
    projects = _multi_currency(world)
    for m in (JAN, FEB):
        project_month_figures_refresh(company=world.company, month=m)
    _approved(projects["P3"], "50", "EUR", when=JAN)
    project_month_figures_refresh(company=world.company, month=JAN, projects=Project.objects.filter(code="P3"))
    assert _stored(JAN)["P3"].ac == _stored(FEB)["P3"].ac == Decimal("51.10")


def test_closing_a_site_s_month_records_its_projects_and_reopening_forgets_them(world: World) -> None:
    projects = _multi_currency(world)
    period_close(site=world.w, month=JAN, by=None)
    assert set(_stored(JAN)) == {"P1", "P3"}  # led from site W; P2 is Bangalore's
    period_reopen(site=world.w, month=JAN, by=None, reason="late invoice")
    assert set(_stored(JAN)) == set()
    _approved(projects["P1"], "200", "EUR")
    period_close(site=world.w, month=JAN, by=None)
    assert _stored(JAN)["P1"].actual_month == Decimal("500.00") + Decimal("200.00") + Decimal("135.80")


def test_closing_a_month_without_its_exchange_rate_closes_it_and_records_nothing(world: World) -> None:
    _multi_currency(world)
    ExchangeRate.objects.filter(currency="INR", month=JAN).delete()
    period = period_close(site=world.w, month=JAN, by=None)
    assert period.is_closed and not ProjectMonthFigures.objects.exists()


def test_a_refresh_refuses_a_missing_rate_and_the_current_month(world: World) -> None:
    _multi_currency(world)
    ExchangeRate.objects.filter(currency="INR", month=FEB).delete()
    with pytest.raises(ApplicationError) as caught:
        project_month_figures_refresh(company=world.company, month=FEB)
    assert "INR" in caught.value.message and "2026-02" in caught.value.message and caught.value.field == "month"
    with pytest.raises(ApplicationError) as caught:
        project_month_figures_refresh(company=world.company, month=current_month())
    assert caught.value.field == "month"
    assert not ProjectMonthFigures.objects.exists()


def test_only_executives_and_finance_roles_record_figures(world: World, outsider, pso_manager) -> None:
    _multi_currency(world)
    with pytest.raises(PermissionDenied):
        project_month_figures_refresh(company=world.company, month=JAN, by=outsider)
    assert project_month_figures_refresh(company=world.company, month=JAN, by=pso_manager) == 3


def test_a_finance_role_of_another_companys_site_records_nothing(world: World, org, outsider) -> None:
    from projectoffice.people.services import role_assign

    _multi_currency(world)
    role_assign(by=None, person=org.people["outsider"], role="pso-manager", unit=org.offices["PSO-GB"])
    with pytest.raises(PermissionDenied):
        project_month_figures_refresh(company=world.company, month=JAN, by=org.user("outsider"))
    assert not ProjectMonthFigures.objects.exists()


def test_the_command_records_the_last_closed_month(world: World) -> None:
    _multi_currency(world)
    period_close(site=world.blr, month=FEB, by=None)
    ProjectMonthFigures.objects.all().delete()
    call_command("month_figures_refresh", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert set(_stored(FEB)) == {"P1", "P2", "P3"}


def test_a_stored_rollup_costs_the_same_queries_for_more_projects(world: World, executive) -> None:
    _multi_currency(world)
    project_month_figures_refresh(company=world.company, month=JAN)
    evm_rollup(user=executive, month=JAN)
    with CaptureQueriesContext(connection) as small:
        evm_rollup(user=executive, month=JAN)
    for n in range(5):
        world.project(f"X{n}", site=world.blr, currency="INR")
    project_month_figures_refresh(company=world.company, month=JAN)
    with CaptureQueriesContext(connection) as large:
        evm_rollup(user=executive, month=JAN)
    assert len(large) == len(small) < 6
    assert not any("finance_labouractual" in q["sql"] for q in large.captured_queries)


def test_a_project_without_stored_figures_is_computed_live_beside_the_stored_ones(world: World, executive) -> None:
    _multi_currency(world)
    live = evm_rollup(user=executive, month=JAN)
    project_month_figures_refresh(company=world.company, month=JAN, projects=Project.objects.exclude(code="P2"))
    status = status_totals(user=executive, month=JAN)
    assert status.stored == 2
    assert evm_rollup(user=executive, month=JAN) == live


def test_the_daily_task_records_the_last_closed_month_of_every_company(world: World) -> None:
    from projectoffice.finance.tasks import record_last_closed_month

    _multi_currency(world)
    record_last_closed_month()
    assert not ProjectMonthFigures.objects.exists()  # nothing closed yet
    period_close(site=world.blr, month=JAN, by=None)
    ProjectMonthFigures.objects.all().delete()
    record_last_closed_month()
    assert set(_stored(JAN)) == {"P1", "P2", "P3"}
