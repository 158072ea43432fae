"""Saving a row only when every single-row rule holds, with errors that name the field and the reason."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models

from projectoffice.core.errors import ApplicationError, from_validation_error

M = TypeVar("M", bound=models.Model)


def validated_save(obj: M, *, update_fields: Iterable[str] | None = None) -> M:
    """``full_clean`` then save; a broken rule raises ApplicationError naming every field at fault."""
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise from_validation_error(exc) from exc
    obj.save(update_fields=list(update_fields) if update_fields is not None else None)
    return obj


def apply_changes(obj: models.Model, changes: Mapping[str, Any], *, allowed: Iterable[str]) -> list[str]:
    """Set the allowed attributes named in ``changes``; refuse any other field by name. Returns what changed."""
    allowed_set = set(allowed)
    unknown = sorted(set(changes) - allowed_set)
    if unknown:
        raise ApplicationError(f"{unknown[0]}: this field cannot be changed here.", field=unknown[0])
    changed = []
    for name, value in changes.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed


def require_unique_code(obj: models.Model, *, scope: Mapping[str, Any], label: str) -> None:
    """Raise a ValidationError on ``code`` when another row in ``scope`` already uses it."""
    code = getattr(obj, "code", "")
    if not code or any(value is None for value in scope.values()):
        return
    clash = type(obj)._default_manager.filter(code=code, **scope).exclude(pk=obj.pk).exists()
    if clash:
        raise ValidationError({"code": f"Another {label} already uses the code “{code}”."})
