"""Shared set-up of the projects benchmarks: Django on an in-memory (or DATABASE_URL) database, one company,
one site and a generated project of a given size."""

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

from django.core.management import call_command  # noqa: E402

call_command("migrate", verbosity=0)

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
    """Best wall time, best CPU time of this process (less sensitive to a loaded machine), last result."""
    best, best_cpu, result = float("inf"), float("inf"), None
    for _ in range(repeat):
        began, began_cpu = time.perf_counter(), time.process_time()
        result = function()
        best = min(best, time.perf_counter() - began)
        best_cpu = min(best_cpu, time.process_time() - began_cpu)
    return best, best_cpu, result
