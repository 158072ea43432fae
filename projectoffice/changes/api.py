"""/api/v1/change-requests: raise, list, read, re-analyse and decide change requests; the project's board.

Path ids come from the caller's scope (404 otherwise); every write calls one service in ``changes.services``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from projectoffice.access import scope_of
from projectoffice.changes import selectors, services
from projectoffice.changes.models import ChangeRequest
from projectoffice.core.api import ErrorOut, resolve
from projectoffice.projects.selectors import project_get_for_user, projects_visible_to

router = Router(tags=["changes"])
ERRORS: dict[int, type[Schema]] = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class VoteOut(Schema):
    approver: str
    decision: str
    rationale: str
    voted_at: dt.datetime


class ChangeRequestOut(Schema):
    id: int
    project_id: int
    code: str
    title: str
    description: str
    reason: str
    category: str
    status: str
    raised_by: str | None
    raised_at: dt.datetime
    edits: list[dict[str, Any]]
    impact: dict[str, Any] | None
    customer_contract_affected: bool
    supplier_contract_affected: bool
    rationale: str
    decided_at: dt.datetime | None
    applied_at: dt.datetime | None
    version: int
    votes: list[VoteOut]

    @staticmethod
    def resolve_raised_by(obj: ChangeRequest) -> str | None:
        return str(obj.raised_by) if obj.raised_by else None

    @staticmethod
    def resolve_votes(obj: ChangeRequest) -> list[dict[str, Any]]:
        return [{"approver": str(v.approver), "decision": v.decision, "rationale": v.rationale,
                 "voted_at": v.voted_at} for v in obj.votes.all()]


class ChangeRequestIn(Schema):
    project_id: int
    title: str
    description: str
    reason: str
    category: str
    edits: list[dict[str, Any]] = []
    customer_contract_affected: bool = False
    supplier_contract_affected: bool = False


class DecisionIn(Schema):
    decision: str
    rationale: str
    baseline_number: int | None = None
    version: int | None = None


class BoardIn(Schema):
    approver_ids: list[int]
    quorum: int = 1


class Filters(Schema):
    project_id: int | None = None
    status: str | None = None


@router.get("/change-requests", response=list[ChangeRequestOut])
def list_change_requests(request: HttpRequest, filters: Query[Filters]):
    rows = selectors.change_requests_visible_to(request.user)
    if filters.project_id is not None:
        rows = rows.filter(project_id=filters.project_id)
    if filters.status:
        rows = rows.filter(status=filters.status)
    return list(rows[:500])


@router.post("/change-requests", response={201: ChangeRequestOut, **ERRORS})
def raise_change_request(request: HttpRequest, payload: ChangeRequestIn):
    project = resolve(projects_visible_to(request.user), payload.project_id, field="project_id", label="project")
    data = payload.dict(exclude={"project_id"})
    return Status(201, services.change_request_raise(project=project, by=request.user, **data))


@router.get("/change-requests/{change_request_id}", response={200: ChangeRequestOut, **ERRORS})
def get_change_request(request: HttpRequest, change_request_id: int):
    return selectors.change_request_get_for_user(user=request.user, change_request_id=change_request_id)


@router.post("/change-requests/{change_request_id}/impact", response={200: ChangeRequestOut, **ERRORS})
def analyse_change_request(request: HttpRequest, change_request_id: int):
    change = selectors.change_request_get_for_user(user=request.user, change_request_id=change_request_id)
    return services.change_request_analyse(change_request=change, by=request.user)


@router.post("/change-requests/{change_request_id}/decision", response={200: ChangeRequestOut, **ERRORS})
def decide_change_request(request: HttpRequest, change_request_id: int, payload: DecisionIn):
    change = selectors.change_request_get_for_user(user=request.user, change_request_id=change_request_id)
    services.change_request_decide(change_request=change, by=request.user, **payload.dict())
    return selectors.change_request_get_for_user(user=request.user, change_request_id=change_request_id)


@router.put("/change-requests/boards/{project_id}", response={200: dict[str, Any], **ERRORS})
def configure_board(request: HttpRequest, project_id: int, payload: BoardIn):
    project = project_get_for_user(user=request.user, project_id=project_id)
    # Approvers are chosen among the people in the caller's scope: anyone else stays as if absent.
    people = list(scope_of(request.user).people().filter(pk__in=payload.approver_ids, company_id=project.company_id))
    if len(people) != len(set(payload.approver_ids)):
        return Status(422, {"detail": "An approver is not a person you can see in this company.",
                            "field": "approver_ids", "errors": {"approver_ids": "unknown person"}})
    board = services.board_configure(project=project, by=request.user, approvers=people, quorum=payload.quorum)
    return {"project_id": project.pk, "approver_ids": sorted(p.pk for p in people), "quorum": board.quorum}
