"""/api/v1/ organisation endpoints: writes, bad input (field + reason, nothing saved), stale versions."""

from __future__ import annotations

import json
from typing import Any

import pytest

from projectoffice.organization.models import Group, OrgUnit, ProjectOffice, Site

SITE = {"code": "NEWSITE", "name": "New site", "country": "FR", "time_zone": "Europe/Paris", "currency": "EUR"}


def send(client: Any, method: str, path: str, body: dict[str, Any]) -> Any:
    return client.generic(method, path, json.dumps(body), content_type="application/json")


def test_an_executive_creates_a_site_with_its_calendar(org, executive, client_as):
    response = send(client_as(executive), "POST", "/api/v1/sites", SITE | {"country": "DE", "subdivision": "BY",
                                                                          "time_zone": "Europe/Berlin"})
    assert response.status_code == 201, response.content
    site = Site.objects.get(pk=response.json()["id"])
    assert (site.company, site.working_days) == (org.company, [1, 2, 3, 4, 5])
    calendar = client_as(executive).get(f"/api/v1/sites/{site.pk}/calendar", {"year": 2025}).json()
    days_off = {day["date"]: day["name"] for day in calendar if not day["is_working"]}
    assert days_off["2025-01-06"] == "Epiphany"  # a Bavarian holiday: the subdivision counts
    assert "2025-12-26" in days_off and "2025-05-01" in days_off


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("country", "XX", "ISO 3166-1"),
        ("currency", "EUX", "ISO 4217"),
        ("time_zone", "Mars/Olympus_Mons", "IANA time zone"),
        ("subdivision", "ZZ", "not a subdivision of FR"),
        ("working_hours", [["17:00", "09:00"]], "ends before it starts"),
        ("code", "W", "already uses the code"),
    ],
)
def test_a_site_with_a_bad_code_is_refused_naming_the_field_and_nothing_is_saved(
    org, executive, client_as, field, value, reason
):
    before = Site.objects.count()
    response = send(client_as(executive), "POST", "/api/v1/sites", SITE | {field: value})
    assert response.status_code == 422
    body = response.json()
    assert body["field"] == field and reason in body["errors"][field], body
    assert Site.objects.count() == before


def test_a_cycle_in_the_organisation_tree_is_refused(org, executive, client_as):
    cld, sec = org.units["CLD"], org.units["SEC"]
    response = send(client_as(executive), "PATCH", f"/api/v1/org-units/{cld.pk}", {"parent_id": sec.pk})
    assert response.status_code == 422
    assert response.json()["field"] == "parent" and "cycle" in response.json()["detail"]
    cld.refresh_from_db()
    assert cld.parent_id == org.units["ENT"].pk


def test_a_unit_cannot_be_its_own_parent(org, executive, client_as):
    ran = org.units["RAN"]
    response = send(client_as(executive), "PATCH", f"/api/v1/org-units/{ran.pk}", {"parent_id": ran.pk})
    assert response.status_code == 422 and response.json()["field"] == "parent"


def test_a_duplicate_unit_code_is_refused(org, executive, client_as):
    response = send(client_as(executive), "POST", "/api/v1/org-units",
                    {"kind": "bl", "code": "RAN", "name": "Again", "parent_id": org.units["NET"].pk})
    assert response.status_code == 422 and response.json()["field"] == "code"
    assert OrgUnit.objects.filter(code="RAN").count() == 1


def test_the_same_code_is_free_in_another_company(org, outsider, client_as):
    assert OrgUnit.objects.filter(code="NET").exists()
    response = send(client_as(org.user("superuser")), "POST", "/api/v1/org-units", {"kind": "bu", "code": "NET2",
                                                                                      "name": "n"})
    assert response.status_code == 201


def test_a_stale_version_is_refused_with_409(org, executive, client_as):
    site = org.sites["W"]
    client = client_as(executive)
    assert send(client, "PATCH", f"/api/v1/sites/{site.pk}", {"name": "Lyon", "version": 1}).status_code == 200
    response = send(client, "PATCH", f"/api/v1/sites/{site.pk}", {"name": "Lyon 2", "version": 1})
    assert response.status_code == 409 and response.json()["field"] == "version"
    site.refresh_from_db()
    assert (site.name, site.version) == ("Lyon", 2)


def test_an_unknown_field_is_named(org, executive, client_as):
    response = send(client_as(executive), "POST", "/api/v1/offices", {"kind": "xyz", "code": "A", "name": "A"})
    assert response.status_code == 422 and response.json()["field"] == "kind"


def test_a_team_member_may_read_but_not_change_their_site(org, team_member, client_as):
    site = org.sites["W"]
    response = send(client_as(team_member), "PATCH", f"/api/v1/sites/{site.pk}", {"name": "Mine"})
    assert response.status_code == 403
    site.refresh_from_db()
    assert site.name == "Site W"


def test_the_pso_data_administrator_keeps_the_calendar_of_site_w(org, pso_data_administrator, client_as):
    client = client_as(pso_data_administrator)
    w, muc = org.sites["W"], org.sites["MUC"]
    response = send(client, "POST", f"/api/v1/sites/{w.pk}/exceptions", {"date": "2030-07-15", "name": "Bridge"})
    assert response.status_code == 201
    assert send(client, "PATCH", f"/api/v1/sites/{w.pk}", {"max_hours_per_day": "9.5"}).status_code == 200
    assert send(client, "PATCH", f"/api/v1/sites/{muc.pk}", {"name": "x"}).status_code == 404  # not in scope
    days = client.get(f"/api/v1/sites/{w.pk}/calendar", {"year": 2030}).json()
    assert {"date": "2030-07-15", "name": "Bridge", "is_working": False} in [
        {k: d[k] for k in ("date", "name", "is_working")} for d in days]


def test_a_pmo_manager_adds_a_group_of_their_line_but_not_of_another(org, pmo_manager, client_as):
    client = client_as(pmo_manager)
    aus = org.sites["AUS"]
    ok = send(client, "POST", "/api/v1/groups", {"business_line_id": org.units["RAN"].pk, "site_id": aus.pk})
    assert ok.status_code == 201
    refused = send(client, "POST", "/api/v1/groups", {"business_line_id": org.units["CLD"].pk,
                                                     "site_id": org.sites["MUC"].pk})
    assert refused.status_code in (403, 422)
    assert not Group.objects.filter(business_line=org.units["CLD"], site=org.sites["MUC"]).exists()


def test_a_pmo_needs_a_line_and_a_pso_needs_sites(org, executive, client_as):
    client = client_as(executive)
    pmo = send(client, "POST", "/api/v1/offices", {"kind": "pmo", "code": "PMO-X", "name": "x"})
    pso = send(client, "POST", "/api/v1/offices", {"kind": "pso", "code": "PSO-X", "name": "x"})
    assert (pmo.status_code, pmo.json()["field"]) == (422, "business_line")
    assert (pso.status_code, pso.json()["field"]) == (422, "sites")
    assert not ProjectOffice.objects.filter(code__in=["PMO-X", "PSO-X"]).exists()


def test_lists_filter_and_paginate(org, executive, client_as):
    client = client_as(executive)
    lines = client.get("/api/v1/org-units", {"kind": "bu"}).json()
    assert {u["code"] for u in lines["items"]} == {"NET", "ENT"}
    page = client.get("/api/v1/sites", {"page_size": 2, "page": 2}).json()
    assert page["count"] == 3 and [s["code"] for s in page["items"]] == ["W"]
    assert [s["code"] for s in client.get("/api/v1/sites", {"country": "de"}).json()["items"]] == ["MUC"]


def test_the_openapi_schema_and_the_docs_are_served(client_as, executive):
    client = client_as(executive)
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200 and "/api/v1/sites" in schema.json()["paths"]
    assert client.get("/api/v1/docs").status_code == 200
