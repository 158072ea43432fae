"""Organisation pages and forms: the browser, a site's page and calendar, field-level messages with 422."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

from projectoffice.organization.models import OrgUnit, Site, SiteCalendarException

SITE_FORM = {"code": "NEW", "name": "New", "city": "", "country": "FR", "subdivision": "", "time_zone": "Europe/Paris",
             "currency": "EUR", "language": "fr", "working_days": "[1, 2, 3, 4, 5]",
             "working_hours": '[["09:00", "17:00"]]', "max_hours_per_day": "10", "max_hours_per_week": "48",
             "min_rest_hours": "11", "archive_location": ""}


def test_the_site_form_puts_each_reason_under_its_field(org, executive, client_as):
    response = client_as(executive).post("/organisation/sites/new/", SITE_FORM | {
        "country": "XX", "currency": "EURO", "time_zone": "Europe/Atlantis", "working_days": "[8]"})
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert set(errors) >= {"country", "currency", "time_zone"}
    assert "ISO 3166-1" in errors["country"][0] and "IANA" in errors["time_zone"][0]
    assert not Site.objects.filter(code="NEW").exists()


def test_the_site_form_refuses_a_bad_working_week_and_a_duplicate_code(org, executive, client_as):
    client = client_as(executive)
    week = client.post("/organisation/sites/new/", SITE_FORM | {"working_days": "[8]"})
    assert week.status_code == 422 and "working_days" in week.context["form"].errors
    duplicate = client.post("/organisation/sites/new/", SITE_FORM | {"code": "W"})
    assert duplicate.status_code == 422 and "already uses" in duplicate.context["form"].errors["code"][0]
    assert client.post("/organisation/sites/new/", SITE_FORM).status_code == 302


def test_the_unit_form_refuses_a_cycle_under_the_parent_field(org, executive, client_as):
    cld = org.units["CLD"]
    response = client_as(executive).post(f"/organisation/units/{cld.pk}/edit/", {
        "kind": "bl", "code": "CLD", "name": "Cloud", "parent": org.units["SEC"].pk, "description": "",
        "version": cld.version})
    assert response.status_code == 422
    assert "cycle" in response.context["form"].errors["parent"][0]
    assert OrgUnit.objects.get(pk=cld.pk).parent_id == org.units["ENT"].pk


def test_a_stale_site_edit_is_refused_and_says_why(org, executive, client_as):
    site = org.sites["W"]
    client = client_as(executive)
    form = SITE_FORM | {"code": "W", "name": "Lyon", "version": site.version}
    assert client.post(f"/organisation/sites/{site.pk}/edit/", form).status_code == 302
    site.refresh_from_db()
    assert (site.name, site.version) == ("Lyon", 2)
    stale = client.post(f"/organisation/sites/{site.pk}/edit/", form | {"name": "Lyon 2"})
    assert stale.status_code == 422 and "changed by someone else" in stale.content.decode()


def test_the_site_page_lists_holidays_and_local_exceptions(org, pso_data_administrator, client_as):
    site = org.sites["W"]
    client = client_as(pso_data_administrator)
    added = client.post(f"/organisation/sites/{site.pk}/exceptions/", {"date": "2030-06-03", "name": "Bridge"})
    assert added.status_code == 302
    page = client.get(f"/organisation/sites/{site.pk}/", {"year": 2030}).content.decode()
    assert "Bridge" in page and "National Day" in page
    assert SiteCalendarException.objects.filter(site=site, name="Bridge").exists()


def test_a_team_member_sees_no_edit_buttons(org, team_member, client_as):
    page = client_as(team_member).get("/organisation/").content.decode()
    assert "New site" not in page and "/edit/" not in page


def test_a_page_of_an_out_of_scope_site_is_404(org, team_member, client_as):
    assert client_as(team_member).get(f"/organisation/sites/{org.sites['Z'].pk}/").status_code == 404
    assert client_as(team_member).get(f"/organisation/sites/{org.sites['Z'].pk}/edit/").status_code == 404


def test_each_site_shows_its_own_local_time(org, executive, client_as):
    from django.utils import timezone

    page = client_as(executive).get("/organisation/").content.decode()
    clocks = dict(re.findall(r'sites/\d+/"><strong>(\w+)</strong>.*?<span class="clock">\w+ (\d\d:\d\d)</span>', page, re.S))
    now = timezone.now()
    for code in ("W", "AUS"):
        expected = timezone.localtime(now, zoneinfo.ZoneInfo(org.sites[code].time_zone))
        assert clocks[code] in {expected.strftime("%H:%M"), (expected - dt.timedelta(minutes=1)).strftime("%H:%M")}
    assert clocks["W"] != clocks["AUS"]


def test_the_new_site_form_is_offered_only_to_those_who_may_create_sites(org, team_member, executive, client_as):
    assert client_as(team_member).get("/organisation/sites/new/").status_code == 403
    assert client_as(executive).get("/organisation/sites/new/").status_code == 200


def test_the_new_site_form_starts_from_a_standard_week_and_says_when_it_is_emptied(org, executive, client_as):
    client = client_as(executive)
    page = client.get("/organisation/sites/new/").content.decode()
    assert "[1, 2, 3, 4, 5]" in page and "13:30" in page
    emptied = client.post("/organisation/sites/new/", SITE_FORM | {"working_days": ""})
    assert emptied.context["form"].errors["working_days"][0] == "This field is required."
