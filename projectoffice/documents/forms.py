"""Forms of the library pages."""

from __future__ import annotations

from django import forms

from projectoffice.changes.models import ChangeRequest
from projectoffice.documents.models import Review
from projectoffice.projects.models import Phase


class DocumentForm(forms.Form):
    folder = forms.CharField(max_length=120)
    title = forms.CharField(max_length=200)
    configuration_item = forms.BooleanField(required=False)


class UploadForm(forms.Form):
    file = forms.FileField()
    change_request: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=ChangeRequest.objects.none(), required=False, label="Approved change request",
        help_text="Needed when the document is frozen in a configuration baseline.")


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=Review.Decision.choices)
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class BaselineForm(forms.Form):
    name = forms.CharField(max_length=120)
    phase: forms.ModelChoiceField = forms.ModelChoiceField(queryset=Phase.objects.none(), required=False)
