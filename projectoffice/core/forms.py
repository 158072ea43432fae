"""Showing a service's ApplicationError on the form fields it names."""

from __future__ import annotations

from django import forms

from projectoffice.core.errors import ApplicationError


def show_error_on_form(form: forms.BaseForm, exc: ApplicationError) -> None:
    """Put each field's reason under that field; the rest goes on top of the form."""
    errors = exc.errors or {exc.field or "__all__": exc.message}
    for field, message in errors.items():
        form.add_error(field if field in form.fields else None, message)
