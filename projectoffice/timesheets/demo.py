"""Demo time: a year of weeks for every demo person, approved by the right people, with late and missing weeks,
a few rejected lines, weekend work with overtime reasons, PSO-manager overrides of labour-rule violations,
closed periods (one reopened) and each site's labour rules.

Volume goes in through bulkload (the demo's rows satisfy every rule the services check); project lines need the
projects demo (``ctx.data["projects"]``): without it only non-project time is written, and the loader says so.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone

from projectoffice.core.demo_context import DemoContext
from projectoffice.organization.calendars import public_holidays
from projectoffice.organization.models import Site
from projectoffice.people.models import Person, Role
from projectoffice.projects.models import Project, ProjectMember, Task
from projectoffice.timesheets.bulkload import insert_rows, reserve_ids
from projectoffice.timesheets.labour import labour_rules_seed
from projectoffice.timesheets.models import (
    DAY_FIELDS,
    Category,
    LabourOverride,
    Period,
    PeriodEvent,
    Timesheet,
    TimesheetLine,
)
from projectoffice.timesheets.selectors import APPROVER_ROLES, CLOSED_PROJECT_STATUSES, week_start_of

WEEKS = 52
QUARTER = Decimal("0.25")
ZERO = Decimal("0")
Status = TimesheetLine.Status
SHEET_COLUMNS = ("id", "person", "site", "week_start", "status", "overtime_reason", "submitted_at", "created_at",
                 "version")
LINE_COLUMNS = ("timesheet", "person", "week_start", "category", "project", "task", *DAY_FIELDS, "comment", "status",
                "decided_by", "decided_at", "reject_reason", "correction_reason", "version")


@dataclass(frozen=True, slots=True)
class Booking:
    """Somewhere a person books time: a task (with its project and approver) or a category."""

    category: str
    task_id: int | None = None
    project_id: int | None = None
    approver_id: int | None = None


@dataclass(slots=True)
class Line:
    booking: Booking
    hours: list[Decimal]
    status: str = Status.DRAFT
    decided_by: int | None = None
    decided_at: dt.datetime | None = None
    reject_reason: str = ""


@dataclass(slots=True)
class Sheet:
    person_id: int
    site_id: int
    week_start: dt.date
    lines: list[Line]
    status: str = Timesheet.Status.DRAFT
    overtime_reason: str = ""
    submitted_at: dt.datetime | None = None
    override: str = ""


@dataclass
class Batch:
    sheets: list[Sheet] = field(default_factory=list)


def load(ctx: DemoContext) -> None:
    sites: dict[str, Site] = ctx.data["sites"]
    for site in sites.values():
        labour_rules_seed(site)
    people = list(Person.objects.filter(pk__in=[p.pk for p in ctx.data["people"]]).select_related("home_site", "user"))
    pso_manager = _pso_managers(ctx)
    bookings = _project_bookings(ctx, people)
    batch = Batch()
    current = week_start_of(ctx.today)
    years = range(ctx.today.year - 2, ctx.today.year + 1)
    holidays = {code: set(public_holidays(site, years)) for code, site in sites.items()}
    for person in people:
        site = person.home_site
        fallback = person.line_manager_id or pso_manager.get(site.pk)
        _person_year(ctx, batch, person, bookings.get(person.pk, []), fallback, holidays[site.code], current)
    _save(ctx, batch, pso_manager)
    _close_periods(ctx, sites, pso_manager)


def _pso_managers(ctx: DemoContext) -> dict[int, int]:
    """Site id → the person who is PSO manager there."""
    managers: dict[int, int] = {}
    for code, pso in ctx.data["psos"].items():
        person = ctx.data["office_staff"].get((code, Role.PSO_MANAGER))
        for site in pso.sites.all():
            if person is not None:
                managers[site.pk] = person.pk
    return managers


def _project_bookings(ctx: DemoContext, people: list[Person]) -> dict[int, list[Booking]]:
    """Person id → up to two tasks of live projects they are a member of (none without the projects demo)."""
    projects = [p for p in ctx.data.get("projects", []) if p.status not in CLOSED_PROJECT_STATUSES]
    if not projects:
        ctx.say("  timesheets: no demo projects yet; writing non-project time only")
        return {}
    ids = [p.pk for p in projects]
    tasks: dict[int, list[int]] = defaultdict(list)
    for task_id, project_id in Task.objects.filter(project__in=ids, is_summary=False, is_milestone=False).values_list("pk", "project_id"):
        tasks[project_id].append(task_id)
    approvers = _project_approvers(projects)
    result: dict[int, list[Booking]] = defaultdict(list)
    for person_id, project_id in ProjectMember.objects.filter(project__in=ids).values_list("person_id", "project_id"):
        approver = next((a for a in approvers[project_id] if a != person_id), None)
        booked = {b.project_id for b in result[person_id]}
        if tasks[project_id] and approver and len(result[person_id]) < 2 and project_id not in booked:
            task_id = ctx.rng.choice(tasks[project_id])
            result[person_id].append(Booking(Category.PROJECT, task_id, project_id, approver))
    return result


def _project_approvers(projects: list[Project]) -> dict[int, list[int]]:
    approvers: dict[int, list[int]] = {p.pk: [p.project_manager_id] if p.project_manager_id else [] for p in projects}
    leaders = ProjectMember.objects.filter(project__in=list(approvers), role__in=APPROVER_ROLES)
    for project_id, person_id in leaders.values_list("project_id", "person_id"):
        approvers[project_id].append(person_id)
    return approvers


def _quarters(hours: float | Decimal) -> Decimal:
    return (Decimal(str(hours)) / QUARTER).quantize(Decimal("1"), rounding=ROUND_HALF_UP) * QUARTER


def _person_year(ctx: DemoContext, batch: Batch, person: Person, bookings: list[Booking], fallback: int | None,
                 holidays: set[dt.date], current: dt.date) -> None:
    site = person.home_site
    daily = _quarters(site.hours_per_day)
    leave_weeks = set(ctx.rng.sample(range(3, WEEKS), 3))
    for ago in range(WEEKS, -1, -1):
        start = current - dt.timedelta(weeks=ago)
        showcase = ago == 1 and person.user.username == "team-member"
        fate = "draft" if showcase else _fate(ctx, ago)
        if fate == "missing":
            continue
        days = [start + dt.timedelta(days=i) for i in range(7)]
        worked = [daily if (d.isoweekday() <= 5 and d not in holidays and (ago > 0 or d < ctx.today)) else ZERO
                  for d in days]
        sheet = Sheet(person.pk, site.pk, start, _week_lines(ctx, bookings, worked, ago in leave_weeks))
        _spice(ctx, sheet, site, ago)
        if showcase and sheet.lines:
            sheet.lines[0].hours[5] = Decimal("3")  # Saturday work, no overtime reason yet: submission is blocked
        _decide(sheet, fate, fallback)
        batch.sheets.append(sheet)


def _fate(ctx: DemoContext, ago: int) -> str:
    """What became of a week: the current one is a draft; recent ones may be late or missing."""
    roll = ctx.rng.random()
    if ago == 0:
        return "draft"
    if ago == 1:
        return "missing" if roll < 0.08 else "draft" if roll < 0.2 else "submitted"
    if ago == 2:
        return "missing" if roll < 0.03 else "rejected" if roll < 0.08 else "partly" if roll < 0.5 else "submitted"
    if ago <= 4 and roll < 0.02:
        return "missing"
    return "approved"


def _week_lines(ctx: DemoContext, bookings: list[Booking], worked: list[Decimal], on_leave: bool) -> list[Line]:
    """The week's hours split over the person's tasks (or a non-project category) and sometimes a side activity."""
    if on_leave:
        return [Line(Booking(Category.LEAVE), list(worked))]
    others = [Booking(c) for c in (Category.INTERNAL, Category.TRAINING, Category.SUPPORT)]
    targets = list(bookings or [ctx.rng.choice(others)])
    if ctx.rng.random() < 0.35:
        targets.append(ctx.rng.choice([b for b in others if b not in targets]))
    weights = [0.65, 0.35] if len(targets) == 2 else [0.5, 0.3, 0.2][: len(targets)] if len(targets) > 1 else [1.0]
    lines = [Line(target, [ZERO] * 7) for target in targets]
    for day, hours in enumerate(worked):
        remaining = hours
        for line, weight in zip(lines[:-1], weights, strict=False):
            line.hours[day] = min(remaining, _quarters(float(hours) * weight))
            remaining -= line.hours[day]
        lines[-1].hours[day] = remaining
    return [line for line in lines if sum(line.hours, ZERO) > 0]


def _spice(ctx: DemoContext, sheet: Sheet, site: Site, ago: int) -> None:
    """A few weeks with weekend work (an overtime reason given) or a day over the site's maximum (overridden)."""
    if not sheet.lines or ago < 2 or sheet.lines[0].booking.category == Category.LEAVE:
        return
    roll = ctx.rng.random()
    first = sheet.lines[0].hours
    week_total = sum((sum(line.hours, ZERO) for line in sheet.lines), ZERO)
    if roll < 0.03 and week_total + 4 <= site.max_hours_per_week:
        first[5] = Decimal("4")
        sheet.overtime_reason = ctx.rng.choice(["Release weekend", "Customer escalation", "Data-centre migration"])
    elif roll < 0.04 and first[1] > 0:
        first[1] += Decimal(site.max_hours_per_day) + 2 - sum((line.hours[1] for line in sheet.lines), ZERO)
        sheet.override = ctx.rng.choice(["Site outage recovery", "Field test ran late"])


def _decide(sheet: Sheet, fate: str, fallback: int | None) -> None:
    decided_at = timezone.make_aware(dt.datetime.combine(sheet.week_start + dt.timedelta(days=9), dt.time(10)))
    for index, line in enumerate(sheet.lines):
        approver = line.booking.approver_id or fallback
        approver = None if approver == sheet.person_id else approver
        line.status = _line_status(fate, index, approver)
        if line.status in (Status.APPROVED, Status.REJECTED):
            line.decided_by, line.decided_at = approver, decided_at
        if line.status == Status.REJECTED:
            line.reject_reason = "Booked on the wrong task; please move it to the integration task."
    statuses = {line.status for line in sheet.lines}
    if Status.REJECTED in statuses:
        sheet.status = Timesheet.Status.REJECTED
    elif Status.SUBMITTED in statuses:
        sheet.status = Timesheet.Status.SUBMITTED
    elif statuses == {Status.APPROVED}:
        sheet.status = Timesheet.Status.APPROVED
    if sheet.status != Timesheet.Status.DRAFT:
        sheet.submitted_at = decided_at - dt.timedelta(days=4)


def _line_status(fate: str, index: int, approver: int | None) -> str:
    if fate == "draft":
        return Status.DRAFT
    if approver is None or fate == "submitted" or (fate == "partly" and index > 0):
        return Status.SUBMITTED
    if fate == "rejected" and index == 0:
        return Status.REJECTED
    return Status.APPROVED


def _save(ctx: DemoContext, batch: Batch, pso_manager: dict[int, int]) -> None:
    now = timezone.now()
    ids = reserve_ids(Timesheet, len(batch.sheets))
    insert_rows(Timesheet, SHEET_COLUMNS, (
        (pk, s.person_id, s.site_id, s.week_start, s.status, s.overtime_reason, s.submitted_at, now, 1)
        for pk, s in zip(ids, batch.sheets, strict=True)
    ))
    lines = insert_rows(TimesheetLine, LINE_COLUMNS, (
        _line_row(pk, sheet, line) for pk, sheet in zip(ids, batch.sheets, strict=True) for line in sheet.lines
    ))
    overrides = [
        LabourOverride(timesheet_id=pk, by_id=pso_manager[s.site_id], at=now, reason=s.override,
                       violations=[{"rule": "max-hours-per-day", "message": "A day over the site's maximum",
                                    "day": None}])
        for pk, s in zip(ids, batch.sheets, strict=True) if s.override and s.site_id in pso_manager
    ]
    LabourOverride.objects.bulk_create(overrides)
    ctx.say(f"  timesheets: {len(batch.sheets)} weeks, {lines} lines, {len(overrides)} labour-rule overrides")


def _line_row(timesheet_id: int, sheet: Sheet, line: Line) -> tuple[Any, ...]:
    b = line.booking
    return (timesheet_id, sheet.person_id, sheet.week_start, b.category, b.project_id, b.task_id, *line.hours, "",
            line.status, line.decided_by, line.decided_at, line.reject_reason, "", 1)


def _close_periods(ctx: DemoContext, sites: dict[str, Site], pso_manager: dict[int, int]) -> None:
    """Months before the previous one are closed at every site; Site W reopened and closed one again."""
    month = (week_start_of(ctx.today) - dt.timedelta(weeks=WEEKS)).replace(day=1)
    last_closed = (ctx.today.replace(day=1) - dt.timedelta(days=1)).replace(day=1) - dt.timedelta(days=1)
    months = []
    while month <= last_closed:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    at = timezone.now()
    periods = Period.objects.bulk_create([
        Period(site=site, month=m, status=Period.Status.CLOSED, changed_at=at, changed_by_id=pso_manager.get(site.pk))
        for site in sites.values() for m in months
    ])
    events = [PeriodEvent(period=p, action=PeriodEvent.Action.CLOSE, by_id=p.changed_by_id, at=at) for p in periods]
    reopened = next((p for p in periods if p.site_id == sites["W"].pk and p.month == months[-1]), None)
    if reopened is not None:
        events += [
            PeriodEvent(period=reopened, action=PeriodEvent.Action.REOPEN, by_id=reopened.changed_by_id, at=at,
                        reason="Late supplier invoice to book"),
            PeriodEvent(period=reopened, action=PeriodEvent.Action.CLOSE, by_id=reopened.changed_by_id, at=at),
        ]
    PeriodEvent.objects.bulk_create(events)
