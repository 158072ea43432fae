"""Organisation reads: the tree, clocks and calendars, the gate's 404s."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from projectoffice.organization import selectors
from projectoffice.organization.calendars import site_days_off


def codes(nodes):
    return [(node.unit.code, codes(node.children)) for node in nodes]


def test_the_tree_nests_product_lines_under_their_line(org, executive):
    assert codes(selectors.org_tree(executive)) == [
        ("ENT", [("CLD", [("SEC", [])])]), ("NET", [("OPT", []), ("RAN", [])])]


def test_a_pmo_manager_sees_their_line_under_its_business_unit_and_the_lines_of_their_own_group(org, pmo_manager):
    # PMO-RAN's manager sits in Austin in the Cloud group: they see RAN, and CLD as the line of their group
    assert codes(selectors.org_tree(pmo_manager)) == [("ENT", [("CLD", [])]), ("NET", [("RAN", [])])]


def test_an_out_of_scope_site_is_404_as_if_absent(org, team_member):
    with pytest.raises(Http404):
        selectors.site_get_for_user(user=team_member, site_id=org.sites["MUC"].pk)
    with pytest.raises(Http404):
        selectors.site_get_for_user(user=team_member, site_id=10**9)


def test_clocks_follow_each_sites_time_zone(org, executive):
    now = dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.UTC)
    clocks = {c.site.code: c for c in selectors.site_clocks(list(selectors.sites_visible_to(executive)), now=now)}
    assert clocks["W"].local_time.hour == 13 and clocks["AUS"].local_time.hour == 6
    assert clocks["MUC"].next_days_off[0].date == dt.date(2026, 4, 3)  # Good Friday


def test_local_exceptions_override_the_public_calendar(org):
    from projectoffice.organization import services

    site = org.sites["W"]
    services.site_exception_set(site=site, by=None, date=dt.date(2026, 5, 8), name="Worked", is_working=True)
    services.site_exception_set(site=site, by=None, date=dt.date(2026, 5, 11), name="Bridge")
    days = {d.date: d for d in site_days_off(site, dt.date(2026, 5, 1), dt.date(2026, 5, 31))}
    assert days[dt.date(2026, 5, 8)].is_working and not days[dt.date(2026, 5, 11)].is_working
    assert not days[dt.date(2026, 5, 1)].is_working  # Labour Day stays
