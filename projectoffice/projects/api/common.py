"""What every projects endpoint shares: the error responses, the plan pagination, the scoped project."""

from typing import Any

from django.http import HttpRequest
from ninja import Schema
from ninja.pagination import PageNumberPagination

from projectoffice.core.api import ErrorOut
from projectoffice.projects import selectors
from projectoffice.projects.models import Project

ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class TaskPagination(PageNumberPagination):
    class Input(Schema):
        page: int = 1
        page_size: int = 500

    def paginate_queryset(self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any) -> Any:
        size = max(1, min(2000, pagination.page_size))
        offset = (max(1, pagination.page) - 1) * size
        return {"items": queryset[offset: offset + size], "count": self._items_count(queryset)}


def project_for(request: HttpRequest, project_id: int) -> Project:
    """The project in the caller's scope, or 404."""
    return selectors.project_get_for_user(user=request.user, project_id=project_id)
