"""Background jobs of the projects app: recomputing a large plan, levelling resources."""

from __future__ import annotations

from typing import Any

from projectoffice.core.jobs import Progress, job_handler
from projectoffice.core.models import Job
from projectoffice.projects.models import Project


@job_handler("projects.recompute")
def recompute(job: Job, report: Progress) -> dict[str, Any]:
    """Recompute a plan too large for a request; progress goes 0 → 1 in two steps (schedule, write)."""
    from projectoffice.projects.services.recompute import project_recompute

    project = Project.objects.select_related("lead_site").get(pk=job.payload["project_id"])
    report(0.1, f"Scheduling {project.code}")
    result = project_recompute(project=project, background=False)
    report(0.95, f"{result.changed} tasks moved")
    return {"tasks": result.tasks, "changed": result.changed, "warnings": list(result.warnings)}
