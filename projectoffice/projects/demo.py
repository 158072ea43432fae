"""Demo projects: ~40 across natures, sites and lines, each with its PMO's lifecycle, a team, a generated WBS
(20-500 rows, one of 2,000), assignments of demo people, a baseline saved on the original plan, and progress up
to a status date. The project leader leads Site W projects; the team member works on some; the PMO project
manager leads the large RAN programmes; two projects break the 5 M€ rule on purpose.

Budget: raw bulk inserts for plans and assignments (``bulk.py``), the services for everything a user would do,
one engine recompute per project (two for the Site W and Munich projects, which slip after their baseline).
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from decimal import Decimal
from typing import Any, cast

from django.db.models import F

from projectoffice.core.demo_context import DEMO_SEED, DemoContext
from projectoffice.organization.models import OrgUnit, ProjectOffice, Site
from projectoffice.people.models import Person, Role, RoleAssignment
from projectoffice.projects import services
from projectoffice.projects.models import (
    LifecycleTemplate,
    Nature,
    Project,
    ProjectMember,
    ProjectRole,
    Resource,
    Task,
)
from projectoffice.projects.plangen import generate_plan, record_progress

LIFECYCLE = [
    {"name": "Initiation", "gate": "G0 — Go for definition"},
    {"name": "Definition", "gate": "G1 — Go for design"},
    {"name": "Design", "gate": "G2 — Design frozen"},
    {"name": "Build", "gate": "G3 — Ready for test"},
    {"name": "Integration and test", "gate": "G4 — Ready for deployment"},
    {"name": "Deployment", "gate": "G5 — Accepted"},
]
SUBJECTS = {
    Nature.HARDWARE: ["5G radio unit", "Small-cell board", "Optical line card", "Edge gateway", "Antenna array"],
    Nature.SOFTWARE: ["Network planner", "Billing mediation", "Customer portal", "OSS inventory", "Analytics suite"],
    Nature.FIRMWARE: ["Baseband firmware", "Sensor firmware", "Bootloader refresh", "Line card firmware"],
    Nature.SERVICE_CREATION: ["Managed SOC service", "Cloud backup offer", "Field maintenance service"],
    Nature.RESEARCH: ["Massive MIMO study", "Photonics research", "AI anomaly detection"],
    Nature.TECHNOLOGY_MIGRATION: ["Kubernetes migration", "ERP upgrade", "IPv6 migration"],
    Nature.INFRASTRUCTURE: ["Data centre extension", "Lab network rebuild", "Test plant cooling"],
    Nature.OTHER: ["Supplier consolidation", "Quality system audit"],
}
CUSTOMERS = ["Orange", "Deutsche Telekom", "Vodafone", "Airtel", "Verizon", "Telstra", "Internal", "Claro", "Singtel"]
RATES_EUR = {"EUR": 85, "INR": 30, "USD": 90, "BRL": 40, "SGD": 70, "CAD": 75}
SIZES = [20, 35, 50, 60, 80, 90, 120, 150, 180, 220, 260, 300, 350, 420, 500]


def load(ctx: DemoContext) -> None:
    lifecycles = _lifecycles(ctx)
    pools = _resources(ctx)
    leaders = _leaders(ctx)
    projects: list[Project] = []
    pairs = sorted(ctx.data["groups"])  # (line, site) where work happens
    for index in range(40):
        line, site = pairs[index % len(pairs)]
        size = 2000 if index == 7 else SIZES[(index * 7) % len(SIZES)]
        projects.append(_project(ctx, index, line, site, size, lifecycles, pools, leaders))
    ctx.data["projects"] = projects
    ctx.say(f"  {len(projects)} projects, {Task.objects.filter(project__in=projects).count()} tasks")


def rng_of(ctx: DemoContext) -> random.Random:
    """This loader's own random stream (seeded from the demo seed): changing the projects demo does not shift
    the random data of the loaders after it."""
    rng = ctx.data.get("_projects_rng")
    if rng is None:
        rng = ctx.data["_projects_rng"] = random.Random(f"{DEMO_SEED}-projects")
    return rng


def _lifecycles(ctx: DemoContext) -> dict[str, LifecycleTemplate]:
    return {line: LifecycleTemplate.objects.create(office=pmo, name=f"{pmo.code} standard lifecycle",
                                                   phases=LIFECYCLE)
            for line, pmo in ctx.data["pmos"].items()}


def _resources(ctx: DemoContext) -> dict[str, list[Resource]]:
    """Every demo person in the company pool, plus two skill-based resources per site; pooled by site code."""
    people = Person.objects.filter(pk__in=[p.pk for p in ctx.data["people"]]).select_related("home_site", "user")
    rows = [Resource(company=ctx.data["company"], kind=Resource.Kind.PERSON, name=p.name, person=p,
                     site=p.home_site, standard_rate=_rate(p.home_site)) for p in people]
    skills = ctx.data["skills"]
    for code, site in ctx.data["sites"].items():
        for skill in (skills[rng_of(ctx).randrange(len(skills))], skills[rng_of(ctx).randrange(len(skills))]):
            rows.append(Resource(company=ctx.data["company"], kind=Resource.Kind.GENERIC, skill=skill, site=site,
                                 name=f"{skill.name} ({code})", max_units=Decimal(2), standard_rate=_rate(site)))
    pools: dict[str, list[Resource]] = {}
    for resource in Resource.objects.bulk_create(rows):
        pools.setdefault(ctx_site_code(ctx, resource.site_id), []).append(resource)
    return pools


def ctx_site_code(ctx: DemoContext, site_id: int | None) -> str:
    return next(code for code, site in ctx.data["sites"].items() if site.pk == site_id)


def _rate(site: Site) -> Decimal:
    eur = Decimal(RATES_EUR.get(site.currency, 80))
    return (eur / eur_per_unit(site.currency)).quantize(Decimal("1"))


def eur_per_unit(currency: str) -> Decimal:
    """The rate around which the finance demo's monthly exchange rates wander (they are loaded after the
    projects): budgets sized in euros here land on the same side of the 5 M€ rule there."""
    from projectoffice.finance.demo import REFERENCE_RATES  # finance imports the projects app

    return Decimal(REFERENCE_RATES.get(currency, "1"))


def _leaders(ctx: DemoContext) -> dict[str, Any]:
    """Project leaders by site (PSO staff) and PMO project managers by line, demo logins first."""
    by_site: dict[str, list[Person]] = {}
    by_line: dict[str, list[Person]] = {}
    roles = RoleAssignment.objects.filter(role__in=[Role.PROJECT_LEADER, Role.PMO_PROJECT_MANAGER]).select_related(
        "person__user", "office__business_line").order_by("pk")
    pso_sites = {o.pk: [s.code for s in o.sites.all()] for o in ProjectOffice.objects.filter(kind="pso")
                 .prefetch_related("sites")}
    for a in roles:
        if a.role == Role.PROJECT_LEADER and a.office_id in pso_sites:
            for code in pso_sites[a.office_id]:
                _first_if_login(by_site.setdefault(code, []), a.person, "project-leader")
        elif a.role == Role.PMO_PROJECT_MANAGER and a.office is not None:
            line = a.office.business_line.code if a.office.business_line else ""
            _first_if_login(by_line.setdefault(line, []), a.person, "pmo-project-manager")
    members = {p.user.username: p for p in Person.objects.filter(user__username__in=["team-member"])
               .select_related("user")}
    return {"site": by_site, "line": by_line, "team-member": members.get("team-member")}


def _first_if_login(people: list[Person], person: Person, login: str) -> None:
    if person.user.username == login:
        people.insert(0, person)
    else:
        people.append(person)


def _project(ctx: DemoContext, index: int, line: str, site_code: str, size: int,
             lifecycles: dict[str, LifecycleTemplate], pools: dict[str, list[Resource]],
             leaders: dict[str, Any]) -> Project:
    rng = rng_of(ctx)
    site: Site = ctx.data["sites"][site_code]
    unit: OrgUnit = ctx.data["units"][line]
    nature = list(SUBJECTS)[index % len(SUBJECTS)]
    large = index % 5 == 0 or size >= 1000 or index in (9, 24, 37)  # 9, 24, 37: RAN programmes
    budget_eur = Decimal(rng.randint(6, 30) * 1_000_000 if large else rng.randint(2, 45) * 100_000)
    manager = _manager(leaders, line, site_code, large, index)
    start = _start(ctx, index, site)
    project = services.project_create(
        by=None, company=ctx.data["company"], code=f"{line}-{site_code}-{index + 1:03d}",
        name=f"{rng.choice(SUBJECTS[nature])} {2026 + index % 3}"[:200], business_unit=_bu(unit),
        business_line=unit, lead_site=site, planned_start=start, nature=nature, customer=rng.choice(CUSTOMERS),
        budget_at_completion=(budget_eur / eur_per_unit(site.currency)).quantize(Decimal("1")),
        project_manager=manager, lifecycle=lifecycles.get(line) or next(iter(lifecycles.values())),
    )
    team = _team(ctx, project, site_code, leaders, pools)
    generate_plan(project, size=size, rng=rng, resources=team, phases=[p["name"] for p in LIFECYCLE])
    _schedule_and_progress(ctx, project, index)
    return project


def _bu(unit: OrgUnit) -> OrgUnit:
    while unit.kind != OrgUnit.Kind.BUSINESS_UNIT and unit.parent is not None:
        unit = unit.parent
    return unit


def _manager(leaders: dict[str, Any], line: str, site: str, large: bool, index: int) -> Person | None:
    """Large projects: a PMO project manager of the line; others: a project leader of the site. Two exceptions
    (indexes 3 and 10) break the 5 M€ rule so the warning shows."""
    pmo, local = leaders["line"].get(line, []), leaders["site"].get(site, [])
    wants_pmo = large != (index in (3, 10))
    pool = (pmo or local) if wants_pmo else (local or pmo)
    return pool[index % len(pool)] if pool and index % 3 else (pool[0] if pool else None)


def _start(ctx: DemoContext, index: int, site: Site) -> dt.datetime:
    offset = -420 + (index * 37) % 480  # most started in the last year, a few start in the coming weeks
    day = ctx.today + dt.timedelta(days=offset)
    day -= dt.timedelta(days=day.weekday())  # a Monday
    return dt.datetime.combine(day, dt.time(9), tzinfo=zoneinfo.ZoneInfo(site.time_zone))


def _team(ctx: DemoContext, project: Project, site_code: str, leaders: dict[str, Any],
          pools: dict[str, list[Resource]]) -> list[Resource]:
    """3-7 people of the site's pool as members (the team member login on Site W projects), one generic."""
    pool = pools.get(site_code, [])
    people = [r for r in pool if r.kind == Resource.Kind.PERSON]
    chosen = rng_of(ctx).sample(people, k=min(len(people), rng_of(ctx).randint(3, 7)))
    member = leaders.get("team-member")
    if site_code == "W" and member is not None and project.business_line.code in ("RAN", "OPT"):
        chosen += [r for r in people if r.person_id == member.pk and r not in chosen]
    seats = [(cast(int, r.person_id), ProjectRole.MEMBER) for r in chosen]
    seats += [(seats[0][0], ProjectRole.ADMINISTRATOR)] if seats else []
    ProjectMember.objects.bulk_create([ProjectMember(project=project, person_id=person, role=role)
                                       for person, role in seats], ignore_conflicts=True)
    generic = [r for r in pool if r.kind == Resource.Kind.GENERIC][:1]
    return chosen + generic


def _schedule_and_progress(ctx: DemoContext, project: Project, index: int) -> None:
    """Schedule; baseline that plan; record progress to the status date; set the status. The projects of
    Site W and Munich (where the demo logins look) also slip: their tasks in progress take 30 % longer and
    the plan is recomputed, so the baseline comparison shows variances (the others keep the loader fast)."""
    services.project_recompute(project=project, background=False)
    services.baseline_save(project=project, by=None, number=0)
    status_date = dt.datetime.combine(ctx.today, dt.time(17), tzinfo=project.planned_start.tzinfo)
    if project.planned_start < status_date:
        record_progress(project, status_date)
        if project.lead_site.code in ("W", "MUC") and index != 7:
            Task.objects.filter(project=project, actual_start__isnull=False, actual_finish__isnull=True).update(
                duration_minutes=F("duration_minutes") * 13 / 10)
            services.project_recompute(project=project, background=False)
    project.refresh_from_db()
    _status(ctx, project, index, status_date)


def _status(ctx: DemoContext, project: Project, index: int, status_date: dt.datetime) -> None:
    if project.planned_start > status_date:
        status = Project.Status.APPROVED if index % 2 else Project.Status.PROPOSED
    elif project.scheduled_finish and project.scheduled_finish < status_date:
        status = Project.Status.CLOSED
    else:
        status = Project.Status.ON_HOLD if index % 13 == 5 else Project.Status.ACTIVE
    health, reason = Project.Health.GREEN, ""
    if index % 6 == 1:
        health, reason = Project.Health.AMBER, rng_of(ctx).choice(["Supplier delivery two weeks late",
                                                               "Key architect leaving in the design phase",
                                                               "Test bench availability"])
    elif index % 11 == 4:
        health, reason = Project.Health.RED, "Critical path slipped past the customer milestone"
    Project.objects.filter(pk=project.pk).update(status=status, health=health, health_reason=reason)
    project.status, project.health, project.health_reason = status, health, reason
