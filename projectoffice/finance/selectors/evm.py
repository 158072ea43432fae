"""Earned value of a project and of the BLs, BUs, sites and company above it, in the reporting currency.

Each project's figures are computed by the engine in the project's currency and converted at the status month's
rate (the engine's ``roll_up`` of one project); a group's figures are the engine's roll-up of those converted
figures. So a BU's BAC, PV, EV and AC are exactly the sum of its projects' as shown, and its indices are
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
    ev_snapshot: Decimal | None = None


PROJECT_VALUES = ("pk", "code", "name", "currency", "company_id", "business_unit__code", "business_unit__name",
                  "business_line__code", "business_line__name", "lead_site__code", "lead_site__name")


def project_refs(projects: QuerySet[Project], month: dt.date) -> list[ProjectRef]:
    """The projects as ProjectRef, with their latest EV snapshot up to ``month`` (one query)."""
    rows = with_ev_snapshot(projects, month).values_list(*PROJECT_VALUES, "ev_snapshot")
    return [ProjectRef(pk, code, name, currency, company, Named(bu, bu_name), Named(bl, bl_name),
                       Named(site, site_name), ev)
            for pk, code, name, currency, company, bu, bu_name, bl, bl_name, site, site_name, ev in rows]


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
    try:
        rows = [RollupRow("project", p.code, p.name, in_reporting(
            status.figures(p), month=status.month, reporting=status.reporting, rates=status.rates,
            eac_method=eac_method), project=p) for p in status.projects]
    except MissingRateError as exc:
        raise missing_rate_error(exc, field="month") from exc
    reporting = status.reporting
    return Rollup(month=status.month, currency=reporting, projects=rows,
                  sites=_group(rows, "site", reporting, eac_method),
                  company=_company_row(status.company, rows, reporting, eac_method))


@dataclass
class StatusTotals:
    """The projects a user sees and their totals at a status month, in each project's currency."""

    month: dt.date
    company: Company | None
    reporting: str
    rates: ExchangeRates
    projects: list[ProjectRef]
    totals: dict[int, ProjectTotals]

    def figures(self, project: ProjectRef) -> ProjectFigures:
        t = self.totals[project.pk]
        return ProjectFigures(project=project.code, currency=project.currency, bac=t.bac, pv=t.pv_to_date,
                              ev=t.ev, ac=t.ac_to_date, etc_bottom_up=t.remaining_budget)


def status_totals(*, user: AnyUser, month: dt.date, company: Company | None = None,
                  method: EarnedValueMethod = EarnedValueMethod.PERCENT_COMPLETE) -> StatusTotals:
    """Totals summed by the database (a fixed number of queries); EV from the latest month-end snapshot, or
    from today's progress for the current month. Raises ApplicationError naming a missing exchange rate."""
    month, now = month_of(month), current_month()
    scoped = evm_projects_for(user)
    projects = project_refs(scoped, month)
    if company is None and projects:
        company = Company.objects.filter(pk=projects[0].company_id).first()
    elif company is None:
        company = scope_of(user).companies().first()
    reporting = company.reporting_currency if company else "EUR"
    rates = rate_table(company) if company else {}
    try:
        totals = project_totals(scoped, month=month, company=company, rates=rates) if company else {}
    except MissingRateError as exc:
        raise missing_rate_error(exc, field="month") from exc
    for project in projects:
        totals.setdefault(project.pk, ProjectTotals()).ev = project.ev_snapshot or ZERO
    if month >= now and projects:
        live = live_earned_value({p.pk: totals[p.pk].bac for p in projects}, method=method)
        for project_id, ev in live.items():
            totals[project_id].ev = ev
    return StatusTotals(month, company, reporting, rates, projects, totals)


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
