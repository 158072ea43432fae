"""Labour actuals (approved hours x the rate in force that day) for a site's month, and month-end earned value
snapshots. Both are derived data, rewritten as a whole for their month, and refused in a closed period."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum

from projectoffice.core.audit import audit_record
from projectoffice.core.errors import ApplicationError, PermissionDenied
from projectoffice.engine.evm import EarnedValueMethod, cents, month_of
from projectoffice.finance.models import BudgetLine, EarnedValueSnapshot, LabourActual
from projectoffice.finance.permissions import may_manage_project_finance, may_manage_site_finance
from projectoffice.finance.ratebook import RateBook
from projectoffice.finance.selectors.figures import live_earned_value
from projectoffice.organization.models import Site
from projectoffice.projects.models import Project
from projectoffice.timesheets.models import DAY_FIELDS, Category, TimesheetLine
from projectoffice.timesheets.periods import ensure_open

ZERO = Decimal("0")
HoursKey = tuple[int, int, int, str, dt.date]  # (project, person, person's site, job title, day)
ActualKey = tuple[int, int, int, dt.date]  # (project, person, site, month)


def month_end(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def approved_hours_by_day(*, first: dt.date, last: dt.date, site: Site | None = None) -> dict[HoursKey, Decimal]:
    """Approved project hours per (project, person, site, job title, day) between two days, in one query.
    Reversal lines carry negative hours and cancel what they reverse."""
    lines = TimesheetLine.objects.filter(status=TimesheetLine.Status.APPROVED, category=Category.PROJECT,
                                         week_start__gte=first - dt.timedelta(days=6), week_start__lte=last)
    if site is not None:
        lines = lines.filter(person__home_site=site)
    rows = lines.values("project_id", "person_id", "person__home_site_id", "person__job_title",
                        "week_start").annotate(**{day: Sum(day) for day in DAY_FIELDS})
    hours: dict[HoursKey, Decimal] = defaultdict(lambda: ZERO)
    for raw in rows:
        row: dict[str, Any] = dict(raw)
        for offset, day_field in enumerate(DAY_FIELDS):
            day = row["week_start"] + dt.timedelta(days=offset)
            if first <= day <= last and row[day_field]:
                key = (row["project_id"], row["person_id"], row["person__home_site_id"], row["person__job_title"] or "",
                       day)
                hours[key] += row[day_field]
    return hours


def labour_actual_rows(hours: dict[HoursKey, Decimal], book: RateBook,
                       currency_of: dict[int, str]) -> tuple[list[LabourActual], set[str]]:
    """Hours x the rate in force each day, summed per project, person and month; and the (person, day) pairs
    that have no rate. ``currency_of`` maps a site to its currency."""
    totals: dict[ActualKey, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    missing: set[str] = set()
    for (project_id, person_id, site_id, title, day), amount in hours.items():
        rate = book.rate_for(person_id=person_id, site_id=site_id, job_title=title, day=day)
        if rate is None:
            missing.add(f"person {person_id} on {day}")
            continue
        total = totals[(project_id, person_id, site_id, month_of(day))]
        total[0] += amount
        total[1] += amount * rate.hourly
    rows = [LabourActual(project_id=project_id, person_id=person_id, site_id=site_id, month=month, hours=h,
                         amount=cents(a), currency=currency_of[site_id])
            for (project_id, person_id, site_id, month), (h, a) in totals.items()]
    return rows, missing


@transaction.atomic
def labour_actuals_refresh(*, by: Any, site: Site, month: dt.date) -> int:
    """Rewrite the labour actuals of ``site``'s people for ``month`` from approved time. A day without a rate
    in force refuses the whole month, naming the people. Returns the number of rows written."""
    if not may_manage_site_finance(by, site):
        raise PermissionDenied(f"Only the finance roles of {site.code} may compute its labour actuals.")
    month = month_of(month)
    ensure_open(site, month, field="month")
    hours = approved_hours_by_day(first=month, last=month_end(month), site=site)
    rows, missing = labour_actual_rows(hours, RateBook.for_sites([site.pk]), {site.pk: site.currency})
    if missing:
        listed = ", ".join(sorted(missing)[:5])
        raise ApplicationError(f"No cost rate in force at {site.code} for {listed}"
                               f"{' …' if len(missing) > 5 else ''}; add the rates first.", field="month")
    LabourActual.objects.filter(site=site, month=month).delete()
    LabourActual.objects.bulk_create(rows)
    audit_record(actor=by, action="labour_actuals.refreshed", target=site,
                 data={"month": f"{month:%Y-%m}", "rows": len(rows)})
    return len(rows)


@transaction.atomic
def earned_value_record(*, by: Any, project: Project, month: dt.date,
                        method: EarnedValueMethod = EarnedValueMethod.PERCENT_COMPLETE) -> EarnedValueSnapshot:
    """Record today's earned value of ``project`` as its figure at the end of ``month`` (the S-curve's history)."""
    if not may_manage_project_finance(by, project):
        raise PermissionDenied(f"Only those who manage {project.code}'s finance may record its earned value.")
    month = month_of(month)
    ensure_open(project.lead_site_id, month, field="month")
    bac = BudgetLine.objects.filter(project=project, kind=BudgetLine.Kind.BASELINE).aggregate(
        total=Sum("amount"))["total"] or ZERO
    ev = live_earned_value({project.pk: bac}, method=method).get(project.pk, ZERO)
    snapshot, _ = EarnedValueSnapshot.objects.update_or_create(
        project=project, month=month,
        defaults={"ev": ev, "physical": method is EarnedValueMethod.PHYSICAL})
    audit_record(actor=by, action="earned_value.recorded", target=project,
                 data={"month": f"{month:%Y-%m}", "ev": str(ev)})
    return snapshot
