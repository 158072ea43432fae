from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def posted_version(request: HttpRequest) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None


def posted_number(request: HttpRequest, name: str) -> Any:
    """A decimal typed in a table cell, or None when blank; a non-number raises ValueError naming the cell."""
    from decimal import Decimal, InvalidOperation

    raw = request.POST.get(name, "").strip().replace(" ", "").replace(",", "")
    if not raw:
        return None
    try:
        return Decimal(raw)
    except InvalidOperation as exc:
        raise ValueError(f"{name}: “{raw}” is not a number.") from exc
