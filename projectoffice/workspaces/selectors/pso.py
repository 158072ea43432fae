"""The PSO's workspace: what the support office of one or several sites must act on this week.

Every figure starts from the user's scope (``projects_visible_to`` / the reminder rule) narrowed to the office's
sites, so the page never shows more than the user's other pages would. About fifteen queries whatever the size.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum

from projectoffice.changes.models import ChangeRequest
from projectoffice.documents.models import ArchivePackage, ArchivePolicy, Document, DocumentVersion
from projectoffice.finance.models import CostLine, ExchangeRate
from projectoffice.organization.models import ProjectOffice, Site
from projectoffice.people.models import Certification
from projectoffice.projects.models import Project
from projectoffice.projects.selectors import projects_visible_to
from projectoffice.timesheets.models import Period, Timesheet, TimesheetLine
from projectoffice.timesheets.selectors import reminder_people, week_start_of
from projectoffice.workspaces.selectors.offices import AnyUser

ATTENTION_ROWS = 10
REMINDER_WEEKS = 4
PERIOD_MONTHS = 3


@dataclass(frozen=True, slots=True)
class ProjectHealth:
    total: int
    active: int
    green: int
    amber: int
    red: int
    attention: list[Project]  # active amber/red projects, red first


@dataclass(frozen=True, slots=True)
class TimeWriting:
    people: int
    weeks_expected: int
    weeks_submitted: int
    weeks_draft: int
    lines_awaiting_approval: int
    hours_awaiting_approval: Decimal

    @property
    def weeks_missing(self) -> int:
        return self.weeks_expected - self.weeks_submitted - self.weeks_draft


@dataclass(frozen=True, slots=True)
class SitePeriods:
    site: Site
    months: list[tuple[dt.date, bool]]  # (month, closed), newest first
    missing_rate: bool  # no exchange rate to the reporting currency for the current month


@dataclass(frozen=True, slots=True)
class PsoWorkspace:
    office: ProjectOffice
    sites: list[Site]
    projects: ProjectHealth
    time: TimeWriting
    periods: list[SitePeriods]
    costs_awaiting_approval: int
    costs_awaiting_amounts: list[tuple[str, Decimal]]  # (currency, total)
    changes_pending: list[ChangeRequest]
    changes_pending_count: int
    documents_in_review: int
    documents_checked_out: list[Document]
    archives: list[ArchivePackage]
    legal_holds: list[Site]
    certifications_expiring: int


def pso_workspace(*, user: AnyUser, office: ProjectOffice, today: dt.date) -> PsoWorkspace:
    sites = list(office.sites.all())
    site_ids = [s.pk for s in sites]
    projects = projects_visible_to(user).filter(lead_site__in=site_ids)
    project_ids = projects.values("pk")
    costs = CostLine.objects.filter(project__in=project_ids, status=CostLine.Status.SUBMITTED)
    changes = ChangeRequest.objects.filter(project__in=project_ids, status=ChangeRequest.Status.SUBMITTED)
    documents = Document.objects.filter(project__in=project_ids)
    holds = held_sites(site_ids)
    return PsoWorkspace(
        office=office,
        sites=sites,
        projects=project_health(projects),
        time=time_writing(user, site_ids, project_ids, today=today),
        periods=site_periods(office, sites, today=today),
        costs_awaiting_approval=costs.count(),
        costs_awaiting_amounts=list(costs.values("currency").annotate(total=Sum("amount"))
                                    .order_by("currency").values_list("currency", "total")),
        changes_pending=list(changes.select_related("project").order_by("raised_at")[:ATTENTION_ROWS]),
        changes_pending_count=changes.count(),
        documents_in_review=in_review(documents).count(),
        documents_checked_out=list(documents.filter(checked_out_by__isnull=False)
                                   .select_related("project", "checked_out_by__user")
                                   .order_by("checked_out_at")[:ATTENTION_ROWS]),
        archives=list(ArchivePackage.objects.filter(site__in=site_ids, project__in=project_ids)
                      .select_related("project", "site")[:5]),
        legal_holds=[s for s in sites if s.pk in holds],
        certifications_expiring=Certification.objects.filter(
            person__in=reminder_people(user).filter(home_site__in=site_ids).values("pk"),
            expires_on__gte=today, expires_on__lte=today + dt.timedelta(days=90)).count(),
    )


def project_health(projects: QuerySet[Project]) -> ProjectHealth:
    active = Q(status=Project.Status.ACTIVE)
    counts = projects.aggregate(
        total=Count("pk"), active=Count("pk", filter=active),
        green=Count("pk", filter=active & Q(health=Project.Health.GREEN)),
        amber=Count("pk", filter=active & Q(health=Project.Health.AMBER)),
        red=Count("pk", filter=active & Q(health=Project.Health.RED)),
    )
    attention = list(
        projects.filter(active, health__in=[Project.Health.RED, Project.Health.AMBER])
        .select_related("project_manager__user", "lead_site", "business_line")
        .order_by(F("health").desc(), "code")[:ATTENTION_ROWS]  # "red" > "amber"
    )
    return ProjectHealth(attention=attention, **counts)


def time_writing(user: AnyUser, site_ids: list[int], project_ids: QuerySet[Any], *, today: dt.date) -> TimeWriting:
    """Weeks of the last four (before the current one) submitted, left in draft or never opened, by the active
    people of the sites the user may remind; and the project time awaiting approval."""
    current = week_start_of(today)
    starts = [current - dt.timedelta(weeks=n) for n in range(1, REMINDER_WEEKS + 1)]
    people = reminder_people(user).filter(home_site__in=site_ids, user__is_active=True)
    weeks = Timesheet.objects.filter(person__in=people.values("pk"), week_start__in=starts).aggregate(
        draft=Count("pk", filter=Q(status=Timesheet.Status.DRAFT)),
        submitted=Count("pk", filter=~Q(status=Timesheet.Status.DRAFT)),
    )
    head_count = people.count()
    pending = TimesheetLine.objects.filter(project__in=project_ids, status=TimesheetLine.Status.SUBMITTED).aggregate(
        lines=Count("pk"), hours=Sum(F("d1") + F("d2") + F("d3") + F("d4") + F("d5") + F("d6") + F("d7")))
    return TimeWriting(
        people=head_count, weeks_expected=head_count * REMINDER_WEEKS, weeks_submitted=weeks["submitted"],
        weeks_draft=weeks["draft"], lines_awaiting_approval=pending["lines"],
        hours_awaiting_approval=pending["hours"] or Decimal("0"),
    )


def site_periods(office: ProjectOffice, sites: list[Site], *, today: dt.date) -> list[SitePeriods]:
    """Each site's last three months (a month without a period row is open) and whether this month's rate from
    the site's currency to the company's reporting currency is missing."""
    months = last_months(today, PERIOD_MONTHS)
    closed = set(Period.objects.filter(site__in=sites, month__in=months, status=Period.Status.CLOSED)
                 .values_list("site_id", "month"))
    reporting = office.company.reporting_currency
    rated = set(ExchangeRate.objects.filter(company=office.company_id, month=months[0])
                .values_list("currency", flat=True))
    return [
        SitePeriods(site, [(m, (site.pk, m) in closed) for m in months],
                    missing_rate=site.currency != reporting and site.currency not in rated)
        for site in sites
    ]


def last_months(today: dt.date, count: int) -> list[dt.date]:
    month, months = today.replace(day=1), []
    for _ in range(count):
        months.append(month)
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return months


def in_review(documents: QuerySet[Document]) -> QuerySet[Document]:
    """Documents whose latest version is in review."""
    latest = DocumentVersion.objects.filter(document=OuterRef("pk")).order_by("-number").values("state")[:1]
    return documents.annotate(latest_state=Subquery(latest)).filter(latest_state=DocumentVersion.State.IN_REVIEW)


def held_sites(site_ids: list[int]) -> set[int]:
    return set(ArchivePolicy.objects.filter(site__in=site_ids, legal_hold=True).values_list("site_id", flat=True))
