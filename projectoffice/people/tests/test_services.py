"""People services: staffing offices, moving people, the skills catalogue, leavers."""

from __future__ import annotations

import pytest

from projectoffice.core.errors import ApplicationError, PermissionDenied
from projectoffice.people import services
from projectoffice.people.models import ApiToken, RoleAssignment


def test_a_pso_manager_staffs_their_pso_but_not_another(org):
    pso_manager = org.user("pso-manager")
    person = org.people["team-member"]
    services.role_assign(by=pso_manager, person=person, role="tool-expert", unit=org.offices["PSO-FR"])
    with pytest.raises(PermissionDenied):
        services.role_assign(by=pso_manager, person=person, role="tool-expert", unit=org.offices["PSO-DE"])


def test_the_same_role_twice_in_one_unit_is_refused(org, executive):
    person = org.people["team-member"]
    with pytest.raises(ApplicationError) as error:
        services.role_assign(by=executive, person=person, role="team-member", unit=org.groups["RAN@W"])
    assert error.value.field == "role"


def test_a_role_in_another_companys_unit_is_refused(org):
    with pytest.raises(ApplicationError) as error:
        services.role_assign(by=None, person=org.people["team-member"], role="team-member", unit=org.groups["XL@Z"])
    assert error.value.field == "scope"
    assert not RoleAssignment.objects.filter(person=org.people["team-member"], group=org.groups["XL@Z"]).exists()


def test_a_role_assignment_takes_effect_in_the_same_request(org, executive):
    services.role_assign(by=executive, person=org.people["executive"], role="pso-manager",
                         unit=org.offices["PSO-DE"])
    from projectoffice.access import scope_of

    assert org.offices["PSO-DE"].pk in scope_of(executive).managed_office_ids


def test_the_pso_data_administrator_may_not_move_a_person_to_munich(org, pso_data_administrator):
    person = org.people["team-member"]
    with pytest.raises(PermissionDenied):
        services.person_update(person=person, by=pso_data_administrator,
                               changes={"home_site": org.sites["MUC"], "group": org.groups["RAN@MUC"]})
    person.refresh_from_db()
    assert person.home_site == org.sites["W"]


def test_the_skills_catalogue_is_kept_by_executives_and_pmo_managers(org, executive, pmo_manager, team_member):
    services.skill_create(by=executive, company=org.company, code="RUST", name="Rust")
    services.skill_create(by=pmo_manager, company=org.company, code="GO", name="Go")
    with pytest.raises(PermissionDenied):
        services.skill_create(by=team_member, company=org.company, code="ZIG", name="Zig")


def test_a_skill_held_by_someone_cannot_be_deleted(org, executive):
    with pytest.raises(ApplicationError, match="held by 1"):
        services.skill_delete(skill=org.skills["PY"], by=executive)


def test_a_leaver_keeps_history_and_loses_tokens(org, executive):
    person = org.people["team-member"]
    token, _ = services.api_token_create(user=person.user, name="script")
    services.person_deactivate(person=person, by=executive)
    token.refresh_from_db()
    person.user.refresh_from_db()
    assert not person.user.is_active and token.revoked_at is not None
    assert ApiToken.objects.filter(user=person.user).count() == 1


def test_a_person_needs_an_e_mail_and_a_unique_username(org, executive):
    with pytest.raises(ApplicationError) as error:
        services.person_create(by=executive, company=org.company, username="team-member", first_name="a",
                               last_name="b", email="x@example.com", home_site=org.sites["W"])
    assert error.value.field == "username"
    with pytest.raises(ApplicationError) as error:
        services.person_create(by=executive, company=org.company, username="new", first_name="a",
                               last_name="b", email="", home_site=org.sites["W"])
    assert error.value.field == "email"
