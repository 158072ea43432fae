"""Reads about people, planned once: every list starts from the user's scope."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from projectoffice.access import scope_of
from projectoffice.people.models import (
    PMI_CERTIFICATIONS,
    PMO_ROLES,
    ApiToken,
    Certification,
    CertificationKind,
    Person,
    PersonSkill,
    Role,
    RoleAssignment,
    Skill,
)

AnyUser = AbstractBaseUser | AnonymousUser


def people_visible_to(user: AnyUser) -> QuerySet[Person]:
    return scope_of(user).people()


def people_list(user: AnyUser, *, q: str = "", site: int | None = None, group: int | None = None,
                role: str = "", skill: int | None = None, certification: str = "") -> QuerySet[Person]:
    """The directory: people in scope with what the list shows, in a fixed number of queries."""
    people = people_visible_to(user).select_related("user", "home_site", "group", "line_manager__user")
    if q:
        people = people.filter(
            Q(user__first_name__icontains=q) | Q(user__last_name__icontains=q) | Q(user__username__icontains=q)
            | Q(job_title__icontains=q) | Q(user__email__icontains=q)
        )
    if site:
        people = people.filter(home_site_id=site)
    if group:
        people = people.filter(group_id=group)
    if role:
        people = people.filter(pk__in=RoleAssignment.objects.filter(role=role).values("person_id"))
    if skill:
        people = people.filter(pk__in=PersonSkill.objects.filter(skill_id=skill).values("person_id"))
    if certification:
        people = people.filter(pk__in=Certification.objects.filter(kind=certification).values("person_id"))
    return people.prefetch_related(
        Prefetch("roles", queryset=RoleAssignment.objects.select_related("office", "group", "business_unit", "company")),
        "certifications",
    ).order_by("user__last_name", "user__first_name", "pk")


def person_get_for_user(*, user: AnyUser, person_id: int) -> Person:
    """One person, or 404 whether absent or out of scope."""
    return get_object_or_404(
        people_visible_to(user)
        .select_related("user", "home_site", "group__business_line", "group__site", "line_manager__user", "company")
        .prefetch_related(
            Prefetch("roles", queryset=RoleAssignment.objects.select_related(
                "office", "group", "business_unit", "company")),
            "certifications",
            Prefetch("skills", queryset=PersonSkill.objects.select_related("skill")),
        ),
        pk=person_id,
    )


def role_assignments_visible_to(user: AnyUser) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(scope_of(user).people_q("person")).select_related(
        "person__user", "office", "group", "business_unit", "company"
    )


def certifications_visible_to(user: AnyUser) -> QuerySet[Certification]:
    return Certification.objects.filter(scope_of(user).people_q("person")).select_related("person__user")


def person_skills_visible_to(user: AnyUser) -> QuerySet[PersonSkill]:
    return PersonSkill.objects.filter(scope_of(user).people_q("person")).select_related("person__user", "skill")


def skills_visible_to(user: AnyUser) -> QuerySet[Skill]:
    scope = scope_of(user)
    skills = Skill.objects.all() if scope.is_superuser else Skill.objects.filter(company__in=scope.company_ids)
    return skills.order_by("category", "name")


def tokens_of(user: AnyUser) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user_id=user.pk or 0)


def certifications_expiring(certifications: Iterable[Certification], *, today: dt.date,
                            within_days: int = 90) -> list[Certification]:
    horizon = today + dt.timedelta(days=within_days)
    return [c for c in certifications if c.expires_on is not None and today <= c.expires_on <= horizon]


@dataclass(frozen=True, slots=True)
class Warning:
    person_id: int
    message: str


def person_warnings(person: Person, *, today: dt.date) -> list[Warning]:
    """The seed's rules: a PMO manager is PMI certified; a PSO manager holds a PMP. Uses prefetched rows."""
    roles = {a.role for a in person.roles.all()}
    current = {c.kind for c in person.certifications.all() if c.is_current(today)}
    warnings = []
    if Role.PMO_MANAGER in roles and not current & PMI_CERTIFICATIONS:
        warnings.append(Warning(person.pk, f"{person} is a PMO manager without a current PMI certification."))
    if Role.PSO_MANAGER in roles and CertificationKind.PMP not in current:
        warnings.append(Warning(person.pk, f"{person} is a PSO manager without a current PMP certification."))
    return warnings


def people_warnings(people: Iterable[Person], *, today: dt.date) -> dict[int, list[Warning]]:
    return {p.pk: w for p in people if (w := person_warnings(p, today=today))}


def office_roles(person: Person) -> list[RoleAssignment]:
    return [a for a in person.roles.all() if a.role in PMO_ROLES]


@dataclass(frozen=True)
class Workspace:
    person: Person | None
    roles: list[RoleAssignment]
    clocks: list
    expiring: list[Certification]
    warnings: list[Warning]


def my_workspace(user: AnyUser, *, now: dt.datetime) -> Workspace:
    """What the home page shows the user, in a fixed number of queries."""
    from projectoffice.organization.selectors import site_clocks, sites_visible_to

    scope = scope_of(user)
    person = (
        Person.objects.filter(user_id=user.pk or 0)
        .select_related("home_site", "group")
        .prefetch_related(
            Prefetch("roles", queryset=RoleAssignment.objects.select_related(
                "office", "group", "business_unit", "company")),
            "certifications",
        )
        .first()
    )
    if person is None:
        return Workspace(None, [], [], [], [])
    my_site_ids = {person.home_site_id, *scope.supported_site_ids}
    sites = list(sites_visible_to(user).filter(pk__in=my_site_ids).order_by("code"))
    today = now.date()
    return Workspace(
        person=person,
        roles=list(person.roles.all()),
        clocks=site_clocks(sites, now=now),
        expiring=certifications_expiring(person.certifications.all(), today=today),
        warnings=person_warnings(person, today=today),
    )
