"""Reads of change requests, always from the caller's project scope (404 outside it)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from projectoffice.changes.models import ChangeRequest
from projectoffice.core.models import AuditRecord
from projectoffice.projects.selectors import projects_visible_to


def change_requests_visible_to(user: Any) -> QuerySet[ChangeRequest]:
    return (ChangeRequest.objects.filter(project__in=projects_visible_to(user).values("pk"))
            .select_related("project", "raised_by__user").prefetch_related("votes__approver__user"))


def change_request_get_for_user(*, user: Any, change_request_id: int) -> ChangeRequest:
    return get_object_or_404(change_requests_visible_to(user), pk=change_request_id)


HISTORY_LABELS = {
    "change_request.raised": "raised the request", "change_request.analysed": "re-ran the impact analysis",
    "change_request.vote_approve": "voted to approve", "change_request.vote_reject": "voted to reject",
    "change_request.vote_defer": "voted to defer", "change_request.approved": "approved: the edits were applied",
    "change_request.rejected": "rejected", "change_request.deferred": "deferred",
}


def history_label(action: str) -> str:
    """What a history line says happened, in words (the action code itself for anything new)."""
    return HISTORY_LABELS.get(action, action.removeprefix("change_request.").replace("_", " "))


def change_request_history(change_request: ChangeRequest) -> QuerySet[AuditRecord]:
    """The request's full trail: raised, analysed, every vote and the outcome."""
    return (AuditRecord.objects.filter(target_type="changes.changerequest", target_id=str(change_request.pk))
            .select_related("actor").order_by("pk"))


def plan_tasks_for_edits(project: Any) -> list[dict[str, Any]]:
    """The project's tasks as the raise form names them (uid, WBS, name, duration in days, critical), in WBS
    order: one query."""
    from projectoffice.projects.models import Task

    rows = (Task.objects.filter(project=project).order_by("sort_index")
            .values("uid", "wbs", "name", "duration_minutes", "is_critical", "is_summary"))
    return [{**row, "days": row["duration_minutes"] / 480} for row in rows]
