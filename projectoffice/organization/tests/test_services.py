"""Organisation services: who may change what, single-row rules, the audit trail, versions."""

from __future__ import annotations

import datetime as dt

import pytest

from projectoffice.core.errors import ApplicationError, ConflictError, PermissionDenied
from projectoffice.core.models import AuditRecord
from projectoffice.organization import services
from projectoffice.organization.models import OrgUnit, SiteCalendarException


def test_a_pmo_manager_adds_a_product_line_under_their_line_only(org, pmo_manager):
    line = services.org_unit_create(by=pmo_manager, company=org.company, kind="pl", code="RAN-5G", name="5G",
                                    parent=org.units["RAN"])
    assert line.parent == org.units["RAN"]
    with pytest.raises(PermissionDenied):
        services.org_unit_create(by=pmo_manager, company=org.company, kind="pl", code="CLD-X", name="x",
                                 parent=org.units["CLD"])


def test_an_edit_is_audited_versioned_and_a_no_op_is_neither(org, executive):
    site = org.sites["MUC"]
    services.site_update(site=site, by=executive, changes={"name": "Munich"}, expected_version=1)
    record = AuditRecord.objects.get(action="site.updated")
    assert (record.actor, record.data, site.version) == (executive, {"fields": ["name"]}, 2)
    services.site_update(site=site, by=executive, changes={"name": "Munich"}, expected_version=2)
    assert site.version == 2 and AuditRecord.objects.filter(action="site.updated").count() == 1
    with pytest.raises(ConflictError):
        services.site_update(site=site, by=executive, changes={"name": "M"}, expected_version=1)


def test_a_line_cannot_sit_at_the_top_nor_a_unit_under_a_line(org, executive):
    with pytest.raises(ApplicationError) as top:
        services.org_unit_create(by=executive, company=org.company, kind="bl", code="TOP", name="t")
    assert top.value.field == "parent"
    with pytest.raises(ApplicationError) as under:
        services.org_unit_create(by=executive, company=org.company, kind="bu", code="BU2", name="b",
                                 parent=org.units["RAN"])
    assert under.value.field == "parent"
    assert not OrgUnit.objects.filter(code__in=["TOP", "BU2"]).exists()


def test_a_site_with_people_or_groups_cannot_be_deleted(org, executive):
    with pytest.raises(ApplicationError, match="people or groups"):
        services.site_delete(site=org.sites["W"], by=executive)


def test_a_line_has_one_group_per_site(org, executive):
    with pytest.raises(ApplicationError) as error:
        services.group_create(by=executive, business_line=org.units["RAN"], site=org.sites["W"])
    assert error.value.field == "site"


def test_a_group_belongs_to_a_line_not_a_business_unit(org, executive):
    with pytest.raises(ApplicationError) as error:
        services.group_create(by=executive, business_line=org.units["NET"], site=org.sites["AUS"])
    assert error.value.field == "business_line"


def test_a_pso_cannot_support_another_companys_site(org, executive):
    with pytest.raises(ApplicationError) as error:
        services.office_update(office=org.offices["PSO-FR"], by=executive, changes={},
                               sites=[org.sites["W"], org.sites["Z"]])
    assert error.value.field == "sites"
    assert [s.code for s in org.offices["PSO-FR"].sites.all()] == ["W"]


def test_a_site_exception_on_the_same_day_replaces_the_former(org, pso_data_administrator):
    site, day = org.sites["W"], dt.date(2031, 3, 3)
    services.site_exception_set(site=site, by=pso_data_administrator, date=day, name="Closure")
    services.site_exception_set(site=site, by=pso_data_administrator, date=day, name="Worked", is_working=True)
    assert list(SiteCalendarException.objects.filter(site=site).values_list("name", "is_working")) == [
        ("Worked", True)]


def test_the_pso_data_administrator_may_not_change_munich(org, pso_data_administrator):
    with pytest.raises(PermissionDenied):
        services.site_update(site=org.sites["MUC"], by=pso_data_administrator, changes={"name": "x"})


def test_working_hours_and_limits_are_checked(org, executive):
    with pytest.raises(ApplicationError) as error:
        services.site_update(site=org.sites["W"], by=executive,
                             changes={"working_hours": [["09:00", "13:00"], ["12:00", "17:00"]],
                                      "max_hours_per_day": 50})
    assert {"working_hours", "max_hours_per_day"} <= set(error.value.errors)
