"""A small portfolio on the shared ``org`` world (root conftest.py): projects in BU NET (lines RAN and product
line OPT, sites W and MUC) and BU ENT (line CLD, site AUS), each with a baseline budget, a milestone and risks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from projectoffice.cockpit.models import Risk
from projectoffice.cockpit.selectors.figures import last_closed_month
from projectoffice.finance.models import BudgetLine, ProjectMonthFigures
from projectoffice.projects.models import Project, Task

RATES = {"EUR": Decimal("1"), "USD": Decimal("0.9")}
PROGRESS = {"green": Decimal("1.05"), "amber": Decimal("0.95"), "red": Decimal("0.8")}  # EV ÷ PV and PV ÷ AC

# code, BU, line, site, health, currency, monthly budget
PROJECTS = [
    ("P-RAN-1", "NET", "RAN", "W", "green", "EUR", 1000),
    ("P-RAN-2", "NET", "RAN", "MUC", "red", "EUR", 2500),
    ("P-OPT-1", "NET", "OPT", "W", "amber", "EUR", 700),
    ("P-CLD-1", "ENT", "CLD", "AUS", "green", "USD", 1200),
]


def make_project(org: Any, code: str, bu: str, line: str, site: str, health: str, currency: str, monthly: int,
                 *, months: int = 4) -> Project:
    now = timezone.now()
    project = Project.objects.create(
        company=org.company, code=code, name=f"Project {code}", business_unit=org.units[bu],
        business_line=org.units[line], lead_site=org.sites[site], currency=currency, health=health,
        status=Project.Status.ACTIVE, planned_start=now - dt.timedelta(days=60),
        project_manager=org.people["pmo-project-manager"])
    first = (timezone.localdate().replace(day=1) - dt.timedelta(days=40)).replace(day=1)
    for i in range(months):
        month = (first + dt.timedelta(days=32 * i)).replace(day=1)
        BudgetLine.objects.create(project=project, kind=BudgetLine.Kind.BASELINE, category="labour", month=month,
                                  amount=Decimal(monthly))
    Task.objects.create(project=project, uid=1, sort_index=1, name="Design review", is_milestone=True,
                        duration_minutes=0, finish=now - dt.timedelta(days=3))
    Task.objects.create(project=project, uid=2, sort_index=2, name="Delivery", is_milestone=True,
                        duration_minutes=0, finish=now + dt.timedelta(days=10))
    Risk.objects.create(project=project, title=f"Supplier late on {code}", probability=4, impact=4)
    store_figures(project, monthly * RATES[currency], months)
    return project


def store_figures(project: Project, monthly: Decimal, months: int) -> ProjectMonthFigures:
    """The month-end figures the finance app stores when the last month is closed (reporting currency): the
    budget runs from two months before it, so PV is two months; EV and AC follow the project's health."""
    pv = 2 * monthly
    ev = (pv * PROGRESS[project.health]).quantize(Decimal("0.01"))
    ac = (pv / PROGRESS[project.health]).quantize(Decimal("0.01"))
    return ProjectMonthFigures.objects.create(
        project=project, month=last_closed_month(), currency="EUR", bac=months * monthly, pv=pv, ev=ev, ac=ac,
        eac=(months * monthly * ac / ev).quantize(Decimal("0.01")), eac_bottom_up=None, budget_month=monthly,
        actual_month=ac / 2, computed_at=timezone.now())


@pytest.fixture
def portfolio(org: Any) -> dict[str, Project]:
    from projectoffice.finance.models import ExchangeRate

    today = timezone.localdate()
    for i in range(-6, 7):
        index = today.year * 12 + today.month - 1 + i
        ExchangeRate.objects.create(company=org.company, currency="USD", month=dt.date(index // 12, index % 12 + 1, 1),
                                    rate=Decimal("0.9"))
    return {row[0]: make_project(org, *row) for row in PROJECTS}
