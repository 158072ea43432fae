"""The cockpit at scale: page time (p50/p95) of the whole company and of a drill-down to one line, and their
query counts (which must not depend on the data).

    .venv/bin/python bench/cockpit.py [--fraction 0.002] [--repeat 15]
    DATABASE_URL=postgres://... .venv/bin/python bench/cockpit.py --fraction 0.1

Generates the scaled organisation with projectoffice.cockpit.scale (``fraction`` of 50,000 projects, 12.5 M
tasks, 100,000 people), then requests /cockpit/ and /cockpit/?bu=BU0&bl=BU0L0 as a company executive through
Django's test client (the whole page: selectors, template, no network). Prints figures; asserts nothing about
time. Default database: SQLite in memory (DATABASE_URL to change).
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

from projectoffice.cockpit.scale import generate_large  # noqa: E402
from projectoffice.organization.models import Company  # noqa: E402
from projectoffice.people import services as people  # noqa: E402
from projectoffice.people.models import Person  # noqa: E402


def executive_client() -> Client:
    company = Company.objects.get(code="SCALE")
    anyone = Person.objects.filter(company=company).select_related("group").first()
    assert anyone is not None and anyone.group is not None
    person = people.person_create(by=None, company=company, username="scale-executive", first_name="Scale",
                                  last_name="Executive", email="exec@example.com", home_site=anyone.home_site,
                                  group=anyone.group, password="demo")
    people.role_assign(by=None, person=person, role="executive", unit=company)
    client = Client()
    client.force_login(person.user)
    return client


def measure(client: Client, url: str, repeat: int) -> tuple[float, float, int, int]:
    """p50 and p95 in ms, the number of queries and the response size."""
    client.get(url)  # warm caches (templates, scope)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append(1000 * (time.perf_counter() - started))
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    times.sort()
    return statistics.median(times), times[max(0, round(0.95 * len(times)) - 1)], len(ctx.captured_queries), \
        len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fraction", type=float, default=0.002)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    setup_test_environment()
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"] == ":memory:":
        call_command("migrate", verbosity=0)
    started = time.perf_counter()
    rates = generate_large(fraction=args.fraction, say=print)
    print(f"generated in {time.perf_counter() - started:.1f} s on {connection.vendor}")
    client = executive_client()
    for label, url in (("cockpit (company)", "/cockpit/"), ("drill-down (one line)", "/cockpit/?bu=BU0&bl=BU0L0")):
        p50, p95, queries, size = measure(client, url, args.repeat)
        print(f"{label:<24} p50 {p50:8.1f} ms  p95 {p95:8.1f} ms  queries {queries:3d}  page {size / 1024:,.0f} KiB")
    tasks_rate = rates["tasks"]
    print(f"extrapolated writing of 12.5 M tasks at {tasks_rate:,.0f}/s: {12_500_000 / tasks_rate / 3600:.1f} h")


if __name__ == "__main__":
    main()
