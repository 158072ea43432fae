"""Forms of the change pages: raise a request (edits as JSON, checked by the service), decide one."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from projectoffice.changes.models import Category, Vote
from projectoffice.people.models import Person


class ChangeRequestForm(forms.Form):
    title = forms.CharField(max_length=200)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))
    category = forms.ChoiceField(choices=Category.choices)
    edits = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text=_(
        'Plan edits as JSON, e.g. [{"op": "set_duration", "uid": 3, "duration_minutes": 2400}] — ops: add_task, '
        "remove_task, set_duration, add_link, remove_link, set_budget (see docs/change-and-documents.md)."))
    customer_contract_affected = forms.BooleanField(required=False)
    supplier_contract_affected = forms.BooleanField(required=False)

    def clean_edits(self) -> Any:
        raw = self.cleaned_data["edits"].strip()
        try:
            return json.loads(raw) if raw else []
        except ValueError as exc:
            raise forms.ValidationError(_("Not valid JSON: %(error)s") % {"error": exc}) from exc


class BoardForm(forms.Form):
    approvers = forms.ModelMultipleChoiceField(queryset=Person.objects.none())
    quorum = forms.IntegerField(min_value=1, initial=1)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=Vote.Decision.choices)
    rationale = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))
    baseline_number = forms.IntegerField(required=False, min_value=0, max_value=10,
                                         help_text=_("Save the plan as this baseline on approval (optional)."))
