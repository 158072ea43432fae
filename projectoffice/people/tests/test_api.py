"""/api/v1/ people endpoints: personal tokens, role scoping, certifications, the seed's warnings."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.test import Client
from django.utils import timezone

from projectoffice.people.models import ApiToken, Certification, RoleAssignment
from projectoffice.people.services import api_token_create, token_hash


def send(client: Any, method: str, path: str, body: dict[str, Any]) -> Any:
    return client.generic(method, path, json.dumps(body), content_type="application/json")


def bearer(raw: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_a_token_is_shown_once_stored_hashed_and_usable_as_bearer(org, team_member, client_as):
    response = send(client_as(team_member), "POST", "/api/v1/tokens", {"name": "nightly export"})
    assert response.status_code == 201
    raw = response.json()["token"]
    stored = ApiToken.objects.get(pk=response.json()["id"])
    assert raw.startswith("po_") and stored.key_hash == token_hash(raw) and raw not in stored.key_hash
    assert "token" not in client_as(team_member).get("/api/v1/tokens").json()[0]
    me = bearer(raw).get("/api/v1/me")
    assert me.status_code == 200 and me.json()["username"] == "team-member"
    stored.refresh_from_db()
    assert stored.last_used_at is not None


def test_a_revoked_token_gets_401(org, team_member, client_as):
    token, raw = api_token_create(user=team_member, name="script")
    assert send(client_as(team_member), "POST", f"/api/v1/tokens/{token.pk}/revoke", {}).status_code == 200
    response = bearer(raw).get("/api/v1/people")
    assert response.status_code == 401 and "revoked" in response.json()["detail"]


def test_an_expired_token_gets_401_naming_the_expiry(org, team_member):
    token, raw = api_token_create(user=team_member, name="script",
                                  expires_at=timezone.now() + dt.timedelta(minutes=5))
    expiry = timezone.now() - dt.timedelta(hours=1)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=expiry)
    response = bearer(raw).get("/api/v1/sites")
    assert response.status_code == 401
    assert response.json()["detail"] == f"This API token expired on {expiry:%Y-%m-%d %H:%M} UTC."


def test_an_unknown_token_gets_401(org):
    response = bearer("po_not-a-token").get("/api/v1/sites")
    assert response.status_code == 401 and response.json()["field"] == "Authorization"


def test_a_token_expiring_in_the_past_is_refused(org, team_member, client_as):
    past = (timezone.now() - dt.timedelta(days=1)).isoformat()
    response = send(client_as(team_member), "POST", "/api/v1/tokens", {"name": "x", "expires_at": past})
    assert response.status_code == 422 and response.json()["field"] == "expires_at"
    assert not ApiToken.objects.exists()


def test_a_deactivated_persons_tokens_stop_working(org, executive, team_member, client_as):
    _, raw = api_token_create(user=team_member, name="script")
    person = org.people["team-member"]
    assert send(client_as(executive), "POST", f"/api/v1/people/{person.pk}/deactivate", {}).status_code == 200
    assert bearer(raw).get("/api/v1/me").status_code == 401


def test_nobody_revokes_another_persons_token(org, team_member, executive, client_as):
    token, raw = api_token_create(user=team_member, name="script")
    assert send(client_as(executive), "POST", f"/api/v1/tokens/{token.pk}/revoke", {}).status_code == 404
    assert bearer(raw).get("/api/v1/me").status_code == 200


def test_a_role_scoped_to_the_wrong_kind_of_unit_is_refused(org, executive, client_as):
    person = org.people["team-member"]
    before = RoleAssignment.objects.count()
    response = send(client_as(executive), "POST", "/api/v1/role-assignments",
                    {"person_id": person.pk, "role": "pmo-manager", "scope_kind": "group",
                     "scope_id": org.groups["RAN@W"].pk})
    assert response.status_code == 422
    assert response.json()["field"] == "scope" and "PMO" in response.json()["detail"]
    assert RoleAssignment.objects.count() == before


def test_an_executive_cannot_be_scoped_to_a_line(org, executive, client_as):
    response = send(client_as(executive), "POST", "/api/v1/role-assignments",
                    {"person_id": org.people["team-member"].pk, "role": "executive", "scope_kind": "bu",
                     "scope_id": org.units["RAN"].pk})
    assert response.status_code == 422 and response.json()["field"] == "scope_id"


def test_an_unknown_scope_kind_is_named(org, executive, client_as):
    response = send(client_as(executive), "POST", "/api/v1/role-assignments",
                    {"person_id": org.people["team-member"].pk, "role": "executive", "scope_kind": "planet",
                     "scope_id": 1})
    assert response.status_code == 422 and response.json()["field"] == "scope_kind"


def test_a_pmo_manager_staffs_their_pmo_and_the_new_member_sees_the_line(org, pmo_manager, client_as):
    newcomer = org.people["team-member"]
    response = send(client_as(pmo_manager), "POST", "/api/v1/role-assignments",
                    {"person_id": newcomer.pk, "role": "pmo-project-manager", "scope_kind": "pmo",
                     "scope_id": org.offices["PMO-RAN"].pk})
    assert response.status_code == 201, response.content
    groups = client_as(org.user("team-member")).get("/api/v1/groups").json()["items"]
    assert {g["id"] for g in groups} == {org.groups[c].pk for c in ("RAN@W", "RAN@MUC")}


def test_the_seed_warnings_are_in_the_api(org, executive, client_as):
    client = client_as(executive)
    pmo_manager = client.get(f"/api/v1/people/{org.people['pmo-manager'].pk}").json()
    assert pmo_manager["warnings"] == [f"{org.people['pmo-manager']} is a PMO manager without a current PMI "
                                       "certification."]
    assert client.get(f"/api/v1/people/{org.people['pso-manager'].pk}").json()["warnings"] == []


def test_a_certification_that_expires_before_it_is_issued_is_refused(org, team_member, client_as):
    response = send(client_as(team_member), "POST", "/api/v1/certifications",
                    {"person_id": org.people["team-member"].pk, "kind": "PMP", "number": "1",
                     "issued_on": "2024-05-01", "expires_on": "2024-01-01"})
    assert response.status_code == 422 and response.json()["field"] == "expires_on"
    assert not Certification.objects.filter(number="1").exists()


def test_a_person_records_their_own_certification_and_skills(org, team_member, client_as):
    client = client_as(team_member)
    me = org.people["team-member"]
    cert = send(client, "POST", "/api/v1/certifications",
                {"person_id": me.pk, "kind": "PRINCE2-P", "number": "P2-9", "issued_on": "2024-05-01"})
    skill = send(client, "PUT", "/api/v1/person-skills",
                 {"person_id": me.pk, "skill_id": org.skills["PY"].pk, "level": 5})
    assert (cert.status_code, skill.status_code) == (201, 200)
    assert skill.json()["level"] == 5
    foreign = send(client, "PUT", "/api/v1/person-skills",
                   {"person_id": me.pk, "skill_id": org.skills["XL-ONLY"].pk, "level": 5})
    assert foreign.status_code == 422 and foreign.json()["field"] == "skill_id"


def test_a_colleague_may_not_record_my_certifications(org, client_as):
    colleague = org.user("project-leader")  # sees the team member (same site) but does not manage them
    response = send(client_as(colleague), "POST", "/api/v1/certifications",
                    {"person_id": org.people["team-member"].pk, "kind": "PMP", "number": "X1",
                     "issued_on": "2024-05-01"})
    assert response.status_code == 403


def test_the_people_list_filters_by_role_site_and_text(org, executive, client_as):
    client = client_as(executive)
    by_role = client.get("/api/v1/people", {"role": "pso-manager"}).json()["items"]
    assert [p["username"] for p in by_role] == ["pso-manager"]
    at_muc = client.get("/api/v1/people", {"site_id": org.sites["MUC"].pk}).json()["items"]
    assert {p["home_site_id"] for p in at_muc} == {org.sites["MUC"].pk}
    assert [p["username"] for p in client.get("/api/v1/people", {"q": "tool-ex"}).json()["items"]] == ["tool-expert"]
    bad = client.get("/api/v1/people", {"role": "astronaut"})
    assert bad.status_code == 422 and bad.json()["field"] == "role"


def test_creating_a_person_checks_the_group_is_at_the_home_site(org, executive, client_as):
    response = send(client_as(executive), "POST", "/api/v1/people",
                    {"username": "newbie", "first_name": "N", "last_name": "B", "email": "n@example.com",
                     "home_site_id": org.sites["MUC"].pk, "group_id": org.groups["RAN@W"].pk})
    assert response.status_code == 422 and response.json()["field"] == "group"
    assert not org.company.people.filter(user__username="newbie").exists()
