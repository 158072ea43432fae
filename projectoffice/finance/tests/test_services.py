from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from projectoffice.core.errors import ApplicationError, PermissionDenied
from projectoffice.finance import services
from projectoffice.finance.currency import convert
from projectoffice.finance.models import BudgetLine, CostLine, CostRate, ExchangeRate, LabourActual
from projectoffice.finance.services import BudgetCell
from projectoffice.projects.models import ProjectRole
from projectoffice.timesheets.models import Period, Timesheet, TimesheetLine

from .conftest import World, member, month, task

PDF = b"%PDF-1.4 receipt"


# --- cost rates ---------------------------------------------------------------------------------------------
def test_a_rate_without_currency_is_refused_and_nothing_saved(world: World, pso_manager) -> None:
    with pytest.raises(ApplicationError) as caught:
        services.cost_rate_create(by=pso_manager, site=world.w, currency="", hourly_rate=Decimal("50"),
                                  valid_from=dt.date(2026, 1, 1))
    assert caught.value.field == "currency"
    assert not CostRate.objects.exists()


def test_a_rate_is_in_the_sites_currency(world: World, executive) -> None:
    with pytest.raises(ApplicationError) as caught:
        services.cost_rate_create(by=executive, site=world.blr, currency="EUR", hourly_rate=Decimal("50"),
                                  valid_from=dt.date(2026, 1, 1))
    assert caught.value.field == "currency" and "INR" in caught.value.message


def test_only_the_finance_roles_of_the_site_set_its_rates(world: World, pso_manager) -> None:
    services.cost_rate_create(by=pso_manager, site=world.w, currency="EUR", hourly_rate=Decimal("60"),
                              valid_from=dt.date(2026, 1, 1))
    with pytest.raises(PermissionDenied):
        services.cost_rate_create(by=pso_manager, site=world.blr, currency="INR", hourly_rate=Decimal("900"),
                                  valid_from=dt.date(2026, 1, 1))
    assert CostRate.objects.count() == 1


def test_overlapping_rates_of_one_role_are_refused(world: World, pso_manager) -> None:
    first = services.cost_rate_create(by=pso_manager, site=world.w, role="Engineer", currency="EUR",
                                      hourly_rate=Decimal("60"), valid_from=dt.date(2026, 1, 1))
    with pytest.raises(ApplicationError) as caught:
        services.cost_rate_create(by=pso_manager, site=world.w, role="Engineer", currency="EUR",
                                  hourly_rate=Decimal("65"), valid_from=dt.date(2026, 6, 1))
    assert caught.value.field == "valid_from"
    services.cost_rate_end(by=pso_manager, rate=first, valid_to=dt.date(2026, 5, 31))
    services.cost_rate_create(by=pso_manager, site=world.w, role="Engineer", currency="EUR",
                              hourly_rate=Decimal("65"), valid_from=dt.date(2026, 6, 1))
    assert CostRate.objects.count() == 2


# --- exchange rates -----------------------------------------------------------------------------------------
def test_the_rates_import_is_all_or_nothing_with_a_report_per_row(world: World, executive) -> None:
    content = b"currency,month,rate\nINR,2026-01,0.011\nUSD,2026-13,0.9\nQQQ,2026-01,1\nBRL,2026-01,-2\n"
    with pytest.raises(ApplicationError) as caught:
        services.exchange_rates_import(by=executive, company=world.company, content=content)
    assert set(caught.value.errors) == {"row 3", "row 4", "row 5"}
    assert "month" in caught.value.errors["row 3"] and "rate" in caught.value.errors["row 5"]
    assert not ExchangeRate.objects.exists()
    good = b"currency,month,rate\nINR,2026-01,0.011\nUSD,2026-01,0.92\n"
    assert services.exchange_rates_import(by=executive, company=world.company, content=good) == 2
    assert ExchangeRate.objects.get(currency="USD").rate == Decimal("0.92")


def test_only_executives_set_exchange_rates(world: World, pso_manager) -> None:
    with pytest.raises(PermissionDenied):
        services.exchange_rate_set(by=pso_manager, company=world.company, currency="INR",
                                   month=dt.date(2026, 1, 1), rate=Decimal("0.011"))


def test_convert_goes_through_the_reporting_currency_and_names_a_missing_rate(world: World, executive) -> None:
    for currency, rate in (("INR", "0.01"), ("USD", "0.8")):
        services.exchange_rate_set(by=executive, company=world.company, currency=currency,
                                   month=dt.date(2026, 3, 1), rate=Decimal(rate))
    assert convert(Decimal("8000"), "INR", "USD", dt.date(2026, 3, 17)) == Decimal("100.00")
    assert convert(Decimal("100"), "USD", "EUR", dt.date(2026, 3, 1)) == Decimal("80.00")
    with pytest.raises(ApplicationError) as caught:
        convert(Decimal("1"), "INR", "EUR", dt.date(2026, 4, 1))
    assert "INR" in caught.value.message and "2026-04" in caught.value.message


# --- cost lines ---------------------------------------------------------------------------------------------
def _expense(world: World, by, project, **changes):
    fields: dict[str, Any] = dict(kind="expense", category="travel", incurred_on=dt.date(2026, 3, 10), amount=Decimal("120.50"),
                  currency="EUR", description="Train to Munich")
    fields.update(changes)
    return services.cost_line_create(by=by, project=project, **fields)


def test_negative_amounts_and_closed_periods_are_refused(world: World) -> None:
    leader = world.person()
    project = world.project("P1", manager=leader)
    booker = world.person().user
    member(project, booker)
    with pytest.raises(ApplicationError) as negative:
        _expense(world, booker, project, amount=Decimal("-5"))
    assert negative.value.field == "amount"
    Period.objects.create(site=world.w, month=month(2026, 3), status=Period.Status.CLOSED)
    with pytest.raises(ApplicationError) as closed:
        _expense(world, booker, project)
    assert closed.value.field == "incurred_on" and "2026-03" in closed.value.message
    assert not CostLine.objects.exists()


def test_an_attachment_keeps_only_its_bare_name_and_must_be_an_allowed_type(world: World) -> None:
    project = world.project("P1")
    booker = world.person().user
    member(project, booker)
    receipt = SimpleUploadedFile("../../etc/receipt.pdf", PDF, content_type="application/pdf")
    line = _expense(world, booker, project, attachment=receipt)
    assert line.attachment.name.startswith(f"finance/cost-lines/{project.pk}/receipt")
    assert ".." not in line.attachment.name
    for bad in (SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream"),
                SimpleUploadedFile("fake.pdf", b"<html>", content_type="application/pdf")):
        with pytest.raises(ApplicationError) as caught:
            _expense(world, booker, project, attachment=bad)
        assert caught.value.field == "attachment"
    assert CostLine.objects.count() == 1


def test_an_oversized_attachment_is_refused(world: World, settings) -> None:
    settings.PROJECTOFFICE_MAX_ATTACHMENT_BYTES = 10
    project = world.project("P1")
    booker = world.person().user
    member(project, booker)
    with pytest.raises(ApplicationError) as caught:
        _expense(world, booker, project, attachment=SimpleUploadedFile("r.pdf", PDF * 3, "application/pdf"))
    assert caught.value.field == "attachment"


def test_nobody_approves_their_own_cost_and_the_manager_does(world: World) -> None:
    manager = world.person()
    project = world.project("P1", manager=manager)
    administrator = world.person().user
    member(project, administrator, ProjectRole.ADMINISTRATOR)
    line = _expense(world, administrator, project)
    with pytest.raises(PermissionDenied):
        services.cost_line_approve(by=administrator, line=line)
    services.cost_line_approve(by=manager.user, line=line)
    line.refresh_from_db()
    assert line.status == CostLine.Status.APPROVED and line.decided_by == manager
    with pytest.raises(ApplicationError):
        services.cost_line_reject(by=manager.user, line=line, reason="late")


def test_a_rejection_needs_a_reason(world: World) -> None:
    manager = world.person()
    project = world.project("P1", manager=manager)
    line = _expense(world, manager.user, project)
    other = world.person().user
    member(project, other, ProjectRole.LEADER)
    with pytest.raises(ApplicationError) as caught:
        services.cost_line_reject(by=other, line=line, reason=" ")
    assert caught.value.field == "reason"


# --- budgets ------------------------------------------------------------------------------------------------
def test_a_negative_budget_cell_refuses_the_whole_change(world: World) -> None:
    manager = world.person()
    project = world.project("P1", manager=manager)
    cells = [BudgetCell("labour", month(2026, 1), Decimal("100")), BudgetCell("travel", month(2026, 1),
                                                                             Decimal("-1"))]
    with pytest.raises(ApplicationError) as caught:
        services.budget_set(by=manager.user, project=project, cells=cells)
    assert caught.value.field == "amount"
    assert not BudgetLine.objects.exists()


def test_the_baseline_is_a_frozen_copy_of_the_budget(world: World) -> None:
    manager = world.person()
    project = world.project("P1", manager=manager)
    services.budget_set(by=manager.user, project=project, cells=[
        BudgetCell("labour", month(2026, 1), Decimal("100")), BudgetCell("travel", month(2026, 2), Decimal("50"))])
    baseline = services.budget_baseline_set(by=manager.user, project=project)
    services.budget_set(by=manager.user, project=project,
                        cells=[BudgetCell("labour", month(2026, 1), Decimal("300"))])
    assert baseline.total == Decimal("150")
    frozen = BudgetLine.objects.filter(project=project, kind="baseline")
    assert sorted(frozen.values_list("amount", flat=True)) == [Decimal("50.00"), Decimal("100.00")]


def test_an_outsider_cannot_change_a_budget(world: World, outsider) -> None:
    project = world.project("P1")
    with pytest.raises(PermissionDenied):
        services.budget_set(by=outsider, project=project, cells=[BudgetCell("labour", month(2026, 1),
                                                                            Decimal("1"))])


# --- labour actuals -----------------------------------------------------------------------------------------
def _approved_week(person, project, week: dt.date, hours: list[str]) -> None:
    t = task(project, 1, "0") if not project.tasks.exists() else project.tasks.first()
    sheet = Timesheet.objects.create(person=person, site=person.home_site, week_start=week,
                                     status=Timesheet.Status.APPROVED)
    TimesheetLine.objects.create(timesheet=sheet, person=person, week_start=week, project=project, task=t,
                                 status=TimesheetLine.Status.APPROVED,
                                 **{f"d{i + 1}": Decimal(h) for i, h in enumerate(hours)})


def test_labour_actuals_are_approved_hours_times_the_rate_in_force(world: World, pso_manager) -> None:
    project = world.project("P1")
    engineer = world.person(job_title="Engineer")
    services.cost_rate_create(by=pso_manager, site=world.w, role="engineer", currency="EUR",
                              hourly_rate=Decimal("50"), valid_from=dt.date(2026, 1, 1),
                              valid_to=dt.date(2026, 3, 31))
    services.cost_rate_create(by=pso_manager, site=world.w, role="Engineer", currency="EUR",
                              hourly_rate=Decimal("60"), valid_from=dt.date(2026, 4, 1))
    # Monday 30 March to Sunday 5 April: 2 days in March, 3 in April
    _approved_week(engineer, project, dt.date(2026, 3, 30), ["8", "8", "8", "8", "8", "0", "0"])
    assert services.labour_actuals_refresh(by=pso_manager, site=world.w, month=month(2026, 3)) == 1
    services.labour_actuals_refresh(by=pso_manager, site=world.w, month=month(2026, 4))
    march, april = LabourActual.objects.order_by("month")
    assert (march.hours, march.amount) == (Decimal("16"), Decimal("800.00"))
    assert (april.hours, april.amount) == (Decimal("24"), Decimal("1440.00"))


def test_a_day_without_a_rate_refuses_the_month(world: World, pso_manager) -> None:
    project = world.project("P1")
    engineer = world.person()
    _approved_week(engineer, project, dt.date(2026, 3, 2), ["8", "0", "0", "0", "0", "0", "0"])
    with pytest.raises(ApplicationError) as caught:
        services.labour_actuals_refresh(by=pso_manager, site=world.w, month=month(2026, 3))
    assert "No cost rate" in caught.value.message
    assert not LabourActual.objects.exists()


def test_the_periodic_refresh_skips_closed_months_and_sites_without_rates(world: World, pso_manager) -> None:
    from projectoffice.finance.tasks import refresh_open_months

    project = world.project("P1")
    engineer = world.person()
    services.cost_rate_create(by=pso_manager, site=world.w, currency="EUR", hourly_rate=Decimal("50"),
                              valid_from=dt.date(2000, 1, 1))
    monday = dt.date.today() - dt.timedelta(days=dt.date.today().weekday())
    _approved_week(engineer, project, monday, ["8", "0", "0", "0", "0", "0", "0"])
    blr_person = world.person(world.blr)  # Bangalore has approved time but no rate: left alone
    _approved_week(blr_person, project, monday, ["4", "0", "0", "0", "0", "0", "0"])
    refresh_open_months()
    assert list(LabourActual.objects.values_list("site__code", "hours")) == [("W", Decimal("8.00"))]
