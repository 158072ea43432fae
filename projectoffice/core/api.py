"""The REST API root (/api/v1/): authentication, the one error format, and the routers of every app.

Errors always look like ``{"detail": "...", "field": "name" | null, "errors": {"name": "reason", ...}}``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, django_auth

from projectoffice.core.errors import ApplicationError


class TokenAuth(HttpBearer):
    """``Authorization: Bearer po_…`` — a personal API token."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from projectoffice.people.services import api_token_user

        user: Any = api_token_user(token)
        request.user = user
        return user


class ErrorOut(Schema):
    detail: str
    field: str | None = None
    errors: dict[str, str] = {}


api = NinjaAPI(
    title="Project Office API",
    version="1",
    urls_namespace="api",
    auth=[TokenAuth(), django_auth],
    docs_url="/docs",
    description="Organisation, people, projects and the project offices' data. Authenticate with a browser "
    "session or a personal API token (`Authorization: Bearer po_…`, created on your profile page).",
)


def error_response(request: HttpRequest, status: int, detail: str, field: str | None = None,
                   errors: dict[str, str] | None = None) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "field": field, "errors": errors or {}}, status=status)


@api.exception_handler(ApplicationError)
def on_application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    return error_response(request, exc.status, exc.message, exc.field, exc.errors)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, 404, "Not found (or not in your scope).")


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(request, 401, "Log in, or send a personal API token (Authorization: Bearer …).")


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """Ninja's own refusals (an unparsable body, a throttle) in the one format."""
    return error_response(request, exc.status_code, str(exc))


@api.exception_handler(ValidationError)
def on_invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors: dict[str, str] = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", []) if part not in ("body", "query", "path", "payload")]
        errors[".".join(location) or "request"] = str(error.get("msg", "invalid"))
    field, message = next(iter(errors.items())) if errors else ("request", "invalid input")
    return error_response(request, 422, f"{field}: {message}", field, errors)


def resolve(queryset: QuerySet[Any], pk: int | None, *, field: str, label: str) -> Any:
    """The object with ``pk`` in ``queryset`` (the caller's scope), or a 422 naming the field."""
    if pk is None:
        return None
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise ApplicationError(f"No {label} with id {pk} in your scope.", field=field)
    return obj


PRODUCT_APPS = ("organization", "people", "projects", "timesheets", "finance", "portfolio", "cockpit", "changes",
                "documents", "workspaces")


def register_routers() -> None:
    """Each app's ``api.router`` is mounted at /api/v1/; its paths name their own nouns."""
    import importlib

    for app in PRODUCT_APPS:
        api.add_router("/", importlib.import_module(f"projectoffice.{app}.api").router)


register_routers()
