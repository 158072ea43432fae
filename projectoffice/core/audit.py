"""Writing the audit trail. Called by services, inside their transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from projectoffice.core.models import AuditRecord


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model,
    data: dict[str, Any] | None = None,
) -> AuditRecord:
    """Record that ``actor`` did ``action`` (``noun.verb``) to ``target``."""
    return AuditRecord.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,  # a User, or the system
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:200],
        data=data or {},
    )
