"""Showing a service's ApplicationError on the form fields it names."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

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


def restrict(form: forms.BaseForm, **querysets: Any) -> None:
    """Offer only rows in the user's scope: ``restrict(form, site=sites_visible_to(user))``."""
    for name, queryset in querysets.items():
        cast(forms.ModelChoiceField, form.fields[name]).queryset = queryset


def offer(form: forms.BaseForm, **choices: Iterable[tuple[str, str]]) -> None:
    """Set the choices of plain choice fields (units built from the user's scope)."""
    for name, options in choices.items():
        cast(forms.ChoiceField, form.fields[name]).choices = list(options)
