"""The cockpit's filters: parsed from the query string and checked against the user's company, so an unknown
value is a clear message naming the filter, never a 500 nor a silently empty page."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields

from django.db.models import Q, QuerySet

from projectoffice.access import scope_of
from projectoffice.core.errors import ApplicationError
from projectoffice.finance.permissions import AnyUser
from projectoffice.organization.models import OrgUnit, Site
from projectoffice.people.models import Person
from projectoffice.projects.models import Nature, Project


@dataclass(frozen=True, slots=True)
class CockpitFilters:
    bu: str = ""
    bl: str = ""  # a BL or a PL code: a BL includes its product lines
    site: str = ""
    nature: str = ""
    status: str = ""
    health: str = ""
    pm: str = ""  # the project manager's person id

    def as_query(self, **changes: str) -> dict[str, str]:
        """The non-empty filters (with ``changes``) as query-string pairs: drill-down links keep the others."""
        values = {f.name: getattr(self, f.name) for f in fields(self)} | changes
        return {k: v for k, v in values.items() if v}


FILTER_NAMES = tuple(f.name for f in fields(CockpitFilters))
CHOICES = {"nature": dict(Nature.choices), "status": dict(Project.Status.choices),
           "health": dict(Project.Health.choices)}


def cockpit_filters_parse(user: AnyUser, params: Mapping[str, str]) -> CockpitFilters:
    """Filters from ``params``; ApplicationError(field=<filter>) naming an unknown value (one query per
    organisational filter given, none for the others)."""
    values = {name: (params.get(name) or "").strip() for name in FILTER_NAMES}
    for name, choices in CHOICES.items():
        if values[name] and values[name] not in choices:
            raise ApplicationError(f"Unknown {name} {values[name]!r}; choose one of {', '.join(choices)}.",
                                   field=name)
    companies = scope_of(user).companies().values("pk")  # type: ignore[arg-type]
    _require(values["bu"], "bu", OrgUnit.objects.filter(company__in=companies, kind="bu", code=values["bu"]))
    _require(values["bl"], "bl", OrgUnit.objects.filter(company__in=companies, kind__in=["bl", "pl"],
                                                        code=values["bl"]))
    _require(values["site"], "site", Site.objects.filter(company__in=companies, code=values["site"]))
    if values["pm"]:
        if not values["pm"].isdigit():
            raise ApplicationError(f"Unknown project manager {values['pm']!r}.", field="pm")
        _require(values["pm"], "pm", Person.objects.filter(company__in=companies, pk=int(values["pm"])))
    return CockpitFilters(**values)


def _require(value: str, name: str, matches: QuerySet) -> None:  # type: ignore[type-arg]
    if value and not matches.exists():
        label = {"bu": "business unit", "bl": "business or product line", "site": "site",
                 "pm": "project manager"}[name]
        raise ApplicationError(f"Unknown {label} {value!r}.", field=name)


def filters_q(filters: CockpitFilters, prefix: str = "") -> Q:
    """The filters as one condition on Project (or on a relation to it: ``prefix``, e.g. "project")."""
    p = f"{prefix}__" if prefix else ""
    q = Q()
    if filters.bu:
        q &= Q(**{f"{p}business_unit__code": filters.bu})
    if filters.bl:
        q &= Q(**{f"{p}business_line__code": filters.bl}) | Q(**{f"{p}business_line__parent__code": filters.bl})
    if filters.site:
        q &= Q(**{f"{p}lead_site__code": filters.site})
    for name in ("nature", "status", "health"):
        if getattr(filters, name):
            q &= Q(**{f"{p}{name}": getattr(filters, name)})
    if filters.pm:
        q &= Q(**{f"{p}project_manager_id": int(filters.pm)})
    return q


def filter_options(user: AnyUser) -> dict[str, list[tuple[str, str]]]:
    """What the filter menus offer: the units and sites of the user's companies (2 queries)."""
    companies = scope_of(user).companies().values("pk")  # type: ignore[arg-type]
    units = list(OrgUnit.objects.filter(company__in=companies).order_by("code").values_list("kind", "code", "name"))
    return {
        "bu": [(c, f"{c} {n}") for k, c, n in units if k == "bu"],
        "bl": [(c, f"{c} {n}") for k, c, n in units if k in ("bl", "pl")],
        "site": [(c, f"{c} {n}") for c, n in Site.objects.filter(company__in=companies).order_by("code")
                 .values_list("code", "name")],
        **{name: list(choices.items()) for name, choices in CHOICES.items()},
    }
