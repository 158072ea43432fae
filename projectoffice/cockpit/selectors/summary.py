"""The cockpit's stored summary (``CockpitSummary``, ``CockpitChartPoint``): what the live GROUP BY computes per
(BU, line), written by ``cockpit_summary_refresh`` after the month's figures and daily, read by the company and
BU views instead of aggregating every project per request.

A summary row is per unit, so only a user who sees whole units reads it — the company's executives (every
unit) or the owners of BU/BL subtrees (BU executives, PMO staff), and only when they see no project beyond those
units (a project they are a member of elsewhere, a PSO site): anyone else gets the live path, whose numbers are
exactly their projects'. And only a fresh summary is read: same month and currency, computed today, and not
older than the newest stored figure of that month (of any company: stricter, and it avoids joining every
project to its company on each request)."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields, replace
from itertools import groupby, islice
from operator import itemgetter
from typing import Any

from django.db.models import Exists, F, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from projectoffice.access import scope_of
from projectoffice.cockpit.models import CockpitChartPoint, CockpitSummary
from projectoffice.cockpit.selectors.aggregates import (
    BUCKETS,
    MONEY,
    group_sums,
    milestone_counts,
    money_of,
    risk_counts,
    with_figures,
)
from projectoffice.cockpit.selectors.filters import CockpitFilters, filters_q
from projectoffice.core.models import AuditRecord
from projectoffice.finance.models import ProjectMonthFigures
from projectoffice.finance.permissions import AnyUser
from projectoffice.organization.models import Company
from projectoffice.projects.models import Project

COUNTS = ("projects", "green", "amber", "red", "unfigured", *BUCKETS, "milestones_due", "milestones_late",
          "open_risks", "high_risks")
KEYS = ("business_unit_id", "business_line_id")
POINT_FIELDS = ("code", "health", *MONEY, "npv", "proposal_risk")
UNIT_FILTERS = ("bu", "bl")  # the only filters the summary answers (a drill-down)


def summary_units_q(user: AnyUser, company: Company, filters: CockpitFilters) -> Q | None:
    """The condition on summary rows the user may read for this view, or None (the live path): other filters
    than a BU/BL drill, a user who does not see whole units, or one who also sees projects beyond them (or in
    another company). One query when a condition is returned."""
    if any(getattr(filters, f.name) for f in fields(filters) if f.name not in UNIT_FILTERS):
        return None  # a filter the summary cannot answer (any new one too)
    scope = scope_of(user)
    if scope.is_superuser or company.pk in scope.whole_company_ids:
        units = Q()
    elif scope.owned_unit_ids and not scope.supported_site_ids:
        units = Q(business_line__in=scope.owned_unit_ids) | Q(business_unit__in=scope.owned_unit_ids)
    else:
        return None
    rest = replace(scope, whole_company_ids=scope.whole_company_ids - {company.pk})  # the company is in view
    beyond = Project.objects.filter(rest.projects_q()).exclude(Q(company=company) & units)
    return None if beyond.exists() else units & filters_q(filters)


# Changes that alter what the summary counts (projects by status and health, their units): after one of these the
# page reads live until the next refresh. Task progress and risks do not invalidate it (they change all day long).
STALE_AFTER = ("project.created", "project.updated", "project.status_changed", "project.health_set")


def fresh_summary(company: Company, month: dt.date, currency: str) -> bool:
    """True when the company's summary of ``month`` was computed today in ``currency``, no stored figure of the
    month is newer and no project was created or changed its status, health or units since (any company's: no
    join, index ranges over the recent rows only). One query."""
    newest = (ProjectMonthFigures.objects.filter(month=month)
              .values("month").annotate(at=Max("computed_at")).values("at"))
    changed = AuditRecord.objects.filter(at__gt=OuterRef("computed_at"), action__in=STALE_AFTER)
    return CockpitSummary.objects.filter(
        company=company, month=month, currency=currency, computed_on=timezone.localdate(),
        computed_at__gte=Coalesce(Subquery(newest.order_by()), F("computed_at"))).exclude(Exists(changed)).exists()


def summary_rows(company: Company, month: dt.date, units: Q) -> list[dict[str, Any]]:
    """The stored sums of the (BU, line) groups in ``units`` (ids and COUNTS and MONEY). One query."""
    return list(CockpitSummary.objects.filter(units, company=company, month=month).order_by()
                .values(*KEYS, *COUNTS, *MONEY))


def summary_points(company: Company, month: dt.date, units: Q, limit: int) -> list[dict[str, Any]]:
    """The ``limit`` costliest projects of the groups in ``units`` from the stored points. One query."""
    return list(CockpitChartPoint.objects.filter(units, company=company, month=month)
                .order_by(F("cost").desc(nulls_last=True), "code").values(*POINT_FIELDS)[:limit])


def summary_compute(company: Company, month: dt.date, currency: str,
                    now: dt.datetime) -> list[dict[str, Any]]:
    """The live sums of every (BU, line) of the company (what the cockpit's GROUP BY and the milestone and risk
    counts give an executive): one dict per group, ids and COUNTS and MONEY. Three queries."""
    in_view = Q(project__company=company)
    milestones, risks = milestone_counts(in_view, now), risk_counts(in_view)
    rows = []
    for g in group_sums(Project.objects.filter(company=company), month, currency):
        key = (g["business_unit_id"], g["business_line_id"])
        values = {name: g[name] for name in (*KEYS, *COUNTS) if name in g} | milestones.get(key, {})
        values |= risks.get(key, {}) | {name: g[name] or 0 for name in MONEY}
        rows.append(values)
    return rows


def points_compute(company: Company, month: dt.date, currency: str, limit: int) -> list[dict[str, Any]]:
    """The ``limit`` costliest projects (EAC, else BAC) of each (BU, line) of the company with figures. One
    query, read in order per group (the refresh reads every figured project once; a page never does)."""
    money = money_of()
    rows = (with_figures(Project.objects.filter(company=company), month, currency).filter(Q(fig__isnull=False))
            .annotate(**money, cost=money["eac"], npv=F("proposal__npv"), proposal_risk=F("proposal__risk"))
            .order_by(*KEYS, F("cost").desc(nulls_last=True), "code").values(*KEYS, *POINT_FIELDS, "cost"))
    kept: list[dict[str, Any]] = []
    for _, group in groupby(rows.iterator(chunk_size=5000), key=itemgetter(*KEYS)):
        kept += islice(group, limit)
    return kept
