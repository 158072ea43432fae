"""Skills capacity: supply per skill, site and month (people × their primary skill × working days of their site's
calendar) against what active projects already use (assignments) and what proposals would need.

A person counts once, in their primary skill (their highest level; ties: the first by name), so supply is not
counted twice. A month's availability is the site's working days in that month over an average month's
(52 weeks × working days a week / 12): holidays and local closures lower it."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from projectoffice.organization.calendars import site_days_off
from projectoffice.organization.models import Site
from projectoffice.people.models import Person, PersonSkill, Skill
from projectoffice.portfolio.models import Proposal, SkillDemand
from projectoffice.projects.models import Assignment, Project, Resource

Cell = tuple[int, int]  # (skill id, site id)
CANDIDATE_STATES = (Proposal.State.SCREENING, Proposal.State.FEASIBILITY, Proposal.State.REVIEW,
                    Proposal.State.DEFERRED)
COMMITTED_STATUSES = (Project.Status.APPROVED, Project.Status.ACTIVE)


def add_months(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def month_index(start: dt.date, month: dt.date) -> int:
    return (month.year - start.year) * 12 + month.month - start.month


@dataclass
class CapacityGrid:
    months: list[dt.date]
    skills: dict[int, Skill]
    sites: dict[int, Site]
    supply: dict[Cell, list[float]] = field(default_factory=dict)
    committed: dict[Cell, list[float]] = field(default_factory=dict)
    proposed: dict[Cell, list[float]] = field(default_factory=dict)

    def row(self, table: dict[Cell, list[float]], cell: Cell) -> list[float]:
        return table.setdefault(cell, [0.0] * len(self.months))

    def cells(self) -> list[Cell]:
        return sorted(set(self.supply) | set(self.committed) | set(self.proposed),
                      key=lambda c: (self.skills[c[0]].name, self.sites[c[1]].code))

    def by_skill(self, table: dict[Cell, list[float]]) -> dict[int, list[float]]:
        totals: dict[int, list[float]] = defaultdict(lambda: [0.0] * len(self.months))
        for (skill, _site), values in table.items():
            totals[skill] = [a + b for a, b in zip(totals[skill], values, strict=True)]
        return dict(totals)

    def free_by_skill(self) -> dict[int, list[float]]:
        """What is left per skill and month for new proposals (never below zero)."""
        supply, committed = self.by_skill(self.supply), self.by_skill(self.committed)
        skills = set(supply) | set(committed)
        zero = [0.0] * len(self.months)
        return {s: [max(0.0, a - b) for a, b in zip(supply.get(s, zero), committed.get(s, zero), strict=True)]
                for s in skills}


def capacity_grid(*, lines: Iterable[int], start: dt.date, months: int) -> CapacityGrid:
    """Supply, committed use and proposed demand of the lines' workforce over ``months`` months from ``start``."""
    line_ids = list(lines)
    month_list = [add_months(start, i) for i in range(months)]
    people = list(Person.objects.filter(group__business_line__in=line_ids, user__is_active=True)
                  .values_list("pk", "home_site_id"))
    primary = primary_skills([pk for pk, _ in people])
    proposals = Proposal.objects.filter(business_line__in=line_ids, state__in=CANDIDATE_STATES)
    demand = list(SkillDemand.objects.filter(proposal__in=proposals).values_list(
        "skill_id", "site_id", "month", "fte", "proposal__earliest_start", "proposal__lead_site_id"))
    assignments = list(Assignment.objects.filter(project__business_line__in=line_ids,
                                                 project__status__in=COMMITTED_STATUSES)
                       .values_list("resource__kind", "resource__person_id", "resource__skill_id",
                                    "resource__site_id", "resource__person__home_site_id", "units",
                                    "task__start", "task__finish", "project__lead_site_id"))
    skill_ids = set(primary.values()) | {row[0] for row in demand} | {row[2] for row in assignments if row[2]}
    site_ids = {site for _, site in people} | {row[1] or row[5] for row in demand} | {
        row[3] or row[4] or row[8] for row in assignments}
    grid = CapacityGrid(month_list, Skill.objects.in_bulk(skill_ids),
                        Site.objects.prefetch_related("calendar_exceptions").in_bulk(site_ids - {None}))
    _fill_supply(grid, people, primary)
    _fill_committed(grid, assignments, primary)
    _fill_proposed(grid, demand)
    return grid


def primary_skills(person_ids: list[int]) -> dict[int, int]:
    best: dict[int, tuple[int, str, int]] = {}
    for person, skill, level, name in PersonSkill.objects.filter(person__in=person_ids).values_list(
            "person_id", "skill_id", "level", "skill__name"):
        key = (-level, name, skill)
        if person not in best or key < best[person]:
            best[person] = key
    return {person: key[2] for person, key in best.items()}


def site_availability(site: Site, months: list[dt.date]) -> list[float]:
    """Working days of each month at the site over an average month's working days."""
    if not months:
        return []
    days_off = {d.date: d for d in site_days_off(site, months[0], add_months(months[-1], 1) - dt.timedelta(days=1))}
    average = 52 * len(site.working_days) / 12
    result = []
    for month in months:
        days = pycalendar.monthrange(month.year, month.month)[1]
        worked = 0
        for day in (month + dt.timedelta(days=i) for i in range(days)):
            off = days_off.get(day)
            normally = day.isoweekday() in site.working_days
            worked += (off.is_working if off else normally)
        result.append(round(worked / average, 3))
    return result


def _fill_supply(grid: CapacityGrid, people: list[tuple[int, int]], primary: dict[int, int]) -> None:
    availability = {site_id: site_availability(site, grid.months) for site_id, site in grid.sites.items()}
    for person, site in people:
        skill = primary.get(person)
        if skill is None:
            continue
        row = grid.row(grid.supply, (skill, site))
        for i, fte in enumerate(availability[site]):
            row[i] += fte


def _fill_committed(grid: CapacityGrid, assignments: list[tuple], primary: dict[int, int]) -> None:
    for kind, person, skill, res_site, home_site, units, start, finish, lead_site in assignments:
        skill_id = primary.get(person) if kind == Resource.Kind.PERSON else skill
        if skill_id is None or start is None or finish is None:
            continue
        row = grid.row(grid.committed, (skill_id, res_site or home_site or lead_site))
        for i, share in month_shares(grid.months, start.date(), finish.date()):
            row[i] += float(units) * share


def month_shares(months: list[dt.date], start: dt.date, finish: dt.date) -> Iterable[tuple[int, float]]:
    """(month index, share of that month covered by [start, finish]) for the months of the grid."""
    for i, month in enumerate(months):
        end = add_months(month, 1) - dt.timedelta(days=1)
        overlap = (min(end, finish) - max(month, start)).days + 1
        if overlap > 0:
            yield i, overlap / ((end - month).days + 1)


def _fill_proposed(grid: CapacityGrid, demand: list[tuple]) -> None:
    start = grid.months[0]
    for skill, site, month, fte, earliest, lead_site in demand:
        index = month_index(start, earliest) + month
        if 0 <= index < len(grid.months):
            grid.row(grid.proposed, (skill, site or lead_site))[index] += float(fte)


@dataclass(frozen=True)
class HiringNeed:
    skill: Skill
    site: Site
    from_month: dt.date
    people: int
    peak_shortfall: float


def hiring_forecast(grid: CapacityGrid) -> list[HiringNeed]:
    """Where supply falls short of committed plus proposed work: how many of which skill, where, from when."""
    needs = []
    for cell in grid.cells():
        supply, committed, proposed = (grid.row(t, cell) for t in (grid.supply, grid.committed, grid.proposed))
        shortfall = [c + p - s for s, c, p in zip(supply, committed, proposed, strict=True)]
        first = next((i for i, gap in enumerate(shortfall) if gap > 0.05), None)
        if first is not None:
            peak = max(shortfall)
            needs.append(HiringNeed(grid.skills[cell[0]], grid.sites[cell[1]], grid.months[first],
                                    math.ceil(peak - 1e-9), round(peak, 2)))
    return sorted(needs, key=lambda n: (n.from_month, -n.people))
