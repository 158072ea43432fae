"""Navigation that follows the user's roles: each office gets its own workspace entry."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from projectoffice.access import Scope, scope_of
from projectoffice.people.models import PMO_ROLES, PSO_ROLES, Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool


# (label, url name, who sees it: None = everyone signed in, else a set of roles)
NAVIGATION: list[tuple[str, str, frozenset[str] | None]] = [
    ("Home", "home", None),
    ("Cockpit", "cockpit:index", frozenset({Role.EXECUTIVE, *PMO_ROLES, *PSO_ROLES})),
    ("Projects", "projects:list", None),
    ("Timesheets", "timesheets:week", None),
    ("Portfolio", "portfolio:index", frozenset({Role.EXECUTIVE, *PMO_ROLES})),
    ("Organisation", "organization:index", None),
    ("People", "people:directory", None),
]


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    scope = scope_of(user)
    items = []
    for label, name, roles in NAVIGATION:
        if roles is not None and not scope.is_superuser and not scope.roles & roles:
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:  # the app is not installed in this build
            continue
        items.append(NavItem(label, url, is_active(request.path, url)))
        if name == "home":
            items.extend(office_items(request, scope))
    return {"nav_items": items, "user_scope": scope}


def is_active(path: str, url: str) -> bool:
    return path == url if url == "/" else path.startswith(url)


def office_items(request: HttpRequest, scope: Scope) -> list[NavItem]:
    """One entry per office the user works in (its workspace); executives get the list of offices."""
    from projectoffice.workspaces.selectors import office_entries_of

    items = [NavItem(e.code, url, request.path == url) for e in office_entries_of(request.user)
             for url in [reverse("workspaces:office", args=[e.office_id])]]
    if not items and (scope.is_superuser or Role.EXECUTIVE in scope.roles):
        url = reverse("workspaces:index")
        items.append(NavItem("Offices", url, request.path.startswith(url)))
    return items
