from __future__ import annotations

import json
from typing import Any

from django import forms

from projectoffice.organization.models import OrgUnit, ProjectOffice, Site


class JSONListField(forms.CharField):
    """A small JSON list typed in a text box (working days, working hours)."""

    def prepare_value(self, value: Any) -> Any:
        return json.dumps(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> Any:
        text = super().to_python(value)
        if text in self.empty_values:
            return []  # "This field is required." then, rather than a JSON parser's complaint
        try:
            parsed = json.loads(str(text))
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(f"Not valid JSON: {exc.msg}.") from exc
        if not isinstance(parsed, list):
            raise forms.ValidationError("Give a list, e.g. [1, 2, 3, 4, 5].")
        return parsed


class OrgUnitForm(forms.ModelForm):
    class Meta:
        model = OrgUnit
        fields = ["kind", "code", "name", "parent", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class SiteForm(forms.ModelForm):
    working_days = JSONListField(help_text="ISO weekdays, 1 = Monday … 7 = Sunday, e.g. [1, 2, 3, 4, 5]")
    working_hours = JSONListField(help_text='e.g. [["09:00", "12:30"], ["13:30", "17:30"]]')

    class Meta:
        model = Site
        fields = [
            "code", "name", "city", "country", "subdivision", "time_zone", "currency", "language",
            "working_days", "working_hours", "max_hours_per_day", "max_hours_per_week", "min_rest_hours",
            "archive_location",
        ]


class SiteExceptionForm(forms.Form):
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    name = forms.CharField(max_length=120)
    is_working = forms.BooleanField(required=False, label="Worked (a holiday the site works)")


class GroupForm(forms.Form):
    business_line = forms.ModelChoiceField(queryset=OrgUnit.objects.none())
    site = forms.ModelChoiceField(queryset=Site.objects.none())
    name = forms.CharField(max_length=120, required=False, help_text="Default: “<line> at <site>”")


class OfficeForm(forms.ModelForm):
    sites = forms.ModelMultipleChoiceField(queryset=Site.objects.none(), required=False,
                                           help_text="PSO only: the sites it supports")

    class Meta:
        model = ProjectOffice
        fields = ["kind", "code", "name", "business_line"]
