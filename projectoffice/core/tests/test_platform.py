"""The platform around the apps: the demo command, the engine's independence, production settings, the CLI,
the API's error format."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

REPO = Path(__file__).resolve().parents[3]


def organisation_snapshot() -> dict[str, list[tuple[object, ...]]]:
    """The demo organisation by natural keys (codes, usernames), ids left out."""
    from projectoffice.organization.models import Group, OrgUnit, ProjectOffice, Site
    from projectoffice.people.models import Certification, Person, PersonSkill, RoleAssignment

    return {
        "units": sorted(OrgUnit.objects.values_list("code", "kind", "parent__code")),
        "sites": sorted(Site.objects.values_list("code", "country", "subdivision", "time_zone", "currency")),
        "groups": sorted(Group.objects.values_list("business_line__code", "site__code", "business_line__parent__code")),
        "offices": sorted(ProjectOffice.objects.values_list("code", "kind", "business_line__code", "sites__code")),
        "people": sorted(Person.objects.values_list("user__username", "user__first_name", "user__last_name",
                                                   "home_site__code", "group__name", "line_manager__user__username")),
        "roles": sorted(RoleAssignment.objects.values_list(
            "person__user__username", "role", "company__code", "business_unit__code", "office__code", "group__name")),
        "certifications": sorted(Certification.objects.values_list(
            "person__user__username", "kind", "number", "issued_on", "expires_on")),
        "skills": sorted(PersonSkill.objects.values_list("person__user__username", "skill__code", "level")),
    }


@pytest.mark.slow  # the organisation and people loaders, twice (~10 s on a quiet machine)
@pytest.mark.django_db(transaction=True)  # as in real use: --reset flushes committed data (PostgreSQL refuses
# to TRUNCATE tables with deferred foreign-key checks still pending in the test's transaction)
def test_the_demo_is_a_deterministic_multinational_that_reloads_only_with_reset(capsys, monkeypatch):
    from django.utils import timezone

    from projectoffice.core.demo_context import demo_loaders
    from projectoffice.core.management.commands import demo
    from projectoffice.people.models import Person, Role
    from projectoffice.people.selectors import people_warnings

    ours = [(label, load) for label, load in demo_loaders() if label in ("organization", "people")]
    monkeypatch.setattr(demo, "demo_loaders", lambda: ours)  # the other apps' loaders are theirs to test
    call_command("demo")
    first = organisation_snapshot()
    with pytest.raises(CommandError, match="--reset"):
        call_command("demo")
    call_command("demo", "--reset")
    assert organisation_snapshot() == first

    units, sites = first["units"], first["sites"]
    assert len([u for u in units if u[1] == "bu"]) == 2 and len([u for u in units if u[1] != "bu"]) >= 4
    assert len(sites) >= 6 and len({s[1] for s in sites}) >= 4
    assert len({str(s[3]).split("/")[0] for s in sites}) >= 3  # continents: Europe, Asia, America
    assert len({s[4] for s in sites}) >= 3 and len({s[3] for s in sites}) >= 4
    at_w = [g for g in first["groups"] if g[1] == "W"]
    assert len(at_w) == 4 and len({g[2] for g in at_w}) == 2  # four lines of both business units
    assert 130 <= len(first["people"]) <= 170
    usernames = {p[0] for p in first["people"]}
    assert {role.value for role in Role} | {"bu-executive"} <= usernames
    printed = capsys.readouterr().out
    assert all(f"  {role.value} " in printed for role in Role)
    people = Person.objects.prefetch_related("roles", "certifications")
    warnings = [w.message for ws in people_warnings(people, today=timezone.localdate()).values() for w in ws]
    assert any("PMO manager without" in w for w in warnings) and any("PSO manager without" in w for w in warnings)


ENGINE_IMPORTER = """
import importlib, json, pkgutil, sys
import projectoffice.engine as engine
names = sys.argv[1:] or [m.name for m in pkgutil.walk_packages(engine.__path__, 'projectoffice.engine.')
                         if '.tests' not in m.name]
failed = {}
for name in names:
    try:
        importlib.import_module(name)
    except ImportError as exc:
        failed[name] = str(exc)
leaked = sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'ninja')
                or m.startswith(('projectoffice.core', 'projectoffice.organization', 'projectoffice.people')))
print(json.dumps({"names": names, "failed": failed, "leaked": leaked}))
"""


def import_engine(*names: str) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run([sys.executable, "-c", ENGINE_IMPORTER, *names], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_engine_imports_no_django():
    """Every engine module imported in a fresh interpreter leaves no Django (nor a product app) in sys.modules.

    HiGHS and OR-Tools each bundle their own libhighs and cannot be loaded in one process; a module refused
    for that reason is imported again alone."""
    walk = import_engine()
    assert len(walk["names"]) > 10 and not walk["leaked"], walk
    for name in walk["failed"]:
        alone = import_engine(name)
        assert not alone["failed"] and not alone["leaked"], alone


def test_the_production_settings_pass_the_deploy_check(tmp_path):
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "projectoffice.settings.production",
        "SECRET_KEY": "test-" + "a-long-random-enough-secret-key-for-the-deploy-check-" * 2,
        "ALLOWED_HOSTS": "projectoffice.example.com",
        "PROJECTOFFICE_VAR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser journeys in this process; never in production
    result = subprocess.run([sys.executable, "-m", "projectoffice.cli", "check", "--deploy", "--fail-level",
                             "WARNING"], cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"} | {
        "DJANGO_SETTINGS_MODULE": "projectoffice.settings.production", "PROJECTOFFICE_VAR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "projectoffice.cli", "check"], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_an_api_error_names_the_field_in_one_format(org, executive, client_as):
    response = client_as(executive).post("/api/v1/sites", "{not json", content_type="application/json")
    assert response.status_code in (400, 422)
    body = response.json()
    assert set(body) == {"detail", "field", "errors"}
    unauthenticated = client_as(None).get("/api/v1/sites")
    assert unauthenticated.status_code == 401 and set(unauthenticated.json()) == {"detail", "field", "errors"}
