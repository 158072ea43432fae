"""Reads about the organisation, planned once and always scoped to the user."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from projectoffice.access import scope_of
from projectoffice.organization.calendars import SiteDay, local_now, next_public_holidays
from projectoffice.organization.models import Group, OrgUnit, ProjectOffice, Site, SiteCalendarException

AnyUser = AbstractBaseUser | AnonymousUser


def org_units_visible_to(user: AnyUser) -> QuerySet[OrgUnit]:
    return scope_of(user).org_units().select_related("parent", "company")


def sites_visible_to(user: AnyUser) -> QuerySet[Site]:
    return scope_of(user).sites().select_related("company").prefetch_related("calendar_exceptions")


def groups_visible_to(user: AnyUser) -> QuerySet[Group]:
    return scope_of(user).groups().select_related("business_line__parent", "site")


def offices_visible_to(user: AnyUser) -> QuerySet[ProjectOffice]:
    return scope_of(user).offices().select_related("business_line", "company").prefetch_related("sites")


def org_unit_get_for_user(*, user: AnyUser, unit_id: int) -> OrgUnit:
    return get_object_or_404(org_units_visible_to(user), pk=unit_id)


def site_get_for_user(*, user: AnyUser, site_id: int) -> Site:
    return get_object_or_404(sites_visible_to(user), pk=site_id)


def group_get_for_user(*, user: AnyUser, group_id: int) -> Group:
    return get_object_or_404(groups_visible_to(user), pk=group_id)


def office_get_for_user(*, user: AnyUser, office_id: int) -> ProjectOffice:
    return get_object_or_404(offices_visible_to(user), pk=office_id)


def site_exception_get_for_user(*, user: AnyUser, exception_id: int) -> SiteCalendarException:
    return get_object_or_404(
        SiteCalendarException.objects.filter(site__in=scope_of(user).sites()).select_related("site"),
        pk=exception_id,
    )


@dataclass(frozen=True)
class UnitNode:
    unit: OrgUnit
    children: list[UnitNode]
    group_count: int


def org_tree(user: AnyUser) -> list[UnitNode]:
    """The BU → BL/PL tree the user may see, built from one query."""
    units = list(org_units_visible_to(user).annotate(group_count=Count("groups")).order_by("code"))
    visible = {u.pk for u in units}
    by_parent: dict[int | None, list[OrgUnit]] = {}
    for unit in units:
        parent = unit.parent_id if unit.parent_id in visible else None
        by_parent.setdefault(parent, []).append(unit)

    def build(parent: int | None) -> list[UnitNode]:
        return [UnitNode(u, build(u.pk), u.group_count) for u in by_parent.get(parent, [])]  # type: ignore[attr-defined]

    return build(None)


@dataclass(frozen=True)
class SiteClock:
    site: Site
    local_time: dt.datetime
    next_days_off: list[SiteDay]


def site_clocks(sites: list[Site], *, now: dt.datetime, holidays: int = 3) -> list[SiteClock]:
    """Each site's local time and next days off (sites must come with their exceptions prefetched)."""
    return [
        SiteClock(site, local_now(site, now), next_public_holidays(site, today=local_now(site, now).date(),
                                                                    count=holidays))
        for site in sites
    ]


def offices_with_members(user: AnyUser) -> QuerySet[ProjectOffice]:
    """Offices in scope with their members — only the members the user may see (an office is not a window
    onto people out of scope)."""
    from projectoffice.people.models import RoleAssignment

    members = RoleAssignment.objects.filter(scope_of(user).people_q("person"))
    return offices_visible_to(user).prefetch_related(
        Prefetch("roles", queryset=members.select_related("person__user").order_by("role"))
    )
