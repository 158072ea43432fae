"""``projectoffice demo --scale large``: an organisation at ten times Project Server's "large" reference —
50,000 projects, about 12.5 M tasks (250 a project), 100,000 people — written in bulk with a progress bar.

Rows go through ``bulk_create`` in chunks (the demo's one shortcut around the services, with data that satisfies
every rule); on PostgreSQL the tasks, the bulk of the volume, are written with COPY (psycopg), several times
faster. ``fraction`` scales every count (0.01: 500 projects, 125,000 tasks, 1,000 people) so a run fits a
machine's time; the full size needs PostgreSQL and hours (see docs/cockpit.md for the measured rates).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from projectoffice.cockpit.selectors.figures import last_closed_month
from projectoffice.cockpit.services import cockpit_summary_refresh
from projectoffice.finance.models import BudgetLine, CostLine, EarnedValueSnapshot, ExchangeRate
from projectoffice.finance.services import project_month_figures_refresh
from projectoffice.organization.models import Company, Group, OrgUnit, Site
from projectoffice.people.models import Person
from projectoffice.projects.models import Nature, Project, Task

CHUNK = 5_000
COPY_PROJECTS = 400  # 100,000 tasks a COPY
FIGURES_CHUNK = 2_500  # projects a call of the finance writer
BUS, LINES_PER_BU = 5, 4
SITES = [("S01", "FR", "EUR", "Europe/Paris"), ("S02", "DE", "EUR", "Europe/Berlin"),
         ("S03", "IN", "INR", "Asia/Kolkata"), ("S04", "US", "USD", "America/Chicago"),
         ("S05", "BR", "BRL", "America/Sao_Paulo"), ("S06", "SG", "SGD", "Asia/Singapore"),
         ("S07", "CA", "CAD", "America/Toronto"), ("S08", "GB", "GBP", "Europe/London")]
HOURS = [["09:00", "12:30"], ["13:30", "17:30"]]
RATES = {"INR": "0.011", "USD": "0.92", "BRL": "0.17", "SGD": "0.69", "CAD": "0.68", "GBP": "1.17"}


@dataclass(frozen=True, slots=True)
class Size:
    projects: int = 50_000
    tasks_per_project: int = 250
    people: int = 100_000
    budget_months: int = 12

    def scaled(self, fraction: float) -> Size:
        return Size(max(1, round(self.projects * fraction)), self.tasks_per_project,
                    max(1, round(self.people * fraction)), self.budget_months)


LARGE = Size()


class Progress:
    """A one-line progress bar on a stream (stderr): ``[#####.....]  50 % tasks 6,250,000 / 12,500,000``."""

    def __init__(self, label: str, total: int, stream: Any = None) -> None:
        self.label, self.total, self.done = label, total, 0
        self.stream = stream or sys.stderr
        self.started = time.perf_counter()

    def advance(self, count: int) -> None:
        self.done += count
        share = self.done / self.total if self.total else 1
        rate = self.done / max(1e-9, time.perf_counter() - self.started)
        bar = "#" * int(30 * share)
        self.stream.write(f"\r[{bar:<30}] {100 * share:5.1f} % {self.label} {self.done:,} / {self.total:,} "
                          f"({rate:,.0f}/s)")
        if self.done >= self.total:
            self.stream.write("\n")
        self.stream.flush()


def generate_large(*, say: Callable[[str], None] = print, fraction: float = 1.0, size: Size = LARGE,
                   stream: Any = None) -> dict[str, float]:
    """Write the scaled organisation; returns rows per second of each kind (for the report)."""
    size = size.scaled(fraction)
    say(f"  scale: {size.projects:,} projects, {size.projects * size.tasks_per_project:,} tasks, "
        f"{size.people:,} people")
    rates: dict[str, float] = {}
    company, units, sites, groups = _organisation()
    rates["people"] = _timed(lambda: _people(company, sites, groups, size.people, stream), size.people)
    people = list(Person.objects.filter(company=company).values_list("pk", flat=True)[: max(1, size.projects // 5)])
    rates["projects"] = _timed(lambda: _projects(company, units, sites, people, size, stream), size.projects)
    ids = list(Project.objects.filter(company=company).values_list("pk", flat=True))
    rates["tasks"] = _timed(lambda: _tasks(ids, size.tasks_per_project, stream), len(ids) * size.tasks_per_project)
    rates["budget_lines"] = _timed(lambda: _budgets(ids, size.budget_months, stream), len(ids) * size.budget_months)
    rates["month_figures"] = _timed(lambda: month_figures(company, ids, stream), len(ids))
    for kind, rate in rates.items():
        say(f"  scale: {kind} written at {rate:,.0f} rows/s")
    return rates


def _timed(work: Callable[[], None], rows: int) -> float:
    started = time.perf_counter()
    work()
    return rows / max(1e-9, time.perf_counter() - started)


def _chunks(rows: Iterator[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


@transaction.atomic
def _organisation() -> tuple[Company, list[OrgUnit], list[Site], list[Group]]:
    company = Company.objects.create(code="SCALE", name="Scale Corporation", reporting_currency="EUR")
    units = []
    for b in range(BUS):
        bu = OrgUnit.objects.create(company=company, kind="bu", code=f"BU{b}", name=f"Business unit {b}")
        units += [OrgUnit.objects.create(company=company, kind="bl", code=f"BU{b}L{line}", name=f"Line {b}.{line}",
                                         parent=bu) for line in range(LINES_PER_BU)]
    sites = [Site.objects.create(company=company, code=code, name=f"Site {code}", country=country, currency=cur,
                                 time_zone=tz, working_days=[1, 2, 3, 4, 5], working_hours=HOURS)
             for code, country, cur, tz in SITES]
    groups = Group.objects.bulk_create([Group(business_line=u, site=s, name=f"{u.code}@{s.code}")
                                        for u in units for s in sites])
    this = timezone.localdate()
    ExchangeRate.objects.bulk_create([
        ExchangeRate(company=company, currency=cur, month=dt.date((this.year * 12 + this.month - 13 + m) // 12,
                                                                  (this.month - 13 + m) % 12 + 1, 1),
                     rate=Decimal(RATES[cur]))
        for cur in RATES for m in range(25)])
    return company, units, sites, groups


def _people(company: Company, sites: Sequence[Site], groups: Sequence[Group], count: int, stream: Any) -> None:
    user_model = get_user_model()
    password = make_password("demo")
    bar = Progress("people", count, stream)
    for chunk in _chunks(iter(range(count))):
        with transaction.atomic():
            users = user_model.objects.bulk_create([
                user_model(username=f"scale{n:06d}", first_name="Person", last_name=f"{n:06d}", password=password,
                           email=f"scale{n:06d}@example.com") for n in chunk])
            Person.objects.bulk_create([
                Person(user=u, company=company, group=groups[n % len(groups)],
                       home_site=groups[n % len(groups)].site, job_title="Engineer")
                for n, u in zip(chunk, users, strict=True)])
        bar.advance(len(chunk))


def _projects(company: Company, units: Sequence[OrgUnit], sites: Sequence[Site], managers: Sequence[int],
              size: Size, stream: Any) -> None:
    start = timezone.now() - dt.timedelta(days=120)
    natures, healths = list(Nature.values), ["green"] * 6 + ["amber"] * 3 + ["red"]
    bar = Progress("projects", size.projects, stream)
    for chunk in _chunks(iter(range(size.projects))):
        with transaction.atomic():
            Project.objects.bulk_create([
                Project(company=company, code=f"S{n:06d}", name=f"Scale project {n}", nature=natures[n % len(natures)],
                        business_unit=units[n % len(units)].parent, business_line=units[n % len(units)],
                        lead_site=sites[n % len(sites)], project_manager_id=managers[n % len(managers)],
                        status="active", health=healths[n % len(healths)], currency=sites[n % len(sites)].currency,
                        planned_start=start + dt.timedelta(days=n % 90)) for n in chunk])
        bar.advance(len(chunk))


def _task_rows(project_ids: Sequence[int], per_project: int) -> Iterator[Task]:
    now = timezone.now()
    for pid in project_ids:
        yield from _project_tasks(pid, per_project, now)


def _project_tasks(pid: int, per_project: int, now: dt.datetime) -> list[Task]:
    """The same plan for every project (dates relative to now): 250 tasks, a milestone every 25."""
    tasks = []
    for uid in range(1, per_project + 1):
        begin = now + dt.timedelta(days=(uid * 3) % 360 - 120)
        milestone = uid % 25 == 0
        tasks.append(Task(project_id=pid, uid=uid, sort_index=uid, outline_level=1, name=f"Task {uid}",
                          is_milestone=milestone, duration_minutes=0 if milestone else 4800, start=begin,
                          finish=begin if milestone else begin + dt.timedelta(days=14),
                          percent_complete=Decimal(100 if begin < now - dt.timedelta(days=14) else 0)))
    return tasks


def _tasks(project_ids: Sequence[int], per_project: int, stream: Any) -> None:
    bar = Progress("tasks", len(project_ids) * per_project, stream)
    if connection.vendor != "postgresql":
        for chunk in _chunks(_task_rows(project_ids, per_project), CHUNK * 4):
            _bulk_tasks(chunk)
            bar.advance(len(chunk))
        return
    fields, lines = _task_copy_template(per_project)
    with transaction.atomic(), _without_secondary_indexes(Task._meta.db_table, stream):
        for chunk in _chunks(iter(project_ids), COPY_PROJECTS):
            _copy_tasks(fields, "".join(f"{pid}\t{line}" for pid in chunk for line in lines))
            bar.advance(len(chunk) * per_project)


SECONDARY = """
SELECT 'DROP INDEX ' || quote_ident(i.relname), pg_get_indexdef(i.oid)
FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
WHERE x.indrelid = %(table)s::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
UNION ALL
SELECT 'ALTER TABLE ' || %(table)s || ' DROP CONSTRAINT ' || quote_ident(conname),
       'ALTER TABLE ' || %(table)s || ' ADD CONSTRAINT ' || quote_ident(conname) || ' ' || pg_get_constraintdef(oid)
FROM pg_constraint WHERE conrelid = %(table)s::regclass AND contype = 'f'
"""


@contextlib.contextmanager
def _without_secondary_indexes(table: str, stream: Any) -> Iterator[None]:
    """PostgreSQL's bulk-load recipe ("Populating a Database"): drop the table's indexes that back no
    constraint and its foreign keys, load, then build the indexes in one sort each and re-add the foreign keys
    (checked in one join) — instead of updating seven indexes and checking a foreign key row by row. The
    primary key and unique constraints stay. Inside the caller's transaction: on an error nothing is lost. (The
    foreign keys of rows already written in the transaction — the demo's — are checked first: PostgreSQL alters
    no table with checks pending.)"""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # checks the rows written earlier in this transaction
        cursor.execute(SECONDARY, {"table": table})
        statements = cursor.fetchall()
        for drop, _ in statements:
            cursor.execute(drop)
    yield
    bar = Progress("task indexes and foreign keys rebuilt", len(statements), stream)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")  # sorts in memory, this transaction only
        for _, create in statements:
            cursor.execute(create)
            bar.advance(1)
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's foreign keys are all initially deferred


def _bulk_tasks(tasks: list[Task]) -> None:
    with transaction.atomic():
        Task.objects.bulk_create(tasks, batch_size=CHUNK)


def _task_copy_template(per_project: int) -> tuple[list[Any], list[str]]:
    """The COPY columns (project first) and one text line per task without its project id: every project has the
    same plan, so a chunk is the lines prefixed by each project id — no model instance per row (the model's
    defaults are filled in by Django on the template instances)."""
    fields = [f for f in Task._meta.concrete_fields if not f.primary_key and f.attname != "project_id"]
    lines = ["\t".join(_copy_text(getattr(t, f.attname)) for f in fields) + "\n"
             for t in _project_tasks(0, per_project, timezone.now())]
    return [Task._meta.get_field("project"), *fields], lines


def _copy_tasks(fields: list[Any], text: str) -> None:
    """PostgreSQL COPY FROM STDIN of every column."""
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    with connection.cursor() as cursor, cursor.copy(f"COPY {Task._meta.db_table} ({columns}) FROM STDIN") as copy:
        copy.write(text)


def _copy_text(value: Any) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list | dict):
        import json

        return json.dumps(value).replace("\\", "\\\\")
    return str(value).replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


def month_figures(company: Company, project_ids: Sequence[int], stream: Any = None) -> None:
    """Progress to the end of the last closed month — an approved expense a month so far and an earned value
    snapshot, both a share of the planned value set by health (the SPI/CPI charts have a spread) — then that
    month's stored figures through the finance writer, a chunk of projects at a time: what the cockpit reads."""
    month = last_closed_month()
    past = [day for day in _budget_days(LARGE.budget_months) if day <= month]
    healths = dict(Project.objects.filter(pk__in=project_ids).values_list("pk", "health"))
    currencies = dict(Project.objects.filter(pk__in=project_ids).values_list("pk", "currency"))
    for chunk in _chunks(iter(project_ids), CHUNK // len(past)):
        with transaction.atomic():
            CostLine.objects.bulk_create([
                CostLine(project_id=pid, category="labour", incurred_on=day, month=day, currency=currencies[pid],
                         amount=_spread(_monthly(pid), *SPEND[healths[pid]], pid), description="Scale spend",
                         status=CostLine.Status.APPROVED) for pid in chunk for day in past])
            EarnedValueSnapshot.objects.bulk_create([
                EarnedValueSnapshot(project_id=pid, month=month,
                                    ev=_spread(_monthly(pid) * len(past), *EARNED[healths[pid]], pid + 1))
                for pid in chunk])
    bar = Progress("month figures", len(project_ids), stream)
    for chunk in _chunks(iter(project_ids), FIGURES_CHUNK):
        project_month_figures_refresh(company=company, month=month, projects=Project.objects.filter(pk__in=chunk))
        bar.advance(len(chunk))
    cockpit_summary_refresh(company=company, month=month)  # what the company and BU views read


EARNED = {"green": (Decimal("1.00"), Decimal("1.10")), "amber": (Decimal("0.88"), Decimal("1.00")),
          "red": (Decimal("0.70"), Decimal("0.90"))}  # EV ÷ PV
SPEND = {"green": (Decimal("0.90"), Decimal("1.02")), "amber": (Decimal("0.98"), Decimal("1.10")),
         "red": (Decimal("1.05"), Decimal("1.25"))}  # AC ÷ PV


def _monthly(pid: int) -> Decimal:
    """A project's baseline budget of a month (its currency)."""
    return Decimal(10_000 + pid % 7 * 1_000)


def _spread(amount: Decimal, low: Decimal, high: Decimal, seed: int) -> Decimal:
    return (amount * (low + (high - low) * Decimal(seed * 7919 % 100) / 100)).quantize(Decimal("0.01"))


def _budget_days(months: int) -> list[dt.date]:
    """The budget's months: from four months before this one."""
    first = timezone.localdate().replace(day=1)
    return [dt.date((first.year * 12 + first.month - 5 + m) // 12, (first.month - 5 + m) % 12 + 1, 1)
            for m in range(months)]


def _budgets(project_ids: Sequence[int], months: int, stream: Any) -> None:
    days = _budget_days(months)
    bar = Progress("budget lines", len(project_ids) * months, stream)
    rows = (BudgetLine(project_id=pid, kind=BudgetLine.Kind.BASELINE, category="labour", month=day,
                       amount=_monthly(pid)) for pid in project_ids for day in days)
    for chunk in _chunks(rows):
        with transaction.atomic():
            BudgetLine.objects.bulk_create(chunk)
        bar.advance(len(chunk))
