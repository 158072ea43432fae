"""Fixtures of the projects app on top of the root personas (``org``): projects at Site W and Munich, plans."""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from decimal import Decimal
from typing import Any

import pytest

from projectoffice.projects import services
from projectoffice.projects.models import Project, ProjectRole, Task
from projectoffice.projects.plangen import generate_plan

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
MONDAY = dt.datetime(2026, 3, 2, 8, 0, tzinfo=PARIS)


def make_project(org: Any, code: str, *, site: str = "W", line: str = "RAN", unit: str = "NET",
                 manager: str | None = "project-leader", budget: str = "100000", **fields: Any) -> Project:
    """A project created by the system through the service (leader = a persona)."""
    return services.project_create(
        by=None, company=org.company, code=code, name=f"Project {code}", business_unit=org.units[unit],
        business_line=org.units[line], lead_site=org.sites[site], planned_start=fields.pop("planned_start", MONDAY),
        project_manager=org.people[manager] if manager else None, budget_at_completion=Decimal(budget), **fields,
    )


def make_plan(project: Project, size: int, seed: int = 7) -> list[Task]:
    """A generated plan of about ``size`` rows, recomputed."""
    generate_plan(project, size=size, rng=random.Random(seed))
    services.project_recompute(project=project)
    return list(Task.objects.filter(project=project).order_by("sort_index"))


@pytest.fixture
def project_w(org: Any) -> Project:
    """A RAN project led from Site W by the project leader; the team member is in its team."""
    project = make_project(org, "W-RAN-1")
    services.member_add(project=project, by=None, person=org.people["team-member"], role=ProjectRole.MEMBER)
    return project


@pytest.fixture
def project_muc(org: Any) -> Project:
    """A RAN project led from Munich by no persona (out of PSO-FR's reach; in PMO-RAN's line)."""
    return make_project(org, "MUC-RAN-1", site="MUC", manager=None)


@pytest.fixture
def project_cld(org: Any) -> Project:
    """A Cloud project led from Austin: out of the scope of Site W's PSO and of PMO-RAN."""
    return make_project(org, "AUS-CLD-1", site="AUS", line="CLD", unit="ENT", manager=None)
