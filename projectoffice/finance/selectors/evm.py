"""Earned value of a project and of the BLs, BUs, sites and company above it, in the reporting currency.

Each project's totals are converted at the status month's rate and rounded to the cent (``MonthFigures``: read
from ``ProjectMonthFigures`` for a closed past month, computed live otherwise); the engine computes each
project's figures from those, and a group's figures are the engine's roll-up of its projects'. So a BU's BAC, PV, EV and AC are exactly the sum of its projects' as shown, and its indices are
recomputed from the sums, never averaged.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from projectoffice.access import scope_of
from projectoffice.engine.errors import MissingRateError
from projectoffice.engine.evm import (
    EacMethod,
    EarnedValueMethod,
    EvmFigures,
    ExchangeRates,
    ProjectFigures,
    SCurvePoint,
    month_of,
    roll_up,
    s_curve,
)
from projectoffice.finance.currency import missing_rate_error, rate_table
from projectoffice.finance.permissions import AnyUser
from projectoffice.finance.selectors.figures import ProjectMoney, live_earned_value, project_money
from projectoffice.finance.selectors.month_figures import (
    STORED,
    MonthFigures,
    month_figures_of,
    stored_of,
    with_stored_figures,
)
from projectoffice.finance.selectors.totals import ProjectTotals, project_totals, with_ev_snapshot
from projectoffice.organization.models import Company
from projectoffice.projects.models import Project

ZERO = Decimal("0")


@dataclass(frozen=True, slots=True)
class Named:
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class ProjectRef:
    """What the roll-up, the report and their exports show of a project: read as plain values, because building
    thousands of model instances would cost more than summing their money."""

    pk: int
    code: str
    name: str
    currency: str
    company_id: int
    business_unit: Named
    business_line: Named
    lead_site: Named


PROJECT_VALUES = ("pk", "code", "name", "currency", "company_id", "business_unit__code", "business_unit__name",
                  "business_line__code", "business_line__name", "lead_site__code", "lead_site__name")


def project_rows(projects: QuerySet[Project], month: dt.date, *, past: bool,
                 ) -> list[tuple[ProjectRef, tuple[str, MonthFigures] | None]]:
    """The projects as ProjectRef (one query); for a past month each with its stored figures of that month and
    their currency, when some are stored."""
    if not past:
        return [(_ref(row), None) for row in projects.values_list(*PROJECT_VALUES)]
    values = with_stored_figures(projects, month).values_list(*PROJECT_VALUES, "stored_currency",
                                                             *(f"stored_{name}" for name in STORED))
    return [(_ref(row[:len(PROJECT_VALUES)]), stored_of(row[len(PROJECT_VALUES):])) for row in values]


def _ref(row: tuple) -> ProjectRef:  # type: ignore[type-arg]
    pk, code, name, currency, company, bu, bu_name, bl, bl_name, site, site_name = row
    return ProjectRef(pk, code, name, currency, company, Named(bu, bu_name), Named(bl, bl_name),
                      Named(site, site_name))


def current_month() -> dt.date:
    return month_of(timezone.localdate())


def evm_projects_for(user: AnyUser) -> QuerySet[Project]:
    """The projects whose earned value the user may see, with what the roll-up groups them by."""
    return (
        scope_of(user).projects()  # type: ignore[arg-type]
        .exclude(status__in=[Project.Status.PROPOSED, Project.Status.CANCELLED])
        .order_by("code")
    )


def figures_of(money: ProjectMoney, month: dt.date, *, now: dt.date) -> ProjectFigures:
    """One project's BAC and cumulative PV, EV, AC at the end of ``month``, in its own currency."""
    return ProjectFigures(
        project=money.project.code,
        currency=money.project.currency,
        bac=money.bac,
        pv=money.cumulative(money.planned, month),
        ev=money.ev_at(month, now),
        ac=money.cumulative(money.actual, month),
        etc_bottom_up=money.remaining_budget(month),
    )


def in_reporting(figures: ProjectFigures, *, month: dt.date, reporting: str, rates: ExchangeRates,
                 eac_method: EacMethod = EacMethod.CPI) -> EvmFigures:
    """The engine's figures of one project, converted to the reporting currency at ``month``'s rate."""
    return roll_up([figures], month=month, reporting_currency=reporting, rates=rates, eac_method=eac_method)


def _as_project_figures(code: str, currency: str, figures: EvmFigures) -> ProjectFigures:
    bottom_up = None if figures.eac_bottom_up is None else figures.eac_bottom_up - figures.ac
    return ProjectFigures(project=code, currency=currency, bac=figures.bac, pv=figures.pv, ev=figures.ev,
                          ac=figures.ac, etc_bottom_up=bottom_up)


@dataclass
class RollupRow:
    """A line of the roll-up: a project, or a group (BL, BU, site, company) with its member rows."""

    kind: str  # company | bu | bl | site | project
    key: str
    label: str
    figures: EvmFigures
    children: list[RollupRow] = field(default_factory=list)
    project: ProjectRef | None = None


@dataclass
class Rollup:
    month: dt.date
    currency: str
    company: RollupRow
    sites: list[RollupRow]
    projects: list[RollupRow]


def evm_rollup(
    *, user: AnyUser, month: dt.date, company: Company | None = None,
    eac_method: EacMethod = EacMethod.CPI, method: EarnedValueMethod = EarnedValueMethod.PERCENT_COMPLETE,
) -> Rollup:
    """Company → BU → BL → project, and per lead site, at the end of ``month`` in the reporting currency.

    A constant number of queries whatever the number of projects. A missing exchange rate raises an
    ApplicationError naming the currency and the month.
    """
    status = status_totals(user=user, month=month, company=company, method=method)
    rows = [RollupRow("project", p.code, p.name, status.figures[p.pk].evm(eac_method), project=p)
            for p in status.projects]
    reporting = status.reporting
    return Rollup(month=status.month, currency=reporting, projects=rows,
                  sites=_group(rows, "site", reporting, eac_method),
                  company=_company_row(status.company, rows, reporting, eac_method))


@dataclass
class StatusTotals:
    """The projects a user sees and their figures at a status month, in the reporting currency."""

    month: dt.date
    company: Company | None
    reporting: str
    projects: list[ProjectRef]
    figures: dict[int, MonthFigures]
    stored: int = 0  # how many projects' figures were read from ProjectMonthFigures


def status_totals(*, user: AnyUser, month: dt.date, company: Company | None = None,
                  method: EarnedValueMethod = EarnedValueMethod.PERCENT_COMPLETE) -> StatusTotals:
    """Each project's figures at the end of ``month`` in a fixed number of queries: a past month reads the
    figures stored when it was closed (one row per project); a project without them, and the current month,
    is computed live (``live_month_figures``). Raises ApplicationError naming a missing exchange rate."""
    month, now = month_of(month), current_month()
    scoped = evm_projects_for(user)
    rows = project_rows(scoped, month, past=month < now)
    projects = [ref for ref, _ in rows]
    company = _company_of(user, company, projects)
    reporting = company.reporting_currency if company else "EUR"
    figures = {ref.pk: kept[1] for ref, kept in rows if kept is not None and kept[0] == reporting}
    stored = len(figures)
    missing = [ref for ref in projects if ref.pk not in figures]
    if missing and company is not None:
        subset = scoped if not figures else scoped.filter(pk__in=[ref.pk for ref in missing])
        figures.update(live_month_figures(subset, missing, month=month, company=company, method=method))
    return StatusTotals(month, company, reporting, projects, figures, stored)


def _company_of(user: AnyUser, company: Company | None, projects: list[ProjectRef]) -> Company | None:
    if company is not None:
        return company
    if projects:
        return Company.objects.filter(pk=projects[0].company_id).first()
    return scope_of(user).companies().first()


def live_month_figures(projects: QuerySet[Project], refs: Sequence[ProjectRef], *, month: dt.date,
                       company: Company, method: EarnedValueMethod = EarnedValueMethod.PERCENT_COMPLETE,
                       ) -> dict[int, MonthFigures]:
    """``refs`` (the rows of ``projects``) at the end of ``month``, computed from the budget, the actuals and
    EV (the latest snapshot; today's progress for the current month or later) — 5 queries, 6 with live
    progress. Raises ApplicationError naming a missing exchange rate."""
    rates = rate_table(company)
    try:
        totals = project_totals(projects, month=month, company=company, rates=rates)
    except MissingRateError as exc:
        raise missing_rate_error(exc, field="month") from exc
    snapshots = dict(with_ev_snapshot(projects, month).values_list("pk", "ev_snapshot"))  # type: ignore[misc]
    for ref in refs:
        totals.setdefault(ref.pk, ProjectTotals()).ev = snapshots.get(ref.pk) or ZERO
    if month >= current_month() and refs:
        live = live_earned_value({ref.pk: totals[ref.pk].bac for ref in refs}, method=method)
        for project_id, ev in live.items():
            totals[project_id].ev = ev
    try:
        return {ref.pk: month_figures_of(totals[ref.pk], currency=ref.currency, month=month,
                                         reporting=company.reporting_currency, rates=rates) for ref in refs}
    except MissingRateError as exc:
        raise missing_rate_error(exc, field="month") from exc


def _sum(rows: Sequence[RollupRow], reporting: str, eac_method: EacMethod) -> EvmFigures:
    members = [_as_project_figures(r.key, reporting, r.figures) for r in rows]
    return roll_up(members, month=dt.date(2000, 1, 1), reporting_currency=reporting, rates={},
                   eac_method=eac_method)


GROUP_KEYS: dict[str, Callable[[ProjectRef], tuple[str, str]]] = {
    "bu": lambda p: (p.business_unit.code, p.business_unit.name),
    "bl": lambda p: (p.business_line.code, p.business_line.name),
    "site": lambda p: (p.lead_site.code, p.lead_site.name),
}


def _group(rows: Sequence[RollupRow], kind: str, reporting: str, eac_method: EacMethod,
           below: Callable[[list[RollupRow]], list[RollupRow]] | None = None) -> list[RollupRow]:
    members: dict[tuple[str, str], list[RollupRow]] = defaultdict(list)
    for row in rows:
        assert row.project is not None
        members[GROUP_KEYS[kind](row.project)].append(row)
    return [
        RollupRow(kind, key, label, _sum(group, reporting, eac_method),
                  children=below(group) if below else group)
        for (key, label), group in sorted(members.items())
    ]


def _company_row(company: Company | None, rows: list[RollupRow], reporting: str, eac_method: EacMethod) -> RollupRow:
    def lines(group: list[RollupRow]) -> list[RollupRow]:
        return _group(group, "bl", reporting, eac_method)

    units = _group(rows, "bu", reporting, eac_method, below=lines)
    return RollupRow("company", company.code if company else "", company.name if company else "",
                     _sum(rows, reporting, eac_method), children=units)


@dataclass
class ProjectEvm:
    project: Project
    month: dt.date
    figures: EvmFigures  # project currency
    curve: tuple[SCurvePoint, ...]
    has_baseline: bool
    reporting: EvmFigures | None = None  # in the reporting currency, None when a rate is missing
    reporting_currency: str = ""
    warning: str = ""


def project_evm(*, project: Project, month: dt.date, eac_method: EacMethod = EacMethod.CPI,
                method: EarnedValueMethod = EarnedValueMethod.PERCENT_COMPLETE) -> ProjectEvm:
    """A project's figures at the end of ``month`` and its S-curve, in its currency (and the reporting one)."""
    month, now = month_of(month), current_month()
    company = project.company
    rates = rate_table(company)
    try:
        money = project_money([project], reporting=company.reporting_currency, rates=rates, current_month=now,
                              method=method)[project.pk]
    except MissingRateError as exc:
        raise missing_rate_error(exc, field="month") from exc
    figures = figures_of(money, month, now=now)
    result = ProjectEvm(
        project=project, month=month,
        figures=roll_up([figures], month=month, reporting_currency=project.currency, rates={},
                        eac_method=eac_method),
        curve=s_curve(planned=money.planned, actual=money.actual, earned_to_date=_earned_curve(money, now),
                      status_month=month),
        has_baseline=bool(money.planned), reporting_currency=company.reporting_currency,
    )  # fmt: skip
    try:
        result.reporting = in_reporting(figures, month=month, reporting=company.reporting_currency, rates=rates,
                                        eac_method=eac_method)
    except MissingRateError as exc:
        result.warning = missing_rate_error(exc).message
    return result


def _earned_curve(money: ProjectMoney, now: dt.date) -> dict[dt.date, Decimal]:
    earned = dict(money.earned)
    if money.live_ev is not None:
        earned[now] = money.live_ev
    return earned
