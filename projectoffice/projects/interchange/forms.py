"""Upload forms of the interchange pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from projectoffice.projects.models import Nature


class ImportIntoForm(forms.Form):
    file = forms.FileField(help_text="MS Project XML (.xml), MS Project file (.mpp) or the Excel WBS layout (.xlsx).")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ImportNewForm(forms.Form):
    file = forms.FileField(help_text="MS Project XML (.xml) or MS Project file (.mpp).")
    code = forms.CharField(max_length=30)
    name = forms.CharField(max_length=200, required=False, help_text="Empty: the file's title.")
    nature = forms.ChoiceField(choices=Nature.choices, initial=Nature.OTHER)
    business_line: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None)  # type: ignore[arg-type]
    lead_site: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None)  # type: ignore[arg-type]

    def __init__(self, *args: Any, lines: QuerySet, sites: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["business_line"].queryset = lines  # type: ignore[attr-defined]
        self.fields["lead_site"].queryset = sites  # type: ignore[attr-defined]
