"""Every change to the organisation goes through one function here; each checks the actor's rights and
writes the audit trail in the same transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from projectoffice.access import Actor, scope_of
from projectoffice.core.audit import audit_record
from projectoffice.core.errors import ApplicationError, PermissionDenied
from projectoffice.core.validation import apply_changes, validated_save
from projectoffice.core.versioning import bump_version, check_version
from projectoffice.organization.models import (
    Company,
    Group,
    OrgUnit,
    ProjectOffice,
    Site,
    SiteCalendarException,
)

UNIT_FIELDS = ("code", "name", "kind", "parent", "description")
SITE_FIELDS = (
    "code", "name", "city", "country", "subdivision", "time_zone", "currency", "language", "working_days",
    "working_hours", "max_hours_per_day", "max_hours_per_week", "min_rest_hours", "archive_location",
)
GROUP_FIELDS = ("name", "business_line", "site")
OFFICE_FIELDS = ("code", "name", "business_line")
DEFAULT_WEEK = [1, 2, 3, 4, 5]
DEFAULT_HOURS = [["09:00", "12:30"], ["13:30", "17:30"]]


def _refuse_unless(allowed: bool, what: str) -> None:
    if not allowed:
        raise PermissionDenied(f"You may not {what}.")


def _save_edit(obj: Any, *, by: Actor, changes: dict[str, Any], allowed: tuple[str, ...],
               expected_version: int | None, action: str) -> Any:
    check_version(obj, expected_version)
    changed = apply_changes(obj, changes, allowed=allowed)
    if changed:
        bump_version(obj)
        validated_save(obj)
        audit_record(actor=by, action=action, target=obj, data={"fields": changed})
    return obj


@transaction.atomic
def company_update(*, company: Company, by: Actor, changes: dict[str, Any],
                   expected_version: int | None = None) -> Company:
    _refuse_unless(scope_of(by).may_manage_company(company.pk), "change the company")
    return _save_edit(company, by=by, changes=changes, allowed=("name", "reporting_currency"),
                      expected_version=expected_version, action="company.updated")


# --- business units and lines --------------------------------------------------------------------------------
@transaction.atomic
def org_unit_create(*, by: Actor, company: Company, kind: str, code: str, name: str,
                    parent: OrgUnit | None = None, description: str = "") -> OrgUnit:
    unit = OrgUnit(company=company, kind=kind, code=code, name=name, parent=parent, description=description)
    scope = scope_of(by)
    _refuse_unless(
        scope.may_manage_company(company.pk) or (parent is not None and scope.may_manage_unit(parent)),
        "create a unit here",
    )
    validated_save(unit)
    audit_record(actor=by, action="org_unit.created", target=unit)
    return unit


@transaction.atomic
def org_unit_update(*, unit: OrgUnit, by: Actor, changes: dict[str, Any],
                    expected_version: int | None = None) -> OrgUnit:
    scope = scope_of(by)
    _refuse_unless(scope.may_manage_unit(unit), f"change {unit}")
    new_parent = changes.get("parent", unit.parent)
    if "parent" in changes and new_parent is not None:
        _refuse_unless(scope.may_manage_unit(new_parent), f"move a unit under {new_parent}")
        refuse_cycle(unit, new_parent)
    return _save_edit(unit, by=by, changes=changes, allowed=UNIT_FIELDS,
                      expected_version=expected_version, action="org_unit.updated")


def refuse_cycle(unit: OrgUnit, new_parent: OrgUnit) -> None:
    """Refuse a parent that is the unit itself or one of its descendants."""
    ancestor: OrgUnit | None = new_parent
    path = [unit.code]
    while ancestor is not None:
        path.append(ancestor.code)
        if ancestor.pk == unit.pk:
            raise ApplicationError(
                "This parent would make a cycle in the organisation tree: " + " → ".join(reversed(path)) + ".",
                field="parent",
            )
        ancestor = ancestor.parent


@transaction.atomic
def org_unit_delete(*, unit: OrgUnit, by: Actor) -> None:
    scope = scope_of(by)
    allowed = scope.may_manage_unit(unit.parent) if unit.parent else scope.may_manage_company(unit.company_id)
    _refuse_unless(allowed, f"delete {unit}")
    if unit.children.exists() or unit.groups.exists() or unit.offices.exists():
        raise ApplicationError(f"{unit} still has lines, groups or an office; remove or move them first.")
    audit_record(actor=by, action="org_unit.deleted", target=unit)
    unit.delete()


# --- sites --------------------------------------------------------------------------------------------------
@transaction.atomic
def site_create(*, by: Actor, company: Company, **fields: Any) -> Site:
    _refuse_unless(scope_of(by).may_manage_company(company.pk), "create a site")
    apply_changes(Site(), fields, allowed=SITE_FIELDS)  # refuses unknown fields by name
    fields.setdefault("working_days", list(DEFAULT_WEEK))
    fields.setdefault("working_hours", [list(pair) for pair in DEFAULT_HOURS])
    site = Site(company=company, **fields)
    validated_save(site)
    audit_record(actor=by, action="site.created", target=site)
    return site


@transaction.atomic
def site_update(*, site: Site, by: Actor, changes: dict[str, Any],
                expected_version: int | None = None) -> Site:
    _refuse_unless(scope_of(by).may_manage_site(site), f"change {site}")
    return _save_edit(site, by=by, changes=changes, allowed=SITE_FIELDS,
                      expected_version=expected_version, action="site.updated")


@transaction.atomic
def site_delete(*, site: Site, by: Actor) -> None:
    _refuse_unless(scope_of(by).may_manage_company(site.company_id), f"delete {site}")
    if site.people.exists() or site.groups.exists():
        raise ApplicationError(f"{site} still has people or groups; move them first.")
    audit_record(actor=by, action="site.deleted", target=site)
    site.delete()


@transaction.atomic
def site_exception_set(*, site: Site, by: Actor, date: dt.date, name: str,
                       is_working: bool = False) -> SiteCalendarException:
    """Add or replace the site's local exception on ``date`` (an extra day off, or a worked holiday)."""
    _refuse_unless(scope_of(by).may_manage_site(site), f"change the calendar of {site}")
    if not name.strip():
        raise ApplicationError("Give the exception a name (e.g. “Site closure”).", field="name")
    exception = SiteCalendarException.objects.filter(site=site, date=date).first() or SiteCalendarException(
        site=site, date=date
    )
    exception.name, exception.is_working = name.strip(), is_working
    validated_save(exception)
    audit_record(actor=by, action="site.exception_set", target=site, data={"date": date.isoformat(), "name": name})
    return exception


@transaction.atomic
def site_exception_remove(*, exception: SiteCalendarException, by: Actor) -> None:
    _refuse_unless(scope_of(by).may_manage_site(exception.site), f"change the calendar of {exception.site}")
    audit_record(actor=by, action="site.exception_removed", target=exception.site,
                 data={"date": exception.date.isoformat()})
    exception.delete()


# --- groups ---------------------------------------------------------------------------------------------------
@transaction.atomic
def group_create(*, by: Actor, business_line: OrgUnit, site: Site, name: str = "") -> Group:
    group = Group(business_line=business_line, site=site, name=name or f"{business_line.name} at {site.name}")
    scope = scope_of(by)
    _refuse_unless(scope.may_manage_site(site) or scope.may_manage_unit(business_line), "create this group")
    if Group.objects.filter(business_line=business_line, site=site).exists():
        raise ApplicationError(f"{business_line.code} already has a group at {site.code}.", field="site")
    validated_save(group)
    audit_record(actor=by, action="group.created", target=group)
    return group


@transaction.atomic
def group_update(*, group: Group, by: Actor, changes: dict[str, Any],
                 expected_version: int | None = None) -> Group:
    _refuse_unless(scope_of(by).may_manage_group(group), f"change {group}")
    return _save_edit(group, by=by, changes=changes, allowed=GROUP_FIELDS,
                      expected_version=expected_version, action="group.updated")


@transaction.atomic
def group_delete(*, group: Group, by: Actor) -> None:
    _refuse_unless(scope_of(by).may_manage_group(group), f"delete {group}")
    if group.people.exists():
        raise ApplicationError(f"{group} still has people; move them first.")
    audit_record(actor=by, action="group.deleted", target=group)
    group.delete()


# --- project offices ------------------------------------------------------------------------------------------
@transaction.atomic
def office_create(*, by: Actor, company: Company, kind: str, code: str, name: str,
                  business_line: OrgUnit | None = None, sites: list[Site] | None = None) -> ProjectOffice:
    scope = scope_of(by)
    _refuse_unless(
        scope.may_manage_company(company.pk) or (business_line is not None and scope.may_manage_unit(business_line)),
        "create a project office",
    )
    office = ProjectOffice(company=company, kind=kind, code=code, name=name, business_line=business_line)
    validated_save(office)
    _set_office_sites(office, sites or [])
    audit_record(actor=by, action="office.created", target=office)
    return office


@transaction.atomic
def office_update(*, office: ProjectOffice, by: Actor, changes: dict[str, Any],
                  sites: list[Site] | None = None, expected_version: int | None = None) -> ProjectOffice:
    _refuse_unless(scope_of(by).may_manage_office(office), f"change {office}")
    _save_edit(office, by=by, changes=changes, allowed=OFFICE_FIELDS,
               expected_version=expected_version, action="office.updated")
    if sites is not None:
        _set_office_sites(office, sites)
        audit_record(actor=by, action="office.sites_set", target=office, data={"sites": [s.code for s in sites]})
    return office


def _set_office_sites(office: ProjectOffice, sites: list[Site]) -> None:
    if office.kind == ProjectOffice.Kind.PMO and sites:
        raise ApplicationError("A PMO serves a business line, not sites.", field="sites")
    if office.kind == ProjectOffice.Kind.PSO and not sites:
        raise ApplicationError("A PSO supports at least one site.", field="sites")
    foreign = [site.code for site in sites if site.company_id != office.company_id]
    if foreign:
        raise ApplicationError(f"Sites of another company: {', '.join(foreign)}.", field="sites")
    office.sites.set(sites)


@transaction.atomic
def office_delete(*, office: ProjectOffice, by: Actor) -> None:
    _refuse_unless(scope_of(by).may_manage_company(office.company_id), f"delete {office}")
    if office.roles.exists():
        raise ApplicationError(f"{office} still has members; remove their roles first.")
    audit_record(actor=by, action="office.deleted", target=office)
    office.delete()
