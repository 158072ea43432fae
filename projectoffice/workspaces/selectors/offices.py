"""Which offices a user may open, and the ones they work in (their navigation entries)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from projectoffice.access import scope_of
from projectoffice.organization.models import ProjectOffice

AnyUser = AbstractBaseUser | AnonymousUser


def offices_visible_to(user: AnyUser | None) -> QuerySet[ProjectOffice]:
    """The offices in the user's scope (the gate's rule: their company's for executives, else those of their lines
    and sites), with what a list row shows."""
    return (scope_of(user).offices().select_related("business_line", "company")
            .annotate(site_count=Count("sites", distinct=True)).order_by("kind", "code"))


def office_get_for_user(*, user: AnyUser | None, office_id: int) -> ProjectOffice:
    """One office in the user's scope, or 404 whether absent or out of scope."""
    queryset = scope_of(user).offices().select_related("business_line", "company").prefetch_related("sites")
    return get_object_or_404(queryset, pk=office_id)


@dataclass(frozen=True, slots=True)
class OfficeEntry:
    office_id: int
    code: str
    kind: str


def office_entries_of(user: AnyUser | None) -> list[OfficeEntry]:
    """The offices the user holds a role in (one query, none without such a role): their own workspaces."""
    office_ids = list(scope_of(user).roles_by_office)
    if not office_ids:
        return []
    rows = ProjectOffice.objects.filter(pk__in=office_ids).order_by("kind", "code").values_list("pk", "code", "kind")
    return [OfficeEntry(pk, code, kind) for pk, code, kind in rows]
