"""Pages for the lists of weeks and lines: a company holds millions of them, so a list is never refused for
want of a filter, and never counts millions of rows to show one page either.

``GET /timesheets?page=2&page_size=100`` answers ``{"items": [...], "count": 1234, "next_page": 3}``; ``count``
is exact up to ``COUNT_CAP`` rows and null above it (there are more; follow ``next_page``, null on the last
page). Pages hold ``page_size`` items (100 by default, 1,000 at most).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

COUNT_CAP = 10_000


class CappedPagination(PaginationBase):
    class Input(Schema):
        page: int = Field(1, ge=1, description="The page, from 1")
        page_size: int = Field(100, ge=1, le=1000, description="Items per page (at most 1,000)")

    class Output(Schema):
        items: list[Any]
        count: int | None = Field(description=f"The number of items, exact up to {COUNT_CAP:,}; null above")
        next_page: int | None = Field(description="The next page, null on the last one")

    def paginate_queryset(self, queryset: QuerySet[Any], pagination: Any, request: HttpRequest,
                          **params: Any) -> dict[str, Any]:
        size, page = pagination.page_size, pagination.page
        offset = (page - 1) * size
        items = list(queryset[offset:offset + size + 1])  # one more tells whether a next page exists
        more = len(items) > size
        return {"items": items[:size], "count": capped_count(queryset, known=offset + len(items), more=more),
                "next_page": page + 1 if more else None}


def capped_count(queryset: QuerySet[Any], *, known: int, more: bool) -> int | None:
    """The number of rows when at most COUNT_CAP (without counting them when the page already tells)."""
    if not more and known > 0:
        return known
    counted = queryset.order_by()[:COUNT_CAP + 1].count()
    return None if counted > COUNT_CAP else counted
