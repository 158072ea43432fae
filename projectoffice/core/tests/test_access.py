"""The access walk: every API operation (read from the OpenAPI schema) for every persona, and the main pages.

Each persona must see exactly the rows ``scope_rules.visible_rows`` derives from the rules in
``projectoffice/access.py`` — not one row more — and get 404 for anything else. An operation without a Route
in its app's ``tests/access_routes.py`` fails here.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client

from conftest import PERSONAS, Org, build_org
from projectoffice.core.api import PRODUCT_APPS, api
from projectoffice.core.tests.api_walk import Route
from projectoffice.core.tests.scope_rules import ROW_SETS, all_rows, visible_rows

WALKERS = (*PERSONAS, "superuser", "no-profile", "anonymous")


def operations() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return [(method.upper(), path) for path, ops in schema["paths"].items() for method in ops]


def route_modules() -> list[Any]:
    """Each app's ``tests/access_routes.py`` (apps without endpoints have none)."""
    modules = []
    for app in PRODUCT_APPS:
        try:
            modules.append(importlib.import_module(f"projectoffice.{app}.tests.access_routes"))
        except ModuleNotFoundError as exc:
            if exc.name != f"projectoffice.{app}.tests.access_routes":
                raise
    return modules


MODULES = route_modules()
ROUTES: dict[tuple[str, str], Route] = {key: route for module in MODULES for key, route in module.ROUTES.items()}
SEEN: dict[str, dict[str, set[int]]] = {}  # walker → row set → ids, computed once per world ("*": every row)


def visible_to(user: Any) -> dict[str, set[int]]:
    """The rows ``user`` may see: organisation and people, then what each app's ``visible(user, seen)`` adds."""
    seen = visible_rows(user)
    for module in MODULES:
        if hasattr(module, "visible"):
            seen |= module.visible(user, seen)
    return seen


def every_row_now() -> dict[str, set[int]]:
    rows = all_rows()
    for module in MODULES:
        for name, model in getattr(module, "ROW_SETS", {}).items():
            rows[name] = set(model.objects.values_list("pk", flat=True))
    return rows


def model_of(rows: str) -> Any:
    models = dict(ROW_SETS)
    for module in MODULES:
        models |= getattr(module, "ROW_SETS", {})
    return models[rows]


@pytest.fixture(scope="module")
def walk_org(django_db_setup: None, django_db_blocker: Any) -> Iterator[Org]:
    """One world for the whole walk, rolled back at the end; each walker's requests run in a savepoint."""
    from projectoffice.organization import services as org_services
    from projectoffice.people import services

    with django_db_blocker.unblock(), transaction.atomic():
        org = build_org(members_per_group=1)
        for site in ("W", "Z"):
            org_services.site_exception_set(site=org.sites[site], by=None,
                                             date=dt.date.today() + dt.timedelta(days=30), name="Closure")
        for name in ("executive", "team-member", "outsider"):
            services.api_token_create(user=org.users[name], name=f"{name} script")
        org.users["no-profile"] = get_user_model().objects.create_user("no-profile", "np@example.com", "x")
        for module in MODULES:  # each app adds its rows, in both companies and several scopes
            if hasattr(module, "populate"):
                module.populate(org)
        SEEN.clear()
        SEEN.update({walker: visible_to(org.user(walker)) for walker in WALKERS if walker != "anonymous"})
        SEEN["*"] = every_row_now()
        SESSIONS.clear()
        SESSIONS.update({walker: logged_in(org.user(walker)) for walker in WALKERS if walker != "anonymous"})
        yield org
        transaction.set_rollback(True)


SESSIONS: dict[str, str] = {}


def logged_in(user: Any) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def client_for(org: Org, walker: str) -> tuple[Client, Any]:
    client = Client()
    if walker == "anonymous":
        return client, None
    client.cookies["sessionid"] = SESSIONS[walker]
    user = org.user(walker)
    user.walker = walker
    return client, user


def seen_by(user: Any) -> dict[str, set[int]]:
    return SEEN[user.walker]


def every_row() -> dict[str, set[int]]:
    return SEEN["*"]


def hidden_sample(user: Any, rows: str) -> list[int]:
    """Rows out of scope to try writing to: the lowest and the highest hidden id (one in each company, as the
    world is built company by company). Reads try every row; writes fetch through the same ``*_get_for_user``
    gates, so a sample keeps the walk fast."""
    hidden = sorted(every_row()[rows] - seen_by(user)[rows])
    return sorted({*hidden[:1], *hidden[-1:]})


def send(client: Client, method: str, path: str, body: Any = None, form: bool = False) -> Any:
    if form:  # multipart (file uploads): the test client encodes it for POST only
        assert method == "POST", "a form body is sent with POST"
        return client.post(path, body or {})
    return client.generic(method, path, json.dumps({} if body is None else body), content_type="application/json")


def fill(path: str, *values: Any) -> str:
    """The path with its ids replaced: one value fills every id, several fill them in order."""
    found = iter(values)
    return re.sub(r"\{[^}]+\}", lambda _: str(values[0] if len(values) == 1 else next(found)), path)


def locate(path: str, route: Route, pk: int) -> str:
    """The path of row ``pk``: its ids taken from the row's ``route.ids`` fields."""
    if route.ids == ("pk",):
        return fill(path, pk)
    values = model_of(route.rows).objects.filter(pk=pk).values_list(*route.ids).get()
    return fill(path, *values)


def test_every_api_operation_is_in_the_access_walk() -> None:
    missing = [f"{method} {path}" for method, path in operations() if (method, path) not in ROUTES]
    assert not missing, (
        "Operations not in the access walk (add a Route to the app's tests/access_routes.py):\n  "
        + "\n  ".join(missing)
    )


def test_the_access_walk_has_no_route_for_a_vanished_operation() -> None:
    assert set(ROUTES) <= set(operations())


@pytest.mark.parametrize(("method", "path"), [op for op in operations() if op in ROUTES], ids=lambda v: str(v))
def test_every_walker_sees_exactly_their_scope_through_this_operation(
    walk_org: Org, db: None, method: str, path: str
) -> None:
    route = ROUTES[(method, path)]
    failures = []
    for walker in WALKERS:
        try:
            with transaction.atomic():
                walk(walk_org, walker, method, path, route)
                transaction.set_rollback(True)
        except AssertionError as exc:
            failures.append(f"{walker}: {exc}")
    assert not failures, f"{method} {path}\n" + "\n".join(failures)


def walk(org: Org, walker: str, method: str, path: str, route: Route) -> None:
    client, user = client_for(org, walker)
    if user is None:
        response = send(client, method, fill(path, 1), route.body(dict.fromkeys(every_row(), 1)), route.form)
        assert response.status_code == 401, response.content
        return
    CHECKS[route.kind](client, user, method, path, route)


def check_list(client: Client, user: Any, method: str, path: str, route: Route) -> None:
    if not route.under:
        assert listed(client, path, route) == seen_by(user)[route.rows]
        return
    visible, found = seen_by(user)[route.under], set()
    for parent in every_row()[route.under]:
        if parent in visible:
            found |= listed(client, fill(path, parent), route)
        else:
            assert client.get(fill(path, parent), route.query).status_code == 404, (route.under, parent)
    assert found == seen_by(user)[route.rows]


def listed(client: Client, path: str, route: Route) -> set[int]:
    response = client.get(path, {"page_size": 500, **route.query})
    assert response.status_code == 200, (path, response.content)
    payload = response.json()
    items = payload
    for name in route.items.split(".") if isinstance(payload, dict) else ():  # "tree.children": nested
        items = items[name]
    if isinstance(payload, dict) and route.items == "items":
        assert payload["count"] == len(items)
    keys = {item[route.key] for item in items}
    if route.lookup:  # e.g. projects named by their code in a report
        found = model_of(route.rows).objects.filter(**{f"{route.lookup}__in": keys})
        assert found.count() == len(keys), keys
        return set(found.values_list("pk", flat=True))
    return keys


def check_read(client: Client, user: Any, method: str, path: str, route: Route) -> None:
    visible = seen_by(user)[route.rows]
    statuses = {pk: (client.get(path, {route.param: pk}) if route.param else client.get(locate(path, route, pk)))
                .status_code for pk in every_row()[route.rows]}
    assert {pk for pk, status in statuses.items() if status == 200} == visible
    refused = {404, 422} if route.param else {404}  # an id in the query is refused like one in a payload
    assert {status for pk, status in statuses.items() if pk not in visible} <= refused


def check_write(client: Client, user: Any, method: str, path: str, route: Route) -> None:
    model = model_of(route.rows)
    for pk in hidden_sample(user, route.rows):
        response = send(client, method, locate(path, route, pk), route.body({}), route.form)
        assert response.status_code == 404, (pk, response.content)
        assert model.objects.filter(pk=pk).exists()


def check_create(client: Client, user: Any, method: str, path: str, route: Route) -> None:
    rows, seen = every_row(), seen_by(user)
    for tested, field in route.refs.items():
        hidden = sorted(rows[tested] - seen[tested])
        if not hidden:
            continue  # the walker sees every row of this set: nothing to refuse
        ids = {name: min(seen[name] or rows[name]) for name in route.refs} | {tested: hidden[0]}
        before = model_of(route.rows).objects.count()
        response = send(client, method, path, route.body(ids), route.form)
        assert response.status_code in (403, 404, 422), (tested, response.content)
        others_in_scope = all(seen[name] for name in route.refs if name != tested)
        if response.status_code == 422 and others_in_scope:
            assert named_field(response.json()) == field, response.content
        assert model_of(route.rows).objects.count() == before


def named_field(payload: dict[str, Any]) -> Any:
    """The field an error names: the one error format, or the first row of an import's row-by-row report."""
    return payload["field"] if "field" in payload else payload["errors"][0]["field"]


def check_create_own(client: Client, user: Any, method: str, path: str, route: Route) -> None:
    rows = model_of(route.rows).objects
    before = set(rows.values_list("pk", flat=True))
    response = send(client, method, path, route.body({}), route.form)
    if response.status_code in (200, 201):  # 200: a PUT or an import
        made = set(rows.values_list("pk", flat=True)) - before
        assert made <= visible_to(user)[route.rows]  # recomputed: the new rows included
    else:
        assert response.status_code in (403, 422), response.content
        assert set(rows.values_list("pk", flat=True)) == before


def check_me(client: Client, user: Any, method: str, path: str, route: Route) -> None:
    response = client.get(path)
    person = getattr(user, "person", None) if hasattr(user, "person") else None
    if person is None:
        assert response.status_code == 404
    else:
        assert response.status_code == 200 and response.json()["id"] == person.pk


CHECKS = {"list": check_list, "read": check_read, "write": check_write, "create": check_create,
          "create_own": check_create_own, "me": check_me}


# --- pages -------------------------------------------------------------------------------------------------
def linked_ids(html: str, pattern: str) -> set[int]:
    return {int(pk) for pk in re.findall(pattern, html)}


@pytest.mark.parametrize("walker", (*PERSONAS, "superuser", "no-profile"))
def test_each_walker_sees_exactly_their_scope_in_the_organisation_browser(walk_org: Org, db: None,
                                                                            walker: str) -> None:
    client, user = client_for(walk_org, walker)
    response = client.get("/organisation/")
    seen = seen_by(user)
    assert response.status_code == 200
    html = response.content.decode()
    assert linked_ids(html, r'href="/organisation/sites/(\d+)/"') == seen["sites"]
    assert linked_ids(html, r'href="/people/(\d+)/"') <= seen["people"]
    assert {g.pk for g in response.context["groups"]} == seen["groups"]
    assert {o.pk for o in response.context["offices"]} == seen["offices"]
    assert tree_ids(response.context["tree"]) == seen["units"]


def tree_ids(nodes: list[Any]) -> set[int]:
    return {pk for node in nodes for pk in {node.unit.pk} | tree_ids(node.children)}


@pytest.mark.parametrize("walker", (*PERSONAS, "superuser", "no-profile"))
def test_each_walker_sees_exactly_their_scope_in_the_directory_and_on_pages(walk_org: Org, db: None,
                                                                              walker: str) -> None:
    client, user = client_for(walk_org, walker)
    seen, rows = seen_by(user), every_row()
    directory = client.get("/people/", {"page": 1})
    assert directory.status_code == 200
    assert linked_ids(directory.content.decode(), r'<td><a href="/people/(\d+)/"') == seen["people"]
    people_pages = {pk for pk in rows["people"] if client.get(f"/people/{pk}/").status_code == 200}
    assert people_pages == seen["people"]
    site_pages = {pk: client.get(f"/organisation/sites/{pk}/").status_code for pk in rows["sites"]}
    assert {pk for pk, status in site_pages.items() if status == 200} == seen["sites"]
    assert set(site_pages.values()) <= {200, 404}


def test_pages_send_anonymous_visitors_to_the_login_page(walk_org: Org, db: None) -> None:
    person, site = walk_org.people["team-member"], walk_org.sites["W"]
    for url in ("/", "/organisation/", "/people/", f"/people/{person.pk}/", f"/organisation/sites/{site.pk}/"):
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")
