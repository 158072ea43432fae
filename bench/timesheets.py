"""Benchmark of time writing at MS Project Server's "large" reference scale, in PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/timesheets.py \
        --people 10000 --weeks 156                      # ~1.56 M weeks, ~10 M lines (generation takes a while)
    .venv/bin/python bench/timesheets.py --people 1000  # a tenth of it
    .venv/bin/python bench/timesheets.py --reuse        # measure again on the data already generated

Creates (or recreates) the database ``--db`` on the server of DATABASE_URL, migrates it, generates an
organisation (7 sites, groups, PSOs), people (a line manager per 10), projects (one per 20 people, 30 tasks each,
every person a member of 3) and ``--weeks`` weeks of time per person (≈ 6.4 lines a week: two tasks on each of
the person's projects and some non-project time; older weeks approved, the last two submitted). Rows go in by COPY.

Then measures, on random samples: a person's week (the grid the page shows, the page itself, the API detail)
and an approval inbox (the selector and the page), printing median / p95 / max in ms and the query counts of
each (they must be one value per measurement: the count does not grow with the data). Targets from issue 6:
a person's week ≤ 150 ms, an approval inbox ≤ 300 ms. Nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TARGETS_MS = {"week": 150, "inbox": 300}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--weeks", type=int, default=156, help="weeks of time per person (156 = 3 years)")
    parser.add_argument("--db", default="po_bench_timesheets", help="database to (re)create on the server")
    parser.add_argument("--reuse", action="store_true", help="measure the data already in --db")
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--seed", type=int, default=6)
    return parser.parse_args()


# --- database --------------------------------------------------------------------------------------------------
def database_url(name: str) -> str:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    if not base.startswith(("postgres://", "postgresql://")):
        sys.exit("bench/timesheets.py needs a PostgreSQL DATABASE_URL (postgres://user@host:port/db).")
    return urlunparse(urlparse(base)._replace(path=f"/{name}"))


def recreate_database(url: str, name: str) -> None:
    import psycopg

    admin = urlunparse(urlparse(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "projectoffice.settings.base"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    import django

    django.setup()


# --- generation ------------------------------------------------------------------------------------------------
class Generator:
    """Builds the organisation, people and projects with the ORM in bulk, then streams weeks and lines by COPY."""

    def __init__(self, people: int, weeks: int, seed: int) -> None:
        self.n_people, self.weeks, self.rng = people, weeks, random.Random(seed)
        self.today = dt.date.today()

    def run(self) -> dict[str, float]:
        timings: dict[str, float] = {}
        for step in (self.organisation, self.people, self.projects, self.time):
            started = time.perf_counter()
            step()
            timings[step.__name__] = time.perf_counter() - started
            say(f"  {step.__name__:<13} {timings[step.__name__]:8.1f} s")
        return timings

    def organisation(self) -> None:
        from projectoffice.organization.demo import SITES
        from projectoffice.organization.models import Company, Group, OrgUnit, ProjectOffice, Site

        self.company = Company.objects.create(code="BENCH", name="Bench Corp")
        bu = OrgUnit.objects.create(company=self.company, kind="bu", code="BU", name="Unit")
        self.bu = bu
        self.lines = [OrgUnit.objects.create(company=self.company, kind="bl", code=f"BL{i}", name=f"Line {i}",
                                             parent=bu) for i in range(4)]
        self.sites = []
        for code, name, city, country, sub, tz, cur, lang, hours, max_day, max_week, rest in SITES:
            self.sites.append(Site.objects.create(
                company=self.company, code=code, name=name, city=city, country=country, subdivision=sub,
                time_zone=tz, currency=cur, language=lang, working_days=[1, 2, 3, 4, 5], working_hours=hours,
                max_hours_per_day=max_day, max_hours_per_week=max_week, min_rest_hours=rest))
        self.groups = [Group.objects.create(business_line=line, site=site, name=f"{line.code}@{site.code}")
                       for site in self.sites for line in self.lines]
        self.psos = {}
        for site in self.sites:
            pso = ProjectOffice.objects.create(company=self.company, kind="pso", code=f"PSO-{site.code}",
                                               name=f"PSO {site.code}")
            pso.sites.add(site)
            self.psos[site.pk] = pso

    def people(self) -> None:
        from django.contrib.auth import get_user_model

        from projectoffice.people.models import Person, Role, RoleAssignment

        users = get_user_model().objects.bulk_create([
            get_user_model()(username=f"p{i:05d}", email=f"p{i:05d}@bench.example", first_name="P", last_name=f"{i}",
                             password="!") for i in range(self.n_people)], batch_size=5000)
        people: list[Any] = []
        for index, user in enumerate(users):
            group = self.groups[(index // 10) % len(self.groups)]
            leader = people[index - index % 10] if index % 10 else None
            people.append(Person(user=user, company=self.company, home_site_id=group.site_id, group=group,
                                 line_manager=leader))
            if index % 10 == 0:  # leaders are saved first so their reports can point at them
                Person.objects.bulk_create(people[-1:])
        Person.objects.bulk_create([p for i, p in enumerate(people) if i % 10], batch_size=5000)
        self.person_rows = people
        managers = [RoleAssignment(person=people[i * 10], role=Role.PSO_MANAGER, office=pso)
                    for i, pso in enumerate(self.psos.values())]
        RoleAssignment.objects.bulk_create(managers)
        self.pso_manager = {site_id: managers[i].person_id for i, site_id in enumerate(self.psos)}

    def projects(self) -> None:
        from django.utils import timezone

        from projectoffice.projects.models import Project, ProjectMember, ProjectRole, Task

        leaders = self.person_rows[::10]
        count = max(1, self.n_people // 20)
        start = timezone.make_aware(dt.datetime.combine(self.today - dt.timedelta(weeks=self.weeks), dt.time(9)))
        projects = Project.objects.bulk_create([
            Project(company=self.company, code=f"PRJ{i:05d}", name=f"Project {i}", business_unit=self.bu,
                    business_line=self.lines[i % 4], lead_site=self.sites[i % len(self.sites)], currency="EUR",
                    status=Project.Status.ACTIVE, planned_start=start, project_manager=leaders[i % len(leaders)])
            for i in range(count)], batch_size=2000)
        tasks = Task.objects.bulk_create([Task(project=p, uid=u, sort_index=u, name=f"Task {u}", wbs=f"1.{u}")
                                          for p in projects for u in range(1, 31)], batch_size=5000)
        self.tasks_of: dict[int, list[int]] = {}
        for task in tasks:
            self.tasks_of.setdefault(task.project_id, []).append(task.pk)
        self.projects_of: dict[int, list[Any]] = {}
        members = [ProjectMember(project=p, person=p.project_manager, role=ProjectRole.MANAGER) for p in projects]
        for person in self.person_rows:
            chosen = self.rng.sample(projects, min(3, len(projects)))
            self.projects_of[person.pk] = chosen
            members += [ProjectMember(project=p, person=person, role=ProjectRole.MEMBER) for p in chosen]
        ProjectMember.objects.bulk_create(members, batch_size=5000, ignore_conflicts=True)

    def time(self) -> None:
        from django.db import connection
        from django.utils import timezone

        from projectoffice.timesheets.bulkload import insert_rows, reserve_ids
        from projectoffice.timesheets.demo import LINE_COLUMNS, SHEET_COLUMNS
        from projectoffice.timesheets.models import Timesheet, TimesheetLine
        from projectoffice.timesheets.selectors import week_start_of

        current = week_start_of(self.today)
        self.starts = [current - dt.timedelta(weeks=w) for w in range(self.weeks, 0, -1)]
        ids = reserve_ids(Timesheet, len(self.person_rows) * len(self.starts))
        now = timezone.now()
        with relaxed(Timesheet._meta.db_table), relaxed(TimesheetLine._meta.db_table):
            sheets = insert_rows(Timesheet, SHEET_COLUMNS, self._sheets(ids, now))
            say(f"  {sheets:,} weeks copied")
            lines = insert_rows(TimesheetLine, LINE_COLUMNS, self._lines(ids, now))
            say(f"  {lines:,} lines copied; rebuilding indexes and foreign keys")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        say(f"  {sheets:,} weeks, {lines:,} lines")

    def _weeks(self, ids: range) -> Iterator[tuple[int, Any, dt.date, int]]:
        pk = iter(ids)
        for person in self.person_rows:
            for index, start in enumerate(self.starts):
                yield next(pk), person, start, len(self.starts) - index

    def _sheets(self, ids: range, now: dt.datetime) -> Iterator[tuple[Any, ...]]:
        for pk, person, start, ago in self._weeks(ids):
            status = "submitted" if ago <= 2 else "approved"
            yield (pk, person.pk, person.home_site_id, start, status, "", now, now, 1)

    def _lines(self, ids: range, now: dt.datetime) -> Iterator[tuple[Any, ...]]:
        patterns = {k: [self._pattern(k) for _ in range(16)] for k in range(1, 9)}
        for pk, person, start, ago in self._weeks(ids):
            bookings = self._bookings(person)
            hours = self.rng.choice(patterns[len(bookings)])
            status = "submitted" if ago <= 2 else "approved"
            decided_at = None if ago <= 2 else now
            for (category, project, task, approver), day_hours in zip(bookings, hours, strict=True):
                yield (pk, person.pk, start, category, project, task, *day_hours, "", status,
                       None if ago <= 2 else approver, decided_at, "", "", 1)

    def _bookings(self, person: Any) -> list[tuple[str, int | None, int | None, int | None]]:
        """Two tasks on each of the person's projects, plus non-project time one week in two (≈ 6.4 lines)."""
        result: list[tuple[str, int | None, int | None, int | None]] = []
        for project in self.projects_of[person.pk]:
            tasks = self.tasks_of[project.pk]
            approver = project.project_manager_id if project.project_manager_id != person.pk else None
            first = self.rng.randrange(len(tasks) - 1)
            result += [("project", project.pk, tasks[first], approver), ("project", project.pk, tasks[first + 1],
                                                                          approver)]
        if self.rng.random() < 0.4:
            approver = person.line_manager_id or self.pso_manager.get(person.home_site_id)
            result.append((self.rng.choice(["internal", "training", "support"]), None, None,
                           approver if approver != person.pk else None))
        return result

    def _pattern(self, lines: int) -> list[list[str]]:
        """Eight hours a working day split over ``lines`` lines, as COPY-ready strings."""
        grid = [[0.0] * 7 for _ in range(lines)]
        for day in range(5):
            cuts = sorted(self.rng.sample(range(1, 32), lines - 1)) if lines > 1 else []
            bounds = [0, *cuts, 32]
            for line in range(lines):
                grid[line][day] = (bounds[line + 1] - bounds[line]) * 0.25
        return [[f"{value:.2f}" for value in row] for row in grid]


@contextlib.contextmanager
def relaxed(table: str) -> Iterator[None]:
    """Drop a table's secondary indexes and foreign keys for a bulk COPY, and build them again after (once, on
    the whole table, instead of row by row: Django's foreign keys are deferred, so 10 M rows would otherwise queue
    10 M checks until the commit)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
                       "WHERE conrelid = %s::regclass AND contype IN ('f', 'u') ORDER BY contype", [table])
        constraints = cursor.fetchall()  # foreign keys first, then unique constraints
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT LIKE %s",
                       [table, "%_pkey"])
        indexes = [(name, sql) for name, sql in cursor.fetchall() if name not in {c[0] for c in constraints}]
        for name, _, _ in constraints:
            cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    with connection.cursor() as cursor:
        for _, definition in indexes:
            cursor.execute(definition)
        for name, _, definition in reversed(constraints):  # unique constraints, then foreign keys
            cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')


def say(text: str) -> None:
    print(text, flush=True)


# --- measurement -----------------------------------------------------------------------------------------------
def backend_cpu() -> float:
    """CPU seconds used so far by this connection's PostgreSQL backend (read from /proc; the server is local).
    On a machine shared with other sessions this is the database's cost of our queries, without the waiting."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(label: str, samples: list[Any], run: Callable[[Any], Any]) -> dict[str, Any]:
    """Wall time (median, p95, max) and the median CPU of this process and of the database backend per call."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, python, database, counts = [], [], [], set()
    for sample in samples:
        before = backend_cpu()
        with CaptureQueriesContext(connection) as queries:
            started, own = time.perf_counter(), time.process_time()
            run(sample)
            times.append((time.perf_counter() - started) * 1000)
            python.append((time.process_time() - own) * 1000)
        database.append((backend_cpu() - before) * 1000)
        counts.add(len(queries))
    times.sort()
    row = {"label": label, "median": statistics.median(times), "p95": times[int(0.95 * (len(times) - 1))],
           "max": times[-1], "queries": sorted(counts), "python": statistics.median(python),
           "database": statistics.median(database)}
    say(f"  {label:<44} median {row['median']:7.1f} ms  p95 {row['p95']:7.1f} ms  max {row['max']:7.1f} ms  "
        f"cpu python {row['python']:6.1f} + db {row['database']:6.1f} ms  queries {row['queries']}")
    return row


def run_measurements(samples: int, seed: int) -> None:
    from django.db.models import Count

    from projectoffice.people.models import Person
    from projectoffice.projects.models import Project
    from projectoffice.timesheets import selectors
    from projectoffice.timesheets.grid import week_grid
    from projectoffice.timesheets.models import Timesheet, TimesheetLine

    rng = random.Random(seed)
    sheets = Timesheet.objects.count()
    lines = TimesheetLine.objects.count()
    say(f"Data: {Person.objects.count():,} people, {sheets:,} weeks, {lines:,} lines")
    max_id = Timesheet.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    weeks = list(Timesheet.objects.filter(pk__in=[rng.randint(1, max_id) for _ in range(samples * 3)])
                 .select_related("person__user", "person__home_site")[:samples])
    managers = list(Project.objects.values("project_manager").annotate(n=Count("pk")).order_by("-n")
                    .values_list("project_manager", flat=True)[:samples])
    approvers = list(Person.objects.filter(pk__in=managers).select_related("user"))
    warm_clients([t.person for t in weeks] + approvers)
    say(f"Load average of the machine (1, 5, 15 min): {', '.join(f'{x:.1f}' for x in os.getloadavg())} "
        f"on {os.cpu_count()} cores")
    say("For scale, the framework floor (session, user, scope, navigation):")
    measure("GET / (the home page)", weeks, lambda t: _client(t.person).get("/"))
    say("A person's week (target ≤ 150 ms):")
    measure("week grid (selector + rules check)", weeks, lambda t: week_grid(t.person, t.week_start))
    measure("GET /timesheets/?week= (the page)", weeks, lambda t: _client(t.person).get(
        f"/timesheets/?week={t.week_start.isoformat()}"))
    measure("GET /api/v1/timesheets/{id}", weeks, lambda t: _client(t.person).get(f"/api/v1/timesheets/{t.pk}"))
    say("An approval inbox (target ≤ 300 ms):")
    inbox_sizes = [TimesheetLine.objects.filter(status="submitted", project__project_manager=p).count()
                   for p in approvers[:5]]
    say(f"  (submitted lines waiting for the first approvers: {inbox_sizes}; a page shows 10 people's weeks)")
    measure("inbox selector (a page of weeks, with counts)", approvers,
            lambda p: selectors.inbox_page(p.user, today=dt.date.today()))
    measure("GET /timesheets/approvals/ (the page)", approvers, lambda p: _client(p).get("/timesheets/approvals/"))
    measure("GET /api/v1/approvals (a page of 100)", approvers, lambda p: _client(p).get("/api/v1/approvals"))
    report_of = dict(Person.objects.filter(line_manager__in=approvers).values_list("line_manager", "pk"))
    say("Lists (not in the targets):")
    measure("GET /api/v1/timesheets?person_id= (a report)", approvers, lambda p: _client(p).get(
        f"/api/v1/timesheets?person_id={report_of.get(p.pk, p.pk)}"))
    measure("GET /api/v1/timesheet-lines?week_start= (approver)", approvers, lambda p: _client(p).get(
        f"/api/v1/timesheet-lines?week_start={weeks[0].week_start}"))
    measure("GET /api/v1/timesheet-lines (approver, no filter)", approvers, lambda p: _client(p).get(
        "/api/v1/timesheet-lines"))
    measure("GET /timesheets/reminders/ (line manager)", approvers, lambda p: _client(p).get("/timesheets/reminders/"))
    say(f"Load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


_CLIENTS: dict[int, Any] = {}


def _client(person: Any) -> Any:
    """A logged-in client per person, made before the timed call's first use is measured again."""
    from django.test import Client

    client = _CLIENTS.get(person.pk)
    if client is None:
        client = Client()
        client.force_login(person.user)
        _CLIENTS[person.pk] = client
    return client


def warm_clients(people: list[Any]) -> None:
    for person in people:
        _client(person)


def main() -> None:
    args = parse_args()
    url = database_url(args.db)
    if not args.reuse:
        recreate_database(url, args.db)
    setup_django(url)
    from django.core.management import call_command

    if args.reuse:
        call_command("migrate", verbosity=0)  # indexes added since the data was generated
    else:
        say(f"Generating {args.people:,} people x {args.weeks} weeks into {args.db} …")
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        Generator(args.people, args.weeks, args.seed).run()
        say(f"  generation total {time.perf_counter() - started:8.1f} s")
    run_measurements(args.samples, args.seed)


if __name__ == "__main__":
    main()
