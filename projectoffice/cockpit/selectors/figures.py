"""The cockpit's figures: one row per project in the user's scope (and the filters), money from the finance
app's EVM selectors converted to the reporting currency, and the company → BU → BL tree whose every figure is the
plain sum of its projects' (indices recomputed from the sums, never averaged). A fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone

from projectoffice.access import scope_of
from projectoffice.cockpit.models import Risk
from projectoffice.cockpit.selectors.filters import CockpitFilters, filters_q
from projectoffice.engine.errors import MissingRateError
from projectoffice.engine.evm import ProjectFigures, month_of
from projectoffice.finance.currency import rate_table
from projectoffice.finance.permissions import AnyUser
from projectoffice.finance.selectors.evm import in_reporting
from projectoffice.finance.selectors.totals import ProjectTotals, project_totals, with_ev_snapshot
from projectoffice.organization.models import Company
from projectoffice.projects.models import Assignment, Project, Task

ZERO = Decimal("0")
HEALTH_RISK = {"green": 1, "amber": 3, "red": 5}  # the bubble's risk when no proposal is linked
DUE_WINDOW = dt.timedelta(days=30)


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
    utilisation: list[SkillLoad] = field(default_factory=list)


@dataclass
class SkillLoad:
    skill: str
    resources: int
    work_hours: float  # assigned work on tasks running in the next four weeks
    capacity_hours: float  # 20 working days of 8 hours per resource

    @property
    def percent(self) -> float | None:
        return 100 * self.work_hours / self.capacity_hours if self.capacity_hours else None


def cockpit_projects(user: AnyUser, filters: CockpitFilters, *, company: Company | None = None) -> QuerySet[Project]:
    """The projects of the user's scope that pass the filters (and of ``company`` when given), with what the
    rows show (one query)."""
    scoped = scope_of(user).projects()  # type: ignore[arg-type]
    if company is not None:
        scoped = scoped.filter(company=company)
    return (
        scoped.filter(filters_q(filters))
        .select_related("company", "business_unit", "business_line__parent", "lead_site", "project_manager__user")
        .annotate(proposal_npv=F("proposal__npv"), proposal_risk=F("proposal__risk"))
        .order_by("code")
    )


def cockpit(user: AnyUser, filters: CockpitFilters, *, month: dt.date | None = None,
            company: Company | None = None) -> Cockpit:
    """Every figure of the cockpit page at the end of ``month`` (default: the last closed month).

    Earned value comes from the month-end snapshots (finance), never from live task progress: reading every
    task of every project in view would cost seconds at 50,000 projects, and PV, EV and AC are then all taken at
    the same month end, so the indices compare like with like."""
    month = month_of(month or last_closed_month())
    scoped = cockpit_projects(user, filters, company=company)
    projects = list(with_ev_snapshot(scoped, month))
    company = company or _company(user, projects)
    warnings: list[str] = []
    money = _money(scoped, projects, company, month, warnings)
    extras = _task_and_risk_counts(scoped)
    rows = [_row(p, money.get(p.pk), extras.get(p.pk, {})) for p in projects]
    return Cockpit(month=month, currency=company.reporting_currency if company else "EUR", rows=rows,
                   tree=build_tree(company, rows), sites=_clocks(projects), warnings=warnings,
                   utilisation=utilisation_by_skill(scoped))


def utilisation_by_skill(scoped: QuerySet[Project]) -> list[SkillLoad]:
    """Per skill, the work assigned on tasks overlapping the next four weeks against the capacity of the
    resources holding it (an approximation: work is not pro-rated to the window). One query."""
    now = timezone.now()
    rows = (Assignment.objects.filter(project__in=scoped.values("pk"), resource__skill__isnull=False,
                                      task__start__lt=now + dt.timedelta(days=28), task__finish__gt=now)
            .values("resource__skill__code")
            .annotate(work=Sum("work_minutes"), resources=Count("resource", distinct=True))
            .order_by("resource__skill__code"))
    return [SkillLoad(r["resource__skill__code"], r["resources"], (r["work"] or 0) / 60,
                      r["resources"] * 20 * 8.0) for r in rows]


def last_closed_month() -> dt.date:
    first = timezone.localdate().replace(day=1)
    return month_of(first - dt.timedelta(days=1))


def _company(user: AnyUser, projects: Sequence[Project]) -> Company | None:
    if projects:
        return projects[0].company if projects[0].company_id else None
    return scope_of(user).companies().first()  # type: ignore[arg-type]


def _money(scoped: QuerySet[Project], projects: list[Project], company: Company | None, month: dt.date,
           warnings: list[str]) -> dict[int, Sums]:
    """Each project's BAC, PV, EV, AC, EAC in the reporting currency (finance selectors + the engine)."""
    if company is None or not projects:
        return {}
    rates = rate_table(company)
    try:
        totals = project_totals(scoped, month=month, company=company, rates=rates)
    except MissingRateError as exc:
        warnings.append(f"No exchange rate for {exc.currency} in {exc.month}: money figures are incomplete.")
        return {}
    result = {}
    for p in projects:
        t = totals.get(p.pk, ProjectTotals())
        ev = getattr(p, "ev_snapshot", None) or ZERO
        figures = ProjectFigures(project=p.code, currency=p.currency, bac=t.bac, pv=t.pv_to_date, ev=ev,
                                 ac=t.ac_to_date, etc_bottom_up=t.remaining_budget)
        try:
            f = in_reporting(figures, month=month, reporting=company.reporting_currency, rates=rates)
        except MissingRateError as exc:
            warnings.append(f"{p.code}: no exchange rate for {exc.currency} in {exc.month}.")
            continue
        result[p.pk] = Sums(bac=f.bac, pv=f.pv, ev=f.ev, ac=f.ac, eac=f.eac if f.eac is not None else f.bac)
    return result


def _task_and_risk_counts(scoped: QuerySet[Project]) -> dict[int, dict[str, int]]:
    """Milestones due (next 30 days) and late, open and high risks, per project (2 queries)."""
    now = timezone.now()
    open_ = Q(is_milestone=True, actual_finish__isnull=True)
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    milestones = (Task.objects.filter(project__in=scoped.values("pk")).filter(open_).values("project_id")
                  .annotate(due=Count("pk", filter=Q(finish__gte=now, finish__lt=now + DUE_WINDOW)),
                            late=Count("pk", filter=Q(finish__lt=now))).order_by())
    for m in milestones:
        counts[m["project_id"]].update(milestones_due=m["due"], milestones_late=m["late"])
    risks = (Risk.objects.filter(project__in=scoped.values("pk"), status=Risk.Status.OPEN).values("project_id")
             .annotate(open=Count("pk"), high=Count("pk", filter=Q(probability__gte=3, impact__gte=5)
                                                    | Q(probability__gte=4, impact__gte=4)
                                                    | Q(probability__gte=5, impact__gte=3))).order_by())
    for r in risks:
        counts[r["project_id"]].update(open_risks=r["open"], high_risks=r["high"])
    return counts


def _row(p: Project, money: Sums | None, extras: dict[str, int]) -> ProjectRow:
    sums = money or Sums()
    sums.projects = 1
    setattr(sums, p.health, 1)
    for name, value in extras.items():
        setattr(sums, name, value)
    npv, risk = getattr(p, "proposal_npv", None), getattr(p, "proposal_risk", None)
    bl = p.business_line
    return ProjectRow(
        pk=p.pk, code=p.code, name=p.name, bu=(p.business_unit.code, p.business_unit.name), bl=(bl.code, bl.name),
        bl_parent=bl.parent.code if bl.parent_id and bl.parent else "", site=p.lead_site.code, status=p.status,
        health=p.health, manager=str(p.project_manager) if p.project_manager else "", sums=sums,
        value=npv if npv is not None else sums.bac, risk=risk or HEALTH_RISK.get(p.health, 3),
        value_source="proposal" if npv is not None else "budget",
    )


def build_tree(company: Company | None, rows: Iterable[ProjectRow]) -> Node:
    """Company → BU → BL (the project's line or product line); each node's sums are its projects' sums."""
    root = Node("company", company.code if company else "", company.name if company else "")
    units: dict[str, Node] = {}
    lines: dict[tuple[str, str], Node] = {}
    for row in rows:
        bu = units.get(row.bu[0])
        if bu is None:
            bu = units[row.bu[0]] = Node("bu", *row.bu)
        bl = lines.get((row.bu[0], row.bl[0]))
        if bl is None:
            bl = lines[(row.bu[0], row.bl[0])] = Node("bl", *row.bl)
            bu.children.append(bl)
        for node in (root, bu, bl):
            node.sums.add(row.sums)
    root.children = sorted(units.values(), key=lambda n: n.code)
    for bu in root.children:
        bu.children.sort(key=lambda n: n.code)
    return root


def sums_of_unit(rows: Iterable[ProjectRow], code: str | None) -> Sums:
    """The sums of the projects of a BU, BL or PL (``code``), or of all rows (None)."""
    total = Sums()
    for row in rows:
        if code is None or code in (row.bu[0], row.bl[0], row.bl_parent):
            total.add(row.sums)
    return total


def _clocks(projects: Sequence[Project]) -> list[SiteClock]:
    """Each lead site's local time now (sites read with the projects: no query)."""
    import zoneinfo

    now = timezone.now()
    sites = {p.lead_site.pk: p.lead_site for p in projects}
    return [SiteClock(s.code, s.name, s.time_zone, now.astimezone(zoneinfo.ZoneInfo(s.time_zone)))
            for s in sorted(sites.values(), key=lambda s: s.code)]
