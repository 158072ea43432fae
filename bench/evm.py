"""The monthly company-wide earned value roll-up at scale: its wall time and its number of queries.

    .venv/bin/python bench/evm.py --scale small|medium|large [--months 36]
    DATABASE_URL=postgres://... .venv/bin/python bench/evm.py --scale large

Generates (in bulk) a company of ``people`` people at 6 sites in 5 currencies, ``projects`` projects under two
business units, ``months`` months of baseline and working budgets per cost category, labour actuals (each person on
two projects a month, 85 % of them led from their own site), approved expenses/invoices (one in five in USD), month-end earned value snapshots and exchange rates; then times
``evm_rollup`` (company → BU → BL → project, and per site) and the monthly report for a closed month, as the whole
company (the system) and as the executive of one business unit (half the projects: the query count must be the
same). The closed month's figures are recorded first (``project_month_figures_refresh``, what a month's close
does; timed), so the roll-up reads one row per project; the month before is timed live (nothing stored), then
recorded, and its stored roll-up and report are compared with the live ones. Prints figures; asserts nothing
about time. Default database: SQLite in memory (DATABASE_URL to change).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "projectoffice.settings.test")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from projectoffice.finance.models import (  # noqa: E402
    BudgetLine,
    CostLine,
    EarnedValueSnapshot,
    ExchangeRate,
    LabourActual,
    ProjectMonthFigures,
)
from projectoffice.finance.selectors.evm import evm_rollup  # noqa: E402
from projectoffice.finance.selectors.report import monthly_report  # noqa: E402
from projectoffice.finance.services.month_figures import project_month_figures_refresh  # noqa: E402
from projectoffice.organization.models import Company, Group, OrgUnit, Site  # noqa: E402
from projectoffice.people.models import Person, Role, RoleAssignment  # noqa: E402
from projectoffice.projects.models import Project  # noqa: E402

SCALES = {  # people, projects — "large" is Project Server's large reference (10,000 people)
    "small": (500, 100),
    "medium": (2_000, 1_000),
    "large": (10_000, 5_000),
}
SITES = [
    ("W", "FR", "EUR", "Europe/Paris"),
    ("MUC", "DE", "EUR", "Europe/Berlin"),
    ("BLR", "IN", "INR", "Asia/Kolkata"),
    ("AUS", "US", "USD", "America/Chicago"),
    ("SAO", "BR", "BRL", "America/Sao_Paulo"),
    ("SIN", "SG", "SGD", "Asia/Singapore"),
]
RATES = {"INR": Decimal("0.011"), "USD": Decimal("0.92"), "BRL": Decimal("0.17"), "SGD": Decimal("0.69")}
CATEGORIES = ("labour", "travel", "equipment", "subcontracting")
BATCH = 5_000


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def bulk(model: Any, rows: list[Any]) -> int:
    model.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def organisation(people: int) -> dict[str, Any]:
    company = Company.objects.create(code="BENCH", name="Bench", reporting_currency="EUR")
    bus = [
        OrgUnit.objects.create(company=company, kind="bu", code=f"BU{i}", name=f"Unit {i}") for i in (1, 2)
    ]
    lines = [
        OrgUnit.objects.create(company=company, kind="bl", code=f"BL{i}", name=f"Line {i}", parent=bus[i % 2])
        for i in range(6)
    ]
    sites = [
        Site.objects.create(
            company=company,
            code=c,
            name=c,
            country=k,
            currency=cur,
            time_zone=tz,
            working_days=[1, 2, 3, 4, 5],
            working_hours=[["09:00", "17:00"]],
        )
        for c, k, cur, tz in SITES
    ]
    groups = {
        s.pk: Group.objects.create(business_line=lines[i % 6], site=s, name=f"G{i}")
        for i, s in enumerate(sites)
    }
    users = get_user_model().objects.bulk_create(
        [get_user_model()(username=f"b{i:05d}") for i in range(people)], batch_size=BATCH
    )
    persons = Person.objects.bulk_create(
        [
            Person(
                user=u,
                company=company,
                home_site=sites[i % len(sites)],
                group=groups[sites[i % len(sites)].pk],
            )
            for i, u in enumerate(users)
        ],
        batch_size=BATCH,
    )
    RoleAssignment.objects.create(person=persons[0], role=Role.EXECUTIVE, business_unit=bus[0])
    return {
        "company": company,
        "bus": bus,
        "lines": lines,
        "sites": sites,
        "persons": persons,
        "bu_executive": users[0],
    }


def portfolio(world: dict[str, Any], count: int, months: list[dt.date], rng: random.Random) -> list[Project]:
    now = timezone.now()
    projects = []
    for i in range(count):
        line = world["lines"][i % len(world["lines"])]
        site = world["sites"][i % len(world["sites"])]
        projects.append(
            Project(
                company=world["company"],
                code=f"P{i:05d}",
                name=f"Project {i}",
                business_unit=line.parent,
                business_line=line,
                lead_site=site,
                currency=site.currency,
                status="active",
                planned_start=now,
            )
        )
    return Project.objects.bulk_create(projects, batch_size=BATCH)


def money(
    world: dict[str, Any], projects: list[Project], months: list[dt.date], rng: random.Random
) -> dict[str, int]:
    counts = {
        "exchange rates": bulk(
            ExchangeRate,
            [
                ExchangeRate(company=world["company"], currency=c, month=m, rate=r)
                for c, r in RATES.items()
                for m in months
            ],
        )
    }
    budget = []
    for p in projects:
        monthly = Decimal(rng.randrange(5, 200) * 1000)
        for m in months:
            for c in CATEGORIES:
                budget.append(BudgetLine(project=p, kind="baseline", category=c, month=m, amount=monthly / 4))
                budget.append(BudgetLine(project=p, kind="current", category=c, month=m, amount=monthly / 4))
    counts["budget cells"] = bulk(BudgetLine, budget)
    del budget
    labour = []
    by_site: dict[int, list[Project]] = {}
    for p in projects:
        by_site.setdefault(p.lead_site_id, []).append(p)
    for person in world["persons"]:
        site = person.home_site
        for m in months[:-6]:  # actuals up to six months before the end of the range
            # 85 % of the time on a project led from the person's own site, else anywhere (another currency)
            pool = by_site[site.pk] if rng.random() < 0.85 else projects
            for p in rng.sample(pool, 2):
                labour.append(
                    LabourActual(
                        project=p,
                        person=person,
                        site=site,
                        month=m,
                        hours=Decimal(80),
                        amount=Decimal(80 * 70),
                        currency=site.currency,
                    )
                )
        if len(labour) >= 200_000:
            bulk(LabourActual, labour)
            counts["labour actuals"] = counts.get("labour actuals", 0) + len(labour)
            labour = []
    counts["labour actuals"] = counts.get("labour actuals", 0) + bulk(LabourActual, labour)
    costs = [
        CostLine(
            project=p,
            kind="invoice",
            category="subcontracting",
            incurred_on=m.replace(day=10),
            month=m,
            amount=Decimal(rng.randrange(1, 50) * 100),
            currency=p.currency if i % 5 else "USD",
            description="Bench",
            supplier="Supplier",
            status="approved",
        )
        for i, p in enumerate(projects)
        for m in months[:-6]
    ]
    counts["cost lines"] = bulk(CostLine, costs)
    snapshots = [
        EarnedValueSnapshot(project=p, month=m, ev=Decimal(rng.randrange(1, 100) * 1000))
        for p in projects
        for m in months[:-6]
    ]
    counts["EV snapshots"] = bulk(EarnedValueSnapshot, snapshots)
    return counts


def _stat(pid: int | str) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def server_cpu() -> float | None:
    """CPU seconds used so far by the local PostgreSQL server: its postmaster, every live child (backends and
    parallel workers) and the children it already reaped, read from /proc — so that the cost of a query can be
    told from the time it waited for a busy machine. None for another database or a remote server."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    try:
        postmaster = int(_stat(backend)[1])
        ticks = sum(int(v) for v in _stat(postmaster)[11:15])  # utime, stime, cutime, cstime
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = _stat(entry.name)
                except OSError:
                    continue
                if int(fields[1]) == postmaster:
                    ticks += int(fields[11]) + int(fields[12])
    except OSError:
        return None
    return ticks / os.sysconf("SC_CLK_TCK")


def backend_cpu() -> float | None:
    """CPU seconds used so far by this connection's own PostgreSQL backend (not its parallel workers): unlike
    ``server_cpu`` it does not count the other sessions of a shared server."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    try:
        fields = _stat(backend)
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(label: str, function: Any, repeat: int = 3) -> tuple[float, int]:
    """Best wall time of ``repeat`` runs, with the CPU time of this process, of our database backend and of
    the whole database server (every session, parallel workers included) for that run: on a shared, loaded
    machine the CPU is the cost, the wall time includes waiting; the server figure also counts the other
    sessions' work, the backend figure misses our parallel workers."""
    best, queries = float("inf"), 0
    cpu: tuple[float, float | None, float | None] = (0.0, None, None)
    for _ in range(repeat):
        server, backend = server_cpu(), backend_cpu()  # outside the capture: not the roll-up's queries
        with CaptureQueriesContext(connection) as captured:
            began, own = time.perf_counter(), time.process_time()
            function()
            wall, python = time.perf_counter() - began, time.process_time() - own
        used = (python, None if backend is None else (backend_cpu() or 0) - backend,
                None if server is None else (server_cpu() or 0) - server)
        if wall < best:
            best, cpu = wall, used
        queries = len(captured)
    db_text = "" if cpu[1] is None else f" + backend {cpu[1] * 1000:6.0f} ms (server {(cpu[2] or 0) * 1000:6.0f})"
    print(f"  {label:<44} wall {best * 1000:7.0f} ms  cpu: python {cpu[0] * 1000:6.0f} ms{db_text}  "
          f"{queries:2d} queries", flush=True)
    return best, queries


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="measure the data a previous run left in the database")
    parser.add_argument("--no-jit", action="store_true",
                        help="PostgreSQL: SET jit = off for this session (JIT compiling costs ~0.5 s a query here)")
    args = parser.parse_args()
    people, count = SCALES[args.scale]
    call_command("migrate", verbosity=0)
    rng = random.Random(2026)
    first = dt.date(timezone.localdate().year - 2, 1, 1)
    months = [add_months(first, n) for n in range(args.months)]
    began = time.perf_counter()
    if args.reuse and Company.objects.filter(code="BENCH").exists():
        count = Project.objects.count()
        people = Person.objects.count()
        world = {"bu_executive": RoleAssignment.objects.get(role=Role.EXECUTIVE).person.user}
        counts = {"(reused) labour actuals": LabourActual.objects.count()}
    else:
        world = organisation(people)
        projects = portfolio(world, count, months, rng)
        counts = money(world, projects, months, rng)
    print(
        f"EVM roll-up bench — scale {args.scale}: {people:,} people, {count:,} projects, {args.months} months, "
        f"database {connection.vendor}, load average {load_average()} on {os.cpu_count()} CPUs"
    )
    print(
        "  generated "
        + ", ".join(f"{n:,} {what}" for what, n in counts.items())
        + f" in {time.perf_counter() - began:.1f} s"
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            if args.no_jit:
                cursor.execute("SET jit = off")
            cursor.execute("SHOW jit")
            print(f"  PostgreSQL jit = {cursor.fetchone()[0]}")
    month = months[-7]  # the last month with actuals: a closed month's reporting
    earlier = months[-8]
    company = Company.objects.get(code="BENCH")
    ProjectMonthFigures.objects.filter(month__in=[earlier, month]).delete()
    measure(f"live company roll-up {earlier:%Y-%m} (nothing stored)", lambda: evm_rollup(user=None, month=earlier),
            args.repeat)
    live = evm_rollup(user=None, month=earlier), monthly_report(user=None, month=earlier)
    measure(f"record {earlier:%Y-%m}'s figures (month close)",
            lambda: project_month_figures_refresh(company=company, month=earlier), 1)
    stored = evm_rollup(user=None, month=earlier), monthly_report(user=None, month=earlier)
    print(f"  stored {earlier:%Y-%m} roll-up and report identical to the live ones: {stored == live}")
    measure(f"record {month:%Y-%m}'s figures (month close)",
            lambda: project_month_figures_refresh(company=company, month=month), 1)
    measure(
        f"company roll-up {month:%Y-%m} (all {count:,} projects)",
        lambda: evm_rollup(user=None, month=month),
        args.repeat,
    )
    executive = world["bu_executive"]
    measure(
        "BU executive roll-up (half the projects)",
        lambda: evm_rollup(user=executive, month=month),
        args.repeat,
    )
    measure(
        f"monthly report {month:%Y-%m} (all projects)",
        lambda: monthly_report(user=None, month=month),
        args.repeat,
    )
    rollup = evm_rollup(user=None, month=month)
    f = rollup.company.figures
    print(f"  load average {load_average()}")
    print(
        f"  company {rollup.currency}: BAC {f.bac:,.0f}  PV {f.pv:,.0f}  EV {f.ev:,.0f}  AC {f.ac:,.0f}  "
        f"SPI {f.spi or 0:.3f}  CPI {f.cpi or 0:.3f}"
    )


if __name__ == "__main__":
    main()
