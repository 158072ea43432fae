from __future__ import annotations

import io
from typing import Any

from projectoffice.cockpit.scale import LARGE, generate_large
from projectoffice.cockpit.selectors import CockpitFilters, cockpit
from projectoffice.organization.models import Company
from projectoffice.people.models import Person
from projectoffice.projects.models import Project, Task


def test_the_large_generator_writes_the_scaled_counts_with_a_progress_bar(db: Any) -> None:
    stream = io.StringIO()
    generate_large(fraction=0.0002, say=lambda text: None, stream=stream)  # 10 projects, 20 people
    company = Company.objects.get(code="SCALE")
    assert Project.objects.filter(company=company).count() == 10
    assert Task.objects.filter(project__company=company).count() == 10 * LARGE.tasks_per_project
    assert Person.objects.filter(company=company).count() == 20
    assert "100.0 % tasks 2,500 / 2,500" in stream.getvalue()
    view = cockpit(None, CockpitFilters(), company=company)
    assert view.warnings == [] and view.tree.sums.bac > 0 and view.tree.sums.projects == 10
