"""How the access walk (core/tests/test_access.py) exercises the organisation endpoints."""

from projectoffice.core.tests.api_walk import Route, create, create_own, list_of, read, write

V = "/api/v1"
ROUTES: dict[tuple[str, str], Route] = {
    ("GET", f"{V}/org-units"): list_of("units"),
    ("GET", f"{V}/org-units/{{unit_id}}"): read("units"),
    ("POST", f"{V}/org-units"): create(
        "units", lambda ids: {"kind": "bl", "code": "NEWLINE", "name": "New line", "parent_id": ids["units"]},
        units="parent_id",
    ),
    ("PATCH", f"{V}/org-units/{{unit_id}}"): write("units"),
    ("DELETE", f"{V}/org-units/{{unit_id}}"): write("units"),
    ("GET", f"{V}/sites"): list_of("sites"),
    ("GET", f"{V}/sites/{{site_id}}"): read("sites"),
    ("GET", f"{V}/sites/{{site_id}}/calendar"): read("sites"),
    ("POST", f"{V}/sites"): create_own(
        "sites", lambda ids: {"code": "NEWSITE", "name": "New site", "country": "FR", "time_zone": "Europe/Paris",
                              "currency": "EUR"},
    ),
    ("PATCH", f"{V}/sites/{{site_id}}"): write("sites"),
    ("DELETE", f"{V}/sites/{{site_id}}"): write("sites"),
    ("POST", f"{V}/sites/{{site_id}}/exceptions"): write("sites", lambda ids: {"date": "2031-05-02", "name": "Off"}),
    ("DELETE", f"{V}/site-exceptions/{{exception_id}}"): write("site_exceptions"),
    ("GET", f"{V}/groups"): list_of("groups"),
    ("GET", f"{V}/groups/{{group_id}}"): read("groups"),
    ("POST", f"{V}/groups"): create(
        "groups", lambda ids: {"business_line_id": ids["units"], "site_id": ids["sites"]},
        units="business_line_id", sites="site_id",
    ),
    ("PATCH", f"{V}/groups/{{group_id}}"): write("groups"),
    ("DELETE", f"{V}/groups/{{group_id}}"): write("groups"),
    ("GET", f"{V}/offices"): list_of("offices"),
    ("GET", f"{V}/offices/{{office_id}}"): read("offices"),
    ("POST", f"{V}/offices"): create(
        "offices", lambda ids: {"kind": "pso", "code": "PSO-NEW", "name": "New PSO", "site_ids": [ids["sites"]]},
        sites="site_ids",
    ),
    ("PATCH", f"{V}/offices/{{office_id}}"): write("offices"),
    ("DELETE", f"{V}/offices/{{office_id}}"): write("offices"),
}
