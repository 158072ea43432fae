"""How the access walk (core/tests/test_access.py) exercises the office workspace endpoint: an office is read
by whoever sees it (the organisation's office rows); its figures are tested in test_api.py."""

from projectoffice.core.tests.api_walk import Route, read

ROUTES: dict[tuple[str, str], Route] = {
    ("GET", "/api/v1/offices/{office_id}/workspace"): read("offices"),
}
