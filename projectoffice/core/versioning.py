"""Optimistic concurrency: every editable object carries a version; a stale edit is refused, never lost."""

from __future__ import annotations

from django.db import models

from projectoffice.core.errors import ConflictError


class Versioned(models.Model):
    """Abstract base: ``version`` goes up by one on every saved edit."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


def check_version(obj: Versioned, expected: int | None) -> None:
    """Refuse the edit when the caller read an older version (``expected=None`` means: no check asked)."""
    if expected is not None and expected != obj.version:
        raise ConflictError(
            f"{str(obj._meta.verbose_name).capitalize()} “{obj}” was changed by someone else "
            f"(version {obj.version}, you edited version {expected}); reload and try again."
        )


def bump_version(obj: Versioned) -> None:
    """Count one more edit; callers save ``version`` with the fields they changed."""
    obj.version += 1
