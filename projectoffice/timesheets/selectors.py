"""Reads of time: whose timesheets a user may see, a person's week, the approval inbox, periods, reminders.

Visibility (might move to projectoffice/access.py as a Scope method): a person sees their own weeks, those of
the people they line-manage, weeks with lines on projects they manage or lead, the weeks of the people of the
sites their PSO supports, everything of their company if they see it whole; a delegate sees what their delegators
see as approvers while the delegation runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from projectoffice.access import scope_of
from projectoffice.organization.calendars import local_now
from projectoffice.organization.models import Site
from projectoffice.people.models import Person, Role, RoleAssignment
from projectoffice.projects.models import Project, ProjectMember, ProjectRole, Task
from projectoffice.timesheets.models import (
    ApprovalDelegation,
    Period,
    PeriodEvent,
    Timesheet,
    TimesheetLine,
)

AnyUser = AbstractBaseUser | AnonymousUser
APPROVER_ROLES = (ProjectRole.MANAGER, ProjectRole.LEADER)
CLOSED_PROJECT_STATUSES = (Project.Status.CANCELLED, Project.Status.CLOSED)
FINANCE_ROLES = (Role.PSO_MANAGER, Role.PROJECT_ADMINISTRATOR)


def week_start_of(day: dt.date) -> dt.date:
    """The Monday of ``day``'s week."""
    return day - dt.timedelta(days=day.weekday())


def current_week_start(site: Site, now: dt.datetime | None = None) -> dt.date:
    """This week's Monday in the site's time zone (on a Sunday evening in Austin it is still last week)."""
    return week_start_of(local_now(site, now or timezone.now()).date())


def person_of(user: AnyUser | None) -> Person | None:
    scope = scope_of(user)
    if scope.person_id is None:
        return None
    return Person.objects.select_related("home_site", "user").get(pk=scope.person_id)


# --- approvers --------------------------------------------------------------------------------------------------
def acting_for(person_id: int, today: dt.date) -> set[int]:
    """The person and everyone who delegated their approvals to them for ``today``."""
    delegators = ApprovalDelegation.objects.filter(delegate_id=person_id, start__lte=today, end__gte=today)
    return {person_id, *delegators.values_list("delegator_id", flat=True)}


def projects_approved_by(person_ids: set[int]) -> QuerySet[Project]:
    """Projects whose time these people approve: their managers and leaders."""
    led = ProjectMember.objects.filter(person_id__in=person_ids, role__in=APPROVER_ROLES).values("project_id")
    return Project.objects.filter(Q(pk__in=led) | Q(project_manager_id__in=person_ids))


def pso_managed_sites(person_ids: set[int]) -> QuerySet[Site]:
    """Sites where these people are PSO manager."""
    offices = RoleAssignment.objects.filter(person_id__in=person_ids, role=Role.PSO_MANAGER, office__isnull=False)
    return Site.objects.filter(offices__in=offices.values("office_id"))


def line_approvers(line: TimesheetLine) -> set[int]:
    """Who approves ``line`` (before delegation): the project's managers/leaders; for non-project time the line
    manager, or the PSO managers of the person's site for someone without a line manager."""
    if line.project_id is None:
        manager = line.person.line_manager_id
        if manager:
            return {manager}
        site_managers = RoleAssignment.objects.filter(role=Role.PSO_MANAGER, office__sites=line.person.home_site_id)
        return set(site_managers.values_list("person_id", flat=True))
    led = ProjectMember.objects.filter(project_id=line.project_id, role__in=APPROVER_ROLES)
    ids = set(led.values_list("person_id", flat=True))
    pm = Project.objects.filter(pk=line.project_id).values_list("project_manager_id", flat=True).first()
    return ids | ({pm} if pm else set())


def may_approve(person_id: int | None, line: TimesheetLine, today: dt.date) -> bool:
    """Whether ``person_id`` (or someone they stand in for) approves ``line``; never one's own time."""
    if person_id is None or line.person_id == person_id:
        return False
    return bool(line_approvers(line) & acting_for(person_id, today))


def inbox_queryset(user: AnyUser, *, today: dt.date) -> QuerySet[TimesheetLine]:
    """Submitted lines waiting for this user's decision (also as a delegate), oldest week first."""
    scope = scope_of(user)
    if scope.person_id is None:
        return TimesheetLine.objects.none()
    acting = acting_for(scope.person_id, today)
    # The ids are read first (two small queries) so that the big table is searched through its two partial
    # indexes on submitted lines (project, person) with a bitmap OR, whatever its size.
    projects = list(projects_approved_by(acting).values_list("pk", flat=True))
    unmanaged_at = pso_managed_sites(acting).values("pk")
    reports = Person.objects.filter(Q(line_manager_id__in=acting)
                                    | Q(line_manager__isnull=True, home_site__in=unmanaged_at))
    people = list(reports.values_list("pk", flat=True))
    waiting = TimesheetLine.objects.filter(status=TimesheetLine.Status.SUBMITTED).exclude(person_id=scope.person_id)
    mine = waiting.filter(Q(project_id__in=projects) | Q(project__isnull=True, person_id__in=people))
    return mine.order_by("week_start", "person_id", "id")


def with_line_relations(lines: QuerySet[TimesheetLine]) -> QuerySet[TimesheetLine]:
    """The lines with their person (and user), project and task, read by id in three more queries: joined in,
    the planner took a few hundred estimated rows for a reason to hash-join the whole people and task tables
    (85 ms instead of 1 on the benchmark's 10,000 people)."""
    return lines.prefetch_related(Prefetch("person", queryset=Person.objects.select_related("user")),
                                  "project", "task")


def inbox_lines(user: AnyUser, *, today: dt.date, limit: int = 200) -> list[TimesheetLine]:
    """The first ``limit`` lines of the inbox, with their person, project and task."""
    return list(with_line_relations(inbox_queryset(user, today=today))[:limit])


@dataclass(frozen=True, slots=True)
class InboxGroup:
    """The lines of one person's week waiting for the user."""

    week_start: dt.date
    person: Person
    lines: list[TimesheetLine]

    @property
    def hours(self) -> Decimal:
        return sum((line.total for line in self.lines), Decimal(0))


@dataclass(frozen=True, slots=True)
class InboxPage:
    """A page of the inbox: ``groups`` (a person's week each, oldest week first) and the counts of everything
    waiting."""

    groups: list[InboxGroup]
    lines: int  # lines waiting in all
    weeks: int  # (week, person) groups waiting in all
    page: int
    pages: int


def inbox_page(user: AnyUser, *, today: dt.date, page: int = 1, per_page: int = 10) -> InboxPage:
    """Page ``page`` of the inbox grouped by week and person, in two queries after the approver's ids: the
    groups with their counts (an aggregate over the waiting lines, by index), then the lines of the page's."""
    waiting = inbox_queryset(user, today=today)
    counts = list(waiting.order_by("week_start", "person_id").values_list("week_start", "person_id")
                  .annotate(n=Count("pk")))
    pages = max(1, -(-len(counts) // per_page))
    page = min(max(page, 1), pages)
    chosen = counts[(page - 1) * per_page:page * per_page]
    groups: dict[tuple[dt.date, int], list[TimesheetLine]] = {(week, person): [] for week, person, _ in chosen}
    if chosen:
        pairs = Q()
        for week, person, _ in chosen:
            pairs |= Q(week_start=week, person_id=person)
        for line in with_line_relations(waiting.filter(pairs)):
            groups[(line.week_start, line.person_id)].append(line)
    return InboxPage([InboxGroup(week, lines[0].person, lines) for (week, _), lines in groups.items() if lines],
                     lines=sum(n for *_, n in counts), weeks=len(counts), page=page, pages=pages)


# --- timesheets -------------------------------------------------------------------------------------------------
def _visibility(user: AnyUser) -> tuple[Q, list[int]] | None:
    """Whose time the user sees (a filter on a row's ``person_id``) and the projects whose lines they approve.
    The ids of the user and their reports are read first and the wider circles (sites, company) are a subquery
    on people, so the big tables are searched by their person index, never joined to every person (a manager's
    unfiltered list of lines took seconds that way). None = everything."""
    scope = scope_of(user)
    if scope.is_superuser:
        return None
    if scope.person_id is None:
        return Q(pk__in=[]), []
    acting = acting_for(scope.person_id, timezone.localdate())
    reports = Person.objects.filter(line_manager_id__in=acting).order_by().values_list("pk", flat=True)
    people = Q(person_id__in=[scope.person_id, *reports])
    if scope.supported_site_ids or scope.whole_company_ids:
        wider = Person.objects.filter(Q(home_site__in=scope.supported_site_ids)
                                      | Q(company__in=scope.whole_company_ids))
        people |= Q(person_id__in=wider.values("pk"))
    return people, list(projects_approved_by(acting).values_list("pk", flat=True))


def timesheets_visible_to(user: AnyUser) -> QuerySet[Timesheet]:
    """The one gate for weeks (see the module docstring): a week with a line on a project the user approves is
    seen whole. Row by row (an EXISTS per week): cheap for one week or a narrowed list (the list endpoints
    require a filter)."""
    seen = _visibility(user)
    if seen is None:
        return Timesheet.objects.all()
    people, projects = seen
    on_my_projects = TimesheetLine.objects.filter(timesheet_id=OuterRef("pk"), project_id__in=projects)
    return Timesheet.objects.filter(people | Q(Exists(on_my_projects)))


def timesheet_get_for_user(*, user: AnyUser, timesheet_id: int) -> Timesheet:
    """404 whether absent or out of scope."""
    rows = timesheets_visible_to(user).select_related("person__user", "site")
    return get_object_or_404(rows, pk=timesheet_id)


def lines_visible_to(user: AnyUser) -> QuerySet[TimesheetLine]:
    """Lines the user sees: those of the people whose weeks they see, and those on the projects they approve."""
    seen = _visibility(user)
    if seen is None:
        return TimesheetLine.objects.all()
    people, projects = seen
    return TimesheetLine.objects.filter(people | Q(project_id__in=projects))


def line_get_for_user(*, user: AnyUser, line_id: int) -> TimesheetLine:
    rows = lines_visible_to(user).select_related("person__user", "timesheet__site", "project", "task")
    return get_object_or_404(rows, pk=line_id)


def week_of(*, person: Person, week_start: dt.date) -> Timesheet | None:
    """A person's week with its lines, tasks and projects (two queries), or None when never opened."""
    lines = TimesheetLine.objects.select_related("project", "task").order_by("id")
    rows = Timesheet.objects.filter(person=person, week_start=week_start).select_related("site", "person__user")
    return rows.prefetch_related(Prefetch("lines", queryset=lines)).first()


def tasks_open_to(person: Person) -> QuerySet[Task]:
    """Tasks the person may write time on: leaf tasks (not milestones) of live projects they are a member (or the
    manager) of."""
    member_of = ProjectMember.objects.filter(person=person).values("project_id")
    projects = Project.objects.filter(Q(pk__in=member_of) | Q(project_manager=person))
    return (
        Task.objects.filter(project__in=projects, is_summary=False, is_milestone=False)
        .exclude(project__status__in=CLOSED_PROJECT_STATUSES)
        .select_related("project").order_by("project__code", "sort_index")
    )


# --- periods ----------------------------------------------------------------------------------------------------
def finance_sites_of(user: AnyUser) -> QuerySet[Site]:
    """Sites whose periods the user may close: PSO managers and project administrators of the site's PSO."""
    scope = scope_of(user)
    if scope.is_superuser:
        return Site.objects.all()
    if scope.person_id is None:
        return Site.objects.none()
    offices = RoleAssignment.objects.filter(person_id=scope.person_id, role__in=FINANCE_ROLES, office__isnull=False)
    return Site.objects.filter(offices__in=offices.values("office_id")).distinct()


def pso_manager_sites_of(user: AnyUser) -> QuerySet[Site]:
    """Sites where the user is PSO manager: who may override a labour-rule violation."""
    scope = scope_of(user)
    if scope.is_superuser:
        return Site.objects.all()
    if scope.person_id is None:
        return Site.objects.none()
    offices = RoleAssignment.objects.filter(person_id=scope.person_id, role=Role.PSO_MANAGER, office__isnull=False)
    return Site.objects.filter(offices__in=offices.values("office_id")).distinct()


def periods_of(site: Site, *, around: dt.date, months: int = 12) -> list[Period]:
    """The site's last ``months`` periods up to ``around``'s month (unsaved open rows for months never touched)."""
    return periods_of_sites([site], around=around, months=months)


def periods_of_sites(sites: Iterable[Site], *, around: dt.date, months: int = 12) -> list[Period]:
    """``periods_of`` for several sites, site after site, in one query."""
    firsts = []
    month = around.replace(day=1)
    for _ in range(months):
        firsts.append(month)
        month = (month - dt.timedelta(days=1)).replace(day=1)
    sites = list(sites)
    rows = Period.objects.filter(site__in=sites, month__in=firsts).select_related("changed_by__user")
    known = {(p.site_id, p.month): p for p in rows}
    return [known.get((site.pk, first)) or Period(site=site, month=first) for site in sites for first in firsts]


# --- reminders --------------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class MissingWeek:
    person: Person
    week_start: dt.date
    status: str  # "missing" (never opened) or "draft" (opened, not submitted)


def missing_weeks(people: QuerySet[Person], *, today: dt.date, weeks: int = 4) -> list[MissingWeek]:
    """The past ``weeks`` weeks (before the current one) each person has not submitted: missing or late."""
    current = week_start_of(today)
    starts = [current - dt.timedelta(weeks=n) for n in range(weeks, 0, -1)]
    people_list = list(people.select_related("user", "home_site").filter(user__is_active=True))
    done = set(
        Timesheet.objects.filter(person__in=[p.pk for p in people_list], week_start__in=starts)
        .exclude(status=Timesheet.Status.DRAFT).values_list("person_id", "week_start")
    )
    drafts = set(
        Timesheet.objects.filter(person__in=[p.pk for p in people_list], week_start__in=starts,
                                 status=Timesheet.Status.DRAFT).values_list("person_id", "week_start")
    )
    return [
        MissingWeek(person, start, "draft" if (person.pk, start) in drafts else "missing")
        for person in people_list for start in starts if (person.pk, start) not in done
    ]


def reminder_people(user: AnyUser) -> QuerySet[Person]:
    """Whose missing weeks a user sees: themself, their reports, the people of the sites their PSO supports."""
    scope = scope_of(user)
    if scope.is_superuser:
        return Person.objects.all()
    return Person.objects.filter(
        Q(pk=scope.person_id) | Q(line_manager_id=scope.person_id or 0)  # None would match everyone unmanaged
        | Q(home_site__in=scope.supported_site_ids) | Q(company__in=scope.whole_company_ids)
    )


def delegate_candidates(person: Person) -> QuerySet[Person]:
    """Whom a person may hand their approvals to while away: their group, their line manager, and the other
    managers and leaders of the projects they approve (a short list, whatever the size of the company)."""
    co_approvers = ProjectMember.objects.filter(
        project__in=projects_approved_by({person.pk}).values("pk"), role__in=APPROVER_ROLES).values("person_id")
    near = Q(pk=person.line_manager_id) | Q(pk__in=co_approvers)
    if person.group_id:
        near |= Q(group_id=person.group_id)
    return (Person.objects.filter(near, company_id=person.company_id, user__is_active=True).exclude(pk=person.pk)
            .select_related("user").order_by("user__last_name", "user__first_name"))


def delegate_choices(person: Person) -> list[tuple[int, str]]:
    """``delegate_candidates`` as (id, name) pairs for a picker: read as values, since a group of hundreds of
    people made the inbox page build as many model instances."""
    rows = delegate_candidates(person).values_list("pk", "user__first_name", "user__last_name", "user__username")
    return [(pk, f"{first} {last}".strip() or username) for pk, first, last, username in rows]


def period_events(site: Site, limit: int = 20) -> QuerySet[PeriodEvent]:
    """The site's latest closes and reopens, who and why."""
    return PeriodEvent.objects.filter(period__site=site).select_related("period", "by__user").order_by("-at")[:limit]
