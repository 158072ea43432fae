"""Generated plans (demo, tests, benchmarks) have exactly the number of rows asked for."""

from __future__ import annotations

import random
from typing import Any

import pytest

from projectoffice.projects.models import Task
from projectoffice.projects.plangen import generate_plan
from projectoffice.projects.tests.conftest import make_project


@pytest.mark.parametrize("size", [10, 23, 137, 500, 2000])
def test_a_generated_plan_has_exactly_the_rows_asked_for(org: Any, size: int) -> None:
    project = make_project(org, f"GEN-{size}")
    generated = generate_plan(project, size=size, rng=random.Random(size))
    assert generated.tasks == Task.objects.filter(project=project).count() == size
    assert not Task.objects.filter(project=project, is_summary=True, children__isnull=True).exists()
