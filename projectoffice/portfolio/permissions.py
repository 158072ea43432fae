"""Who sees a line's portfolio and who acts on it.

Sees: the PMO staff of the line (and of the line above a product line), the executives of its business unit and
of the whole company. Manages (proposals, drivers, scenarios): the PMO staff of the line and company executives.
Decides (the Project Portfolio Review Board): executives of the line's business unit or of the company.
PSO staff and team members see no portfolio. Might move to ``projectoffice.access`` later.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from projectoffice.access import scope_of
from projectoffice.core.errors import PermissionDenied
from projectoffice.organization.models import OrgUnit
from projectoffice.people.models import Role, RoleAssignment
from projectoffice.projects.permissions import pmo_lines

AnyUser = AbstractBaseUser | AnonymousUser
LINE_KINDS = (OrgUnit.Kind.BUSINESS_LINE, OrgUnit.Kind.PRODUCT_LINE)


def portfolio_lines(user: AnyUser | None) -> QuerySet[OrgUnit]:
    """The business and product lines whose portfolio the user may see."""
    scope = scope_of(user)
    lines = OrgUnit.objects.filter(kind__in=LINE_KINDS).select_related("parent", "company")
    if scope.is_superuser:
        return lines
    executive_lines = executive_line_ids(user)
    visible = executive_lines | pmo_lines(user)
    return lines.filter(company__in=scope.whole_company_ids) | lines.filter(pk__in=visible)


def executive_line_ids(user: AnyUser | None) -> frozenset[int]:
    """Lines under the business units the user is an executive of (cached on the user)."""
    cached = getattr(user, "_projectoffice_executive_lines", None)
    if cached is not None:
        return cached
    scope = scope_of(user)
    if scope.person_id is None:
        return frozenset()
    units = set(RoleAssignment.objects.filter(person_id=scope.person_id, role=Role.EXECUTIVE,
                                              business_unit__isnull=False).values_list("business_unit_id", flat=True))
    seen = set(units)
    frontier = set(units)
    while frontier:  # descend the tree level by level (a few levels at most)
        children = set(OrgUnit.objects.filter(parent__in=frontier).values_list("pk", flat=True)) - seen
        seen |= children
        frontier = children
    result = frozenset(seen - units)
    if user is not None and user.is_authenticated:
        user._projectoffice_executive_lines = result  # type: ignore[union-attr,attr-defined]
    return result


def may_manage_portfolio(user: AnyUser | None, line: OrgUnit) -> bool:
    scope = scope_of(user)
    return scope.may_manage_company(line.company_id) or line.pk in pmo_lines(user)


def may_decide_portfolio(user: AnyUser | None, line: OrgUnit) -> bool:
    scope = scope_of(user)
    return scope.may_manage_company(line.company_id) or line.pk in executive_line_ids(user)


def require_manage(user: AnyUser | None, line: OrgUnit) -> None:
    if not may_manage_portfolio(user, line):
        raise PermissionDenied(f"Only the PMO of {line.code} may change its portfolio.")


def require_decide(user: AnyUser | None, line: OrgUnit) -> None:
    if not may_decide_portfolio(user, line):
        raise PermissionDenied(f"Only the review board (executives over {line.code}) decides its portfolio.")
