"""Every change to time goes through one function here: open a week, write lines, copy last week, submit,
override a labour-rule violation, approve or reject a line, correct an approved line, delegate approvals.

``by=None`` is the system (demo loader, commands); interfaces always pass ``request.user``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone

from projectoffice.access import scope_of
from projectoffice.core.audit import audit_record
from projectoffice.core.errors import ApplicationError, PermissionDenied
from projectoffice.core.versioning import bump_version, check_version
from projectoffice.people.models import Person
from projectoffice.projects.models import Project, ProjectMember, Task
from projectoffice.timesheets import selectors
from projectoffice.timesheets.labour import Violation, labour_rule_violations
from projectoffice.timesheets.models import (
    DAY_FIELDS,
    NON_PROJECT_CATEGORIES,
    ApprovalDelegation,
    Category,
    LabourOverride,
    Timesheet,
    TimesheetLine,
)
from projectoffice.timesheets.periods import ensure_all_open

AnyUser = AbstractBaseUser | AnonymousUser
Hours = Sequence[Decimal | float | int | str]
ZERO = Decimal("0")


# --- who may write ----------------------------------------------------------------------------------------------
def may_write_time_of(by: AnyUser | None, person: Person) -> bool:
    """The person themself, or the PSO manager / data administrator of their site (imports); the system."""
    scope = scope_of(by)
    return scope.is_superuser or scope.person_id == person.pk or person.home_site_id in scope.managed_site_ids


def _refuse_unless_writer(by: AnyUser | None, person: Person) -> None:
    if not may_write_time_of(by, person):
        raise PermissionDenied(f"You may not write time for {person}.")


def _actor(by: AnyUser | None) -> Person | None:
    return selectors.person_of(by) if by is not None else None


# --- input checks -----------------------------------------------------------------------------------------------
def clean_hours(hours: Hours) -> list[Decimal]:
    """Seven day values, each from 0 to 24 h with at most two decimals, or an error naming the day (d1…d7)."""
    if len(hours) != 7:
        raise ApplicationError("Give seven day values, Monday to Sunday.", field="hours")
    cleaned = []
    for day, raw in zip(DAY_FIELDS, hours, strict=True):
        cleaned.append(_one_day(day, raw))
    return cleaned


DAY_NAMES = dict(zip(DAY_FIELDS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
                     strict=True))


def _one_day(field: str, raw: Decimal | float | int | str) -> Decimal:
    """One day's hours; a refusal names the weekday for people and the field (d1…d7) for API clients."""
    day = f"{DAY_NAMES[field]} ({field})"
    try:
        value = Decimal(str(raw).strip() or "0")
    except InvalidOperation:
        raise ApplicationError(f"{day}: “{raw}” is not a number of hours.", field=field) from None
    if not value.is_finite() or value < 0:
        raise ApplicationError(f"{day}: hours cannot be negative.", field=field)
    if value > 24:
        raise ApplicationError(f"{day}: a day has at most 24 hours.", field=field)
    if value != value.quantize(Decimal("0.01")):
        raise ApplicationError(f"{day}: use at most two decimals.", field=field)
    return value


def check_task_for(person: Person, task: Task) -> None:
    """Time goes only on leaf tasks of live projects the person is in."""
    project = task.project
    if project.status in (Project.Status.CANCELLED, Project.Status.CLOSED):
        raise ApplicationError(f"Project {project.code} is {project.get_status_display().lower()}: "
                               "no time can be written on it.", field="task")
    member = ProjectMember.objects.filter(project=project, person=person).exists()
    if not member and project.project_manager_id != person.pk:
        raise ApplicationError(f"{person} is not a member of project {project.code}.", field="task")
    if task.is_summary:
        raise ApplicationError(f"“{task}” is a summary task; write time on one of its tasks.", field="task")
    if task.is_milestone:
        raise ApplicationError(f"“{task}” is a milestone; it takes no time.", field="task")


def _check_day_totals(timesheet: Timesheet, line: TimesheetLine) -> None:
    """No day of the week may total more than 24 hours over all the lines."""
    totals = [Decimal(h) for h in line.hours]
    for other in timesheet.lines.exclude(pk=line.pk).filter(reversal__isnull=True, reverses__isnull=True):
        totals = [t + h for t, h in zip(totals, other.hours, strict=True)]
    for day, total in zip(DAY_FIELDS, totals, strict=True):
        if total > 24:
            raise ApplicationError(f"{DAY_NAMES[day]} ({day}): the lines of this day total {format(total.normalize(), 'f')} h, more than 24 h.", field=day)


def _check_open(timesheet: Timesheet, *hour_sets: Sequence[Decimal]) -> None:
    """Refuse when any day with hours (before or after the change) is in a closed period."""
    days = [day for hours in hour_sets for day, h in zip(timesheet.days(), hours, strict=True) if h]
    if days:
        ensure_all_open(timesheet.site_id, days, field="hours")


# --- weeks ------------------------------------------------------------------------------------------------------
@transaction.atomic
def timesheet_open(*, person: Person, week_start: dt.date, by: AnyUser | None) -> Timesheet:
    """The person's week, created as a draft on first opening, under their home site's rules."""
    _refuse_unless_writer(by, person)
    if week_start.isoweekday() != 1:
        raise ApplicationError("A week starts on a Monday.", field="week_start")
    timesheet, created = Timesheet.objects.get_or_create(
        person=person, week_start=week_start, defaults={"site_id": person.home_site_id})
    if created:
        audit_record(actor=by, action="timesheet.opened", target=timesheet)
    return timesheet


def _refuse_unless_editable(timesheet: Timesheet) -> None:
    if not timesheet.is_editable:
        raise ApplicationError(f"This week is {timesheet.get_status_display().lower()}; it can no longer be edited.",
                               field="status", status=409)


@transaction.atomic
def line_add(*, timesheet: Timesheet, by: AnyUser | None, category: str = Category.PROJECT, task: Task | None = None,
             hours: Hours = (0,) * 7, comment: str = "") -> TimesheetLine:
    """Add a line on a project task or a non-project category to an editable week."""
    _refuse_unless_writer(by, timesheet.person)
    _refuse_unless_editable(timesheet)
    line = TimesheetLine(timesheet=timesheet, person_id=timesheet.person_id, week_start=timesheet.week_start,
                         category=category, comment=comment.strip()[:300])
    _set_what(line, timesheet.person, category, task)
    _set_hours(line, clean_hours(hours))
    _check_day_totals(timesheet, line)
    _check_open(timesheet, line.hours)
    line.save()
    audit_record(actor=by, action="timesheet_line.added", target=line, data={"hours": [str(h) for h in line.hours]})
    return line


def _set_what(line: TimesheetLine, person: Person, category: str, task: Task | None) -> None:
    if category == Category.PROJECT:
        if task is None:
            raise ApplicationError("Choose the task the time is for.", field="task")
        check_task_for(person, task)
        line.task, line.project = task, task.project
    elif category in NON_PROJECT_CATEGORIES:
        if task is not None:
            raise ApplicationError("A non-project line has no task.", field="task")
    else:
        raise ApplicationError(f"“{category}” is not a category of time.", field="category")


def _set_hours(line: TimesheetLine, hours: list[Decimal]) -> None:
    for day, value in zip(DAY_FIELDS, hours, strict=True):
        setattr(line, day, value)


@transaction.atomic
def line_update(*, line: TimesheetLine, by: AnyUser | None, hours: Hours | None = None,
                comment: str | None = None, expected_version: int | None = None) -> TimesheetLine:
    """Change a draft or rejected line's hours or comment; a rejected line becomes a draft again."""
    timesheet = line.timesheet
    _refuse_unless_writer(by, timesheet.person)
    _refuse_unless_editable(timesheet)
    if line.status not in (TimesheetLine.Status.DRAFT, TimesheetLine.Status.REJECTED):
        raise ApplicationError(f"This line is {line.get_status_display().lower()}; approved time is corrected "
                               "with a reversal and a new line.", field="status", status=409)
    check_version(line, expected_version)
    before = line.hours
    if hours is not None:
        _set_hours(line, clean_hours(hours))
    if comment is not None:
        line.comment = comment.strip()[:300]
    _check_day_totals(timesheet, line)
    _check_open(timesheet, before, line.hours)
    line.status = TimesheetLine.Status.DRAFT
    bump_version(line)
    line.save(update_fields=[*DAY_FIELDS, "comment", "status", "version"])
    audit_record(actor=by, action="timesheet_line.updated", target=line, data={"hours": [str(h) for h in line.hours]})
    return line


@transaction.atomic
def line_delete(*, line: TimesheetLine, by: AnyUser | None) -> None:
    timesheet = line.timesheet
    _refuse_unless_writer(by, timesheet.person)
    _refuse_unless_editable(timesheet)
    if line.status not in (TimesheetLine.Status.DRAFT, TimesheetLine.Status.REJECTED):
        raise ApplicationError("Only a draft or rejected line can be removed.", field="status", status=409)
    _check_open(timesheet, line.hours)
    audit_record(actor=by, action="timesheet_line.deleted", target=line)
    line.delete()


@transaction.atomic
def timesheet_copy_last_week(*, timesheet: Timesheet, by: AnyUser | None) -> list[TimesheetLine]:
    """Copy the previous week's lines (tasks, categories, hours, comments) into an empty week; lines on tasks
    no longer open to the person are skipped."""
    _refuse_unless_writer(by, timesheet.person)
    _refuse_unless_editable(timesheet)
    if timesheet.lines.exists():
        raise ApplicationError("This week already has lines; copy last week into an empty week.", field="lines")
    previous = Timesheet.objects.filter(person=timesheet.person,
                                        week_start=timesheet.week_start - dt.timedelta(weeks=1)).first()
    source = previous.lines.filter(reverses__isnull=True).select_related("task__project") if previous else []
    open_tasks = set(selectors.tasks_open_to(timesheet.person).values_list("pk", flat=True))
    copied = [
        line_add(timesheet=timesheet, by=by, category=old.category, task=old.task, hours=old.hours, comment=old.comment)
        for old in source if old.task_id is None or old.task_id in open_tasks
    ]
    if not copied:
        raise ApplicationError("Last week has no line to copy.", field="lines")
    return copied


# --- submission -------------------------------------------------------------------------------------------------
def _blocking(violations: list[Violation]) -> ApplicationError:
    message = "Labour rules: " + " ".join(v.message for v in violations)
    return ApplicationError(message, field="lines")


@transaction.atomic
def timesheet_submit(*, timesheet: Timesheet, by: AnyUser | None, overtime_reason: str | None = None,
                     expected_version: int | None = None) -> Timesheet:
    """Submit a draft (or rejected) week for approval; the labour rules of the person's site are checked first."""
    _refuse_unless_writer(by, timesheet.person)
    _refuse_unless_editable(timesheet)
    check_version(timesheet, expected_version)
    if overtime_reason is not None:
        timesheet.overtime_reason = overtime_reason.strip()[:300]
    lines = list(timesheet.lines.all())
    if not any(line.status in (line.Status.DRAFT, line.Status.REJECTED) for line in lines):
        raise ApplicationError("There is nothing to submit: add a line first.", field="lines")
    violations = labour_rule_violations(timesheet=timesheet, lines=lines)
    if violations:
        raise _blocking(violations)
    _mark_submitted(timesheet, by)
    return timesheet


def _mark_submitted(timesheet: Timesheet, by: AnyUser | None) -> None:
    _check_open(timesheet, *(line.hours for line in timesheet.lines.all()))
    timesheet.lines.filter(status__in=[TimesheetLine.Status.DRAFT, TimesheetLine.Status.REJECTED]).update(
        status=TimesheetLine.Status.SUBMITTED, reject_reason="")
    timesheet.status = Timesheet.Status.SUBMITTED
    timesheet.submitted_at = timezone.now()
    bump_version(timesheet)
    timesheet.save(update_fields=["status", "submitted_at", "overtime_reason", "version"])
    audit_record(actor=by, action="timesheet.submitted", target=timesheet)


@transaction.atomic
def timesheet_override_submit(*, timesheet: Timesheet, by: AnyUser, reason: str) -> LabourOverride:
    """The site's PSO manager submits a week despite its labour-rule violations; the reason is recorded."""
    if not selectors.pso_manager_sites_of(by).filter(pk=timesheet.site_id).exists():
        raise PermissionDenied("Only the PSO manager of the site may override its labour rules.")
    if not reason.strip():
        raise ApplicationError("Give the reason for the override.", field="reason")
    _refuse_unless_editable(timesheet)
    violations = labour_rule_violations(timesheet=timesheet)
    if not violations:
        raise ApplicationError("This week breaks no labour rule; the person can submit it.", field="reason")
    actor = _actor(by)
    assert actor is not None
    override = LabourOverride.objects.create(timesheet=timesheet, by=actor, at=timezone.now(), reason=reason.strip(),
                                             violations=[v.as_dict() for v in violations])
    _mark_submitted(timesheet, by)
    audit_record(actor=by, action="timesheet.rules_overridden", target=timesheet, data={"reason": override.reason})
    return override


# --- approval ---------------------------------------------------------------------------------------------------
def _refuse_unless_approver(by: AnyUser, line: TimesheetLine) -> Person:
    actor = _actor(by)
    if actor is not None and actor.pk == line.person_id:
        raise PermissionDenied("Nobody approves their own time.")
    if actor is None or not selectors.may_approve(actor.pk, line, timezone.localdate()):
        raise PermissionDenied("You do not approve this line: its project's manager or leader does "
                               "(the line manager for non-project time).")
    if line.status != TimesheetLine.Status.SUBMITTED:
        raise ApplicationError(f"This line is {line.get_status_display().lower()}, not waiting for approval.",
                               field="status", status=409)
    return actor


@transaction.atomic
def line_approve(*, line: TimesheetLine, by: AnyUser) -> TimesheetLine:
    """Approve one submitted line; from then on it is immutable."""
    actor = _refuse_unless_approver(by, line)
    _decide(line, actor, TimesheetLine.Status.APPROVED, "")
    audit_record(actor=by, action="timesheet_line.approved", target=line)
    return line


@transaction.atomic
def line_reject(*, line: TimesheetLine, by: AnyUser, reason: str) -> TimesheetLine:
    """Send one line back to the person with a reason; they fix it and resubmit the week."""
    actor = _refuse_unless_approver(by, line)
    if not reason.strip():
        raise ApplicationError("Give the reason for the rejection.", field="reason")
    _decide(line, actor, TimesheetLine.Status.REJECTED, reason.strip()[:300])
    audit_record(actor=by, action="timesheet_line.rejected", target=line, data={"reason": line.reject_reason})
    return line


def _decide(line: TimesheetLine, actor: Person, status: str, reason: str) -> None:
    line.status, line.decided_by, line.decided_at, line.reject_reason = status, actor, timezone.now(), reason
    bump_version(line)
    line.save(update_fields=["status", "decided_by", "decided_at", "reject_reason", "version"])
    timesheet_refresh_status(line.timesheet)


def timesheet_refresh_status(timesheet: Timesheet) -> None:
    """A week is rejected while any line is, submitted while any line waits, approved when all are."""
    statuses = set(timesheet.lines.values_list("status", flat=True))
    if TimesheetLine.Status.REJECTED in statuses:
        status = Timesheet.Status.REJECTED
    elif TimesheetLine.Status.SUBMITTED in statuses:
        status = Timesheet.Status.SUBMITTED
    elif statuses == {TimesheetLine.Status.APPROVED}:
        status = Timesheet.Status.APPROVED
    else:
        status = Timesheet.Status.DRAFT
    if status != timesheet.status:
        timesheet.status = status
        bump_version(timesheet)
        timesheet.save(update_fields=["status", "version"])


# --- corrections ------------------------------------------------------------------------------------------------
@transaction.atomic
def line_correct(*, line: TimesheetLine, by: AnyUser | None, hours: Hours, reason: str,
                 comment: str | None = None) -> tuple[TimesheetLine, TimesheetLine]:
    """Correct an approved line: a reversal (its hours negated) and a new line with the right hours, both
    submitted for approval with the reason. The approved line itself never changes."""
    timesheet = line.timesheet
    _refuse_unless_writer(by, timesheet.person)
    if line.status != TimesheetLine.Status.APPROVED or line.reverses_id or hasattr(line, "reversal"):
        raise ApplicationError("Only an approved line that was not corrected yet can be corrected.", field="line")
    if not reason.strip():
        raise ApplicationError("Give the reason for the correction.", field="reason")
    new_hours = clean_hours(hours)
    _check_open(timesheet, line.hours, new_hours)
    common = {"timesheet": timesheet, "person_id": line.person_id, "week_start": line.week_start,
              "category": line.category, "project": line.project, "task": line.task,
              "status": TimesheetLine.Status.SUBMITTED, "correction_reason": reason.strip()[:300]}
    reversal = TimesheetLine(**common, reverses=line, comment=f"Reversal of line {line.pk}")
    _set_hours(reversal, [-h for h in line.hours])
    new = TimesheetLine(**common, corrects=line, comment=line.comment if comment is None else comment.strip()[:300])
    _set_hours(new, new_hours)
    _check_corrected_week(timesheet, line, new)
    reversal.save()
    new.save()
    timesheet_refresh_status(timesheet)
    audit_record(actor=by, action="timesheet_line.corrected", target=line,
                 data={"reason": new.correction_reason, "reversal": reversal.pk, "new": new.pk})
    return reversal, new


def _check_corrected_week(timesheet: Timesheet, old: TimesheetLine, new: TimesheetLine) -> None:
    """The week as it will be (old line replaced by the new one) must still respect the hard labour rules."""
    lines = [line for line in timesheet.lines.all() if line.pk != old.pk] + [new]
    _check_day_totals(timesheet, new)
    hard = [v for v in labour_rule_violations(timesheet=timesheet, lines=lines) if not v.reason_clears]
    if hard:
        raise _blocking(hard)


# --- delegation -------------------------------------------------------------------------------------------------
@transaction.atomic
def delegation_create(*, by: AnyUser, delegate: Person, start: dt.date, end: dt.date,
                      delegator: Person | None = None) -> ApprovalDelegation:
    """Hand one's approvals to ``delegate`` from ``start`` to ``end`` (an absence); a site manager may do it
    for someone of their site."""
    actor = _actor(by)
    delegator = delegator or actor
    if delegator is None:
        raise ApplicationError("Choose who is absent.", field="delegator")
    if delegator.pk != getattr(actor, "pk", None) and not scope_of(by).may_manage_person(delegator):
        raise PermissionDenied(f"You may not delegate the approvals of {delegator}.")
    if delegate.pk == delegator.pk:
        raise ApplicationError("Delegate to someone else.", field="delegate")
    if end < start:
        raise ApplicationError("The delegation ends before it starts.", field="end")
    delegation = ApprovalDelegation.objects.create(delegator=delegator, delegate=delegate, start=start, end=end)
    audit_record(actor=by, action="approval_delegation.created", target=delegation)
    return delegation


@transaction.atomic
def delegation_delete(*, delegation: ApprovalDelegation, by: AnyUser) -> None:
    actor = _actor(by)
    if getattr(actor, "pk", None) != delegation.delegator_id and not scope_of(by).may_manage_person(
            delegation.delegator):
        raise PermissionDenied("You may not end this delegation.")
    audit_record(actor=by, action="approval_delegation.deleted", target=delegation)
    delegation.delete()

