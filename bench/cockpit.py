"""The cockpit at scale: page time (p50/p95) of the whole company and of a drill-down (BU → BL → the line's
project list), their query counts (which must not depend on the data), and the CPU they cost.

    .venv/bin/python bench/cockpit.py [--fraction 0.002] [--repeat 15]
    DATABASE_URL=postgres://... .venv/bin/python bench/cockpit.py --fraction 0.02 --no-jit
    DATABASE_URL=postgres://.../<db with `projectoffice demo --scale large`> .venv/bin/python bench/cockpit.py --existing

Generates the scaled organisation with projectoffice.cockpit.scale (``fraction`` of 50,000 projects, 12.5 M
tasks, 100,000 people) unless ``--existing`` (company SCALE already there), then requests the pages as a company
executive through Django's test client (the whole page: selectors, template, no network), first live (no
stored summary: the figures are aggregated per request), then after ``cockpit_summary_refresh`` (``--paths``). Prints wall times,
the CPU of this process and of the database backend serving it (/proc, PostgreSQL on this machine) and the load
average: on a shared machine the CPU is the cost, the wall time includes waiting. Asserts nothing about time.
Default database: SQLite in memory (DATABASE_URL to change).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "projectoffice.settings.test")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from projectoffice.cockpit.models import CockpitSummary  # noqa: E402
from projectoffice.cockpit.scale import generate_large  # noqa: E402
from projectoffice.cockpit.services import cockpit_summary_refresh  # noqa: E402
from projectoffice.organization.models import Company  # noqa: E402
from projectoffice.people import services as people  # noqa: E402
from projectoffice.people.models import Person  # noqa: E402
from projectoffice.projects.models import Project  # noqa: E402

PAGES = (("cockpit (company)", "/cockpit/"), ("drill-down: BU", "/cockpit/?bu=BU0"),
         ("drill-down: BU → BL list", "/cockpit/?bu=BU0&bl=BU0L0"),
         ("BL list, page 2", "/cockpit/?bu=BU0&bl=BU0L0&page=2"))


def executive_client() -> Client:
    company = Company.objects.get(code="SCALE")
    person = Person.objects.filter(company=company, user__username="scale-executive").first()
    if person is None:
        anyone = Person.objects.filter(company=company).select_related("group").first()
        assert anyone is not None and anyone.group is not None
        person = people.person_create(by=None, company=company, username="scale-executive", first_name="Scale",
                                      last_name="Executive", email="exec@example.com", home_site=anyone.home_site,
                                      group=anyone.group, password="demo")
        people.role_assign(by=None, person=person, role="executive", unit=company)
    client = Client()
    client.force_login(person.user)
    return client


def _ticks(pid: int | str) -> tuple[int, int]:
    """(own utime + stime, reaped children's cutime + cstime) of a process, in clock ticks."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14])


def backend_pids() -> tuple[int, int] | None:
    """The PostgreSQL backend serving this connection and its postmaster (whose reaped children include the
    parallel workers the backend started); None for another database or a remote server."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    try:
        postmaster = int(Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except OSError:
        return None
    return backend, postmaster


def database_cpu(pids: tuple[int, int] | None, serial: bool) -> float | None:
    """CPU seconds so far of the backend — exact when ``serial`` (no parallel workers) — else plus the exited
    children of the postmaster (parallel workers, but on a shared server also other sessions' exited
    processes: an upper bound)."""
    if pids is None:
        return None
    own, _ = _ticks(pids[0])
    reaped = 0 if serial else _ticks(pids[1])[1]
    return (own + reaped) / os.sysconf("SC_CLK_TCK")


def measure(client: Client, url: str, repeat: int, pids: tuple[int, int] | None, serial: bool
            ) -> dict[str, float]:
    """p50 and p95 wall (ms), mean CPU per request of Python and of the database (ms), queries, page size."""
    client.get(url)  # warm caches (templates, scope)
    times = []
    server, own = database_cpu(pids, serial), time.process_time()
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append(1000 * (time.perf_counter() - started))
        assert response.status_code == 200, (url, response.status_code)
    python = 1000 * (time.process_time() - own) / repeat
    db = None if server is None else 1000 * ((database_cpu(pids, serial) or 0) - server) / repeat
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    times.sort()
    return {"p50": statistics.median(times), "p95": times[max(0, round(0.95 * len(times)) - 1)],
            "python": python, "db": -1 if db is None else db, "queries": len(ctx.captured_queries),
            "size": len(response.content)}


def prepare(path: str, pids: tuple[int, int] | None, serial: bool) -> None:
    """live: drop the SCALE company's stored summary (the pages aggregate per request); stored: write it with
    ``cockpit_summary_refresh`` and print what that cost."""
    company = Company.objects.get(code="SCALE")
    if path == "live":
        CockpitSummary.objects.filter(company=company).delete()
        return
    server, own, started = database_cpu(pids, serial), time.process_time(), time.perf_counter()
    groups = cockpit_summary_refresh(company=company)
    db = (database_cpu(pids, serial) or 0) - (server or 0)
    print(f"cockpit_summary_refresh: {groups} groups in {time.perf_counter() - started:.1f} s wall, cpu python "
          f"{time.process_time() - own:.1f} s + database {db:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fraction", type=float, default=0.002)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--existing", action="store_true", help="measure the SCALE company already in the database")
    parser.add_argument("--no-jit", action="store_true", help="PostgreSQL: SET jit = off (docs/finance.md)")
    parser.add_argument("--serial", action="store_true",
                        help="PostgreSQL: no parallel workers, so the backend's CPU is the whole database cost")
    parser.add_argument("--paths", default="live,stored",
                        help="live: without a stored summary (the GROUP BY per request); stored: after "
                             "cockpit_summary_refresh (timed); both by default, in this order")
    args = parser.parse_args()
    setup_test_environment()
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"] == ":memory:":
        call_command("migrate", verbosity=0)
    if not args.existing:
        started = time.perf_counter()
        generate_large(fraction=args.fraction, say=print)
        print(f"generated in {time.perf_counter() - started:.1f} s on {connection.vendor}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            if args.no_jit:
                cursor.execute("SET jit = off")
            if args.serial:
                cursor.execute("SET max_parallel_workers_per_gather = 0")
    client = executive_client()
    pids = backend_pids()
    projects = Project.objects.filter(company__code="SCALE").count()
    print(f"{connection.vendor}, {projects:,} projects, jit {'off' if args.no_jit else 'server default'}, "
          f"{'serial' if args.serial else 'parallel workers allowed'}, load average {os.getloadavg()[0]:.2f} "
          f"{os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    for path in args.paths.split(","):
        prepare(path, pids, args.serial)
        for label, url in PAGES:
            m = measure(client, url, args.repeat, pids, args.serial)
            print(f"{path:<6} {label:<26} p50 {m['p50']:7.1f} ms  p95 {m['p95']:7.1f} ms  cpu/request: python "
                  f"{m['python']:6.1f} ms + database {m['db']:6.1f} ms  queries {m['queries']:3d}  "
                  f"page {m['size'] / 1024:,.0f} KiB")
    print(f"load average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
