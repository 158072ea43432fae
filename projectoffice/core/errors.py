"""The one error a service raises for a rule a user broke; interfaces turn it into a 4xx or a form message."""

from __future__ import annotations

from collections.abc import Mapping


class ApplicationError(Exception):
    """A business rule refused the request.

    ``field`` names the input at fault (``None`` for the request as a whole); ``errors`` may carry several
    field → message pairs at once, as a form would show them. ``status`` is the HTTP status the API answers.
    """

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        errors: Mapping[str, str] | None = None,
        status: int = 422,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.errors: dict[str, str] = dict(errors or ({field: message} if field else {}))
        self.status = status


class PermissionDenied(ApplicationError):
    """The user is in scope to see the object but may not change it."""

    def __init__(self, message: str = "You may not do this.") -> None:
        super().__init__(message, status=403)


class ConflictError(ApplicationError):
    """The object changed since the user read it (a stale version)."""

    def __init__(self, message: str = "Someone else changed this since you opened it; reload and try again.") -> None:
        super().__init__(message, field="version", status=409)


def from_validation_error(exc: Exception) -> ApplicationError:
    """Turn a Django ``ValidationError`` into an ApplicationError that names every field and reason."""
    message_dict = getattr(exc, "message_dict", None)
    if message_dict:
        errors = {field: " ".join(str(m) for m in messages) for field, messages in message_dict.items()}
        first_field, first_message = next(iter(errors.items()))
        field = None if first_field == "__all__" else first_field
        return ApplicationError(f"{first_field}: {first_message}" if field else first_message, field=field, errors=errors)
    messages = getattr(exc, "messages", [str(exc)])
    return ApplicationError(" ".join(str(m) for m in messages))
