"""The access walk's vocabulary: how each API operation is exercised for every persona.

Each app with endpoints declares, in ``projectoffice/<app>/tests/access_routes.py``, a
``ROUTES: dict[tuple[str, str], Route]`` keyed by (method, OpenAPI path), e.g. ``("GET", "/api/v1/sites")``.
``core/tests/test_access.py`` walks every operation of the OpenAPI schema and fails on one without a Route,
so a new endpoint is covered the day it is written. Row sets are named as in ``scope_rules.ROW_SETS``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Body = Callable[[Mapping[str, int]], Any]  # a JSON object, or a list for endpoints that take one

Kind = Literal["list", "read", "write", "create", "create_own", "me"]


@dataclass(frozen=True)
class Route:
    """``kind`` says what the walk checks:

    list        GET: the ids returned (all pages) are exactly the visible rows of ``rows``.
    read        GET /…/{id}: 200 for every visible row of ``rows``, 404 for every other one.
    write       PATCH/POST/DELETE /…/{id} with ``body({})``: 404 for every row of ``rows`` not visible; it survives.
    create      POST/PUT with references: for each row set in ``refs`` (row set → field name), a body pointing at
                a row out of scope is refused with 404 or 422 naming that field, and nothing is created.
    create_own  POST/PUT without references: 200/201 and every new row is visible to its creator, or 403/422
                and nothing created.
    me          GET: the caller's own person (404 without one).

    Paths with ids other than the row's own, and lists that need arguments:

    under   list: the path's id is a row of this set (``/projects/{project_id}/tasks``: "projects"); the walk
            lists under every row of it: 200 under a visible one, 404 under any other; the union of the ids
            returned is exactly the visible rows of ``rows``.
    ids     read/write: the row's fields filling the path's ids in order (``("project_id", "pk")`` for
            ``/projects/{project_id}/tasks/{task_id}``); by default its pk fills every id.
    query   list: fixed query parameters (a filter the endpoint requires).
    key     list: the field of each item naming the row (``"site_id"`` when items carry no ``id``).
    lookup  list: the row's field that ``key`` holds when it is not an id (``"code"``): mapped back to ids.
    items   list: the field of the answer holding the items (``"items"`` when paginated; a report's section;
            dotted for a nested one, ``"tree.children"``).
    param   read: the row's pk goes in this query parameter instead of the path (``/periods?site_id=…``).
    form    send the body as a multipart form (file uploads) instead of JSON.
    """

    kind: Kind
    rows: str
    body: Body = field(default=lambda ids: {})
    refs: Mapping[str, str] = field(default_factory=dict)
    under: str = ""
    ids: tuple[str, ...] = ("pk",)
    query: Mapping[str, Any] = field(default_factory=dict)
    key: str = "id"
    lookup: str = ""
    items: str = "items"
    param: str = ""
    form: bool = False


def list_of(rows: str, **options: Any) -> Route:
    return Route("list", rows, **options)


def read(rows: str, **options: Any) -> Route:
    return Route("read", rows, **options)


def write(rows: str, body: Body | None = None, **options: Any) -> Route:
    return Route("write", rows, body or (lambda ids: {}), **options)


def create(rows: str, body: Body, *, form: bool = False, **refs: str) -> Route:
    return Route("create", rows, body, refs, form=form)


def create_own(rows: str, body: Body, **options: Any) -> Route:
    return Route("create_own", rows, body, **options)
