"""Showing a service's ApplicationError on the form fields it names."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms

from projectoffice.core.errors import ApplicationError


def show_error_on_form(form: forms.BaseForm, exc: ApplicationError, *,
                       aliases: Mapping[str, str] | None = None) -> None:
    """Put each field's reason under that field; the rest goes on top of the form.

    ``aliases`` maps a service's field name to the form field that carries it (e.g. ``scope`` → ``unit``).
    """
    errors = exc.errors or {exc.field or "__all__": exc.message}
    for name, message in errors.items():
        field = (aliases or {}).get(name, name)
        form.add_error(field if field in form.fields else None, message)
