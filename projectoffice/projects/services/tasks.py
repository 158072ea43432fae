"""Writes on the WBS: tasks and milestones, their outline, progress; every change recomputes the schedule."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.db.models import Max, ProtectedError

from projectoffice.core.audit import audit_record
from projectoffice.core.errors import ApplicationError
from projectoffice.core.validation import apply_changes, validated_save
from projectoffice.core.versioning import bump_version, check_version
from projectoffice.projects.models import Project, ProjectCalendar, Task
from projectoffice.projects.outline import Outline
from projectoffice.projects.permissions import require_edit
from projectoffice.projects.services.recompute import RecomputeResult, project_recompute

User = AbstractBaseUser | AnonymousUser | None
TASK_FIELDS = (
    "name", "notes", "duration_minutes", "elapsed", "is_milestone", "manual", "manual_start", "manual_finish",
    "constraint", "constraint_date", "deadline", "calendar", "priority", "do_not_level", "percent_complete",
    "physical_percent_complete", "actual_start", "actual_finish", "remaining_minutes", "fixed_cost",
)
DATED_CONSTRAINTS = {"SNET", "SNLT", "FNET", "FNLT", "MSO", "MFO"}


def _locked_project(project: Project) -> Project:
    """Serialise structural edits of one plan (row numbers are shared by all its tasks)."""
    return Project.objects.select_for_update().select_related("lead_site").get(pk=project.pk)


@transaction.atomic
def task_add(*, project: Project, by: User, name: str, after: Task | None = None, parent: Task | None = None,
             recompute: bool = True, **fields: Any) -> Task:
    """Add a task below ``after`` (same level) or as the last child of ``parent`` (at the end by default)."""
    require_edit(by, project)
    project = _locked_project(project)
    for anchor, label in ((after, "after"), (parent, "parent")):
        if anchor is not None and anchor.project_id != project.pk:
            raise ApplicationError("That task belongs to another project.", field=label)
    uid = (Task.objects.filter(project=project).aggregate(m=Max("uid"))["m"] or 0) + 1
    task = Task(project=project, uid=uid, name=name, sort_index=0, parent=parent)
    _apply(task, fields)
    validated_save(task)
    outline = Outline(project)
    outline.children[parent.pk if parent else None].remove(task.pk)
    if after is not None:
        outline.insert_after(task.pk, after.pk)
    else:
        outline.insert(task.pk, parent=parent.pk if parent else None)
    outline.save()
    task.refresh_from_db()
    audit_record(actor=by, action="task.created", target=task)
    if recompute:
        project_recompute(project=project, by=by)
    return task


def _apply(task: Task, changes: dict[str, Any]) -> list[str]:
    """Set allowed fields and keep them coherent (milestones last zero, dated constraints have a date)."""
    changed = apply_changes(task, changes, allowed=TASK_FIELDS)
    if "calendar" in changed and task.calendar is not None and task.calendar.project_id != task.project_id:
        raise ApplicationError("This calendar belongs to another project.", field="calendar")
    if "is_milestone" in changed and task.is_milestone and task.duration_minutes:
        task.duration_minutes = 0
        changed.append("duration_minutes")
    if "duration_minutes" in changed:
        milestone = task.duration_minutes == 0
        if milestone != task.is_milestone:
            task.is_milestone = milestone
            changed.append("is_milestone")
    _check_task(task)
    return sorted(set(changed))


def _check_task(task: Task) -> None:
    if task.constraint in DATED_CONSTRAINTS and task.constraint_date is None:
        raise ApplicationError(f"A “{task.get_constraint_display()}” constraint needs a date.",
                               field="constraint_date")
    if task.manual and (task.manual_start is None or task.manual_finish is None):
        raise ApplicationError("A manually scheduled task needs a start and a finish.", field="manual_start")
    if task.manual_start and task.manual_finish and task.manual_finish < task.manual_start:
        raise ApplicationError("The finish comes before the start.", field="manual_finish")
    if task.actual_start and task.actual_finish and task.actual_finish < task.actual_start:
        raise ApplicationError("The actual finish comes before the actual start.", field="actual_finish")
    if task.actual_finish and task.actual_start is None:
        raise ApplicationError("A task cannot have finished without having started.", field="actual_start")
    if task.duration_minutes is not None and task.duration_minutes < 0:
        raise ApplicationError("A duration cannot be negative.", field="duration_minutes")


@transaction.atomic
def task_update(*, task: Task, by: User, changes: dict[str, Any], version: int | None = None) -> Task:
    """Edit a task's fields (duration, dates, constraint, progress…) and recompute the plan."""
    require_edit(by, task.project)
    locked = Task.objects.select_for_update().get(pk=task.pk)
    check_version(locked, version)
    changed = _apply(task, changes)
    if not changed:
        return task
    task.version = locked.version
    bump_version(task)
    validated_save(task, update_fields=[*changed, "version"])
    audit_record(actor=by, action="task.updated", target=task, data={"fields": changed})
    project_recompute(project=task.project, by=by)
    task.refresh_from_db()
    return task


@transaction.atomic
def task_record_progress(*, task: Task, by: User, percent_complete: Decimal, status_date: dt.datetime,
                         version: int | None = None) -> Task:
    """Progress as of a status date: a started task gets its actual start, a finished one its actual finish."""
    changes: dict[str, Any] = {"percent_complete": percent_complete}
    if percent_complete > 0 and task.actual_start is None:
        changes["actual_start"] = min(task.start or status_date, status_date)
    if percent_complete >= 100 and task.actual_finish is None:
        changes["actual_finish"] = min(task.finish or status_date, status_date)
    return task_update(task=task, by=by, changes=changes, version=version)


def _structural(task: Task, by: User, action: str, edit: Any, version: int | None) -> Task:
    require_edit(by, task.project)
    project = _locked_project(task.project)
    locked = Task.objects.get(pk=task.pk)
    check_version(locked, version)
    outline = Outline(project)
    edit(outline)
    outline.save()
    Task.objects.filter(pk=task.pk).update(version=locked.version + 1)
    task.refresh_from_db()
    audit_record(actor=by, action=action, target=task)
    project_recompute(project=project, by=by)
    return task


@transaction.atomic
def task_indent(*, task: Task, by: User, version: int | None = None) -> Task:
    """Make the task a child of the task above it, which becomes a summary."""
    return _structural(task, by, "task.indented", lambda o: o.indent(task.pk), version)


@transaction.atomic
def task_outdent(*, task: Task, by: User, version: int | None = None) -> Task:
    """Move the task one level up; the tasks below it at its old level become its children."""
    return _structural(task, by, "task.outdented", lambda o: o.outdent(task.pk), version)


@transaction.atomic
def task_move(*, task: Task, by: User, step: int, version: int | None = None) -> Task:
    """Move the task and its subtree above (``step=-1``) or below (``+1``) its neighbour at the same level."""
    if step not in (-1, 1):
        raise ApplicationError("Move one row up or down.", field="step")
    return _structural(task, by, "task.moved", lambda o: o.move(task.pk, step), version)


def task_delete_count(task: Task) -> int:
    """How many tasks a delete removes: the task and everything below it (shown in the confirmation)."""
    return len(Outline(task.project).subtree(task.pk))


@transaction.atomic
def task_delete(*, task: Task, by: User, confirm: bool = False, version: int | None = None) -> int:
    """Delete a task with its subtree, links and assignments; a summary needs ``confirm=True``."""
    require_edit(by, task.project)
    project = _locked_project(task.project)
    check_version(Task.objects.get(pk=task.pk), version)
    outline = Outline(project)
    doomed = outline.subtree(task.pk)
    if len(doomed) > 1 and not confirm:
        raise ApplicationError(f"“{task.name}” has {len(doomed) - 1} tasks below it; confirm to delete them too.",
                               field="confirm")
    outline.children[outline.parent[task.pk]].remove(task.pk)
    audit_record(actor=by, action="task.deleted", target=task, data={"tasks": len(doomed)})
    Task.objects.filter(pk__in=doomed).update(parent=None)  # one delete, no recursive cascade walk
    try:
        Task.objects.filter(pk__in=doomed).delete()
    except ProtectedError as exc:
        raise ApplicationError(f"“{task.name}” cannot be deleted: time or costs are booked on it.",
                               field="task") from exc
    for pk in doomed:
        outline.parent.pop(pk, None)
        outline.children.pop(pk, None)
    outline.save()
    project_recompute(project=project, by=by)
    return len(doomed)


@transaction.atomic
def project_set_status_date(*, project: Project, by: User, status_date: dt.datetime | None) -> RecomputeResult:
    """The date progress is reported to: remaining work is not scheduled before it."""
    require_edit(by, project)
    project.status_date = status_date
    project.save(update_fields=["status_date"])
    audit_record(actor=by, action="project.status_date_set", target=project,
                 data={"status_date": status_date.isoformat() if status_date else None})
    return project_recompute(project=project, by=by)


@transaction.atomic
def calendar_create(*, project: Project, by: User, name: str, definition: dict[str, Any] | None = None,
                    parent: ProjectCalendar | None = None, base_site: Any = None) -> ProjectCalendar:
    """A project calendar (e.g. a 24/7 test lab, a resource's part-time week) built on a site or a parent."""
    from projectoffice.projects.calendars import calendar_from_definition

    require_edit(by, project)
    if parent is not None and parent.project_id != project.pk:
        raise ApplicationError("The parent calendar belongs to another project.", field="parent")
    try:
        calendar_from_definition(name, definition or {}, None)
    except Exception as exc:  # the engine refuses overlapping hours, bad dates…
        raise ApplicationError(str(exc), field="definition") from exc
    calendar = ProjectCalendar(project=project, name=name, definition=definition or {}, parent=parent,
                               base_site=base_site if parent is None else None)
    validated_save(calendar)
    audit_record(actor=by, action="calendar.created", target=calendar)
    return calendar
