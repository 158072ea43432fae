"""Reads are planned once: every page and every list endpoint runs as many queries on a grown world as on
the small one (the lists come from the access walk's routes, so a new list endpoint is measured too)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import Org, add_people
from projectoffice.core.tests.test_access import ROUTES

# Top-level lists (no id in the path, no required filter); nested lists need rows the apps' own tests make.
LISTS = sorted(path for (method, path), route in ROUTES.items()
               if route.kind == "list" and "{" not in path and not route.query)
PAGES = ["/", "/organisation/", "/people/", "/people/{person}/", "/organisation/sites/{site}/"]


def grow(org: Org) -> None:
    """More of everything the pages and lists show: a line with its PMO and groups, a site with its PSO,
    people with roles, certifications and skills."""
    from projectoffice.organization import services as org_services
    from projectoffice.people import services

    line = org_services.org_unit_create(by=None, company=org.company, kind="bl", code="NEW", name="New",
                                        parent=org.units["NET"])
    site = org_services.site_create(by=None, company=org.company, code="SIN", name="Singapore", country="SG",
                                    time_zone="Asia/Singapore", currency="SGD")
    org_services.office_create(by=None, company=org.company, kind="pmo", code="PMO-NEW", name="n", business_line=line)
    org_services.office_create(by=None, company=org.company, kind="pso", code="PSO-SG", name="n", sites=[site])
    org_services.site_exception_set(site=site, by=None, date=dt.date.today() + dt.timedelta(days=9), name="Off")
    for site_code in ("W", "MUC"):
        org.groups[f"NEW@{site_code}"] = org_services.group_create(by=None, business_line=line,
                                                                   site=org.sites[site_code])
    for group in ("RAN@W", "OPT@W", "NEW@W", "NEW@MUC", "CLD@AUS"):
        for index, person in enumerate(add_people(org, group, 4)):
            services.certification_add(by=None, person=person, kind="CSM", number=f"C-{person.pk}",
                                       issued_on=dt.date(2024, 1, 1), expires_on=dt.date.today() + dt.timedelta(30))
            services.person_skill_set(by=None, person=person, skill=org.skills["PY"], level=1 + index % 5)
    services.skill_create(by=None, company=org.company, code="GO", name="Go")


def count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return len(queries)


def urls(org: Org, template: str) -> str:
    return template.format(person=org.people["team-member"].pk, site=org.sites["W"].pk)


@pytest.mark.parametrize("walker", ["executive", "team-member"])
def test_pages_and_lists_run_a_constant_number_of_queries(org, client_as, walker):
    client = client_as(org.user(walker))
    targets = [urls(org, page) for page in PAGES] + [f"{path}?page_size=500" for path in LISTS]
    for target in targets:
        count(client, target)  # warm the per-process caches (holiday tables, content types)
    small = {target: count(client, target) for target in targets}
    grow(org)
    large = {target: count(client, target) for target in targets}
    assert large == small
