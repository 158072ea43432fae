"""Who may change which person (docs/access.md), persona by persona, through the API.

What each persona sees is walked in core/tests/test_access.py; here: in scope, a change is 200 or 403."""

from __future__ import annotations

import json

from conftest import PERSONAS

# the team member of RAN@W: based at Site W (PSO-FR administers it), in a group of RAN (PMO-RAN administers it)
MAY_CHANGE_TEAM_MEMBER = {"executive", "pso-manager", "data-administrator", "pmo-manager", "data-manager"}


def test_each_persona_may_change_exactly_the_people_they_administer(org, client_as):
    person = org.people["team-member"]
    for walker in PERSONAS:
        response = client_as(org.user(walker)).patch(
            f"/api/v1/people/{person.pk}", json.dumps({"job_title": f"set by {walker}"}),
            content_type="application/json")
        expected = 404 if walker == "outsider" else 200 if walker in MAY_CHANGE_TEAM_MEMBER else 403
        assert response.status_code == expected, walker


def test_everyone_records_their_own_skills_but_only_administrators_those_of_others(org, client_as):
    me, skill = org.people["team-member"], org.skills["PY"]
    for walker in PERSONAS:
        body = {"person_id": me.pk, "skill_id": skill.pk, "level": 4}
        response = client_as(org.user(walker)).put("/api/v1/person-skills", json.dumps(body),
                                                   content_type="application/json")
        allowed = walker in MAY_CHANGE_TEAM_MEMBER | {"team-member"}
        expected = 422 if walker == "outsider" else 200 if allowed else 403  # 422: no such person in scope
        assert response.status_code == expected, walker
