"""Personas for time: a worker and their line manager at Site W (France), the project's manager, the PSO manager
and project administrator of W, and an outsider at Bangalore. Built with the ORM (projects are another app's)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from projectoffice.organization.models import Company, Group, OrgUnit, ProjectOffice, Site
from projectoffice.people.models import Person, Role, RoleAssignment
from projectoffice.projects.models import Project, ProjectMember, ProjectRole, Task
from projectoffice.timesheets import services
from projectoffice.timesheets.models import Category, Timesheet

WEEK = dt.date(2026, 3, 2)  # a Monday without public holidays in France


@dataclass
class World:
    company: Company
    site: Site
    other_site: Site
    group: Group
    worker: Person
    manager: Person  # the worker's line manager
    pm: Person  # manager of the project
    pso_manager: Person
    administrator: Person  # project administrator of W's PSO
    outsider: Person
    project: Project
    task: Task
    task2: Task
    summary: Task
    cancelled_task: Task
    foreign_task: Task  # a project the worker is not in
    milestone: Task

    def client(self, person: Person) -> Client:
        client = Client()
        client.force_login(person.user)
        return client


def make_site(company: Company, code: str, country: str, tz: str, currency: str, limits: tuple[int, int, int]) -> Site:
    return Site.objects.create(
        company=company, code=code, name=f"Site {code}", country=country, time_zone=tz, currency=currency,
        working_days=[1, 2, 3, 4, 5], working_hours=[["09:00", "12:00"], ["13:00", "17:00"]],
        max_hours_per_day=limits[0], max_hours_per_week=limits[1], min_rest_hours=limits[2],
    )


def make_person(company: Company, site: Site, username: str, group: Group | None = None,
                line_manager: Person | None = None) -> Person:
    user = get_user_model().objects.create_user(username=username, password="pw", email=f"{username}@example.com",
                                                first_name=username.capitalize(), last_name="Test")
    return Person.objects.create(user=user, company=company, home_site=site, group=group, line_manager=line_manager)


def make_project(world_company: Company, code: str, bu: OrgUnit, bl: OrgUnit, site: Site,
                 status: str = Project.Status.ACTIVE, pm: Person | None = None) -> Project:
    return Project.objects.create(
        company=world_company, code=code, name=f"Project {code}", business_unit=bu, business_line=bl,
        lead_site=site, currency="EUR", status=status, project_manager=pm,
        planned_start=timezone.make_aware(dt.datetime(2026, 1, 5, 9)),
    )


def make_task(project: Project, uid: int, summary: bool = False) -> Task:
    return Task.objects.create(project=project, uid=uid, sort_index=uid, name=f"Task {uid}", is_summary=summary,
                               wbs=f"1.{uid}")


@pytest.fixture
def world(db: None) -> World:
    company = Company.objects.create(code="ACME", name="Acme")
    bu = OrgUnit.objects.create(company=company, kind="bu", code="BU", name="Unit")
    bl = OrgUnit.objects.create(company=company, kind="bl", code="BL", name="Line", parent=bu)
    site = make_site(company, "W", "FR", "Europe/Paris", "EUR", (10, 48, 11))
    other = make_site(company, "BLR", "IN", "Asia/Kolkata", "INR", (9, 48, 12))
    group = Group.objects.create(business_line=bl, site=site, name="BL@W")
    other_group = Group.objects.create(business_line=bl, site=other, name="BL@BLR")
    pso = ProjectOffice.objects.create(company=company, kind="pso", code="PSO-W", name="PSO W")
    pso.sites.add(site)
    manager = make_person(company, site, "manager", group)
    worker = make_person(company, site, "worker", group, line_manager=manager)
    pm = make_person(company, site, "pm", group)
    pso_manager = make_person(company, site, "psomanager")
    administrator = make_person(company, site, "administrator")
    outsider = make_person(company, other, "outsider", other_group)
    RoleAssignment.objects.create(person=pso_manager, role=Role.PSO_MANAGER, office=pso)
    RoleAssignment.objects.create(person=administrator, role=Role.PROJECT_ADMINISTRATOR, office=pso)
    for person, g in ((worker, group), (manager, group), (pm, group), (outsider, other_group)):
        RoleAssignment.objects.create(person=person, role=Role.TEAM_MEMBER, group=g)
    project = make_project(company, "P1", bu, bl, site)
    cancelled = make_project(company, "P2", bu, bl, site, status=Project.Status.CANCELLED)
    foreign = make_project(company, "P3", bu, bl, other)
    for p in (project, cancelled):
        ProjectMember.objects.create(project=p, person=worker, role=ProjectRole.MEMBER)
        ProjectMember.objects.create(project=p, person=pm, role=ProjectRole.MANAGER)
    return World(
        company=company, site=site, other_site=other, group=group, worker=worker, manager=manager, pm=pm,
        pso_manager=pso_manager, administrator=administrator, outsider=outsider, project=project,
        task=make_task(project, 2), task2=make_task(project, 3), summary=make_task(project, 1, summary=True),
        cancelled_task=make_task(cancelled, 1), foreign_task=make_task(foreign, 1),
        milestone=Task.objects.create(project=project, uid=9, sort_index=9, name="Gate", is_milestone=True),
    )


def hours(*values: float) -> list[Decimal]:
    padded = list(values) + [0] * (7 - len(values))
    return [Decimal(str(v)) for v in padded]


def submitted_week(world: World, week: dt.date = WEEK, daily: float = 7) -> Timesheet:
    """A week of the worker with a project line and a training line, submitted."""
    timesheet = services.timesheet_open(person=world.worker, week_start=week, by=world.worker.user)
    services.line_add(timesheet=timesheet, by=world.worker.user, task=world.task, hours=hours(*[daily - 1] * 5))
    services.line_add(timesheet=timesheet, by=world.worker.user, category=Category.TRAINING, hours=hours(*[1] * 5))
    return services.timesheet_submit(timesheet=timesheet, by=world.worker.user)
