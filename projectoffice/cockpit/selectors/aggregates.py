"""The cockpit's queries. Every figure is summed by the database over the scoped projects joined to their stored
month-end figures (finance's ``ProjectMonthFigures``): the page reads O(units + listed rows) rows, never one row
per project in view, and the number of queries does not depend on the data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    F,
    FilteredRelation,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Least

from projectoffice.cockpit.models import Risk
from projectoffice.projects.models import Assignment, Project, Task

DUE_WINDOW = dt.timedelta(days=30)
UTILISATION_WINDOW = dt.timedelta(days=28)
SPI_CPI_LOW, SPI_CPI_HIGH = Decimal("0.9"), Decimal("1.0")  # buckets: < 0.9, 0.9 to < 1.0, >= 1.0
HIGH_RISK = Q(probability__gte=3, impact__gte=5) | Q(probability__gte=4, impact__gte=4) | Q(probability__gte=5,
                                                                                        impact__gte=3)
HEALTH_RANK = Case(When(health="red", then=0), When(health="amber", then=1), default=2, output_field=IntegerField())
MONEY = ("bac", "pv", "ev", "ac", "eac")
UNRECORDED = Q(status__in=[Project.Status.PROPOSED, Project.Status.CANCELLED])  # finance stores no figures


def with_figures(projects: QuerySet[Project], month: dt.date, currency: str) -> QuerySet[Project]:
    """``projects`` left-joined with their stored figures of ``month`` in the reporting ``currency`` as ``fig``
    (empty where none: figures in another company's currency are never added to these)."""
    return projects.alias(fig=FilteredRelation("month_figures", condition=Q(month_figures__month=month,
                                                                          month_figures__currency=currency)))


def money_of(prefix: str = "fig__") -> dict[str, Any]:
    """The five money expressions of a project's stored figures; EAC is the CPI-based one, else the budget."""
    exprs: dict[str, Any] = {name: F(f"{prefix}{name}") for name in ("bac", "pv", "ev", "ac")}
    exprs["eac"] = Coalesce(F(f"{prefix}eac"), F(f"{prefix}bac"))
    return exprs


def _bucket(num: str, den: str, low: Decimal | None, high: Decimal | None) -> Q:
    q = Q(**{f"fig__{den}__gt": 0})
    if low is not None:
        q &= Q(**{f"fig__{num}__gte": F(f"fig__{den}") * Value(low)})
    if high is not None:
        q &= Q(**{f"fig__{num}__lt": F(f"fig__{den}") * Value(high)})
    return q


BUCKETS = {f"{index}_{name}": _bucket("ev", den, low, high)
           for index, den in (("spi", "pv"), ("cpi", "ac"))
           for name, low, high in (("low", None, SPI_CPI_LOW), ("mid", SPI_CPI_LOW, SPI_CPI_HIGH),
                                   ("high", SPI_CPI_HIGH, None))}


def group_sums(scoped: QuerySet[Project], month: dt.date, currency: str) -> list[Any]:
    """One row per (BU id, line or product line id) in view: counts by health, money sums, SPI/CPI buckets and
    the projects without figures for ``month``. One query."""
    counts = {h: Count("pk", filter=Q(health=h)) for h in ("green", "amber", "red")}
    buckets = {name: Count("pk", filter=q) for name, q in BUCKETS.items()}
    return list(
        with_figures(scoped, month, currency)
        .values("business_unit_id", "business_line_id")  # ids only: hashed, few groups; names read apart
        .annotate(projects=Count("pk"), unfigured=Count("pk", filter=Q(fig__isnull=True) & ~UNRECORDED), **counts, **buckets,
                  **{name: Sum(expr) for name, expr in money_of().items()})
        .order_by())


def milestone_counts(in_view: Q, now: dt.datetime) -> dict[tuple[int, int], dict[str, int]]:
    """Open milestones due in the next 30 days and late (finish passed), per (BU id, line id). One query on
    the partial index of open milestones (projects' ``task_open_milestones``)."""
    rows = (Task.objects.filter(in_view, is_milestone=True, actual_finish__isnull=True,
                                finish__lt=now + DUE_WINDOW)
            .values("project__business_unit_id", "project__business_line_id")
            .annotate(milestones_due=Count("finish", filter=Q(finish__gte=now)),  # not the pk: an index-only scan
                      milestones_late=Count("finish", filter=Q(finish__lt=now))).order_by())
    return _by_unit(rows)


def _by_unit(rows: Iterable[Any]) -> dict[tuple[int, int], dict[str, int]]:
    keys = ("project__business_unit_id", "project__business_line_id")
    return {(r[keys[0]], r[keys[1]]): {k: v for k, v in r.items() if k not in keys} for r in rows}


def risk_counts(in_view: Q) -> dict[tuple[int, int], dict[str, int]]:
    """Open and high risks (exposure >= 15) per (BU id, line id). One query."""
    rows = (Risk.objects.filter(in_view, status=Risk.Status.OPEN)
            .values("project__business_unit_id", "project__business_line_id")
            .annotate(open_risks=Count("pk"), high_risks=Count("pk", filter=HIGH_RISK)).order_by())
    return _by_unit(rows)


def _per_project(queryset: QuerySet[Any], **aggregate: Any) -> Coalesce:
    """A correlated count of ``queryset`` rows of the outer project (0 when none)."""
    name, expr = next(iter(aggregate.items()))
    inner = queryset.filter(project=OuterRef("pk")).values("project").annotate(**{name: expr}).values(name)
    return Coalesce(Subquery(inner.order_by()), 0)


def page_rows(scoped: QuerySet[Project], month: dt.date, currency: str, now: dt.datetime, *, offset: int,
              limit: int) -> list[Project]:
    """The listed projects, worst first (red, amber, green, then code), with their figures, milestone and risk
    counts and portfolio proposal. Two queries: the page's ids by a narrow sort, then only those rows joined
    (as one query PostgreSQL joined every project before keeping the page's); the counts are correlated
    subqueries over ``limit`` rows."""
    milestones = Task.objects.filter(is_milestone=True, actual_finish__isnull=True)
    risks = Risk.objects.filter(status=Risk.Status.OPEN)
    page = list(scoped.order_by(HEALTH_RANK, "code").values_list("pk", flat=True)[offset:offset + limit])
    return list(
        with_figures(Project.objects.filter(pk__in=page), month, currency)
        .select_related("business_unit", "business_line__parent", "lead_site", "project_manager__user")
        .annotate(figured=F("fig__id"), **money_of(), proposal_npv=F("proposal__npv"),
                  proposal_risk=F("proposal__risk"),
                  milestones_due=_per_project(milestones.filter(finish__gte=now, finish__lt=now + DUE_WINDOW),
                                              n=Count("finish")),
                  milestones_late=_per_project(milestones.filter(finish__lt=now), n=Count("finish")),
                  open_risks=_per_project(risks, n=Count("pk")),
                  high_risks=_per_project(risks.filter(HIGH_RISK), n=Count("pk")))
        .order_by(HEALTH_RANK, "code"))


def chart_points(scoped: QuerySet[Project], month: dt.date, currency: str, limit: int) -> list[Any]:
    """The ``limit`` projects of highest cost (EAC, else BAC) for the scatter and bubble charts. One narrow
    query."""
    money = money_of()
    return list(
        with_figures(scoped, month, currency).filter(Q(fig__isnull=False))
        .annotate(**money, cost=money["eac"], npv=F("proposal__npv"), proposal_risk=F("proposal__risk"))
        .order_by(F("cost").desc(nulls_last=True), "code")
        .values("code", "health", *MONEY, "npv", "proposal_risk")[:limit])


class EpochSeconds(Func):
    """A timestamp as seconds since 1970 (float), on PostgreSQL and SQLite."""

    output_field = FloatField()
    template = "CAST(EXTRACT(EPOCH FROM %(expressions)s) AS double precision)"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="((julianday(%(expressions)s) - 2440587.5) * 86400.0)",
                           **extra)


def window_share(start: dt.datetime, end: dt.datetime) -> dict[str, Any]:
    """``span`` (seconds) of an assignment's task and ``overlap``, the seconds of that span inside [start, end)."""
    begin, finish = EpochSeconds(F("task__start")), EpochSeconds(F("task__finish"))
    lo, hi = Value(start.timestamp()), Value(end.timestamp())
    return {"span": finish - begin, "overlap": Greatest(Least(finish, hi) - Greatest(begin, lo), Value(0.0))}


WORK_IN_WINDOW = Case(When(span__gt=0, then=F("work_minutes") * F("overlap") / F("span")),
                      default=F("work_minutes") * Value(1.0), output_field=FloatField())


def skill_loads(in_view: Q, now: dt.datetime) -> list[Any]:
    """Per skill: distinct resources assigned on tasks overlapping the next four weeks and their work inside
    the window (minutes): each assignment's work spread evenly over its task's span (calendar time), the part
    inside the window counted; a zero-length task's whole work when it falls inside. One query."""
    end = now + UTILISATION_WINDOW
    return list(
        Assignment.objects.filter(in_view, resource__skill__isnull=False,
                                  task__start__lt=end, task__finish__gt=now)
        .alias(**window_share(now, end))
        .values("resource__skill__code")
        .annotate(work=Sum(WORK_IN_WINDOW), resources=Count("resource", distinct=True))
        .order_by("resource__skill__code"))
