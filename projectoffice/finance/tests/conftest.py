"""Personas and a small world for the finance tests: one company (EUR) with a BU and two lines, a site in France
(EUR) and one in India (INR), PSOs for each, projects in EUR and INR, and the people who work on them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from projectoffice.finance.models import BudgetLine, ExchangeRate
from projectoffice.organization.models import Company, Group, OrgUnit, ProjectOffice, Site
from projectoffice.people import services as people
from projectoffice.people.models import Person, Role
from projectoffice.projects.models import Project, ProjectMember, ProjectRole, Task

HOURS = [["09:00", "12:30"], ["13:30", "17:30"]]


@dataclass
class World:
    company: Company
    bu: OrgUnit
    bl: OrgUnit
    bl2: OrgUnit
    w: Site
    blr: Site
    pso_w: ProjectOffice
    pso_blr: ProjectOffice
    group_w: Group
    group_blr: Group
    serial: int = 0

    def person(self, site: Site | None = None, *, role: str | None = None, unit: Any = None,
               job_title: str = "Engineer") -> Person:
        self.serial += 1
        site = site or self.w
        person = people.person_create(
            by=None, company=self.company, username=f"p{self.serial}", first_name="P", last_name=str(self.serial),
            email=f"p{self.serial}@example.com", home_site=site,
            group=self.group_w if site == self.w else self.group_blr, job_title=job_title,
        )
        if role:
            people.role_assign(by=None, person=person, role=role, unit=unit)
        return person

    def project(self, code: str, *, site: Site | None = None, currency: str = "EUR", bl: OrgUnit | None = None,
                manager: Person | None = None, status: str = Project.Status.ACTIVE) -> Project:
        return Project.objects.create(
            company=self.company, code=code, name=f"Project {code}", business_unit=self.bu,
            business_line=bl or self.bl, lead_site=site or self.w, currency=currency, status=status,
            planned_start=timezone.now(), project_manager=manager,
        )


@pytest.fixture
def world(db: Any) -> World:
    company = Company.objects.create(code="ACME", name="Acme", reporting_currency="EUR")
    bu = OrgUnit.objects.create(company=company, kind="bu", code="NET", name="Networks")
    bl = OrgUnit.objects.create(company=company, kind="bl", code="RAN", name="Radio", parent=bu)
    bl2 = OrgUnit.objects.create(company=company, kind="bl", code="OPT", name="Optical", parent=bu)
    site = {"working_days": [1, 2, 3, 4, 5], "working_hours": HOURS, "company": company}
    w = Site.objects.create(code="W", name="Site W", country="FR", time_zone="Europe/Paris", currency="EUR", **site)
    blr = Site.objects.create(code="BLR", name="Bangalore", country="IN", time_zone="Asia/Kolkata", currency="INR",
                              **site)
    pso_w = ProjectOffice.objects.create(company=company, kind="pso", code="PSO-W", name="PSO W")
    pso_w.sites.set([w])
    pso_blr = ProjectOffice.objects.create(company=company, kind="pso", code="PSO-BLR", name="PSO BLR")
    pso_blr.sites.set([blr])
    group_w = Group.objects.create(business_line=bl, site=w, name="RAN@W")
    group_blr = Group.objects.create(business_line=bl, site=blr, name="RAN@BLR")
    return World(company, bu, bl, bl2, w, blr, pso_w, pso_blr, group_w, group_blr)


@pytest.fixture
def executive(world: World) -> Any:
    return world.person(role=Role.EXECUTIVE, unit=world.company).user


@pytest.fixture
def pso_manager(world: World) -> Any:
    """PSO manager of site W: a finance role of W, not of Bangalore."""
    return world.person(role=Role.PSO_MANAGER, unit=world.pso_w).user


@pytest.fixture
def project_administrator_blr(world: World) -> Any:
    return world.person(world.blr, role=Role.PROJECT_ADMINISTRATOR, unit=world.pso_blr).user


@pytest.fixture
def outsider(world: World) -> Any:
    """A team member of Bangalore in no project."""
    return world.person(world.blr, role=Role.TEAM_MEMBER, unit=world.group_blr).user


def member(project: Project, user: Any, role: str = ProjectRole.MEMBER) -> None:
    ProjectMember.objects.create(project=project, person=user.person, role=role)


def month(year: int, number: int) -> dt.date:
    return dt.date(year, number, 1)


def rates(world: World, months: list[dt.date], inr: str = "0.011") -> None:
    ExchangeRate.objects.bulk_create(ExchangeRate(company=world.company, currency="INR", month=m, rate=Decimal(inr))
                                     for m in months)


def baseline(project: Project, amounts: dict[dt.date, str], category: str = "labour") -> None:
    BudgetLine.objects.bulk_create(
        BudgetLine(project=project, kind=kind, category=category, month=m, amount=Decimal(a))
        for m, a in amounts.items() for kind in (BudgetLine.Kind.BASELINE, BudgetLine.Kind.CURRENT)
    )


def task(project: Project, uid: int, percent: str, minutes: int = 480) -> Task:
    return Task.objects.create(project=project, uid=uid, sort_index=uid, name=f"T{uid}", duration_minutes=minutes,
                               percent_complete=Decimal(percent))
