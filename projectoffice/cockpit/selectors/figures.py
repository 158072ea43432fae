"""The cockpit's figures: the company → BU → BL tree of the projects in the user's scope (and the filters), every
node the plain sum of its projects' figures (indices recomputed from the sums, never averaged), summed by the
database from the stored month-end figures; a page of project rows; the charts' points. A fixed number of
queries, and rows read in O(units + listed projects), whatever the number of projects in view."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from projectoffice.access import scope_of
from projectoffice.cockpit.selectors.aggregates import (
    MONEY,
    chart_points,
    group_sums,
    milestone_counts,
    page_rows,
    risk_counts,
    skill_loads,
)
from projectoffice.cockpit.selectors.filters import CockpitFilters, filters_q
from projectoffice.cockpit.selectors.summary import (
    COUNTS,
    fresh_summary,
    summary_points,
    summary_rows,
    summary_units_q,
)
from projectoffice.engine.evm import month_of
from projectoffice.finance.permissions import AnyUser
from projectoffice.organization.models import Company, OrgUnit, Site
from projectoffice.projects.models import Project

ZERO = Decimal("0")
HEALTH_RISK = {"green": 1, "amber": 3, "red": 5}  # the bubble's risk when no proposal is linked
ROW_LIMIT = 50  # projects listed a page (worst first); the figures count them all
CHART_POINTS = 200  # projects plotted on the scatter and bubble charts: the costliest


@dataclass
class Sums:
    """Additive figures (money in the reporting currency, counts); the indices derive from them."""

    projects: int = 0
    green: int = 0
    amber: int = 0
    red: int = 0
    bac: Decimal = ZERO
    pv: Decimal = ZERO
    ev: Decimal = ZERO
    ac: Decimal = ZERO
    eac: Decimal = ZERO
    milestones_due: int = 0
    milestones_late: int = 0
    open_risks: int = 0
    high_risks: int = 0
    unfigured: int = 0  # projects without stored figures for the month (money not counted)
    spi_low: int = 0  # projects by SPI: < 0.9, 0.9 to < 1.0, >= 1.0 (none when PV is zero)
    spi_mid: int = 0
    spi_high: int = 0
    cpi_low: int = 0  # ... by CPI (none when AC is zero)
    cpi_mid: int = 0
    cpi_high: int = 0

    @property
    def spi(self) -> float | None:
        return float(self.ev / self.pv) if self.pv else None

    @property
    def cpi(self) -> float | None:
        return float(self.ev / self.ac) if self.ac else None

    def add(self, other: Sums) -> None:
        for name in ADDITIVE:
            setattr(self, name, getattr(self, name) + getattr(other, name))


ADDITIVE = tuple(Sums.__dataclass_fields__)


@dataclass
class ProjectRow:
    pk: int
    code: str
    name: str
    bu: tuple[str, str]
    bl: tuple[str, str]
    bl_parent: str
    site: str
    status: str
    health: str
    manager: str
    sums: Sums
    value: Decimal  # the bubble's value: the proposal's NPV, else the budget
    risk: int  # 1..5: the proposal's risk, else from health
    value_source: str


@dataclass
class UnitGroup:
    """The projects in view of one BU and one line (BL or PL): the leaves of the tree."""

    bu: tuple[str, str]
    bl: tuple[str, str]
    bl_parent: str
    sums: Sums


@dataclass
class Node:
    kind: str  # company / bu / bl
    code: str
    name: str
    sums: Sums = field(default_factory=Sums)
    children: list[Node] = field(default_factory=list)


@dataclass
class SiteClock:
    code: str
    name: str
    time_zone: str
    local: dt.datetime


@dataclass
class Cockpit:
    month: dt.date
    currency: str
    rows: list[ProjectRow]
    tree: Node
    sites: list[SiteClock]
    warnings: list[str]
    groups: list[UnitGroup] = field(default_factory=list)
    utilisation: list[SkillLoad] = field(default_factory=list)
    points: list[dict[str, Any]] = field(default_factory=list)  # the charted projects (chart_points)
    page: int = 1
    pages: int = 1
    stored: bool = False  # the tree and the charts come from the stored summary (selectors/summary.py)


@dataclass
class SkillLoad:
    skill: str
    resources: int
    work_hours: float  # assigned work falling in the next four weeks (pro-rated over each task's span)
    capacity_hours: float  # 20 working days of 8 hours per resource assigned in the window

    @property
    def percent(self) -> float | None:
        return 100 * self.work_hours / self.capacity_hours if self.capacity_hours else None


@dataclass(frozen=True)
class CockpitScope:
    """The projects in view: the user's scope, the filters, and ``company`` when given."""

    user: AnyUser
    filters: CockpitFilters
    company: Company | None = None

    def q(self, prefix: str = "") -> Q:
        """The condition on Project, or on a relation to it (``prefix``: "project" for tasks, risks…), so that
        an aggregate over related rows joins the projects once."""
        q = scope_of(self.user).projects_q(prefix) & filters_q(self.filters, prefix)  # type: ignore[arg-type]
        if self.company is not None:
            q &= Q(**{f"{prefix}__company" if prefix else "company": self.company})
        return q

    def projects(self) -> QuerySet[Project]:
        return Project.objects.filter(self.q())


def cockpit_projects(user: AnyUser, filters: CockpitFilters, *, company: Company | None = None) -> QuerySet[Project]:
    """The projects of the user's scope that pass the filters (and of ``company`` when given); no query."""
    return CockpitScope(user, filters, company).projects()


def cockpit(user: AnyUser, filters: CockpitFilters, *, month: dt.date | None = None,
            company: Company | None = None, page: int = 1, per_page: int = ROW_LIMIT) -> Cockpit:
    """Every figure of the cockpit page at the end of ``month`` (default: the last closed month).

    Money comes from the stored month-end figures (finance's ``ProjectMonthFigures``, already in the reporting
    currency), summed by the database per BU and line: the page never reads one row per project in view. The
    table lists ``per_page`` projects (worst first, ``page``); the charts plot the CHART_POINTS costliest."""
    now = timezone.now()
    scope = CockpitScope(user, filters, company)
    scoped = scope.projects()
    company = company or _company(user, scoped)
    month = month_of(month or last_closed_month(company))
    currency = company.reporting_currency if company else "EUR"
    stored = _stored_view(user, filters, company, month, currency)
    if stored is None:
        groups, points = unit_groups(scope, month, now, currency), chart_points(scoped, month, currency, CHART_POINTS)
    else:
        groups, points = stored
    warnings = _warnings(groups, month)
    tree = build_tree(company, groups)
    pages = max(1, -(-tree.sums.projects // per_page))
    page = min(max(1, page), pages)
    listed = page_rows(scoped, month, currency, now, offset=(page - 1) * per_page, limit=per_page)
    return Cockpit(month=month, currency=currency, rows=[_row(p) for p in listed], tree=tree,
                   groups=groups, sites=_clocks(scoped, now), warnings=warnings,
                   utilisation=utilisation_by_skill(scope, now),
                   points=points, page=page, pages=pages, stored=stored is not None)


def _stored_view(user: AnyUser, filters: CockpitFilters, company: Company | None, month: dt.date,
                 currency: str) -> tuple[list[UnitGroup], list[Any]] | None:
    """The groups and chart points from the stored summary when this user may read it for this view and it is
    fresh (selectors/summary.py), else None (the live path). 2 queries, 5 when read."""
    units = summary_units_q(user, company, filters) if company else None
    if company is None or units is None or not fresh_summary(company, month, currency):
        return None
    return named_groups(summary_rows(company, month, units)), summary_points(company, month, units, CHART_POINTS)


def unit_groups(scope: CockpitScope, month: dt.date, now: dt.datetime, currency: str) -> list[UnitGroup]:
    """The sums of each (BU, line) in view with their milestone and risk counts, and the units' names, computed
    live (4 queries)."""
    milestones, risks = milestone_counts(scope.q("project"), now), risk_counts(scope.q("project"))
    rows = []
    for g in group_sums(scope.projects(), month, currency):
        key = (g["business_unit_id"], g["business_line_id"])
        rows.append(g | milestones.get(key, {}) | risks.get(key, {}))
    return named_groups(rows)


def named_groups(rows: list[dict[str, Any]]) -> list[UnitGroup]:
    """UnitGroups of (BU id, line id) rows of sums (live or stored), with the units' names. One query."""
    units = {u["pk"]: u for u in OrgUnit.objects.filter(
        pk__in={r["business_unit_id"] for r in rows} | {r["business_line_id"] for r in rows})
        .values("pk", "code", "name", "parent__code")}
    groups = []
    for g in rows:
        key = (g["business_unit_id"], g["business_line_id"])
        values: dict[str, Any] = {name: g[name] or ZERO for name in MONEY}
        values |= {name: g[name] for name in COUNTS if name in g}
        sums = Sums(**values)
        bu, bl = units[key[0]], units[key[1]]
        groups.append(UnitGroup(bu=(bu["code"], bu["name"]), bl=(bl["code"], bl["name"]),
                                bl_parent=bl["parent__code"] or "", sums=sums))
    return groups


def _warnings(groups: list[UnitGroup], month: dt.date) -> list[str]:
    missing = sum(g.sums.unfigured for g in groups)
    if not missing:
        return []
    return [f"{missing} project(s) have no figures for {month:%Y-%m} (the month is not closed for them): their "
            f"money is not counted."]


def utilisation_by_skill(scope: CockpitScope, now: dt.datetime | None = None) -> list[SkillLoad]:
    """Per skill, the work falling in the next four weeks against the capacity of the resources assigned
    (skill_loads for the exact definition). One query."""
    return [SkillLoad(r["resource__skill__code"], r["resources"], (r["work"] or 0) / 60, r["resources"] * 20 * 8.0)
            for r in skill_loads(scope.q("project"), now or timezone.now())]


def last_closed_month(company: Company | None = None) -> dt.date:
    """The month the cockpit shows: the company's latest month closed at one of its sites (finance's rule, the
    months whose figures are stored), else the previous calendar month. One query with a company."""
    from projectoffice.finance.services.month_figures import last_closed_month as closed_at_a_site

    closed = closed_at_a_site(company) if company is not None else None
    return closed or month_of(timezone.localdate().replace(day=1) - dt.timedelta(days=1))


def _company(user: AnyUser, scoped: QuerySet[Project]) -> Company | None:
    """The company of the projects in view (the first by code), else the user's first company. One query."""
    in_view = Company.objects.filter(pk__in=scoped.values("company_id")).order_by("code")
    return in_view.first() or scope_of(user).companies().order_by("code").first()  # type: ignore[arg-type]


def _row(p: Project) -> ProjectRow:
    values: dict[str, Any] = {name: getattr(p, name) or ZERO for name in MONEY}
    values |= {name: getattr(p, name) for name in ("milestones_due", "milestones_late", "open_risks", "high_risks")}
    sums = Sums(projects=1, **values)
    setattr(sums, p.health, 1)
    sums.unfigured = 0 if getattr(p, "figured", None) else 1
    npv, risk = getattr(p, "proposal_npv", None), getattr(p, "proposal_risk", None)
    bl = p.business_line
    return ProjectRow(
        pk=p.pk, code=p.code, name=p.name, bu=(p.business_unit.code, p.business_unit.name), bl=(bl.code, bl.name),
        bl_parent=bl.parent.code if bl.parent_id and bl.parent else "", site=p.lead_site.code, status=p.status,
        health=p.health, manager=str(p.project_manager) if p.project_manager else "", sums=sums,
        value=npv if npv is not None else sums.bac, risk=risk or HEALTH_RISK.get(p.health, 3),
        value_source="proposal" if npv is not None else "budget",
    )


def build_tree(company: Company | None, groups: Iterable[UnitGroup]) -> Node:
    """Company → BU → BL (the project's line or product line); each node's sums are its groups' sums."""
    root = Node("company", company.code if company else "", company.name if company else "")
    units: dict[str, Node] = {}
    for group in groups:
        bu = units.get(group.bu[0])
        if bu is None:
            bu = units[group.bu[0]] = Node("bu", *group.bu)
        bl = Node("bl", *group.bl)
        bl.sums.add(group.sums)
        bu.children.append(bl)
        bu.sums.add(group.sums)
        root.sums.add(group.sums)
    root.children = sorted(units.values(), key=lambda n: n.code)
    for bu in root.children:
        bu.children.sort(key=lambda n: n.code)
    return root


def sums_of_unit(groups: Iterable[UnitGroup | ProjectRow], code: str | None) -> Sums:
    """The sums of a BU, BL (its product lines included) or PL (``code``), or of all groups (None)."""
    total = Sums()
    for group in groups:
        if code is None or code in (group.bu[0], group.bl[0], group.bl_parent):
            total.add(group.sums)
    return total


def _clocks(scoped: QuerySet[Project], now: dt.datetime) -> list[SiteClock]:
    """Each lead site's local time now. One query."""
    import zoneinfo

    sites = Site.objects.filter(pk__in=scoped.values("lead_site_id")).order_by("code")
    return [SiteClock(s.code, s.name, s.time_zone, now.astimezone(zoneinfo.ZoneInfo(s.time_zone))) for s in sites]
