"""Shared set-up of the projects benchmarks: Django on an in-memory (or DATABASE_URL) database, one company,
one site and a generated project of a given size.

The database is a fresh test database, as the test runner makes it (``test_<name>`` next to DATABASE_URL's,
dropped at exit): a benchmark never writes into a real database and always starts empty."""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time
import zoneinfo
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "projectoffice.settings.test")

import django

django.setup()

import atexit  # noqa: E402

from django.db import connection  # noqa: E402

_original_name = connection.settings_dict["NAME"]
connection.creation.create_test_db(verbosity=0, autoclobber=True)
atexit.register(lambda: connection.creation.destroy_test_db(_original_name, verbosity=0))

from projectoffice.organization import services as org  # noqa: E402
from projectoffice.organization.models import Company  # noqa: E402
from projectoffice.projects import services  # noqa: E402
from projectoffice.projects.models import Project  # noqa: E402
from projectoffice.projects.plangen import generate_plan  # noqa: E402

_world: dict[str, Any] = {}


def world() -> dict[str, Any]:
    if not _world:
        company = Company.objects.create(code="BENCH", name="Bench")
        bu = org.org_unit_create(by=None, company=company, kind="bu", code="BU", name="BU")
        bl = org.org_unit_create(by=None, company=company, kind="bl", code="BL", name="BL", parent=bu)
        site = org.site_create(by=None, company=company, code="W", name="Site W", country="FR",
                               time_zone="Europe/Paris", currency="EUR")
        _world.update(company=company, bu=bu, bl=bl, site=site)
    return _world


def bench_project(code: str, size: int, *, recompute: bool = True) -> Project:
    """A project of about ``size`` rows, generated in bulk (and recomputed once unless told otherwise)."""
    w = world()
    project = services.project_create(
        by=None, company=w["company"], code=code, name=f"Bench {code}", business_unit=w["bu"], business_line=w["bl"],
        lead_site=w["site"], planned_start=dt.datetime(2026, 3, 2, 9, tzinfo=zoneinfo.ZoneInfo("Europe/Paris")))
    generate_plan(project, size=size, rng=random.Random(size))
    if recompute:
        services.project_recompute(project=project, background=False)
    return project


def timed(function: Any, repeat: int = 3) -> tuple[float, Any]:
    """Best wall time of ``repeat`` runs (the machine is shared and noisy) and the last result."""
    best, _, result = timed_cpu(function, repeat)
    return best, result


def timed_cpu(function: Any, repeat: int = 3) -> tuple[float, float, Any]:
    """Best wall time, best CPU time of this process and of the database server (less sensitive to a loaded
    machine: see ``server_cpu``) added together, last result."""
    best, best_cpu, result = float("inf"), float("inf"), None
    for _ in range(repeat):
        began, began_cpu = time.perf_counter(), time.process_time() + server_cpu()
        result = function()
        best = min(best, time.perf_counter() - began)
        best_cpu = min(best_cpu, time.process_time() + server_cpu() - began_cpu)
    return best, best_cpu, result


def timed_split(function: Any) -> tuple[float, float, float, Any]:
    """One run: wall time, CPU of this process, CPU of the PostgreSQL backend serving it (0 on SQLite)."""
    began, began_cpu, began_server = time.perf_counter(), time.process_time(), server_cpu()
    result = function()
    return (time.perf_counter() - began, time.process_time() - began_cpu, server_cpu() - began_server, result)


def server_cpu() -> float:
    """CPU seconds used so far by the PostgreSQL backend of this connection, read from /proc (the server runs on
    this machine in the benchmarks); 0 on SQLite (it runs in this process) or when /proc is not readable."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    connection.ensure_connection()
    key = id(connection.connection)
    if key not in _backend:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            _backend[key] = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{_backend[key]}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


_backend: dict[str, int] = {}
