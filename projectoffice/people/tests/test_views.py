"""People pages: the directory, a person's page (warnings, roles, records, tokens) and the forms' messages."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from projectoffice.people.models import ApiToken, Certification, RoleAssignment
from projectoffice.people.services import token_hash

PMO_WARNING = "is a PMO manager without a current PMI certification."
PSO_WARNING = "is a PSO manager without a current PMP certification."


def test_the_seed_warnings_show_on_the_person_page_and_in_the_directory(org, executive, client_as):
    client = client_as(executive)
    page = client.get(f"/people/{org.people['pmo-manager'].pk}/").content.decode()
    assert PMO_WARNING in page
    directory = client.get("/people/").content.decode()
    assert f"{org.people['pmo-manager']} {PMO_WARNING}" in directory
    assert PSO_WARNING not in directory  # the PSO manager holds a current PMP


def test_an_expired_pmp_makes_the_pso_manager_warning_appear(org, executive, client_as):
    Certification.objects.filter(person=org.people["pso-manager"]).update(
        expires_on=timezone.localdate() - dt.timedelta(days=1))
    page = client_as(executive).get(f"/people/{org.people['pso-manager'].pk}/").content.decode()
    assert PSO_WARNING in page and "expired" in page


def test_the_home_page_shows_my_roles_sites_and_expiring_certifications(org, client_as):
    response = client_as(org.user("pso-manager")).get("/")
    page = response.content.decode()
    assert "PSO manager" in page and "Site W" in page and "PMP" in page
    assert [c.site.code for c in response.context["workspace"].clocks] == ["W"]
    assert [c.number for c in response.context["workspace"].expiring] == ["PMP-1"]


def test_a_token_created_on_my_page_is_shown_once_and_stored_hashed(org, team_member, client_as):
    client = client_as(team_member)
    response = client.post("/people/me/tokens/", {"name": "nightly export"})
    assert response.status_code == 201
    raw = response.context["new_token"]
    assert raw in response.content.decode()
    assert ApiToken.objects.get(user=team_member).key_hash == token_hash(raw)
    again = client.get(f"/people/{org.people['team-member'].pk}/").content.decode()
    assert raw not in again and raw[:10] in again


def test_a_token_form_without_a_name_says_so(org, team_member, client_as):
    response = client_as(team_member).post("/people/me/tokens/", {"name": ""})
    assert response.status_code == 422
    assert response.context["token_form"].errors["name"] == ["This field is required."]
    assert not ApiToken.objects.exists()


def test_the_certification_form_names_the_bad_field(org, team_member, client_as):
    me = org.people["team-member"]
    response = client_as(team_member).post(f"/people/{me.pk}/certifications/", {
        "kind": "PMP", "number": "9", "issued_on": "2024-05-01", "expires_on": "2024-01-01"})
    assert response.status_code == 422
    assert "after the issue date" in response.context["certification_form"].errors["expires_on"][0]
    assert not Certification.objects.filter(number="9").exists()


def test_the_role_form_says_why_a_role_does_not_fit_the_unit(org, executive, client_as):
    person = org.people["team-member"]
    before = RoleAssignment.objects.count()
    response = client_as(executive).post(f"/people/{person.pk}/roles/", {
        "role": "pso-manager", "unit": f"group:{org.groups['RAN@W'].pk}"})
    assert response.status_code == 422
    assert "PSO" in response.context["role_form"].errors["unit"][0]
    assert RoleAssignment.objects.count() == before


def test_the_person_form_names_the_field_and_refuses_a_stale_version(org, executive, client_as):
    person = org.people["team-member"]
    client = client_as(executive)
    data = {"username": "x", "first_name": "Team", "last_name": "Member", "email": "not-an-address",
            "home_site": person.home_site_id, "group": person.group_id, "version": person.version}
    bad = client.post(f"/people/{person.pk}/edit/", data)
    assert bad.status_code == 422 and "email" in bad.context["form"].errors
    saved = client.post(f"/people/{person.pk}/edit/", data | {"email": "tm@example.com"})
    assert saved.status_code == 302
    stale = client.post(f"/people/{person.pk}/edit/", data | {"email": "other@example.com"})
    assert stale.status_code == 422 and "changed by someone else" in stale.content.decode()
    person.user.refresh_from_db()
    assert person.user.email == "tm@example.com"


def test_the_directory_filters_by_role_and_is_paginated(org, executive, client_as):
    response = client_as(executive).get("/people/", {"role": "tool-expert"})
    assert [p.user.username for p, _ in response.context["rows"]] == ["tool-expert"]
    rows = client_as(executive).get("/people/", {"q": "member"}, HTTP_HX_REQUEST="true")
    assert rows.templates[0].name == "people/_directory_rows.html"


def test_a_person_page_does_not_name_a_line_manager_out_of_the_viewers_scope(org, executive, bu_executive,
                                                                             client_as):
    from projectoffice.people import services

    pmo_manager = org.people["pmo-manager"]  # seen by NET's executive as staff of PMO-RAN; based in CLD@AUS
    boss = org.groups["CLD@AUS"].people.exclude(pk=pmo_manager.pk).first()
    services.person_update(person=pmo_manager, by=executive, changes={"line_manager": boss})
    page = client_as(bu_executive).get(f"/people/{pmo_manager.pk}/").content.decode()
    assert str(boss) not in page and "outside your scope" in page
    assert str(boss) in client_as(executive).get(f"/people/{pmo_manager.pk}/").content.decode()


def test_the_directory_says_which_office_a_role_is_held_in(org, executive, client_as):
    page = client_as(executive).get("/people/", {"role": "pmo-manager"}).content.decode()
    assert "PMO manager · PMO-RAN" in page


def test_refusals_are_pages_of_the_product(org, team_member, client_as):
    forbidden = client_as(team_member).get("/organisation/sites/new/")
    missing = client_as(team_member).get(f"/people/{org.people['outsider'].pk}/")
    assert forbidden.status_code == 403 and "You may not do this" in forbidden.content.decode()
    assert missing.status_code == 404 and "outside what your roles let you see" in missing.content.decode()
