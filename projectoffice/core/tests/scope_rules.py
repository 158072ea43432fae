"""What a user may see, recomputed for tests from the rules in ``projectoffice/access.py``'s docstring.

Deliberately naive (every row loaded, plain set arithmetic, no ``Scope``): if the gate and this reading of
the rules disagree, one of them is wrong and the access tests say which rows differ.
"""

from __future__ import annotations

from typing import Any

from projectoffice.organization.models import (
    Company,
    Group,
    OrgUnit,
    ProjectOffice,
    Site,
    SiteCalendarException,
)
from projectoffice.people.models import (
    PMO_ROLES,
    PSO_ROLES,
    ApiToken,
    Certification,
    Person,
    PersonSkill,
    RoleAssignment,
    Skill,
)

ROW_SETS: dict[str, Any] = {
    "companies": Company, "units": OrgUnit, "sites": Site, "groups": Group, "offices": ProjectOffice,
    "people": Person, "role_assignments": RoleAssignment, "certifications": Certification,
    "person_skills": PersonSkill, "skills": Skill, "site_exceptions": SiteCalendarException, "tokens": ApiToken,
}


def all_rows() -> dict[str, set[int]]:
    """Every row id of every row set, whoever may see it."""
    return {name: set(model.objects.values_list("pk", flat=True)) for name, model in ROW_SETS.items()}


def visible_rows(user: Any) -> dict[str, set[int]]:
    """The ids of the rows ``user`` (a User, or None for anonymous) may see, by row set."""
    if user is None or not user.is_authenticated:
        return {name: set() for name in ROW_SETS}
    if user.is_superuser:
        seen = all_rows()
        seen["tokens"] = set(ApiToken.objects.filter(user=user).values_list("pk", flat=True))
        return seen
    person = Person.objects.filter(user=user).first()
    base = _structure(person) if person else {name: set() for name in ROW_SETS}
    return _derived(base, user, person)


def _structure(person: Person) -> dict[str, set[int]]:
    assignments = list(RoleAssignment.objects.filter(person=person).select_related("office"))
    whole = {a.company_id for a in assignments if a.company_id}
    if whole:
        return _whole_companies(whole)
    units = list(OrgUnit.objects.all())
    owned = _subtrees(units, {a.business_unit_id for a in assignments if a.business_unit_id}
                      | {a.office.business_line_id or 0 for a in assignments if a.office is not None and a.role in PMO_ROLES})
    my_psos = {a.office_id for a in assignments if a.office_id and a.role in PSO_ROLES}
    supported = {s.pk for office in ProjectOffice.objects.filter(pk__in=my_psos) for s in office.sites.all()}
    member_of = {a.group_id for a in assignments if a.group_id} | ({person.group_id} if person.group_id else set())
    groups = [g for g in Group.objects.all()
              if g.business_line_id in owned or g.site_id in supported or g.pk in member_of]
    sites = {g.site_id for g in groups} | supported | {person.home_site_id}
    seen_units = _with_ancestors(units, owned | {g.business_line_id for g in groups})
    offices = {o.pk for o in ProjectOffice.objects.prefetch_related("sites")
               if o.business_line_id in seen_units or {s.pk for s in o.sites.all()} & sites or o.pk in my_psos}
    staffed = my_psos | {a.office_id for a in assignments if a.office_id and a.role in PMO_ROLES}
    staffed |= set(ProjectOffice.objects.filter(business_line__in=owned).values_list("pk", flat=True))
    group_ids = {g.pk for g in groups}
    people = {p.pk for p in Person.objects.all()
              if p.group_id in group_ids or p.home_site_id in supported or p.pk == person.pk}
    people |= set(RoleAssignment.objects.filter(office__in=staffed).values_list("person_id", flat=True))
    return {"companies": {person.company_id}, "units": seen_units, "sites": sites, "groups": group_ids,
            "offices": offices, "people": people}


def _whole_companies(companies: set[int]) -> dict[str, set[int]]:
    def ids(model: Any, path: str) -> set[int]:
        return set(model.objects.filter(**{f"{path}__in": companies}).values_list("pk", flat=True))

    return {"companies": companies, "units": ids(OrgUnit, "company"), "sites": ids(Site, "company"),
            "groups": ids(Group, "site__company"), "offices": ids(ProjectOffice, "company"),
            "people": ids(Person, "company")}


def _derived(base: dict[str, set[int]], user: Any, person: Person | None) -> dict[str, set[int]]:
    """Rows seen through the people and sites seen: their roles, certifications, skills; the company catalogue."""
    people = base["people"]

    def of_people(model: Any) -> set[int]:
        return {pk for pk, owner in model.objects.values_list("pk", "person_id") if owner in people}

    return base | {
        "role_assignments": of_people(RoleAssignment),
        "certifications": of_people(Certification),
        "person_skills": of_people(PersonSkill),
        "skills": set(Skill.objects.filter(company_id=person.company_id).values_list("pk", flat=True))
        if person else set(),
        "site_exceptions": {pk for pk, site in SiteCalendarException.objects.values_list("pk", "site_id")
                            if site in base["sites"]},
        "tokens": set(ApiToken.objects.filter(user=user).values_list("pk", flat=True)),
    }


def _subtrees(units: list[OrgUnit], roots: set[int]) -> set[int]:
    found = set(roots)
    grew = True
    while grew:
        below = {u.pk for u in units if u.parent_id in found} - found
        found |= below
        grew = bool(below)
    return found


def _with_ancestors(units: list[OrgUnit], seen: set[int]) -> set[int]:
    parent = {u.pk: u.parent_id for u in units}
    result = set(seen)
    for unit in seen:
        while (unit := parent.get(unit)) is not None:  # type: ignore[assignment]
            result.add(unit)
    return result
