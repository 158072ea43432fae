"""Demo change requests on one of the project leader's small plans: one submitted, one approved (applied to
the plan), one rejected, one deferred — each with its impact analysis — and a two-person board."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from projectoffice.changes import services
from projectoffice.changes.models import ChangeRequest
from projectoffice.core.demo_context import DemoContext
from projectoffice.projects.models import Project, ProjectMember, Task


def demo_project(ctx: DemoContext, *, skip: int = 0, leader_first: bool = True) -> Project:
    """A small plan with a project manager (the project leader's first, if asked): fast to schedule."""
    projects = (Project.objects.filter(pk__in=[p.pk for p in ctx.data["projects"]], project_manager__isnull=False)
                .annotate(n=Count("tasks")).filter(n__gt=5).select_related("project_manager__user", "lead_site")
                .order_by("n", "pk"))
    preferred = [p for p in projects if p.project_manager is not None]
    if leader_first:
        leaders = [p for p in preferred if p.project_manager and p.project_manager.user.username == "project-leader"]
        preferred = leaders + preferred
    return preferred[skip]


def load(ctx: DemoContext) -> None:
    project = demo_project(ctx)
    manager = project.project_manager
    assert manager is not None  # demo_project picks managed projects
    members = list(ProjectMember.objects.filter(project=project).exclude(person=manager).select_related("person")[:1])
    deputy = members[0].person if members else None
    approvers = [manager] + ([deputy] if deputy else [])
    services.board_configure(project=project, by=None, approvers=approvers, quorum=1)
    leaves = list(Task.objects.filter(project=project, is_summary=False, duration_minutes__gt=0)
                  .order_by("-is_critical", "sort_index").values_list("uid", "duration_minutes")[:4])
    specs = _specs(leaves)
    decider = manager.user
    for (title, category, edits), outcome in zip(specs, ("submitted", "approve", "reject", "defer"), strict=True):
        change = services.change_request_raise(project=project, by=None, title=title, category=category,
                                               description=f"{title} (demo).", reason="Customer request",
                                               edits=edits)
        ChangeRequest.objects.filter(pk=change.pk).update(raised_by=deputy)
        change.raised_by = deputy
        if outcome != "submitted":
            services.change_request_decide(change_request=change, by=decider, decision=outcome,
                                           rationale=f"Board decision: {outcome}.")
    ctx.data["change_project"] = project
    ctx.say(f"  4 change requests on {project.code} (board: {', '.join(str(p) for p in approvers)})")


def _specs(leaves: list[tuple[int, int]]) -> list[tuple[str, str, list[dict[str, Any]]]]:
    (a, da), (b, db), (c, _), (d, _) = (leaves + [leaves[-1]] * 4)[:4]
    return [
        ("Extend integration testing", "schedule", [{"op": "set_duration", "uid": a, "duration_minutes": da * 2}]),
        ("Add a security audit", "scope", [{"op": "add_task", "name": "Security audit", "duration_minutes": 1440,
                                            "predecessors": [b], "fixed_cost": "8000"}]),
        ("Drop the optional pilot", "cost", [{"op": "remove_task", "uid": c}]),
        ("Renegotiate the delivery milestone", "contract",
         [{"op": "set_duration", "uid": d, "duration_minutes": max(480, db // 2)}]),
    ]
