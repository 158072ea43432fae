"""Who may change what in the organisation (docs/access.md), persona by persona, through the API.

What each persona sees is walked in core/tests/test_access.py; here: in scope, a change is 200 or 403."""

from __future__ import annotations

import json

from conftest import PERSONAS

SITE_W = {"executive", "pso-manager", "data-administrator"}
LINE_RAN = {"executive", "pmo-manager", "data-manager"}


def test_each_persona_may_change_exactly_what_they_administer(org, client_as):
    for walker in PERSONAS:
        client = client_as(org.user(walker))
        expected = {
            f"/api/v1/sites/{org.sites['W'].pk}": 404 if walker == "outsider" else 200 if walker in SITE_W else 403,
            f"/api/v1/org-units/{org.units['RAN'].pk}": 404 if walker == "outsider"
            else 200 if walker in LINE_RAN else 403,
            f"/api/v1/groups/{org.groups['RAN@W'].pk}": 404 if walker == "outsider"
            else 200 if walker in SITE_W | LINE_RAN else 403,
            f"/api/v1/offices/{org.offices['PSO-FR'].pk}": 404 if walker == "outsider"
            else 200 if walker in SITE_W else 403,
        }
        got = {url: client.patch(url, json.dumps({"name": f"renamed by {walker}"}), content_type="application/json")
               .status_code for url in expected}
        assert got == expected, walker
