"""/api/v1/ — timesheets, timesheet lines, approvals, delegations, periods, labour rules, CSV import.

Thin: parse, fetch through the scoped selectors (404 outside the scope), call one service, serialise.
"""

import datetime as dt
from decimal import Decimal

from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import File, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from projectoffice.access import scope_of
from projectoffice.core.api import ErrorOut, resolve
from projectoffice.core.errors import ApplicationError
from projectoffice.organization.models import Site
from projectoffice.people.models import Person
from projectoffice.projects.models import Task
from projectoffice.timesheets import imports, labour, periods, selectors, services
from projectoffice.timesheets.models import (
    DAY_FIELDS,
    ApprovalDelegation,
    LabourRules,
    Timesheet,
    TimesheetLine,
)
from projectoffice.timesheets.pagination import CappedPagination

router = Router(tags=["timesheets"])
ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


# --- schemas ----------------------------------------------------------------------------------------------------
class LineOut(Schema):
    id: int
    timesheet_id: int
    person_id: int
    week_start: dt.date
    category: str
    project_id: int | None
    task_id: int | None
    d1: Decimal
    d2: Decimal
    d3: Decimal
    d4: Decimal
    d5: Decimal
    d6: Decimal
    d7: Decimal
    total: Decimal
    comment: str
    status: str
    decided_by_id: int | None
    decided_at: dt.datetime | None
    reject_reason: str
    reverses_id: int | None
    corrects_id: int | None
    correction_reason: str
    version: int


class TimesheetOut(Schema):
    id: int
    person_id: int
    site_id: int
    week_start: dt.date
    status: str
    overtime_reason: str
    submitted_at: dt.datetime | None
    version: int


class TimesheetDetailOut(TimesheetOut):
    lines: list[LineOut]
    violations: list[dict[str, str | None]]

    @staticmethod
    def resolve_lines(t: Timesheet) -> list[TimesheetLine]:
        return list(t.lines.all())

    @staticmethod
    def resolve_violations(t: Timesheet) -> list[dict[str, str | None]]:
        return [v.as_dict() for v in labour.labour_rule_violations(timesheet=t, lines=list(t.lines.all()))]


class TimesheetIn(Schema):
    week_start: dt.date
    person_id: int | None = None


class SubmitIn(Schema):
    overtime_reason: str | None = None
    version: int | None = None


class ReasonIn(Schema):
    reason: str


class LineIn(Schema):
    timesheet_id: int
    category: str = "project"
    task_id: int | None = None
    d1: Decimal = Decimal("0")
    d2: Decimal = Decimal("0")
    d3: Decimal = Decimal("0")
    d4: Decimal = Decimal("0")
    d5: Decimal = Decimal("0")
    d6: Decimal = Decimal("0")
    d7: Decimal = Decimal("0")
    comment: str = ""


class LinePatch(Schema):
    d1: Decimal | None = None
    d2: Decimal | None = None
    d3: Decimal | None = None
    d4: Decimal | None = None
    d5: Decimal | None = None
    d6: Decimal | None = None
    d7: Decimal | None = None
    comment: str | None = None
    version: int | None = None


class CorrectionIn(Schema):
    d1: Decimal = Decimal("0")
    d2: Decimal = Decimal("0")
    d3: Decimal = Decimal("0")
    d4: Decimal = Decimal("0")
    d5: Decimal = Decimal("0")
    d6: Decimal = Decimal("0")
    d7: Decimal = Decimal("0")
    reason: str
    comment: str | None = None


class CorrectionOut(Schema):
    reversal: LineOut
    new: LineOut


class TimesheetFilter(Schema):
    person_id: int | None = None
    week_start: dt.date | None = None
    status: Timesheet.Status | None = None


class LineFilter(Schema):
    timesheet_id: int | None = None
    person_id: int | None = None
    project_id: int | None = None
    status: TimesheetLine.Status | None = None
    week_start: dt.date | None = None


def _hours(payload: Schema) -> list[Decimal]:
    return [getattr(payload, day) for day in DAY_FIELDS]


# --- timesheets -------------------------------------------------------------------------------------------------
@router.get("/timesheets", response={200: list[TimesheetOut], 422: ErrorOut})
@paginate(CappedPagination)
def list_timesheets(request: HttpRequest, filters: Query[TimesheetFilter]):
    """The weeks you see, latest first, by pages (``count`` is null above 10,000: follow ``next_page``)."""
    return selectors.timesheets_visible_to(request.user).filter(**_given(filters)).order_by(
        "-week_start", "person_id", "pk")


def _given(filters: Schema) -> dict[str, object]:
    return {k: v for k, v in filters.dict().items() if v is not None}


@router.get("/timesheets/{timesheet_id}", response={200: TimesheetDetailOut, **ERRORS})
def get_timesheet(request: HttpRequest, timesheet_id: int):
    return _detail(request, timesheet_id)


def _detail(request: HttpRequest, timesheet_id: int) -> Timesheet:
    timesheet = selectors.timesheet_get_for_user(user=request.user, timesheet_id=timesheet_id)
    week = selectors.week_of(person=timesheet.person, week_start=timesheet.week_start)
    assert week is not None
    return week


@router.post("/timesheets", response={201: TimesheetDetailOut, **ERRORS})
def open_timesheet(request: HttpRequest, payload: TimesheetIn):
    """Open (or fetch) a week: yours, or with ``person_id`` someone's whose time you may write."""
    if payload.person_id is None:
        person = selectors.person_of(request.user)
        if person is None:
            raise ApplicationError("Your account has no person profile.", status=403)
    else:
        person = resolve(_writable_people(request), payload.person_id, field="person_id", label="person")
    timesheet = services.timesheet_open(person=person, week_start=payload.week_start, by=request.user)
    return Status(201, _detail(request, timesheet.pk))


def _writable_people(request: HttpRequest):
    return selectors.reminder_people(request.user)


@router.post("/timesheets/{timesheet_id}/submit", response={200: TimesheetDetailOut, **ERRORS})
def submit_timesheet(request: HttpRequest, timesheet_id: int, payload: SubmitIn):
    timesheet = selectors.timesheet_get_for_user(user=request.user, timesheet_id=timesheet_id)
    services.timesheet_submit(timesheet=timesheet, by=request.user, overtime_reason=payload.overtime_reason,
                              expected_version=payload.version)
    return _detail(request, timesheet_id)


@router.post("/timesheets/{timesheet_id}/override", response={200: TimesheetDetailOut, **ERRORS})
def override_timesheet(request: HttpRequest, timesheet_id: int, payload: ReasonIn):
    """The site's PSO manager submits a week despite labour-rule violations, with a reason."""
    timesheet = selectors.timesheet_get_for_user(user=request.user, timesheet_id=timesheet_id)
    services.timesheet_override_submit(timesheet=timesheet, by=request.user, reason=payload.reason)
    return _detail(request, timesheet_id)


@router.post("/timesheets/{timesheet_id}/copy-last-week", response={200: TimesheetDetailOut, **ERRORS})
def copy_last_week(request: HttpRequest, timesheet_id: int):
    timesheet = selectors.timesheet_get_for_user(user=request.user, timesheet_id=timesheet_id)
    services.timesheet_copy_last_week(timesheet=timesheet, by=request.user)
    return _detail(request, timesheet_id)


# --- lines ------------------------------------------------------------------------------------------------------
@router.get("/timesheet-lines", response={200: list[LineOut], 422: ErrorOut})
@paginate(CappedPagination)
def list_lines(request: HttpRequest, filters: Query[LineFilter]):
    """The lines you see, latest week first, by pages (``count`` is null above 10,000: follow ``next_page``)."""
    return selectors.lines_visible_to(request.user).filter(**_given(filters)).order_by(
        "-week_start", "person_id", "pk")


@router.get("/timesheet-lines/{line_id}", response={200: LineOut, **ERRORS})
def get_line(request: HttpRequest, line_id: int):
    return selectors.line_get_for_user(user=request.user, line_id=line_id)


@router.post("/timesheet-lines", response={201: LineOut, **ERRORS})
def add_line(request: HttpRequest, payload: LineIn):
    timesheet = resolve(selectors.timesheets_visible_to(request.user).select_related("person", "site"),
                        payload.timesheet_id, field="timesheet_id", label="timesheet")
    task = resolve(_tasks_for(request, timesheet.person), payload.task_id, field="task_id", label="task")
    line = services.line_add(timesheet=timesheet, by=request.user, category=payload.category, task=task,
                             hours=_hours(payload), comment=payload.comment)
    return Status(201, line)


def _tasks_for(request: HttpRequest, person: Person):
    """Tasks of the projects in the caller's scope or open to the week's person: any other is as if absent (the
    refusal would otherwise name a project the caller may not see)."""
    open_to = selectors.tasks_open_to(person).order_by().values("pk")
    return Task.objects.filter(scope_of(request.user).projects_q("project") | Q(pk__in=open_to)).select_related(
        "project")


@router.patch("/timesheet-lines/{line_id}", response={200: LineOut, **ERRORS})
def update_line(request: HttpRequest, line_id: int, payload: LinePatch):
    line = selectors.line_get_for_user(user=request.user, line_id=line_id)
    given = payload.dict(exclude_unset=True)
    hours = [given.get(day, getattr(line, day)) for day in DAY_FIELDS] if set(given) & set(DAY_FIELDS) else None
    return services.line_update(line=line, by=request.user, hours=hours, comment=given.get("comment"),
                                expected_version=payload.version)


@router.delete("/timesheet-lines/{line_id}", response={204: None, **ERRORS})
def delete_line(request: HttpRequest, line_id: int):
    services.line_delete(line=selectors.line_get_for_user(user=request.user, line_id=line_id), by=request.user)
    return Status(204, None)


@router.post("/timesheet-lines/{line_id}/correct", response={201: CorrectionOut, **ERRORS})
def correct_line(request: HttpRequest, line_id: int, payload: CorrectionIn):
    """Correct an approved line: a reversal plus a new line, with the reason."""
    line = selectors.line_get_for_user(user=request.user, line_id=line_id)
    reversal, new = services.line_correct(line=line, by=request.user, hours=_hours(payload), reason=payload.reason,
                                          comment=payload.comment)
    return Status(201, {"reversal": reversal, "new": new})


# --- approvals --------------------------------------------------------------------------------------------------
@router.get("/approvals", response=list[LineOut])
@paginate(PageNumberPagination, page_size=100, max_page_size=1000)
def approval_inbox(request: HttpRequest):
    """The submitted lines waiting for your decision (also as a delegate), oldest week first, by pages."""
    return selectors.inbox_queryset(request.user, today=timezone.localdate())


@router.post("/approvals/{line_id}/approve", response={200: LineOut, **ERRORS})
def approve_line(request: HttpRequest, line_id: int):
    line = selectors.line_get_for_user(user=request.user, line_id=line_id)
    return services.line_approve(line=line, by=request.user)


@router.post("/approvals/{line_id}/reject", response={200: LineOut, **ERRORS})
def reject_line(request: HttpRequest, line_id: int, payload: ReasonIn):
    line = selectors.line_get_for_user(user=request.user, line_id=line_id)
    return services.line_reject(line=line, by=request.user, reason=payload.reason)


class DelegationIn(Schema):
    delegate_id: int
    start: dt.date
    end: dt.date
    delegator_id: int | None = None


class DelegationOut(Schema):
    id: int
    delegator_id: int
    delegate_id: int
    start: dt.date
    end: dt.date


@router.get("/approval-delegations", response=list[DelegationOut])
@paginate(PageNumberPagination)
def list_delegations(request: HttpRequest):
    """Your delegations, given and received, latest first."""
    me = selectors.person_of(request.user)
    if me is None:
        return ApprovalDelegation.objects.none()
    return ApprovalDelegation.objects.filter(Q(delegator=me) | Q(delegate=me)).order_by("-start", "pk")


@router.post("/approval-delegations", response={201: DelegationOut, **ERRORS})
def create_delegation(request: HttpRequest, payload: DelegationIn):
    delegate = resolve(_delegates_for(request), payload.delegate_id, field="delegate_id", label="person")
    delegator = resolve(selectors.reminder_people(request.user), payload.delegator_id, field="delegator_id",
                        label="person")
    return Status(201, services.delegation_create(by=request.user, delegate=delegate, start=payload.start, end=payload.end,
                                           delegator=delegator))


def _delegates_for(request: HttpRequest):
    """The people in the caller's scope, and their own delegate candidates (as on the page): not the whole
    company, whose people out of scope must stay as if absent."""
    me = selectors.person_of(request.user)
    near = selectors.delegate_candidates(me).values("pk") if me is not None else Person.objects.none().values("pk")
    return Person.objects.filter(Q(pk__in=scope_of(request.user).people().values("pk")) | Q(pk__in=near))


@router.delete("/approval-delegations/{delegation_id}", response={204: None, **ERRORS})
def delete_delegation(request: HttpRequest, delegation_id: int):
    me = selectors.person_of(request.user)
    delegation = get_object_or_404(ApprovalDelegation.objects.filter(delegator=me), pk=delegation_id)
    services.delegation_delete(delegation=delegation, by=request.user)
    return Status(204, None)


# --- periods ----------------------------------------------------------------------------------------------------
class PeriodOut(Schema):
    site_id: int
    month: dt.date
    status: str
    changed_at: dt.datetime | None
    changed_by_id: int | None


class PeriodIn(Schema):
    site_id: int
    month: dt.date
    reason: str = ""


def _visible_site(request: HttpRequest, site_id: int) -> Site:
    return resolve(scope_of(request.user).sites(), site_id, field="site_id", label="site")


@router.get("/periods", response={200: list[PeriodOut], **ERRORS})
@paginate(PageNumberPagination)
def list_periods(request: HttpRequest, site_id: int | None = None, months: int = 12):
    """The last ``months`` periods of a site (``site_id``) or of every site you see, by pages."""
    sites = [_visible_site(request, site_id)] if site_id is not None else scope_of(request.user).sites().order_by("code")
    return selectors.periods_of_sites(sites, around=timezone.localdate(), months=min(max(months, 1), 60))


@router.post("/periods/close", response={200: PeriodOut, **ERRORS})
def close_period(request: HttpRequest, payload: PeriodIn):
    site = _visible_site(request, payload.site_id)
    return periods.period_close(site=site, month=payload.month, by=request.user)


@router.post("/periods/reopen", response={200: PeriodOut, **ERRORS})
def reopen_period(request: HttpRequest, payload: PeriodIn):
    site = _visible_site(request, payload.site_id)
    return periods.period_reopen(site=site, month=payload.month, by=request.user, reason=payload.reason)


# --- labour rules -----------------------------------------------------------------------------------------------
class LabourRulesOut(Schema):
    site_id: int
    site_code: str
    country: str
    max_hours_per_day: Decimal
    max_hours_per_week: Decimal
    min_rest_hours: Decimal
    overtime_threshold_per_week: Decimal
    weekend_work_needs_reason: bool
    holiday_work_needs_reason: bool
    version: int


class LabourRulesPatch(Schema):
    max_hours_per_day: Decimal | None = None
    max_hours_per_week: Decimal | None = None
    min_rest_hours: Decimal | None = None
    overtime_threshold_per_week: Decimal | None = None
    weekend_work_needs_reason: bool | None = None
    holiday_work_needs_reason: bool | None = None
    version: int | None = None


def _rules_out(site: Site, rules: LabourRules | None = None) -> dict[str, object]:
    rules = rules or labour.labour_rules_of(site)
    return {
        "site_id": site.pk, "site_code": site.code, "country": site.country,
        "max_hours_per_day": site.max_hours_per_day, "max_hours_per_week": site.max_hours_per_week,
        "min_rest_hours": site.min_rest_hours, "overtime_threshold_per_week": rules.overtime_threshold_per_week,
        "weekend_work_needs_reason": rules.weekend_work_needs_reason,
        "holiday_work_needs_reason": rules.holiday_work_needs_reason, "version": rules.version,
    }


@router.get("/labour-rules", response=list[LabourRulesOut])
@paginate(PageNumberPagination)
def list_labour_rules(request: HttpRequest):
    sites = list(scope_of(request.user).sites().order_by("code"))
    saved = {rules.site_id: rules for rules in LabourRules.objects.filter(site__in=sites)}  # one query for all
    return [_rules_out(site, saved.get(site.pk) or labour.labour_rules_of_unsaved(site)) for site in sites]


@router.patch("/labour-rules/{site_id}", response={200: LabourRulesOut, **ERRORS})
def update_labour_rules(request: HttpRequest, site_id: int, payload: LabourRulesPatch):
    site = get_object_or_404(scope_of(request.user).sites(), pk=site_id)
    changes = payload.dict(exclude_unset=True, exclude={"version"})
    labour.labour_rules_update(site=site, by=request.user, changes=changes, expected_version=payload.version)
    site.refresh_from_db()
    return _rules_out(site)


# --- import -----------------------------------------------------------------------------------------------------
class RowErrorOut(Schema):
    row: int
    field: str
    message: str


class ImportOut(Schema):
    rows: int
    lines_created: int
    weeks_submitted: int
    errors: list[RowErrorOut]


@router.post("/timesheet-imports", response={201: ImportOut, 422: ImportOut, 400: ErrorOut, 403: ErrorOut})
def import_time(request: HttpRequest, file: File[UploadedFile], submit: bool = False):
    """Import time from CSV, all or nothing; 422 with the row-by-row errors when any row fails."""
    report = imports.time_import_csv(content=file.read(), by=request.user, submit=submit)
    return Status(201 if report.ok else 422, report)
