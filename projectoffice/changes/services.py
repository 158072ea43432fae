"""Every write on change requests: raise, analyse, configure the board, decide (and apply on approval)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from projectoffice.access import scope_of
from projectoffice.changes import edits as plan_edits
from projectoffice.changes.impact import analyse
from projectoffice.changes.models import Category, ChangeBoard, ChangeRequest, Vote
from projectoffice.core.audit import audit_record
from projectoffice.core.errors import ApplicationError, PermissionDenied
from projectoffice.core.versioning import bump_version, check_version
from projectoffice.finance.services.budgets import BudgetCell, budget_set
from projectoffice.people.models import Person
from projectoffice.projects import services as plan
from projectoffice.projects.models import Project, ProjectMember, Task, TaskLink
from projectoffice.projects.permissions import may_edit_project, require_edit

User = Any


def _person(by: User) -> Person | None:
    person_id = scope_of(by).person_id if by is not None else None
    return Person.objects.filter(pk=person_id).first() if person_id else None


def is_project_member(by: User, project: Project) -> bool:
    """Team members, the named manager and whoever may edit the plan may raise a change."""
    person_id = scope_of(by).person_id
    if by is None or may_edit_project(by, project):
        return True
    return person_id is not None and (project.project_manager_id == person_id or ProjectMember.objects.filter(
        project=project, person_id=person_id).exists())


@transaction.atomic
def board_configure(*, project: Project, by: User, approvers: list[Person], quorum: int) -> ChangeBoard:
    """Name the project's change control board and how many approvals carry a request."""
    require_edit(by, project)
    if not approvers:
        raise ApplicationError("A board needs at least one approver.", field="approvers")
    if not 1 <= quorum <= len(approvers):
        raise ApplicationError(f"The quorum lies between 1 and {len(approvers)} (the approvers).", field="quorum")
    board, _ = ChangeBoard.objects.update_or_create(project=project, defaults={"quorum": quorum})
    board.approvers.set(approvers)
    audit_record(actor=by, action="change_board.configured", target=project,
                 data={"approvers": [p.pk for p in approvers], "quorum": quorum})
    return board


@transaction.atomic
def change_request_raise(*, project: Project, by: User, title: str, description: str, reason: str, category: str,
                         edits: list[dict[str, Any]] | None = None, customer_contract_affected: bool = False,
                         supplier_contract_affected: bool = False) -> ChangeRequest:
    """Record a change request with its impact analysis (the edits are checked and scheduled, not applied)."""
    if not is_project_member(by, project):
        raise PermissionDenied(f"Only members of {project.code} may raise a change on it.")
    for value, field in ((title, "title"), (description, "description"), (reason, "reason")):
        if not value or not value.strip():
            raise ApplicationError(f"The {field} is required.", field=field)
    if category not in Category.values:
        raise ApplicationError(f"“{category}” is not a change category.", field="category")
    parsed = _parse(project, edits or [])
    number = (ChangeRequest.objects.filter(project=project).aggregate(n=Max("number"))["n"] or 0) + 1
    request = ChangeRequest.objects.create(
        project=project, number=number, title=title.strip()[:200], description=description, reason=reason,
        category=category, raised_by=_person(by), edits=edits or [], impact=analyse(project, parsed),
        customer_contract_affected=customer_contract_affected or category == Category.CONTRACT,
        supplier_contract_affected=supplier_contract_affected,
    )
    audit_record(actor=by, action="change_request.raised", target=request, data={"edits": len(parsed)})
    return request


def _parse(project: Project, raw: Any) -> list[plan_edits.Edit]:
    uids = Task.objects.filter(project=project).values_list("uid", flat=True)
    return plan_edits.parse_edits(raw, uids=uids)


@transaction.atomic
def change_request_analyse(*, change_request: ChangeRequest, by: User) -> ChangeRequest:
    """Re-run the impact analysis against the plan as it stands now."""
    if not is_project_member(by, change_request.project):
        raise PermissionDenied("Only project members may analyse this change.")
    change_request.impact = analyse(change_request.project, _parse(change_request.project, change_request.edits))
    change_request.save(update_fields=["impact"])
    audit_record(actor=by, action="change_request.analysed", target=change_request)
    return change_request


def approvers_of(project: Project) -> tuple[set[int] | None, int]:
    """The board's approver person ids (``None``: no board, whoever may edit the plan decides) and quorum."""
    board = ChangeBoard.objects.filter(project=project).first()
    if board is None:
        return None, 1
    return set(board.approvers.values_list("pk", flat=True)), board.quorum


def _require_approver(by: User, change_request: ChangeRequest) -> Person:
    person = _person(by)
    if person is None:
        raise PermissionDenied("Only a person on the change board may decide.")
    if change_request.raised_by_id == person.pk:
        raise ApplicationError(f"You raised {change_request.code}: someone else on the board decides it.",
                               field="decision", status=403)
    approvers, _ = approvers_of(change_request.project)
    allowed = person.pk in approvers if approvers is not None else may_edit_project(by, change_request.project)
    if not allowed:
        raise PermissionDenied(f"You are not on the change board of {change_request.project.code}.")
    return person


@transaction.atomic
def change_request_decide(*, change_request: ChangeRequest, by: User, decision: str, rationale: str,
                          baseline_number: int | None = None, version: int | None = None) -> ChangeRequest:
    """Record one approver's vote; at quorum the request is approved (its edits applied to the plan, and a
    baseline saved when asked), rejected or deferred."""
    check_version(change_request, version)
    if change_request.status not in (ChangeRequest.Status.SUBMITTED, ChangeRequest.Status.DEFERRED):
        raise ApplicationError(f"{change_request.code} is already {change_request.status}.", field="decision",
                               status=409)
    if decision not in Vote.Decision.values:
        raise ApplicationError(f"“{decision}” is not a decision (approve, reject, defer).", field="decision")
    if not rationale or not rationale.strip():
        raise ApplicationError("Give the rationale of the decision.", field="rationale")
    person = _require_approver(by, change_request)
    Vote.objects.update_or_create(change_request=change_request, approver=person,
                                  defaults={"decision": decision, "rationale": rationale.strip()})
    audit_record(actor=by, action=f"change_request.vote_{decision}", target=change_request,
                 data={"rationale": rationale.strip()})
    _, quorum = approvers_of(change_request.project)
    if change_request.votes.filter(decision=decision).count() >= quorum:
        _settle(change_request, by, decision, rationale.strip(), baseline_number)
    return change_request


def _settle(change_request: ChangeRequest, by: User, decision: str, rationale: str,
            baseline_number: int | None) -> None:
    status = {"approve": ChangeRequest.Status.APPROVED, "reject": ChangeRequest.Status.REJECTED,
              "defer": ChangeRequest.Status.DEFERRED}[decision]
    change_request.status, change_request.rationale = status, rationale
    change_request.decided_at = timezone.now()
    fields = ["status", "rationale", "decided_at", "version"]
    if status == ChangeRequest.Status.APPROVED:
        apply_edits(change_request)
        change_request.applied_at = timezone.now()
        fields.append("applied_at")
        if baseline_number is not None:
            _save_baseline(change_request, baseline_number)
    bump_version(change_request)
    change_request.save(update_fields=fields)
    audit_record(actor=by, action=f"change_request.{status}", target=change_request,
                 data={"baseline": baseline_number})


def _save_baseline(change_request: ChangeRequest, number: int) -> None:
    """The plan as baseline ``number``; a refusal names the decision's field (the whole decision rolls back)."""
    try:
        plan.baseline_save(project=change_request.project, by=None, number=number,
                           name=f"After {change_request.code}", overwrite=True)
    except ApplicationError as exc:
        raise ApplicationError(exc.message, field="baseline_number", status=exc.status) from exc


def apply_edits(change_request: ChangeRequest) -> None:
    """Apply the approved edits to the plan through the projects services, then recompute once.

    The board's decision is the authority: the services run as the system (``by=None``); the request's audit
    trail names who approved it."""
    project = change_request.project
    edits = _parse(project, change_request.edits)
    uid_map: dict[int, int] = {}
    for edit in edits:
        _apply_one(project, edit, uid_map)
    cells = [BudgetCell(e.category, e.month, e.amount) for e in edits if e.op == "set_budget" and e.month]
    if cells:
        budget_set(by=None, project=project, cells=cells)
    plan.project_recompute(project=project, by=None, background=False)


def _task(project: Project, uid: int | None, uid_map: dict[int, int]) -> Task | None:
    if uid is None:
        return None
    return Task.objects.filter(project=project, uid=uid_map.get(uid, uid)).first()


def _apply_one(project: Project, edit: plan_edits.Edit, uid_map: dict[int, int]) -> None:
    if edit.op == "add_task":
        task = plan.task_add(project=project, by=None, name=edit.name, recompute=False,
                             duration_minutes=edit.duration_minutes, fixed_cost=edit.fixed_cost)
        for uid in edit.predecessors:
            _link(project, _task(project, uid, uid_map), task)
        for uid in edit.successors:
            _link(project, task, _task(project, uid, uid_map))
    elif edit.op == "remove_task" and (gone := _task(project, edit.uid, uid_map)) is not None:
        plan.task_delete(task=gone, by=None, confirm=True)
    elif edit.op == "set_duration" and (longer := _task(project, edit.uid, uid_map)) is not None:
        plan.task_update(task=longer, by=None, changes={"duration_minutes": edit.duration_minutes})
    elif edit.op == "add_link":
        _link(project, _task(project, edit.predecessor, uid_map), _task(project, edit.successor, uid_map),
              edit.type, edit.lag)
    elif edit.op == "remove_link":
        link = TaskLink.objects.filter(project=project, predecessor__uid=edit.predecessor or 0,
                                       successor__uid=edit.successor or 0).first()
        if link is not None:
            plan.link_delete(link=link, by=None)


def _link(project: Project, predecessor: Task | None, successor: Task | None, type: str = "FS",
          lag: int = 0) -> None:
    if predecessor is None or successor is None:
        raise ApplicationError("A task named by the change no longer exists; analyse the change again.",
                               field="edits", status=409)
    plan.link_add(project=project, by=None, predecessor=predecessor, successor=successor, type=type, lag=lag)
