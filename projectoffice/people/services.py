"""Every change to people, their roles, certifications, skills and API tokens goes through one function here."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from projectoffice.access import Actor, forget_scope, scope_of
from projectoffice.core.audit import audit_record
from projectoffice.core.errors import ApplicationError, PermissionDenied, from_validation_error
from projectoffice.core.validation import apply_changes, validated_save
from projectoffice.core.versioning import bump_version, check_version
from projectoffice.organization.models import Company, Group, OrgUnit, ProjectOffice, Site
from projectoffice.people.models import (
    ApiToken,
    Certification,
    Person,
    PersonSkill,
    RoleAssignment,
    Skill,
)

User = get_user_model()
PERSON_FIELDS = ("home_site", "group", "line_manager", "job_title", "phone")
USER_FIELDS = ("first_name", "last_name", "email")
TOKEN_PREFIX = "po_"


def _refuse_unless(allowed: bool, what: str) -> None:
    if not allowed:
        raise PermissionDenied(f"You may not {what}.")


# --- people -----------------------------------------------------------------------------------------------------
@transaction.atomic
def person_create(*, by: Actor, company: Company, username: str, first_name: str,
                  last_name: str, email: str, home_site: Site, group: Group | None = None,
                  line_manager: Person | None = None, job_title: str = "", phone: str = "",
                  password: str | None = None) -> Person:
    """Create a user and their profile. ``by=None`` is the system (the demo loader, a command)."""
    person = Person(company=company, home_site=home_site, group=group, line_manager=line_manager,
                    job_title=job_title, phone=phone)
    if by is not None:
        _refuse_unless(scope_of(by).may_manage_person(person), "add a person here")
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    _validate_user(user)
    user.save()
    person.user = user
    validated_save(person)
    audit_record(actor=by, action="person.created", target=person)
    return person


def _validate_user(user: Any) -> None:
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        raise from_validation_error(exc) from exc
    if not user.email:
        raise ApplicationError("Give an e-mail address.", field="email")


@transaction.atomic
def person_update(*, person: Person, by: Actor, changes: dict[str, Any],
                  expected_version: int | None = None) -> Person:
    scope = scope_of(by)
    _refuse_unless(scope.may_manage_person(person), f"change {person}")
    check_version(person, expected_version)
    user_changes = {k: v for k, v in changes.items() if k in USER_FIELDS}
    person_changes = {k: v for k, v in changes.items() if k not in USER_FIELDS}
    changed = apply_changes(person, person_changes, allowed=PERSON_FIELDS)
    changed += apply_changes(person.user, user_changes, allowed=USER_FIELDS)
    if "home_site" in changed and not scope.may_manage_person(person):
        raise PermissionDenied("You may not move a person to a site you do not administer.")
    if changed:
        _validate_user(person.user)
        person.user.save()
        bump_version(person)
        validated_save(person)
        audit_record(actor=by, action="person.updated", target=person, data={"fields": changed})
    return person


@transaction.atomic
def person_deactivate(*, person: Person, by: Actor) -> Person:
    """A leaver keeps their history but can no longer log in; their tokens are revoked."""
    _refuse_unless(scope_of(by).may_manage_person(person), f"deactivate {person}")
    person.user.is_active = False
    person.user.save(update_fields=["is_active"])
    ApiToken.objects.filter(user=person.user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    audit_record(actor=by, action="person.deactivated", target=person)
    return person


# --- roles -----------------------------------------------------------------------------------------------------
ScopeUnit = Company | OrgUnit | ProjectOffice | Group


@transaction.atomic
def role_assign(*, by: Actor, person: Person, role: str, unit: ScopeUnit) -> RoleAssignment:
    """Give ``person`` the ``role`` in ``unit``; the role must suit the kind of unit."""
    assignment = RoleAssignment(person=person, role=role, **{_scope_field(unit): unit})
    if by is not None:
        _refuse_unless(_may_staff(by, unit), f"give roles in {unit}")
    existing = RoleAssignment.objects.filter(person=person, role=role, **{_scope_field(unit): unit})
    if existing.exists():
        raise ApplicationError(f"{person} is already {assignment.get_role_display()} of {unit}.", field="role")
    if unit_company_id(unit) != person.company_id:
        raise ApplicationError(f"{unit} belongs to another company than {person}.", field="scope")
    validated_save(assignment)
    audit_record(actor=by, action="role.assigned", target=person, data={"role": role, "scope": str(unit)})
    if by is not None:
        forget_scope(by)
    return assignment


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment, by: Actor) -> None:
    unit = assignment.company or assignment.business_unit or assignment.office or assignment.group
    assert unit is not None
    _refuse_unless(_may_staff(by, unit), f"remove roles in {unit}")
    audit_record(actor=by, action="role.revoked", target=assignment.person,
                 data={"role": assignment.role, "scope": str(unit)})
    assignment.delete()
    forget_scope(by)


def _scope_field(unit: ScopeUnit) -> str:
    if isinstance(unit, Company):
        return "company"
    if isinstance(unit, OrgUnit):
        return "business_unit"
    if isinstance(unit, ProjectOffice):
        return "office"
    return "group"


def unit_company_id(unit: ScopeUnit) -> int:
    if isinstance(unit, Company):
        return unit.pk
    if isinstance(unit, Group):
        return unit.site.company_id
    return unit.company_id


def _may_staff(by: Actor, unit: ScopeUnit) -> bool:
    scope = scope_of(by)
    if isinstance(unit, Company):
        return scope.may_manage_company(unit.pk)
    if isinstance(unit, OrgUnit):
        return scope.may_manage_company(unit.company_id)
    if isinstance(unit, ProjectOffice):
        return scope.may_manage_office(unit)
    return scope.may_manage_group(unit)


# --- certifications and skills ---------------------------------------------------------------------------------
CERTIFICATION_FIELDS = ("kind", "number", "issued_on", "expires_on")


@transaction.atomic
def certification_add(*, by: Actor, person: Person, kind: str, number: str,
                      issued_on: dt.date, expires_on: dt.date | None = None) -> Certification:
    if by is not None:
        _refuse_unless(scope_of(by).may_edit_own_record(person), f"record certifications of {person}")
    certification = Certification(person=person, kind=kind, number=number.strip(), issued_on=issued_on,
                                  expires_on=expires_on)
    validated_save(certification)
    audit_record(actor=by, action="certification.added", target=certification)
    return certification


@transaction.atomic
def certification_update(*, certification: Certification, by: Actor, changes: dict[str, Any],
                         expected_version: int | None = None) -> Certification:
    _refuse_unless(scope_of(by).may_edit_own_record(certification.person), "change this certification")
    check_version(certification, expected_version)
    changed = apply_changes(certification, changes, allowed=CERTIFICATION_FIELDS)
    if changed:
        bump_version(certification)
        validated_save(certification)
        audit_record(actor=by, action="certification.updated", target=certification, data={"fields": changed})
    return certification


@transaction.atomic
def certification_remove(*, certification: Certification, by: Actor) -> None:
    _refuse_unless(scope_of(by).may_edit_own_record(certification.person), "remove this certification")
    audit_record(actor=by, action="certification.removed", target=certification)
    certification.delete()


@transaction.atomic
def skill_create(*, by: Actor, company: Company, code: str, name: str,
                 category: str = "") -> Skill:
    if by is not None:
        _refuse_unless(_may_edit_skill_catalogue(by, company), "change the skills catalogue")
    skill = Skill(company=company, code=code, name=name, category=category)
    validated_save(skill)
    audit_record(actor=by, action="skill.created", target=skill)
    return skill


@transaction.atomic
def skill_update(*, skill: Skill, by: Actor, changes: dict[str, Any]) -> Skill:
    _refuse_unless(_may_edit_skill_catalogue(by, skill.company), "change the skills catalogue")
    changed = apply_changes(skill, changes, allowed=("code", "name", "category"))
    if changed:
        validated_save(skill)
        audit_record(actor=by, action="skill.updated", target=skill, data={"fields": changed})
    return skill


@transaction.atomic
def skill_delete(*, skill: Skill, by: Actor) -> None:
    _refuse_unless(_may_edit_skill_catalogue(by, skill.company), "change the skills catalogue")
    if skill.holders.exists():
        raise ApplicationError(f"{skill} is held by {skill.holders.count()} people; remove it from them first.")
    audit_record(actor=by, action="skill.deleted", target=skill)
    skill.delete()


def _may_edit_skill_catalogue(by: Actor, company: Company) -> bool:
    """The catalogue is the company's: its executives, PMO managers and data managers keep it."""
    scope = scope_of(by)
    return scope.may_manage_company(company.pk) or (
        company.pk in scope.company_ids and bool(scope.managed_unit_ids)
    )


@transaction.atomic
def person_skill_set(*, by: Actor, person: Person, skill: Skill, level: int) -> PersonSkill:
    if by is not None:
        _refuse_unless(scope_of(by).may_edit_own_record(person), f"change the skills of {person}")
    if skill.company_id != person.company_id:
        raise ApplicationError("That skill belongs to another company's catalogue.", field="skill")
    held = PersonSkill.objects.filter(person=person, skill=skill).first() or PersonSkill(person=person, skill=skill)
    held.level = level
    validated_save(held)
    audit_record(actor=by, action="person_skill.set", target=person, data={"skill": skill.code, "level": level})
    return held


@transaction.atomic
def person_skill_remove(*, held: PersonSkill, by: Actor) -> None:
    _refuse_unless(scope_of(by).may_edit_own_record(held.person), f"change the skills of {held.person}")
    audit_record(actor=by, action="person_skill.removed", target=held.person, data={"skill": held.skill.code})
    held.delete()


# --- API tokens ------------------------------------------------------------------------------------------------
def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: Any, name: str, expires_at: dt.datetime | None = None
                     ) -> tuple[ApiToken, str]:
    """A new personal token; the raw value is returned once and never stored."""
    if not name.strip():
        raise ApplicationError("Name the token after the script that will use it.", field="name")
    if expires_at is not None and expires_at <= timezone.now():
        raise ApplicationError("The expiry must be in the future.", field="expires_at")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name.strip(), prefix=raw[:10], key_hash=token_hash(raw),
                                    expires_at=expires_at)
    audit_record(actor=user, action="api_token.created", target=token)
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: Actor) -> ApiToken:
    _refuse_unless(by is not None and (token.user_id == by.pk or getattr(by, "is_superuser", False)),
                   "revoke another person's token")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=by, action="api_token.revoked", target=token)
    return token


def api_token_user(raw: str) -> AbstractBaseUser:
    """The active user a raw token belongs to; ApplicationError(401) naming why otherwise."""
    token = ApiToken.objects.select_related("user").filter(key_hash=token_hash(raw)).first()
    now = timezone.now()
    if token is None:
        raise ApplicationError("Unknown API token.", field="Authorization", status=401)
    if token.revoked_at is not None:
        raise ApplicationError("This API token was revoked.", field="Authorization", status=401)
    if token.expires_at is not None and token.expires_at <= now:
        raise ApplicationError(f"This API token expired on {token.expires_at:%Y-%m-%d %H:%M} UTC.",
                               field="Authorization", status=401)
    if not token.user.is_active:
        raise ApplicationError("The token's owner can no longer log in.", field="Authorization", status=401)
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)  # throttled: not a state change
    return token.user
