"""How the access walk (core/tests/test_access.py) exercises the office endpoints: an office is read by whoever
sees it (the organisation's office rows) and its standards written only inside that scope; the figures and the
rules of who may set standards are tested in test_api.py and test_standards.py."""

from projectoffice.core.tests.api_walk import Route, read, write

V = "/api/v1/offices/{office_id}"
ROUTES: dict[tuple[str, str], Route] = {
    ("GET", f"{V}/workspace"): read("offices"),
    ("GET", f"{V}/standards"): read("offices"),
    ("POST", f"{V}/lifecycles"): write("offices", lambda ids: {"name": "Walk", "phases": [{"name": "Only"}]}),
    ("POST", f"{V}/library-templates"): write("offices", lambda ids: {"name": "Walk", "folders": [{"name": "F"}]}),
}
