"""Fixtures of the changes app: a small plan at Site W (three tasks in a row, a closing milestone)."""

from __future__ import annotations

from typing import Any

import pytest

from projectoffice.projects import services
from projectoffice.projects.models import Project, ProjectRole, Task
from projectoffice.projects.tests.conftest import make_project


def small_plan(org: Any, code: str = "W-CHG-1", *, site: str = "W") -> Project:
    """Design (2 d) → Build (3 d) → Test (2 d) → Done (milestone), plus Docs (1 d) in parallel."""
    project = make_project(org, code, site=site)
    tasks = {}
    for name, days in (("Design", 2), ("Build", 3), ("Test", 2), ("Done", 0), ("Docs", 1)):
        tasks[name] = services.task_add(project=project, by=None, name=name, recompute=False,
                                        duration_minutes=days * 480, fixed_cost=1000)
    for a, b in (("Design", "Build"), ("Build", "Test"), ("Test", "Done")):
        services.link_add(project=project, by=None, predecessor=tasks[a], successor=tasks[b])
    return project


@pytest.fixture
def plan_w(org: Any) -> Project:
    project = small_plan(org)
    services.member_add(project=project, by=None, person=org.people["team-member"], role=ProjectRole.MEMBER)
    return project


def uid(project: Project, name: str) -> int:
    return Task.objects.get(project=project, name=name).uid
