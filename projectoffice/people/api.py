"""/api/v1/ — people, role assignments, certifications, skills, and the caller's API tokens."""


import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from projectoffice.access import company_of, scope_of
from projectoffice.core.api import ErrorOut, resolve
from projectoffice.core.errors import ApplicationError
from projectoffice.organization import selectors as org_selectors
from projectoffice.people import selectors, services
from projectoffice.people.models import CertificationKind, Person, Role, RoleAssignment

router = Router(tags=["people"])
ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


# --- people --------------------------------------------------------------------------------------------------
class RoleOut(Schema):
    id: int
    person_id: int
    role: str
    scope_kind: str
    scope_id: int
    scope_label: str

    @staticmethod
    def resolve_scope_id(a: RoleAssignment) -> int:
        return a.company_id or a.business_unit_id or a.office_id or a.group_id or 0


class CertificationOut(Schema):
    id: int
    person_id: int
    kind: str
    number: str
    issued_on: dt.date
    expires_on: dt.date | None
    version: int


class PersonOut(Schema):
    id: int
    username: str
    first_name: str
    last_name: str
    email: str
    home_site_id: int
    group_id: int | None
    line_manager_id: int | None
    job_title: str
    phone: str
    is_active: bool
    roles: list[RoleOut]
    warnings: list[str]
    version: int

    @staticmethod
    def resolve_username(p: Person) -> str:
        return p.user.username

    @staticmethod
    def resolve_first_name(p: Person) -> str:
        return p.user.first_name

    @staticmethod
    def resolve_last_name(p: Person) -> str:
        return p.user.last_name

    @staticmethod
    def resolve_email(p: Person) -> str:
        return p.user.email

    @staticmethod
    def resolve_is_active(p: Person) -> bool:
        return p.user.is_active

    @staticmethod
    def resolve_roles(p: Person) -> list[RoleAssignment]:
        return list(p.roles.all())

    @staticmethod
    def resolve_warnings(p: Person) -> list[str]:
        return [w.message for w in selectors.person_warnings(p, today=timezone.localdate())]


class PersonIn(Schema):
    username: str
    first_name: str
    last_name: str
    email: str
    home_site_id: int
    group_id: int | None = None
    line_manager_id: int | None = None
    job_title: str = ""
    phone: str = ""


class PersonPatch(Schema):
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    home_site_id: int | None = None
    group_id: int | None = None
    line_manager_id: int | None = None
    job_title: str | None = None
    phone: str | None = None
    version: int | None = None


class PeopleFilter(Schema):
    q: str = ""
    site_id: int | None = None
    group_id: int | None = None
    role: Role | None = None
    skill_id: int | None = None
    certification: CertificationKind | None = None


@router.get("/people", response=list[PersonOut])
@paginate(PageNumberPagination)
def list_people(request: HttpRequest, filters: Query[PeopleFilter]):
    return selectors.people_list(request.user, q=filters.q, site=filters.site_id, group=filters.group_id,
                                 role=filters.role or "", skill=filters.skill_id,
                                 certification=filters.certification or "")


@router.get("/people/{person_id}", response={200: PersonOut, **ERRORS})
def get_person(request: HttpRequest, person_id: int):
    return selectors.person_get_for_user(user=request.user, person_id=person_id)


def _relations(request: HttpRequest, payload: PersonIn | PersonPatch) -> dict[str, object]:
    user = request.user
    found: dict[str, object] = {}
    fields = payload.model_fields_set
    if "home_site_id" in fields and payload.home_site_id is not None:
        found["home_site"] = resolve(org_selectors.sites_visible_to(user), payload.home_site_id,
                                     field="home_site_id", label="site")
    if "group_id" in fields:
        found["group"] = resolve(org_selectors.groups_visible_to(user), payload.group_id, field="group_id",
                                 label="group")
    if "line_manager_id" in fields:
        found["line_manager"] = resolve(selectors.people_visible_to(user), payload.line_manager_id,
                                        field="line_manager_id", label="person")
    return found


@router.post("/people", response={201: PersonOut, **ERRORS})
def create_person(request: HttpRequest, payload: PersonIn):
    relations = _relations(request, payload)
    company = company_of(request.user)
    person = services.person_create(
        by=request.user, company=company, username=payload.username, first_name=payload.first_name,
        last_name=payload.last_name, email=payload.email, job_title=payload.job_title, phone=payload.phone,
        **relations,  # type: ignore[arg-type]
    )
    return Status(201, selectors.person_get_for_user(user=request.user, person_id=person.pk))


@router.patch("/people/{person_id}", response={200: PersonOut, **ERRORS})
def update_person(request: HttpRequest, person_id: int, payload: PersonPatch):
    person = selectors.person_get_for_user(user=request.user, person_id=person_id)
    changes = payload.dict(exclude_unset=True, exclude={"version", "home_site_id", "group_id", "line_manager_id"})
    changes.update(_relations(request, payload))
    services.person_update(person=person, by=request.user, changes=changes, expected_version=payload.version)
    return selectors.person_get_for_user(user=request.user, person_id=person_id)


@router.post("/people/{person_id}/deactivate", response={200: PersonOut, **ERRORS})
def deactivate_person(request: HttpRequest, person_id: int):
    person = selectors.person_get_for_user(user=request.user, person_id=person_id)
    services.person_deactivate(person=person, by=request.user)
    return selectors.person_get_for_user(user=request.user, person_id=person_id)


# --- role assignments ----------------------------------------------------------------------------------------
class RoleIn(Schema):
    person_id: int
    role: Role
    scope_kind: str
    scope_id: int


@router.get("/role-assignments", response=list[RoleOut])
@paginate(PageNumberPagination)
def list_role_assignments(request: HttpRequest, person_id: int | None = None, role: Role | None = None):
    assignments = selectors.role_assignments_visible_to(request.user)
    if person_id:
        assignments = assignments.filter(person_id=person_id)
    if role:
        assignments = assignments.filter(role=role)
    return assignments.order_by("person__user__last_name", "role", "pk")


@router.post("/role-assignments", response={201: RoleOut, **ERRORS})
def create_role_assignment(request: HttpRequest, payload: RoleIn):
    person = resolve(selectors.people_visible_to(request.user), payload.person_id, field="person_id", label="person")
    unit = _scope_unit(request, payload.scope_kind, payload.scope_id)
    return Status(201, services.role_assign(by=request.user, person=person, role=payload.role, unit=unit))


def _scope_unit(request: HttpRequest, kind: str, pk: int) -> services.ScopeUnit:
    user = request.user
    querysets = {
        "company": lambda: scope_of(user).companies(),
        "bu": lambda: org_selectors.org_units_visible_to(user).filter(kind="bu"),
        "pmo": lambda: org_selectors.offices_visible_to(user).filter(kind="pmo"),
        "pso": lambda: org_selectors.offices_visible_to(user).filter(kind="pso"),
        "group": lambda: org_selectors.groups_visible_to(user),
    }
    if kind not in querysets:
        raise ApplicationError(f"scope_kind: “{kind}” is not one of {', '.join(querysets)}.", field="scope_kind")
    return resolve(querysets[kind](), pk, field="scope_id", label=kind)


@router.delete("/role-assignments/{assignment_id}", response={204: None, **ERRORS})
def delete_role_assignment(request: HttpRequest, assignment_id: int):
    assignment = get_object_or_404(selectors.role_assignments_visible_to(request.user), pk=assignment_id)
    services.role_revoke(assignment=assignment, by=request.user)
    return Status(204, None)


# --- certifications ------------------------------------------------------------------------------------------
class CertificationIn(Schema):
    person_id: int
    kind: CertificationKind
    number: str
    issued_on: dt.date
    expires_on: dt.date | None = None


class CertificationPatch(Schema):
    number: str | None = None
    issued_on: dt.date | None = None
    expires_on: dt.date | None = None
    version: int | None = None


@router.get("/certifications", response=list[CertificationOut])
@paginate(PageNumberPagination)
def list_certifications(request: HttpRequest, person_id: int | None = None,
                        kind: CertificationKind | None = None, expiring_within_days: int | None = None):
    certifications = selectors.certifications_visible_to(request.user)
    if person_id:
        certifications = certifications.filter(person_id=person_id)
    if kind:
        certifications = certifications.filter(kind=kind)
    if expiring_within_days is not None:
        today = timezone.localdate()
        certifications = certifications.filter(
            expires_on__gte=today, expires_on__lte=today + dt.timedelta(days=expiring_within_days)
        )
    return certifications.order_by("expires_on", "pk")


@router.get("/certifications/{certification_id}", response={200: CertificationOut, **ERRORS})
def get_certification(request: HttpRequest, certification_id: int):
    return get_object_or_404(selectors.certifications_visible_to(request.user), pk=certification_id)


@router.post("/certifications", response={201: CertificationOut, **ERRORS})
def create_certification(request: HttpRequest, payload: CertificationIn):
    person = resolve(selectors.people_visible_to(request.user), payload.person_id, field="person_id", label="person")
    data = payload.dict(exclude={"person_id"})
    return Status(201, services.certification_add(by=request.user, person=person, **data))


@router.patch("/certifications/{certification_id}", response={200: CertificationOut, **ERRORS})
def update_certification(request: HttpRequest, certification_id: int, payload: CertificationPatch):
    certification = get_object_or_404(selectors.certifications_visible_to(request.user), pk=certification_id)
    changes = payload.dict(exclude_unset=True, exclude={"version"})
    return services.certification_update(certification=certification, by=request.user, changes=changes,
                                         expected_version=payload.version)


@router.delete("/certifications/{certification_id}", response={204: None, **ERRORS})
def delete_certification(request: HttpRequest, certification_id: int):
    certification = get_object_or_404(selectors.certifications_visible_to(request.user), pk=certification_id)
    services.certification_remove(certification=certification, by=request.user)
    return Status(204, None)


# --- skills --------------------------------------------------------------------------------------------------
class SkillOut(Schema):
    id: int
    code: str
    name: str
    category: str


class SkillIn(Schema):
    code: str
    name: str
    category: str = ""


class SkillPatch(Schema):
    code: str | None = None
    name: str | None = None
    category: str | None = None


class PersonSkillOut(Schema):
    id: int
    person_id: int
    skill_id: int
    level: int


class PersonSkillIn(Schema):
    person_id: int
    skill_id: int
    level: int


@router.get("/skills", response=list[SkillOut])
@paginate(PageNumberPagination)
def list_skills(request: HttpRequest, q: str = "", category: str = ""):
    skills = selectors.skills_visible_to(request.user)
    if q:
        skills = skills.filter(name__icontains=q)
    if category:
        skills = skills.filter(category=category)
    return skills


@router.post("/skills", response={201: SkillOut, **ERRORS})
def create_skill(request: HttpRequest, payload: SkillIn):
    company = company_of(request.user)
    return Status(201, services.skill_create(by=request.user, company=company, **payload.dict()))


@router.patch("/skills/{skill_id}", response={200: SkillOut, **ERRORS})
def update_skill(request: HttpRequest, skill_id: int, payload: SkillPatch):
    skill = get_object_or_404(selectors.skills_visible_to(request.user), pk=skill_id)
    return services.skill_update(skill=skill, by=request.user, changes=payload.dict(exclude_unset=True))


@router.delete("/skills/{skill_id}", response={204: None, **ERRORS})
def delete_skill(request: HttpRequest, skill_id: int):
    skill = get_object_or_404(selectors.skills_visible_to(request.user), pk=skill_id)
    services.skill_delete(skill=skill, by=request.user)
    return Status(204, None)


@router.get("/person-skills", response=list[PersonSkillOut])
@paginate(PageNumberPagination)
def list_person_skills(request: HttpRequest, person_id: int | None = None, skill_id: int | None = None,
                       min_level: int | None = None):
    held = selectors.person_skills_visible_to(request.user)
    if person_id:
        held = held.filter(person_id=person_id)
    if skill_id:
        held = held.filter(skill_id=skill_id)
    if min_level:
        held = held.filter(level__gte=min_level)
    return held.order_by("person_id", "skill__name")


@router.put("/person-skills", response={200: PersonSkillOut, **ERRORS})
def set_person_skill(request: HttpRequest, payload: PersonSkillIn):
    """Set a person's level in a skill (creates or updates)."""
    person = resolve(selectors.people_visible_to(request.user), payload.person_id, field="person_id", label="person")
    skill = resolve(selectors.skills_visible_to(request.user), payload.skill_id, field="skill_id", label="skill")
    return services.person_skill_set(by=request.user, person=person, skill=skill, level=payload.level)


@router.delete("/person-skills/{held_id}", response={204: None, **ERRORS})
def delete_person_skill(request: HttpRequest, held_id: int):
    held = get_object_or_404(selectors.person_skills_visible_to(request.user), pk=held_id)
    services.person_skill_remove(held=held, by=request.user)
    return Status(204, None)


# --- me and my tokens ----------------------------------------------------------------------------------------
class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    expires_at: dt.datetime | None
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class TokenCreated(TokenOut):
    token: str


class TokenIn(Schema):
    name: str
    expires_at: dt.datetime | None = None


@router.get("/me", response={200: PersonOut, **ERRORS})
def me(request: HttpRequest):
    person = Person.objects.filter(user_id=request.user.pk or 0).first()
    if person is None:
        raise ApplicationError("Your account has no person profile.", status=404)
    return selectors.person_get_for_user(user=request.user, person_id=person.pk)


@router.get("/tokens", response=list[TokenOut])
def list_tokens(request: HttpRequest):
    return selectors.tokens_of(request.user)


@router.post("/tokens", response={201: TokenCreated, **ERRORS})
def create_token(request: HttpRequest, payload: TokenIn):
    """Create a personal token. The token value is in this response only: store it now."""
    token, raw = services.api_token_create(user=request.user, name=payload.name, expires_at=payload.expires_at)
    out = TokenOut.from_orm(token).dict() | {"token": raw}
    return Status(201, out)


@router.post("/tokens/{token_id}/revoke", response={200: TokenOut, **ERRORS})
def revoke_token(request: HttpRequest, token_id: int):
    token = get_object_or_404(selectors.tokens_of(request.user), pk=token_id)
    return services.api_token_revoke(token=token, by=request.user)
