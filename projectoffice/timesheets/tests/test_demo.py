"""The demo loader writes a year of valid time, with project lines when the projects demo is there."""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import F

from projectoffice.core.demo_context import DemoContext
from projectoffice.people.models import Person, Role
from projectoffice.timesheets import demo
from projectoffice.timesheets.labour import labour_rule_violations
from projectoffice.timesheets.models import LabourRules, Period, Timesheet, TimesheetLine
from projectoffice.timesheets.tests.conftest import World


def run_demo(world: World, projects: list) -> list[str]:
    said: list[str] = []
    pso = world.site.offices.get()
    ctx = DemoContext(today=dt.date(2026, 6, 17), rng=random.Random(1), say=said.append, data={
        "sites": {"W": world.site, "BLR": world.other_site}, "people": list(Person.objects.all()),
        "psos": {pso.code: pso}, "office_staff": {(pso.code, Role.PSO_MANAGER): world.pso_manager},
        "projects": projects,
    })
    demo.load(ctx)
    return said


def test_the_demo_writes_approved_project_time_nobody_approved_for_themself(world: World) -> None:
    run_demo(world, [world.project])
    assert LabourRules.objects.count() == 2
    project_lines = TimesheetLine.objects.filter(project=world.project, person=world.worker)
    assert project_lines.filter(status="approved", decided_by=world.pm).exists()
    assert not TimesheetLine.objects.filter(decided_by=F("person")).exists()
    assert Timesheet.objects.filter(person=world.worker).count() >= 49
    assert Period.objects.filter(site=world.site, status="closed", month=dt.date(2026, 4, 1)).exists()
    assert not Period.objects.filter(month=dt.date(2026, 5, 1)).exists()
    for timesheet in Timesheet.objects.filter(status="approved", overrides__isnull=True)[:60]:
        assert labour_rule_violations(timesheet=timesheet) == [], timesheet


def test_without_projects_the_demo_writes_non_project_time_and_says_so(world: World) -> None:
    said = run_demo(world, [])
    assert any("non-project time only" in line for line in said)
    assert TimesheetLine.objects.exists() and not TimesheetLine.objects.filter(project__isnull=False).exists()
