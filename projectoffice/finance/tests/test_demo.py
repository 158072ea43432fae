from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from projectoffice.core.demo_context import DemoContext
from projectoffice.finance import demo
from projectoffice.finance.models import BudgetLine, CostLine, LabourActual
from projectoffice.finance.selectors.evm import evm_rollup
from projectoffice.finance.selectors.report import monthly_report
from projectoffice.timesheets.models import Timesheet, TimesheetLine

from .conftest import World, task


def test_the_demo_gives_every_project_real_figures_in_the_reporting_currency(world: World, executive) -> None:
    today = timezone.localdate()
    p1 = world.project("D1")
    p2 = world.project("D2", site=world.blr, currency="INR")
    for project in (p1, p2):
        project.planned_start = timezone.now() - dt.timedelta(days=240)
        project.save(update_fields=["planned_start"])
    engineer = world.person(world.blr)
    monday = today - dt.timedelta(days=today.weekday() + 21)
    sheet = Timesheet.objects.create(person=engineer, site=world.blr, week_start=monday, status="approved")
    TimesheetLine.objects.create(timesheet=sheet, person=engineer, week_start=monday, project=p2,
                                 task=task(p2, 1, "40"), status="approved", d1=Decimal("8"), d2=Decimal("7.5"))
    said: list[str] = []
    ctx = DemoContext(today=today, rng=random.Random(1), say=said.append,
                      data={"company": world.company, "projects": [p1, p2]})
    demo.load(ctx)
    assert LabourActual.objects.get(project=p2).hours == Decimal("15.5")
    assert BudgetLine.objects.filter(project=p1, kind="baseline").exists()
    assert CostLine.objects.filter(status="approved").exists()
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    rollup = evm_rollup(user=executive, month=last_month)
    assert rollup.company.figures.bac > 0 and rollup.company.figures.ev > 0 and rollup.company.figures.ac > 0
    assert monthly_report(user=executive, month=last_month).total.bac == rollup.company.figures.bac


def test_without_projects_the_demo_loads_rates_and_says_what_it_skipped(world: World) -> None:
    said: list[str] = []
    demo.load(DemoContext(today=timezone.localdate(), say=said.append, data={"company": world.company}))
    assert any("skipped" in line for line in said)
