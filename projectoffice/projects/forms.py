"""Forms of the project pages; they parse input only — every rule lives in the services."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from projectoffice.projects.models import Nature, Phase, Project, ProjectRole, Task, TaskLink


class ProjectForm(forms.Form):
    code = forms.CharField(max_length=30)
    name = forms.CharField(max_length=200)
    nature = forms.ChoiceField(choices=Nature.choices)
    business_unit: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None)  # type: ignore[arg-type]
    business_line: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None)  # type: ignore[arg-type]
    lead_site: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None)  # type: ignore[arg-type]
    project_manager: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None, required=False)  # type: ignore[arg-type]
    customer = forms.CharField(max_length=200, required=False)
    currency = forms.CharField(max_length=3, required=False, help_text="Default: the lead site's")
    budget_at_completion = forms.DecimalField(min_value=Decimal(0), decimal_places=2, initial=0)
    planned_start = forms.DateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class HealthForm(forms.Form):
    health = forms.ChoiceField(choices=Project.Health.choices)
    health_reason = forms.CharField(max_length=300, required=False, label="Reason")
    version = forms.IntegerField(widget=forms.HiddenInput)


class MemberForm(forms.Form):
    person: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None)  # type: ignore[arg-type]
    role = forms.ChoiceField(choices=ProjectRole.choices)


class GateForm(forms.Form):
    gate_status = forms.ChoiceField(choices=[c for c in Phase.GateStatus.choices if c[0] != "pending"])
    decided_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(required=False)


class TaskForm(forms.Form):
    """One WBS row edited inline; the duration is in working days of the lead site."""

    name = forms.CharField(max_length=300)
    duration_days = forms.DecimalField(min_value=Decimal(0), max_digits=8, decimal_places=2, label="Duration (d)")
    percent_complete = forms.DecimalField(min_value=Decimal(0), max_value=Decimal(100), decimal_places=2,
                                          label="% complete")
    constraint = forms.ChoiceField(choices=Task.Constraint.choices)
    constraint_date = forms.DateTimeField(required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    deadline = forms.DateTimeField(required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    actual_start = forms.DateTimeField(required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    actual_finish = forms.DateTimeField(required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class NewTaskForm(forms.Form):
    name = forms.CharField(max_length=300)
    duration_days = forms.DecimalField(min_value=Decimal(0), max_digits=8, decimal_places=2, initial=1)
    after = forms.IntegerField(required=False, widget=forms.HiddenInput)


class LinkForm(forms.Form):
    predecessor_row = forms.IntegerField(min_value=1, label="Predecessor (row)")
    successor_row = forms.IntegerField(min_value=1, label="Successor (row)")
    type = forms.ChoiceField(choices=TaskLink.Type.choices)
    lag_days = forms.DecimalField(max_digits=8, decimal_places=2, initial=0, label="Lag (d)")


class BaselineForm(forms.Form):
    number = forms.TypedChoiceField(coerce=int, choices=[(n, "Baseline" if n == 0 else f"Baseline {n}")
                                                         for n in range(11)])
    name = forms.CharField(max_length=120, required=False)
    overwrite = forms.BooleanField(required=False, label="Overwrite if it exists")
