"""How the access walk (core/tests/test_access.py) exercises the people endpoints."""

from projectoffice.core.tests.api_walk import Route, create, create_own, list_of, read, write

V = "/api/v1"


def _person(ids):
    return {"username": "newcomer", "first_name": "New", "last_name": "Comer", "email": "new@example.com",
            "home_site_id": ids["sites"], "group_id": ids["groups"], "line_manager_id": ids["people"]}


ROUTES: dict[tuple[str, str], Route] = {
    ("GET", f"{V}/people"): list_of("people"),
    ("GET", f"{V}/people/{{person_id}}"): read("people"),
    ("POST", f"{V}/people"): create("people", _person, sites="home_site_id", groups="group_id",
                                    people="line_manager_id"),
    ("PATCH", f"{V}/people/{{person_id}}"): write("people"),
    ("POST", f"{V}/people/{{person_id}}/deactivate"): write("people"),
    ("GET", f"{V}/role-assignments"): list_of("role_assignments"),
    ("POST", f"{V}/role-assignments"): create(
        "role_assignments",
        lambda ids: {"person_id": ids["people"], "role": "team-member", "scope_kind": "group",
                     "scope_id": ids["groups"]},
        people="person_id", groups="scope_id",
    ),
    ("DELETE", f"{V}/role-assignments/{{assignment_id}}"): write("role_assignments"),
    ("GET", f"{V}/certifications"): list_of("certifications"),
    ("GET", f"{V}/certifications/{{certification_id}}"): read("certifications"),
    ("POST", f"{V}/certifications"): create(
        "certifications",
        lambda ids: {"person_id": ids["people"], "kind": "PMP", "number": "NEW-1", "issued_on": "2024-01-01"},
        people="person_id",
    ),
    ("PATCH", f"{V}/certifications/{{certification_id}}"): write("certifications"),
    ("DELETE", f"{V}/certifications/{{certification_id}}"): write("certifications"),
    ("GET", f"{V}/skills"): list_of("skills"),
    ("POST", f"{V}/skills"): create_own("skills", lambda ids: {"code": "NEWSKILL", "name": "New skill"}),
    ("PATCH", f"{V}/skills/{{skill_id}}"): write("skills"),
    ("DELETE", f"{V}/skills/{{skill_id}}"): write("skills"),
    ("GET", f"{V}/person-skills"): list_of("person_skills"),
    ("PUT", f"{V}/person-skills"): create(
        "person_skills", lambda ids: {"person_id": ids["people"], "skill_id": ids["skills"], "level": 2},
        people="person_id", skills="skill_id",
    ),
    ("DELETE", f"{V}/person-skills/{{held_id}}"): write("person_skills"),
    ("GET", f"{V}/me"): Route("me", "people"),
    ("GET", f"{V}/tokens"): list_of("tokens"),
    ("POST", f"{V}/tokens"): create_own("tokens", lambda ids: {"name": "nightly export"}),
    ("POST", f"{V}/tokens/{{token_id}}/revoke"): write("tokens"),
}
