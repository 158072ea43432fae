"""A small portfolio on the shared ``org`` world (root conftest.py): projects in BU NET (lines RAN and product
line OPT, sites W and MUC) and BU ENT (line CLD, site AUS), each with a baseline budget, a milestone and risks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from projectoffice.cockpit.models import Risk
from projectoffice.finance.models import BudgetLine
from projectoffice.projects.models import Project, Task

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
    return project


@pytest.fixture
def portfolio(org: Any) -> dict[str, Project]:
    from projectoffice.finance.models import ExchangeRate

    today = timezone.localdate()
    for i in range(-6, 7):
        index = today.year * 12 + today.month - 1 + i
        ExchangeRate.objects.create(company=org.company, currency="USD", month=dt.date(index // 12, index % 12 + 1, 1),
                                    rate=Decimal("0.9"))
    return {row[0]: make_project(org, *row) for row in PROJECTS}
